"""A scalar variable on (0, ∞) (premises.PositiveReal): its premise gives x > 0 to the steps that use it, a
refutation's points must lie in it (a³ is convex on (0, ∞) though it curves down at −1), and it is a premise
about a real symbol only."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from sympy import Integer, Rational

from ceproof.expr.parse import parse
from ceproof.expr.proof import hessian_proof, refutation
from ceproof.kernel.citations import CONVEXITY_DEFINITION
from ceproof.kernel.claims import Cited, Conclusion, Counterexample, Definition
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import PositiveReal, RealSpace
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.statement import NotConvex, Statement
from ceproof.kernel.verify import verify

a = sympy.Symbol("a", real=True)
L = sympy.Symbol("L")


def refute_cube(domain=PositiveReal, **example):
    """'a³ is not convex' on (0, ∞) — false — or on ℝ — true —, with the counterexample given."""
    statement = Statement(L, a ** 3, (a,), (domain(a),), (NotConvex((a,)),))
    steps = (Step("1", "L", Definition(L, a ** 3), uses=("A1",)),
             Step("2", "example", Counterexample(function=a ** 3, variables=(a,), of=L, **example), uses=("1",)),
             Step("3", "not-convex", Cited(CONVEXITY_DEFINITION, L, (a,)), uses=("2", "A1")),
             Step("4", "conclusion", Conclusion(), uses=("3",)))
    return verify(Proof(statement, Notation(2), steps))


@pytest.mark.parametrize("example", [
    {"kind": "curvature", "point": (Integer(-1),), "direction": (Integer(1),)},
    {"kind": "curvature", "point": (Rational(-1, 2),), "direction": (Integer(3),)},
    {"kind": "chord", "x1": (Integer(-2),), "x2": (Integer(1),), "t": Rational(1, 2)},
])
def test_a_counterexample_outside_the_positive_domain_refutes_nothing(example):
    results = refute_cube(**example)
    assert results[1].status == "verified"  # a³ does curve down there, on ℝ
    assert refute_cube(RealSpace, **example)[-1].status == "verified"  # and refutes convexity on ℝ
    assert results[-1].status == "failed" and "outside the domain" in results[2].detail


@pytest.mark.parametrize("text", ["log(x)", "sqrt(x)", "x**3 - x**4"])
def test_a_refutation_at_positive_points_is_verified(text):
    proof, _ = refutation(parse(text, positive=("x",)))
    assert isinstance(proof.statement.premises[0], PositiveReal)
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("text, positive", [("x*log(x/y)", ("x", "y")), ("x**2/y", ("y",)), ("-log(x)", ("x",)),
                                            ("1/x", ("x",)), ("x*log(x) - x", ("x",))])
def test_a_convex_loss_on_positive_variables_is_proved(text, positive):
    proof, _ = hessian_proof(parse(text, positive=positive))
    assert [r.status for r in verify(proof)][-1] == "verified"


def test_the_same_proof_on_the_whole_line_fails():
    proof, _ = hessian_proof(parse("1/x", positive=("x",)))
    real = dataclasses.replace(proof.statement, premises=tuple(RealSpace(p.subject) for p in proof.statement.premises))
    assert [r.status for r in verify(Proof(real, proof.notation, proof.steps))][-1] == "failed"


@pytest.mark.parametrize("subject", [Notation(2).z, Notation(2).concrete(Notation(2).z[0])])
def test_a_positive_real_premise_is_about_a_real_symbol_only(subject):
    statement = Statement(L, a ** 2, (subject,), (PositiveReal(subject),), (NotConvex((subject,)),))
    proof = Proof(statement, Notation(2), (Step("1", "L", Definition(L, a ** 2), uses=("A1",)),))
    assert verify(proof)[-1].status == "failed"
