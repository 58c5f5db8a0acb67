"""False claims found in review: each must fail its check (capture, provenance, names, declarations)."""

import pytest
import sympy
from sympy import Abs, Integer, KroneckerDelta as D, Sum, exp, log, sqrt

from ceproof.arrays import IndexedArray, QuadraticForm
from ceproof.builder import ProofBuilder
from ceproof.checks import check_claim
from ceproof.claims import (Assumed, Constraint, Definition, DerivativeEquality, Equality, NonNegative,
                            PositiveSemidefinite, Positivity, SquareTerm, SumOfSquares)
from ceproof.facts import Facts
from ceproof.notation import Notation

EVERY_K, EXPLICIT = Notation(None, None), Notation(3, 0)
BOTH = pytest.mark.parametrize("n", [EVERY_K, EXPLICIT], ids=["every-K", "K=3"])


def status(n, claim, *used):
    return check_claim(claim, Facts.from_claims(n, used), ()).status


@BOTH
def test_renaming_an_array_index_does_not_capture_a_bound_index(n):
    i, j, _, _ = n.indices
    lhs = IndexedArray((n.K,), (i,), Sum(n.z[i], n.bounds(i)))
    rhs = IndexedArray((n.K,), (j,), Sum(D(i, j) * n.z[i], n.bounds(i)))
    assert status(n, Equality(lhs, rhs)) == "failed"


@BOTH
def test_sifting_does_not_capture_through_an_inner_sum_that_rebinds_the_index(n):
    i, j, _, _ = n.indices
    e = Sum(D(i, j) * Sum(n.z[i] * n.z[j], n.bounds(i)), n.bounds(i))
    assert status(n, Equality(e, Sum(n.z[i] ** 2, n.bounds(i)))) == "failed"


def test_psd_of_a_matrix_whose_form_uses_a_constrained_vector_fails():
    n = Notation(2, 0)
    _, j, k, _ = n.indices
    b = ProofBuilder("test", "", n)
    b.assume("domain", "z real", Assumed("z real"))
    b.add("S", Definition(n.S, Sum(exp(n.z[k]), n.bounds(k))), "d", uses=("domain",))
    b.add("p", Definition(n.p[j], exp(n.z[j]) / n.S, index=j), "d", uses=("S",))
    b.add("positive", Positivity((n.S, n.p[j]), index=j), "d", uses=("S", "p", "domain"))
    swap = IndexedArray((n.K, n.K), (j, k), 1 - D(j, k))  # [[0, 1], [1, 0]] is not PSD
    certificate = SumOfSquares((SquareTerm(Integer(2), (n.p[0], n.p[1]), Integer(1)),))
    b.add("nn", NonNegative(QuadraticForm(swap, n.p), certificate), "r", uses=("positive",))
    b.add("psd", PositiveSemidefinite(swap, n.p), "r", uses=("nn",))
    proof = b.build()
    psd = proof.results[proof.steps.index(proof.step("psd"))]
    assert psd.status == "failed" and "not arbitrary" in psd.detail


def test_a_step_that_uses_a_failed_step_fails():
    n = EXPLICIT
    b = ProofBuilder("test", "", n)
    b.add("wrong", Equality(n.z[0], n.z[1]), "r")
    b.add("after", Equality(n.z[0], n.z[0]), "r", uses=("wrong",))
    proof = b.build()
    assert [r.status for r in proof.results[:2]] == ["failed", "failed"]


def test_chain_rule_expands_a_definition_of_s_through_another_symbol():
    n = Notation(2, 0)
    _, j, _, l = n.indices
    T = sympy.Symbol("T")
    used = (Definition(T, Sum(exp(n.z[l]), n.bounds(l))), Definition(n.S, T))
    claim = DerivativeEquality(log(n.S), 1, IndexedArray((n.K,), (j,), Integer(0)))
    assert status(n, claim, *used) == "failed"


def test_a_function_of_a_free_index_is_not_differentiated_in_that_index():
    n = EVERY_K
    j = n.indices[1]
    assert status(n, DerivativeEquality(n.z[j], 1, IndexedArray((n.K,), (j,), Integer(1)))) == "failed"


@pytest.mark.parametrize("claim", [
    Equality(log(EVERY_K.S ** 2), 2 * log(EVERY_K.S)),
    Equality(sqrt(EVERY_K.S ** 2), EVERY_K.S),
    Equality(Abs(EVERY_K.S), EVERY_K.S),
], ids=["log", "sqrt", "abs"])
def test_s_is_not_assumed_positive_without_a_used_step(claim):
    assert status(EVERY_K, claim) == "failed"


@BOTH
def test_malformed_definitions_fail(n):
    i, j, _, _ = n.indices
    assert status(n, Definition(n.p[0], Integer(1))) == "failed"
    assert status(n, Definition(n.p[i], exp(n.z[i]) / n.S, index=j)) == "failed"
    assert status(n, Definition(n.S, n.z[j])) == "failed"


