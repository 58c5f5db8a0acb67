"""Fractional powers in the kernel: b^{p/q} is a number where b is shown > 0, or b ≥ 0 for p/q > 0 (the norm
√(a² + h²) is 0 at the origin); the Laurent engine reads b^{p/q} as a power of its own atom b^{1/q}; intervals
take b^{p/q} of a base in [0, h]. Nothing here lets a non-smooth point pass the second-order condition: each
derivative of √(a² + h²) divides by it, which no step shows ≠ 0."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from sympy import Abs, Integer, Rational, sqrt

from ceproof.expr.parse import parse
from ceproof.expr.proof import hessian_proof, refutation
from ceproof.kernel.algebra.intervals import NotEvaluable, evaluate
from ceproof.kernel.algebra.laurent import from_sympy
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.claims import Conclusion, Definition, DerivativeEquality
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import PositiveReal, RealSpace
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.statement import Convex, Statement
from ceproof.kernel.verify import verify

a, h = sympy.symbols("a h", real=True)
L = sympy.Symbol("L")


def defined(function, domain=RealSpace) -> bool:
    """Whether 'function is convex' on the domain is a well-formed statement (its first step then checks)."""
    statement = Statement(L, function, (a, h), (domain(a), domain(h)), (Convex((a, h)),))
    steps = (Step("1", "L", Definition(L, function), uses=("A1", "A2")), Step("2", "conclusion", Conclusion(),
                                                                             uses=("1",)))
    results = verify(Proof(statement, Notation(2), steps))
    return "fractional power" not in results[0].detail and "divides by" not in results[0].detail


@pytest.mark.parametrize("function, expected", [
    (sqrt(a ** 2 + h ** 2), True), ((a ** 2 + h ** 2) ** Rational(3, 2), True), (sqrt(Abs(a)), True),
    ((a ** 2 + h ** 2) ** Rational(-1, 2), False), (sqrt(a), False), (sqrt(a ** 2 - 1), False),
    (sqrt(a * h), False), ((a - h) ** Rational(1, 3), False)])
def test_a_fractional_power_is_defined_of_a_base_shown_positive_or_nonnegative_for_a_positive_exponent(
        function, expected):
    assert defined(function) is expected


def test_on_positive_variables_every_fractional_power_of_them_is_defined():
    assert defined(a ** Rational(-3, 2) + sqrt(a * h), PositiveReal)


def test_the_gradient_of_a_norm_divides_by_it_and_is_refused():
    """∂√(a² + h²) = (a, h)/√(a² + h²), true away from 0 but not at it: no step shows the divisor ≠ 0."""
    norm = sqrt(a ** 2 + h ** 2)
    j = Notation(2).indices[1]
    gradient = IndexedArray((2,), (j,), (a * sympy.KroneckerDelta(j, 0) + h * sympy.KroneckerDelta(j, 1)) / norm)
    statement = Statement(L, norm, (a, h), (RealSpace(a), RealSpace(h)), (Convex((a, h)),))
    steps = (Step("1", "L", Definition(L, norm), uses=("A1", "A2")),
             Step("2", "g", DerivativeEquality(norm, 1, gradient, of=L, variables=(a, h)), uses=("1", "A1", "A2")),
             Step("3", "conclusion", Conclusion(), uses=("2",)))
    results = verify(Proof(statement, Notation(2), steps))
    assert results[1].status == "failed" and "divides by a**2 + h**2" in results[1].detail


def test_the_laurent_engine_reads_a_fractional_power_as_a_power_of_its_root():
    x = sympy.Symbol("x", positive=True)
    assert (from_sympy(x ** Rational(3, 2)) - from_sympy(sympy.Pow(sqrt(x), 3, evaluate=False))).is_zero()
    assert (from_sympy(x ** Rational(-1, 2) * x ** Rational(3, 2)) - from_sympy(x)).is_zero()  # SymPy makes it x
    assert (from_sympy((sqrt(x) + 1) ** 2) - from_sympy(x + 2 * sqrt(x) + 1)).is_zero()  # a base's powers add
    assert (from_sympy(x ** Rational(1, 3) * x ** Rational(1, 2)) - from_sympy(x ** Rational(5, 6))).is_zero()
    assert not (from_sympy(x ** Rational(1, 3)) - from_sympy(x ** Rational(1, 2))).is_zero()


@pytest.mark.parametrize("value, low_is_zero", [(0, True), (Fraction(9, 4), False)])
def test_an_interval_takes_a_root_of_a_base_that_may_be_zero(value, low_is_zero):
    x = evaluate(sqrt(Abs(a)), {a: value}, 64)
    assert (x.a == 0) is low_is_zero and x.b >= sympy.sqrt(sympy.Rational(value)).evalf(30) - 1e-15


def test_an_interval_refuses_a_root_of_a_base_below_zero_and_a_negative_power_of_zero():
    with pytest.raises(NotEvaluable):
        evaluate(sqrt(a - 1), {a: 0}, 64)
    with pytest.raises(NotEvaluable):
        evaluate(Abs(a) ** Rational(-1, 2), {a: 0}, 64)


@pytest.mark.parametrize("text, positive", [("-sqrt(x)", ("x",)), ("x**(3/2)", ("x",)), ("1/sqrt(x)", ("x",)),
                                            ("x**1.5 + y**2", ("x",)), ("x**(5/3) + 1/x", ("x",))])
def test_a_fractional_power_of_a_positive_variable_is_proved_by_the_second_order_condition(text, positive):
    proof, _ = hessian_proof(parse(text, positive=positive))
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("text, positive", [("sqrt(x)", ("x",)), ("x**(1/3)", ("x",)), ("sqrt(abs(x))", ()),
                                            ("sqrt(abs(x)) + x**2", ())])
def test_a_concave_root_is_refused_with_a_checked_counterexample(text, positive):
    proof, _ = refutation(parse(text, positive=positive))
    assert [r.status for r in verify(proof)][-1] == "verified"


@pytest.mark.parametrize("entry", [lambda j: sqrt(a ** 2 + j), lambda j: (a ** 2 + j) ** Rational(3, 2),
                                   lambda j: sqrt(j + 2) * a, lambda j: sqrt(a + j + 1)],
                         ids=["sqrt(a**2 + j)", "(a**2 + j)**(3/2)", "sqrt(j + 2)*a", "sqrt(a + j + 1)"])
def test_a51_1_a_fractional_power_of_an_entry_is_not_spread_over_its_value(entry):
    """A51-1: the gradient of a²/2 claimed as √(a² + j) over one entry (j = 0: √(a²) = |a|, false at a = −1) was
    VALID: the index path read the atom a² + j at j = 0 as a² and multiplied its exponent 2 by 1/2 (bʳˢ for (bʳ)ˢ).
    A fractional power of an entry is now taken only when the entry's value is a single unknown; √(j + 2)·a (a
    float coefficient, √2) and a fractional power of a sum crashed there (A51-1b)."""
    from ceproof.kernel.statement import Derivative

    j = Notation(2).indices[1]
    claimed = IndexedArray((1,), (j,), entry(j))
    f = a ** 2 / 2
    statement = Statement(L, f, (a,), (RealSpace(a),), (Derivative(L, 1, claimed, (a,)),))
    steps = (Step("1", "L", Definition(L, f), uses=("A1",)),
             Step("2", "g", DerivativeEquality(f, 1, claimed, of=L, variables=(a,)), uses=("1", "A1")),
             Step("3", "conclusion", Conclusion(), uses=("2",)))
    results = verify(Proof(statement, Notation(2), steps))
    assert results[1].status == "failed" and results[-1].status == "failed"
