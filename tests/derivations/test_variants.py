"""The convex variants (soft labels, label smoothing, class weight, temperature, ListNet): each proves
for explicit K and every K, its Hessian agrees with finite differences of an independent loss and is
PSD, a wrong claim or parameter fails its check, and the CLI and LaTeX export work."""

import dataclasses
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

from ceproof import family, prove
from ceproof.checked import CheckedProof
from ceproof.cli import cli
from ceproof.derivations import variants
from ceproof.errors import BadInput
from ceproof.family import LOSSES
from ceproof.kernel.claims import Conclusion, Definition
from ceproof.kernel.premises import NonnegativeData, OneHotLabel, RealData, RealSpace, SimplexLabel
from ceproof.kernel.proof import Proof
from ceproof.kernel.statement import Convex, NotStrictlyConvex, StrictlyConvex
from ceproof.kernel.verify import verify
from support import in_logits

VARIANTS = ("soft-labels", "label-smoothing", "weighted", "temperature", "listnet")
PARAMETER = {"label-smoothing": "epsilon", "weighted": "weight", "temperature": "temperature"}
VALUES = {"epsilon": [Fraction(0), Fraction(1, 10), Fraction(1, 2), Fraction(1)],
          "weight": [Fraction(0), Fraction(1, 2), Fraction(2), Fraction(5)],
          "temperature": [Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)]}


def run(*args):
    return CliRunner().invoke(cli, list(args))


def checked(proof, title="", loss="", parameters=()) -> CheckedProof:
    """A kernel Proof with the kernel's verdict on each step."""
    return CheckedProof(proof, verify(proof), title, loss, parameters)


def recipe_proof(name, **values) -> CheckedProof:
    """The recipe of ``name`` run on the canonical statement for ``values`` as given (no parameter
    validation, which ``prove`` does first), then checked by the kernel."""
    loss = LOSSES[name]
    notation, statement = family.canonical(loss, values)
    proof = family.recipe(loss)(notation, statement, **values)
    return checked(proof, loss.title, name, tuple(values.items()))


def rebuilt(proof, key, change, statement=None):
    """The proof rechecked with the claim of step ``key`` replaced by ``change(claim)`` (and, when
    given, another statement); the conclusion is kept as it was."""
    steps = tuple(dataclasses.replace(s, claim=change(s.claim)) if s.key == key else s for s in proof.steps)
    assert any(s.key == key for s in steps), key
    return checked(Proof(statement or proof.statement, proof.notation, steps))


def failed_at(proof) -> str:
    failure = proof.first_failure
    assert failure is not None, "the proof should have failed"
    return failure[0].key


# ---------------------------------------------------------------- every variant proves

def test_the_family_lists_every_variant_as_convex():
    for name in VARIANTS:
        assert LOSSES[name].verdict == "convex"
        assert callable(family.recipe(LOSSES[name]))
        _, statement = family.canonical(*family.resolve(name, {}))
        assert statement.properties == (Convex(statement.variables), NotStrictlyConvex(statement.variables))


@pytest.mark.parametrize("classes", [None, 2, 3, 7], ids=lambda k: "every-K" if k is None else f"K={k}")
@pytest.mark.parametrize("name", VARIANTS)
def test_every_variant_proves(name, classes):
    proof = prove(classes=classes, loss=name)
    assert proof.verdict == "proved", proof.first_failure
    assert proof.loss == name
    assert proof.notation.classes == classes
    keys = [s.key for s in proof.steps]
    for key in ("hessian", "quadratic-form", "sum-of-squares", "nonnegative", "psd", "convex", "shift", "not-strict"):
        assert key in keys
    assert {t.key for t in proof.trusted_base} == {"second-order-condition", "strict-convexity-definition"}
    assert proof.count("verified") == len(proof.steps) - 2
    assert isinstance(proof.steps[-1].claim, Conclusion) and len(proof.steps[-1].uses) == 2
    assert proof.title == LOSSES[name].title


