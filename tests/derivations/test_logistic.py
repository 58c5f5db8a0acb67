"""The binary logistic loss and cross-entropy in the predicted distribution q: both prove; their
Hessian steps agree with finite differences of independent float implementations and are PSD;
wrong claims fail; the CLI reports them."""

import json
import math
import os
import shutil
import subprocess
from functools import lru_cache

import mpmath
import pytest
import sympy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ceproof import api, family
from ceproof.checked import CheckedProof
from ceproof.cli import cli
from ceproof.derivations import logistic as lg
from ceproof.derivations import predicted as pq
from ceproof.errors import BadInput
from ceproof.family.statements import logistic_as_softmax
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.premises import NonnegativeData, PositiveOrthant, RealSpace, UnitInterval
from ceproof.kernel.statement import Convex, EqualTo, StrictlyConvex
from ceproof.kernel.verify import verify


def run(*args):
    return CliRunner().invoke(cli, list(args))


def recipe_proof(name, **values) -> CheckedProof:
    """The loss's recipe, looked up now (so a monkeypatched piece is used), run on its canonical
    statement and checked by the kernel."""
    loss, values = family.resolve(name, values)
    notation, statement = family.canonical(loss, values)
    proof = family.recipe(loss)(notation, statement, **values)
    return CheckedProof(proof, verify(proof), loss.title, name, tuple(values.items()))


# ---------------------------------------------------------------- logistic

def test_logistic_proves_strict_convexity_and_the_softmax_identity():
    proof = api.prove(loss="logistic")
    assert proof.verdict == "proved", proof.first_failure
    keys = {s.key for s in proof.steps}
    assert {"softmax", "hessian-s", "curvature", "strict"} <= keys
    assert proof.step("strict").claim.theorem.key == "second-order-strict"
    assert proof.step("softmax").claim.rhs == logistic_as_softmax()
    statement = proof.statement
    assert statement.name == lg.ell and statement.variables == (lg.s,)
    assert statement.premises == (RealSpace(lg.s), UnitInterval(lg.y))
    assert statement.properties == (StrictlyConvex((lg.s,)), EqualTo(logistic_as_softmax()))
    assert proof.kind == "prove" and proof.title == family.LOSSES["logistic"].title


@settings(max_examples=60, deadline=None)
@given(st.floats(-8, 8), st.floats(0, 1))
def test_the_logistic_statement_is_the_logistic_loss(s, y):
    """The statement's function and its softmax form both agree with an independent float implementation."""
    statement = logistic_proof().statement
    values = {lg.s: s, lg.y: y}
    expected = stable_logistic(s, y)
    for expr in (statement.function, statement.properties[1].expr):
        assert abs(float(expr.xreplace(values)) - expected) < 1e-9 * max(1.0, expected), expr


def stable_logistic(s: float, y: float) -> float:
    """−y log σ(s) − (1 − y) log(1 − σ(s)) = y·softplus(−s) + (1 − y)·softplus(s), independently of ceproof."""
    def softplus(t):
        return max(t, 0.0) + math.log1p(math.exp(-abs(t)))
    return y * softplus(-s) + (1 - y) * softplus(s)


@lru_cache(maxsize=None)
def logistic_proof():
    return api.prove(loss="logistic")


def logistic_hessian() -> IndexedArray:
    return logistic_proof().step("hessian-s").claim.result


def lg_notation():
    return logistic_proof().notation


@settings(max_examples=60, deadline=None)
@given(st.floats(-8, 8), st.floats(0, 1))
def test_logistic_second_derivative_matches_finite_differences_and_is_positive(s, y):
    entry = logistic_hessian().explicit(lg_notation())[0, 0]
    value = float(entry.xreplace({lg.sigma: 1 / (1 + math.exp(-s))}))
    h = 1e-4
    numeric = (stable_logistic(s + h, y) - 2 * stable_logistic(s, y) + stable_logistic(s - h, y)) / (h * h)
    assert abs(value - numeric) < 1e-5, (value, numeric)
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix([[value]]))
    assert min(eigenvalues) >= -1e-9 and value > 0


@pytest.mark.parametrize("wrong", [lg.sigma * (1 + lg.sigma), lg.sigma ** 2, lg.sigma - lg.y, lg.sigma * (1 - lg.sigma) / 2])
def test_a_wrong_logistic_hessian_makes_the_proof_fail(monkeypatch, wrong):
    def wrong_claim(n):
        _, j, k, _ = n.indices
        return IndexedArray((1, 1), (j, k), wrong)

    monkeypatch.setattr(lg, "hessian_claim", wrong_claim)
    proof = recipe_proof("logistic")
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "hessian-s"


def test_a_wrong_softmax_identity_makes_the_proof_fail(monkeypatch):
    swapped = logistic_as_softmax().xreplace({lg.y: 1 - lg.y})
    monkeypatch.setattr(lg, "logistic_as_softmax", lambda: swapped)
    proof = recipe_proof("logistic")
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "softmax"


def test_strictness_fails_without_positive_curvature(monkeypatch):
    original = lg.ProofBuilder.add

    def add(self, key, claim, rule, explanation="", uses=()):
        if key == "strict":
            uses = tuple(u for u in uses if u != "curvature")
        return original(self, key, claim, rule, explanation, uses)

    monkeypatch.setattr(lg.ProofBuilder, "add", add)
    proof = recipe_proof("logistic")
    assert proof.verdict == "check failed" and proof.first_failure[0].key == "strict"


# ---------------------------------------------------------------- cross-entropy in q

