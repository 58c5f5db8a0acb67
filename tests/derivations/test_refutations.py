"""Refuted variants: every counterexample is certified, agrees with an independent float evaluation, and
a wrong counterexample fails its check; the CLI exits 1 for a refutation and 2 for bad parameters."""

import dataclasses
import json
import math
import os
import re
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction

import pytest
import sympy
from click.testing import CliRunner
from sympy import Max, Rational, Sum, exp, log

from support import check as check_in
from ceproof import api, family
from ceproof.checked import CheckedProof
from ceproof.cli import cli
from ceproof.derivations import refutations
from ceproof.derivations.builder import ProofBuilder
from ceproof.derivations.cross_entropy import raw_loss
from ceproof.family.statements import A, C
from ceproof.kernel.citations import CONVEXITY_DEFINITION
from ceproof.kernel.claims import Cited, Counterexample, Definition
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import OneHotLabel, RealSpace
from ceproof.kernel.statement import NotConvex
from ceproof.kernel.verify import verify
from ceproof.render.json import to_dict

IN_CI = os.environ.get("CI") == "true"

CASES = [
    ("mse-softmax", {}), ("mse-softmax", {"classes": 2}), ("mse-softmax", {"classes": 7, "label": 4}),
    ("focal", {}), ("focal", {"gamma": "1/2"}), ("focal", {"gamma": "5", "classes": 2}),
    ("focal", {"classes": 10, "label": 9, "gamma": "3/2"}),
    ("two-layer", {"activation": "relu"}), ("two-layer", {"activation": "tanh"}), ("two-layer", {"activation": "identity"}),
    ("negated", {}), ("negated", {"classes": 5, "label": 2}),
    ("softmax-prob", {}), ("softmax-prob", {"classes": 2}), ("softmax-prob", {"classes": 30, "label": 29}),
]
NAMES = ["mse-softmax", "focal", "two-layer", "negated", "softmax-prob"]


def case_id(case):
    name, parameters = case
    return "-".join([name, *(f"{k}={v}" for k, v in parameters.items())])


# ---------------------------------------------------------------- an independent evaluation with floats

def softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


ACTIVATIONS = {"relu": lambda b: max(0.0, b), "tanh": math.tanh, "identity": lambda b: b}


def float_loss(name: str, parameters: dict):
    """The loss written again with the math module, from its textbook formula (not from the proof)."""
    c = parameters.get("label")
    if name == "mse-softmax":
        return lambda z: sum((p - (r == c)) ** 2 for r, p in enumerate(softmax(z)))
    if name == "focal":
        gamma = float(Fraction(parameters["gamma"]))
        return lambda z: -(1 - softmax(z)[c]) ** gamma * math.log(softmax(z)[c])
    if name == "negated":
        return lambda z: math.log(softmax(z)[c])
    if name == "softmax-prob":
        return lambda z: softmax(z)[c]
    if name == "two-layer":
        act = ACTIVATIONS[parameters["activation"]]
        return lambda w: math.log1p(math.exp(-w[0] * act(w[1])))
    raise KeyError(name)


def close_to(value: float, bounds: list, relative=1e-9) -> bool:
    low, high = (float(Decimal(b)) for b in bounds)
    slack = relative * max(1.0, abs(value))
    return low - slack <= value <= high + slack


def point(coordinates: list) -> list:
    return [float(Fraction(x)) for x in coordinates]


@pytest.fixture(scope="module")
def proofs():
    cache = {}

    def get(name, parameters):
        key = (name, tuple(sorted(parameters.items())))
        if key not in cache:
            cache[key] = api.prove(loss=name, **parameters)
        return cache[key]
    return get


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_refutation_checks_and_cites_only_the_definition_of_convexity(proofs, case):
    proof = proofs(*case)
    assert proof.verdict == "refuted" and proof.kind == "refute"
    for step, result in zip(proof.steps, proof.results, strict=True):
        assert result.status == ("cited" if isinstance(step.claim, Cited) else "verified"), (step.key, result)
    assert sum(isinstance(s.claim, Counterexample) for s in proof.steps) == 1
    assert proof.trusted_base == (CONVEXITY_DEFINITION,)