def expected_data_premise(name, n):
    """What the statement assumes of the data: y ≥ 0 of any total, real grades g, or the label (y, or
    the one-hot e that label smoothing smooths) one-hot for an explicit K and on the simplex for every K."""
    if name == "soft-labels":
        return NonnegativeData(n.y)
    if name == "listnet":
        return RealData(n.g)
    label = n.e if name == "label-smoothing" else n.y
    return OneHotLabel(label, 0) if n.is_explicit else SimplexLabel(label)


@pytest.mark.parametrize("classes", [None, 3], ids=lambda k: "every-K" if k is None else f"K={k}")
@pytest.mark.parametrize("name", VARIANTS)
def test_every_variant_proves_its_canonical_statement(name, classes):
    proof = prove(classes=classes, loss=name)
    n = proof.notation
    statement = proof.statement
    assert statement == family.canonical(*family.resolve(name, {"classes": classes}))[1]
    assert statement.variables == (n.z,)
    assert statement.properties == (Convex((n.z,)), NotStrictlyConvex((n.z,)))
    assert statement.premises == (RealSpace(n.z), expected_data_premise(name, n))
    assert n.one_hot == ("e" if name == "label-smoothing" else "y")
    assert n.label == (0 if classes is not None and name not in ("soft-labels", "listnet") else None)


def test_label_smoothing_and_listnet_reach_the_one_hot_hessian():
    for name in ("label-smoothing", "listnet"):
        for classes in (None, 4):
            proof = prove(classes=classes, loss=name)
            assert {"sum-y", "unit-mass", "hessian-normalized"} <= {s.key for s in proof.steps}
            assert proof.verdict == "proved"


def test_an_explicit_label_and_k_50_prove():
    proof = prove(classes=50, label=49, loss="temperature", temperature="1/3")
    assert proof.verdict == "proved" and proof.notation.label == 49
    assert prove(classes=50, loss="soft-labels").verdict == "proved"


# ---------------------------------------------------------------- Hessian against finite differences

def logsumexp(z):
    top = max(z)
    return top + math.log(sum(math.exp(x - top) for x in z))


def float_loss(name, z, label, value, data):
    """Each loss computed in floats, independently of ceproof."""
    K = len(z)
    if name == "soft-labels":
        return sum(y * (logsumexp(z) - zi) for y, zi in zip(data, z))
    if name == "label-smoothing":
        y = [(1 - value) * (r == label) + value / K for r in range(K)]
        return sum(yr * (logsumexp(z) - zr) for yr, zr in zip(y, z))
    if name == "weighted":
        return value * (logsumexp(z) - z[label])
    if name == "temperature":
        return logsumexp([x / value for x in z]) - z[label] / value
    if name == "listnet":
        top = logsumexp(data)
        return -sum(math.exp(g - top) * (zr - logsumexp(z)) for g, zr in zip(data, z))
    raise ValueError(name)


def central_hessian(f, z, h=1e-3):
    def at(j, k, a, b):
        w = list(z)
        w[j] += a
        w[k] += b
        return f(w)

    K = len(z)
    return [[(at(j, k, h, h) - at(j, k, h, -h) - at(j, k, -h, h) + at(j, k, -h, -h)) / (4 * h * h)
             for k in range(K)] for j in range(K)]


@lru_cache(maxsize=None)
def symbolic_hessian(name, classes, label, value):
    """The Hessian the proof's ``hessian`` step claims, as a float function of z (and of the data y or g):
    its SymPy entries, with the proof's own definitions (p, S, Y, τ, w, ε, y, G) written out."""
    parameters = {PARAMETER[name]: value} if name in PARAMETER else {}
    if name not in ("soft-labels", "listnet"):
        parameters["label"] = label
    proof = prove(classes=classes, loss=name, **parameters)
    assert proof.verdict == "proved"
    n = proof.notation
    table = {}
    for step in proof.steps:
        claim = step.claim
        if isinstance(claim, Definition):
            if claim.index is None:
                table[claim.lhs] = n.explicit(claim.rhs)
            else:
                for r in range(classes):
                    table[n.concrete(claim.lhs.base[r])] = n.explicit(claim.rhs.subs(claim.index, r))
    H = proof.step("hessian").claim.result
    entries = sympy.Matrix(classes, classes, lambda r, c: H.entry_at(n, r, c))
    for _ in range(10):
        entries = entries.xreplace(table)
    z = list(n.entries(n.z))
    data_vectors = [premise.subject for premise in proof.statement.premises if not premise.domain]
    data = [s for base in data_vectors for s in n.symbols.get(base, ())
            if isinstance(s, sympy.Symbol) and s not in table]
    assert entries.free_symbols <= set(z) | set(data), entries.free_symbols
    function = sympy.lambdify(z + data, entries.tolist(), "math")
    return function, len(data)


