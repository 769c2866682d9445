#!/usr/bin/env python3
"""Validator throughput on MaskBench: Strait vs Python jsonschema vs jsonschema-rs.

Creates (or reuses) a virtualenv at .venv-peers with `jsonschema` and `jsonschema-rs`
from PyPI, then, for every MaskBench file (default /work/shared/maskbench/*.json):
compiles its schema once per validator (files whose schema a validator cannot compile
are skipped for that validator and counted), and validates every test instance
(`data`, valid and invalid ones) with `is_valid`, in passes over the whole set until
--seconds have elapsed. Strait's figure comes from the same run through the CLI's
measurement mode (`strait validate --bench-maskbench DIR`). Prints a table.

With --rounds N, Strait and jsonschema-rs are timed in turn N times (each for --seconds;
jsonschema-rs compiles once), every round's ratio is printed, and the table holds the
best figure of each: on a shared machine the two then run under the same load.

With --per-file OUT.tsv it instead times Strait and jsonschema-rs file by file (Strait
through one CLI run per file on a one-file directory, each side for --seconds per file, so
use a small value such as 0.005) and writes microseconds per instance for each, then lists
the files that take most of Strait's time and those where it is furthest behind.

Usage: scripts/validator-peers.py [--maskbench DIR] [--strait PATH] [--seconds S]
                                  [--per-file OUT.tsv] [--rounds N] [--no-python]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-peers")


def ensure_venv():
    """Re-runs this script inside .venv-peers, creating it on first use."""
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "jsonschema", "jsonschema-rs"])
    os.execv(python, [python] + sys.argv)


def load(directory):
    work = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        instances = [t["data"] for t in doc.get("tests", []) if "data" in t]
        work.append((doc["schema"], instances))
    return work


def compile_all(compile_one, work):
    """(compiled validators with their instances, schemas that failed, seconds)."""
    compiled, failed = [], 0
    t0 = time.perf_counter()
    for schema, instances in work:
        try:
            v = compile_one(schema)
        except Exception:
            failed += 1
            continue
        if instances:
            compiled.append((v, instances))
    return compiled, failed, time.perf_counter() - t0


def measure(name, compile_one, work, seconds, precompiled=None):
    compiled, failed, compile_s = precompiled or compile_all(compile_one, work)
    n = sum(len(i) for _, i in compiled)
    done, start = 0, time.perf_counter()
    while True:
        for v, instances in compiled:
            for x in instances:
                try:
                    v.is_valid(x)
                except Exception:
                    pass  # a validator error on one instance counts as validated
            done += len(instances)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    return {"validator": name, "schemas": len(compiled), "schemas_failed": failed, "instances": n,
            "instances_per_second": done / elapsed, "compile_seconds": compile_s}


def rs_seconds_per_instance(validator, instances, seconds):
    """jsonschema-rs's time per instance on one file (passes until `seconds` have elapsed)."""
    done, start = 0, time.perf_counter()
    while True:
        for x in instances:
            try:
                validator.is_valid(x)
            except Exception:
                pass
        done += len(instances)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / done


