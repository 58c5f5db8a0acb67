"""The interval evaluator: known values lie in tight intervals, unknown nodes and domain errors are refused."""

from decimal import Decimal
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import iv
from sympy import Abs, E, Max, Rational, exp, log, sqrt, tanh

from ceproof.kernel.algebra.intervals import NotEvaluable, chord, decimal_text, evaluate, to_decimal, upper_below

x, y = sympy.symbols("x y", real=True)
BITS = 128


def ends(interval) -> tuple:
    """The exact endpoints of an iv interval, as Fractions."""
    return tuple(Fraction(*mpmath.libmp.to_rational(end)) for end in interval._mpi_)


def assert_encloses(interval, reference, width=Fraction(1, 2 ** 100)):
    """``reference`` (an mpmath value at 200 digits, or a Fraction) lies inside; the interval is tight."""
    low, high = ends(interval)
    with mpmath.workdps(200):
        value = mpmath.mpf(reference.numerator) / reference.denominator if isinstance(reference, Fraction) else reference
        assert mpmath.mpf(low.numerator) / low.denominator <= value <= mpmath.mpf(high.numerator) / high.denominator
    assert high - low <= width * max(1, abs(low))


@pytest.mark.parametrize("expr, binding, reference", [
    (exp(x), {x: 1}, lambda: mpmath.e),
    (log(x), {x: 2}, lambda: mpmath.log(2)),
    (tanh(x), {x: Fraction(1, 3)}, lambda: mpmath.tanh(mpmath.mpf(1) / 3)),
    (tanh(x), {x: -40}, lambda: mpmath.tanh(-40)),
    (sqrt(x), {x: 2}, lambda: mpmath.sqrt(2)),
    (x ** Rational(-3, 2), {x: 5}, lambda: mpmath.mpf(5) ** (-1.5)),
    (log(1 + exp(-x * y)), {x: 1, y: 1}, lambda: mpmath.log(1 + mpmath.exp(-1))),
    (E * x, {x: Fraction(1, 7)}, lambda: mpmath.e / 7),
    (exp(-x), {x: 2000}, lambda: mpmath.exp(-2000)),
], ids=["exp", "log", "tanh", "tanh-far", "sqrt", "rational-power", "logistic", "E", "tiny"])
def test_known_values_lie_in_tight_intervals(expr, binding, reference):
    with mpmath.workdps(200):
        value = reference()
    assert_encloses(evaluate(expr, binding, BITS), value)


@pytest.mark.parametrize("expr, binding, value", [
    (Rational(1, 3), {}, Fraction(1, 3)),
    (x ** 2 - 2 * x * y, {x: Fraction(-3, 2), y: 4}, Fraction(57, 4)),
    (Max(0, x), {x: -1}, Fraction(0)),
    (Max(0, x), {x: Fraction(5, 2)}, Fraction(5, 2)),
    (Abs(x), {x: Fraction(-3, 2)}, Fraction(3, 2)),
    (1 / x, {x: -7}, Fraction(-1, 7)),
    (exp(x), {x: 0}, Fraction(1)),
    (tanh(x), {x: 0}, Fraction(0)),
], ids=["rational", "polynomial", "relu-off", "relu-on", "abs", "reciprocal", "exp0", "tanh0"])
def test_exact_values(expr, binding, value):
    assert_encloses(evaluate(expr, binding, BITS), value)


@pytest.mark.parametrize("expr, binding, message", [
    (sympy.Float(0.5) * x, {x: 1}, "Float"),
    (sympy.sin(x), {x: 1}, "sin"),
    (sympy.Function("g")(x), {x: 1}, "g"),
    (sympy.Derivative(sympy.Function("g")(x), x), {x: 1}, "Derivative"),
    (sympy.Heaviside(x), {x: 1}, "Heaviside"),
    (sympy.pi * x, {x: 1}, "Pi"),
    (x + y, {x: 1}, "no value"),
    (log(x), {x: 0}, "not shown > 0"),
    (log(x), {x: -1}, "not shown > 0"),
    (1 / x, {x: 0}, "may be 0"),
    (x ** Rational(1, 2), {x: -4}, "not shown > 0"),
    (x ** y, {x: 2, y: 3}, "not a rational"),
    (x, {x: 0.5}, "exact rational"),
    (x, {x: True}, "exact rational"),
], ids=["float", "sin", "undefined-function", "derivative", "heaviside", "pi", "unbound", "log0", "log-negative",
        "divide-by-0", "root-of-negative", "symbolic-exponent", "float-value", "bool-value"])
def test_unknown_nodes_and_domain_errors_are_refused(expr, binding, message):
    with pytest.raises(NotEvaluable, match=message):
        evaluate(expr, binding, BITS)


def test_an_interval_containing_zero_is_not_inverted():
    """1/(x − y) where the rounding of x − y might straddle 0: refused, not [−∞, ∞]."""
    with pytest.raises(NotEvaluable):
        evaluate(1 / (x - Rational(1, 3)), {x: Fraction(1, 3)}, BITS)


def test_the_global_precision_is_restored():
    before = iv.prec
    evaluate(exp(x), {x: 1}, 512)
    with pytest.raises(NotEvaluable):
        evaluate(log(x), {x: -1}, 512)
    assert iv.prec == before