def problems(name):
    """K, the class c, the parameter value, the logits z and the data (y ≥ 0 for soft labels, grades g)."""
    values = VALUES[PARAMETER[name]] if name in PARAMETER else [None]
    data = st.floats(0, 3) if name == "soft-labels" else st.floats(-3, 3)
    return st.integers(2, 5).flatmap(lambda K: st.tuples(
        st.just(K), st.integers(0, K - 1), st.sampled_from(values),
        st.lists(st.floats(-5, 5), min_size=K, max_size=K), st.lists(data, min_size=K, max_size=K)))


@lru_cache(maxsize=None)
def statement_function(name, classes, label, value):
    """The function the statement is about, written out for an explicit K, as a float function of z
    and of the data its premises name."""
    parameters = {PARAMETER[name]: value} if name in PARAMETER else {}
    if name not in ("soft-labels", "listnet"):
        parameters["label"] = label
    loss, values = family.resolve(name, {"classes": classes, **parameters})
    n, statement = family.canonical(loss, values)
    data = [s for premise in statement.premises if not premise.domain
            for s in n.symbols.get(premise.subject, ()) if isinstance(s, sympy.Symbol)]
    expr = n.explicit(statement.function)
    z = list(n.entries(n.z))
    assert expr.free_symbols <= set(z) | set(data), expr.free_symbols
    return sympy.lambdify(z + data, expr, "math"), len(data)


@pytest.mark.parametrize("name", VARIANTS)
def test_the_statement_is_the_loss(name):
    """The canonical statement's function agrees with the loss computed independently in floats."""
    @settings(max_examples=15, deadline=None)
    @given(problems(name))
    def check(problem):
        K, label, value, z, data = problem
        function, data_count = statement_function(name, K, label, value)
        data = data if data_count else []
        exact_value = float(value) if value is not None else None
        expected = float_loss(name, z, label, exact_value, data)
        assert abs(function(*z, *data) - expected) < 1e-9 * max(1.0, abs(expected))

    check()


@pytest.mark.parametrize("name", VARIANTS)
def test_symbolic_hessian_matches_finite_differences_and_is_psd(name):
    @settings(max_examples=15, deadline=None)
    @given(problems(name))
    def check(problem):
        K, label, value, z, data = problem
        function, data_count = symbolic_hessian(name, K, label, value)
        data = data if data_count else []
        H = function(*z, *data)
        exact_value = float(value) if value is not None else None
        numeric = central_hessian(lambda w: float_loss(name, w, label, exact_value, data), z)
        scale = max([1.0, sum(data) if name == "soft-labels" else 1.0, exact_value or 1.0,
                     1 / exact_value ** 2 if name == "temperature" else 1.0])
        for j in range(K):
            for k in range(K):
                assert abs(H[j][k] - numeric[j][k]) < 2e-5 * scale, (j, k, H[j][k], numeric[j][k])
        eigenvalues, _ = mpmath.eigsy(mpmath.matrix(H))
        assert min(eigenvalues) >= -1e-9

    check()


def test_the_comparison_would_notice_a_missing_factor():
    """The finite-difference test is not vacuous: the base Hessian differs from the tempered loss's."""
    function, _ = symbolic_hessian("temperature", 3, 0, Fraction(2))
    z = [0.3, -1.2, 2.0]
    numeric = central_hessian(lambda w: float_loss("temperature", w, 0, 2.0, []), z)
    untempered = central_hessian(lambda w: float_loss("weighted", w, 0, 1.0, []), z)
    H = function(*z)
    assert max(abs(H[j][k] - numeric[j][k]) for j in range(3) for k in range(3)) < 1e-5
    assert max(abs(H[j][k] - untempered[j][k]) for j in range(3) for k in range(3)) > 1e-2