def certified(proof):
    """The counterexample step's claim and the enclosures its check computed (name -> decimal strings)."""
    for step, result in zip(proof.steps, proof.results):
        if isinstance(step.claim, Counterexample):
            return step.claim, {name: value for name, value in result.evidence if name != "bits"}
    raise AssertionError("no counterexample step")


def statement_function(proof):
    """The statement's function, written out, as a float function of its variables' entries."""
    n, statement = proof.notation, proof.statement
    variables = [e for v in statement.variables for e in (n.entries(v) if isinstance(v, sympy.IndexedBase) else (v,))]
    expr = n.explicit(statement.function)
    assert expr.free_symbols <= set(variables), expr.free_symbols
    function = sympy.lambdify(variables, expr, "math")
    return lambda point: function(*point)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_statement_refutes_the_loss_in_its_parameters(proofs, case):
    name, _ = case
    proof = proofs(*case)
    n, statement = proof.notation, proof.statement
    assert statement == family.canonical(*family.resolve(*case))[1]
    assert statement.properties == (NotConvex(statement.variables),)
    if name == "two-layer":
        assert statement.variables == (A, C) and statement.premises == (RealSpace(A), RealSpace(C))
    else:
        label = case[1].get("label", 0)
        assert n.classes == case[1].get("classes", 3) and n.label == label
        assert statement.variables == (n.z,) and statement.premises == (RealSpace(n.z), OneHotLabel(n.y, label))
    assert proof.title == family.LOSSES[name].title


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_float_evaluation_agrees_with_the_certified_intervals(proofs, case):
    """The counterexample, evaluated in floats from the textbook formula and from the statement's own
    function, lies inside the kernel's certified enclosures and violates convexity."""
    name, _ = case
    proof = proofs(*case)
    claim, bounds = certified(proof)
    assert claim.of == proof.statement.name
    for f in (float_loss(name, dict(proof.parameters)), statement_function(proof)):
        if claim.kind == "chord":
            t = float(claim.t)
            x1, x2 = point(claim.x1), point(claim.x2)
            middle = [t * a + (1 - t) * b for a, b in zip(x1, x2)]
            value, line = f(middle), t * f(x1) + (1 - t) * f(x2)
            assert close_to(value, bounds["f_mid"]) and close_to(line, bounds["chord"])
            assert value > line
        else:
            x, d = point(claim.point), point(claim.direction)
            h = 1e-3
            g = [f([a + k * h * b for a, b in zip(x, d)]) for k in (-1, 0, 1)]
            second = (g[0] - 2 * g[1] + g[2]) / h ** 2
            low, high = (float(Decimal(b)) for b in bounds["second_derivative"])
            assert abs(second - (low + high) / 2) <= 1e-5 + 1e-4 * abs(second)
            assert second < 0


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_json_counterexample_is_exact_and_separated(proofs, case):
    proof = proofs(*case)
    data = to_dict(proof)
    example = data["counterexample"]
    count = len(example["variables"])
    assert data["verdict"] == "refuted" and data["loss"] == case[0]
    coordinates = ["x1", "x2"] if example["kind"] == "chord" else ["point", "direction"]
    for key in coordinates:
        assert len(example[key]) == count
        assert all(Fraction(x) == Fraction(str(sympy.Rational(x))) for x in example[key])
    if example["kind"] == "chord":
        assert 0 < Fraction(example["t"]) < 1
        low, high = (Decimal(b) for b in example["f_mid"])
        chord_low, chord_high = (Decimal(b) for b in example["chord"])
        assert chord_low <= chord_high < low <= high
    else:
        low, high = (Decimal(b) for b in example["second_derivative"])
        assert low <= high < 0
    if "label" in data["parameters"]:
        moved = [r for r, x in enumerate(example[coordinates[0]]) if Fraction(x)] + \
                [r for r, x in enumerate(example[coordinates[1]]) if Fraction(x)]
        assert set(moved) == {data["parameters"]["label"]}, "only the true-class logit moves"


def test_the_focal_point_for_gamma_2_is_minus_4():
    assert refutations.focal_point(Fraction(2)) == -4


