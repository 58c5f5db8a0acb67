"""Unit tests for ceproof.rewrite: each Σ rewrite rule on its own, and the normal form."""

import pytest
import sympy
from sympy import IndexedBase, KroneckerDelta, Sum

from ceproof.kernel.notation import Notation
from ceproof.kernel.algebra.rewrite import (CONSTANT, LINEARITY, RENAME, RULES, SEPARABLE, SIFTING, apply_rule, bound_name, normalize,
                             rename_bound_index)

n = Notation(None, None)
K = n.K
i, j, k, l = n.indices
p, v = n.p, n.v
A = IndexedBase("A")
RANGES = {index: (0, K - 1) for index in n.indices}
ι0, ι1 = bound_name(0), bound_name(1)


def over(index, low=0, high=K - 1):
    return (index, low, high)


# ---------------------------------------------------------------- linearity

def test_linearity_splits_a_sum_of_terms():
    expr = Sum(p[i] + v[i], over(i))
    assert apply_rule(LINEARITY, expr, RANGES) == Sum(p[i], over(i)) + Sum(v[i], over(i))


def test_linearity_pulls_out_factors_free_of_the_bound_index():
    expr = Sum(3 * v[j] * p[i], over(i))
    assert apply_rule(LINEARITY, expr, RANGES) == 3 * v[j] * Sum(p[i], over(i))


def test_linearity_does_not_pull_out_a_factor_depending_on_the_bound_index():
    expr = Sum(p[i] * v[i], over(i))
    assert apply_rule(LINEARITY, expr, RANGES) == expr


def test_linearity_pulls_out_of_the_innermost_of_several_limits_only():
    expr = Sum(p[j] * v[i], over(i), over(j))
    assert apply_rule(LINEARITY, expr, RANGES) == Sum(p[j] * Sum(v[i], over(i)), over(j))


# ---------------------------------------------------------------- Kronecker-δ sifting

def test_sifting_against_a_free_index_with_the_same_range():
    expr = Sum(KroneckerDelta(i, j) * p[i] * v[i], over(i))
    assert apply_rule(SIFTING, expr, RANGES) == p[j] * v[j]


def test_sifting_against_an_outer_bound_index_with_the_same_range():
    expr = Sum(KroneckerDelta(i, j) * A[i, j], over(i), over(j))
    assert apply_rule(SIFTING, expr, RANGES) == Sum(A[j, j], over(j))


def test_no_sifting_when_the_sum_range_differs_from_the_free_index_range():
    expr = Sum(KroneckerDelta(i, j) * p[i], over(i, 1))
    assert apply_rule(SIFTING, expr, RANGES) == expr


def test_no_sifting_when_the_free_index_has_a_narrower_range():
    expr = Sum(KroneckerDelta(i, j) * p[i], over(i))
    ranges = {i: (0, K - 1), j: (0, K - 2)}
    assert apply_rule(SIFTING, expr, ranges) == expr


def test_no_sifting_when_the_free_index_range_is_unknown():
    m = sympy.Symbol("m", integer=True)
    expr = Sum(KroneckerDelta(i, m) * p[i], over(i))
    assert apply_rule(SIFTING, expr, RANGES) == expr


def test_no_sifting_when_the_delta_does_not_involve_the_bound_index():
    expr = Sum(KroneckerDelta(j, k) * p[i], over(i))
    assert apply_rule(SIFTING, expr, RANGES) == expr


def test_no_sifting_against_an_outer_index_whose_range_depends_on_the_bound_one():
    expr = Sum(KroneckerDelta(i, j) * A[i, j], over(j, i + 1), over(i))
    assert apply_rule(SIFTING, expr, RANGES) == expr


def test_sifting_does_not_capture_the_free_index_in_an_inner_sum():
    expr = Sum(KroneckerDelta(j, k) * Sum(A[j, k], over(k)), over(j))
    result = apply_rule(SIFTING, expr, RANGES)
    assert result != Sum(A[k, k], over(k))


