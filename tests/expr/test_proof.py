"""Refutations of a typed loss assembled for the kernel (issue 13): the kernel verifies each (interval arithmetic
at the exact rational points found), a moved point fails it, a convex loss gets none, and the statement is in
the kernel's own names with a legend of what was renamed."""

from __future__ import annotations

import dataclasses

import pytest
import sympy

from ceproof.expr.parse import Variable, parse
from ceproof.expr.proof import kernel_names, refutation
from ceproof.kernel.claims import Counterexample
from ceproof.kernel.proof import Proof
from ceproof.kernel.verify import verify

REFUTED = [("log(1 + exp(-a*b))", {}), ("x**3", {}), ("sigmoid(x)", {}), ("x*y", {}), ("-abs(x)", {}),
           ("-max(x, y)", {}), ("sum((softmax(z) - 1)**2)", {"variables": (Variable("z", 3),)})]


@pytest.mark.parametrize("text,options", REFUTED)
def test_a_refutation_is_verified_by_the_kernel(text, options):
    proof, _ = refutation(parse(text, **options))
    assert [r.status for r in verify(proof)][-1] == "verified"
    assert proof.statement.kind == "refute"


def test_a_moved_counterexample_fails_in_the_kernel():
    proof, _ = refutation(parse("x**3"))
    steps = list(proof.steps)
    n = next(k for k, s in enumerate(steps) if isinstance(s.claim, Counterexample))
    claim = steps[n].claim
    moved = dataclasses.replace(claim, point=tuple(-p if p else sympy.Integer(1) for p in claim.point))
    steps[n] = dataclasses.replace(steps[n], claim=moved)
    results = verify(Proof(proof.statement, proof.notation, tuple(steps)))
    assert results[n].status == "failed" and results[-1].status == "failed"


@pytest.mark.parametrize("text", ["x**2 + y**2", "logsumexp(z)", "abs(x) + max(x, y)", "exp(x) + softplus(y)"])
def test_a_convex_loss_gets_no_refutation(text):
    options = {"variables": (Variable("z", 3),)} if "z" in text else {}
    assert refutation(parse(text, **options)) is None


def test_names_the_notation_takes_are_renamed_and_listed():
    renamed = kernel_names(parse("a*b + x*z[1] + theta", variables=(Variable("a"), Variable("b"), Variable("x"),
                                                                      Variable("z", 2), Variable("theta"))))
    assert [str(k) for k in renamed.kernel] == ["a", "h", "s", "f0", "f1", "theta"]
    assert renamed.legend() == (("b", "h"), ("x", "s"), ("z[0]", "f0"), ("z[1]", "f1"))


@pytest.mark.parametrize("text", ["x**2 + y**2", "(x - y)**2", "x**2 + x*y + y**2", "(a + 2*h)**2 + 3*a**2"])
def test_a_hessian_proof_of_a_convex_quadratic_is_verified_by_the_kernel(text):
    from ceproof.expr.proof import hessian_proof

    proof, _ = hessian_proof(parse(text))
    assert [r.status for r in verify(proof)][-1] == "verified"


def test_a_hessian_proof_with_a_wrong_square_fails_in_the_kernel():
    from ceproof.expr.proof import hessian_proof
    from ceproof.kernel.claims import NonNegative

    proof, _ = hessian_proof(parse("x**2 + x*y + y**2"))
    steps = list(proof.steps)
    n = next(k for k, s in enumerate(steps) if isinstance(s.claim, NonNegative))
    claim = steps[n].claim
    first = claim.certificate.terms[0]
    wrong = dataclasses.replace(first, square=first.square * 2)
    certificate = dataclasses.replace(claim.certificate, terms=(wrong, *claim.certificate.terms[1:]))
    steps[n] = dataclasses.replace(steps[n], claim=dataclasses.replace(claim, certificate=certificate))
    results = verify(Proof(proof.statement, proof.notation, tuple(steps)))
    assert results[n].status == "failed" and results[-1].status == "failed"


@pytest.mark.parametrize("text,options", [
    ("-log(exp(z[0])/(exp(z[0]) + exp(z[1]) + exp(z[2])))", {"variables": (Variable("z", 3),)}),
    ("log(1 + exp(-x))", {}), ("logsumexp(z)", {"variables": (Variable("z", 3),)}),
    ("exp(x + y) + exp(x - y)", {}), ("sum(softplus(z))", {"variables": (Variable("z", 3),)})])
def test_a_hessian_that_divides_by_a_sum_is_proved_with_s_standing_for_it(text, options):
    from ceproof.expr.proof import hessian_proof
    from ceproof.kernel.claims import Definition

    proof, _ = hessian_proof(parse(text, **options))
    assert [r.status for r in verify(proof)][-1] == "verified"
    assert any(isinstance(s.claim, Definition) and s.claim.lhs == proof.notation.S for s in proof.steps)