def test_a_point_far_in_the_tail_is_certified_at_a_higher_precision():
    """γ = 1/200 puts the point at z_0 = −403: the second derivative is about e^{−403}, far below what
    128 bits resolve against the O(1) terms that cancel in it, so the check retries with more bits."""
    proof = api.prove(loss="focal", gamma="1/200", classes=2)
    result = proof.result("counterexample")
    assert result.method == "interval-arithmetic"
    bits = dict(result.evidence)["bits"]
    assert proof.verdict == "refuted" and bits > 128
    assert re.search(rf"mpmath iv, {bits} bits", str(proof))
    low, high = (Decimal(b) for b in dict(result.evidence)["second_derivative"])
    assert low <= high < 0 and high > Decimal("-1E-150")


def test_the_smallest_gamma_accepted_is_still_certified():
    proof = api.prove(loss="focal", gamma="1/10000", classes=2)
    assert proof.verdict == "refuted"
    assert proof.step("counterexample").claim.point[0] == -20003


# ---------------------------------------------------------------- wrong counterexamples fail

N = Notation(3, 0)
I, L = N.indices[0], sympy.Symbol("L")
S_DEF = Definition(N.S, Sum(exp(N.z[N.indices[3]]), N.bounds(N.indices[3])))
P_DEF = Definition(N.p[I], exp(N.z[I]) / N.S, index=I)
MSE = Sum((N.p[I] - N.y[I]) ** 2, N.bounds(I))
HALF = Rational(1, 2)
Z = N.entries(N.z)
DOMAIN = RealSpace(N.z)


def e0(scale):
    return (Rational(scale), sympy.Integer(0), sympy.Integer(0))


def check(claim, *definitions, define=True, notation=N):
    """The kernel's result for ``claim`` using S, p and ``definitions``; with ``define``, also the
    definition of the function the counterexample names (every counterexample must name one)."""
    if define:
        definitions = (*definitions, Definition(claim.of, claim.function))
    return check_in(notation, claim, *((S_DEF, P_DEF) if notation is N else ()), *definitions)


def chord(function, x1, x2, t=HALF, of=L):
    return Counterexample(function, Z, "chord", x1=x1, x2=x2, t=t, of=of)


def curvature(function, at, direction, of=L):
    return Counterexample(function, Z, "curvature", point=at, direction=direction, of=of)


def test_the_right_counterexample_passes_by_hand():
    result = check(chord(MSE, e0(-4), e0(0)))
    assert result.status == "verified" and result.method == "interval-arithmetic"
    low, high = (Decimal(b) for b in dict(result.evidence)["f_mid"])
    chord_low, chord_high = (Decimal(b) for b in dict(result.evidence)["chord"])
    assert chord_high < low <= high


@pytest.mark.parametrize("claim, message", [
    (chord(raw_loss(N), e0(-4), e0(0)), "reversed"),  # cross-entropy is convex: the chord lies above it
    (curvature(raw_loss(N), e0(0), e0(1)), "positive"),  # …and curves upward
    (chord(MSE, e0(0), e0(4)), "reversed"),  # moved to where ‖σ(z) − y‖² is convex along z_0
    (chord(N.p[0], e0(-8), e0(-4)), "reversed"),  # p_0 is convex far left
    (chord(MSE, e0(-4), e0(-4)), "the two points of a chord are the same"),  # x1 = x2: no strict inequality
    (curvature(-raw_loss(N), e0(0), (1, 1, 1)), "overlap"),  # −L is constant along 1: curvature 0
    (curvature(-(1 - N.p[0]) ** 2 * log(N.p[0]), e0(2), e0(1)), "positive"),  # focal, on the convex side
], ids=["convex-chord", "convex-curvature", "mse-moved", "prob-moved", "equal-points", "flat-direction", "focal-moved"])
def test_a_wrong_counterexample_fails(claim, message):
    result = check(claim)
    assert result.status == "failed" and message in result.detail, result.detail


def test_a_counterexample_must_name_its_function():
    unnamed = dataclasses.replace(chord(MSE, e0(-4), e0(0)), of=None)
    result = check(unnamed, define=False)
    assert result.status == "failed" and "must name the function" in result.detail


