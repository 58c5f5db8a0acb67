"""Unit tests for the kernel's checks: each claim kind is verified when it holds and fails, with a reason, when not."""

import dataclasses

import pytest
import sympy
from sympy import KroneckerDelta, Integer, Sum, exp, log

from ceproof.derivations.convexity import sum_of_squares
from ceproof.kernel.arrays import IndexedArray, QuadraticForm, RowSums
from ceproof.kernel.citations import SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION, Reference, Theorem
from ceproof.kernel.claims import (Cited, Constraint, Definition, DerivativeEquality, Equality, NonNegative,
                                   PositiveSemidefinite, Positivity, SumOfSquares)
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import RealSpace
from support import BOTH, EXPLICIT, assert_failed, assert_verified, check

L = sympy.Symbol("L")


# ---------------------------------------------------------------- building blocks, by hand

def normalizer(n):
    l = n.indices[3]
    return Sum(exp(n.z[l]), n.bounds(l))


def s_definition(n):
    return Definition(n.S, normalizer(n))


def p_definition(n):
    i = n.indices[0]
    return Definition(n.p[i], exp(n.z[i]) / n.S, index=i)


def positive(n):
    i = n.indices[0]
    return Positivity((n.S, n.p[i]), index=i)


def sum_p(n, value=1):
    i = n.indices[0]
    return Equality(Sum(n.p[i], n.bounds(i)), Integer(value), (Constraint(-1 / n.S, n.S - normalizer(n)),))


def loss(n):
    """The loss as the proof differentiates it: −Σ yᵢ log pᵢ for an explicit K, log S − Σ yᵢ zᵢ for every K."""
    i = n.indices[0]
    if n.is_explicit:
        return -Sum(n.y[i] * log(n.p[i]), n.bounds(i))
    return log(n.S) - Sum(n.y[i] * n.z[i], n.bounds(i))


def l_definition(n):
    """L := the loss, so that a derivative can name the function it is of."""
    return Definition(L, loss(n))


def hessian(n, sign=-1, row=None, col=None):
    """diag(p) − ppᵀ (sign −1) or the wrong diag(p) + ppᵀ (sign +1)."""
    row = row or n.indices[1]
    col = col or n.indices[2]
    entry = n.p[row] * KroneckerDelta(row, col) + sign * n.p[row] * n.p[col]
    return IndexedArray((n.K, n.K), (row, col), entry)


def vector(n, entry, index=None):
    return IndexedArray((n.K,), (index or n.indices[1],), entry)


def variance(n):
    i = n.indices[0]
    return Sum(n.p[i] * n.v[i] ** 2, n.bounds(i)) - Sum(n.p[i] * n.v[i], n.bounds(i)) ** 2


def gradient_claim(n, result_entry, shape=None):
    j = n.indices[1]
    result = IndexedArray(shape or (n.K,), (j,) if shape is None else n.indices[1:3], result_entry)
    return DerivativeEquality(loss(n), 1, result, of=L)


def with_term(certificate, **changes):
    (term,) = certificate.terms
    return SumOfSquares((dataclasses.replace(term, **changes),), certificate.constraints)


# ---------------------------------------------------------------- Definition

@BOTH
def test_fresh_definitions_are_verified(n):
    assert_verified(check(n, s_definition(n)))
    assert_verified(check(n, p_definition(n), s_definition(n), earlier=(s_definition(n),)))


@BOTH
def test_redefining_a_symbol_fails(n):
    again = Definition(n.S, 2 * normalizer(n))
    assert_failed(check(n, again, earlier=(s_definition(n),)), "already defined")


@BOTH
def test_redefining_an_indexed_name_under_another_index_fails(n):
    j = n.indices[1]
    again = Definition(n.p[j], exp(n.z[j]), index=j)
    assert_failed(check(n, again, earlier=(s_definition(n), p_definition(n))), "already defined")


@BOTH
def test_circular_definition_fails(n):
    i, l = n.indices[0], n.indices[3]
    circular = Definition(n.q[i], exp(n.z[i]) / Sum(n.q[l], n.bounds(l)), index=i)
    assert_failed(check(n, circular), "occurs in its own definition")