def test_a_definition_may_not_contradict_an_assumption():
    n = EXPLICIT
    b = ProofBuilder("test", "", n)
    b.assume("zero", "S = 0", Assumed("S is zero", (Equality(n.S, Integer(0)),)))
    b.add("S", Definition(n.S, Sum(exp(n.z[0]), n.bounds(n.indices[0]))), "d")
    assert b.build().results[0].status == "failed"


def test_division_by_a_kronecker_delta_is_refused():
    n = EXPLICIT
    _, j, k, _ = n.indices
    lhs = IndexedArray((n.K, n.K), (j, k), 1 / D(j, k))
    rhs = IndexedArray((n.K, n.K), (j, k), D(j, k))
    assert status(n, Equality(lhs, rhs)) == "failed"


def test_a_vector_is_not_equal_to_a_matrix_with_as_many_entries():
    n = Notation(4, 0)
    _, j, k, _ = n.indices
    vector = IndexedArray((Integer(4),), (j,), Integer(0))
    matrix = IndexedArray((Integer(2), Integer(2)), (j, k), Integer(0))
    assert status(n, Equality(vector, matrix)) == "failed"


def test_an_array_with_a_repeated_index_is_rejected():
    n = EXPLICIT
    i = n.indices[0]
    with pytest.raises(ValueError):
        IndexedArray((n.K, n.K), (i, i), n.z[i])


def test_a_reversed_summation_range_in_a_certificate_fails():
    n = EXPLICIT
    i, j, _, _ = n.indices
    term = SquareTerm(Integer(1), (), n.v[i], ((i, 2, 0),))
    form = QuadraticForm(IndexedArray((n.K, n.K), (i, j), Integer(0)), n.v)
    assert status(n, NonNegative(form, SumOfSquares((term,)))) == "failed"


@BOTH
def test_a_derivative_named_after_the_wrong_function_fails(n):
    j = n.indices[1]
    L = sympy.Symbol("L")
    definition = Definition(L, n.z[0] ** 2)
    claim = DerivativeEquality(log(n.S), 1, IndexedArray((n.K,), (j,), n.p[j]), of=L)
    assert status(n, claim, definition) == "failed"


def _statuses(builder):
    return {s.key: r.status for s, r in zip(builder.build().steps, builder.build().results)}


def test_a_nonnegative_sum_needs_constant_weights():
    from ceproof.citations import NONNEGATIVE_SUMS, NORM_CONVEXITY
    from ceproof.claims import Cited

    theta = sympy.IndexedBase("theta", real=True)
    N, F = sympy.symbols("N F")
    b = ProofBuilder("test", "", EVERY_K)
    b.assume("dom", "domain", Assumed("theta real"))
    b.add("N", Definition(N, Abs(theta[1])), "d")
    b.add("F", Definition(F, Abs(theta[0]) * N), "d")  # |θ0|·|θ1| is not convex
    b.add("normc", Cited("N convex", NORM_CONVEXITY, subject=N, variables=(theta,)), "c", uses=("N",))
    b.add("Fc", Cited("F convex", NONNEGATIVE_SUMS, subject=F, variables=(theta,)), "c", uses=("normc", "F", "N"))
    assert _statuses(b)["Fc"] == "failed"


def test_a_reversed_sum_of_absolute_values_is_not_a_norm():
    from ceproof.citations import NORM_CONVEXITY
    from ceproof.claims import Cited

    theta = sympy.IndexedBase("theta", real=True)
    N, k = sympy.Symbol("N"), sympy.Symbol("k", integer=True)
    b = ProofBuilder("test", "", EVERY_K)
    b.add("N", Definition(N, Sum(Abs(theta[k]), (k, 2, 0))), "d")  # Karr: equals −|θ1|
    b.add("normc", Cited("N convex", NORM_CONVEXITY, subject=N, variables=(theta,)), "c", uses=("N",))
    assert _statuses(b)["normc"] == "failed"


def test_a_refutation_needs_its_points_in_the_domain():
    from ceproof.citations import CONVEXITY_DEFINITION
    from ceproof.claims import Cited, Counterexample

    x, f = sympy.Symbol("x", real=True), sympy.Symbol("f")
    b = ProofBuilder("refute", "", Notation(2, 0))
    b.assume("dom", "x > 0", Assumed("x positive", (Positivity((x,)),)))
    b.add("f", Definition(f, x ** 3), "d")
    b.add("ce", Counterexample(function=x ** 3, variables=(x,), kind="chord", of=f,
                               x1=(Integer(-2),), x2=(Integer(0),), t=sympy.Rational(1, 2)), "c", uses=("f",))
    b.add("nc", Cited("f is not convex on x > 0", CONVEXITY_DEFINITION, subject=f, variables=(x,)), "c",
          uses=("ce", "dom"))
    assert _statuses(b)["nc"] == "failed"


