"""Tests of the shipped derivations: they check for K = 2, 3, 4 and every K, and fail on a wrong Hessian."""

from functools import lru_cache

import pytest
import sympy
from sympy import KroneckerDelta

import ceproof.derivations.cross_entropy as cross_entropy
from ceproof import family
from ceproof.api import derive, prove
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.citations import KNOWN_THEOREMS
from ceproof.kernel.claims import Cited, Conclusion
from ceproof.kernel.premises import OneHotLabel, RealSpace, SimplexLabel
from ceproof.kernel.statement import Convex, Derivative, NotStrictlyConvex

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
def test_steps_use_only_earlier_steps_or_premises(kind, classes):
    proof = built(kind, classes)
    known = set(proof.proof.premise_ids)
    assert known == {f"A{n}" for n in range(1, len(proof.statement.premises) + 1)}
    for step in proof.steps:
        assert set(step.uses) <= known, (step.key, step.uses)
        assert step.id not in known
        known.add(step.id)
    conclusion = proof.steps[-1]
    assert isinstance(conclusion.claim, Conclusion)
    assert len(conclusion.uses) == len(proof.statement.properties)


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_statements_are_the_canonical_ones(classes):
    derived, proved = built("derive", classes), built("prove", classes)
    assert derived.statement == family.derivation(classes, None)[1]
    assert derived.kind == "derive" and derived.title == family.DERIVATION_TITLE
    assert [(type(p), p.order) for p in derived.statement.properties] == [(Derivative, 1)] * 2 + [(Derivative, 2)]
    assert proved.statement == family.canonical(*family.resolve("ce", {"classes": classes}))[1]
    assert proved.kind == "prove" and proved.title == family.LOSSES["ce"].title
    n = proved.notation
    assert proved.statement.variables == (n.z,)
    assert [type(p) for p in proved.statement.properties] == [Convex, NotStrictlyConvex]
    label = OneHotLabel(n.y, 0) if classes is not None else SimplexLabel(n.y)
    assert proved.statement.premises == derived.statement.premises == (RealSpace(n.z), label)


@EVERY_PROOF
def test_step_keys_are_unique(kind, classes):
    keys = [step.key for step in built(kind, classes).steps]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("classes", CLASSES, ids=lambda value: "every-K" if value is None else str(value))
def test_derive_is_the_first_part_of_prove(classes):
    derived = [(step.key, step.claim) for step in built("derive", classes).steps[:-1]]  # less its conclusion
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
    proof = prove(3, label)
    assert proof.verdict == "proved", proof.first_failure
    assert proof.notation.label == label
    assert OneHotLabel(proof.notation.y, label) in proof.statement.premises


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