def test_no_sifting_against_an_enclosing_bound_index_with_another_range():
    inner = Sum(KroneckerDelta(i, j) * p[i], over(i))
    expr = Sum(v[j] * inner, over(j, 1, K))
    assert apply_rule(SIFTING, expr, RANGES) == expr


# ---------------------------------------------------------------- separable double sums

def test_separable_double_sum_is_split_into_a_product():
    expr = Sum(p[i] * v[j], over(j), over(i))
    assert apply_rule(SEPARABLE, expr, RANGES) == Sum(p[i], over(i)) * Sum(v[j], over(j))


@pytest.mark.parametrize("function", [p[i] * KroneckerDelta(i, j) * v[j], A[i, j] * p[i], (p[i] + v[j]) ** 2],
                         ids=["delta", "matrix-entry", "power-of-sum"])
def test_no_split_when_a_factor_depends_on_both_indices(function):
    expr = Sum(function, over(j), over(i))
    assert apply_rule(SEPARABLE, expr, RANGES) == expr


def test_no_split_when_the_inner_range_depends_on_the_outer_index():
    expr = Sum(p[i] * v[j], over(j, i + 1), over(i))
    assert apply_rule(SEPARABLE, expr, RANGES) == expr


def test_no_split_of_a_single_sum():
    expr = Sum(p[i] * v[j], over(i))
    assert apply_rule(SEPARABLE, expr, RANGES) == expr


# ---------------------------------------------------------------- renaming bound indices

def test_rename_gives_a_single_sum_the_lowest_reserved_name():
    assert apply_rule(RENAME, Sum(p[i], over(i)), RANGES) == Sum(p[ι0], over(ι0))


def test_rename_makes_alpha_equivalent_sums_identical():
    assert apply_rule(RENAME, Sum(p[i] * v[i], over(i)), RANGES) == apply_rule(RENAME, Sum(p[k] * v[k], over(k)),
                                                                                 RANGES)


def test_rename_names_nested_sums_by_height():
    expr = Sum(p[i] * Sum(A[i, j], over(j)), over(i))
    assert apply_rule(RENAME, expr, RANGES) == Sum(p[ι1] * Sum(A[ι1, ι0], over(ι0)), over(ι1))


def test_rename_keeps_free_indices():
    assert apply_rule(RENAME, Sum(A[i, j], over(i)), RANGES) == Sum(A[ι0, j], over(ι0))


def test_rename_does_not_fire_on_canonical_names():
    expr = Sum(p[ι0], over(ι0))
    assert rename_bound_index(expr, RANGES) is None
    assert apply_rule(RENAME, expr, RANGES) == expr


def test_rename_also_renames_an_index_used_in_an_inner_bound():
    expr = Sum(A[i, j], over(j, i + 1), over(i))
    free_indices = lambda e: {s for s in e.free_symbols if isinstance(s, sympy.Symbol)}
    assert free_indices(apply_rule(RENAME, expr, RANGES)) == free_indices(expr)


# ---------------------------------------------------------------- normalize

def hessian_form(sign):
    entry = p[j] * KroneckerDelta(j, k) + sign * p[j] * p[k]
    quadratic = Sum(Sum(v[j] * entry * v[k], over(k)), over(j))
    variance = Sum(p[i] * v[i] ** 2, over(i)) - Sum(p[i] * v[i], over(i)) ** 2
    return quadratic - variance


def test_normalize_proves_the_quadratic_form_of_the_hessian():
    reduced, rules = normalize(hessian_form(-1), RANGES)
    assert reduced == 0
    assert set(rules) == {rule.name for rule in RULES} - {CONSTANT.name}  # the form sums no constant
    assert len(rules) == len(set(rules))


def test_normalize_does_not_prove_a_wrong_sign_of_the_outer_product():
    reduced, _ = normalize(hessian_form(+1), RANGES)
    assert reduced != 0


def test_normalize_reports_no_rules_for_plain_algebra():
    x = sympy.Symbol("x")
    assert normalize((x + 1) ** 2 - x ** 2 - 2 * x - 1, RANGES) == (0, ())


