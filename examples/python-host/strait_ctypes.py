"""ctypes bindings of Strait's C ABI (include/strait.h, libStraitC.so).

Only the standard library's ctypes: no compiled extension. Every call that returns a
non-OK status raises StraitError with the status name and the library's per-thread
message.

    lib = load_library()                       # STRAIT_LIB or .build/release/libStraitC.so
    vocab = Vocab.load(lib, "model.gguf")
    grammar = Grammar.from_schema(vocab, schema_text)
    matcher = Matcher(grammar)
    mask = matcher.new_mask()                  # numpy uint32 array, or a ctypes array
    matcher.fill(mask); lib.apply_f32(logits_ptr, n_logits, mask) ...
"""
from __future__ import annotations

import ctypes
import os
from ctypes import (POINTER, Structure, byref, c_char_p, c_float, c_int, c_int32, c_size_t,
                    c_uint8, c_uint16, c_uint32, c_void_p)
from pathlib import Path

ABI_MAJOR = 1

STATUS_NAMES = [
    "STRAIT_OK", "STRAIT_INVALID_ARGUMENT", "STRAIT_NULL_POINTER", "STRAIT_BUFFER_TOO_SMALL",
    "STRAIT_TOKEN_OUT_OF_RANGE", "STRAIT_TERMINATED", "STRAIT_COMPILE_ERROR", "STRAIT_IO_ERROR",
    "STRAIT_INVALID_HANDLE", "STRAIT_INVALID_UTF8", "STRAIT_TOKEN_REJECTED",
    "STRAIT_VOCABULARY_ERROR", "STRAIT_STATE_BUDGET_EXCEEDED", "STRAIT_ROLLBACK_BEYOND_HISTORY",
    "STRAIT_UNSUPPORTED_VERSION", "STRAIT_INTERNAL_ERROR",
]
OK = 0
TOKEN_REJECTED = 10
TERMINATED = 5

WHITESPACE_ANY, WHITESPACE_COMPACT, WHITESPACE_BOUNDED = 0, 1, 2


class CompileOptions(Structure):
    """strait_compile_options (versioned by struct_size)."""
    _fields_ = [
        ("struct_size", c_size_t),
        ("whitespace", c_int),
        ("max_whitespace_run", c_size_t),
        ("strict", c_int),
        ("max_recursion_depth", c_int),
        ("state_budget", c_size_t),
    ]


class StraitError(Exception):
    """A non-OK status from the C ABI."""

    def __init__(self, status: int, message: str):
        self.status = status
        self.name = STATUS_NAMES[status] if 0 <= status < len(STATUS_NAMES) else f"status {status}"
        super().__init__(f"{self.name}: {message}")