def test_more_bits_give_a_narrower_interval():
    low, high = ends(evaluate(exp(x), {x: 1}, 64))
    low2, high2 = ends(evaluate(exp(x), {x: 1}, 256))
    assert low <= low2 and high2 <= high and high2 - low2 < high - low


def test_chord_combines_intervals_with_an_exact_weight():
    a, b = evaluate(Rational(1), {}, BITS), evaluate(Rational(4), {}, BITS)
    assert_encloses(chord(Fraction(1, 3), a, b, BITS), Fraction(3))


def test_upper_below_is_strict():
    one = evaluate(Rational(1), {}, BITS)
    assert not upper_below(one, one)
    assert upper_below(one, evaluate(exp(x), {x: Fraction(1, 10 ** 30)}, BITS))
    assert not upper_below(one, evaluate(exp(x), {x: Fraction(1, 10 ** 60)}, BITS))  # too close for 128 bits


@settings(max_examples=200, deadline=None)
@given(st.fractions(min_value=-10 ** 6, max_value=10 ** 6, max_denominator=10 ** 9), st.integers(2, 30))
def test_decimal_bounds_are_rounded_outward(value, digits):
    interval = evaluate(x, {x: value}, BITS)
    shown = to_decimal(interval, digits, BITS)
    assert shown.contains(value)
    low, high = ends(interval)
    assert Fraction(shown.low) <= low and high <= Fraction(shown.high)
    assert len(shown.low.as_tuple().digits) <= digits + 1


@settings(max_examples=100, deadline=None)
@given(st.fractions(min_value=-50, max_value=50, max_denominator=1000))
def test_exp_of_a_rational_encloses_the_high_precision_value(value):
    with mpmath.workdps(100):
        reference = mpmath.exp(mpmath.mpf(value.numerator) / value.denominator)
    shown = to_decimal(evaluate(exp(x), {x: value}, BITS), 15, BITS)
    with mpmath.workdps(100):
        assert mpmath.mpf(str(shown.low)) <= reference <= mpmath.mpf(str(shown.high))


def test_decimal_text():
    assert decimal_text(Decimal("0.500000000000000")) == "0.5"
    assert decimal_text(Decimal("100")) == "100"
    assert decimal_text(Decimal("-1.5E-12")) == "-1.5E-12"


@pytest.mark.parametrize("kind", ["chord", "curvature"])
def test_a20_1_an_exponential_of_a_huge_number_is_refused_not_computed_for_minutes(kind):
    """A20-1: h := exp(exp(z₀)) with a chord counterexample at z₀ = 1 500 000 made mpmath work at millions of
    bits for 114 s; the exponential of a number beyond ±2²⁰ is not evaluated, so the step fails at once."""
    import time

    from ceproof.kernel.claims import Counterexample, Definition
    from ceproof.kernel.notation import Notation
    from support import check

    n = Notation(3, 0)
    z0, z1, _ = n.entries(n.z)
    h = sympy.Symbol("h")
    f = exp(exp(z0))
    point = dict(x1=(sympy.Integer(1_500_000), sympy.Integer(0)), x2=(sympy.Integer(0), sympy.Integer(0)),
                 t=Rational(1, 2)) if kind == "chord" else dict(point=(sympy.Integer(1_500_000), sympy.Integer(0)),
                                                                direction=(sympy.Integer(1), sympy.Integer(0)))
    started = time.perf_counter()
    result = check(n, Counterexample(function=f, variables=(z0, z1), kind=kind, of=h, **point), Definition(h, f))
    assert result.status == "failed" and "beyond" in result.detail, result.detail
    assert time.perf_counter() - started < 10
    x = sympy.Symbol("x")
    assert evaluate(exp(exp(x)), {x: 10}, 64).a > 10 ** 9565  # large values still evaluate
    with pytest.raises(NotEvaluable, match="beyond"):
        evaluate(exp(x), {x: 2 ** 21}, 64)


def test_a21_1_a_value_beyond_2_to_the_2_21_is_refused_before_its_decimal_bounds_are_made():
    """A21-1: (e^{z₀} + 1)^64 at z₀ = 2²⁰ − 1 is cheap for mpmath, but its stated decimal bounds, about
    10^(2.9·10⁷) made exact, took minutes; every value the evaluator keeps is now below 2^(2^21)."""
    import time

    x = sympy.Symbol("x")
    started = time.perf_counter()
    with pytest.raises(NotEvaluable, match="beyond 2"):
        evaluate(-(exp(x) + 1) ** 64, {x: 2 ** 20 - 1}, 128)
    assert time.perf_counter() - started < 5
    assert evaluate(exp(x), {x: 2 ** 20}, 64).a > 0  # the largest exponential still evaluates


def test_a22_1_a_value_below_2_to_the_minus_2_21_is_refused_too():
    """A22-1: (e^{z₀} + 1)^(−64) at z₀ = 2²⁰ − 1 is about 2^(−10⁸): the round-21 bound looked only upward, and the
    decimal bounds of so small a number made 10^(2.9·10⁷) exact."""
    x = sympy.Symbol("x")
    with pytest.raises(NotEvaluable, match="beyond 2"):
        evaluate(-(exp(x) + 1) ** -64, {x: 2 ** 20 - 1}, 128)
    assert evaluate(exp(-x), {x: 2 ** 20}, 64).a > 0  # e^(−2²⁰) is still evaluated