@pytest.mark.parametrize("t, message", [
    (Rational(0), "not strictly between 0 and 1"), (Rational(1), "not strictly between 0 and 1"),
    (Rational(3, 2), "not strictly between 0 and 1"), (Rational(-1, 2), "not strictly between 0 and 1"),
    (0.5, "a float is not part of a proof"), (None, "needs its weight t"),
    (sympy.Symbol("t", real=True), "not an exact rational"), (sympy.Symbol("t"), "malformed claim"),
], ids=["0", "1", "3/2", "-1/2", "float", "none", "symbol", "symbol-unlike-the-notation"])
def test_t_outside_the_open_unit_interval_or_inexact_fails(t, message):
    result = check(chord(MSE, e0(-4), e0(0), t=t))
    assert result.status == "failed" and message in result.detail, result.detail


@pytest.mark.parametrize("coordinates, message", [
    ((sympy.Float(-4), 0, 0), "Float"), ((sympy.sqrt(2), 0, 0), "power sqrt(2)"),
    ((sympy.Symbol("h", real=True), 0, 0), "not an exact rational"), ((-4, 0), "2 coordinate(s)"),
    ((-4.0, 0, 0), "float"),
], ids=["Float", "sqrt2", "symbol", "too-short", "python-float"])
def test_inexact_or_misshapen_points_fail(coordinates, message):
    for claim in (chord(MSE, coordinates, e0(0)), curvature(MSE, coordinates, e0(1))):
        result = check(claim)
        assert result.status == "failed" and message in result.detail, result.detail


def test_malformed_counterexamples_fail():
    assert "direction is 0" in check(curvature(MSE, e0(-2), e0(0))).detail
    secant = Counterexample(MSE, Z, "secant", x1=e0(-4), x2=e0(0), t=HALF, of=L)
    assert "unknown kind" in check(secant).detail
    repeated = Counterexample(MSE, (Z[0], Z[0], Z[1]), "chord", x1=e0(-4), x2=e0(0), t=HALF, of=L)
    assert "distinct symbols" in check(repeated).detail
    relu = log(1 + exp(-A * Max(0, C)))
    kink = Counterexample(relu, (A, C), "curvature", point=(1, 1), direction=(1, 1), of=L)
    assert "kink" in check(kink).detail


def test_the_function_must_be_the_one_named_and_fully_defined():
    named = chord(MSE, e0(-4), e0(0))
    assert "no used step defines L" in check(named, define=False).detail
    assert check(named, Definition(L, raw_loss(N)), define=False).status == "failed"  # L is defined, as something else
    without_s = check_in(N, named, P_DEF, Definition(L, MSE))
    assert "depends on S" in without_s.detail
    extra = sympy.Symbol("h", real=True)
    assert "depends on h" in check(chord(MSE + extra, e0(-4), e0(0))).detail


def test_a_counterexample_in_index_notation_for_every_k_fails():
    n = Notation(None)
    function = Sum(n.z[I] ** 2, n.bounds(I))
    claim = Counterexample(function, (sympy.Symbol("s", real=True),), "chord", x1=(0,), x2=(1,), t=HALF, of=L)
    assert "explicit number of classes" in check(claim, notation=n).detail


EXAMPLE = chord(MSE, e0(-4), e0(0))
REFUTED = Cited(CONVEXITY_DEFINITION, L, (N.z,))


def test_citing_the_definition_of_convexity_needs_a_counterexample_and_the_domain():
    about_another = chord(MSE, e0(-4), e0(0), of=sympy.Symbol("Q"))  # refutes Q, not L
    assert "do not establish" in check_in(N, REFUTED, about_another, DOMAIN).detail
    assert "must name" in check_in(N, Cited(CONVEXITY_DEFINITION, None, (N.z,)), EXAMPLE, DOMAIN).detail
    assert "counterexample" in check_in(N, REFUTED, DOMAIN).detail
    assert "domain" in check_in(N, REFUTED, EXAMPLE).detail
    assert check_in(N, REFUTED, EXAMPLE, DOMAIN).status == "cited"


