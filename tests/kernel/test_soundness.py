"""False claims found in review: each must fail its check (capture, provenance, names, declarations)."""

import dataclasses
import time

import pytest
import sympy
from sympy import Abs, Integer, KroneckerDelta as D, Rational, Sum, exp, log, sqrt

from ceproof import family
from ceproof.kernel.algebra.laurent import Laurent, NotALaurentPolynomial
from ceproof.kernel.arrays import IndexedArray, QuadraticForm
from ceproof.kernel.checks.citations import PREMISES, _constant_weight
from ceproof.kernel.checks.common import CheckFailure
from ceproof.kernel.citations import (AFFINE_PRECOMPOSITION, CONVEXITY_DEFINITION, NONNEGATIVE_SUMS, NORM_CONVEXITY,
                                      SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION)
from ceproof.kernel.claims import (Affine, Cited, Conclusion, Constraint, Counterexample, Definition,
                                   DerivativeEquality, Equality, NonNegative, PositiveSemidefinite, Positivity,
                                   SquareTerm, SumOfSquares)
from ceproof.kernel.engines.explicit import bindings
from ceproof.kernel.facts import Facts
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import PositiveOrthant, RealSpace, SimplexLabel
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.verify import check_in_context, verify
from support import BOTH, EVERY_K, EXPLICIT, assert_failed, assert_verified, check, status

L = sympy.Symbol("L")


@BOTH
def test_renaming_an_array_index_does_not_capture_a_bound_index(n):
    i, j, k, _ = n.indices
    lhs = IndexedArray((n.K,), (k,), Sum(n.z[i], n.bounds(i)))
    rhs = IndexedArray((n.K,), (j,), Sum(D(i, j) * n.z[i], n.bounds(i)))
    assert status(n, Equality(lhs, rhs)) == "failed"
    assert status(n, Equality(lhs, IndexedArray((n.K,), (j,), Sum(n.z[i], n.bounds(i))))) == "verified"
    # an entry that binds its own array index is refused outright (review round 3)
    assert "bound twice" in check(n, Equality(IndexedArray((n.K,), (i,), Sum(n.z[i], n.bounds(i))), lhs)).detail


@BOTH
def test_sifting_does_not_capture_through_an_inner_sum_that_rebinds_the_index(n):
    i, j, _, _ = n.indices
    # an inner sum rebinding the outer index is no longer accepted at all (no index bound twice)
    e = Sum(D(i, j) * Sum(n.z[i] * n.z[j], n.bounds(i)), n.bounds(i))
    assert_failed(check(n, Equality(e, Sum(n.z[i] ** 2, n.bounds(i)))), "bound twice")
    # sifting Σᵢ δ(i, j)·f(i) to f(j) must not let an inner Σⱼ capture the j it brings in
    captured = Sum(D(i, j) * Sum(n.z[i] * n.z[j], n.bounds(j)), n.bounds(i))
    assert status(n, Equality(captured, Sum(n.z[j] ** 2, n.bounds(j)))) == "failed"
    assert status(n, Equality(captured, n.z[j] * Sum(n.z[i], n.bounds(i)))) == "verified"


def psd_of_swap(vector):
    """[[0, 1], [1, 0]] (not PSD), and vᵀ·it·v = 2·v0·v1 ≥ 0 by a certificate that needs v0, v1 ≥ 0."""
    n = Notation(2, 0)
    _, j, k, _ = n.indices
    swap = IndexedArray((n.K, n.K), (j, k), 1 - D(j, k))
    certificate = SumOfSquares((SquareTerm(Integer(2), (vector[0], vector[1]), Integer(1)),))
    return n, swap, NonNegative(QuadraticForm(swap, vector), certificate)