@BOTH
def test_defining_a_name_an_earlier_definition_uses_fails(n):
    i = n.indices[0]
    T = sympy.Symbol("T")
    first = Definition(T, Sum(exp(n.q[i]), n.bounds(i)))
    second = Definition(n.q[i], exp(n.z[i]) / T, index=i)
    assert_failed(check(n, second, first, earlier=(first,)), "already defined or used by an earlier step")


# ---------------------------------------------------------------- Positivity

@BOTH
def test_positivity_of_s_and_p_follows_from_their_definitions(n):
    assert_verified(check(n, positive(n), s_definition(n), p_definition(n)))


@BOTH
def test_positivity_of_one_entry_is_verified(n):
    assert_verified(check(n, Positivity((n.p[0],)), s_definition(n), p_definition(n)))


@BOTH
def test_positivity_of_s_without_its_definition_fails(n):
    assert_failed(check(n, Positivity((n.S,))), "cannot show")


@BOTH
def test_positivity_of_p_without_the_definition_of_s_fails(n):
    assert_failed(check(n, positive(n), p_definition(n)), "cannot show")


@BOTH
def test_positivity_of_a_real_logit_fails(n):
    i = n.indices[0]
    assert_failed(check(n, Positivity((n.z[i],), index=i)), "cannot show")


# ---------------------------------------------------------------- Cited

def second_order_premises(n):
    return (DerivativeEquality(loss(n), 2, hessian(n), of=L), PositiveSemidefinite(hessian(n), n.v), RealSpace(n.z))


def shift_premise(n):
    i = n.indices[0]
    f = log(Sum(exp(n.z[i]), n.bounds(i)))
    return (Equality(log(Sum(exp(n.z[i] + n.t), n.bounds(i))), f), Definition(L, f), RealSpace(n.z))


PREMISES = {"second-order-condition": second_order_premises, "strict-convexity-definition": shift_premise}
THEOREMS = pytest.mark.parametrize("theorem", [SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION],
                                   ids=lambda t: t.key)


@BOTH
@THEOREMS
def test_citing_a_known_theorem_with_its_premises_is_cited(n, theorem):
    result = check(n, Cited(theorem, L, (n.z,)), *PREMISES[theorem.key](n))
    assert result.status == "cited", result.detail
    assert result.method == "citation"
    assert ("theorem", theorem.key) in result.evidence


@BOTH
@THEOREMS
def test_citing_a_known_theorem_without_its_premises_fails(n, theorem):
    assert_failed(check(n, Cited(theorem, L, (n.z,))), "needs")


@BOTH
@THEOREMS
def test_citing_a_known_theorem_about_another_function_fails(n, theorem):
    G = sympy.Symbol("G")
    assert_failed(check(n, Cited(theorem, G, (n.z,)), *PREMISES[theorem.key](n)), "do not establish the premises")


@BOTH
def test_second_order_condition_for_a_matrix_other_than_the_hessian_fails(n):
    hessian_step, _, domain = second_order_premises(n)
    other = PositiveSemidefinite(hessian(n, +1), n.v)
    assert_failed(check(n, Cited(SECOND_ORDER_CONDITION, L, (n.z,)), hessian_step, other, domain),
                  "do not establish the premises")


@BOTH
def test_citing_an_unknown_theorem_fails(n):
    nowhere = Reference("nowhere", "A. Nobody", "Unpublished", "no publisher", 2026)
    made_up = Theorem("made-up", "A made-up lemma", "Every function is convex.", nowhere, "1")
    assert_failed(check(n, Cited(made_up, L, (n.z,))), "'made-up' is not a known theorem")


@BOTH
def test_citing_a_known_key_with_an_altered_statement_fails(n):
    altered = dataclasses.replace(SECOND_ORDER_CONDITION, statement="Every function is convex.")
    assert_failed(check(n, Cited(altered, L, (n.z,)), *second_order_premises(n)), "not a known theorem")


