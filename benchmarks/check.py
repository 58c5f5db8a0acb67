"""Benchmark ``ceproof check``: checking a certificate against producing it.

Part 1 times whole processes, alternating the two so that both see the same machine load:
producing (``python -m ceproof prove --classes K --format certificate -o FILE``) and checking
(``python -m ceproof check FILE``, which spreads the step checks over two processes from K = 150).
Part 2, in one process from cleared caches, times building the proof (``api.prove``), reading the
certificate, and re-checking it on one core and on all, against the naive route of issue 2
(``sympy.hessian`` of the raw loss, then ``sympy.simplify`` of every entry minus diag(p) − ppᵀ),
which checks far less. Every time is the best of --repeat runs (default 5).

Run:  python benchmarks/check.py            (K = 3, 10, 50, 100, 200)
      python benchmarks/check.py --quick    (K = 3, 10)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

from prove import naive  # the naive SymPy route of benchmarks/prove.py (this folder is on sys.path)

KS = (3, 10, 50, 100, 200)
QUICK_KS = (3, 10)
NAIVE_UP_TO = 10


def run_cli(args) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceproof", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"ceproof {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def cli_table(ks, repeat: int) -> None:
    print("1. Whole-process wall time, best of", repeat, "(produce and check alternate)")
    print(f"{'certificate of':<22}{'produce s':>10}{'check s':>9}{'check/produce':>15}  check <= produce")
    with tempfile.TemporaryDirectory() as folder:
        for k in ks:
            path = os.path.join(folder, f"ce{k}.json")
            produce = ["prove", "--classes", str(k), "--format", "certificate", "-o", path, "--force"]
            run_cli(produce)
            made, checked = [], []
            for _ in range(repeat):
                made.append(run_cli(produce))
                checked.append(run_cli(["check", path]))
            ratio = min(checked) / min(made)
            print(f"{'prove --classes ' + str(k):<22}{min(made):>10.2f}{min(checked):>9.2f}{ratio:>15.2f}  "
                  f"{'PASS' if ratio <= 1 else 'FAIL'}")


def fresh():
    import sympy

    from ceproof.kernel.engines.explicit import clear_caches

    sympy.core.cache.clear_cache()
    clear_caches()


def best(repeat: int, measure) -> float:
    times = []
    for _ in range(repeat):
        fresh()
        start = time.perf_counter()
        measure()
        times.append(time.perf_counter() - start)
    return min(times)


def api_table(ks, repeat: int) -> None:
    from ceproof import api
    from ceproof.certificate import read_certificate
    from ceproof.kernel.verify import verify

    def recheck(read, workers=1):
        proof, _, _ = read
        return verify(proof, workers)

    from ceproof.cli import MAX_WORKERS

    cores = min(os.cpu_count() or 1, MAX_WORKERS)
    print(f"\n2. In one process, best of {repeat}, caches cleared before each run (as the CLI: {cores} workers)")
    print(f"{'K':>4}{'build s':>9}{'read s':>8}{'check 1 core':>14}{f'check {cores} workers':>17}{'naive s':>9}")
    for k in ks:
        data = api.prove(k).to_certificate().encode()
        build = best(repeat, lambda: api.prove(k))
        read = best(repeat, lambda: read_certificate(data))
        proof = read_certificate(data)
        serial = best(repeat, lambda: recheck(read_certificate(data)))
        parallel = best(repeat, lambda: recheck(read_certificate(data), cores))
        assert all(r.ok for r in recheck(proof))
        slow = f"{best(min(repeat, 2), lambda: naive(k)):>9.2f}" if k <= NAIVE_UP_TO else f"{'-':>9}"
        print(f"{k:>4}{build:>9.3f}{read:>8.3f}{serial:>14.3f}{parallel:>17.3f}{slow}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small K only")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    ks = QUICK_KS if options.quick else KS
    cli_table(ks, options.repeat)
    api_table(ks, options.repeat)


if __name__ == "__main__":
    main()