def test_the_conclusion_must_be_about_the_function_and_variables_of_the_counterexample():
    def result(subject, variables, example=EXAMPLE, *also):
        return check_in(N, Cited(CONVEXITY_DEFINITION, subject, variables), example, DOMAIN, *also)

    assert result(L, (N.z,)).status == "cited"
    assert result(sympy.Symbol("Q"), (N.z,)).status == "failed"
    assert "not entries" in result(L, Z).detail  # a conclusion names whole vectors
    assert "not entries" in result(L, Z[:2]).detail
    assert result(L, (N.z, N.b), EXAMPLE, RealSpace(N.b)).status == "failed"
    part = Counterexample(MSE, Z[:2], "chord", x1=e0(-4)[:2], x2=e0(0)[:2], t=HALF, of=L)
    assert "every entry" in result(L, (N.z,), part).detail


def test_a_failed_counterexample_is_never_shown_as_refuted():
    notation, statement = family.canonical(family.LOSSES["mse-softmax"], {"classes": 3, "label": 0})
    assert notation == N
    b = ProofBuilder(notation, statement, ("domain", "label"))
    b.add("S", S_DEF, "d", uses=("domain",))
    b.add("p", P_DEF, "d", uses=("S",))
    b.add("L", Definition(L, MSE), "d", uses=("p", "label"))
    b.add("counterexample", chord(MSE, e0(0), e0(4)), "r", uses=("L", "p", "S"))
    b.add("not-convex", REFUTED, "r", uses=("counterexample", "domain"))
    proof = b.build()
    checked = CheckedProof(proof, verify(proof), family.LOSSES["mse-softmax"].title, "mse-softmax")
    assert [r.status for r in checked.results[-3:]] == ["failed", "failed", "failed"]
    assert "reversed" in checked.result("counterexample").detail
    assert checked.verdict == "check failed"
    text = str(checked)
    assert "✗ FAILED" in text and "REFUTED" not in text
    right = dataclasses.replace(proof, steps=tuple(
        dataclasses.replace(s, claim=chord(MSE, e0(-4), e0(0))) if s.key == "counterexample" else s
        for s in proof.steps))
    assert CheckedProof(right, verify(right)).verdict == "refuted"  # the same proof with the right chord


# ---------------------------------------------------------------- the command line

def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("name", NAMES)
def test_prove_a_refuted_loss_exits_1(name):
    result = run("prove", "--loss", name)
    assert result.exit_code == 1, result.output
    assert "REFUTED:" in result.stdout and "✗" not in result.stdout and "PROVED" not in result.stdout
    assert "Definition of convexity" in result.stdout


def test_prove_focal_prints_the_certified_intervals():
    result = run("prove", "--loss", "focal")
    assert result.exit_code == 1
    assert "interval arithmetic" in result.stdout and "second derivative lies in" in result.stdout
    assert "L(s - 4, 0, 0)" in result.stdout


