"""The linear model z = Wx + b: every variant proves; the Hessian steps agree with finite differences
of an independent float implementation and are PSD; wrong claims fail; the CLI and LaTeX export."""

import json
import math
import os
import shutil
import subprocess
from fractions import Fraction
from functools import lru_cache

import mpmath
import pytest
import sympy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ceproof import api, family
from ceproof.cli import cli
from ceproof.derivations import linear_model as lm
from ceproof.errors import BadInput
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.premises import RealData, RealSpace, SimplexLabel
from ceproof.kernel.statement import Convex, ConvexMean, StrictlyConvex

LOSSES = ("linear", "linear-l2", "linear-l1")
SIZES = ((2, 1), (3, 2), (2, 3))


def run(*args):
    return CliRunner().invoke(cli, list(args))


# ---------------------------------------------------------------- every variant proves

@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("classes, features", [(None, None), *SIZES])
def test_every_variant_proves(loss, classes, features):
    proof = api.prove(loss=loss, classes=classes, features=features)
    assert proof.verdict == "proved", proof.first_failure
    assert proof.count("failed") == 0 and proof.count("verified") > proof.count("cited")
    n = proof.notation
    statement = proof.statement
    assert statement == family.canonical(*family.resolve(loss, {"classes": classes, "features": features}))[1]
    assert statement.variables == (n.W, n.b)
    assert statement.premises == (RealSpace(n.W), RealSpace(n.b), RealData(n.x), SimplexLabel(n.y))
    assert statement.properties == {
        "linear": (Convex((n.W, n.b)), ConvexMean((n.W, n.b))),
        "linear-l2": (Convex((n.W, n.b)), StrictlyConvex((n.W,))),
        "linear-l1": (Convex((n.W, n.b)),),
    }[loss]
    assert statement.name == (sympy.Symbol("L") if loss == "linear" else lm.F)
    assert (n.classes, n.features) == ((3, 2) if loss == "linear-l2" and classes is None else (classes, features))


def test_without_classes_linear_covers_every_k_and_d_by_composition():
    proof = api.prove(loss="linear")
    assert not proof.notation.is_explicit and proof.notation.features is None
    keys = {s.key for s in proof.steps}
    assert {"affine", "convex", "composition", "examples"} <= keys and "hessian-theta" not in keys
    assert dict(proof.parameters) == {"classes": None, "features": None}


def test_the_explicit_proof_takes_both_routes():
    proof = api.prove(loss="linear", classes=3, features=2)
    keys = [s.key for s in proof.steps]
    assert {"composition", "hessian-theta", "psd-theta", "convex-theta", "examples"} <= set(keys)
    assert proof.step("hessian-theta").claim.result.shape == (9, 9)
    assert {t.key for t in proof.trusted_base} == {"second-order-condition", "affine-precomposition", "nonnegative-sums"}


def test_l2_is_strictly_convex_in_w_and_defaults_to_three_classes_and_two_features():
    proof = api.prove(loss="linear-l2")
    assert proof.verdict == "proved"
    assert dict(proof.parameters) == {"classes": 3, "features": 2, "lam": Fraction(1, 10)}
    strict = proof.step("strict").claim
    assert strict.theorem.key == "second-order-strict" and strict.subject == lm.F and strict.variables == (proof.notation.W,)


def test_l1_is_a_sum_of_convex_functions_and_says_it_is_not_differentiable():
    proof = api.prove(loss="linear-l1")
    step = proof.step("convex-F")
    assert step.claim.theorem.key == "nonnegative-sums" and "not differentiable" in step.explanation
    assert "norm-convexity" in {t.key for t in proof.trusted_base}


@pytest.mark.parametrize("loss, lam", [("linear", 0.0), ("linear-l2", 0.1), ("linear-l1", 0.1)])
@pytest.mark.parametrize("classes, features", SIZES)
def test_the_statement_is_the_loss(loss, lam, classes, features):
    """The statement's function, written out, agrees with the independent float loss (+ penalty)."""
    statement, n = built(loss, classes, features).statement, built(loss, classes, features).notation
    expr = n.explicit(statement.function)
    W_symbols = [[n.concrete(n.W[j, m]) for m in range(features)] for j in range(classes)]
    symbols = [s for row in W_symbols for s in row] + [*n.entries(n.b), *n.entries(n.x), *n.entries(n.y)]
    assert expr.free_symbols <= set(symbols), expr.free_symbols
    function = sympy.lambdify(symbols, expr, "math")

    def penalty(W):
        values = [v for row in W for v in row]
        return {"linear": 0.0, "linear-l2": lam / 2 * sum(v * v for v in values),
                "linear-l1": lam * sum(abs(v) for v in values)}[loss]

    @settings(max_examples=10, deadline=None)
    @given(st.lists(st.floats(-3, 3), min_size=classes * (features + 1), max_size=classes * (features + 1)),
           st.lists(st.floats(-2, 2), min_size=features, max_size=features),
           st.lists(st.floats(0.01, 1), min_size=classes, max_size=classes))
    def check(theta, x, weights):
        y = [w / sum(weights) for w in weights]
        W, b = unpack(theta, classes, features)
        expected = cross_entropy(W, b, x, y) + penalty(W)
        value = function(*[v for row in W for v in row], *b, *x, *y)
        assert abs(value - expected) < 1e-9 * max(1.0, abs(expected)), (value, expected)

    check()


