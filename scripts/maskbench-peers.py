#!/usr/bin/env python3
"""MaskBench for the peer engines (llguidance, XGrammar, outlines-core), side by side with Strait.

Runs the protocol of shared/maskbench/README.md -- the same one `strait bench maskbench`
runs -- for each peer, on the same files, with the same tokenizer and per-file time limit,
and prints one comparison table.

Per file: compile the schema and fill the first mask (TTFM: compile + matcher + first
mask, as Strait measures it); then for each test, from a fresh matcher state (not timed),
for each token: fill the full mask, test the token's bit, commit the token when it is set
(one TBM sample). The last failing test decides the file's status. Statistics use the
README's percentile rule a[min(n-1, int(n*p/100))], in microseconds.

Each engine runs in a worker subprocess (one thread: RAYON/OMP threads 1, XGrammar
max_threads=1, torch 1 thread) that loads the tokenizer once and serves many files; the
parent kills it when a file exceeds the time limit (or it dies) and starts a new one.

Commands:
  setup                     create .venv-maskbench (pinned peers; see shared/notes/peers-install.md)
  subset DIR --count N      print N file names of DIR chosen deterministically (sha256 order)
  run DIR --engine E        run one peer; --summary-json / --out like `strait bench maskbench`
  compare DIR               run Strait and the peers on the same files, print one table
  table NAME=SUMMARY ...    print the table from summary JSON files

Everything but `setup` and `table` re-runs itself inside .venv-maskbench (created on first use).
"""

import argparse
import hashlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-maskbench")
VENV_PYTHON = os.path.join(VENV, "bin", "python")
SHARED = os.environ.get("STRAIT_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")
if not os.path.isdir(SHARED) and os.path.isdir("/work/shared"):
    SHARED = "/work/shared"
DEFAULT_DATA = os.path.join(SHARED, "maskbench")
DEFAULT_TOKENIZER = os.path.join(SHARED, "tokenizers", "llama-3.1")

# The pinned installation of shared/notes/peers-install.md, in install order.
PIP_STEPS = [
    ["--upgrade", "pip"],
    ["llguidance==1.9.1", "outlines-core==0.2.14", "tokenizers==0.23.3", "transformers==5.23.0",
     "tiktoken==0.14.0", "sentencepiece", "protobuf", "numpy"],
    ["torch==2.13.0+cpu"],                   # a CPU build; unpinned torch pulls CUDA
    ["--no-deps", "xgrammar==0.2.8"],        # its triton requirement is GPU-only
    ["apache-tvm-ffi", "pydantic"],          # xgrammar's remaining runtime dependencies
]
SETUP_MARKER = os.path.join(VENV, ".strait-maskbench-setup")

ENGINES = ["llguidance", "xgrammar", "outlines"]
STATUSES = ["pass", "compile_error", "validation_error", "invalidation_error", "timeout", "crash", "input_error"]
PERCENTILES = [("p25", 25), ("p50", 50), ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99), ("p99.9", 99.9)]


# ---------------------------------------------------------------------------------------
# Virtualenv

def setup_venv(quiet=False):
    """Creates .venv-maskbench with the pinned peers (idempotent)."""
    spec = json.dumps(PIP_STEPS)
    if os.path.exists(SETUP_MARKER) and open(SETUP_MARKER).read() == spec:
        return
    out = subprocess.DEVNULL if quiet else None
    if not os.path.exists(VENV_PYTHON):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    for step in PIP_STEPS:
        print("pip install " + " ".join(step), file=sys.stderr)
        subprocess.check_call([VENV_PYTHON, "-m", "pip", "install", "-q"] + step, stdout=out)
    with open(SETUP_MARKER, "w") as f:
        f.write(spec)


def ensure_in_venv():
    """Re-executes this script with the virtualenv's Python (creating it first)."""
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    setup_venv()
    os.execv(VENV_PYTHON, [VENV_PYTHON, os.path.abspath(__file__)] + sys.argv[1:])