def test_psd_of_a_matrix_whose_form_uses_a_constrained_vector_fails():
    n = Notation(2, 0)
    i, j, _, l = n.indices
    # with p (defined, shown > 0) as the vector: new rule, a PSD vector must be a test vector of the notation
    n, swap, nonnegative = psd_of_swap(n.p)
    assert_failed(check(n, PositiveSemidefinite(swap, n.p), nonnegative), "not a test vector")
    # with the test vector v, made ≥ 0 by a step the bound rests on: not arbitrary
    n, swap, nonnegative = psd_of_swap(n.v)
    signs = Positivity((n.v[i],), index=i, strict=False)
    assert_verified(check(n, nonnegative, signs))  # 2·v0·v1 ≥ 0 does hold where v ≥ 0 …
    result = check_in_context(n, PositiveSemidefinite(swap, n.v), (nonnegative,), (signs,))
    assert_failed(result, "not arbitrary")  # … which is not every v
    assert_verified(check_in_context(n, PositiveSemidefinite(swap, n.v), (nonnegative,), ()))  # control


def test_a_step_that_uses_a_failed_step_fails():
    notation, statement = family.canonical(family.LOSSES["ce"], {"classes": 3, "label": 0})
    n = notation
    steps = (Step("1", "wrong", Equality(n.z[0], n.z[1])),
             Step("2", "after", Equality(n.z[0], n.z[0]), uses=("1",)),
             Step("3", "alone", Equality(n.z[0], n.z[0])),
             Step("4", "conclusion", Conclusion()))
    results = verify(Proof(statement, notation, steps))
    assert [r.status for r in results[:3]] == ["failed", "failed", "verified"]
    assert results[1].method == "dependencies" and "uses step 1" in results[1].detail


def test_chain_rule_expands_a_definition_of_s_through_another_symbol():
    n = Notation(2, 0)
    _, j, _, l = n.indices
    T = sympy.Symbol("T")
    used = (Definition(T, Sum(exp(n.z[l]), n.bounds(l))), Definition(n.S, T), Definition(L, log(n.S)))
    claim = DerivativeEquality(log(n.S), 1, IndexedArray((n.K,), (j,), Integer(0)), of=L)
    assert_failed(check(n, claim, *used), "not 0")
    right = DerivativeEquality(log(n.S), 1, IndexedArray((n.K,), (j,), exp(n.z[j]) / n.S), of=L)
    assert_verified(check(n, right, *used))


def test_a_function_of_a_free_index_is_not_differentiated_in_that_index():
    n = EVERY_K
    j = n.indices[1]
    claim = DerivativeEquality(n.z[j], 1, IndexedArray((n.K,), (j,), Integer(1)), of=L)
    assert_failed(check(n, claim, Definition(L, n.z[j])), "free index")


@pytest.mark.parametrize("claim", [
    Equality(log(EVERY_K.S ** 2), 2 * log(EVERY_K.S)),
    Equality(sqrt(EVERY_K.S ** 2), EVERY_K.S),
    Equality(Abs(EVERY_K.S), EVERY_K.S),
], ids=["log", "sqrt", "abs"])
def test_s_is_not_assumed_positive_without_a_used_step(claim):
    assert status(EVERY_K, claim) == "failed"
    assert status(EVERY_K, claim, Positivity((EVERY_K.S,))) == "verified"


@BOTH
def test_malformed_definitions_fail(n):
    i, j, _, _ = n.indices
    assert status(n, Definition(n.p[0], Integer(1))) == "failed"
    assert status(n, Definition(n.p[i], exp(n.z[i]) / n.S, index=j)) == "failed"
    assert status(n, Definition(n.S, n.z[j])) == "failed"
    assert status(n, Definition(n.S, n.z[0])) == "verified"


def test_a_definition_may_not_contradict_a_premise():
    # was: an assumption S = 0, then S defined as a sum of exponentials. Premises now have a fixed meaning
    # (no "S = 0"), and a definition may not redefine what a premise is about: here the label on the simplex
    notation, statement = family.canonical(family.LOSSES["ce"], {"classes": None, "label": None})
    n = notation
    i = n.indices[0]
    premise = SimplexLabel(n.y)
    redefined = Definition(n.y[i], Integer(2), index=i)  # Σ yᵢ = 2K, not 1
    assert_failed(check(n, redefined, earlier=(premise,)), "already defined or used")
    assert_failed(check(n, redefined, statement=statement), "a variable, a datum or a reserved name")
    assert_failed(check(n, Definition(n.z[i], Integer(0), index=i), statement=statement), "a variable, a datum")
    assert_verified(check(n, Definition(n.q[i], Integer(2), index=i), earlier=(premise,), statement=statement))


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
    assert_failed(check(n, NonNegative(form, SumOfSquares((term,)))), "reversed")


