"""The cited pointwise maximum (Boyd 3.2.3): max(t₁, …, tₘ) is convex when each tₖ is affine in the variables or
convex by a used conclusion, |t| when t is affine; anything else — a product, a square inside |…|, a negated
convex function, a name whose convexity no used step shows — is refused, each a false "convex"."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Integer, Max, Rational

from ceproof.expr.composition import composition_proof
from ceproof.expr.parse import parse
from ceproof.kernel.citations import POINTWISE_MAXIMUM
from ceproof.kernel.claims import Cited, Conclusion, Definition
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import RealSpace
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.statement import Convex, Statement
from ceproof.kernel.verify import verify

a, h = sympy.symbols("a h", real=True)
L, F = sympy.Symbol("L"), sympy.Symbol("F")


def cite_max(function, *before, uses_domains=True):
    """'function is convex in (a, h)' by L := function and the pointwise maximum, after the steps ``before``."""
    statement = Statement(L, function.xreplace({F: -a ** 2}) if before else function, (a, h),
                          (RealSpace(a), RealSpace(h)), (Convex((a, h)),))
    steps = [*before]
    n = len(steps)
    domains = ("A1", "A2") if uses_domains else ()
    steps.append(Step(str(n + 1), "L", Definition(L, function), uses=("A1", "A2")))
    steps.append(Step(str(n + 2), "convex", Cited(POINTWISE_MAXIMUM, L, (a, h)),
                      uses=(str(n + 1), *[s.id for s in before], *domains)))
    steps.append(Step(str(n + 3), "conclusion", Conclusion(), uses=(str(n + 2),)))
    return verify(Proof(statement, Notation(2), tuple(steps)))


@pytest.mark.parametrize("function", [Max(a, h), Max(Integer(0), 1 - a), Abs(a - 2 * h), Max(a - h, Rational(1, 3)),
                                      Abs(Rational(1, 2) * a + 3)])
def test_a_maximum_of_affine_functions_is_convex(function):
    assert cite_max(function)[-1].status == "verified"


@pytest.mark.parametrize("function", [Max(a * h, 0), Abs(a ** 2 - 1), Max(-a ** 2, a), Abs(Abs(a) - 1),
                                      Max(a, sympy.exp(-a))])
def test_a_maximum_of_something_not_convex_is_refused(function):
    assert cite_max(function)[-1].status == "failed"


def test_a_named_argument_needs_a_used_conclusion_of_its_convexity():
    before = (Step("1", "F", Definition(F, -a ** 2), uses=("A1", "A2")),)
    assert cite_max(Max(F, a), *before)[-1].status == "failed"


def test_the_domain_must_be_used():
    assert cite_max(Max(a, h), uses_domains=False)[-1].status == "failed"


@pytest.mark.parametrize("text", ["abs(x)", "max(0, 1 - x)", "max(x, y)", "abs(x - y) + abs(x)",
                                  "max(x, 0) + 0.1*x**2", "2*abs(x) + softplus(y) + 3"])
def test_the_composition_route_is_verified_by_the_kernel(text):
    proof, _ = composition_proof(parse(text))
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("function", [Max(a, h, 0), Max(a, h, 1 - a, 2 * h + 1), Max(Integer(0), 1 + h - a, 1 + a - h)])
def test_a_maximum_of_up_to_four_affine_functions_is_convex(function):
    """The multiclass hinge max(0, 1 + z₁ − z₀, 1 + z₂ − z₀) and the like: up to four arguments."""
    assert cite_max(function)[-1].status == "verified"


def test_a_maximum_of_five_or_of_large_polynomials_is_refused():
    """SymPy compares a Max's arguments in pairs: five are refused, and so are three whose comparison would cost over
    2 000 units (pairs × nodes and terms multiplied out)."""
    assert "at most" in cite_max(Max(a, h, 1 - a, 2 * h + 1, 3 * a - h + 7))[0].detail
    big = (a + h + 1) ** 25  # 351 terms multiplied out, three times, compared in 3 pairs: over 2 000
    assert "at most" in cite_max(Max(big, big + a, big + h))[0].detail


@pytest.mark.parametrize("text, options", [("max(x, y, 0)", {}), ("max(x**2, y**2, 1)", {})])
def test_the_composition_route_proves_a_maximum_of_three(text, options):
    proof, _ = composition_proof(parse(text, **options))
    assert [r.status for r in verify(proof)][-1] == "verified"