def single_thread_environment():
    env = dict(os.environ)
    for key in ["RAYON_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TVM_NUM_THREADS"]:
        env[key] = "1"
    env["TOKENIZERS_PARALLELISM"] = "false"
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    return env


# ---------------------------------------------------------------------------------------
# Engines (run inside the worker). Each: compile(schema) -> None (raises on compile error),
# reset(), fill() (full mask into self.words), allowed(t) -> bool, commit(t) -> bool.

class CompileError(Exception):
    pass


def load_hf_tokenizer(folder):
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(folder)


def vocab_size_of(folder):
    with open(os.path.join(folder, "config.json")) as f:
        return json.load(f)["vocab_size"]


class LlguidanceEngine:
    def __init__(self, folder):
        import numpy as np
        import llguidance
        import llguidance.hf
        import llguidance.numpy
        self.llg = llguidance
        self.width = vocab_size_of(folder)
        self.tokenizer = llguidance.hf.from_tokenizer(load_hf_tokenizer(folder), n_vocab=self.width)
        self.mask = llguidance.numpy.allocate_token_bitmask(1, self.tokenizer.vocab_size)
        # Read bits through an unsigned view with Python ints: shifting int32 words
        # misreads bit 31 under NumPy 2.
        self.words = self.mask[0].view(np.uint32)
        self.ptr = self.mask[0].ctypes.data
        self.nbytes = self.mask[0].size * 4

    def compile(self, schema):
        grammar = self.llg.LLMatcher.grammar_from_json_schema(schema)
        matcher = self.llg.LLMatcher(self.tokenizer, grammar, log_level=0)
        if matcher.is_error():
            raise CompileError(matcher.get_error())
        self.fresh = matcher
        self.matcher = matcher

    def first_mask(self):
        self.fill()

    def reset(self):
        self.matcher = self.fresh.deep_copy()

    def fill(self):
        self.matcher.unsafe_compute_mask_ptr(self.ptr, self.nbytes)
        if self.matcher.is_error():
            raise RuntimeError(self.matcher.get_error())

    def allowed(self, t):
        return (int(self.words[t >> 5]) >> (t & 31)) & 1 == 1

    def commit(self, t):
        ok = self.matcher.consume_token(t)
        if self.matcher.is_error():
            raise RuntimeError(self.matcher.get_error())
        return ok


class XgrammarEngine:
    def __init__(self, folder):
        import numpy as np
        import torch
        torch.set_num_threads(1)
        import xgrammar as xgr
        self.xgr = xgr
        self.width = vocab_size_of(folder)
        info = xgr.TokenizerInfo.from_huggingface(load_hf_tokenizer(folder), vocab_size=self.width)
        self.compiler = xgr.GrammarCompiler(info, max_threads=1)
        self.mask = xgr.allocate_token_bitmask(1, info.vocab_size)
        self.words = self.mask.numpy()[0].view(np.uint32)

    def compile(self, schema):
        # MaskBench's default XGrammar mode.
        grammar = self.compiler.compile_json_schema(json.dumps(schema), any_whitespace=False, strict_mode=True)
        self.matcher = self.xgr.GrammarMatcher(grammar)

    def first_mask(self):
        self.fill()

    def reset(self):
        self.matcher.reset()

    def fill(self):
        self.matcher.fill_next_token_bitmask(self.mask)

    def allowed(self, t):
        return (int(self.words[t >> 5]) >> (t & 31)) & 1 == 1

    def commit(self, t):
        return self.matcher.accept_token(t)