def test_normalize_does_not_identify_sums_over_different_ranges():
    reduced, _ = normalize(Sum(p[i], over(i)) - Sum(p[i], over(i, 1)), RANGES)
    assert reduced != 0


def test_normalize_is_idempotent():
    once, _ = normalize(hessian_form(+1), RANGES)
    twice, rules = normalize(once, RANGES)
    assert twice == once
    assert rules == ()


FALSE_IDENTITIES = [
    pytest.param(
        Sum(A[i, j], over(j, i + 1), over(i)) - Sum(A[l, j], over(j, i + 1), over(l)),
        id="rename-dependent-bound"),
    pytest.param(
        Sum(KroneckerDelta(j, k) * Sum(A[j, k], over(k)), over(j)) - Sum(A[k, k], over(k)),
        id="sifting-capture"),
    pytest.param(
        Sum(v[j] * Sum(KroneckerDelta(i, j) * p[i], over(i)), over(j, 1, K)) - Sum(v[j] * p[j], over(j, 1, K)),
        id="sifting-enclosing-range"),
    pytest.param(
        Sum(v[ι0] * Sum(A[i, ι0], over(i)), over(ι0)) - Sum(v[ι0] * Sum(A[i, i], over(i)), over(ι0)),
        id="rename-capture"),
    pytest.param(Sum(p[i] * v[i], over(i)) - Sum(p[i], over(i)) * Sum(v[i], over(i)), id="not-separable"),
]


@pytest.mark.parametrize("difference", FALSE_IDENTITIES)
def test_normalize_does_not_reduce_a_false_identity_to_zero(difference):
    reduced, _ = normalize(difference, RANGES)
    assert reduced != 0


def test_c28_1_a_count_over_many_nested_indices_is_minimised_at_one_end_of_each():
    """C28-1: "20K − 20 − (a₀ + … + a₁₉) ≥ 0 for every aₙ in 0 … K − 1" tried both ends of every index, 2²⁰ cases,
    and a 14 kB certificate ran past 120 s; an index whose coefficient is a number is taken to its least end."""
    import time

    from ceproof.kernel.algebra.rewrite import nonnegative_on

    K = sympy.Symbol("K", integer=True, positive=True)
    indices = sympy.symbols("a0:20", integer=True, nonnegative=True)
    enclosing = tuple((a, 0, K - 1) for a in indices)
    started = time.perf_counter()
    assert nonnegative_on(20 * K - 20 - sum(indices), enclosing)
    assert not nonnegative_on(20 * K - 21 - sum(indices), enclosing)
    assert time.perf_counter() - started < 5


def test_c30_1_a_count_of_high_degree_in_the_indices_is_not_multiplied_out():
    """C30-1: an entry z[(a₁ + … + a₁₄ + 1)⁵] inside 14 sums over 0 … 0 was multiplied out and its degree asked
    in 14 symbols: 121 s for one question of the ranges budget. A count of degree above 2 in the indices, or of
    more than 300 nodes, is not decided (the entry is refused)."""
    import time

    from ceproof.kernel.algebra.rewrite import nonnegative_on

    a = sympy.symbols("a1:15", integer=True, nonnegative=True)
    enclosing = tuple((x, 0, 0) for x in a)
    started = time.perf_counter()
    assert not nonnegative_on(2 - (sum(a) + 1) ** 5, enclosing)
    assert nonnegative_on(5 - a[0] * a[1] - a[2], enclosing)  # degree 2 is still decided
    assert time.perf_counter() - started < 5


def test_a30_a_polynomial_of_high_degree_is_not_factored():
    """A30 (hardening): factoring a degree-64 polynomial in one symbol (Swinnerton-Dyer's S₆) ran past 89 s and
    no budget charged it; the closed-form comparison refuses a part of degree above 32 in one generator."""
    from ceproof.kernel.checks.signs import _too_costly

    x = sympy.Symbol("x", real=True)
    assert _too_costly(x ** 64 + 3 * x ** 5 + 1)
    assert not _too_costly((x ** 2 + 1) / (x ** 6 + 2))