# ---------------------------------------------------------------- wrong claims and parameters fail

@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_temperature_hessian_without_the_factor_fails(classes):
    proof = prove(classes=classes, loss="temperature")
    n = proof.notation
    for wrong in (1, 1 / sympy.Symbol("tau"), sympy.Rational(1, 4)):
        broken = rebuilt(proof, "hessian", lambda c: dataclasses.replace(c, result=variants.scaled_hessian(n, wrong)))
        assert broken.verdict == "check failed" and failed_at(broken) == "hessian"


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_soft_label_hessian_or_gradient_that_ignores_the_total_fails(classes):
    proof = prove(classes=classes, loss="soft-labels")
    n = proof.notation
    j = n.indices[1]
    broken = rebuilt(proof, "hessian", lambda c: dataclasses.replace(c, result=variants.scaled_hessian(n, 1)))
    assert failed_at(broken) == "hessian"
    gradient = rebuilt(proof, "gradient", lambda c: dataclasses.replace(
        c, result=dataclasses.replace(c.result, entry=n.p[j] - n.y[j])))
    assert failed_at(gradient) == "gradient"


def label_of(classes):
    return None if classes is None else 0


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_negative_weight_fails_and_so_does_everything_resting_on_it(classes):
    """prove refuses weight −1 before any proof is built; the recipe run on that (false) statement
    anyway gets past no step that needs w ≥ 0."""
    proof = recipe_proof("weighted", classes=classes, label=label_of(classes), weight=Fraction(-1))
    assert proof.verdict == "check failed" and failed_at(proof) == "w-nonnegative"
    status = {s.key: r.status for s, r in zip(proof.steps, proof.results)}
    assert status["nonnegative"] == status["psd"] == status["convex"] == status["conclusion"] == "failed"
    assert recipe_proof("weighted", classes=classes, label=label_of(classes), weight=Fraction(0)).verdict == "proved"


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_bad_parameters_fail_their_checks(classes):
    label = label_of(classes)
    assert failed_at(recipe_proof("temperature", classes=classes, label=label, temperature=Fraction(-2))) \
        == "tau-positive"
    zero = recipe_proof("temperature", classes=classes, label=label, temperature=Fraction(0))
    assert failed_at(zero) == "tau-positive" and zero.results[-1].status == "failed"
    smoothed = recipe_proof("label-smoothing", classes=classes, label=label, epsilon=Fraction(3, 2))
    status = {s.key: r.status for s, r in zip(smoothed.steps, smoothed.results)}
    assert status["epsilon-range"] == status["y-nonnegative"] == status["conclusion"] == "failed"
    negative = recipe_proof("label-smoothing", classes=classes, label=label, epsilon=Fraction(-1, 10))
    assert negative.verdict == "check failed" and failed_at(negative) == "epsilon-range"
    for epsilon in (0, 1):
        assert recipe_proof("label-smoothing", classes=classes, label=label, epsilon=Fraction(epsilon)).verdict \
            == "proved"


@pytest.mark.parametrize("name, parameter, value, message", [
    ("weighted", "weight", -1, "weight must be ≥ 0, got -1"),
    ("temperature", "temperature", 0, "temperature must be > 0, got 0"),
    ("temperature", "temperature", "-2", "temperature must be > 0, got -2"),
    ("label-smoothing", "epsilon", "1.5", "epsilon must be in [0, 1], got 3/2"),
    ("label-smoothing", "epsilon", "-0.1", "epsilon must be in [0, 1], got -1/10"),
    ("weighted", "weight", "heavy", "weight: 'heavy' is not a number (write 0.1 or 1/10)"),
])
def test_prove_refuses_bad_parameters_in_python_terms(name, parameter, value, message):
    with pytest.raises(BadInput) as caught:
        prove(loss=name, **{parameter: value})
    assert str(caught.value) == message
    assert "\n" not in str(caught.value) and "--" not in str(caught.value)
    if parameter in message:
        assert caught.value.cli_message() == message.replace(parameter, "--" + parameter, 1)