def byte_level_decoder():
    """GPT-2's bytes_to_unicode, inverted: character of a byte-level token -> byte."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


class OutlinesEngine:
    def __init__(self, folder):
        import numpy as np
        import outlines_core
        from outlines_core.json_schema import build_regex_from_schema
        self.oc = outlines_core
        self.build_regex = build_regex_from_schema
        self.width = vocab_size_of(folder)
        # The Vocabulary is built offline from tokenizer.json (from_pretrained needs the network).
        with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
            spec = json.load(f)
        with open(os.path.join(folder, "config.json")) as f:
            eos = json.load(f)["eos_token_id"]
        eos = eos[0] if isinstance(eos, list) else eos
        decode = byte_level_decoder()
        special = {t["id"] for t in spec.get("added_tokens", []) if t.get("special")}
        tokens = {}
        for text, i in spec["model"]["vocab"].items():
            if i in special or i == eos:
                continue
            tokens.setdefault(bytes(decode[c] for c in text), []).append(i)
        self.vocabulary = outlines_core.Vocabulary(eos, tokens)
        self.mask = np.zeros((self.width + 31) // 32, dtype=np.int32)
        self.words = self.mask.view(np.uint32)
        self.ptr = self.mask.ctypes.data

    def compile(self, schema):
        regex = self.build_regex(json.dumps(schema))
        self.index = self.oc.Index(regex, self.vocabulary)
        self.guide = self.oc.Guide(self.index)

    def first_mask(self):
        self.fill()

    def reset(self):
        self.guide = self.oc.Guide(self.index)

    def fill(self):
        self.guide.write_mask_into(self.ptr, self.mask.size, 4)

    def allowed(self, t):
        return (int(self.words[t >> 5]) >> (t & 31)) & 1 == 1

    def commit(self, t):
        self.guide.advance(t, return_tokens=False)
        return True


def make_engine(name, folder):
    return {"llguidance": LlguidanceEngine, "xgrammar": XgrammarEngine, "outlines": OutlinesEngine}[name](folder)


# ---------------------------------------------------------------------------------------
# The protocol for one file (inside the worker)

def us(ns):
    return None if ns is None else round(ns / 1000, 3)


def read_file(path):
    """Returns (schema, tests); raises ValueError naming what is wrong."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        data = json.loads(raw)
    except Exception as e:
        raise ValueError(f"not a JSON file: {e}")
    if not isinstance(data, dict):
        raise ValueError(f"the top level is {type(data).__name__}, expected an object")
    if "schema" not in data:
        raise ValueError('no "schema" member at the top level')
    tests = data.get("tests") or []
    if not isinstance(tests, list):
        raise ValueError("/tests is not an array")
    for i, t in enumerate(tests):
        if not isinstance(t, dict) or not isinstance(t.get("valid"), bool):
            raise ValueError(f"/tests/{i} is not an object with a boolean valid")
    return data["schema"], tests