# ---------------------------------------------------------------- Hessians against finite differences

@lru_cache(maxsize=None)
def built(loss: str, classes: int, features: int):
    return api.prove(loss=loss, classes=classes, features=features)


def softmax(z):
    top = max(z)
    e = [math.exp(v - top) for v in z]
    return [v / sum(e) for v in e]


def logits(W, b, x):
    return [sum(W[j][m] * x[m] for m in range(len(x))) + b[j] for j in range(len(b))]


def cross_entropy(W, b, x, y):
    """−Σ yᵢ log softmax(Wx + b)ᵢ, computed stably and independently of ceproof."""
    z = logits(W, b, x)
    top = max(z)
    lse = top + math.log(sum(math.exp(v - top) for v in z))
    return sum(yi * (lse - zi) for yi, zi in zip(y, z))


def unpack(theta, K, d, bias=True):
    """θ = rows of [W b] stacked (or rows of W when not ``bias``) -> (W, b)."""
    width = d + 1 if bias else d
    W = [[theta[j * width + m] for m in range(d)] for j in range(K)]
    b = [theta[j * width + d] for j in range(K)] if bias else None
    return W, b


def central_hessian(f, theta, h=1e-4):
    n = len(theta)

    def at(j, k, sj, sk):
        t = list(theta)
        t[j] += sj
        t[k] += sk
        return f(t)

    return [[(at(j, k, h, h) - at(j, k, h, -h) - at(j, k, -h, h) + at(j, k, -h, -h)) / (4 * h * h)
             for k in range(n)] for j in range(n)]


def numeric(matrix: IndexedArray, notation, W, b, x):
    """The proof's Hessian (its SymPy entries over p, x) evaluated at a point, p = softmax(Wx + b)."""
    p = softmax(logits(W, b, x))
    values = {notation.concrete(notation.p[j]): p[j] for j in range(len(p))}
    values.update({notation.concrete(notation.x[m]): x[m] for m in range(len(x))})
    explicit = matrix.explicit(notation)
    return [[float(explicit[r, c].xreplace(values)) for c in range(explicit.cols)] for r in range(explicit.rows)]


def assert_close_and_psd(H, numeric_H, floor=-1e-9):
    for r, row in enumerate(H):
        for c, value in enumerate(row):
            assert abs(value - numeric_H[r][c]) < 1e-5, (r, c, value, numeric_H[r][c])
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix(H))
    assert min(eigenvalues) >= floor, eigenvalues
    return min(eigenvalues)


def points(draw_bias=True):
    def build(size):
        K, d = size
        width = d + 1 if draw_bias else d
        return st.tuples(st.just(size), st.lists(st.floats(-3, 3), min_size=K * width, max_size=K * width),
                         st.lists(st.floats(-2, 2), min_size=d, max_size=d),
                         st.lists(st.floats(0.01, 1), min_size=K, max_size=K))
    return st.sampled_from(SIZES).flatmap(build)


@settings(max_examples=30, deadline=None)
@given(points())
def test_linear_hessian_matches_finite_differences_and_is_psd(problem):
    (K, d), theta, x, weights = problem
    y = [w / sum(weights) for w in weights]
    proof = built("linear", K, d)
    W, b = unpack(theta, K, d)
    H = numeric(proof.step("hessian-theta").claim.result, proof.notation, W, b, x)
    fd = central_hessian(lambda t: cross_entropy(*unpack(t, K, d), x, y), theta)
    assert_close_and_psd(H, fd)


