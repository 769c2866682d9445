"""The generation tasks of the Python host: a schema from schemas/, a prompt that asks for
the record, and a JSON-shaped regular expression for builds without the schema compiler.

Each regex (examples/c-host/grammars/NAME.regex) accepts only documents that are valid for
the schema (compact JSON, properties in definition order, unbounded strings bounded), so it
is a sound stand-in: the outputs are still checked against the schema itself.
"""

from pathlib import Path

# The regexes live beside the C host, which uses them too (one file per schema).
_GRAMMARS = Path(__file__).resolve().parent.parent / "c-host" / "grammars"


def _regex(name: str) -> str:
    return (_GRAMMARS / f"{name}.regex").read_text().strip()


TASKS = {
    "ticket-classification": {
        "prompt": (
            "Classify each support ticket as JSON.\n\n"
            "Ticket: The app crashes every time I open the settings page.\n"
            'JSON: {"label":"bug","priority":"high","confidence":0.9,"needs_human":false}\n\n'
            "Ticket: I was charged twice for my subscription this month, please refund one payment.\n"
            "JSON: "
        ),
        "regex": _regex("ticket-classification"),
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
        "regex": _regex("contact-extraction"),
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
        "regex": _regex("order-nested-arrays"),
    },
}

# Chat-tuned models get the prompt inside their template.
CHAT_TEMPLATES = {
    "smollm2": (
        "<|im_start|>system\nYou answer with one JSON object and nothing else.<|im_end|>\n"
        "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"
    ),
}