# ---------------------------------------------------------------- Equality

@BOTH
def test_probabilities_sum_to_one_with_the_normalizer_constraint(n):
    assert_verified(check(n, sum_p(n), s_definition(n), p_definition(n)))


@BOTH
def test_probabilities_summing_to_two_fails(n):
    assert_failed(check(n, sum_p(n, value=2), s_definition(n), p_definition(n)), "not 0")


@BOTH
def test_equality_whose_constraint_zero_is_not_established_by_a_used_step_fails(n):
    # S > 0 is used (so 1/S may be taken), but not the definition of S that makes S − Σ e^z zero
    assert_failed(check(n, sum_p(n), p_definition(n), positive(n)), "is not established by a used step")


@BOTH
def test_jacobian_entries_equal_diag_minus_outer(n):
    i, j = n.indices[:2]
    jacobian = IndexedArray((n.K, n.K), (i, j), n.p[i] * (KroneckerDelta(i, j) - n.p[j]))
    assert_verified(check(n, Equality(jacobian, hessian(n, -1, i, j))))


@BOTH
def test_jacobian_entries_do_not_equal_diag_plus_outer(n):
    i, j = n.indices[:2]
    jacobian = IndexedArray((n.K, n.K), (i, j), n.p[i] * (KroneckerDelta(i, j) - n.p[j]))
    assert_failed(check(n, Equality(jacobian, hessian(n, +1, i, j))), "not 0")


@BOTH
def test_quadratic_form_of_the_hessian_is_the_variance(n):
    assert_verified(check(n, Equality(QuadraticForm(hessian(n), n.v), variance(n))))


@BOTH
def test_quadratic_form_of_the_wrong_hessian_is_not_the_variance(n):
    assert_failed(check(n, Equality(QuadraticForm(hessian(n, +1), n.v), variance(n))), "not 0")


@BOTH
def test_row_sums_of_the_hessian_vanish_given_sum_p(n):
    i, j = n.indices[:2]
    kernel = Equality(RowSums(hessian(n)), vector(n, Integer(0)),
                      (Constraint(vector(n, n.p[j]), 1 - Sum(n.p[i], n.bounds(i))),))
    assert_verified(check(n, kernel, sum_p(n)))


@BOTH
def test_row_sums_with_a_constraint_zero_other_than_the_used_zeros_fail(n):
    i, j = n.indices[:2]
    kernel = Equality(RowSums(hessian(n)), vector(n, Integer(0)),
                      (Constraint(vector(n, n.p[j]), 1 - Sum(n.p[i], n.bounds(i))),))
    assert_failed(check(n, kernel, s_definition(n)), "is not established by a used step")


@BOTH
def test_row_sums_of_the_hessian_without_the_constraint_fail(n):
    assert_failed(check(n, Equality(RowSums(hessian(n)), vector(n, Integer(0))), sum_p(n)), "not 0")


@BOTH
def test_equality_of_vectors_of_different_lengths_fails(n):
    j = n.indices[1]
    longer = IndexedArray((n.K,), (j,), n.p[j])
    shorter = IndexedArray((n.K - 1,), (j,), n.p[j])
    assert check(n, Equality(longer, shorter)).status == "failed"
    assert_verified(check(n, Equality(longer, IndexedArray((n.K,), (j,), n.p[j]))))


def test_expansion_of_a_label_dependent_form_follows_the_label():
    j, k = EXPLICIT.indices[1:3]
    label_matrix = IndexedArray((Integer(3), Integer(3)), (j, k), 5 * EXPLICIT.y[j] * KroneckerDelta(j, k))
    claim = Equality(QuadraticForm(label_matrix, EXPLICIT.v), 5 * EXPLICIT.v[0] ** 2)
    assert_verified(check(Notation(3, 0), claim))
    assert_failed(check(Notation(3, 1), claim), "not 0")