def run_file(engine, path, emit):
    name = os.path.basename(path)
    result = {"file": name, "status": "pass", "ttfm_us": None, "ttfm_cpu_us": None, "compile_us": None,
              "tests": 0, "tests_passed": 0, "tests_failed": 0, "tokens": 0, "first_failure": None,
              "deciding_failure": None, "error": None, "measured_wall_us": 0, "measured_cpu_us": 0}
    try:
        schema, tests = read_file(path)
    except (OSError, ValueError) as e:
        result.update(status="input_error", error=str(e))
        return result
    result["tests"] = len(tests)
    w0, c0 = time.perf_counter_ns(), time.process_time_ns()
    try:
        engine.compile(schema)
        compile_ns = time.perf_counter_ns() - w0
        engine.first_mask()
    except Exception as e:
        result.update(status="compile_error", error=repr(e)[:2000])
        return result
    ttfm, ttfm_cpu = time.perf_counter_ns() - w0, time.process_time_ns() - c0
    result.update(ttfm_us=us(ttfm), ttfm_cpu_us=us(ttfm_cpu), compile_us=us(compile_ns))
    emit(f"compiled {ttfm} {ttfm_cpu} {compile_ns}")
    wall, cpu = ttfm, ttfm_cpu
    failures = []
    tbm_total = tbm_max = 0
    clock = time.perf_counter_ns
    width = engine.width
    for index, test in enumerate(tests):
        engine.reset()
        samples = []
        failure = None
        tokens = test.get("tokens")
        lw, lc = clock(), time.process_time_ns()
        if not isinstance(tokens, list) or not all(isinstance(t, int) and not isinstance(t, bool) for t in tokens):
            failure = {"kind": "EXN", "message": f"/tests/{index}/tokens is not an array of integers"}
        else:
            accepted = True
            for position, t in enumerate(tokens):
                start = clock()
                try:
                    engine.fill()
                    if not 0 <= t < width:
                        raise IndexError(f"token id {t} is out of range (logits width {width})")
                    ok = engine.allowed(t)
                    if ok and not engine.commit(t):
                        raise RuntimeError(f"token {t} is set in the mask but the engine refused to commit it")
                except Exception as e:
                    failure = {"kind": "EXN", "token_index": position, "token": t, "message": repr(e)[:500]}
                    break
                samples.append(clock() - start)
                if not ok:
                    accepted = False
                    if test["valid"]:
                        failure = {"kind": "should accept but didn't", "token_index": position, "token": t}
                    break
            if failure is None and accepted and not test["valid"]:
                failure = {"kind": "should reject but didn't"}
        wall += clock() - lw
        cpu += time.process_time_ns() - lc
        result["tokens"] += len(samples)
        tbm_total += sum(samples)
        tbm_max = max([tbm_max] + samples)
        emit("tbm " + " ".join(map(str, samples)))
        if failure is not None:
            failure = dict(test=index, description=test.get("description", ""), **failure)
            failures.append(failure)
    result["tests_failed"] = len(failures)
    result["tests_passed"] = len(tests) - len(failures)
    if failures:
        result["first_failure"] = failures[0]
        result["deciding_failure"] = failures[-1]
        result["status"] = "invalidation_error" if failures[-1]["kind"] == "should reject but didn't" else "validation_error"
    result["tbm_total_us"] = us(tbm_total)
    result["tbm_max_us"] = us(tbm_max)
    result["measured_wall_us"] = us(wall)
    result["measured_cpu_us"] = us(cpu)
    return result


def worker_main(args):
    if args.memory_limit_mb > 0:
        limit = args.memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    out = sys.stdout

    def emit(line):
        out.write(line + "\n")
        out.flush()

    try:
        engine = make_engine(args.engine, args.tokenizer)
    except Exception as e:
        emit("fatal " + repr(e).replace("\n", " "))
        sys.exit(2)
    emit("ready")
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            emit("result " + json.dumps(run_file(engine, path, emit)))


# ---------------------------------------------------------------------------------------
# The parent: workers with a deadline, statistics