def test_review_of_certificates_array_indices_and_limits_and_sides():
    """Found by random mutation of certificates: each was data a forger could change unnoticed."""
    from ceproof.checks import CheckFailure, _bindings
    from ceproof.laurent import Laurent, NotALaurentPolynomial

    n = EXPLICIT
    _, j, k, _ = n.indices
    with pytest.raises(ValueError, match="distinct index"):
        IndexedArray((n.K, n.K), (j, -k), D(j, k))
    with pytest.raises(CheckFailure, match="not integers"):
        list(_bindings(((k, j + sympy.Rational(5, 6), Integer(2)), (j, Integer(0), Integer(2)))))
    with pytest.raises(NotALaurentPolynomial, match="too large"):
        big = Laurent({((r, 1),): 1 for r in range(3000)})
        big * big
    every = Notation(None, None)
    j, k = every.indices[1:3]
    wrong = IndexedArray((-every.K, every.K), (j, k), D(j, k) * every.p[j])
    assert status(every, Equality(QuadraticForm(wrong, every.v), Sum(every.p[j] * every.v[j] ** 2, every.bounds(j)))) \
        == "failed"
    square = SquareTerm(Integer(1), (), every.v[j], (every.bounds(j),))
    sides = Equality(QuadraticForm(IndexedArray((every.K, every.K), (j, k), D(j, k)), every.v),
                     SumOfSquares((square,), (Constraint(Integer(1), Integer(0)),)))
    assert status(every, sides) == "failed"


def test_a_definition_must_justify_the_assumptions_its_name_declares():
    """Review of certificates: T declared positive and defined as −1 made −1 ≥ 0 check."""
    T = sympy.Symbol("T", positive=True)
    assert status(EXPLICIT, Definition(T, Integer(-1))) == "failed"
    r = sympy.Symbol("r", real=True)
    assert status(EXPLICIT, Definition(r, sqrt(Integer(-1)))) == "failed"
    assert status(EXPLICIT, Definition(sympy.Symbol("U", positive=True), exp(EXPLICIT.z[0]))) == "verified"


def test_second_review_of_certificates():
    """Found by a second adversarial review of certificates; each was accepted before."""
    import time

    from ceproof.checks import PREMISES, CheckFailure
    from ceproof.citations import AFFINE_PRECOMPOSITION, SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION
    from ceproof.claims import Affine, Cited

    n = EVERY_K
    i, j, k, l = n.indices
    L = sympy.Symbol("L")
    x, W, b = (sympy.IndexedBase(name, real=True) for name in ("x", "W", "b"))
    m = sympy.Symbol("m", integer=True, nonnegative=True)
    logsumexp = log(Sum(exp(n.z[l]), n.bounds(l))) - Sum(n.y[i] * n.z[i], n.bounds(i))
    convex_in_z = Cited("L convex in z", SECOND_ORDER_CONDITION, subject=L, variables=(n.z,))
    affine = Affine(n.z, IndexedArray((n.K,), (j,), Sum(W[j, m] * x[m], (m, 0, 1)) + b[j]), (x,))

    # L(W x + b) is convex in x only if L sees x through z alone: here it also has −x₀².
    honest, sneaky = Definition(L, logsumexp), Definition(L, logsumexp - x[0] ** 2)
    assert PREMISES["affine-precomposition"](Facts.from_claims(n, (affine, convex_in_z), (honest,)))
    with pytest.raises(CheckFailure):
        PREMISES["affine-precomposition"](Facts.from_claims(n, (affine, convex_in_z), (sneaky,)))

    # "not strictly convex" needs the shift equality to be about the subject's own definition.
    unrelated = Equality(n.z[0] - n.z[1], n.z[0] - n.z[1])
    not_strict = Cited("L not strictly convex", STRICT_CONVEXITY_DEFINITION, subject=L, variables=(n.z,))
    assert status(n, not_strict, unrelated, honest) == "failed"
    shift = Equality(logsumexp.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == n.z,
                                       lambda e: e + n.t), logsumexp)
    assert (L, (n.z,)) in PREMISES["strict-convexity-definition"](Facts.from_claims(n, (shift, honest)))

    # Four nested sums over 0 … 49 are refused at once, not written out for minutes.
    fifty = Notation(50, 0)
    term = SquareTerm(Integer(1), (), fifty.v[i] + fifty.v[j] + fifty.v[k] + fifty.v[l],
                      tuple((index, Integer(0), Integer(49)) for index in (i, l, k, j)))
    started = time.perf_counter()
    claim = NonNegative(Sum(fifty.v[i] ** 2, (i, 0, 49)), SumOfSquares((term,)))
    assert status(fifty, claim) == "failed" and time.perf_counter() - started < 5


def test_a_weight_of_a_nonnegative_sum_must_be_a_constant_not_a_defined_quantity():
    """Fourth review of certificates: F := L + e^{−z₀}·R and F := L + p₀·R were accepted as convex in (W, b),
    because z and p are defined by steps the citation does not use."""
    from ceproof.checks import _constant_weight

    n = EVERY_K
    assert _constant_weight(sympy.Rational(1, 10)) and _constant_weight(1 / sympy.Symbol("N", integer=True, positive=True))
    assert not _constant_weight(exp(-n.z[0]))
    assert not _constant_weight(n.p[0])
    assert not _constant_weight(sympy.Symbol("T"))
    assert not _constant_weight(-sympy.Rational(1, 10))