def test_expansion_of_a_form_follows_the_definition_used():
    n = EXPLICIT
    i, j, k = n.indices[:3]
    matrix = IndexedArray((n.K, n.K), (j, k), 7 * n.p[j] * KroneckerDelta(j, k))
    claim = Equality(QuadraticForm(matrix, n.v), Sum(7 * n.z[i] * n.v[i] ** 2, n.bounds(i)))
    assert_verified(check(n, claim, Definition(n.p[i], n.z[i], index=i)))
    assert_failed(check(n, claim, Definition(n.p[i], 2 * n.z[i], index=i)), "not 0")


# ---------------------------------------------------------------- DerivativeEquality

@BOTH
def test_gradient_is_p_minus_y(n):
    j = n.indices[1]
    assert_verified(check(n, gradient_claim(n, n.p[j] - n.y[j]), s_definition(n), p_definition(n), l_definition(n)))


@BOTH
def test_gradient_claimed_as_p_plus_y_fails(n):
    j = n.indices[1]
    assert_failed(check(n, gradient_claim(n, n.p[j] + n.y[j]), s_definition(n), p_definition(n), l_definition(n)),
                  "not 0")


@BOTH
def test_gradient_without_the_definition_of_s_fails(n):
    j = n.indices[1]
    used = (p_definition(n), l_definition(n), positive(n))  # S > 0, so 1/S is not what fails
    assert_failed(check(n, gradient_claim(n, n.p[j] - n.y[j]), *used, earlier=(s_definition(n), *used)),
                  "depends on S", "this step does not use")


@BOTH
def test_gradient_naming_a_function_no_used_step_defines_fails(n):
    j = n.indices[1]
    assert_failed(check(n, gradient_claim(n, n.p[j] - n.y[j]), s_definition(n), p_definition(n)),
                  "no used step defines L")


@BOTH
def test_gradient_claimed_as_a_matrix_fails(n):
    j = n.indices[1]
    claim = gradient_claim(n, n.p[j] - n.y[j], shape=(n.K, n.K))
    assert_failed(check(n, claim, s_definition(n), p_definition(n), l_definition(n)), "shape")


@BOTH
def test_hessian_is_diag_p_minus_outer(n):
    claim = DerivativeEquality(loss(n), 2, hessian(n, -1), of=L)
    assert_verified(check(n, claim, s_definition(n), p_definition(n), l_definition(n)))


@BOTH
def test_hessian_claimed_as_diag_p_plus_outer_fails(n):
    claim = DerivativeEquality(loss(n), 2, hessian(n, +1), of=L)
    assert_failed(check(n, claim, s_definition(n), p_definition(n), l_definition(n)), "sympy.diff result − claim",
                  "not 0")


@BOTH
def test_softmax_jacobian_is_verified(n):
    i, j = n.indices[:2]
    claim = DerivativeEquality(vector(n, n.p[i], i), 1, hessian(n, -1, i, j), of=n.p)
    assert_verified(check(n, claim, s_definition(n), p_definition(n)))


@BOTH
def test_softmax_jacobian_claimed_as_diag_p_fails(n):
    i, j = n.indices[:2]
    diag = IndexedArray((n.K, n.K), (i, j), n.p[i] * KroneckerDelta(i, j))
    claim = DerivativeEquality(vector(n, n.p[i], i), 1, diag, of=n.p)
    assert_failed(check(n, claim, s_definition(n), p_definition(n)), "not 0")


@BOTH
def test_gradient_of_a_defined_symbol_claimed_zero_fails(n):
    i = n.indices[0]
    raw = -Sum(n.y[i] * log(n.p[i]), n.bounds(i))
    loss_definition = Definition(L, raw)
    # the function is the symbol L itself, tied to its definition by a used equality: differentiating it
    # must write L out, not treat it as a constant
    claim = DerivativeEquality(L, 1, vector(n, Integer(0)), of=L)
    assert_failed(check(n, claim, s_definition(n), p_definition(n), positive(n), loss_definition, Equality(L, raw)),
                  "not 0")


