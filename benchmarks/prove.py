"""Benchmark ``ceproof prove``: CLI wall time, and in-process speed against naive SymPy.

Part 1 runs ``python -m ceproof prove --classes K`` for K = 2 … 1000 as subprocesses: the terminal
proof, the JSON (time and size) and ``check`` of its certificate, each with its peak memory, against
the targets (K = 200: prove and check within 2 s, JSON within 3 s and 5 MB; K = 1000: prove and check
within 30 s and 1 GB); then the every-K ``prove`` and ``--help``.
Part 2, in one process, times ``ceproof.api.prove(K)`` against the naive route:
``sympy.hessian`` of the raw loss -log(softmax(z)[0]) followed by ``sympy.simplify``
of every entry minus diag(p) - pp^T. Every timed run starts from cleared caches
(SymPy's and ceproof's), so no K is flattered by an earlier one. Each time is the best of
--repeat runs (default 5), the usual estimate on a shared machine; a naive run that takes
over 10 s is not repeated.

Run:  python benchmarks/prove.py            (full; several minutes)
      python benchmarks/prove.py --quick    (smoke test: small K only)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

CLI_KS = (2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)
QUICK_CLI_KS = (2, 3, 5, 10)
TARGETS = {  # (seconds, MB) of a whole process; None: no target
    ("prove", 200): (2.0, None), ("prove", 1000): (30.0, 1024), ("json", 200): (3.0, None),
    ("check", 200): (2.0, None), ("check", 1000): (30.0, 1024),
}
JSON_SIZE_TARGET = {200: 5.0}  # MB
OTHER_TARGETS = {"prove": 2.0, "--help": 0.3}
API_KS = (2, 3, 5, 8, 10, 20, 50, 100, 200, 500, 1000)
QUICK_API_KS = (2, 3, 5, 8)
SPEEDUP_TARGETS = {8: 20.0, 20: 40.0}


def verdict(value, target, higher_is_better=False):
    if target is None or value is None:
        return ""
    return "PASS" if (value >= target if higher_is_better else value <= target) else "FAIL"


def run_cli(args):
    """Seconds and peak memory (MB) of ``python -m ceproof ARGS`` as a whole process; exit code 0 wanted."""
    import os

    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "ceproof", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"ceproof {' '.join(args)} exited {child.returncode}:\n{child.stderr.read()}")
    return elapsed, usage.ru_maxrss / 1024


def time_cli(args):
    return run_cli(args)[0]


def best(repeat, measure):
    """The smallest of ``repeat`` measurements (one only when the first takes over 10 s)."""
    def seconds(measured):
        return measured[0] if isinstance(measured, tuple) else measured

    times = [measure()]
    while len(times) < repeat and seconds(times[0]) < 10:
        times.append(measure())
    return min(times, key=seconds)


def _shown(value, target, unit) -> str:
    if target is None:
        return f"{value:>8.2f}{'':>9}"
    return f"{value:>8.2f}{'<= ' + format(target, 'g'):>9}" + ("" if value <= target else "!")


def cli_table(ks, repeat):
    """prove (terminal text), prove --format json (time and size), and check of the certificate, each a
    whole process: seconds (best of ``repeat``) and peak memory."""
    import os
    import tempfile

    print("1. Whole-process wall time (best of runs) and peak memory: python -m ceproof ...")
    print(f"{'K':>5} {'prove s':>8}{'target':>9} {'MB':>6}  {'json s':>8}{'target':>9} {'json MB':>8}"
          f"  {'check s':>8}{'target':>9} {'MB':>6}  result")
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for k in ks:
            json_path = os.path.join(folder, f"k{k}.json")
            certificate = os.path.join(folder, f"k{k}.certificate.json")
            prove_s, prove_mb = best(repeat, lambda: run_cli(["prove", "--classes", str(k)]))
            json_s, _ = best(repeat, lambda: run_cli(["prove", "--classes", str(k), "-o", json_path, "--force"]))
            json_mb = os.path.getsize(json_path) / 1e6
            run_cli(["prove", "--classes", str(k), "-o", certificate, "--force"])
            check_s, check_mb = best(repeat, lambda: run_cli(["check", certificate]))
            rows = [("prove", prove_s, prove_mb), ("json", json_s, None), ("check", check_s, check_mb)]
            bad = []
            for kind, seconds, mb in rows:
                seconds_target, mb_target = TARGETS.get((kind, k), (None, None))
                if seconds_target is not None and seconds > seconds_target:
                    bad.append(f"{kind} time")
                if mb_target is not None and mb is not None and mb > mb_target:
                    bad.append(f"{kind} memory")
            if k in JSON_SIZE_TARGET and json_mb > JSON_SIZE_TARGET[k]:
                bad.append("json size")
            failures += bool(bad)
            targets = [TARGETS.get((kind, k), (None, None))[0] for kind in ("prove", "json", "check")]
            result = ("FAIL: " + ", ".join(bad)) if bad else ("PASS" if any(t for t in targets) else "")
            print(f"{k:>5} {_shown(prove_s, targets[0], 's')} {prove_mb:>6.0f}  {_shown(json_s, targets[1], 's')} "
                  f"{json_mb:>8.2f}  {_shown(check_s, targets[2], 's')} {check_mb:>6.0f}  {result}", flush=True)
    for args in (["prove"], ["--help"]):
        name = " ".join(args)
        seconds = best(repeat, lambda: time_cli(args))
        target = OTHER_TARGETS[name]
        print(f"{name:<24}{seconds:>9.2f}{'<= ' + format(target, 'g'):>9}  {verdict(seconds, target)}", flush=True)


def naive(k):
    """The naive SymPy route: differentiate the raw loss twice, simplify each entry's error."""
    import sympy

    zs = sympy.symbols(f"z0:{k}", real=True)
    total = sum(sympy.exp(z) for z in zs)
    loss = -sympy.log(sympy.exp(zs[0]) / total)
    hessian = sympy.hessian(loss, zs)
    p = [sympy.exp(z) / total for z in zs]
    for i in range(k):
        for j in range(k):
            target = (p[i] if i == j else 0) - p[i] * p[j]
            assert sympy.simplify(hessian[i, j] - target) == 0, (k, i, j)


