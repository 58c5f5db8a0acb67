"""Every hole found by the adversarial reviews, kept as a test: each builds the false claim or the false
proof that an earlier checker accepted, and the kernel must refuse it (and say why).

Round 1 (against the checker before the kernel): reviewer A (the algebra: A-1 … A-17) and reviewer B
(derivatives, forms, citations, counterexamples, statements: B-1 … B-23). The ids name the finding.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Integer, KroneckerDelta, Max, Rational, Sum, exp, floor, log, sqrt

from ceproof.kernel import checks
from ceproof.kernel.algebra.laurent import MAX_TERMS, Laurent, NotALaurentPolynomial
from ceproof.kernel.arrays import AffineSet, IndexedArray, QuadraticForm
from ceproof.kernel.citations import (AFFINE_PRECOMPOSITION, CONVEXITY_DEFINITION, NONNEGATIVE_SUMS, NORM_CONVEXITY,
                                      SECOND_ORDER_CONDITION, SECOND_ORDER_STRICT, STRICT_CONVEXITY_DEFINITION,
                                      STRICT_ON_AFFINE_SET)
from ceproof.kernel.claims import (Affine, Cited, Conclusion, Constraint, Counterexample, Definition,
                                   DerivativeEquality, Equality, FormZeros, NonNegative, PositiveDefiniteOn,
                                   PositiveSemidefinite, Positivity, SquareTerm, SumOfSquares)
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import NonnegativeData, OneHotLabel, RealData, RealSpace, SimplexLabel
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.statement import (Convex, Derivative, NotConvex, NotStrictlyConvex, Statement, StrictlyConvex)
from ceproof.kernel.verify import verify
from support import BOTH, EVERY_K, EXPLICIT, check

F, G, L, T, Q = sympy.symbols("F G L T Q")


def run(n, statement, *steps):
    """The kernel's results for a proof of ``statement`` whose steps are (claim, uses) pairs; the last
    step, the conclusion, is added using the steps named in ``statement``'s order (by their index)."""
    proof = Proof(statement, n, tuple(Step(str(k), f"s{k}", claim, "", "", tuple(uses))
                                      for k, (claim, uses) in enumerate(steps, 1)))
    return verify(proof)


def failure(results) -> str:
    """The reason the proof fails (the first failed step's), or "" when it is valid."""
    for result in results:
        if not result.ok:
            return result.detail
    return ""


def in_z(n, name, function, *properties, premises=()):
    return Statement(name, function, (n.z,), (RealSpace(n.z), *premises), properties)


def softmax_steps(n):
    i, l = n.indices[0], n.indices[3]
    total = Sum(exp(n.z[l]), n.bounds(l))
    return [(Definition(n.S, total), ("A1",)), (Definition(n.p[i], exp(n.z[i]) / n.S, index=i), ("1",)),
            (Positivity((n.S, n.p[i]), index=i), ("1", "2", "A1"))]


def hessian_of(n, f, entry, of):
    j, k = n.indices[1:3]
    return DerivativeEquality(f, 2, IndexedArray((n.K, n.K), (j, k), entry), of=of)


# ---------------------------------------------------------------- division by a known zero (A-1 … A-4)

@BOTH
def test_a1_a_multiplier_may_not_divide_by_the_zero_it_multiplies(n):
    l = n.indices[3]
    total = Sum(exp(n.z[l]), n.bounds(l))
    one_is_two = Equality(Integer(1), Integer(2), (Constraint(-1 / (n.S - total), n.S - total),))
    result = check(n, one_is_two, Definition(n.S, total))
    assert result.status == "failed" and "divides by" in result.detail


def test_a2_a_definition_t_equals_zero_is_not_invertible():
    n = EXPLICIT
    v = n.v
    form = v[0] ** 2 - v[1] ** 2
    certificate = SumOfSquares((), (Constraint(form / T, T),))
    result = check(n, NonNegative(form, certificate), Definition(T, Integer(0)))
    assert result.status == "failed" and "divides by T" in result.detail


def test_a4_z0_squared_z1_squared_is_not_convex_by_dividing_by_a_zero():
    n = Notation(2)
    z, v = n.z, n.v
    f = z[0] ** 2 * z[1] ** 2
    j, k = n.indices[1:3]
    H = IndexedArray((n.K, n.K), (j, k), sympy.diff(f, z[0], z[0]) * KroneckerDelta(j, 0) * KroneckerDelta(k, 0))
    form = QuadraticForm(H, v)
    results = run(n, in_z(n, F, f, Convex((z,))),
                  (Definition(F, f), ("A1",)), (Definition(T, Integer(0)), ()),
                  (NonNegative(form, SumOfSquares((), (Constraint(Integer(1) / T, T),))), ("2",)),
                  (PositiveSemidefinite(H, v), ("3",)), (Cited(SECOND_ORDER_CONDITION, F, (z,)), ("3", "4", "A1")),
                  (Conclusion(), ("5",)))
    assert failure(results)


def test_a12_an_entry_that_is_zero_is_not_inverted():
    n = EXPLICIT
    j = n.indices[1]
    for lhs, rhs in ((n.z[j] / n.y[j], KroneckerDelta(j, 0) * n.z[0]), (1 / j, Integer(0)),
                     (1 / KroneckerDelta(j, 0), KroneckerDelta(j, 0))):
        claim = Equality(IndexedArray((n.K,), (j,), lhs), IndexedArray((n.K,), (j,), rhs))
        assert check(n, claim, OneHotLabel(n.y, 0)).status == "failed"


# ---------------------------------------------------------------- re-binding names (A-5, A-7, A-11, B-3, B-11, B-12)

@BOTH
def test_reserved_and_statement_names_cannot_be_defined(n):
    i = n.indices[0]
    statement = in_z(n, L, Integer(0), Convex((n.z,)), premises=(SimplexLabel(n.y),))
    for definition in (Definition(n.t, Integer(0)), Definition(n.K, Integer(5)) if not n.is_explicit else None,
                       Definition(i, Integer(0)), Definition(n.z[i], Integer(0), index=i),
                       Definition(n.y[i], n.z[i] ** 2, index=i), Definition(n.v[i], Integer(0), index=i)):
        if definition is None:
            continue
        result = check(n, definition, statement=statement)
        assert result.status == "failed", definition


def test_a5_b3_sum_of_squares_is_not_refuted_as_strictly_convex_by_t_equal_zero():
    n = EVERY_K
    i = n.indices[0]
    f = Sum(n.z[i] ** 2, n.bounds(i))
    shifted = Sum((n.z[i] + n.t) ** 2, n.bounds(i))
    results = run(n, in_z(n, Q, f, NotStrictlyConvex((n.z,))),
                  (Definition(n.t, Integer(0)), ()), (Definition(Q, f), ("A1",)),
                  (Equality(shifted, f, (Constraint(2 * Sum(n.z[i], n.bounds(i)) + n.K * n.t, n.t),)), ("1",)),
                  (Cited(STRICT_CONVEXITY_DEFINITION, Q, (n.z,)), ("3", "2")), (Conclusion(), ("4",)))
    assert "reserved" in failure(results) or "cannot be defined" in failure(results)


def test_b4_a_shift_must_shift_every_dependence_on_z():
    n = EVERY_K
    i, j = n.indices[:2]
    f = Sum(n.z[i] ** 2, n.bounds(i))
    rhs = F + Sum(n.z[i], n.bounds(i)) - Sum(n.z[j], n.bounds(j))
    lhs = F + Sum(n.z[i] + n.t, n.bounds(i)) - Sum(n.z[j] + n.t, n.bounds(j))
    results = run(n, in_z(n, F, f, NotStrictlyConvex((n.z,))),
                  (Definition(F, f), ("A1",)), (Equality(lhs, rhs), ()), (Equality(rhs, F), ()),
                  (Cited(STRICT_CONVEXITY_DEFINITION, F, (n.z,)), ("2", "3", "1")), (Conclusion(), ("4",)))
    assert "f(z + t·1) = f(z)" in failure(results)


# ---------------------------------------------------------------- signs declared, not shown

def test_a6_a_sign_for_every_index_needs_an_index_of_the_notation():
    n = EXPLICIT
    r = sympy.Symbol("h", integer=True, positive=True)
    assert check(n, Positivity((r - 1,), index=r, strict=False)).status == "failed"


def test_a10_a13_symbols_are_never_declared_positive():
    n = EXPLICIT
    m = sympy.Symbol("m", integer=True, positive=True)  # the notation's m is a nonnegative integer
    term = SquareTerm(Integer(1), (), sqrt(m - 1) * n.v[0], ((m, 0, 0),))
    result = check(n, NonNegative(-n.v[0] ** 2, SumOfSquares((term,))))
    assert result.status == "failed" and "malformed" in result.detail
    x = sympy.Symbol("x", positive=True)
    assert check(n, Positivity((x,))).status == "failed"


def test_a14_an_index_declared_positive_may_not_start_at_zero():
    n = EXPLICIT
    r = sympy.Symbol("h", integer=True, positive=True)
    term = SquareTerm(Integer(1), (), sqrt(r - 1) * n.v[0], ((r, 0, 0),))
    result = check(n, NonNegative(-n.v[0] ** 2, SumOfSquares((term,))))
    assert result.status == "failed" and "starts at 0" in result.detail


# ---------------------------------------------------------------- summation ranges