class Library:
    """The loaded libStraitC.so with typed function declarations."""

    def __init__(self, path: str | os.PathLike):
        self.path = str(path)
        self.c = ctypes.CDLL(self.path)
        self._declare()
        major = self.c.strait_abi_version() >> 16
        if major != ABI_MAJOR:
            raise RuntimeError(f"{self.path}: ABI major {major}, bindings expect {ABI_MAJOR}")

    def _declare(self) -> None:
        c = self.c
        handle_out = POINTER(c_void_p)
        sigs = {
            "strait_abi_version": (c_uint32, []),
            "strait_version_string": (c_char_p, []),
            "strait_last_error": (c_char_p, []),
            "strait_status_name": (c_char_p, [c_int]),
            "strait_vocab_load": (c_int, [c_char_p, c_size_t, handle_out]),
            "strait_vocab_from_tokens": (c_int, [POINTER(POINTER(c_uint8)), POINTER(c_size_t),
                                                 c_size_t, POINTER(c_int32), c_size_t,
                                                 POINTER(c_int32), c_size_t, c_size_t, handle_out]),
            "strait_vocab_free": (c_int, [c_void_p]),
            "strait_vocab_size": (c_int, [c_void_p, POINTER(c_size_t)]),
            "strait_vocab_logits_width": (c_int, [c_void_p, POINTER(c_size_t)]),
            "strait_vocab_eos_ids": (c_int, [c_void_p, POINTER(c_int32), c_size_t, POINTER(c_size_t)]),
            "strait_vocab_token_bytes": (c_int, [c_void_p, c_int32, c_void_p, c_size_t, POINTER(c_size_t)]),
            "strait_compile_options_default": (CompileOptions, []),
            "strait_grammar_compile_schema": (c_int, [c_void_p, c_char_p, c_size_t,
                                                      POINTER(CompileOptions), handle_out]),
            "strait_grammar_compile_regex": (c_int, [c_void_p, c_char_p, c_size_t,
                                                     POINTER(CompileOptions), handle_out]),
            "strait_grammar_precompile": (c_int, [c_void_p, handle_out]),
            "strait_grammar_free": (c_int, [c_void_p]),
            "strait_grammar_bitmask_words": (c_int, [c_void_p, POINTER(c_size_t)]),
            "strait_grammar_logits_width": (c_int, [c_void_p, POINTER(c_size_t)]),
            "strait_matcher_create": (c_int, [c_void_p, handle_out]),
            "strait_matcher_clone": (c_int, [c_void_p, handle_out]),
            "strait_matcher_free": (c_int, [c_void_p]),
            "strait_matcher_reset": (c_int, [c_void_p]),
            "strait_matcher_fill_next_token_bitmask": (c_int, [c_void_p, c_void_p, c_size_t]),
            "strait_matcher_accept_token": (c_int, [c_void_p, c_int32]),
            "strait_matcher_accept_tokens": (c_int, [c_void_p, POINTER(c_int32), c_size_t,
                                                     POINTER(c_size_t)]),
            "strait_matcher_rollback": (c_int, [c_void_p, c_size_t]),
            "strait_matcher_is_terminated": (c_int, [c_void_p, POINTER(c_int)]),
            "strait_matcher_can_terminate": (c_int, [c_void_p, POINTER(c_int)]),
            "strait_matcher_accepted_count": (c_int, [c_void_p, POINTER(c_size_t)]),
            "strait_matcher_forced_bytes": (c_int, [c_void_p, c_void_p, c_size_t, POINTER(c_size_t)]),
            "strait_fill_next_token_bitmasks": (c_int, [POINTER(c_void_p), c_size_t, c_void_p,
                                                        c_size_t, c_size_t]),
            "strait_apply_bitmask_f32": (c_int, [c_void_p, c_size_t, c_void_p, c_size_t]),
            "strait_apply_bitmask_f16": (c_int, [c_void_p, c_size_t, c_void_p, c_size_t]),
            "strait_apply_bitmask_bf16": (c_int, [c_void_p, c_size_t, c_void_p, c_size_t]),
            "strait_masked_argmax_f32": (c_int, [c_void_p, c_size_t, c_void_p, c_size_t,
                                                 POINTER(c_int32)]),
        }
        for name, (restype, argtypes) in sigs.items():
            fn = getattr(c, name)
            fn.restype = restype
            fn.argtypes = argtypes

    def check(self, status: int) -> None:
        """Raises StraitError for a non-OK status."""
        if status != OK:
            message = self.c.strait_last_error() or b""
            raise StraitError(status, message.decode("utf-8", "replace"))

    def version(self) -> str:
        return self.c.strait_version_string().decode()

    def default_options(self) -> CompileOptions:
        return self.c.strait_compile_options_default()


def load_library(path: str | os.PathLike | None = None) -> Library:
    """Loads libStraitC.so: `path`, else $STRAIT_LIB, else the package's .build/release."""
    if path is None:
        path = os.environ.get("STRAIT_LIB")
    if path is None:
        root = Path(__file__).resolve().parents[2]
        path = root / ".build" / "release" / "libStraitC.so"
    return Library(path)


def _address(buffer) -> int:
    """The address of a numpy array or ctypes buffer (no copy)."""
    if hasattr(buffer, "ctypes"):
        return buffer.ctypes.data
    return ctypes.addressof(buffer)


class Vocab:
    """A strait_vocab handle."""

    def __init__(self, lib: Library, handle: c_void_p):
        self.lib, self.handle = lib, handle

    @classmethod
    def load(cls, lib: Library, path: str | os.PathLike, logits_width: int = 0) -> "Vocab":
        out = c_void_p()
        lib.check(lib.c.strait_vocab_load(os.fsencode(path), logits_width, byref(out)))
        return cls(lib, out)

    def close(self) -> None:
        if self.handle:
            self.lib.check(self.lib.c.strait_vocab_free(self.handle))
            self.handle = c_void_p()

    def size(self) -> int:
        n = c_size_t()
        self.lib.check(self.lib.c.strait_vocab_size(self.handle, byref(n)))
        return n.value

    def logits_width(self) -> int:
        n = c_size_t()
        self.lib.check(self.lib.c.strait_vocab_logits_width(self.handle, byref(n)))
        return n.value

    def eos_ids(self) -> list[int]:
        n = c_size_t()
        status = self.lib.c.strait_vocab_eos_ids(self.handle, None, 0, byref(n))
        if status not in (OK, 3):  # 3: BUFFER_TOO_SMALL tells the count
            self.lib.check(status)
        ids = (c_int32 * max(n.value, 1))()
        self.lib.check(self.lib.c.strait_vocab_eos_ids(self.handle, ids, n.value, byref(n)))
        return list(ids[: n.value])

    def token_bytes(self, token: int) -> bytes:
        buf = (c_uint8 * 256)()
        n = c_size_t()
        status = self.lib.c.strait_vocab_token_bytes(self.handle, token, buf, 256, byref(n))
        if status == 3:
            buf = (c_uint8 * n.value)()
            status = self.lib.c.strait_vocab_token_bytes(self.handle, token, buf, n.value, byref(n))
        self.lib.check(status)
        return bytes(buf[: n.value])


