#!/usr/bin/env python3
"""Writes Strait's small self-made tokenizer fixtures into fixtures/tokenizers/.

Needs only the Python standard library; the output is deterministic, so running it again
must leave `git status` clean.

Fixtures (each in its own folder, with side files where the format uses them):
  byte-level-bpe/      tokenizer.json (GPT-2 style ByteLevel BPE) + tokenizer_config.json + config.json
  sentencepiece-bpe/   tokenizer.json (Llama-2/Phi-3 style: ▁, <0xNN> byte fallback, Strip decoder)
                       + tokenizer_config.json
  unigram/             tokenizer.json (Unigram, Metaspace decoder)
  tiktoken/            tiny.tiktoken (base64 token + rank) + tokenizer_config.json (added_tokens_decoder)
  gguf/                tiny-llama-v3.gguf (GGUF v3, tokenizer.ggml.model "llama", token types, ids)
                       tiny-gpt2-v2.gguf  (GGUF v2, tokenizer.ggml.model "gpt2", merges)

Expected bytes: the tokenizer.json fixtures are checked against Hugging Face `tokenizers` by
scripts/tokenizer-reference.py, which writes fixtures/tokenizers/reference/fixture-*.ref. For
the tiktoken and GGUF fixtures no reference library is used: this script writes their
reference files itself, from the bytes it encoded (the construction is the reference).

Usage: python3 scripts/make-tokenizer-fixtures.py
"""
import base64
import json
import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "tokenizers")


