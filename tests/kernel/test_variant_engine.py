"""The engine extensions the variants need, each shown able to fail: positivity from the signs that used
steps prove, constants in a derivative (parameters and data, never something defined from z), the
index range of a sign fact, and the rewrite rule for the sum of a constant."""

import dataclasses

import pytest
import sympy
from sympy import Integer, KroneckerDelta, Sum, exp

from ceproof.arrays import IndexedArray, QuadraticForm
from ceproof.builder import ProofBuilder
from ceproof.checks import check_claim
from ceproof.claims import (Assumed, Definition, DerivativeEquality, Equality, FormZeros, NonNegative,
                            PositiveDefiniteOn, Positivity, SquareTerm, SumOfSquares)
from ceproof.derivations import variants
from ceproof.derivations.variants import LabelNotation
from ceproof.facts import Facts
from ceproof.notation import Notation
from ceproof.rewrite import CONSTANT, constant_sum, normalize

EVERY_K, EXPLICIT = LabelNotation(None, None), LabelNotation(3, None)
BOTH = pytest.mark.parametrize("n", [EVERY_K, EXPLICIT], ids=["every-K", "K=3"])


def status(n, claim, *used, earlier=()):
    return check_claim(claim, Facts.from_claims(n, used), tuple(earlier) + used).status


def y_nonnegative(n):
    i = n.indices[0]
    return Positivity((n.y[i],), index=i, strict=False)


# ---------------------------------------------------------------- positivity from used signs

@BOTH
def test_a_sum_of_entries_proved_nonnegative_is_nonnegative(n):
    i = n.indices[0]
    total = Sum(n.y[i], n.bounds(i))
    assert status(n, Positivity((total,), strict=False), y_nonnegative(n)) == "verified"
    assert status(n, Positivity((total,), strict=False)) == "failed"  # no used step gives y ≥ 0
    assert status(n, Positivity((total,)), y_nonnegative(n)) == "failed"  # ≥ 0 does not give > 0


@BOTH
def test_entries_are_not_merged_into_one_symbol(n):
    i, j, k, _ = n.indices
    weighted = Sum(n.y[i] * (2 * i - n.K + 1), n.bounds(i))  # = 0 for constant y, < 0 for y = e_0
    assert status(n, Positivity((weighted,), strict=False), y_nonnegative(n)) == "failed"
    assert status(n, Positivity((n.y[j] - n.y[k],), strict=False), y_nonnegative(n)) == "failed"
    assert status(n, Positivity((n.y[j] + n.y[k],), strict=False), y_nonnegative(n)) == "verified"


@BOTH
def test_a_sign_for_every_index_covers_only_indices_in_range(n):
    i = n.indices[0]
    assert status(n, Positivity((n.y[n.K],), strict=False), y_nonnegative(n)) == "failed"
    assert status(n, Positivity((Sum(n.y[i], (i, 0, n.K)),), strict=False), y_nonnegative(n)) == "failed"


@BOTH
def test_a_proved_scalar_sign_is_used_and_only_when_used(n):
    a = sympy.Symbol("a")
    fact = Positivity((a,), strict=False)
    assert status(n, Positivity((2 * a + 1,)), fact) == "verified"
    assert status(n, Positivity((2 * a + 1,))) == "failed"
    assert status(n, Positivity((a - 1,), strict=False), fact) == "failed"


@BOTH
def test_a_sum_of_squares_weight_outside_the_range_is_not_covered(n):
    i = n.indices[0]
    inside = SumOfSquares((SquareTerm(Integer(1), (n.y[i],), Integer(1), (n.bounds(i),)),))
    total = Sum(n.y[i], n.bounds(i))
    assert status(n, NonNegative(total, inside), y_nonnegative(n)) == "verified"
    outside = SumOfSquares((SquareTerm(Integer(1), (n.y[n.K],), Integer(1)),))
    assert status(n, NonNegative(n.y[n.K], outside), y_nonnegative(n)) == "failed"


# ---------------------------------------------------------------- constants in a derivative