class Grammar:
    """A strait_grammar handle (immutable, shareable)."""

    def __init__(self, lib: Library, handle: c_void_p):
        self.lib, self.handle = lib, handle

    @classmethod
    def from_schema(cls, vocab: Vocab, schema: str, options: CompileOptions | None = None) -> "Grammar":
        return cls._compile(vocab, "strait_grammar_compile_schema", schema, options)

    @classmethod
    def from_regex(cls, vocab: Vocab, regex: str, options: CompileOptions | None = None) -> "Grammar":
        return cls._compile(vocab, "strait_grammar_compile_regex", regex, options)

    @classmethod
    def _compile(cls, vocab: Vocab, function: str, text: str, options) -> "Grammar":
        lib = vocab.lib
        data = text.encode("utf-8")
        out = c_void_p()
        opts = byref(options) if options is not None else None
        lib.check(getattr(lib.c, function)(vocab.handle, data, len(data), opts, byref(out)))
        return cls(lib, out)

    def precompiled(self) -> "Grammar":
        out = c_void_p()
        self.lib.check(self.lib.c.strait_grammar_precompile(self.handle, byref(out)))
        return Grammar(self.lib, out)

    def close(self) -> None:
        if self.handle:
            self.lib.check(self.lib.c.strait_grammar_free(self.handle))
            self.handle = c_void_p()

    def bitmask_words(self) -> int:
        n = c_size_t()
        self.lib.check(self.lib.c.strait_grammar_bitmask_words(self.handle, byref(n)))
        return n.value

    def logits_width(self) -> int:
        n = c_size_t()
        self.lib.check(self.lib.c.strait_grammar_logits_width(self.handle, byref(n)))
        return n.value


class Matcher:
    """A strait_matcher handle: one sequence, one thread at a time.

    The hot methods (fill, accept) call the C functions directly with pre-bound arguments.
    """

    def __init__(self, grammar: Grammar, handle: c_void_p | None = None):
        self.lib = grammar.lib
        self.grammar = grammar
        if handle is None:
            handle = c_void_p()
            self.lib.check(self.lib.c.strait_matcher_create(grammar.handle, byref(handle)))
        self.handle = handle
        self._fill = self.lib.c.strait_matcher_fill_next_token_bitmask
        self._accept = self.lib.c.strait_matcher_accept_token
        self._flag = c_int()

    def close(self) -> None:
        if self.handle:
            self.lib.check(self.lib.c.strait_matcher_free(self.handle))
            self.handle = c_void_p()

    def clone(self) -> "Matcher":
        out = c_void_p()
        self.lib.check(self.lib.c.strait_matcher_clone(self.handle, byref(out)))
        return Matcher(self.grammar, out)

    def reset(self) -> None:
        self.lib.check(self.lib.c.strait_matcher_reset(self.handle))

    def fill(self, mask_address: int, n_words: int) -> None:
        """Writes the next-token bitmask to the uint32 buffer at mask_address."""
        status = self._fill(self.handle, mask_address, n_words)
        if status:
            self.lib.check(status)

    def accept(self, token: int) -> bool:
        """Commits token; False when the grammar does not allow it (nothing changes)."""
        status = self._accept(self.handle, token)
        if status == TOKEN_REJECTED:
            return False
        if status:
            self.lib.check(status)
        return True

    def accept_tokens(self, tokens: list[int]) -> int:
        arr = (c_int32 * max(len(tokens), 1))(*tokens)
        n = c_size_t()
        self.lib.check(self.lib.c.strait_matcher_accept_tokens(self.handle, arr, len(tokens), byref(n)))
        return n.value

    def rollback(self, n: int) -> None:
        self.lib.check(self.lib.c.strait_matcher_rollback(self.handle, n))

    def is_terminated(self) -> bool:
        self.lib.check(self.lib.c.strait_matcher_is_terminated(self.handle, byref(self._flag)))
        return bool(self._flag.value)

    def can_terminate(self) -> bool:
        self.lib.check(self.lib.c.strait_matcher_can_terminate(self.handle, byref(self._flag)))
        return bool(self._flag.value)

    def forced_bytes(self, limit: int = 256) -> bytes:
        buf = (c_uint8 * limit)()
        n = c_size_t()
        self.lib.check(self.lib.c.strait_matcher_forced_bytes(self.handle, buf, limit, byref(n)))
        return bytes(buf[: n.value])


def apply_bitmask_f32(lib: Library, logits_address: int, n_logits: int, mask_address: int,
                      n_words: int) -> None:
    """Sets disallowed logits to -inf in place (Strait's SIMD kernel)."""
    lib.check(lib.c.strait_apply_bitmask_f32(logits_address, n_logits, mask_address, n_words))