def test_json_has_the_counterexample_and_the_parameters_used():
    result = run("prove", "--loss", "focal", "--format", "json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["verdict"] == "refuted" and data["loss"] == "focal"
    assert data["parameters"] == {"classes": 3, "label": 0, "gamma": 2}
    assert data["counterexample"]["kind"] == "curvature"
    assert data["counterexample"]["point"] == ["-4", "0", "0"]
    assert data["counterexample"]["direction"] == ["1", "0", "0"]
    assert len(data["counterexample"]["second_derivative"]) == 2
    chord_data = json.loads(run("prove", "--loss", "two-layer", "--format", "json").stdout)["counterexample"]
    assert {k: chord_data[k] for k in ("kind", "x1", "x2", "t")} == \
        {"kind": "chord", "x1": ["1", "1"], "x2": ["-1", "-1"], "t": "1/2"}
    assert Decimal(chord_data["f_mid"][0]) > Decimal(chord_data["chord"][1])


@pytest.mark.parametrize("args, message", [
    (["--loss", "focal", "--gamma", "0"], "cross-entropy, which is convex"),
    (["--loss", "focal", "--gamma", "-1"], "--gamma must be > 0"),
    (["--loss", "focal", "--gamma", "x"], "not a number"),
    (["--loss", "focal", "--gamma", "1/20000"], "at least 1/10000"),
    (["--loss", "two-layer", "--activation", "sigmoid"], "--activation must be"),
    (["--loss", "two-layer", "--classes", "3"], "does not apply"),
    (["--loss", "negated", "--epsilon", "0.1"], "does not apply"),
    (["--loss", "mse-softmax", "--label", "3"], "from 0 to 2"),
    (["--loss", "softmax-prob", "--classes", "1001"], "at most 1000"),
    (["--loss", "softmax-prob", "--classes", "1"], "at least 2"),
])
def test_bad_parameters_are_one_line_and_exit_2(args, message):
    result = run("prove", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_a_counterexample_that_fails_its_check_exits_3(monkeypatch):
    monkeypatch.setattr(refutations, "focal_point", lambda gamma: Fraction(2))
    result = run("prove", "--loss", "focal")
    assert result.exit_code == 3
    assert "negative curvature along a line" in result.stderr and "positive" in result.stderr
    assert "REFUTED" not in result.stdout


def test_losses_lists_every_refutation_as_not_convex():
    table = {entry["name"]: entry for entry in json.loads(run("losses", "--format", "json").stdout)}
    for name in NAMES:
        assert table[name]["verdict"] == "not convex"
    assert table["focal"]["parameters"] == ["classes", "label", "gamma"]
    assert table["two-layer"]["parameters"] == ["activation"]


# ---------------------------------------------------------------- exports

def test_markdown_of_a_refutation():
    text = api.prove(loss="two-layer", activation="tanh").to_markdown()
    assert "ceproof prove --loss two-layer --activation tanh --format markdown" in text
    assert r"L{\left(0,0 \right)} &> \frac{L{\left(-1,-1 \right)}}{2}" in text
    assert "the intervals do not overlap" in text


def test_latex_output_file_keeps_exit_1(tmp_path):
    target = tmp_path / "focal.tex"
    result = run("prove", "--loss", "focal", "--format", "latex", "-o", str(target))
    assert result.exit_code == 1 and target.read_text().startswith("% Generated by ceproof: ceproof prove --loss focal")


HOST = "\\documentclass{article}\n\\usepackage{amsmath,amssymb,amsthm}\n\\begin{document}\n%s\n\\end{document}\n"
OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")


def compile_tex(folder, name: str) -> str:
    """Run pdflatex twice (for cross-references) and return the log of the second run."""
    assert shutil.which("pdflatex"), "pdflatex is missing: install texlive-latex-base and texlive-latex-recommended"
    for _ in range(2):
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", name],
                              cwd=folder, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]
    return (folder / name).with_suffix(".log").read_text(encoding="latin-1")


def assert_clean(log: str, max_overfull: float = 10.0) -> None:
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "undefined" in line.lower()]
    widths = [float(w) for w in OVERFULL.findall(log)]
    assert all(w <= max_overfull for w in widths), f"overfull boxes: {widths} pt"


NO_PDFLATEX = pytest.mark.skipif(shutil.which("pdflatex") is None and not IN_CI,
                                 reason="pdflatex is not installed (CI installs it and never skips)")


@NO_PDFLATEX
def test_latex_of_refutations_compiles(tmp_path):
    chord_proof = api.prove(loss="mse-softmax", classes=7, label=6)  # written by entry pattern (K > 6)
    curvature_proof = api.prove(loss="focal", gamma="1/2")
    (tmp_path / "chord.tex").write_text(chord_proof.to_latex())
    (tmp_path / "curvature.tex").write_text(curvature_proof.to_latex())
    assert_clean(compile_tex(tmp_path, "chord.tex"))
    assert_clean(compile_tex(tmp_path, "curvature.tex"))


@NO_PDFLATEX
def test_latex_fragments_of_refutations_compile_cleanly_in_one_host(tmp_path):
    fragments = [api.prove(loss=name).to_latex(standalone=False) for name in NAMES]
    for n, fragment in enumerate(fragments):
        (tmp_path / f"f{n}.tex").write_text(fragment)
    (tmp_path / "host.tex").write_text(HOST % "\n".join(f"\\input{{f{n}}}" for n in range(len(fragments))))
    log_text = compile_tex(tmp_path, "host.tex")
    assert "multiply defined" not in log_text
    assert_clean(log_text)