@BOTH
def test_a8_a9_a_reversed_range_is_refused_everywhere(n):
    i, j = n.indices[:2]
    reversed_sum = Sum(n.v[i] ** 2, (i, n.K, -1))
    assert "reversed" in check(n, NonNegative(reversed_sum, SumOfSquares((SquareTerm(Integer(1), (), n.v[i],
                                                                                          ((i, n.K, -1),)),)))).detail
    sifted = Sum(Sum(KroneckerDelta(i, j) * n.z[i], (i, n.K, -1)), (j, n.K, -1))
    assert "reversed" in check(n, Equality(sifted, Sum(n.z[j], (j, n.K, -1)))).detail
    assert "reversed" in check(n, Positivity((Sum(Integer(1), (i, 2, 0)),))).detail


def test_a17_a_bound_may_not_speak_of_its_own_index():
    n = EVERY_K
    i, j = n.indices[:2]
    claim = Equality(Sum(n.z[i], (i, 0, i)), Sum(n.z[j], (j, 0, j)))
    assert "itself" in check(n, claim).detail


def test_an_index_bound_twice_is_refused():
    n = EVERY_K
    i = n.indices[0]
    assert "twice" in check(n, Equality(Sum(Sum(n.z[i], n.bounds(i)), n.bounds(i)), Integer(0))).detail


# ---------------------------------------------------------------- premises