def per_file(args, jsonschema_rs):
    """Times both validators on each file; writes a TSV and prints where Strait's time goes."""
    rows = []
    paths = sorted(glob.glob(os.path.join(args.maskbench, "*.json")))
    with tempfile.TemporaryDirectory() as tmp:
        for n, path in enumerate(paths):
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            instances = [t["data"] for t in doc.get("tests", []) if "data" in t]
            if not instances:
                continue
            try:
                rs = rs_seconds_per_instance(jsonschema_rs.validator_for(doc["schema"]), instances, args.seconds)
            except Exception:
                continue
            one = os.path.join(tmp, "one")
            os.makedirs(one, exist_ok=True)
            link = os.path.join(one, os.path.basename(path))
            os.symlink(os.path.abspath(path), link)
            try:
                out = subprocess.run([args.strait, "validate", "--bench-maskbench", one, "--bench-seconds",
                                      str(args.seconds)], capture_output=True, text=True).stdout
                rate = json.loads(out.strip().splitlines()[-1])["instances_per_second"]
            except Exception:
                rate = 0
            finally:
                os.unlink(link)
            if rate > 0:
                rows.append((os.path.basename(path), len(instances), 1e6 / rate, rs * 1e6))
            if n % 500 == 0:
                print("%d/%d" % (n, len(paths)), file=sys.stderr)
    with open(args.per_file, "w") as f:
        f.write("file\tinstances\tstrait_us\tjsonschema_rs_us\n")
        for r in rows:
            f.write("%s\t%d\t%.3f\t%.3f\n" % r)
    strait_total = sum(n * s for _, n, s, _ in rows)
    rs_total = sum(n * r for _, n, _, r in rows)
    print("one pass over %d files: Strait %.1f ms, jsonschema-rs %.1f ms (ratio %.2fx)" %
          (len(rows), strait_total / 1e3, rs_total / 1e3, rs_total / strait_total))
    print("\nfiles with the most Strait time (share, µs/instance Strait vs jsonschema-rs):")
    for name, n, s, r in sorted(rows, key=lambda r: -r[1] * r[2])[:25]:
        print("  %5.1f%%  %8.2f %8.2f  %s" % (100 * n * s / strait_total, s, r, name))
    print("\nfiles where Strait loses most time to jsonschema-rs (µs lost per pass):")
    for name, n, s, r in sorted(rows, key=lambda r: -r[1] * (r[2] - r[3]))[:25]:
        print("  %8.1f  %8.2f %8.2f  %s" % (n * (s - r), s, r, name))


def main():
    ensure_venv()
    import jsonschema
    import jsonschema_rs
    from importlib.metadata import version

    p = argparse.ArgumentParser()
    p.add_argument("--maskbench", default="/work/shared/maskbench")
    p.add_argument("--strait", default=os.path.join(ROOT, ".build", "release", "strait"))
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--per-file", metavar="OUT.tsv", help="time Strait and jsonschema-rs file by file")
    p.add_argument("--rounds", type=int, default=1,
                   help="alternate Strait and jsonschema-rs this many times (--seconds each), print every "
                        "round's ratio and the best of each in the table: on a shared machine both then "
                        "see the same load")
    p.add_argument("--no-python", action="store_true", help="leave out the Python jsonschema package")
    args = p.parse_args()

    if not os.path.exists(args.strait):
        subprocess.check_call(["swift", "build", "-c", "release", "--product", "strait"], cwd=ROOT)
    if args.per_file:
        per_file(args, jsonschema_rs)
        return
    def run_strait():
        out = subprocess.run([args.strait, "validate", "--bench-maskbench", args.maskbench, "--bench-seconds",
                              str(args.seconds)], check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    work = load(args.maskbench)

    def py_compile(schema):
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        return cls(schema)

    rs_name = "jsonschema-rs %s" % version("jsonschema-rs")
    rs_compiled = compile_all(jsonschema_rs.validator_for, work)
    best_strait, best_rs = None, None
    for round_ in range(args.rounds):
        strait = run_strait()
        rs = measure(rs_name, None, work, args.seconds, precompiled=rs_compiled)
        if args.rounds > 1:
            print("round %d: strait %.0f, jsonschema-rs %.0f instances/s (ratio %.2fx)" %
                  (round_ + 1, strait["instances_per_second"], rs["instances_per_second"],
                   strait["instances_per_second"] / rs["instances_per_second"]), flush=True)
        if best_strait is None or strait["instances_per_second"] > best_strait["instances_per_second"]:
            best_strait = strait
        if best_rs is None or rs["instances_per_second"] > best_rs["instances_per_second"]:
            best_rs = rs
    rows = [best_strait]
    if not args.no_python:
        rows.append(measure("jsonschema %s (Python)" % version("jsonschema"), py_compile, work, args.seconds))
    rows.append(best_rs)
    print("%-32s %10s %14s %12s %16s" % ("validator", "schemas", "not compiled", "instances", "instances/s"))
    for r in rows:
        print("%-32s %10d %14d %12d %16.0f" % (r["validator"], r["schemas"], r["schemas_failed"], r["instances"],
                                               r["instances_per_second"]))


if __name__ == "__main__":
    main()