def byte_level_alphabet():
    """GPT-2's bytes_to_unicode: byte -> printable character."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


B2U = byte_level_alphabet()


def bl(data: bytes) -> str:
    return "".join(B2U[b] for b in data)


def write(path, data, binary=False):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb" if binary else "w", encoding=None if binary else "utf-8", newline=None if binary else "\n") as f:
        f.write(data)


def write_json(path, value):
    write(path, json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def write_reference(name, source, tokens, special, generator, convention):
    """tokens: list of bytes (or None) indexed by id. Same format as tokenizer-reference.py."""
    lines = [
        "# strait-tokenizer-reference 1",
        f"# source: {source}",
        f"# generator: {generator}",
        f"# count: {len(tokens)}",
        "# special: " + ",".join(str(i) for i in sorted(special)),
        f"# convention: {convention}",
    ]
    for t in tokens:
        lines.append("-" if t is None else t.hex())
    write(os.path.join("reference", name + ".ref"), "\n".join(lines) + "\n")


def bpe_closure(words, vocab, merges, split):
    """Adds every word and its prefixes (by the unit list split(word)) with merges."""
    for w in words:
        units = split(w)
        for u in units:
            if u not in vocab:
                vocab[u] = len(vocab)
        cur = units[0]
        for u in units[1:]:
            nxt = cur + u
            if nxt not in vocab:
                vocab[nxt] = len(vocab)
                merges.append([cur, u])
            cur = nxt


# ---------------------------------------------------------------- byte-level BPE

def make_byte_level_bpe():
    vocab = {}
    for b in range(256):  # every byte, in byte order
        vocab[B2U[b]] = len(vocab)
    merges = []
    words = [
        b" the", b" {", b'":', b'": "', b"\n", b"\n\n", b"  ", b"    ", b"true", b"false", b"null",
        b'\\"', b"\\\\", b"\\u00", b" caf\xc3\xa9", b"\xe4\xb8\xad\xe6\x96\x87", b"\xf0\x9f\x98\x80",
        b"\xe2\x80", b"\x00\x01", b"\x7f", b"\xc2\xa0", b" \t", b'{"', b"},", b"],",
    ]
    bpe_closure([bl(w) for w in words], vocab, merges, lambda s: list(s))
    # A token whose text is not byte-level text (a character outside the alphabet): the
    # ByteLevel decoder keeps its UTF-8 as is.
    vocab["中"] = len(vocab)
    added = [
        {"id": len(vocab), "content": "<|endoftext|>", "special": True},
        {"id": len(vocab) + 1, "content": "<|im_start|>", "special": True},
        {"id": len(vocab) + 2, "content": "<|im_end|>", "special": True},
        {"id": len(vocab) + 3, "content": "<tool_call>", "special": False},
        {"id": len(vocab) + 4, "content": " spaced added", "special": False},
    ]
    tok = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [dict(a, single_word=False, lstrip=False, rstrip=False, normalized=False) for a in added],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
            "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
            "vocab": vocab, "merges": merges,
        },
    }
    write_json("byte-level-bpe/tokenizer.json", tok)
    write_json("byte-level-bpe/tokenizer_config.json", {
        "bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>", "unk_token": None,
        "model_max_length": 1024, "tokenizer_class": "PreTrainedTokenizerFast",
    })
    # The model's logits are wider than the vocabulary (padding rows).
    write_json("byte-level-bpe/config.json", {"vocab_size": 320, "eos_token_id": [len(vocab)]})


# ---------------------------------------------------------------- SentencePiece-style BPE

def make_sentencepiece_bpe():
    vocab = {"<unk>": 0, "<s>": 1, "</s>": 2}
    for b in range(256):
        vocab["<0x%02X>" % b] = len(vocab)
    merges = []
    chars = ["▁", "t", "h", "e", "{", "}", '"', ":", "a", "b", "c", "é", "中", "文", "1", "0", "x", "<", ">", "\\"]
    for c in chars:
        vocab[c] = len(vocab)
    words = ["▁the", "▁{", '":', '▁"', "▁▁", "▁▁▁▁", "abc", "▁café", "中文", "10", "<0x", "\\x", "▁\t"]
    bpe_closure(words, vocab, merges, lambda s: list(s))
    # Pieces that look like byte tokens but are not exactly <0xNN>.
    bpe_closure(["<0x4>", "<0x41>x"], vocab, merges, lambda s: list(s))
    n = len(vocab)
    added = [
        {"id": 0, "content": "<unk>", "special": True},
        {"id": 1, "content": "<s>", "special": True},
        {"id": 2, "content": "</s>", "special": False},  # as in Phi-3's file
        {"id": n, "content": "<|endoftext|>", "special": True},
        {"id": n + 1, "content": "<|end|>", "special": True},
        {"id": n + 2, "content": "<|placeholder|>", "special": False},
    ]
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [dict(a, single_word=False, lstrip=False, rstrip=False, normalized=False) for a in added],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Prepend", "prepend": "▁"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
        "pre_tokenizer": None,
        "post_processor": None,
        "decoder": {"type": "Sequence", "decoders": [
            {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
            {"type": "ByteFallback"}, {"type": "Fuse"},
            {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
        "model": {
            "type": "BPE", "dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
            "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True,
            "vocab": vocab, "merges": [" ".join(m) for m in merges],  # the older "a b" merge form
        },
    }
    write_json("sentencepiece-bpe/tokenizer.json", tok)
    write_json("sentencepiece-bpe/tokenizer_config.json", {
        "bos_token": "<s>", "eos_token": "<|endoftext|>", "unk_token": "<unk>", "pad_token": "<|endoftext|>",
        "add_bos_token": False, "legacy": False, "tokenizer_class": "LlamaTokenizer",
    })


# ---------------------------------------------------------------- Unigram

def make_unigram():
    pieces = [["<unk>", 0.0], ["<pad>", 0.0], ["</s>", 0.0], ["▁", -2.0], ["▁the", -3.0], ["▁{", -3.5],
              ['"', -4.0], [":", -4.0], ["a", -5.0], ["b", -5.0], ["é", -6.0], ["▁▁", -6.5], ["t", -5.5],
              ["h", -5.5], ["e", -5.5], ["▁a▁b", -9.0], ["}", -4.5], ["中", -7.0]]
    tok = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [
            {"id": 0, "content": "<unk>", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 1, "content": "<pad>", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
            {"id": 2, "content": "</s>", "single_word": False, "lstrip": False, "rstrip": False, "normalized": False, "special": True},
        ],
        "normalizer": None,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": 0, "vocab": pieces, "byte_fallback": False},
    }
    write_json("unigram/tokenizer.json", tok)


# ---------------------------------------------------------------- tiktoken

def make_tiktoken():
    tokens = [bytes([b]) for b in range(256)]
    extra = [b" the", b"\n\n", b'":', b" {", b"\xe4\xb8", b"\xe4\xb8\xad", b"\xff\xfe", b"", b"==", b"\x00"]
    # b"" and the second b"\x00" are not allowed: skip an empty token and duplicates.
    for t in extra:
        if t and t not in tokens:
            tokens.append(t)
    # Rank order differs from line order for the last two lines (ranks are ids).
    lines = [base64.b64encode(t).decode() + " " + str(i) for i, t in enumerate(tokens)]
    lines[-1], lines[-2] = lines[-2], lines[-1]
    write("tiktoken/tiny.tiktoken", "\n".join(lines) + "\n")
    n = len(tokens)
    specials = {n: ("<|begin_of_text|>", True), n + 1: ("<|end_of_text|>", True), n + 2: ("<|eot_id|>", True),
                n + 4: ("<|reserved_special_token_0|>", True)}  # n + 3 left out: a hole
    write_json("tiktoken/tokenizer_config.json", {
        "added_tokens_decoder": {str(i): {"content": c, "lstrip": False, "normalized": False, "rstrip": False,
                                          "single_word": False, "special": s} for i, (c, s) in specials.items()},
        "bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>",
    })
    ref = tokens + [None] * 5
    for i, (c, _) in specials.items():
        ref[i] = c.encode()
    write_reference("fixture-tiktoken", "fixtures/tokenizers/tiktoken/tiny.tiktoken", ref, specials.keys(),
                    "make-tokenizer-fixtures.py (by construction)",
                    "ranks are ids; bytes are the base64-decoded tokens; specials are their content as UTF-8")


# ---------------------------------------------------------------- GGUF

GGUF_U8, GGUF_I8, GGUF_U16, GGUF_I16, GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY, GGUF_U64, GGUF_I64, GGUF_F64 = range(13)


def g_str(s):
    b = s if isinstance(s, bytes) else s.encode()
    return struct.pack("<Q", len(b)) + b


def g_kv(key, vtype, payload):
    return g_str(key) + struct.pack("<I", vtype) + payload


def g_array(etype, items):
    fmt = {GGUF_I32: "<i", GGUF_U32: "<I", GGUF_F32: "<f", GGUF_U8: "<B", GGUF_BOOL: "<?"}
    body = b"".join(g_str(x) if etype == GGUF_STRING else struct.pack(fmt[etype], x) for x in items)
    return struct.pack("<IQ", etype, len(items)) + body


def gguf_file(version, kvs, tensor_count=0):
    return b"GGUF" + struct.pack("<IQQ", version, tensor_count, len(kvs)) + b"".join(kvs)


def make_gguf_llama():
    toks = [("<unk>", 2), ("<s>", 3), ("</s>", 3)]
    toks += [("<0x%02X>" % b, 6) for b in range(256)]
    toks += [("▁", 1), ("▁the", 1), ("▁{", 1), ('"', 1), (":", 1), ('▁"', 1), ("▁▁▁▁", 1), ("é", 1), ("中文", 1),
             ("<|user|>", 3), ("<tool>", 4), ("▁user▁defined", 4), ("<unused0>", 5), ("<end_of_turn>", 3),
             ("a▁b", 1)]
    texts = [t for t, _ in toks]
    types = [k for _, k in toks]
    eos, bos, unk = 2, 1, 0
    eot = texts.index("<end_of_turn>")
    kvs = [
        g_kv("general.architecture", GGUF_STRING, g_str("llama")),
        g_kv("general.name", GGUF_STRING, g_str("strait tiny llama")),
        g_kv("llama.context_length", GGUF_U32, struct.pack("<I", 2048)),
        g_kv("general.file_type", GGUF_U64, struct.pack("<Q", 15)),
        g_kv("general.some_float", GGUF_F64, struct.pack("<d", 0.5)),
        g_kv("general.tags", GGUF_ARRAY, g_array(GGUF_STRING, ["a", "b"])),
        # An array of arrays, to be skipped.
        g_kv("general.nested", GGUF_ARRAY, struct.pack("<IQ", GGUF_ARRAY, 2) + g_array(GGUF_U8, [1, 2]) + g_array(GGUF_I32, [3])),
        g_kv("tokenizer.ggml.model", GGUF_STRING, g_str("llama")),
        g_kv("tokenizer.ggml.tokens", GGUF_ARRAY, g_array(GGUF_STRING, texts)),
        g_kv("tokenizer.ggml.scores", GGUF_ARRAY, g_array(GGUF_F32, [-float(i) for i in range(len(texts))])),
        g_kv("tokenizer.ggml.token_type", GGUF_ARRAY, g_array(GGUF_I32, types)),
        g_kv("tokenizer.ggml.bos_token_id", GGUF_U32, struct.pack("<I", bos)),
        g_kv("tokenizer.ggml.eos_token_id", GGUF_U32, struct.pack("<I", eos)),
        g_kv("tokenizer.ggml.eot_token_id", GGUF_U32, struct.pack("<I", eot)),
        g_kv("tokenizer.ggml.unknown_token_id", GGUF_U32, struct.pack("<I", unk)),
        g_kv("tokenizer.ggml.add_space_prefix", GGUF_BOOL, struct.pack("<?", True)),
    ]
    write("gguf/tiny-llama-v3.gguf", gguf_file(3, kvs), binary=True)
    ref, special = [], set()
    for i, (t, k) in enumerate(toks):
        if k == 6:
            ref.append(bytes([int(t[3:5], 16)]))
        elif k == 1:
            ref.append(t.replace("▁", " ").encode())
        else:
            ref.append(t.encode())
            if k in (2, 3, 5):
                special.add(i)
    write_reference("fixture-gguf-llama", "fixtures/tokenizers/gguf/tiny-llama-v3.gguf", ref, special,
                    "make-tokenizer-fixtures.py (by construction)",
                    "normal: '▁' -> space; byte type: <0xNN> -> byte; control/unknown/unused: special, text as UTF-8; user-defined: text as UTF-8")


def make_gguf_gpt2():
    toks = [(B2U[b], 1) for b in range(256)]
    words = [b" the", b"\n\n", b'":', b" {", b"\xe4\xb8\xad"]
    merges = []
    vocab = {t: i for i, (t, _) in enumerate(toks)}
    bpe_closure([bl(w) for w in words], vocab, merges, lambda s: list(s))
    toks = [(t, 1) for t in vocab] + [("<|endoftext|>", 3), ("<|im_start|>", 3), ("<think>", 4)]
    texts = [t for t, _ in toks]
    eos = texts.index("<|endoftext|>")
    kvs = [
        g_kv("general.architecture", GGUF_STRING, g_str("llama")),
        g_kv("tokenizer.ggml.model", GGUF_STRING, g_str("gpt2")),
        g_kv("tokenizer.ggml.pre", GGUF_STRING, g_str("smollm")),
        g_kv("tokenizer.ggml.tokens", GGUF_ARRAY, g_array(GGUF_STRING, texts)),
        g_kv("tokenizer.ggml.token_type", GGUF_ARRAY, g_array(GGUF_I32, [k for _, k in toks])),
        g_kv("tokenizer.ggml.merges", GGUF_ARRAY, g_array(GGUF_STRING, [" ".join(m) for m in merges])),
        g_kv("tokenizer.ggml.bos_token_id", GGUF_U32, struct.pack("<I", eos)),
        g_kv("tokenizer.ggml.eos_token_id", GGUF_U32, struct.pack("<I", eos)),
    ]
    write("gguf/tiny-gpt2-v2.gguf", gguf_file(2, kvs), binary=True)
    inv = {c: b for b, c in B2U.items()}
    ref, special = [], set()
    for i, (t, k) in enumerate(toks):
        if k == 1:
            ref.append(bytes(inv[c] for c in t))
        else:
            ref.append(t.encode())
            if k == 3:
                special.add(i)
    write_reference("fixture-gguf-gpt2", "fixtures/tokenizers/gguf/tiny-gpt2-v2.gguf", ref, special,
                    "make-tokenizer-fixtures.py (by construction)",
                    "normal: GPT-2 byte-level text mapped back to bytes; control: special, text as UTF-8; user-defined: text as UTF-8")


if __name__ == "__main__":
    make_byte_level_bpe()
    make_sentencepiece_bpe()
    make_unigram()
    make_tiktoken()
    make_gguf_llama()
    make_gguf_gpt2()
    print("wrote fixtures under", os.path.normpath(ROOT))