def test_a16_the_premises_must_agree_with_the_notation():
    n = EXPLICIT  # y = e_0
    statement = in_z(n, L, Integer(0), Convex((n.z,)), premises=(OneHotLabel(n.y, 2),))
    results = run(n, statement, (Definition(L, Integer(0)), ()), (Conclusion(), ()))
    assert "the premises must say so" in failure(results)
    statement = in_z(n, L, Integer(0), Convex((n.z,)), premises=(SimplexLabel(n.y),))
    assert "the premises must say so" in failure(run(n, statement, (Definition(L, Integer(0)), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- test vectors (B-2, B-5, B-10, B-15, B-18)

def _squares_form(n, vector):
    """vᵀ(2I)v for a vector, with its certificate Σ 2·vᵢ² (explicit K = 2)."""
    j, k = n.indices[1:3]
    H = IndexedArray((n.K, n.K), (j, k), 2 * KroneckerDelta(j, k))
    i = n.indices[0]
    return H, NonNegative(QuadraticForm(H, vector), SumOfSquares((SquareTerm(Integer(2), (), vector[i], (n.bounds(i),)),)))


def test_b2_the_variable_is_not_a_test_vector():
    n = Notation(2)
    H, bound = _squares_form(n, n.z)
    assert "not a test vector" in check(n, PositiveSemidefinite(H, n.z), bound).detail


def test_b15_a_vector_declared_positive_is_not_the_notation_test_vector():
    n = Notation(2)
    w = sympy.IndexedBase("w", positive=True)
    H, bound = _squares_form(n, w)
    assert check(n, PositiveSemidefinite(H, w), bound).status == "failed"


def test_b10_the_test_vector_may_not_occur_in_the_matrix():
    n = Notation(2)
    j, k = n.indices[1:3]
    H = IndexedArray((n.K, n.K), (j, k), n.v[0] ** 2 * KroneckerDelta(j, k))
    i = n.indices[0]
    bound = NonNegative(QuadraticForm(H, n.v), SumOfSquares((SquareTerm(Integer(1), (n.v[0],), n.v[i], (n.bounds(i),)),)))
    result = check(n, PositiveSemidefinite(H, n.v), bound)
    assert result.status == "failed"


def test_b5_form_zeros_needs_a_test_vector():
    n = EXPLICIT
    ones = IndexedArray((n.K,), (n.indices[1],), Integer(1))
    H, bound = _squares_form(n, n.z)
    assert check(n, FormZeros(H, n.z, ones), bound).status == "failed"


# ---------------------------------------------------------------- Hessians in part of the variables (B-1, B-20)

def test_b1_b20_a_hessian_in_z0_alone_says_nothing_of_z():
    n = Notation(2, 0)
    i, l = n.indices[0], n.indices[3]
    f = log(n.S) - n.z[0]
    j, k = n.indices[1:3]
    H = IndexedArray((1, 1), (j, k), n.p[0] * (1 - n.p[0]))
    statement = in_z(n, L, log(Sum(exp(n.z[l]), n.bounds(l))) - n.z[0], StrictlyConvex((n.z,)),
                     premises=(OneHotLabel(n.y, 0),))
    results = run(n, statement, *softmax_steps(n), (Definition(L, f), ("1",)),
                  (DerivativeEquality(f, 2, H, of=L, variables=(n.z[0],)), ("4", "1", "2", "3")),
                  (Positivity((n.p[0] * (1 - n.p[0]),)), ("1", "2", "3")),
                  (Cited(SECOND_ORDER_STRICT, L, (n.z,)), ("5", "6", "A1")), (Conclusion(), ("7",)))
    assert "do not establish the premises" in failure(results)


# ---------------------------------------------------------------- constants that are not (B-6, B-7, B-16, B-17, B-23)

def test_b6_a_weight_defined_through_the_variables_is_not_constant():
    n = EVERY_K
    i = n.indices[0]
    q = sympy.Symbol("h", integer=True)
    g = Sum(n.z[i] ** 2, n.bounds(i))
    convex_g = Cited(SECOND_ORDER_CONDITION, G, (n.z,))

    def weighted_by(weight, *definitions):
        return check(n, Cited(NONNEGATIVE_SUMS, F, (n.z,)), Definition(F, weight * G), convex_g,
                     earlier=(*definitions, Definition(G, g), convex_g, Definition(F, weight * G)))

    assert weighted_by(q ** 2, Definition(q, floor(n.z[0]))).status == "failed"
    assert weighted_by(q ** 2).status == "cited"  # the same weight, not defined by any step: a constant


def test_b7_an_affine_map_with_a_coefficient_defined_through_the_variables_is_refused():
    n = EVERY_K
    i = n.indices[0]
    q = sympy.Symbol("h", integer=True)
    logits = Definition(n.z[i], q * n.W[i, 0], index=i)
    result = check(n, Affine(n.z, IndexedArray((n.K,), (i,), q * n.W[i, 0]), (n.W,)), logits,
                   earlier=(Definition(q, floor(n.W[0, 0])), logits))
    assert "not constant" in result.detail


def test_b17_a_norm_over_a_range_defined_through_the_variables_is_refused():
    n = EVERY_K
    i = n.indices[0]
    q = sympy.Symbol("h", integer=True, nonnegative=True)
    norm = Definition(F, Sum(Abs(n.W[i, 0]), (i, 0, q)))
    result = check(n, Cited(NORM_CONVEXITY, F, (n.W,)), norm, earlier=(Definition(q, floor(n.W[0, 0] ** 2)), norm))
    assert result.status == "failed"
    assert check(n, Cited(NORM_CONVEXITY, F, (n.W,)), norm, earlier=(norm,)).status == "cited"


def test_b23_a_mean_over_a_number_of_examples_defined_through_the_variables_is_refused():
    n = EVERY_K
    i = n.indices[0]
    q = sympy.Symbol("h", integer=True, positive=True)
    t = sympy.Symbol("n", integer=True, positive=True)
    convex = Cited(SECOND_ORDER_CONDITION, L, (n.W,))
    mean = Definition(G, Sum(sympy.IndexedBase("L")[t], (t, 1, q)) / q)
    statement = Statement(L, Sum(n.W[i, 0] ** 2, n.bounds(i)), (n.W,), (RealSpace(n.W),), ())

    def mean_over(*definitions):
        return check(n, Cited(NONNEGATIVE_SUMS, G, (n.W,)), mean, convex, statement=statement,
                     earlier=(Definition(L, Sum(n.W[i, 0] ** 2, n.bounds(i))), *definitions, convex, mean))

    assert mean_over(Definition(q, floor(n.W[0, 0] ** 2) + 1)).status == "failed"
    assert mean_over().status == "cited"  # N examples, N no step defines


# ---------------------------------------------------------------- counterexamples (B-19, B-21)

def test_b19_a_defined_symbol_is_not_a_counterexample_variable():
    n = EXPLICIT
    l = n.indices[3]
    S_def = Definition(n.S, Sum(exp(n.z[l]), n.bounds(l)))
    loss = Definition(L, log(n.S) - n.z[0])
    example = Counterexample(log(n.S) - n.z[0], (*n.entries(n.z), n.S), "chord", x1=(0, 0, 0, 1), x2=(0, 0, 0, 3),
                             t=Rational(1, 2), of=L)
    result = check(n, example, loss, earlier=(S_def, loss))
    assert "not a free variable" in result.detail


# ---------------------------------------------------------------- sets that are not affine (B-8, B-22)

def test_b22_the_normal_of_an_affine_set_is_constant():
    n = EXPLICIT
    j = n.indices[1]
    H, bound = _squares_form(n, n.v)
    curved = IndexedArray((n.K,), (j,), exp(n.z[j]))
    ones = IndexedArray((n.K,), (j,), Integer(1))
    zeros = FormZeros(H, n.v, ones)
    assert "constant normal" in check(n, PositiveDefiniteOn(H, n.v, curved), bound, zeros).detail


def test_b8_strict_convexity_on_a_set_of_logits_needs_a_hessian_in_the_logits():
    n = Notation(3)
    i, j = n.indices[:2]
    ones = IndexedArray((n.K,), (j,), Integer(1))
    H, bound = _squares_form(n, n.v)
    hessian = DerivativeEquality(Sum(n.W[i, 0] ** 2, n.bounds(i)), 2, H, of=F, variables=tuple(n.W[r, 0] for r in range(3)))
    definite = PositiveDefiniteOn(H, n.v, ones)
    result = check(n, Cited(STRICT_ON_AFFINE_SET, F, (n.z,), AffineSet(ones, Integer(0))), hessian, definite,
                   RealSpace(n.z))
    assert result.status == "failed"


# ---------------------------------------------------------------- the statement (B-9, B-14, and its wording)

def test_b9_a_proof_establishes_exactly_its_statement():
    from ceproof import api

    proof = api.prove(3)
    strict = Statement(**{**proof.statement.__dict__, "properties": (Convex((proof.notation.z,)),
                                                                      StrictlyConvex((proof.notation.z,)))})
    assert "does not assert" in failure(verify(Proof(strict, proof.notation, proof.steps)))
    fewer = Statement(**{**proof.statement.__dict__, "properties": (Convex((proof.notation.z,)),)})
    assert "does not assert" in failure(verify(Proof(fewer, proof.notation, proof.steps)))
    other = Statement(**{**proof.statement.__dict__, "function": -proof.statement.function})
    assert "written out, is not the function" in failure(verify(Proof(other, proof.notation, proof.steps)))


def test_b14_a_certificate_carries_the_canonical_statement_of_its_loss():
    import json

    from ceproof import api

    check_certificate = api.check
    document = json.loads(api.prove(loss="focal").to_certificate())
    for change in ({"gamma": "0"}, {"gamma": "3"}, {"label": 1}, {"bogus": 7}):
        tampered = dict(document, parameters={**document["parameters"], **change})
        assert check_certificate(json.dumps(tampered).encode()).verdict == "check failed", change
    assert check_certificate(json.dumps(dict(document, loss="ce-centered")).encode()).verdict == "check failed"


def test_the_statement_function_must_be_defined_on_its_domain():
    n = Notation(2)
    statement = in_z(n, L, log(n.z[0]), Convex((n.z,)))
    assert "> 0" in failure(run(n, statement, (Definition(L, log(n.z[0])), ()), (Conclusion(), ())))


def test_a_statement_asserts_something():
    n = Notation(2)
    statement = in_z(n, L, n.z[0] ** 2)
    assert "asserts nothing" in failure(run(n, statement, (Definition(L, n.z[0] ** 2), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 2 (against the kernel): entries, limits, abbreviations

def test_b2_1_an_entry_symbol_does_not_hide_a_dependence_on_its_vector():
    n = Notation(2)
    z0, z1 = n.entries(n.z)
    a = sympy.Symbol("a")
    earlier = (Definition(a, -z0 ** 2 - z1 ** 2), Definition(L, a))
    zero = IndexedArray((n.K, n.K), n.indices[1:3], Integer(0))
    result = check(n, DerivativeEquality(a, 2, zero, of=L), earlier[1], earlier=earlier)
    assert "depends on a" in result.detail


def test_b2_2_b2_8_b2_14_limits_and_indices_are_integers_free_of_the_variables():
    n = Notation(3)
    i = n.indices[0]
    d, N = sympy.Symbol("d", integer=True, positive=True), sympy.Symbol("N", integer=True, positive=True)
    assert "undefined for an explicit K" in check(n, Equality(Sum(n.z[i] ** 2, (i, 0, d - 1)), Integer(0))).detail
    assert "numbers" in check(n, Equality(Sum(n.z[i] ** 2, (i, 0, N - 1)), Integer(0))).detail
    jump = floor(n.z[0] ** 2)  # an integer that jumps with z0 (⌊1/(1 + z0²)⌋ is refused sooner, as not exact)
    assert "integer expression" in check(n, Equality(Sum(Abs(n.z[i]), (i, 0, jump)), Integer(0))).detail
    assert "integer expression" in check(n, Equality(Abs(n.z[jump]), Integer(0))).detail
    assert "integer expression" in check(EVERY_K, Equality(Sum(EVERY_K.z[i], (i, 0, jump)), Integer(0))).detail


def test_entry_names_belong_to_the_notation():
    assert "not one in this notation" in check(EXPLICIT, Equality(sympy.Symbol("z7", real=True), Integer(0))).detail
    assert "not one in this notation" in check(EVERY_K, Equality(sympy.Symbol("z0", real=True), Integer(0))).detail


def test_b2_3_b2_4_b2_13_an_affine_map_sees_every_entry_and_every_definition():
    n = Notation(2, None, 1)
    i = n.indices[0]
    W00 = n.concrete(n.W[0, 0])
    hidden = Definition(n.z[i], n.W[i, 0] * n.x[0] + n.b[i] - W00 ** 2, index=i)
    claim = Affine(n.z, IndexedArray((n.K,), (i,), hidden.rhs), (n.W, n.b))
    assert "degree" in check(n, claim, hidden).detail
    honest = Definition(n.z[i], n.W[i, 0] * n.x[0] + n.b[i], index=i)
    affine = Affine(n.z, IndexedArray((n.K,), (i,), honest.rhs), (n.W, n.b))
    c = sympy.Symbol("c")
    convex = Cited(SECOND_ORDER_CONDITION, L, (n.z,))
    for loss, extra in ((Definition(L, n.z[0] - W00 ** 2), ()), (Definition(L, n.z[0] - c), (Definition(c, W00 ** 2),))):
        result = check(n, Cited(AFFINE_PRECOMPOSITION, L, (n.W, n.b)), affine, convex,
                       earlier=(honest, *extra, loss, affine, convex))
        assert "do not establish the premises" in result.detail


def test_b2_6_b2_7_a_shift_reaches_entry_symbols_too():
    n = Notation(2)
    z0, z1 = n.entries(n.z)
    g = z0 ** 2 + (z0 - z1) ** 2
    result = check(n, Cited(STRICT_CONVEXITY_DEFINITION, F, (n.z,)), Equality(g, g), Definition(F, g), RealSpace(n.z))
    assert "f(z + t·1) = f(z)" in result.detail


def test_b2_10_a_matrix_written_with_entries_of_the_test_vector_is_refused():
    n = Notation(2)
    v0, v1 = n.entries(n.v)
    j, k = n.indices[1:3]
    H = IndexedArray((n.K, n.K), (j, k), v0 ** 2 * KroneckerDelta(j, k))
    i = n.indices[0]
    bound = NonNegative(QuadraticForm(H, n.v), SumOfSquares((SquareTerm(Integer(1), (), v0 * n.v[i], (n.bounds(i),)),)))
    assert "speaks of v" in check(n, PositiveSemidefinite(H, n.v), bound).detail


def test_b2_15_an_abbreviation_speaks_only_of_what_the_statement_introduces():
    n = Notation(2)
    i, l = n.indices[0], n.indices[3]
    where = (Definition(n.p[i], exp(n.z[i]) / n.S, index=i),)
    statement = Statement(L, n.z[0] ** 2, (n.z,), (RealSpace(n.z),), (Convex((n.z,)),), where)
    assert "does not introduce before it" in failure(run(n, statement, (Definition(L, n.z[0] ** 2), ()),
                                                         (Conclusion(), ())))


def test_b2_16_a_derivative_property_is_taken_in_the_statement_variables():
    n = Notation(2)
    i, j = n.indices[:2]
    where = (Definition(n.S, n.z[0]), Definition(n.p[i], exp(n.z[i]), index=i))
    gradient = IndexedArray((n.K,), (j,), Integer(0))
    statement = Statement(L, n.z[0], (n.z,), (RealSpace(n.z),), (Convex((n.z,)),
                          __import__("ceproof.kernel.statement", fromlist=["Derivative"]).Derivative(L, 1, gradient, n.p)),
                          where)
    assert "every entry of some of the statement's variables" in failure(
        run(n, statement, (Definition(L, n.z[0]), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 2 (the algebra): memo keys, fixed vectors, capture

def test_a2_1_an_entry_is_evaluated_at_its_own_indices_whatever_another_template_cached():
    n = Notation(2)
    j, k = n.indices[1:3]
    entry = KroneckerDelta(k, j + 1) + 2 * KroneckerDelta(j, k + 1)
    transposed = Equality(IndexedArray((n.K, n.K), (k, j), entry), IndexedArray((n.K, n.K), (j, k), entry))
    assert check(n, transposed).status == "failed"  # [[0, 2], [1, 0]] is not [[0, 1], [2, 0]]


def test_a2_3_a_vector_the_notation_fixes_to_numbers_cannot_be_defined():
    n = Notation(2, 0, 1)
    m = n.m
    assert "cannot be defined" in check(n, Definition(n.xtilde[m], Integer(0), index=m)).detail


def test_a2_4_a2_10_a_sign_of_a_symbol_is_not_a_sign_of_the_summation_index_of_that_name():
    n = EVERY_K
    T = sympy.Symbol("T", integer=True)
    signs = (Definition(T, Integer(5)), Positivity((T,)))
    assert check(n, signs[1], signs[0]).status == "verified"
    one = Sum(KroneckerDelta(T, 0), (T, 0, n.K - 1))
    assert check(n, Equality(one, Integer(0)), signs[1], earlier=signs).status == "failed"
    assert check(n, Positivity((Sum(T - n.K * KroneckerDelta(T, 0), (T, 0, n.K - 1)),)), signs[1],
                 earlier=signs).status == "failed"


def test_a2_7_a_definition_written_into_a_sum_never_captures_its_index():
    from ceproof.kernel.algebra.rewrite import write_out

    A, r = sympy.Symbol("A"), sympy.Symbol("h", integer=True, nonnegative=True)
    written = write_out(Sum(A - r, (r, 0, 1)), {A: r}, {}, {})
    assert written.doit() != 0 and sympy.simplify(written.doit() - (2 * r - 1)) == 0
    n = EXPLICIT
    values = (Definition(A, r),)
    claim = Positivity((Sum(r - A, (r, 0, 1)) + Rational(1, 2),))
    assert check(n, claim, *values).status == "failed"  # 1 − 2r + 1/2 > 0 is false for r ≥ 1


def test_a2_8_the_function_speaks_only_of_entries_of_its_vectors():
    n = Notation(2)
    f = n.z[0] ** 2 - n.z[2] ** 2
    statement = in_z(n, F, f, Convex((n.z,)))
    assert "not an entry" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))
    i = EVERY_K.indices[0]
    beyond = Sum(EVERY_K.z[i + 1] ** 2, EVERY_K.bounds(i))
    statement = in_z(EVERY_K, F, beyond, Convex((EVERY_K.z,)))
    assert "not an entry" in failure(run(EVERY_K, statement, (Definition(F, beyond), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 2 (SymPy's edges): evaluation, indices, shadowing

def test_c2_8_a_sum_never_starts_below_zero_so_renamed_indices_keep_their_sign():
    n = EVERY_K
    r = sympy.Symbol("h", integer=True)
    one = Sum(KroneckerDelta(r, -1), (r, -1, -1))
    assert "starts at -1" in check(n, Equality(one, Integer(0))).detail


def test_c2_12_c2_15_floor_mod_max_abs_and_delta_take_polynomials_only():
    n = EVERY_K
    i = n.indices[0]
    for wrong in (floor(sympy.tanh(10 ** 50 * KroneckerDelta(i, 0))), sympy.Mod(exp(n.z[0]), 2),
                  Max(n.z[1], log(1 + n.z[0] ** 2)), Abs(sympy.tanh(n.z[0]) - 1), KroneckerDelta(i, floor(exp(n.z[0])))):
        assert "polynomials" in check(n, Equality(wrong, Integer(0))).detail, wrong


def test_c2_14_k_and_other_names_of_the_notation_are_never_summation_indices():
    n = EVERY_K
    i = n.indices[0]
    K = n.K
    assert "meaning of its own" in check(n, Equality(Sum(Sum(KroneckerDelta(i, 0), (i, 0, K - 1)), (K, 1, 1)),
                                                     Integer(1))).detail


def test_c2_18_c2_19_what_cannot_be_inspected_fails_its_step():
    n = EXPLICIT
    j, i = n.indices[1], n.indices[0]
    K = sympy.Symbol("K", integer=True, positive=True)
    assert check(n, Positivity((K,))).status == "failed"
    odd = Sum(Sum(Integer(1), (i, 0, j - 2 * floor(j / 2) - 1)), (j, 0, 2))
    assert check(n, Positivity((odd + 1,))).status == "failed"


def test_powers_are_bounded_in_the_kernel_too():
    n = EVERY_K
    x = n.z[0]
    for power in (sympy.Pow(2 * x, 10 ** 6, evaluate=False), sympy.Pow(x, Rational(1, 10 ** 7)),
                  sympy.Pow(Integer(2), Rational(1, 2), evaluate=False)):
        assert "outside what a check may expand" in check(n, Equality(power, Integer(0))).detail


# ---------------------------------------------------------------- round 3 (the logic of proofs)

def test_b3_2_b3_10_c3_2_a_derivative_in_a_vector_is_taken_in_every_entry_of_it():
    n = Notation(2, None, 3)  # x has d = 3 entries, not K = 2
    x = n.x
    f = x[0] ** 2 + x[1] ** 2 - 5 * x[2] ** 2
    j, k = n.indices[1:3]
    two = IndexedArray((Integer(2), Integer(2)), (j, k), 2 * KroneckerDelta(j, k))
    result = check(n, DerivativeEquality(f, 2, two, of=F, variables=x), Definition(F, f))
    assert "shape" in result.detail


def test_b3_3_b3_7_an_entry_of_x_is_an_entry_of_x_not_of_x_tilde():
    n = Notation(2, None, 1)
    z, x, m = n.z, n.x, n.m
    hidden = Definition(x[m], -2 * (z[0] ** 2 + z[1] ** 2), index=m)
    visible = z[0] ** 2 + z[1] ** 2
    loss = Definition(F, visible + x[0])
    j, k = n.indices[1:3]
    claimed = IndexedArray((n.K, n.K), (j, k), 2 * KroneckerDelta(j, k))
    result = check(n, DerivativeEquality(visible + x[0], 2, claimed, of=F), loss, earlier=(hidden, loss))
    assert "depends on x" in result.detail


def test_b3_8_a_vector_the_notation_fixes_is_no_variable():
    n = Notation(2, None, 1)
    f = n.xtilde[0] ** 2
    statement = Statement(F, f, (n.xtilde,), (RealSpace(n.xtilde),), (Convex((n.xtilde,)),))
    assert "cannot be a variable" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))


def test_b3_1_b3_9_the_bare_name_of_a_vector_is_not_a_scalar():
    n = Notation(1)
    z = sympy.Symbol("z", real=True)
    f = n.z[0] ** 2 - 2 * z * n.z[0]
    statement = in_z(n, F, f, StrictlyConvex((n.z,)))
    assert "names a vector" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 3 (the engines): array indices, stale ranges

def test_a3_1_a3_3_a3_9_c3_1_an_array_is_indexed_by_positions_of_the_notation_only():
    for n in (Notation(2), EVERY_K):
        j = n.indices[1]
        for index in (sympy.Symbol("h", integer=True), sympy.Symbol("h", integer=True, positive=True),
                      *((n.K,) if not n.is_explicit else ())):
            claim = Equality(IndexedArray((n.K,), (index,), Integer(1)), IndexedArray((n.K,), (j,), Integer(1)))
            assert "an array's index must be one of" in check(n, claim).detail


def test_a3_1_a_definition_never_speaks_of_a_position():
    n = Notation(2)
    c = sympy.Symbol("c", integer=True, nonnegative=True)
    assert "free index" in check(n, Definition(sympy.Symbol("H1"), c + n.z[0])).detail


def test_a3_7_an_entry_speaks_only_of_its_own_indices():
    n = EXPLICIT
    i, j = n.indices[:2]
    claim = Equality(IndexedArray((n.K,), (i,), n.z[i]), IndexedArray((n.K,), (j,), n.z[i]))
    assert "not its own" in check(n, claim).detail


def test_a3_5_a_sum_may_not_rebind_a_name_a_range_around_it_speaks_of():
    n = EVERY_K
    i, j, _, l = n.indices
    inner = Sum(KroneckerDelta(i, l), (l, 0, j), (j, 0, n.K - 1), (i, 0, j))
    assert "speaks of another j" in check(n, Equality(inner, n.K * (j + 1))).detail  # j free, then rebound
    claim = Equality(IndexedArray((n.K,), (j,), inner), IndexedArray((n.K,), (j,), n.K * (j + 1)))
    assert "bound twice" in check(n, claim).detail  # the array's own index, rebound


def test_a3_6_an_empty_sum_is_written_out_before_it_is_inverted():
    n = Notation(2)
    i, j = n.indices[:2]
    a = sympy.Symbol("a", integer=True, nonnegative=True)
    ratio = Sum(Integer(1), (a, 0, i - 1)) / Sum(Integer(1), (a, 0, i ** 2 - 1))
    claim = Equality(IndexedArray((n.K,), (i,), ratio), IndexedArray((n.K,), (i,), Integer(1)))
    assert check(n, claim).status == "failed"


def test_a3_8_c3_3_a_premise_about_entries_is_about_a_vector_of_k_entries():
    n = Notation(2, None, 3)
    s = sympy.Symbol("s", real=True)
    f = s + n.x[0]
    statement = Statement(F, f, (s,), (RealSpace(s), SimplexLabel(n.x)), (Convex((s,)),))
    assert "vector of K entries" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 3 (names, SymPy, resources)

def test_c3_4_c4_3_c4_6_c4_7_a_name_prints_as_exactly_what_it_is():
    n = Notation(1)
    for name in ("z_0", "z_{0}", "z__0", "z_c", "W_c", "a_{1,2}", "L_cross", "sabs", "snorm", "sprime", "delta_ij",
                 "delta", "pi", "Sigma", "Alpha", "Chi", "lamda", "omicron", "nu", "infty", "partial", "log", "lr",
                 "s\U0001d7f7", "s\u0661", "z0\u0301"):
        datum = sympy.Symbol(name, real=True)
        assert "not a plain name" in check(n, Definition(sympy.Symbol("H1"), datum + n.z[0])).detail, name
    for name in ("s", "s12", "alpha", "Omega2", "Lbar", "thetahat", "ell", "mu"):
        assert check(n, Definition(sympy.Symbol("H1"), sympy.Symbol(name) + n.z[0])).status == "verified", name


def test_c3_5_a_number_too_long_to_print_is_malformed():
    n = Notation(1)
    huge = Integer(10) ** 1300
    assert "bits" in check(n, Equality(huge * n.z[0], huge * n.z[0])).detail


def test_c3_6_a_sum_of_allowed_products_still_has_a_bounded_size():
    a = sum((Laurent.atom(sympy.Symbol(f"a{r}")) for r in range(800)), Laurent())
    b = sum((Laurent.atom(sympy.Symbol(f"b{r}")) for r in range(800)), Laurent())
    assert 800 * 800 > MAX_TERMS
    with pytest.raises(NotALaurentPolynomial, match="too large to hold"):
        a * b


def test_c3_6_running_out_of_memory_is_no_verdict():
    def exhausted(claim, facts):
        raise MemoryError

    method, _ = checks.CHECKERS[Equality]
    original = checks.CHECKERS[Equality]
    checks.CHECKERS[Equality] = (method, exhausted)
    try:
        with pytest.raises(MemoryError):
            check(Notation(1), Equality(Integer(1), Integer(1)))
    finally:
        checks.CHECKERS[Equality] = original


# ---------------------------------------------------------------- round 4 (the logic of proofs): x̃ is x, indices

def test_b4_1_a_definition_through_x_tilde_depends_on_x():
    n = Notation(1, None, 1)
    x, xt = n.x, n.xtilde
    j, k = n.indices[1:3]
    f = T - x[0] ** 2 + 2 * xt[0] ** 2  # −x₀² once T := −2x̃₀² is written in
    claim = DerivativeEquality(f, 2, IndexedArray((Integer(1), Integer(1)), (j, k), Integer(2)), of=F, variables=x)
    assert check(n, claim, Definition(T, -2 * xt[0] ** 2), Definition(F, f)).status == "failed"


def test_b4_2_a_product_with_x_tilde_is_not_affine_in_x():
    n = Notation(1, None, 1)
    i = n.indices[0]
    entry = n.x[0] * n.xtilde[0]
    claim = Affine(n.z, IndexedArray((Integer(1),), (i,), entry), (n.x,))
    assert "degree ≤ 1" in check(n, claim, Definition(n.z[i], entry, index=i)).detail


def test_b4_2_b4_3_no_premise_speaks_of_x_tilde():
    n = Notation(2, None, 1)
    f = n.x[0] ** 3
    for premise in (NonnegativeData(n.xtilde), RealData(n.xtilde)):
        statement = Statement(F, f, (n.x,), (RealSpace(n.x), premise), (Convex((n.x,)),))
        assert "never of x̃" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))


def test_b4_4_an_index_is_never_a_defined_symbol():
    n = Notation(2)
    N = sympy.Symbol("N", integer=True, nonnegative=True)
    f = n.z[0] ** 2 - 2 * n.z[N] ** 2
    assert "speaks of N" in check(n, Definition(F, f), Definition(N, Integer(0))).detail


# ---------------------------------------------------------------- round 4 (the engines): SymPy's evaluators, ranges

def test_a4_1_a_sum_is_written_out_by_the_kernel_never_by_sympys_doit():
    n = Notation(1)
    a, h = sympy.Symbol("a", integer=True, nonnegative=True), sympy.Symbol("h", integer=True, nonnegative=True)
    zero = Sum(KroneckerDelta(2 * a, h), (a, 0, h), (h, 1, 1))  # 2a = 1 has no integer solution: 0
    assert check(n, Positivity((2 * zero,))).status == "failed"


def test_a4_2_an_inner_sum_whose_limit_was_an_outer_index_is_written_out_too():
    n = Notation(2)
    a, h = sympy.Symbol("a", integer=True, nonnegative=True), sympy.Symbol("h", integer=True, nonnegative=True)
    j, k = n.indices[1:3]
    f = -Sum(2 * Sum(n.z[a] ** 2, (a, 0, h)), (h, 1, 1))  # −2(z₀² + z₁²)
    for entry, status in ((Integer(0), "failed"), (-4 * KroneckerDelta(j, k), "verified")):
        claim = DerivativeEquality(f, 2, IndexedArray((Integer(2), Integer(2)), (j, k), entry), of=F)
        assert check(n, claim, Definition(F, f)).status == status


A_ONE = exp(100) * (1 + exp(-100)) - exp(100)  # exactly 1, which a 2-digit float misjudges


def test_a4_3_the_sign_of_a_constant_comes_from_interval_arithmetic():
    s = sympy.Symbol("s", real=True)
    assert (A_ONE ** 2 - 2).is_positive  # SymPy's own judgement, wrong: the value is −1
    n = Notation(1)
    assert check(n, Positivity(((A_ONE ** 2 - 2) * s ** 2 + 1,))).status == "failed"
    # since round 6 no claim holds a constant that is not rational, true or not: its sign is never judged
    assert "not a rational number" in check(n, Positivity((A_ONE ** 2 - Rational(1, 2),))).detail


def test_a4_4_a_constant_that_may_be_zero_is_never_inverted():
    n = Notation(1)
    s = sympy.Symbol("s", real=True)
    zero = A_ONE ** 2 - 1
    claim = Equality(s, s + 1, (Constraint(-1 / T, T),))
    assert check(n, claim, Definition(T, zero)).status == "failed"


def test_a4_5_a_definition_is_written_out_only_within_its_range():
    n = EVERY_K
    h = sympy.Symbol("h", integer=True, nonnegative=True)
    i = n.indices[0]
    g = n.g
    definitions = (Definition(g[i], Integer(1), index=i),)
    outside = Sum(g[h - 1], (h, 0, 0))  # g[−1]: the definition says nothing of it
    assert check(n, Equality(outside, Integer(1)), *definitions).status == "failed"
    inside = Sum(g[h - 1], (h, 1, 1))  # g[0] = 1
    assert check(n, Equality(inside, Integer(1)), *definitions).status == "verified"


def test_c4_5_an_expansion_that_would_be_too_large_fails_at_once():
    n = EVERY_K
    total = sum(sympy.symbols("a1:13", real=True))
    result = check(n, Equality(total ** 64, Integer(0)))
    assert result.status == "failed" and "500000" in result.detail


def test_c4_4_a_failure_detail_never_prints_a_large_expression_whole():
    from ceproof.kernel.text import shown_text

    big = sympy.Add(*sympy.symbols("q0:50000"))
    text = shown_text(big)
    assert len(text) <= 201 and "50000 parts" in text


# ---------------------------------------------------------------- round 5 (the logic of proofs): aliases, ranges of signs

def test_b5_1_b5_2_a_definition_never_speaks_of_its_own_vector_under_another_name():
    n = Notation(2, None, 1)
    i, m = n.indices[0], n.m
    q0 = n.concrete(n.q[0])
    assert "occurs in its own definition" in check(n, Definition(n.q[i], q0 + 1, index=i)).detail
    assert "occurs in its own definition" in check(n, Definition(n.x[m], n.xtilde[0] + 1, index=m)).detail


def test_b5_a_sign_for_every_feature_is_no_sign_for_every_class():
    n = EVERY_K
    j, m = n.indices[1], n.m
    features = Positivity((n.q[m],), index=m)
    assert check(n, Positivity((n.q[j],), index=j), features).status == "failed"
    # round 12: q ∈ ℝᴷ has no entry q[m] for every feature m (d may exceed K), so that fact is refused itself
    assert "not an entry of q" in check(n, features).detail
    assert check(n, Positivity((n.x[m] + 1,), index=m), Positivity((n.x[m],), index=m)).status == "verified"


# ---------------------------------------------------------------- round 5 (the engines): constants made by substitution

def test_a5_2_a_constant_made_by_writing_a_definition_out_is_never_judged_by_a_float():
    n = EVERY_K
    a = sympy.Symbol("a", real=True)
    value = 2 - A_ONE ** 2  # exactly 1; SymPy's float calls it about −6.7·10⁷
    assert Abs(value) == -value  # SymPy's own evaluation, wrong
    assert "not a rational number" in check(n, Definition(a, value)).detail  # refused on reading since round 6
    c = sympy.Symbol("c", real=True)
    chain = (Definition(c, Integer(100)), Definition(a, 2 - (exp(c) * (1 + exp(-c)) - exp(c)) ** 2))
    assert check(n, Equality(Abs(a), -a), *chain).status == "failed"
    assert "not a rational number" in check(n, Equality(Abs(a), a), *chain).detail  # made by writing c out


def test_a5_r1_sums_are_written_out_within_a_total_budget():
    n = Notation(1)
    a, h = sympy.Symbol("a", integer=True, nonnegative=True), sympy.Symbol("h", integer=True, nonnegative=True)
    s = sympy.Symbol("s", real=True)
    huge = Sum(a * s ** 2, (a, 0, h * 10 ** 50), (h, 0, 1))
    result = check(n, Positivity((huge + 1,), strict=False))
    assert result.status == "failed" and "500000" in result.detail


# ---------------------------------------------------------------- round 5 (names, reading, rendering)

def test_c5_1_a_definition_for_every_i_never_binds_i_again_inside():
    n = EVERY_K
    i = n.indices[0]
    rhs = Sum(n.y[i], (i, 0, n.K - 1)) / n.z[i]
    assert "bound twice" in check(n, Definition(n.p[i], rhs, index=i)).detail
    assert "bound twice" in check(n, Positivity((Sum(n.y[i], (i, 0, n.K - 1)) + n.z[i] ** 2,), index=i)).detail


def test_c5_3_a_derivative_property_is_taken_in_whole_vectors():
    n = Notation(2)
    j = n.indices[1]
    f = n.z[0] ** 2
    z0, z1 = n.concrete(n.z[0]), n.concrete(n.z[1])
    gradient = Derivative(F, 1, IndexedArray((Integer(2),), (j,), 2 * KroneckerDelta(1, j) * n.z[0]), variables=(z1, z0))
    statement = Statement(F, f, (n.z,), (RealSpace(n.z),), (gradient,))
    assert "whole vectors" in failure(run(n, statement, (Definition(F, f), ()), (Conclusion(), ())))


# ---------------------------------------------------------------- round 6 (the engines): constants made anywhere

KAPPA, ALPHA, BETA, RHO = (sympy.Symbol(x, real=True) for x in ("kappa", "alpha", "beta", "rho"))
HUNDRED = Definition(KAPPA, Integer(100))
ONE_BY_CANCELLATION = 2 - (exp(100) * (1 + exp(-100)) - exp(100)) ** 2  # 1; SymPy's float says about −6.7·10⁷


def test_a6_1_a_constant_made_inside_an_indexed_definition_is_refused():
    n = EVERY_K
    i, q = n.indices[0], n.q
    result = check(n, Equality(Max(q[0] - 2, 0), q[0] - 2), HUNDRED, Definition(q[i], exp(KAPPA), index=i))  # true
    assert result.status == "failed" and "not a rational number" in result.detail


def test_a6_2_log_0_is_no_definition():
    n = EVERY_K
    result = check(n, Definition(BETA, log(ALPHA)), Definition(ALPHA, Integer(0)))
    assert result.status == "failed" and "log(alpha)" in result.detail


def test_a6_3_a_constant_nested_inside_a_value_is_refused_where_it_is_made():
    n = EVERY_K
    made = ONE_BY_CANCELLATION.xreplace({Integer(100): KAPPA, Integer(-100): -KAPPA})
    result = check(n, Equality(Max(ALPHA, 0), 0), HUNDRED, Definition(ALPHA, made * KAPPA / 100 * (RHO ** 2 + 1)))
    assert result.status == "failed" and "not a rational number" in result.detail


def test_a6_r1_a_tower_of_powers_stops_before_its_number_is_made():
    n = EVERY_K
    tower = [Definition(sympy.Symbol(f"a{k}", real=True), Integer(3) if k == 0
                        else sympy.Symbol(f"a{k - 1}", real=True) ** 64) for k in range(6)]
    result = check(n, Positivity((tower[-1].lhs,)), *tower)
    assert result.status == "failed" and "65536 bits" in result.detail


# ---------------------------------------------------------------- round 7 (the logic of proofs): remainders

def test_b7_1_b7_2_a_remainder_by_something_that_may_be_zero_is_refused():
    n = Notation(2)
    s = sympy.Symbol("s", real=True)
    for divisor in (s, n.y[1], n.K - 2, Integer(0)):
        result = check(n, Definition(L, n.z[0] ** 2 + sympy.Mod(1, divisor, evaluate=False)))
        assert result.status == "failed" and "divisor" in result.detail, divisor
    every = EVERY_K
    r = sympy.Symbol("r", integer=True, nonnegative=True)
    assert check(every, Positivity((sympy.Mod(r, every.d + 1) + 1,))).status == "verified"


# ---------------------------------------------------------------- round 7 (the engines): constant sums, log 0

def test_a7_1_a7_2_a_constant_sum_never_reaches_a_node_sympy_would_fold_by_its_float():
    n = EVERY_K
    h = sympy.Symbol("h", integer=True, nonnegative=True)
    big = Sum(2 ** 300 * (h + 1), (h, 0, 0))
    one = big * (1 + Sum((h + 1) / Integer(2) ** 300, (h, 0, 0))) - big  # exactly 1
    value = 2 - one ** 2  # exactly 1; SymPy's float calls it about −10¹³⁰
    assert Max(value, 0) == 0  # SymPy's own evaluation, wrong
    for claim in (Equality(Max(BETA, 0), Integer(0)), Equality(Max(-BETA, 0), -BETA), Equality(Abs(BETA), -BETA)):
        result = check(n, claim, Definition(BETA, value))
        assert result.status == "failed" and "constant" in result.detail, claim
    made = Definition(BETA, 2 - (Sum(2 ** 300 * (h + 1), (h, 0, ALPHA)) * (1 + Sum((h + 1) / Integer(2) ** 300, (
        h, 0, ALPHA))) - Sum(2 ** 300 * (h + 1), (h, 0, ALPHA))) ** 2)  # the constant made by writing α := 0 out
    alpha = Definition(ALPHA, Integer(0))
    assert check(n, Equality(Max(BETA, 0), Integer(0)), alpha, made).status == "failed"


def test_a7_3_a_definition_takes_logs_only_of_what_is_shown_positive():
    n = EVERY_K
    zero = (RHO + 1) ** 2 - RHO ** 2 - 2 * RHO - 1  # 0 for every ρ, unexpanded
    result = check(n, Definition(ALPHA, log(zero)))
    assert result.status == "failed" and "log" in result.detail
    assert check(n, Definition(ALPHA, log(RHO ** 2 + 1))).status == "verified"


# ---------------------------------------------------------------- round 7 (resources and reports)

def test_c7_1_a_chain_of_definitions_that_doubles_is_refused_before_it_is_written_out():
    n = Notation(1)
    chain = [Definition(sympy.Symbol("a0", real=True), n.z[0])]
    for k in range(1, 19):
        previous = chain[-1].lhs
        chain.append(Definition(sympy.Symbol(f"a{k}", real=True), previous ** 2 + previous))
    result = check(n, Positivity((chain[-1].lhs ** 2 + 1,)), *chain)
    assert result.status == "failed" and "nodes" in result.detail


def test_c7_2_c7_3_remainders_and_maxima_stay_small():
    n = Notation(1)
    terms = sum(sympy.symbols("a1:13", real=True))
    big = sympy.Mod(terms ** 64, 2, evaluate=False)
    assert "for at most 2000 units" in check(n, Positivity((big + 1,), strict=False)).detail
    many = sympy.Max(*sympy.symbols("b1:6", real=True), evaluate=False)  # up to four are taken (the multiclass
    assert "a Max takes two to 4" in check(n, Positivity((many + 1,), strict=False)).detail  # hinge)


def test_c7_4_names_of_earlier_claims_are_counted_once():
    import time

    n = Notation(1)
    earlier = [Definition(sympy.Symbol(f"a{k}", real=True), n.z[0] + k) for k in range(1500)]
    start = time.perf_counter()
    for k in range(0, 1500, 100):
        check(n, Definition(sympy.Symbol(f"b{k}", real=True), n.z[0]), earlier=earlier[:k + 1])
    assert time.perf_counter() - start < 10


# ---------------------------------------------------------------- round 8: every expression a statement prints

def test_a8_1_b8_1_an_equality_or_derivative_the_statement_asserts_is_defined_on_the_domain():
    from ceproof.kernel.statement import EqualTo

    n = Notation(2)
    z0 = n.z[0]
    nowhere = log((-z0 ** 2 - 1) * (z0 ** 2 + 1)) - log(-(z0 ** 2 + 1) ** 2)  # 0 in ℂ, a real number nowhere
    statement = in_z(n, L, z0, EqualTo(z0 + nowhere))
    assert "takes log" in failure(run(n, statement, (Definition(L, z0), ()), (Conclusion(), ())))
    j = n.indices[1]
    gradient = Derivative(L, 1, IndexedArray((Integer(2),), (j,), KroneckerDelta(0, j) + log((n.z[j] - 1) ** 2)
                                             - log(n.z[j] ** 2 - 2 * n.z[j] + 1)))
    statement = Statement(L, z0, (n.z,), (RealSpace(n.z),), (gradient,))
    assert "takes log" in failure(run(n, statement, (Definition(L, z0), ()), (Conclusion(), ())))


def test_a8_2_an_equality_the_statement_asserts_speaks_only_of_entries():
    from ceproof.kernel.statement import EqualTo

    n = EVERY_K
    j = sympy.Symbol("h", integer=True, nonnegative=True)
    outside = Sum(n.z[j] ** 2, (j, 0, n.K))  # z[K] is no coordinate of z ∈ ℝᴷ
    inside = Sum(n.z[j] ** 2, (j, 0, n.K - 1))
    h = sympy.Symbol("l", integer=True, nonnegative=True)
    statement = in_z(n, L, inside, EqualTo(inside + outside - Sum(n.z[h] ** 2, (h, 0, n.K))))
    assert "not an entry" in failure(run(n, statement, (Definition(L, inside), ()), (Conclusion(), ())))


def test_c8_1_a_remainder_takes_a_polynomial_in_few_symbols():
    n = Notation(1)
    u, v = sympy.symbols("u0:5", real=True), sympy.symbols("v0:5", real=True)
    big = sympy.Mod(sum(u) * sum(v), 3, evaluate=False)
    assert "at most 4 symbols" in check(n, Positivity((big + 1,), strict=False)).detail


# ---------------------------------------------------------------- round 9: abbreviations print as what they define

def test_b9_1_an_abbreviation_is_defined_at_its_own_index():
    from ceproof import derive

    proof = derive(3).proof
    statement = proof.statement
    n = proof.notation
    i = n.indices[0]
    for lhs in (n.p[2 - i], n.p[n.indices[1]], n.p[0]):
        where = tuple(d if not isinstance(d.lhs, sympy.Indexed) else Definition(lhs, d.rhs, index=d.index)
                      for d in statement.where)
        changed = Proof(Statement(statement.name, statement.function, statement.variables, statement.premises,
                                  statement.properties, where), n, proof.steps)
        assert "its own index" in failure(verify(changed)), lhs


def test_a9_1_a_negative_power_is_bounded_like_a_positive_one():
    from ceproof.kernel.algebra.expansion import expanded_terms

    a = sympy.symbols("a1:9", real=True)
    base = 1 + sum(x ** 2 for x in a)
    assert expanded_terms(base ** -40) > MAX_TERMS
    result = check(Notation(2), Equality(base ** -40, Integer(0)))
    assert result.status == "failed" and "500000" in result.detail


def test_a9_2_a_sum_whose_limit_moves_with_the_variables_has_no_derivative_by_sympy_diff():
    n = EVERY_K
    N, G = sympy.Symbol("N", integer=True, nonnegative=True), sympy.Symbol("G")
    a, j = sympy.Symbol("a", integer=True, nonnegative=True), n.indices[1]
    steps = (Definition(N, floor(n.z[0] ** 2)), Definition(G, n.z[0] * Sum(a, (a, 0, N))))
    claim = DerivativeEquality(of=G, function=n.z[0] * Sum(a, (a, 0, N)), order=1, result=IndexedArray(
        (n.K,), (j,), KroneckerDelta(0, j) * Sum(a, (a, 0, N))))
    result = check(n, claim, *steps)
    assert result.status == "failed" and "limit depends on the variables" in result.detail


# ---------------------------------------------------------------- round 10: what cancel and factor may be given

def test_a10_1_a_closed_form_too_costly_to_cancel_fails_at_once():
    import time

    from ceproof.kernel.checks.signs import _too_costly

    z = sympy.symbols("z0:12", real=True)
    P = (sum(z[:6]) + 1) ** 4 + (sum(z[6:]) + 1) ** 4 + 1
    assert _too_costly(P) and not _too_costly(z[0] ** 2 + 1)
    n = Notation(12)
    F = sympy.Symbol("F")
    claim = DerivativeEquality(of=F, function=F, order=1, result=IndexedArray((Integer(12),), (n.indices[1],), Integer(0)))
    started = time.perf_counter()
    result = check(n, claim, Definition(F, n.z[0] * log(P.xreplace(dict(zip(z, n.entries(n.z)))))))
    assert result.status == "failed" and time.perf_counter() - started < 20


def test_a11_1_two_exponentials_count_as_two_generators():
    from ceproof.kernel.checks.signs import _too_costly

    z0, z1 = sympy.symbols("z0 z1", real=True)
    P = z0 ** 2 + z1 ** 2 + exp(z0) + exp(z1) + 1
    assert _too_costly(sympy.expand(P ** 2) ** 3 / (P - 1) ** 3)
    s = sympy.Symbol("s", real=True)
    assert not _too_costly((exp(s) + 1) ** 6 / (exp(2 * s) + s) ** 3)  # s and eˢ alone: quick at any size


# ---------------------------------------------------------------- round 12: entries beyond their vector, m without features

def test_a12_1_a_claim_speaks_only_of_entries_wherever_its_sums_range():
    """A12: Σ_{j=0}^{2} (p[j]² + p[j])/p[j] at K = 2 divided by p[2], which no step defines or signs: a fact
    "for every i" was looked up for p[j] as if j ran over 0 … K − 1, not over the sum's 0 … K."""
    for n in (Notation(2), EVERY_K):
        j = n.indices[1]
        top = n.K if not n.is_explicit else Integer(2)
        claim = Equality(Sum((n.p[j] ** 2 + n.p[j]) / n.p[j], (j, 0, top)), top + 1 + Sum(n.p[j], (j, 0, top)))
        result = check(n, claim, Positivity((n.p[n.indices[0]],), index=n.indices[0]))
        assert result.status == "failed" and "not an entry of p" in result.detail
        assert "not an entry of q" in check(n, Equality(n.q[n.K if not n.is_explicit else 2], Integer(0))).detail
    n = EVERY_K
    assert check(n, Equality(Sum(n.p[j] - n.p[j], (j, 0, n.K - 1)), Integer(0))).status == "verified"


def test_a12_1_a_fact_for_every_feature_says_nothing_of_a_class_vector():
    """A fact about q[m] for every feature m covers only d of q's K entries; such a fact is refused, and a
    fact covers a vector only when its index runs over all of it."""
    from ceproof.kernel.facts import Facts

    n = Notation(2, None, 3)  # three features, two classes: q[2] is no entry
    facts = Facts.from_claims(n, ())
    assert facts.covers_vector(n.indices[0], n.q) and facts.covers_vector(n.m, n.x)
    assert not facts.covers_vector(n.m, n.q) and not facts.covers_vector(n.indices[0], n.x)
    assert "not an entry of q" in check(n, Positivity((n.q[n.m],), index=n.m)).detail


def test_b12_1_an_explicit_k_without_features_has_no_feature_index():
    """B12-1: "where qₘ = 1" printed for a notation with no features, m over 0 … d − 1 with d undefined."""
    n = Notation(3)
    assert n.m not in n.index_ranges and n.m in EVERY_K.index_ranges
    assert check(n, Definition(n.g[n.m], Integer(1), index=n.m)).status == "failed"


# ---------------------------------------------------------------- round 15: names that print as something else

def test_b15_two_indices_of_one_name_are_bound_twice_whatever_their_assumptions():
    """B15 (kernel only): Σₙ Σₙ zₙ·zₙ with two symbols named n (integer; integer ≥ 0) read as (Σₙ zₙ)²."""
    n = EVERY_K
    a, b = sympy.Symbol("n", integer=True), sympy.Symbol("n", integer=True, nonnegative=True)
    f = Sum(Sum(n.z[a] * n.z[b], (b, 0, n.K - 1)), (a, 0, n.K - 1))
    assert "bound twice" in check(n, Equality(f, Sum(n.z[b], (b, 0, n.K - 1)) ** 2)).detail


def test_b15_3_a_decorated_letter_of_the_notation_is_no_datum():
    """B15-3: a datum zbar printed as z̄, read as the mean of z; x̃ (xtilde) stays the notation's own."""
    n = EVERY_K
    for name in ("zbar", "phat", "ytilde", "Sbar", "zbar1"):
        assert "prints as" in check(n, Definition(sympy.Symbol("F"), sympy.Symbol(name, real=True))).detail
    assert check(n, Definition(sympy.Symbol("F"), sympy.Symbol("abar", real=True))).status == "verified"


def test_b15_1_the_mean_over_n_examples_names_its_own_n_and_no_datum_may_be_n():
    """B15-1: a datum N (0 ≤ N ≤ 1) printed beside "the mean of L over any N ≥ 1 examples", whose count was
    a T; the count and its index are now N and n themselves, and no datum of that statement is named N or n."""
    from ceproof.kernel.checks.conclusion import _is_mean_of
    from ceproof.kernel.premises import UnitInterval
    from ceproof.kernel.statement import ConvexMean
    from ceproof.kernel.wellformed import statement_problems

    L = sympy.Symbol("L")
    for count, index, expected in (("N", "n", True), ("T", "n", False), ("N", "k", False)):
        N, n = sympy.Symbol(count, integer=True, positive=True), sympy.Symbol(index, integer=True, positive=True)
        assert _is_mean_of(Sum(sympy.IndexedBase("L")[n], (n, 1, N)) / N, L) is expected
    notation = EVERY_K
    datum = sympy.Symbol("N", real=True)
    statement = Statement(L, datum * Sum(notation.z[notation.indices[0]] ** 2, (notation.indices[0], 0, notation.K - 1)),
                          (notation.z,), (RealSpace(notation.z), UnitInterval(datum)), (ConvexMean((notation.z,)),))
    assert any("may not name a datum N" in problem for problem in statement_problems(statement, notation))


def test_a15_a_derivative_is_never_taken_in_a_defined_vector():
    """A15: with p := e^z/S, "∂/∂p Σ pᵢ² = 0" was verified at K = 3, 12 and every K: p written out leaves
    sympy.diff nothing of p."""
    for n in (Notation(3, 0), Notation(12, 0), EVERY_K):
        i, j, _, l = n.indices
        F = sympy.Symbol("F")
        steps = (Definition(n.S, Sum(exp(n.z[l]), (l, 0, n.K - 1))), Definition(n.p[i], exp(n.z[i]) / n.S, index=i),
                 Positivity((n.S, n.p[i]), index=i))
        f = Sum(n.p[i] ** 2, (i, 0, n.K - 1))
        claim = DerivativeEquality(f, 1, IndexedArray((n.K,), (j,), Integer(0)), of=F, variables=n.p)
        assert "no variable to differentiate in" in check(n, claim, *steps, Definition(F, f)).detail


# ---------------------------------------------------------------- round 18: a definition the statement prints

def test_b18_1_a_definition_the_statement_prints_runs_over_the_same_range_as_the_steps():
    """B18-1: "where pₘ = zₘ²" (m over the d = 2 features) printed for a proof that defines pᵢ = zᵢ² over the
    K = 3 classes and asserts ∂pᵢ/∂zⱼ for all three: the statement never defined p₂."""
    n = Notation(3, features=2)
    i, j, _, _ = n.indices
    f = sympy.Symbol("f")
    jacobian = IndexedArray((3, 3), (i, j), 2 * n.z[i] * KroneckerDelta(i, j))
    for where, expected in ((Definition(n.p[n.m], n.z[n.m] ** 2, n.m), "failed"),
                            (Definition(n.p[j], n.z[j] ** 2, j), "verified")):
        statement = Statement(f, n.z[0] ** 2, (n.z,), (RealSpace(n.z),), (Derivative(n.p, 1, jacobian, None),),
                              where=(where,))
        steps = (Step("1", "p", Definition(n.p[i], n.z[i] ** 2, i)), Step("2", "f", Definition(f, n.z[0] ** 2)),
                 Step("3", "jacobian", DerivativeEquality(IndexedArray((3,), (i,), n.p[i]), 1, jacobian, of=n.p),
                      uses=("1",)),
                 Step("4", "conclusion", Conclusion(), uses=("3",)))
        assert [r.status for r in verify(Proof(statement, n, steps))][-1] == expected


# ---------------------------------------------------------------- round 26: a square root of a negative number

def test_b26_1_a_function_that_takes_the_root_of_a_negative_number_is_not_proved_convex():
    """B26-1: Σᵢ (zᵢ·√(i − 1) + zᵢ²) at K = 3 takes √(−1) at i = 0, which SymPy writes out as I: the function is
    not real, yet it was VALID "convex" (and δᵢₖ·zᵢ²·√(i − 1)·√(k − 1), "not convex", used √−1·√−1 = −1). The
    imaginary unit is a constant no written-out form may hold, and the statement is not defined on its domain."""
    n = Notation(3)
    z, v = n.z, n.v
    i, j, k, _ = n.indices
    f = Sum(z[i] ** 2 + z[i] * sqrt(i - 1), (i, 0, 2))
    H = IndexedArray((3, 3), (j, k), 2 * KroneckerDelta(j, k))
    statement = in_z(n, L, f, Convex((z,)))
    results = run(n, statement, (Definition(L, f), ("A1",)), (DerivativeEquality(f, 2, H, of=L), ("1",)),
                  (NonNegative(QuadraticForm(H, v), SumOfSquares((SquareTerm(Integer(2), (), v[i], (n.bounds(i),)),))),
                   ("2",)),
                  (PositiveSemidefinite(H, v), ("3",)), (Cited(SECOND_ORDER_CONDITION, L, (z,)), ("2", "4", "A1")),
                  (Conclusion(), ("5",)))
    assert not all(r.ok for r in results)
    assert "constant I" in results[0].detail and "not defined on the whole domain" in results[-1].detail


def test_a26_1_a_derivative_over_many_logs_is_not_cancelled_at_any_cost():
    """A26-1: ∂/∂z₀ of g⁷, g = Σₐ log(z₀² + a) over a = 1 … 8, claimed to be 0: the closed-form comparison
    counted z₀ as its only generator (the eight logs as none), so it brought 7g⁶g' over a common denominator:
    89 s. Every function counts as a generator, and such a difference is refused unless it is small."""
    import time

    n = Notation(3)
    j = n.indices[1]
    g = sum(log(n.z[0] ** 2 + a) for a in range(1, 9))
    claim = DerivativeEquality(g ** 7, 1, IndexedArray((3,), (j,), Integer(0)), of=G)
    started = time.perf_counter()
    result = check(n, claim, Definition(G, g ** 7))
    assert not result.ok and time.perf_counter() - started < 10


@pytest.mark.parametrize("radicand, power", [(lambda i, g: i * g ** 2 - g ** 2, Rational(1, 2)),
                                             (lambda i, g: i * g ** 6 - g ** 6, Rational(1, 3))])
def test_a27_1_a_function_not_real_where_written_out_is_not_proved_convex(radicand, power):
    """A27-1: Σᵢ (zᵢ² + √(i·gᵢ² − gᵢ²)) at K = 3 is √(−g₀²) at i = 0, which SymPy writes out as I·|g₀|: no
    number is I on its own, so the B26-1 rule let it through and the function was VALID "convex". A constant
    that is not rational is refused as a factor of what is built too, and the statement is not defined on its
    domain once written out ((−g₀⁶)^(1/3) = (−1)^(1/3)·g₀² likewise)."""
    n = Notation(3)
    z, v, g = n.z, n.v, n.g
    i, j, k, _ = n.indices
    f = Sum(z[i] ** 2 + radicand(i, g[i]) ** power, (i, 0, 2))
    H = IndexedArray((3, 3), (j, k), 2 * KroneckerDelta(j, k))
    statement = Statement(L, f, (z,), (RealSpace(z), RealData(g)), (Convex((z,)),))
    results = run(n, statement, (Definition(L, f), ("A1",)), (DerivativeEquality(f, 2, H, of=L), ("1",)),
                  (NonNegative(QuadraticForm(H, v), SumOfSquares((SquareTerm(Integer(2), (), v[i], (n.bounds(i),)),))),
                   ("2",)),
                  (PositiveSemidefinite(H, v), ("3",)),
                  (Cited(SECOND_ORDER_CONDITION, L, (z,)), ("2", "4", "A1", "A2")), (Conclusion(), ("5",)))
    assert not results[0].ok and "not a rational number" in results[0].detail
    assert not results[-1].ok and "not defined on the whole domain" in results[-1].detail


def test_b28_the_norm_citation_takes_entries_at_places_fixed_by_integers_only():
    """B28 (hardening): the ℓ₁-norm citation accepted F := |z[Q]| + |z₀| with Q := δ(z₀, 0), which is not convex
    (F(0, 10) = 10 > 2 = ½(F(−1, 10) + F(1, 10))); well-formedness refused the index, the citation did not."""
    n = Notation(2, features=1)
    place = sympy.Symbol("h", integer=True, nonnegative=True)
    norm = Definition(F, Abs(n.W[place, 0]) + Abs(n.W[0, 0]))
    result = check(n, Cited(NORM_CONVEXITY, F, (n.W,)), norm,
                   earlier=(Definition(place, KroneckerDelta(n.W[0, 0], 0)), norm))
    assert result.status == "failed"
    plain = Definition(F, Abs(n.W[1, 0]) + Abs(n.W[0, 0]))
    assert check(n, Cited(NORM_CONVEXITY, F, (n.W,)), plain, earlier=(plain,)).status == "cited"


def test_b32_a_sum_over_the_feature_index_runs_within_the_features():
    """B32 (lead): with K = 3, d = 1, a step "q[m] ≥ 0" (m free, over the features 0 … 0) let a sum of squares
    Σ_{m=0}^{2} q[m]·z[m]² pass as ≥ 0 over the classes, false at q₁ = −1. A sum binding m runs within m's range."""
    n = Notation(3, features=1)
    m = n.m
    claim = NonNegative(Sum(n.q[m] * n.z[m] ** 2, (m, 0, 2)),
                        SumOfSquares((SquareTerm(Integer(1), (n.q[m],), n.z[m], ((m, 0, 2),)),)))
    result = check(n, claim, Positivity((n.q[m],), index=m, strict=False))
    assert result.status == "failed" and "runs within 0 … 0" in result.detail, result.detail


def test_b33_1_a_jacobian_covers_its_vector_and_has_its_rows():
    """B33-1 (VALID, printed statement false as read): with K = 2, d = 3, x[m] := m·z₀² and a 2 × 2 array
    ∂xₘ/∂zⱼ = 2·m·z₀·δ₀ⱼ + 7·m·(m − 1) — true for the rows m = 0, 1 the kernel checked (K rows), false at the
    feature m = 2 a reader takes it to cover. The Jacobian of a
    vector takes all of its entries, so its rows are the vector's (an index may still run over more than its axis:
    the logistic loss's 1 × 1 Hessian in s is indexed by i and j of K = 2)."""
    n = Notation(2, features=3)
    m, j = n.m, n.indices[1]
    x = n.bases["x"]
    z0 = n.entries(n.z)[0]
    defined = Definition(x[m], m * z0 ** 2, index=m)
    wrong = 2 * m * z0 * KroneckerDelta(0, j) + 7 * m * (m - 1)
    over_m = DerivativeEquality(IndexedArray((Integer(2),), (m,), x[m]), 1,
                                IndexedArray((Integer(2), Integer(2)), (m, j), wrong), of=x)
    result = check(n, over_m, defined)
    assert result.status == "failed" and "not all 3" in result.detail, result.detail
    i = n.indices[0]
    over_i = DerivativeEquality(IndexedArray((Integer(2),), (i,), x[i]), 1,
                                IndexedArray((Integer(2), Integer(2)), (i, j), 2 * i * z0 * KroneckerDelta(0, j)), of=x)
    result = check(n, over_i, defined)
    assert result.status == "failed" and "not all 3" in result.detail, result.detail
    whole = DerivativeEquality(IndexedArray((Integer(3),), (m,), x[m]), 1,
                               IndexedArray((Integer(3), Integer(2)), (m, j), 2 * m * z0 * KroneckerDelta(0, j)), of=x)
    assert check(n, whole, defined).status == "verified"


def test_c33_lead_a_sum_inside_a_limit_is_renamed_below_the_sum_around_it():
    """C33 (lead, kernel hardening): canonical() named a Σ's indices by the sums nested in its body only, so a Σ in a
    limit got the same names as the Σ around it and captured its index: same() called Σ_r Σ_i Σ_{j=0}^{H₁} j·z₀ = 0
    and the same with H₂ = 45·z₀ equal (H₁, H₂ differ in which index an inner Σ of the limit reads). Not reachable
    from a certificate today (a limit must be an integer expression); a limit's sums now count in the height."""
    from ceproof.kernel.checks.common import same

    n = Notation(None)
    i, j, k, l, r = (sympy.Symbol(s, integer=True, nonnegative=True) for s in "ijklr")
    H1 = 5 * KroneckerDelta(Sum(i + r + k * l, (k, 0, 1), (l, 0, 1)), 3)
    H2 = 5 * KroneckerDelta(Sum(l + r + k * l, (k, 0, 1), (l, 0, 1)), 3)
    E1, E2 = (Sum(j * n.z[0], (j, 0, H), (i, 0, 2), (r, 0, 1)) for H in (H1, H2))
    assert E1.doit() != E2.doit() and not same(E1, E2)
    assert same(Sum(j * n.z[0], (j, 0, 3)), Sum(k * n.z[0], (k, 0, 3)))


def test_b38_1_a_vector_of_d_entries_needs_features():
    """B38-1 (misleading print): at K = 2 without features, a statement F(x) = x₀² in x printed "x ∈ ℝ^d" and was
    VALID, though d has no value there (a step about x is refused for the same reason). The statement is refused."""
    n = Notation(2)
    x = n.bases["x"]
    statement = Statement(F, x[0] ** 2, (x,), (RealSpace(x),), (Convex((x,)),))
    results = verify(Proof(statement, n, (Step("1", "F", Definition(F, x[0] ** 2), uses=("A1",)),
                                          Step("2", "conclusion", Conclusion(), uses=("1",)))))
    assert results[-1].status == "failed" and "d, the number of features, is undefined" in results[-1].detail
    d = sympy.Symbol("d", integer=True, positive=True)  # the B39 lead: L = d·z₀² speaks of d in z
    statement = Statement(F, d * n.z[0] ** 2, (n.z,), (RealSpace(n.z),), (Convex((n.z,)),))
    results = verify(Proof(statement, n, (Step("1", "F", Definition(F, d * n.z[0] ** 2), uses=("A1",)),
                                          Step("2", "conclusion", Conclusion(), uses=("1",)))))
    assert results[-1].status == "failed" and "d, the number of features, is undefined" in results[-1].detail
