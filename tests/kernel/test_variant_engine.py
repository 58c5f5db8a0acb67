"""The engine extensions the variants need, each shown able to fail: positivity from the signs that used
steps prove, constants in a derivative (parameters and data, never something defined from z), the
index range of a sign fact, and the rewrite rule for the sum of a constant."""

import dataclasses

import pytest
import sympy
from sympy import Integer, KroneckerDelta, Sum, exp

from ceproof import family
from ceproof.kernel.algebra.rewrite import CONSTANT, constant_sum, normalize
from ceproof.kernel.arrays import AffineSet, IndexedArray, QuadraticForm
from ceproof.kernel.claims import (Conclusion, Definition, DerivativeEquality, FormZeros, NonNegative,
                                   PositiveDefiniteOn, Positivity, SquareTerm, SumOfSquares)
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import NonnegativeData
from ceproof.kernel.proof import Step
from ceproof.kernel.verify import verify
from support import assert_failed, check, status

EVERY_K, EXPLICIT = Notation(None), Notation(3)
BOTH = pytest.mark.parametrize("n", [EVERY_K, EXPLICIT], ids=["every-K", "K=3"])
CLASSES = pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
L = sympy.Symbol("L")


def y_nonnegative(n):
    i = n.indices[0]
    return Positivity((n.y[i],), index=i, strict=False)


# ---------------------------------------------------------------- positivity from used signs

@BOTH
def test_a_sum_of_entries_proved_nonnegative_is_nonnegative(n):
    i = n.indices[0]
    total = Sum(n.y[i], n.bounds(i))
    assert status(n, Positivity((total,), strict=False), y_nonnegative(n)) == "verified"
    assert status(n, Positivity((total,), strict=False), NonnegativeData(n.y)) == "verified"  # the premise's fact
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
    assert status(n, Positivity((n.y[n.indices[1]], n.y[0]), strict=False), y_nonnegative(n)) == "verified"
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
    result = check(n, NonNegative(n.y[n.K], outside), y_nonnegative(n))  # y[3] is no entry when K = 3
    assert result.status == "failed" and ("not shown positive" in result.detail or "not an entry" in result.detail)


# ---------------------------------------------------------------- constants in a derivative

@BOTH
def test_the_label_is_data_unless_a_step_defines_it_from_z(n):
    i, j, _, _ = n.indices
    function = Sum(n.y[i] * n.z[i], n.bounds(i))
    named = Definition(L, function)
    claim = DerivativeEquality(function, 1, IndexedArray((n.K,), (j,), n.y[j]), of=L)
    assert status(n, claim, named) == "verified"
    from_z = Definition(n.y[i], n.z[i], index=i)
    assert_failed(check(n, claim, named, earlier=(from_z, named)), "depends on y")
    h = sympy.Symbol("h")
    through = (Definition(h, n.z[0]), Definition(n.y[i], h, index=i))
    assert_failed(check(n, claim, named, earlier=(*through, named)), "depends on y")


@BOTH
def test_a_symbol_defined_from_data_is_constant_and_one_defined_from_z_is_not(n):
    i, j, _, _ = n.indices
    Y = sympy.Symbol("Y")
    named = Definition(L, Y * n.z[0])
    claim = DerivativeEquality(Y * n.z[0], 1, IndexedArray((n.K,), (j,), Y * KroneckerDelta(j, 0)), of=L)
    from_data = Definition(Y, Sum(n.y[i], n.bounds(i)))
    assert status(n, claim, from_data, named) == "verified"
    # Y defined from z by an earlier step that this step does not use: its dependence on z would be missed
    assert_failed(check(n, claim, named, earlier=(Definition(Y, n.z[1]), named)), "depends on Y")
    assert status(n, claim, from_data, named, earlier=(Definition(n.y[i], n.z[i], index=i), from_data, named)) \
        == "failed"
    assert status(n, claim, Definition(Y, n.z[1]), named) == "failed"
    # changed: a symbol that no earlier step defines (or one defined from such a symbol) depends on no
    # variable and is held constant, as data is; it can no longer be defined from z later, since it is used
    assert status(n, claim, named) == "verified"
    assert status(n, claim, Definition(Y, sympy.Symbol("a")), named) == "verified"


@BOTH
def test_a_parameter_stays_symbolic_and_its_factor_is_checked(n):
    _, j, _, _ = n.indices
    tau = sympy.Symbol("tau")
    value = Definition(tau, Integer(2))
    f = exp(n.z[0] / tau)
    named = Definition(L, f)
    right = DerivativeEquality(f, 1, IndexedArray((n.K,), (j,), exp(n.z[0] / tau) / tau * KroneckerDelta(j, 0)), of=L)
    wrong = DerivativeEquality(f, 1, IndexedArray((n.K,), (j,), exp(n.z[0] / tau) * KroneckerDelta(j, 0)), of=L)
    assert status(n, right, value, named) == "verified"
    assert_failed(check(n, wrong, value, named), "not 0")
    # without τ's definition nothing shows τ ≠ 0, so z/τ is not taken (new rule: only what is shown non-zero
    # may be inverted)
    assert_failed(check(n, right, named), "divides by tau")


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
    M = IndexedArray((n.K, n.K), (j, k), n.g[j] * n.g[k])
    return M, NonNegative(QuadraticForm(M, n.v), SumOfSquares(tuple(terms)))


