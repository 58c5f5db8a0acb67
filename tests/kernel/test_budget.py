"""One proof's check spends at most WRITTEN_TERMS terms of sums written out and COMPARED_ENTRIES array
entries compared one by one, whatever its claims (round 13: a 20 kB certificate at K = 1000 ran for
minutes and gigabytes, one claim at a time)."""

from __future__ import annotations

import time

import pytest
import sympy
from sympy import KroneckerDelta, Sum, exp

from ceproof.kernel import budget
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.claims import Definition, Equality, Positivity
from ceproof.kernel.notation import Notation

from support import check

N = Notation(1000, 0)


def _softmax_steps(n):
    i, _, _, l = n.indices
    return (Definition(n.S, Sum(exp(n.z[l]), (l, 0, n.K - 1))), Definition(n.p[i], exp(n.z[i]) / n.S, index=i),
            Positivity((n.S, n.p[i]), index=i))


def test_c13_1_a_true_array_identity_the_rules_miss_is_not_compared_entry_by_entry_at_k_1000():
    """p[i]·δ(i,j) = p[j]·δ(i,j) holds, but the rewrite rules do not show it; entry by entry it would be
    10⁶ comparisons (70 s, 2 GB): the step fails at once instead."""
    i, j = N.indices[:2]
    claim = Equality(IndexedArray((N.K, N.K), (i, j), (N.p[i] * KroneckerDelta(i, j) + N.p[j] + 1) ** 4),
                     IndexedArray((N.K, N.K), (i, j), (N.p[j] * KroneckerDelta(i, j) + N.p[j] + 1) ** 4))
    started = time.perf_counter()
    result = check(N, claim, *_softmax_steps(N))
    assert result.status == "failed" and "array entries compared one by one" in result.detail
    assert time.perf_counter() - started < 20
    small = Notation(5, 0)  # the same identity at a small K is compared entry by entry, and holds
    i, j = small.indices[:2]
    claim = Equality(IndexedArray((small.K, small.K), (i, j), small.p[i] * KroneckerDelta(i, j)),
                     IndexedArray((small.K, small.K), (i, j), small.p[j] * KroneckerDelta(i, j)))
    assert check(small, claim, *_softmax_steps(small)).status == "verified"


def test_c13_2_a_positivity_of_a_huge_sum_stops_at_the_written_terms_budget():
    i, j, k, _ = N.indices
    huge = Sum(exp(N.z[i] + N.z[j] + N.z[k]), (k, 0, 0), (j, 0, 99), (i, 0, N.K - 1))
    started = time.perf_counter()
    result = check(N, Positivity((huge,)))
    assert result.status == "failed" and "terms of sums" in result.detail
    assert time.perf_counter() - started < 30


def test_the_budget_is_per_proof_and_nothing_is_counted_outside_a_check():
    budget.spend("entries", 10 ** 9)  # outside a check: the renderers' writing is not limited
    with budget.proof_budget():
        budget.spend("terms", budget.WRITTEN_TERMS)
        with pytest.raises(budget.OverBudget, match="terms of sums"):
            budget.spend("terms", 1)
    with budget.proof_budget():  # a fresh proof starts again
        budget.spend("terms", budget.WRITTEN_TERMS)