@BOTH
def test_third_derivative_claimed_as_the_hessian_fails(n):
    claim = DerivativeEquality(loss(n), 3, hessian(n, -1), of=L)
    assert_failed(check(n, claim, s_definition(n), p_definition(n), l_definition(n)), "order 3")


# ---------------------------------------------------------------- NonNegative (sum of squares)

def nonnegative(n, certificate=None):
    return NonNegative(QuadraticForm(hessian(n), n.v), certificate or sum_of_squares(n))


@BOTH
def test_sum_of_squares_certificate_is_verified(n):
    assert_verified(check(n, nonnegative(n), positive(n), sum_p(n)))


@BOTH
def test_certificate_without_the_constraint_term_fails(n):
    certificate = SumOfSquares(sum_of_squares(n).terms)
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "not 0")


@BOTH
def test_certificate_with_a_doubled_coefficient_fails(n):
    (term,) = sum_of_squares(n).terms
    certificate = with_term(sum_of_squares(n), coefficient=2 * term.coefficient)
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "not 0")


@BOTH
def test_certificate_with_a_negative_coefficient_fails(n):
    (term,) = sum_of_squares(n).terms
    certificate = with_term(sum_of_squares(n), coefficient=-term.coefficient)
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "not a non-negative rational")


@BOTH
def test_certificate_whose_weights_no_used_step_shows_positive_fails(n):
    assert_failed(check(n, nonnegative(n), sum_p(n)), "is not shown positive (or ≥ 0) by a used step")


@BOTH
def test_certificate_with_a_real_but_not_positive_weight_fails(n):
    i = n.indices[0]
    certificate = with_term(sum_of_squares(n), positive=(n.v[i], n.p[i]))
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "is not shown positive")


@BOTH
def test_certificate_with_a_square_not_known_real_fails(n):
    certificate = with_term(sum_of_squares(n), square=sympy.Symbol("a"))
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "not known to be real")


@BOTH
def test_certificate_summing_past_the_last_class_fails(n):
    (term,) = sum_of_squares(n).terms
    *inner, (index, low, _) = term.over
    certificate = with_term(sum_of_squares(n), over=(*inner, (index, low, n.K)))
    assert_failed(check(n, nonnegative(n, certificate), positive(n), sum_p(n)), "summation range")


@BOTH
def test_certificate_whose_constraint_zero_is_not_used_fails(n):
    assert_failed(check(n, nonnegative(n), positive(n)), "is not established by a used step")


# ---------------------------------------------------------------- PositiveSemidefinite

@BOTH
def test_psd_follows_from_a_used_nonnegative_quadratic_form(n):
    assert_verified(check(n, PositiveSemidefinite(hessian(n), n.v), nonnegative(n)))


@BOTH
def test_psd_without_a_used_nonnegative_step_fails(n):
    assert_failed(check(n, PositiveSemidefinite(hessian(n), n.v), positive(n), sum_p(n)), "no used step")


@BOTH
def test_psd_of_another_matrix_than_the_nonnegative_form_fails(n):
    assert_failed(check(n, PositiveSemidefinite(hessian(n, +1), n.v), nonnegative(n)), "no used step")


@BOTH
def test_psd_with_a_vector_fixed_by_a_definition_fails(n):
    i = n.indices[0]
    pinned = Definition(n.v[i], n.p[i], index=i)
    assert_failed(check(n, PositiveSemidefinite(hessian(n), n.v), nonnegative(n), pinned), "not arbitrary")


@BOTH
def test_psd_with_a_vector_constrained_by_a_used_equation_fails(n):
    i = n.indices[0]
    constrained = Equality(Sum(n.v[i], n.bounds(i)), Integer(0))
    assert_failed(check(n, PositiveSemidefinite(hessian(n), n.v), nonnegative(n), constrained), "not arbitrary")


# ---------------------------------------------------------------- dispatch

def test_a_claim_of_unknown_kind_fails_its_step():
    assert_failed(check(EXPLICIT, "not a claim"), "cannot stand as a step")
    assert_failed(check(EXPLICIT, RealSpace(EXPLICIT.z)), "cannot stand as a step")  # a premise is not a step