def test_unlinked_indices_leave_the_form_zero_off_the_direction():
    n = Notation(3, 0)
    v = n.v
    one = Positivity((Integer(1),))
    M, linked = certified(n, [SquareTerm(Integer(1), (), v[0] - v[1]), SquareTerm(Integer(1), (), v[1] - v[2])])
    assert status(n, FormZeros(M, v, ones(n)), linked, one) == "verified"
    M, unlinked = certified(n, [SquareTerm(Integer(1), (), v[0] - v[1]), SquareTerm(Integer(1), (), v[2])])
    assert_failed(check(n, FormZeros(M, v, ones(n)), unlinked), "unlinked")  # zero at v = (1, 1, 0), not along 1


def test_a_zero_coefficient_or_a_weight_only_nonnegative_does_not_link():
    n = Notation(2, 0)
    v, a = n.v, sympy.Symbol("a")
    M, zero = certified(n, [SquareTerm(Integer(0), (), v[0] - v[1])])
    assert_failed(check(n, FormZeros(M, v, ones(n)), zero), "weight > 0")
    M, weak = certified(n, [SquareTerm(Integer(1), (a,), v[0] - v[1])])
    assert_failed(check(n, FormZeros(M, v, ones(n)), weak, Positivity((a,), strict=False)), "weight > 0")
    assert status(n, FormZeros(M, v, ones(n)), weak, Positivity((a,))) == "verified"


def test_every_k_needs_squares_over_every_pair():
    n = Notation(None)
    i, j, _, _ = n.indices
    p, v = n.p, n.v
    fact = Positivity((p[i],), index=i)
    M, half = certified(n, [SquareTerm(Integer(1), (p[i], p[j]), v[i] - v[j], ((j, i + 1, n.K - 1), n.bounds(i)))])
    assert_failed(check(n, FormZeros(M, v, ones(n)), half, fact), "every pair")  # sound, if incomplete
    M, full = certified(n, [SquareTerm(Integer(1), (p[i], p[j]), v[i] - v[j], (n.bounds(j), n.bounds(i)))])
    assert status(n, FormZeros(M, v, ones(n)), full, fact) == "verified"
    assert status(n, FormZeros(M, v, ones(n)), full) == "failed"  # weights not shown > 0
    varying = IndexedArray((n.K,), (j,), j + 1)
    assert_failed(check(n, FormZeros(M, v, varying), full, fact), "equal, non-zero entries")


def proof_of(name, classes):
    """The (unchecked) proof the family's recipe builds for the loss ``name`` and its canonical statement."""
    loss, values = family.resolve(name, {"classes": classes})
    notation, statement = family.canonical(loss, values)
    return family.recipe(loss)(notation, statement, **values)


def step(proof, key):
    return next(s for s in proof.steps if s.key == key)


def with_step_before_conclusion(proof, key, claim, uses):
    """``proof`` with the step ``claim`` (using the steps or premises with keys ``uses``) just before its conclusion."""
    ids = {s.key: s.id for s in proof.steps}
    *body, conclusion = proof.steps
    new = Step(str(len(body) + 1), key, claim, uses=tuple(ids.get(u, u) for u in uses))
    last = dataclasses.replace(conclusion, id=str(len(body) + 2))
    return dataclasses.replace(proof, steps=(*body, new, last))


def first_failure(proof):
    return next((s.key for s, r in zip(proof.steps, verify(proof)) if not r.ok), None)


@CLASSES
def test_definiteness_needs_the_direction_outside_the_subspace(classes):
    proof = proof_of("ce-centered", classes)
    n = proof.notation
    j = n.indices[1]
    used = [step(proof, key).claim for key in ("nonnegative", "form-zeros")]
    H = step(proof, "definite").claim.matrix
    assert status(n, PositiveDefiniteOn(H, n.v, ones(n)), *used) == "verified"
    balanced = IndexedArray((n.K,), (j,), KroneckerDelta(j, 0) - KroneckerDelta(j, 1))  # contains 1
    assert_failed(check(n, PositiveDefiniteOn(H, n.v, balanced), *used), "not shown to leave the subspace")
    assert_failed(check(n, PositiveDefiniteOn(H, n.v, ones(n)), used[0]), "where the quadratic form")


@CLASSES
def test_strictness_is_cited_only_for_the_set_the_definiteness_is_about(classes):
    proof = proof_of("ce-centered", classes)
    n = proof.notation
    j = n.indices[1]
    assert first_failure(proof) is None
    # was: the assumption "centered logits" swapped for z₀ = 0. Now the set is part of the cited claim:
    # strictness on {z : z₀ = 0} does not follow from definiteness on the directions of Σ zᵢ = 0
    strict = step(proof, "strict")
    first_fixed = AffineSet(IndexedArray((n.K,), (j,), KroneckerDelta(j, 0)), Integer(0))
    moved = dataclasses.replace(strict, claim=dataclasses.replace(strict.claim, on=first_fixed))
    broken = dataclasses.replace(proof, steps=tuple(moved if s is strict else s for s in proof.steps))
    assert first_failure(broken) == "strict"
    for_soft = proof_of("soft-labels", classes)
    assert "definite" not in {s.key for s in for_soft.steps}


@CLASSES
def test_a_soft_label_of_unknown_total_is_not_shown_strictly_convex(classes):
    """Its certificate weights Y·pᵢpⱼ with Y only ≥ 0 (Y = 0 is allowed): the equality case must fail."""
    proof = proof_of("soft-labels", classes)
    n = proof.notation
    assert first_failure(proof) is None
    H = step(proof, "psd").claim.matrix
    extended = with_step_before_conclusion(proof, "form-zeros", FormZeros(H, n.v, ones(n)),
                                           ("nonnegative", "positive", "Y-nonnegative"))
    assert isinstance(extended.steps[-1].claim, Conclusion)
    assert first_failure(extended) == "form-zeros"
    result = verify(extended)[-2]
    assert_failed(result, "weight > 0")
