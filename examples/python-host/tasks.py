"""The generation tasks of the Python host: a schema from schemas/, a prompt that asks for
the record, and a JSON-shaped regular expression for builds without the schema compiler.

Each regex accepts only documents that are valid for the schema (compact JSON, properties
in definition order, unbounded strings bounded), so it is a sound stand-in: the outputs are
still checked against the schema itself.
"""

# One JSON string character (decoded length 1): any code point except '"', '\' and
# controls, or an escape.
_CHAR = r'([^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})'

_ITEM = (
    r'\{"sku":"[A-Z]{3}-[0-9]{3}","quantity":([1-9]|[1-9][0-9])'
    r'(,"tags":\[("' + _CHAR + r'{0,12}"(,"' + _CHAR + r'{0,12}"){0,2})?\])?\}'
)

TASKS = {
    "ticket-classification": {
        "prompt": (
            "Classify each support ticket as JSON.\n\n"
            "Ticket: The app crashes every time I open the settings page.\n"
            'JSON: {"label":"bug","priority":"high","confidence":0.9,"needs_human":false}\n\n'
            "Ticket: I was charged twice for my subscription this month, please refund one payment.\n"
            "JSON: "
        ),
        "regex": (
            r'\{"label":"(billing|bug|feature_request|account|other)",'
            r'"priority":"(low|medium|high|urgent)",'
            r'"confidence":(0(\.[0-9]{1,4})?|1(\.0{1,4})?)'
            r'(,"needs_human":(true|false))?\}'
        ),
    },
    "contact-extraction": {
        "prompt": (
            "Extract the contact from the email signature as JSON.\n\n"
            "Signature: Best regards, Maria Lopez, Sales Manager, Acme Corp. "
            "maria.lopez@acme.com, +1 415 555 0134\n"
            'JSON: {"name":"Maria Lopez","email":"maria.lopez@acme.com","phone":"+1 415 555 0134",'
            '"company":"Acme Corp"}\n\n'
            "Signature: Thanks, John Smith | Globex Inc. | john.smith@globex.io | (212) 555-0199\n"
            "JSON: "
        ),
        "regex": (
            r'\{"name":"' + _CHAR + r'{1,60}",'
            r'"email":"[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9-]{1,40}(\.[A-Za-z0-9-]{1,40}){0,3}\.[A-Za-z]{2,8}"'
            r'(,"phone":"\+?[0-9 ()-]{7,20}")?'
            r'(,"age":(0|[1-9][0-9]?|1[0-2][0-9]|130))?'
            r'(,"company":(null|"' + _CHAR + r'{0,80}"))?\}'
        ),
    },
    "order-nested-arrays": {
        "prompt": (
            "Convert the purchase order to JSON.\n\n"
            "Order: order ORD-104233, 2 x ABC-123 tagged gift, 1 x XYZ-900, total 45.50 USD\n"
            'JSON: {"order_id":"ORD-104233","items":[{"sku":"ABC-123","quantity":2,"tags":["gift"]},'
            '{"sku":"XYZ-900","quantity":1}],"total_cents":4550}\n\n'
            "Order: order ORD-550017, 3 x QRS-321, 5 x LMN-654 tagged fragile and express, "
            "total 120.00 USD\n"
            "JSON: "
        ),
        "regex": (
            r'\{"order_id":"ORD-[0-9]{6}","items":\[' + _ITEM + r'(,' + _ITEM + r'){0,4}\]'
            r'(,"total_cents":([05]|[1-9][0-9]{0,8}[05]))?\}'
        ),
    },
}

# Chat-tuned models get the prompt inside their template.
CHAT_TEMPLATES = {
    "smollm2": (
        "<|im_start|>system\nYou answer with one JSON object and nothing else.<|im_end|>\n"
        "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"
    ),
}