@pytest.mark.parametrize("classes", [None, 2, 3, 7])
def test_ce_in_q_proves(classes):
    proof = api.prove(loss="ce-in-q", classes=classes)
    assert proof.verdict == "proved", proof.first_failure
    n = proof.notation
    assert proof.step("convex").claim.variables == (n.q,)
    assert proof.statement.variables == (n.q,) and proof.statement.properties == (Convex((n.q,)),)
    assert proof.statement.premises == (PositiveOrthant(n.q), NonnegativeData(n.p))
    assert n.classes == classes


@lru_cache(maxsize=None)
def ce_in_q_proof(classes):
    return api.prove(loss="ce-in-q", classes=classes)


def ce_in_q_value(p, q):
    return -sum(pi * math.log(qi) for pi, qi in zip(p, q))


problems = st.integers(2, 5).flatmap(lambda K: st.tuples(
    st.just(K), st.lists(st.floats(0, 1), min_size=K, max_size=K), st.lists(st.floats(0.2, 3), min_size=K, max_size=K)))


@settings(max_examples=40, deadline=None)
@given(problems)
def test_ce_in_q_hessian_matches_finite_differences_and_is_psd(problem):
    K, p, q = problem
    proof = ce_in_q_proof(K)
    n = proof.notation
    explicit = proof.step("hessian-q").claim.result.explicit(n)
    values = {n.concrete(n.p[r]): p[r] for r in range(K)} | {n.concrete(n.q[r]): q[r] for r in range(K)}
    H = [[float(explicit[r, c].xreplace(values)) for c in range(K)] for r in range(K)]
    h = 1e-4

    def f(dr, dc, r, c):
        t = list(q)
        t[r] += dr
        t[c] += dc
        return ce_in_q_value(p, t)

    for r in range(K):
        for c in range(K):
            numeric = (f(h, h, r, c) - f(h, -h, r, c) - f(-h, h, r, c) + f(-h, -h, r, c)) / (4 * h * h)
            assert abs(H[r][c] - numeric) < 1e-4 * (1 + abs(numeric)), (r, c, H[r][c], numeric)
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix(H))
    assert min(eigenvalues) >= -1e-9


def test_a_wrong_hessian_in_q_makes_the_proof_fail(monkeypatch):
    original = pq.hessian_claim

    def over_q(n):  # p_j/q_j instead of p_j/q_j²
        right = original(n)
        j, k = right.indices
        return IndexedArray(right.shape, right.indices, n.p[j] * sympy.KroneckerDelta(j, k) / n.q[j], right.closed_form)

    monkeypatch.setattr(pq, "hessian_claim", over_q)
    for classes in (None, 3):
        proof = recipe_proof("ce-in-q", classes=classes)
        assert proof.verdict == "check failed" and proof.first_failure[0].key == "hessian-q"


def test_ce_in_q_needs_q_positive_for_its_squares(monkeypatch):
    original = pq.ProofBuilder.add

    def add(self, key, claim, rule, explanation="", uses=()):
        if key == "nonnegative":
            uses = tuple(u for u in uses if u != "domain")
        return original(self, key, claim, rule, explanation, uses)

    monkeypatch.setattr(pq.ProofBuilder, "add", add)
    proof = recipe_proof("ce-in-q", classes=3)
    assert proof.verdict == "check failed"
    step, result = proof.first_failure
    assert step.key == "nonnegative" and "real" in result.detail


# ---------------------------------------------------------------- command line and LaTeX

@pytest.mark.parametrize("args, parameters", [
    (["--loss", "logistic"], {}),
    (["--loss", "ce-in-q"], {"classes": None}),
    (["--loss", "ce-in-q", "--classes", "4"], {"classes": 4}),
])
def test_cli_json(args, parameters):
    result = run("prove", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["loss"] == args[1] and data["parameters"] == parameters and data["verdict"] == "proved"


@pytest.mark.parametrize("args, message", [
    (["--loss", "logistic", "--classes", "3"], "--classes does not apply to the loss logistic"),
    (["--loss", "ce-in-q", "--label", "1"], "--label does not apply"),
    (["--loss", "ce-in-q", "--classes", "1"], "at least 2"),
])
def test_cli_bad_parameters(args, message):
    result = run("prove", *args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


@pytest.mark.parametrize("name, parameters, message, cli_message", [
    ("logistic", {"classes": 3}, "classes does not apply to the loss logistic (it takes no parameters)",
     "--classes does not apply to the loss logistic (it takes no parameters)"),
    ("ce-in-q", {"label": 1}, "label does not apply to the loss ce-in-q (it takes classes)",
     "--label does not apply to the loss ce-in-q (it takes --classes)"),
    ("ce-in-q", {"classes": 1}, "classes must be at least 2, got 1", "--classes must be at least 2, got 1"),
])
def test_api_bad_parameters_in_python_terms(name, parameters, message, cli_message):
    with pytest.raises(BadInput) as caught:
        api.prove(loss=name, **parameters)
    assert str(caught.value) == message
    assert caught.value.cli_message() == cli_message


@pytest.mark.skipif(shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
                    reason="pdflatex is not installed (CI installs it and never skips)")
@pytest.mark.parametrize("loss, classes", [("logistic", None), ("ce-in-q", 3), ("ce-in-q", None)])
def test_latex_export_compiles(tmp_path, loss, classes):
    (tmp_path / "proof.tex").write_text(api.prove(loss=loss, classes=classes).to_latex())
    assert shutil.which("pdflatex"), "pdflatex is missing"
    for _ in range(2):
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "proof.tex"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown"])
@pytest.mark.parametrize("args", [["--loss", "logistic"], ["--loss", "ce-in-q"], ["--loss", "ce-in-q", "--classes", "3"]])
def test_every_format_renders(args, fmt):
    result = run("prove", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.stdout