@pytest.mark.parametrize("name, parameters", [
    ("soft-labels", {"classes": 3, "label": 1}), ("listnet", {"epsilon": "0.1"}), ("temperature", {"weight": 2}),
])
def test_prove_refuses_parameters_the_loss_does_not_take(name, parameters):
    with pytest.raises(BadInput) as caught:
        prove(loss=name, **parameters)
    assert "does not apply to the loss " + name in str(caught.value)
    assert "--" not in str(caught.value) and "--" in caught.value.cli_message()


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_soft_labels_without_the_sign_premise_fail(classes):
    """With y any real vector (RealData instead of NonnegativeData) the statement is false, and the
    proof breaks where it needs y ≥ 0."""
    proof = prove(classes=classes, loss="soft-labels")
    n = proof.notation
    unsigned = dataclasses.replace(proof.statement, premises=(RealSpace(n.z), RealData(n.y)))
    broken = rebuilt(proof, "L", lambda c: c, statement=unsigned)
    assert failed_at(broken) == "Y-nonnegative" and "≥ 0" in broken.first_failure[1].detail
    assert broken.results[-1].status == "failed"


@pytest.mark.parametrize("name", ["label-smoothing", "listnet"])
def test_a_label_that_does_not_sum_to_one_fails(name):
    for classes in (None, 3):
        proof = prove(classes=classes, loss=name)
        broken = rebuilt(proof, "sum-y", lambda c: dataclasses.replace(c, rhs=sympy.Integer(2)))
        assert failed_at(broken) == "sum-y"


def test_a_smoothed_label_cannot_be_differentiated_as_data_if_it_depends_on_z():
    """The label is constant in z only while no step defines it from z: redefine it from z and the
    Hessian step (which treats y as data) must fail."""
    proof = prove(classes=None, loss="label-smoothing")
    n = proof.notation
    i = n.indices[0]
    broken = rebuilt(proof, "y", lambda c: dataclasses.replace(c, rhs=n.z[i]))
    assert failed_at(broken) in ("y-nonnegative", "gradient")
    status = {s.key: r.status for s, r in zip(broken.steps, broken.results)}
    assert status["gradient"] == status["hessian"] == "failed"
    assert "defines through the variables" in broken.result("gradient").detail


# ---------------------------------------------------------------- CLI

def test_cli_temperature_exits_0():
    result = run("prove", "--loss", "temperature", "--temperature", "2", "--classes", "3")
    assert result.exit_code == 0, result.output
    assert "PROVED" in result.stdout and "✗" not in result.stdout


