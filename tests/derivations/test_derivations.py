"""Tests of the shipped derivations: they check for K = 2, 3, 4 and every K, and fail on a wrong Hessian."""

from functools import lru_cache

import pytest
import sympy
from sympy import KroneckerDelta

import ceproof.derivations.cross_entropy as cross_entropy
from ceproof.api import derive, prove
from ceproof.arrays import IndexedArray
from ceproof.citations import KNOWN_THEOREMS
from ceproof.claims import Cited

CLASSES = [2, 3, 4, None]
BUILDERS = {"derive": derive, "prove": prove}
EVERY_PROOF = pytest.mark.parametrize("kind, classes", [(kind, classes) for kind in BUILDERS for classes in CLASSES],
                                      ids=lambda value: "every-K" if value is None else str(value))


@lru_cache(maxsize=None)
def built(kind, classes):
    return BUILDERS[kind](classes)


def wrong_hessian(n):
    """diag(p) + ppᵀ: the sign of the outer product flipped."""
    _, j, k, _ = n.indices
    return IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) + n.p[j] * n.p[k])


@EVERY_PROOF
def test_proof_is_proved(kind, classes):
    proof = built(kind, classes)
    assert proof.verdict == "proved", proof.first_failure
    assert proof.first_failure is None


@EVERY_PROOF
def test_every_step_is_verified_except_citations(kind, classes):
    proof = built(kind, classes)
    for step, result in zip(proof.steps, proof.results, strict=True):
        expected = "cited" if isinstance(step.claim, Cited) else "verified"
        assert result.status == expected, (step.key, result)


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_prove_cites_exactly_the_known_theorems(classes):
    proof = built("prove", classes)
    cited = [step.claim.theorem for step in proof.steps if isinstance(step.claim, Cited)]
    assert [t.key for t in cited] == ["second-order-condition", "strict-convexity-definition"]
    assert all(KNOWN_THEOREMS[t.key] == t for t in cited)
    assert set(proof.trusted_base) == set(cited)


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_derive_cites_nothing(classes):
    proof = built("derive", classes)
    assert proof.trusted_base == ()
    assert proof.count("cited") == 0


@EVERY_PROOF
def test_steps_use_only_earlier_steps_or_assumptions(kind, classes):
    proof = built(kind, classes)
    known = {assumption.id for assumption in proof.assumptions}
    for step in proof.steps:
        assert set(step.uses) <= known, (step.key, step.uses)
        assert step.id not in known
        known.add(step.id)


@EVERY_PROOF
def test_step_keys_are_unique(kind, classes):
    keys = [step.key for step in built(kind, classes).steps]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_derive_is_the_first_part_of_prove(classes):
    derived = [(step.key, step.claim) for step in built("derive", classes).steps[:-1]]  # less its theorem
    proved = [(step.key, step.claim) for step in built("prove", classes).steps]
    assert proved[:len(derived)] == derived
    assert len(proved) > len(derived)


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_hessian_step_claims_diag_p_minus_outer(classes):
    proof = built("derive", classes)
    n = proof.notation
    _, j, k, _ = n.indices
    result = proof.step("hessian").claim.result
    assert result.shape == (n.K, n.K)
    assert sympy.expand(result.entry - (n.p[j] * KroneckerDelta(j, k) - n.p[j] * n.p[k])) == 0


@pytest.mark.parametrize("label", [1, 2])
def test_proof_holds_for_other_labels(label):
    assert prove(3, label).verdict == "proved"


@pytest.mark.parametrize("kind", BUILDERS)
@pytest.mark.parametrize("classes", [3, None], ids=["3", "every-K"])
def test_a_wrong_hessian_fails_the_proof_at_the_hessian_step(monkeypatch, kind, classes):
    monkeypatch.setattr(cross_entropy, "hessian_claim", wrong_hessian)
    proof = BUILDERS[kind](classes)
    assert proof.verdict == "check failed"
    step, result = proof.first_failure
    assert step.key == "hessian"
    assert result.status == "failed"
    assert "not 0" in result.detail