@settings(max_examples=30, deadline=None)
@given(points())
def test_l2_hessians_match_finite_differences_and_exceed_lambda_on_w(problem):
    (K, d), theta, x, weights = problem
    y = [w / sum(weights) for w in weights]
    lam = 0.1
    proof = built("linear-l2", K, d)

    def F(t):
        W, b = unpack(t, K, d)
        return cross_entropy(W, b, x, y) + lam / 2 * sum(v * v for row in W for v in row)

    W, b = unpack(theta, K, d)
    H = numeric(proof.step("hessian-theta").claim.result, proof.notation, W, b, x)
    assert_close_and_psd(H, central_hessian(F, theta))
    w_theta = [v for row in W for v in row]

    def F_w(t):
        return cross_entropy(unpack(t, K, d, bias=False)[0], b, x, y) + lam / 2 * sum(v * v for v in t)

    H_w = numeric(proof.step("hessian-W").claim.result, proof.notation, W, b, x)
    assert assert_close_and_psd(H_w, central_hessian(F_w, w_theta)) >= lam - 1e-9


@settings(max_examples=30, deadline=None)
@given(points())
def test_l1_hessian_of_its_smooth_part_matches_finite_differences_away_from_the_kinks(problem):
    (K, d), theta, x, weights = problem
    y = [w / sum(weights) for w in weights]
    lam = 0.1
    theta = [v if abs(v) > 0.01 else 0.5 for v in theta]  # |W_jm| is linear near the point: no kink in reach
    proof = built("linear-l1", K, d)

    def F(t):
        W, b = unpack(t, K, d)
        return cross_entropy(W, b, x, y) + lam * sum(abs(v) for row in W for v in row)

    W, b = unpack(theta, K, d)
    H = numeric(proof.step("hessian-theta").claim.result, proof.notation, W, b, x)
    assert_close_and_psd(H, central_hessian(F, theta))


def test_the_finite_difference_test_can_fail():
    """The comparison above is not vacuous: a Hessian without its rank-one term disagrees."""
    proof = built("linear", 2, 1)
    claim = proof.step("hessian-theta").claim.result
    n = proof.notation
    r, c = claim.indices
    J, K = sympy.floor(r / 2), sympy.floor(c / 2)
    wrong = IndexedArray(claim.shape, claim.indices,
                         n.p[J] * sympy.KroneckerDelta(J, K) * n.xtilde[sympy.Mod(r, 2)] * n.xtilde[sympy.Mod(c, 2)])
    theta, x, y = [0.3, -0.2, 0.5, 0.1], [0.7], [0.4, 0.6]
    W, b = unpack(theta, 2, 1)
    fd = central_hessian(lambda t: cross_entropy(*unpack(t, 2, 1), x, y), theta)
    with pytest.raises(AssertionError):
        assert_close_and_psd(numeric(wrong, n, W, b, x), fd)


# ---------------------------------------------------------------- wrong claims fail

@pytest.mark.parametrize("loss", LOSSES)
def test_a_wrong_kronecker_entry_makes_the_proof_fail(monkeypatch, loss):
    right = lm.kronecker_entry
    monkeypatch.setattr(lm, "kronecker_entry", lambda n, vector, width: 2 * right(n, vector, width))
    proof = api.prove(loss=loss, classes=2, features=1)
    assert proof.verdict == "check failed"
    step, result = proof.first_failure
    assert step.key in ("hessian-theta", "form-W", "hessian-W") and "not 0" in result.detail


def test_a_hessian_that_treats_the_bias_as_constant_fails(monkeypatch):
    original = lm.theta_hessian

    def without_bias(n, lam=None):
        right = original(n, lam)
        r, c = right.indices
        D = n.d + 1
        keep = (1 - sympy.KroneckerDelta(sympy.Mod(r, D), n.d)) * (1 - sympy.KroneckerDelta(sympy.Mod(c, D), n.d))
        return IndexedArray(right.shape, right.indices, right.entry * keep, right.closed_form)

    monkeypatch.setattr(lm, "theta_hessian", without_bias)
    proof = api.prove(loss="linear", classes=2, features=2)
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "hessian-theta"


def test_a_certificate_without_its_constraint_fails(monkeypatch):
    original = lm.kronecker_certificate

    def unconstrained(*args, **kwargs):
        certificate = original(*args, **kwargs)
        return type(certificate)(certificate.terms, ())

    monkeypatch.setattr(lm, "kronecker_certificate", unconstrained)
    proof = api.prove(loss="linear", classes=3, features=2)
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "form-theta"


def test_composition_without_the_affine_step_fails(monkeypatch):
    original = lm.ProofBuilder.add

    def add(self, key, claim, rule, explanation="", uses=()):
        if key == "composition":
            uses = tuple(u for u in uses if u != "affine")
        return original(self, key, claim, rule, explanation, uses)

    monkeypatch.setattr(lm.ProofBuilder, "add", add)
    proof = api.prove(loss="linear")
    assert proof.verdict == "check failed"
    step, result = proof.first_failure
    assert step.key == "composition" and "affine" in result.detail