@BOTH
def test_a_derivative_named_after_the_wrong_function_fails(n):
    j = n.indices[1]
    definition = Definition(L, n.z[0] ** 2)
    claim = DerivativeEquality(log(n.S), 1, IndexedArray((n.K,), (j,), n.p[j]), of=L)
    assert_failed(check(n, claim, definition), "no used step shows that the function is L")


def test_a_nonnegative_sum_needs_constant_weights():
    n = EVERY_K
    theta = n.b
    N, F = sympy.symbols("N F")
    domain = RealSpace(theta)
    norm = Definition(N, Abs(theta[1]))
    product = Definition(F, Abs(theta[0]) * N)  # |θ0|·|θ1| is not convex
    norm_convex = Cited(NORM_CONVEXITY, N, (theta,))
    assert check(n, norm_convex, norm, earlier=(domain, norm)).status == "cited"
    earlier = (domain, norm, product, norm_convex)
    assert_failed(check(n, Cited(NONNEGATIVE_SUMS, F, (theta,)), norm_convex, product, norm, earlier=earlier),
                  "non-negative sum")
    doubled = Definition(F, 2 * N)
    assert check(n, Cited(NONNEGATIVE_SUMS, F, (theta,)), norm_convex, doubled, norm,
                 earlier=(domain, norm, doubled, norm_convex)).status == "cited"


def test_a_reversed_sum_of_absolute_values_is_not_a_norm():
    n = EVERY_K
    theta, k = n.b, n.indices[2]
    N = sympy.Symbol("N")
    reversed_sum = Definition(N, Sum(Abs(theta[k]), (k, 2, 0)))  # Karr: equals −|θ1|
    assert_failed(check(n, reversed_sum), "reversed")
    assert_failed(check(n, Cited(NORM_CONVEXITY, N, (theta,)), reversed_sum), "norm")
    forward = Definition(N, Sum(Abs(theta[k]), (k, 0, 2)))
    assert check(n, Cited(NORM_CONVEXITY, N, (theta,)), forward).status == "cited"


def test_a_refutation_needs_its_points_in_the_domain():
    # was: x > 0 assumed as the domain of f(x) = x³ and a chord through x = −2. The vocabulary's open
    # domain with a sign is the positive orthant
    n = Notation(2, 0)
    q = n.q
    f = sympy.Symbol("f")
    q0, q1 = n.entries(q)
    cube = q0 ** 3
    example = Counterexample(function=cube, variables=(q0, q1), kind="chord", of=f,
                             x1=(Integer(-2), Integer(0)), x2=(Integer(0), Integer(0)), t=Rational(1, 2))
    assert_verified(check(n, example, Definition(f, cube)))
    claim = Cited(CONVEXITY_DEFINITION, f, (q,))
    assert_failed(check(n, claim, example, PositiveOrthant(q)), "whole space")
    assert check(n, claim, example, RealSpace(q)).status == "cited"


def test_review_of_certificates_array_indices_and_limits_and_sides():
    """Found by random mutation of certificates: each was data a forger could change unnoticed."""
    n = EXPLICIT
    _, j, k, _ = n.indices
    with pytest.raises(ValueError, match="distinct index"):
        IndexedArray((n.K, n.K), (j, -k), D(j, k))
    with pytest.raises(CheckFailure, match="not integers"):
        list(bindings(((k, j + Rational(5, 6), Integer(2)), (j, Integer(0), Integer(2)))))
    with pytest.raises(NotALaurentPolynomial, match="too large"):
        big = Laurent({((r, 1),): 1 for r in range(3000)})
        big * big
    every = Notation(None)
    j, k = every.indices[1:3]
    wrong = IndexedArray((-every.K, every.K), (j, k), D(j, k) * every.p[j])
    assert status(every, Equality(QuadraticForm(wrong, every.v), Sum(every.p[j] * every.v[j] ** 2, every.bounds(j)))) \
        == "failed"
    square = SquareTerm(Integer(1), (), every.v[j], (every.bounds(j),))
    sides = Equality(QuadraticForm(IndexedArray((every.K, every.K), (j, k), D(j, k)), every.v),
                     SumOfSquares((square,), (Constraint(Integer(1), Integer(0)),)))
    assert_failed(check(every, sides), "a sum of squares as a side")
    assert_verified(check(every, dataclasses.replace(sides, rhs=SumOfSquares((square,)))))


