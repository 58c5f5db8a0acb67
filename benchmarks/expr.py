"""Benchmark ``ceproof prove --expr`` (issue 13) against CVXPY's DCP analysis, side by side in one run.

For each function of ``expr_functions.FUNCTIONS``, ``MORE_FUNCTIONS`` and ``THIRD_FUNCTIONS`` (known verdicts): ceproof's answer and whole-process time
(``python -m ceproof prove --expr … --format json``: exit 0 proved, 1 refuted, 4 unknown), and CVXPY's verdict
on the same text, translated atom for atom (exp → cp.exp, softplus → cp.logistic, logsumexp → cp.log_sum_exp,
…): "convex" when DCP certifies it, "not DCP" when it does not, "rejected" when CVXPY refuses to build it (a
product of two variables, a division by one). DCP can never say "not convex". Then the totals against the
targets: no wrong verdict, ≥ 90 % of the convex functions proved and of the others refuted, ≤ 2 s each.

CVXPY is used only here, not by ceproof: ``pip install cvxpy-base`` (the DCP analysis needs no solver).

Run:  python benchmarks/expr.py
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from expr_functions import FUNCTIONS, MORE_FUNCTIONS, THIRD_FUNCTIONS  # noqa: E402

TIME_TARGET = 2.0
SHARE_TARGET = 0.9
EXIT_ANSWERS = {0: "proved", 1: "refuted", 4: "unknown"}


def ceproof_answer(text: str, declarations: tuple, positive: tuple) -> tuple:
    """(answer, seconds) of one whole ``ceproof prove --expr`` process."""
    args = [sys.executable, "-m", "ceproof", "prove", "--expr", text, "--format", "json"]
    for declaration in declarations:
        args += ["--var", declaration]
    for name in positive:
        args += ["--positive", name]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    answer = EXIT_ANSWERS.get(done.returncode, f"exit {done.returncode}")
    if done.returncode in (0, 1) and json.loads(done.stdout)["verdict"] != answer:
        answer = "mismatch"
    return answer, seconds


def cvxpy_answer(text: str, declarations: tuple, positive: tuple) -> tuple:
    """(CVXPY's DCP verdict, seconds) on the same text."""
    import cvxpy as cp

    start = time.perf_counter()
    try:
        expression = _Translator(cp, declarations, positive).read(ast.parse(text, mode="eval").body)
        verdict = "convex" if expression.is_dcp() and expression.is_convex() else "not DCP"
    except Exception:  # CVXPY refuses to build it (a product or quotient of two variables, an atom it lacks)
        verdict = "rejected"
    return verdict, time.perf_counter() - start


class _Translator:
    """The text as a CVXPY expression, atom for atom (the benchmark's own reading, as a user would write it)."""

    def __init__(self, cp, declarations, positive):
        self.cp = cp
        self.variables = {}
        for declaration in declarations:
            name, _, size = declaration.partition(":")
            self.variables[name] = cp.Variable(int(size) if size else (), name=name, pos=name in positive)
        self.free = not declarations
        self.positive = positive

    def read(self, node):
        cp = self.cp
        if isinstance(node, ast.Constant):
            return float(Fraction(str(node.value)))
        if isinstance(node, ast.Name):
            if node.id not in self.variables and self.free:
                self.variables[node.id] = cp.Variable(name=node.id, pos=node.id in self.positive)
            return self.variables[node.id]
        if isinstance(node, ast.Subscript):
            return self.read(node.value)[node.slice.value]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self.read(node.operand)
        if isinstance(node, ast.BinOp):
            left, right = self.read(node.left), self.read(node.right)
            if isinstance(node.op, ast.Pow):
                return cp.power(left, right)
            operations = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                          ast.Div: lambda a, b: a / b}
            return operations[type(node.op)](left, right)
        if isinstance(node, ast.Call):
            arguments = [self.read(a) for a in node.args]
            name = node.func.id
            atoms = {"exp": cp.exp, "log": cp.log, "sqrt": cp.sqrt, "abs": cp.abs, "softplus": cp.logistic,
                     "logsumexp": cp.log_sum_exp, "sum": cp.sum,
                     "sigmoid": lambda a: 1 / (1 + cp.exp(-a)), "cosh": lambda a: (cp.exp(a) + cp.exp(-a)) / 2,
                     "softmax": lambda z: cp.exp(z) / cp.sum(cp.exp(z))}
            if name in ("max", "min"):
                if len(arguments) == 1:
                    return (cp.max if name == "max" else cp.min)(arguments[0])
                return (cp.maximum if name == "max" else cp.minimum)(*arguments)
            return atoms[name](*arguments)  # tanh: no CVXPY atom (KeyError: rejected)
        raise ValueError(f"no translation of {ast.dump(node)}")


def main() -> None:
    try:
        import cvxpy
        cvxpy_version = cvxpy.__version__
    except ImportError:
        cvxpy_version = None
    print(f"ceproof prove --expr against CVXPY {cvxpy_version or '(not installed: pip install cvxpy-base)'} DCP; "
          "ceproof time is the whole process")
    for title, functions in (("the issue's set (FUNCTIONS)", FUNCTIONS),
                             ("a second set, written later (MORE_FUNCTIONS)", MORE_FUNCTIONS),
                             ("a third set, written on 2026-12-02 (THIRD_FUNCTIONS)", THIRD_FUNCTIONS)):
        run_set(title, functions, cvxpy_version)


def run_set(title: str, functions: tuple, cvxpy_version) -> None:
    """Each function's row, then the totals against the targets."""
    print(f"\n{title}: {len(functions)} functions\n")
    print(f"{'function':58} {'known':10} {'ceproof':9} {'s':>5}  {'CVXPY':9}")
    totals = {"convex": [0, 0, 0], "not convex": [0, 0, 0]}  # [count, ceproof right, cvxpy certified]
    wrong, slow, times = [], [], []
    for text, declarations, positive, known, _ in functions:
        answer, seconds = ceproof_answer(text, declarations, positive)
        dcp = cvxpy_answer(text, declarations, positive)[0] if cvxpy_version else "n/a"
        times.append(seconds)
        expected = "proved" if known == "convex" else "refuted"
        totals[known][0] += 1
        totals[known][1] += answer == expected
        totals[known][2] += dcp == "convex"
        if answer in ("proved", "refuted", "mismatch") and answer != expected:
            wrong.append(text)
        if seconds > TIME_TARGET:
            slow.append(text)
        shown = text + "".join(f" --var {d}" for d in declarations) + "".join(f" --positive {p}" for p in positive)
        print(f"{shown[:58]:58} {known:10} {answer:9} {seconds:5.2f}  {dcp:9}", flush=True)
    convex, other = totals["convex"], totals["not convex"]
    print()
    print(f"convex:     ceproof proved {convex[1]}/{convex[0]} ({convex[1] / convex[0]:.0%}; target "
          f"{SHARE_TARGET:.0%}), CVXPY DCP certified {convex[2]}/{convex[0]}")
    print(f"not convex: ceproof refuted {other[1]}/{other[0]} ({other[1] / other[0]:.0%}; target {SHARE_TARGET:.0%}), "
          "CVXPY cannot refute")
    print(f"wrong verdicts: {len(wrong)} (target 0){': ' + '; '.join(wrong) if wrong else ''}")
    print(f"time: median {sorted(times)[len(times) // 2]:.2f} s, max {max(times):.2f} s; over {TIME_TARGET} s: "
          f"{len(slow)}{': ' + '; '.join(slow) if slow else ''}")


if __name__ == "__main__":
    main()