def test_a_wrong_multiple_of_s_minus_its_sum_fails_in_the_kernel():
    from ceproof.expr.proof import hessian_proof
    from ceproof.kernel.claims import NonNegative

    proof, _ = hessian_proof(parse("exp(x + y) + exp(x - y)"))  # LDLᵀ: the pivot e^{x+y} + e^{x−y} is S
    steps = list(proof.steps)
    n = next(k for k, s in enumerate(steps) if isinstance(s.claim, NonNegative))
    claim = steps[n].claim
    (constraint,) = claim.certificate.constraints
    for constraints in ((dataclasses.replace(constraint, multiplier=constraint.multiplier * 2),), ()):
        certificate = dataclasses.replace(claim.certificate, constraints=constraints)
        steps[n] = dataclasses.replace(steps[n], claim=dataclasses.replace(claim, certificate=certificate))
        results = verify(Proof(proof.statement, proof.notation, tuple(steps)))
        assert results[n].status == "failed" and results[-1].status == "failed"


@pytest.mark.parametrize("text", ["abs(x)", "max(x, y) + x**2", "max(0, 1 - x)**2"])
def test_no_decomposition_is_offered_for_a_kink(text):
    from ceproof.expr.proof import hessian_proof

    assert hessian_proof(parse(text)) is None


@pytest.mark.parametrize("text, options", [("exp(x)", {}), ("softplus(x)", {}), ("-log(x)", {"positive": ("x",)}),
                                           ("x**2 + y**2", {}), ("(x + 2*y - 1)**2 + 0.5*(x**2 + y**2)", {})])
def test_strict_convexity_is_proved_where_the_hessian_is_positive_definite(text, options):
    from ceproof.expr.proof import hessian_proof
    from ceproof.kernel.statement import StrictlyConvex

    proof, _ = hessian_proof(parse(text, **options), strict=True)
    assert isinstance(proof.statement.properties[0], StrictlyConvex)
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("text", ["x**4", "logsumexp(z)", "abs(x)"])
def test_no_strict_proof_is_offered_where_the_hessian_is_only_semidefinite(text):
    from ceproof.expr.proof import hessian_proof

    options = {"variables": (Variable("z", 3),)} if "z" in text else {}
    assert hessian_proof(parse(text, **options), strict=True) is None


def test_a_sum_inside_a_function_of_s_is_no_error_for_the_squares_search():
    """softplus(x)² has log S in its Hessian: the multiplier of S − D is not a polynomial in S there, and the
    search must go on without S rather than fail (it used to raise PolynomialError)."""
    from ceproof.expr.proof import hessian_proof

    proof, _ = hessian_proof(parse("softplus(x)**2"), strict=True)
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("text", ["(x**2 + 1)**(3/4)", "(x**4 + 1)**(1/4)", "(1 + exp(x))**(3/2)"])
def test_a_root_of_a_sum_with_a_second_derivative_of_one_sign_is_proved(text):
    """f'' of a fractional power of a sum is not a polynomial quotient the squares search can divide; a 1 × 1
    Hessian ≥ 0 over a common denominator ((3x² + 6)/(4(x² + 1)^{5/4})) is its own square's weight."""
    from ceproof.expr.proof import hessian_proof

    proof, _ = hessian_proof(parse(text))
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("text, positive", [("(x + y)**(3/2)", ("x", "y")), ("(x + 2*y + 1)**(5/2)", ("x", "y")),
                                            ("-(x*y)**(1/3)", ("x", "y"))])
def test_a_fractional_power_of_a_positive_sum_is_searched_as_a_positive_unknown(text, positive):
    """(x + y)^{−1/2} in the Hessian is R⁻¹ for a positive R in the squares search; the kernel checks the squares
    with the root written back."""
    from ceproof.expr.proof import hessian_proof

    proof, _ = hessian_proof(parse(text, positive=positive))
    assert [r.status for r in verify(proof)][-1] == "verified"


def test_a_weight_that_is_a_square_once_factored_is_given_factored():
    """cosh(x) − x²/2 has f'' = (1 − 2eˣ + e²ˣ)e⁻ˣ/2, which SymPy sees ≥ 0 only as (eˣ − 1)²e⁻ˣ/2."""
    from ceproof.expr.proof import hessian_proof

    proof, _ = hessian_proof(parse("cosh(x) - x**2/2"))
    assert [r.status for r in verify(proof)][-1] == "verified"


def test_negative_curvature_near_zero_on_a_positive_variable_is_found():
    """x² log x curves down only below e^{−3/2} ≈ 0.22: the search tries points near 0 on (0, ∞)."""
    proof, _ = refutation(parse("x**2*log(x)", positive=("x",)))
    assert [r.status for r in verify(proof)][-1] == "verified"
