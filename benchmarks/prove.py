"""Benchmark ``ceproof prove``: CLI wall time, and in-process speed against naive SymPy.

Part 1 runs ``python -m ceproof prove --classes K`` (and the every-K ``prove`` and
``--help``) as subprocesses and reports whole-process wall time against targets.
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

CLI_KS = (2, 3, 5, 10, 20, 50, 100, 200)
QUICK_CLI_KS = (2, 3, 5, 10)
CLI_TARGETS = {"prove --classes 10": 1.5, "prove --classes 100": 5.0, "prove --classes 200": 12.0,
               "prove": 2.0, "--help": 0.3}
API_KS = (2, 3, 5, 8, 10, 20, 50, 100, 200)
QUICK_API_KS = (2, 3, 5, 8)
SPEEDUP_TARGETS = {8: 20.0, 20: 40.0}


def verdict(value, target, higher_is_better=False):
    if target is None or value is None:
        return ""
    return "PASS" if (value >= target if higher_is_better else value <= target) else "FAIL"


def time_cli(args):
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceproof", *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ceproof {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def best(repeat, measure):
    """The smallest of ``repeat`` measurements (one only when the first takes over 10 s)."""
    times = [measure()]
    while len(times) < repeat and times[0] < 10:
        times.append(measure())
    return min(times)


def cli_table(ks, repeat):
    print("1. Whole-process wall time: python -m ceproof ...  (stdout discarded, exit code 0)")
    print(f"{'command':<24}{'seconds':>9}{'target':>9}  result")
    for args in [["prove", "--classes", str(k)] for k in ks] + [["prove"], ["--help"]]:
        name = " ".join(args)
        seconds, target = best(repeat, lambda: time_cli(args)), CLI_TARGETS.get(name)
        shown = f"<= {target:g}" if target else ""
        print(f"{name:<24}{seconds:>9.2f}{shown:>9}  {verdict(seconds, target)}", flush=True)


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