def test_a_definition_must_justify_the_assumptions_its_name_declares():
    """Review of certificates: T declared positive and defined as −1 made −1 ≥ 0 check."""
    n = EXPLICIT
    T = sympy.Symbol("T", integer=True, positive=True)
    assert_failed(check(n, Definition(T, Integer(-1))), "declared positive")
    assert_verified(check(n, Definition(T, Integer(2))))
    r = sympy.Symbol("h", real=True)
    assert status(n, Definition(r, sqrt(Integer(-1)))) == "failed"
    assert_failed(check(n, Definition(r, log(n.z[0]))), "takes log(z")  # since round 7: a log of what is shown > 0
    assert_verified(check(n, Definition(r, exp(n.z[0]))))
    # new rule: a real symbol may not be declared positive at all, whatever its definition
    assert_failed(check(n, Definition(sympy.Symbol("U", positive=True), exp(n.z[0]))), "never declared positive")


def test_second_review_of_certificates():
    """Found by a second adversarial review of certificates; each was accepted before."""
    n = EVERY_K
    i, j, k, l = n.indices
    x, W, b, m = n.x, n.W, n.b, n.m
    logsumexp = log(Sum(exp(n.z[l]), n.bounds(l))) - Sum(n.y[i] * n.z[i], n.bounds(i))
    convex_in_z = Cited(SECOND_ORDER_CONDITION, L, (n.z,))
    affine = Affine(n.z, IndexedArray((n.K,), (j,), Sum(W[j, m] * x[m], (m, 0, 1)) + b[j]), (x,))

    # L(W x + b) is convex in x only if L sees x through z alone: here it also has −x₀².
    honest, sneaky = Definition(L, logsumexp), Definition(L, logsumexp - x[0] ** 2)
    def facts(definition):  # the definition is an ancestor, so it is among the earlier claims too
        return Facts.from_claims(n, (affine, convex_in_z), (definition,), (definition, affine, convex_in_z))

    assert (L, (x,)) in PREMISES["affine-precomposition"](None, facts(honest))
    assert (L, (x,)) not in PREMISES["affine-precomposition"](None, facts(sneaky))
    in_x = Cited(AFFINE_PRECOMPOSITION, L, (x,))
    assert check_in_context(n, in_x, (affine, convex_in_z), (honest,), (honest, affine, convex_in_z)).status == "cited"
    assert_failed(check_in_context(n, in_x, (affine, convex_in_z), (sneaky,), (sneaky, affine, convex_in_z)),
                  "do not establish the premises")

    # "not strictly convex" needs the shift equality to be about the subject's own definition.
    unrelated = Equality(n.z[0] - n.z[1], n.z[0] - n.z[1])
    not_strict = Cited(STRICT_CONVEXITY_DEFINITION, L, (n.z,))
    assert status(n, not_strict, unrelated, honest) == "failed"
    shift = Equality(logsumexp.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == n.z,
                                       lambda e: e + n.t), logsumexp)
    assert (L, (n.z,)) in PREMISES["strict-convexity-definition"](None, Facts.from_claims(n, (shift, honest)))
    assert status(n, not_strict, shift, honest) == "cited"

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
    n = EVERY_K
    none = frozenset()
    N = sympy.Symbol("N", integer=True, positive=True)
    assert _constant_weight(Rational(1, 10), none) and _constant_weight(1 / N, none)
    assert not _constant_weight(1 / N, frozenset({"N"}))  # an integer that a step defines is not a constant
    assert not _constant_weight(exp(-n.z[0]), none)
    assert not _constant_weight(n.p[0], none)
    assert not _constant_weight(sympy.Symbol("T"), none)
    assert not _constant_weight(-Rational(1, 10), none)