class Worker:
    def __init__(self, engine, tokenizer, memory_limit_mb):
        self.log_path = f"/tmp/maskbench-peers-{engine}-{os.getpid()}.log"
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "worker", "--engine", engine, "--tokenizer", tokenizer,
             "--memory-limit-mb", str(memory_limit_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, env=single_thread_environment())
        self.buffer = b""

    def send(self, path):
        try:
            self.proc.stdin.write(path.encode() + b"\n")
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, OSError):
            return False

    def next_line(self, deadline):
        """A line, 'TIMEOUT' or None (the worker ended)."""
        fd = self.proc.stdout.fileno()
        while True:
            i = self.buffer.find(b"\n")
            if i >= 0:
                line, self.buffer = self.buffer[:i], self.buffer[i + 1:]
                return line.decode("utf-8", "replace")
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return "TIMEOUT"
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def finish(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait()

    def exit_description(self):
        code = self.proc.wait()
        text = f"worker killed by signal {-code} ({signal.Signals(-code).name})" if code < 0 else f"worker exited with code {code}"
        try:
            with open(self.log_path, "rb") as f:
                tail = f.read()[-600:].decode("utf-8", "replace").strip().splitlines()[-3:]
            if tail:
                text += "; stderr: " + " | ".join(tail)
        except OSError:
            pass
        return text


def start_worker(engine, tokenizer, memory_limit_mb):
    w = Worker(engine, tokenizer, memory_limit_mb)
    line = w.next_line(time.monotonic() + 600)
    if line == "ready":
        return w
    w.kill()
    raise SystemExit(f"maskbench-peers: the {engine} worker did not start: {line if line else w.exit_description()}")


def percentile_index(n, p):
    return min(n - 1, int(n * p / 100))


def distribution(values_ns):
    if not values_ns:
        return {k: None for k in ["avg"] + [k for k, _ in PERCENTILES] + ["max"]}
    a = sorted(values_ns)
    out = {"avg": round(sum(a) / len(a) / 1000, 3)}
    for key, p in PERCENTILES:
        out[key] = round(a[percentile_index(len(a), p)] / 1000, 3)
    out["max"] = round(a[-1] / 1000, 3)
    return out


class Summary:
    def __init__(self, time_limit_s):
        self.limit_ns = int(time_limit_s * 1e9)
        self.counts = {s: 0 for s in STATUSES}
        self.tbm, self.ttfm, self.ttfm_cpu, self.compile = [], [], [], []
        self.schemas = self.tests = self.tests_failed = 0
        self.wall_us = self.cpu_us = 0.0

    def add(self, r):
        self.schemas += 1
        self.counts[r["status"]] += 1
        self.tests += r.get("tests", 0)
        self.tests_failed += r.get("tests_failed", 0)
        self.wall_us += r.get("measured_wall_us") or 0
        self.cpu_us += r.get("measured_cpu_us") or 0
        if r.get("ttfm_us") is not None:
            self.ttfm.append(int(r["ttfm_us"] * 1000))
            if r.get("ttfm_cpu_us") is not None:
                self.ttfm_cpu.append(int(r["ttfm_cpu_us"] * 1000))
            if r.get("compile_us") is not None:
                self.compile.append(int(r["compile_us"] * 1000))
        elif r["status"] == "timeout":
            self.ttfm.append(self.limit_ns)

    def json(self, extra):
        out = {"tbm_us": distribution(self.tbm), "ttfm_us": distribution(self.ttfm), "tokens": len(self.tbm),
               "schemas": self.schemas, "passing": self.counts["pass"]}
        for s in STATUSES[1:]:
            out[s] = self.counts[s]
        out.update(ttfm_cpu_us=distribution(self.ttfm_cpu), compile_us=distribution(self.compile),
                   tests=self.tests, tests_failed=self.tests_failed,
                   measured_wall_s=round(self.wall_us / 1e6, 3), measured_cpu_s=round(self.cpu_us / 1e6, 3),
                   time_limit_s=self.limit_ns / 1e9)
        out.update(extra)
        return out


def list_files(directory, files, limit):
    if files:
        if os.path.isfile(files):
            with open(files) as f:
                names = [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]
        else:
            names = [n.strip() for n in files.split(",") if n.strip()]
    else:
        names = sorted((n for n in os.listdir(directory) if n.endswith(".json")), key=lambda n: n.encode())
    if limit is not None:
        names = names[:limit]
    return [n if n.startswith("/") else os.path.join(directory, n) for n in names]


def run_engine(args):
    paths = list_files(args.directory, args.files, args.limit)
    summary = Summary(args.time_limit)
    out = open(args.out, "w") if args.out else None
    worker = None
    started = time.monotonic()
    versions = engine_versions(args.engine)
    # A \r-updated line only makes sense on a terminal.
    show_progress = not args.quiet and sys.stderr.isatty()
    last_draw = 0.0
    try:
        for i, path in enumerate(paths):
            name = os.path.basename(path)
            if worker is None:
                worker = start_worker(args.engine, args.tokenizer, args.memory_limit_mb)
            if show_progress and time.monotonic() - last_draw >= 0.2:
                last_draw = time.monotonic()
                c = summary.counts
                sys.stderr.write(f"\r[{i}/{len(paths)}] {time.monotonic() - started:.1f} s {args.engine} pass {c['pass']} "
                                 f"cerr {c['compile_error']} verr {c['validation_error']} inv {c['invalidation_error']} "
                                 f"timeout {c['timeout']} crash {c['crash']} | {name[:40]}   ")
                sys.stderr.flush()
            start = time.monotonic()
            deadline = None if args.time_limit == 0 else start + args.time_limit
            compiled = None
            tokens = streamed_total = streamed_max = 0
            result = None
            if not worker.send(path):
                result = {"file": name, "status": "crash", "error": worker.exit_description()}
                worker = None
            while result is None:
                line = worker.next_line(deadline)
                if line is None:
                    result = {"file": name, "status": "crash", "error": worker.exit_description()}
                    worker = None
                elif line == "TIMEOUT":
                    worker.kill()
                    worker = None
                    what = "the file" if compiled else "compiling"
                    result = {"file": name, "status": "timeout",
                              "error": f"{what} exceeded the time limit of {args.time_limit:g} s"}
                elif line.startswith("tbm"):
                    samples = [int(x) for x in line.split()[1:]]
                    tokens += len(samples)
                    streamed_total += sum(samples)
                    streamed_max = max([streamed_max] + samples)
                    summary.tbm.extend(samples)
                elif line.startswith("compiled "):
                    compiled = [int(x) for x in line.split()[1:]]
                elif line.startswith("result "):
                    result = json.loads(line[7:])
                else:
                    worker.kill()
                    worker = None
                    result = {"file": name, "status": "crash", "error": "worker protocol error: " + line[:200]}
            if result["status"] in ("timeout", "crash"):
                result.update(tokens=tokens, tbm_total_us=us(streamed_total), tbm_max_us=us(streamed_max))
                if compiled:
                    result.update(ttfm_us=us(compiled[0]), ttfm_cpu_us=us(compiled[1]), compile_us=us(compiled[2]))
            result["file_ms"] = round((time.monotonic() - start) * 1000, 3)
            summary.add(result)
            if out:
                out.write(json.dumps(result) + "\n")
                out.flush()
    finally:
        if worker is not None:
            worker.finish()
        if out:
            out.close()
    if not args.quiet:
        sys.stderr.write(f"{chr(13) if show_progress else ''}[{len(paths)}/{len(paths)}] {time.monotonic() - started:.1f} s {args.engine} done" + " " * 60 + "\n")
    extra = {"engine": args.engine, "version": versions, "tokenizer": args.tokenizer,
             "ttfm_definition": "compile + matcher + first mask", "isolation": "worker process"}
    data = summary.json(extra)
    if args.summary_json:
        with open(args.summary_json, "w") as f:
            json.dump(data, f, indent=2)
            f.write("\n")
    print(format_table([(args.engine, data)]))
    return data


def engine_versions(engine):
    from importlib.metadata import version
    pkg = {"llguidance": "llguidance", "xgrammar": "xgrammar", "outlines": "outlines-core"}[engine]
    try:
        return version(pkg)
    except Exception:
        return "unknown"


# ---------------------------------------------------------------------------------------
# Tables

def fmt_us(v):
    if v is None:
        return "-"
    return f"{v:.1f}" if v < 100 else f"{round(v):,}"


def format_table(columns):
    rows = []
    for metric in ["tbm_us", "ttfm_us"]:
        label = "TBM" if metric == "tbm_us" else "TTFM"
        for key in ["avg"] + [k for k, _ in PERCENTILES] + ["max"]:
            rows.append((f"{label} {key}", [fmt_us(d[metric].get(key)) for _, d in columns]))
    for key, label in [("tokens", "tokens"), ("schemas", "schemas"), ("passing", "passing"),
                       ("compile_error", "compile error"), ("crash", "crash"), ("timeout", "timeout"),
                       ("validation_error", "validation error"), ("invalidation_error", "invalidation error"),
                       ("input_error", "input error")]:
        rows.append((label, [f"{d.get(key, 0):,}" for _, d in columns]))
    rows.append(("CPU/wall (measured)", [
        f"{d['measured_cpu_s'] / d['measured_wall_s']:.2f}" if d.get("measured_wall_s") else "-" for _, d in columns]))
    rows.append(("TTFM CPU p50", [fmt_us(d.get("ttfm_cpu_us", {}).get("p50")) for _, d in columns]))
    display = {"strait": "Strait", "llguidance": "llguidance", "xgrammar": "XGrammar", "outlines": "outlines-core"}
    names = [display.get(n, n) for n, _ in columns]
    widths = [max(10, len(n), *(len(r[1][i]) for r in rows)) for i, n in enumerate(names)]
    lw = max(len(r[0]) for r in rows)
    out = "| " + "metric".ljust(lw) + " | " + " | ".join(n.rjust(w) for n, w in zip(names, widths)) + " |\n"
    out += "|:" + "-" * (lw + 1) + "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|\n"
    for label, values in rows:
        out += "| " + label.ljust(lw) + " | " + " | ".join(v.rjust(w) for v, w in zip(values, widths)) + " |\n"
    return out


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


def format_ratios(columns, reference="strait"):
    """Strait against each peer, and the issue's targets against llguidance."""
    data = dict(columns)
    if reference not in data:
        return ""
    s = data[reference]
    out = "\n| Strait vs | passing (diff, % of files) | invalidation errors | TTFM p50 | TTFM p99 | TBM avg | TBM p99 |\n"
    out += "|:--|--:|--:|--:|--:|--:|--:|\n"
    for name, d in columns:
        if name == reference:
            continue
        n = max(1, s["schemas"])
        diff = s["passing"] - d["passing"]
        out += (f"| {name} | {s['passing']:,} vs {d['passing']:,} ({diff:+,}, {100 * diff / n:+.1f}%) "
                f"| {s['invalidation_error']} vs {d['invalidation_error']} "
                f"| {ratio(s['ttfm_us']['p50'], d['ttfm_us']['p50'])} | {ratio(s['ttfm_us']['p99'], d['ttfm_us']['p99'])} "
                f"| {ratio(s['tbm_us']['avg'], d['tbm_us']['avg'])} | {ratio(s['tbm_us']['p99'], d['tbm_us']['p99'])} |\n")
    out += "(ratios are Strait / peer: below 1.00x Strait is faster)\n"
    if "llguidance" in data:
        l = data["llguidance"]
        n = max(1, s["schemas"])
        need = l["passing"] + 0.05 * n
        checks = [
            ("passing >= llguidance + 5% of files", s["passing"] >= need,
             f"{s['passing']:,} vs {need:,.0f} needed ({s['passing'] - need:+,.0f})"),
            ("invalidation errors = 0", s["invalidation_error"] == 0, f"{s['invalidation_error']}"),
        ]
        for key, metric, factor, label in [("p50", "ttfm_us", 1.0, "TTFM p50 <= llguidance"),
                                           ("avg", "tbm_us", 0.5, "TBM avg <= llguidance / 2"),
                                           ("p99", "tbm_us", 0.5, "TBM p99 <= llguidance / 2")]:
            a, b = s[metric].get(key), l[metric].get(key)
            ok = a is not None and b is not None and a <= factor * b
            checks.append((label, ok, f"{fmt_us(a)} µs vs {fmt_us(None if b is None else factor * b)} µs allowed"
                           + (f" ({a / (factor * b):.2f}x the allowance)" if a is not None and b else "")))
        out += "\n| target (issue 8) | met | figures |\n|:--|:--|:--|\n"
        for label, ok, text in checks:
            out += f"| {label} | {'yes' if ok else 'NO'} | {text} |\n"
    return out


# ---------------------------------------------------------------------------------------
# Commands

def subset_main(args):
    names = [n for n in os.listdir(args.directory) if n.endswith(".json")]
    names.sort(key=lambda n: hashlib.sha256((args.salt + n).encode()).hexdigest())
    chosen = sorted(names[:args.count], key=lambda n: n.encode())
    print(f"# {len(chosen)} files of {args.directory}: the first {args.count} by sha256('{args.salt}' + name), sorted by name")
    for n in chosen:
        print(n)


def compare_main(args):
    os.makedirs(args.out_dir, exist_ok=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    columns = []
    for engine in engines:
        summary_path = os.path.join(args.out_dir, f"{engine}.summary.json")
        jsonl = os.path.join(args.out_dir, f"{engine}.jsonl")
        if args.reuse and os.path.exists(summary_path):
            with open(summary_path) as f:
                columns.append((engine, json.load(f)))
            continue
        common = ["--time-limit", str(args.time_limit), "--summary-json", summary_path, "--out", jsonl, "--quiet"]
        if args.files:
            common += ["--files", args.files]
        if args.limit is not None:
            common += ["--limit", str(args.limit)]
        if engine == "strait":
            cmd = [args.strait, "bench", "maskbench", args.directory, "--tokenizer",
                   os.path.join(args.tokenizer, "tokenizer.json"), "--name", "Strait"] + common + args.strait_args
        else:
            cmd = [sys.executable, os.path.abspath(__file__), "run", args.directory, "--engine", engine,
                   "--tokenizer", args.tokenizer, "--memory-limit-mb", str(args.memory_limit_mb)] + common
        print("$ " + " ".join(cmd), file=sys.stderr)
        t0 = time.monotonic()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        print(f"{engine}: {time.monotonic() - t0:.0f} s", file=sys.stderr)
        with open(summary_path) as f:
            columns.append((engine, json.load(f)))
    print(format_table(columns) + format_ratios(columns))


def table_main(args):
    columns = []
    for item in args.summaries:
        name, _, path = item.partition("=")
        with open(path) as f:
            columns.append((name, json.load(f)))
    print(format_table(columns) + format_ratios(columns))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="create .venv-maskbench with the pinned peers")

    def common(p):
        p.add_argument("directory", nargs="?", default=DEFAULT_DATA, help="the MaskBench folder")
        p.add_argument("--tokenizer", default=DEFAULT_TOKENIZER, help="tokenizer folder (tokenizer.json, config.json)")
        p.add_argument("--files", help="a file listing names, or comma-separated names")
        p.add_argument("--limit", type=int, help="only the first N files")
        p.add_argument("--time-limit", type=float, default=30, help="seconds per file (0 = none)")
        p.add_argument("--memory-limit-mb", type=int, default=16384, help="address-space limit of a worker")

    p = sub.add_parser("run", help="run one peer engine")
    common(p)
    p.add_argument("--engine", required=True, choices=ENGINES)
    p.add_argument("--out", help="JSONL, one line per file")
    p.add_argument("--summary-json", help="summary JSON (same keys as strait bench maskbench)")
    p.add_argument("--quiet", action="store_true")

    p = sub.add_parser("compare", help="run Strait and the peers, print one table")
    common(p)
    p.add_argument("--engines", default="strait," + ",".join(ENGINES))
    p.add_argument("--out-dir", default=os.path.join(ROOT, "out", "maskbench"))
    p.add_argument("--strait", default=os.path.join(ROOT, ".build", "release", "strait"))
    p.add_argument("--strait-args", nargs=argparse.REMAINDER, default=[], help="extra arguments for strait (last)")
    p.add_argument("--reuse", action="store_true", help="reuse existing summaries in --out-dir")

    p = sub.add_parser("subset", help="print a deterministic subset of file names")
    p.add_argument("directory", nargs="?", default=DEFAULT_DATA)
    p.add_argument("--count", type=int, default=400)
    p.add_argument("--salt", default="strait-maskbench-subset:")

    p = sub.add_parser("table", help="print the comparison table from summary files")
    p.add_argument("summaries", nargs="+", help="NAME=path/to/summary.json (put strait first)")

    p = sub.add_parser("worker")
    p.add_argument("--engine", required=True, choices=ENGINES)
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--memory-limit-mb", type=int, default=0)

    args = parser.parse_args()
    if args.command == "setup":
        setup_venv()
    elif args.command == "table":
        table_main(args)
    elif args.command == "subset":
        subset_main(args)
    else:
        ensure_in_venv()
        if args.command == "worker":
            worker_main(args)
        elif args.command == "run":
            run_engine(args)
        elif args.command == "compare":
            compare_main(args)


if __name__ == "__main__":
    main()