def ours(k):
    from ceproof.api import prove

    proof = prove(k)
    assert proof is not None


def fresh_timed(fn, k):
    """Seconds for fn(k) after clearing SymPy's cache and ceproof's module-level caches."""
    from ceproof.kernel.engines.explicit import clear_caches
    from sympy.core.cache import clear_cache

    clear_cache()
    clear_caches()
    start = time.perf_counter()
    fn(k)
    return time.perf_counter() - start


def api_table(ks, naive_max_k, max_naive_seconds, repeat):
    start = time.perf_counter()
    import sympy  # noqa: F401
    sympy_import = time.perf_counter() - start
    start = time.perf_counter()
    import ceproof.api, ceproof.derivations.builder, ceproof.kernel.verify  # noqa: E401,F401
    import ceproof.derivations.convexity, ceproof.derivations.cross_entropy  # noqa: E401,F401
    import ceproof.derivations.softmax  # noqa: F401
    ceproof_import = time.perf_counter() - start
    print()
    print("2. In one process: ceproof.api.prove(K) vs naive sympy.hessian + simplify per entry")
    print(f"   import sympy: {sympy_import:.2f} s; import ceproof modules: {ceproof_import:.2f} s (not in times below)")
    print(f"{'K':>4}{'ours s':>10}{'naive s':>10}{'speed-up':>10}{'target':>9}  result")
    run_naive = True
    for k in ks:
        mine = best(repeat, lambda: fresh_timed(ours, k))
        wanted = run_naive or k in SPEEDUP_TARGETS  # the target rows always run the naive route
        theirs = best(repeat, lambda: fresh_timed(naive, k)) if wanted and k <= naive_max_k else None
        ratio = theirs / mine if theirs is not None else None
        target = SPEEDUP_TARGETS.get(k)
        naive_shown = f"{theirs:.2f}" if theirs is not None else "skipped"
        ratio_shown = f"{ratio:.1f}x" if ratio is not None else "-"
        target_shown = f">= {target:g}x" if target else ""
        result = verdict(ratio, target, higher_is_better=True) or ("FAIL (not run)" if target else "")
        print(f"{k:>4}{mine:>10.3f}{naive_shown:>10}{ratio_shown:>10}{target_shown:>9}  {result}", flush=True)
        if theirs is not None and theirs > max_naive_seconds:
            run_naive = False


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small K only; naive route up to K=8")
    parser.add_argument("--max-naive-seconds", type=float, default=60.0,
                        help="stop the naive route after a K that took longer (default 60); "
                             "K=8 and K=20 always run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the best counts")
    options = parser.parse_args()
    cli_table(QUICK_CLI_KS if options.quick else CLI_KS, options.repeat)
    api_table(QUICK_API_KS if options.quick else API_KS, 8 if options.quick else max(API_KS),
              options.max_naive_seconds, options.repeat)


if __name__ == "__main__":
    main()