@BOTH
def test_the_label_is_data_unless_a_step_defines_it_from_z(n):
    i, j, _, _ = n.indices
    claim = DerivativeEquality(Sum(n.y[i] * n.z[i], n.bounds(i)), 1, IndexedArray((n.K,), (j,), n.y[j]))
    assert status(n, claim) == "verified"
    from_z = Definition(n.y[i], n.z[i], index=i)
    assert status(n, claim, earlier=(from_z,)) == "failed"
    through = (Definition(sympy.Symbol("u"), n.z[0]), Definition(n.y[i], sympy.Symbol("u"), index=i))
    assert status(n, claim, earlier=through) == "failed"


@BOTH
def test_a_symbol_defined_from_data_is_constant_and_one_defined_from_z_or_unknowns_is_not(n):
    i, j, _, _ = n.indices
    Y = sympy.Symbol("Y")
    claim = DerivativeEquality(Y * n.z[0], 1, IndexedArray((n.K,), (j,), Y * KroneckerDelta(j, 0)))
    from_data = Definition(Y, Sum(n.y[i], n.bounds(i)))
    assert status(n, claim, from_data) == "verified"
    assert status(n, claim) == "failed"  # Y's definition not used: its dependence on z is unknown
    assert status(n, claim, from_data, earlier=(Definition(n.y[i], n.z[i], index=i),)) == "failed"
    assert status(n, claim, Definition(Y, sympy.Symbol("a"))) == "failed"
    assert status(n, claim, Definition(Y, n.z[1])) == "failed"


@BOTH
def test_a_parameter_stays_symbolic_and_its_factor_is_checked(n):
    _, j, _, _ = n.indices
    tau = sympy.Symbol("tau")
    value = Definition(tau, Integer(2))
    f = exp(n.z[0] / tau)
    right = DerivativeEquality(f, 1, IndexedArray((n.K,), (j,), exp(n.z[0] / tau) / tau * KroneckerDelta(j, 0)))
    wrong = DerivativeEquality(f, 1, IndexedArray((n.K,), (j,), exp(n.z[0] / tau) * KroneckerDelta(j, 0)))
    assert status(n, right, value) == "verified"
    assert status(n, wrong, value) == "failed"
    assert status(n, right) == "failed"


# ---------------------------------------------------------------- the sum of a constant

def test_the_sum_of_a_constant_counts_its_range():
    n = EVERY_K
    i = n.indices[0]
    c = sympy.Symbol("c")
    reduced, rules = normalize(Sum(c, n.bounds(i)) - n.K * c, {})
    assert reduced == 0 and CONSTANT.name in rules
    assert normalize(Sum(c, (i, 1, n.K - 1)) - n.K * c, {})[0] != 0
    assert normalize(Sum(c, n.bounds(i)) - (n.K - 1) * c, {})[0] != 0


def test_the_sum_of_a_constant_leaves_unknown_ranges_and_varying_terms_alone():
    n = EVERY_K
    i = n.indices[0]
    assert constant_sum(Sum(Integer(1), (i, 0, n.K - 3)), {}) is None  # K − 2 may be negative
    assert constant_sum(Sum(n.y[i], n.bounds(i)), {}) is None
    assert constant_sum(Sum(Integer(1), (i, 0, Integer(4))), {}) == 5


# ---------------------------------------------------------------- where a form vanishes, definiteness on a subspace

def ones(n):
    return IndexedArray((n.K,), (n.indices[1],), Integer(1))


def certified(n, terms):
    """A NonNegative fact about the form of a (made-up) matrix M, taken as given by the step under test."""
    j, k = n.indices[1:3]
    M = IndexedArray((n.K, n.K), (j, k), sympy.Function("M")(j, k))
    return M, NonNegative(QuadraticForm(M, n.v), SumOfSquares(tuple(terms)))


def test_unlinked_indices_leave_the_form_zero_off_the_direction():
    n = Notation(3, 0)
    v = n.v
    one = Positivity((Integer(1),))
    M, linked = certified(n, [SquareTerm(Integer(1), (), v[0] - v[1]), SquareTerm(Integer(1), (), v[1] - v[2])])
    assert status(n, FormZeros(M, v, ones(n)), linked, one) == "verified"
    M, unlinked = certified(n, [SquareTerm(Integer(1), (), v[0] - v[1]), SquareTerm(Integer(1), (), v[2])])
    assert status(n, FormZeros(M, v, ones(n)), unlinked) == "failed"  # zero at v = (1, 1, 0), not along 1