@pytest.mark.parametrize("name", VARIANTS)
def test_cli_json_carries_loss_and_parameters(name):
    result = run("prove", "--loss", name, "--classes", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["loss"] == name and data["verdict"] == "proved"
    assert set(data["parameters"]) == set(LOSSES[name].parameters)
    assert data["parameters"]["classes"] == 3
    assert len(data["hessian"]) == 3
    default = {"label-smoothing": 0.1, "weighted": 2, "temperature": 2}
    if name in default:
        assert data["parameters"][PARAMETER[name]] == default[name]
        assert data["parameters"]["label"] == 0


def test_cli_json_every_k_records_the_given_parameter():
    result = run("prove", "--loss", "label-smoothing", "--epsilon", "0.25", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["parameters"] == {"classes": None, "label": None, "epsilon": 0.25}
    assert data["exact_parameters"] == {"epsilon": "1/4"}
    assert data["classes"] is None


@pytest.mark.parametrize("args", [
    ["--loss", "label-smoothing", "--epsilon", "1.5"],
    ["--loss", "label-smoothing", "--epsilon", "-0.1"],
    ["--loss", "temperature", "--temperature", "0"],
    ["--loss", "temperature", "--temperature", "-2"],
    ["--loss", "weighted", "--weight", "-1"],
    ["--loss", "soft-labels", "--label", "1", "--classes", "3"],
    ["--loss", "listnet", "--epsilon", "0.1"],
    ["--loss", "temperature", "--weight", "2"],
    ["--loss", "weighted", "--weight", "heavy"],
])
def test_cli_bad_parameters_exit_2_with_one_line(args):
    result = run("prove", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ceproof: error:"), result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- LaTeX

IN_CI = os.environ.get("CI") == "true"


@pytest.mark.skipif(shutil.which("pdflatex") is None and not IN_CI,
                    reason="pdflatex is not installed (CI installs it and never skips)")
@pytest.mark.parametrize("name, classes", [("label-smoothing", 3), ("temperature", None)])
def test_a_variant_exports_latex_that_compiles(tmp_path, name, classes):
    assert shutil.which("pdflatex"), "pdflatex is missing"
    (tmp_path / "proof.tex").write_text(prove(classes=classes, loss=name).to_latex(), encoding="ascii")
    for _ in range(2):  # twice, for the cross-references
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "proof.tex"],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "proof.log").read_text(encoding="latin-1")
    assert "undefined" not in log.lower()
    assert f"--loss {name}" in (tmp_path / "proof.tex").read_text()


def test_json_hessian_uses_the_variants_own_softmax():
    """The JSON Hessian of the tempered loss is written with σ(z/τ), not the base softmax: evaluated
    (our own output, a fixed whitelist of names) it matches finite differences of the tempered loss."""
    result = run("prove", "--loss", "temperature", "--temperature", "3", "--classes", "3", "--format", "json")
    data = json.loads(result.stdout)
    z = sympy.symbols("z0:3")
    H = [[float(in_logits(data, text, z).subs(dict(zip(z, (0.5, -1.0, 2.0))))) for text in row]
         for row in data["hessian"]]
    numeric = central_hessian(lambda w: float_loss("temperature", w, 0, 3.0, []), [0.5, -1.0, 2.0])
    assert max(abs(H[j][k] - numeric[j][k]) for j in range(3) for k in range(3)) < 1e-5


# ---------------------------------------------------------------- strict convexity on centered logits

@pytest.mark.parametrize("classes", [None, 2, 3, 7], ids=lambda k: "every-K" if k is None else f"K={k}")
def test_centered_logits_prove_strict_convexity(classes):
    proof = prove(classes=classes, loss="ce-centered")
    assert proof.verdict == "proved", proof.first_failure
    assert LOSSES["ce-centered"].verdict == "strictly convex"
    keys = [s.key for s in proof.steps]
    assert keys[-5:] == ["not-strict", "form-zeros", "definite", "strict", "conclusion"]
    assert "strict-on-affine-set" in {t.key for t in proof.trusted_base}
    n = proof.notation
    strict = proof.statement.properties[-1]
    assert isinstance(strict, StrictlyConvex) and strict.variables == (n.z,)
    assert strict.on is not None and strict.on.offset == 0
    assert strict.on.normal.entry == 1 and strict.on.normal.shape == (n.K,)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 5).flatmap(lambda K: st.tuples(
    st.just(K), st.lists(st.floats(-5, 5), min_size=K, max_size=K),
    st.lists(st.floats(-1, 1), min_size=K, max_size=K).filter(lambda v: max(map(abs, v)) > 1e-2))))
def test_the_hessian_is_definite_off_the_direction_one_and_singular_along_it(problem):
    K, z, v = problem
    function, _ = symbolic_hessian("ce-centered", K, 0, None)
    H = function(*z)
    mean = sum(v) / K
    w = [x - mean for x in v]  # a direction of Σ zᵢ = 0
    if max(map(abs, w)) < 1e-2:
        return
    form = sum(w[j] * H[j][k] * w[k] for j in range(K) for k in range(K))
    assert form > 0
    assert max(abs(sum(H[j])) for j in range(K)) < 1e-12  # H·1 = 0


def test_ceproof_losses_lists_the_variants_in_words():
    from ceproof.render.prose import to_unicode

    for name in (*VARIANTS, "ce-centered"):
        loss = LOSSES[name]
        assert "$" not in to_unicode(loss.summary) + to_unicode(loss.variable)
    result = run("losses")
    assert result.exit_code == 0, result.output
    verdicts = {d["name"]: d["verdict"] for d in json.loads(run("losses", "--format", "json").stdout)}
    assert {name: verdicts[name] for name in VARIANTS} == dict.fromkeys(VARIANTS, "convex")
    assert verdicts["ce-centered"] == "strictly convex"