def test_l2_strictness_fails_when_the_penalty_is_not_in_the_hessian(monkeypatch):
    monkeypatch.setattr(lm, "w_hessian", lambda n, lam: lm.w_kronecker(n))
    proof = api.prove(loss="linear-l2", classes=2, features=1)
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "hessian-W"


# ---------------------------------------------------------------- command line

def test_cli_linear_proves_and_the_json_carries_loss_and_parameters():
    result = run("prove", "--loss", "linear", "--classes", "3", "--features", "2")
    assert result.exit_code == 0, result.output
    assert "PROVED" in result.stdout and "✗" not in result.stdout
    data = json.loads(run("prove", "--loss", "linear", "--classes", "3", "--features", "2", "--format", "json").stdout)
    assert data["loss"] == "linear" and data["verdict"] == "proved"
    assert data["parameters"] == {"classes": 3, "features": 2}


@pytest.mark.parametrize("loss, extra, parameters", [
    ("linear", [], {"classes": None, "features": None}),
    ("linear-l2", ["--lam", "1/4"], {"classes": 3, "features": 2, "lam": 0.25}),
    ("linear-l1", ["--classes", "2"], {"classes": 2, "features": 2, "lam": 0.1}),
])
def test_cli_json_reports_the_parameters_used(loss, extra, parameters):
    result = run("prove", "--loss", loss, *extra, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["loss"] == loss and data["parameters"] == parameters


@pytest.mark.parametrize("args, message", [
    (["--loss", "linear", "--classes", "3", "--features", "0"], "--features must be at least 1"),
    (["--loss", "linear", "--classes", "3", "--features", "-2"], "--features must be at least 1"),
    (["--loss", "linear-l2", "--lam", "0"], "--lam must be > 0"),
    (["--loss", "linear-l1", "--lam", "-1/2"], "--lam must be > 0"),
    (["--loss", "linear-l1", "--lam", "abc"], "not a number"),
    (["--loss", "linear", "--lam", "1"], "--lam does not apply to the loss linear"),
    (["--loss", "linear", "--label", "1"], "--label does not apply"),
    (["--loss", "linear-l2", "--epsilon", "0.1"], "--epsilon does not apply"),
    (["--loss", "linear", "--features", "3"], "--features needs --classes"),
    (["--loss", "linear", "--classes", "8", "--features", "8"], "at most 64"),
])
def test_cli_bad_parameters_exit_2_with_one_line(args, message):
    result = run("prove", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("parameters, message", [
    ({"loss": "linear", "classes": 3, "features": 0}, "features must be at least 1, got 0"),
    ({"loss": "linear-l2", "lam": 0}, "lam must be > 0, got 0"),
    ({"loss": "linear", "features": 3}, "features needs classes: without them the proof covers every K and d"),
    ({"loss": "linear", "lam": 1}, "lam does not apply to the loss linear (it takes classes, features)"),
])
def test_api_bad_parameters_raise_one_line_in_python_terms(parameters, message):
    with pytest.raises(BadInput) as caught:
        api.prove(**parameters)
    assert str(caught.value) == message
    assert "--" not in str(caught.value) and "--" in caught.value.cli_message()


def test_cli_a_failed_check_exits_3(monkeypatch):
    monkeypatch.setattr(lm, "w_hessian", lambda n, lam: lm.w_kronecker(n))
    result = run("prove", "--loss", "linear-l2")
    assert result.exit_code == 3 and "internal check failed" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown"])
@pytest.mark.parametrize("loss", LOSSES)
def test_every_format_renders(loss, fmt):
    result = run("prove", "--loss", loss, "--classes", "2", "--features", "1", "--format", fmt)
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- LaTeX

@pytest.mark.skipif(shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
                    reason="pdflatex is not installed (CI installs it and never skips)")
@pytest.mark.parametrize("loss, classes", [("linear", 3), ("linear-l2", 3), ("linear-l1", None)])
def test_latex_export_compiles(tmp_path, loss, classes):
    (tmp_path / "proof.tex").write_text(api.prove(loss=loss, classes=classes).to_latex())
    assert shutil.which("pdflatex"), "pdflatex is missing: install texlive-latex-base and texlive-latex-recommended"
    for _ in range(2):  # twice, for the cross-references
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "proof.tex"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "proof.log").read_text(encoding="latin-1")
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "undefined" in line.lower()]