def test_a_zero_coefficient_or_a_weight_only_nonnegative_does_not_link():
    n = Notation(2, 0)
    v, y = n.v, sympy.Symbol("w")
    M, zero = certified(n, [SquareTerm(Integer(0), (), v[0] - v[1])])
    assert status(n, FormZeros(M, v, ones(n)), zero) == "failed"
    M, weak = certified(n, [SquareTerm(Integer(1), (y,), v[0] - v[1])])
    assert status(n, FormZeros(M, v, ones(n)), weak, Positivity((y,), strict=False)) == "failed"
    assert status(n, FormZeros(M, v, ones(n)), weak, Positivity((y,))) == "verified"


def test_every_k_needs_squares_over_every_pair():
    n = Notation(None, None)
    i, j, _, _ = n.indices
    p, v = n.p, n.v
    fact = Positivity((p[i],), index=i)
    M, half = certified(n, [SquareTerm(Integer(1), (p[i], p[j]), v[i] - v[j], ((j, i + 1, n.K - 1), n.bounds(i)))])
    assert status(n, FormZeros(M, v, ones(n)), half, fact) == "failed"  # sound, if incomplete: not every pair
    M, full = certified(n, [SquareTerm(Integer(1), (p[i], p[j]), v[i] - v[j], (n.bounds(j), n.bounds(i)))])
    assert status(n, FormZeros(M, v, ones(n)), full, fact) == "verified"
    assert status(n, FormZeros(M, v, ones(n)), full) == "failed"  # weights not shown > 0
    varying = IndexedArray((n.K,), (j,), j + 1)
    assert status(n, FormZeros(M, v, varying), full, fact) == "failed"


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_definiteness_needs_the_direction_outside_the_subspace(classes):
    proof = variants.centered(classes=classes)
    n = proof.notation
    j = n.indices[1]
    used = [proof.step(key).claim for key in ("nonnegative", "form-zeros")]
    H = proof.step("definite").claim.matrix
    assert status(n, PositiveDefiniteOn(H, n.v, ones(n)), *used) == "verified"
    balanced = IndexedArray((n.K,), (j,), KroneckerDelta(j, 0) - KroneckerDelta(j, 1))  # contains 1
    assert status(n, PositiveDefiniteOn(H, n.v, balanced), *used) == "failed"
    assert status(n, PositiveDefiniteOn(H, n.v, ones(n)), used[0]) == "failed"


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_strictness_is_cited_only_for_the_set_the_definiteness_is_about(classes):
    proof = variants.centered(classes=classes)
    n = proof.notation
    i = n.indices[0]
    b = ProofBuilder(proof.kind, proof.theorem, n)
    fixed = Assumed("first logit fixed", (Equality(n.z[0], Integer(0)),))  # not the set Σ zᵢ = 0 of step definite
    b.assumptions = [dataclasses.replace(a, claim=fixed) if a.claim.statement == "centered logits" else a
                     for a in proof.assumptions]
    b.steps = list(proof.steps[:-1])  # build states the theorem again
    broken = b.build()
    assert broken.first_failure[0].key == "strict"
    for_soft = variants.soft_labels(classes=classes)
    assert "definite" not in {s.key for s in for_soft.steps}


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_soft_label_of_unknown_total_is_not_shown_strictly_convex(classes):
    """Its certificate weights Y·pᵢpⱼ with Y only ≥ 0 (Y = 0 is allowed): the equality case must fail."""
    proof = variants.soft_labels(classes=classes)
    n = proof.notation
    b = ProofBuilder(proof.kind, proof.theorem, n)
    b.assumptions, b.steps = list(proof.assumptions), list(proof.steps[:-1])
    b.ids = {s.key: s.id for s in b.steps}
    b.ids.update({a.id: a.id for a in proof.assumptions})
    H = proof.step("psd").claim.matrix
    b.add("form-zeros", FormZeros(H, n.v, ones(n)), "r", uses=("nonnegative", "positive", "Y-nonnegative"))
    assert b.build().first_failure[0].key == "form-zeros"
