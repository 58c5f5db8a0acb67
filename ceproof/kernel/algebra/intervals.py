"""Rigorous interval evaluation of SymPy expressions at exact rational points (mpmath's ``iv``).

``evaluate(expr, binding, bits)`` walks the expression tree itself: only the node kinds in
``_NODES`` are known (sums, products, powers with a rational exponent, exp, log, tanh, Abs,
Max, rationals and bound symbols). Anything else — a Float, an unknown function, an unevaluated
derivative, a symbol without a value — is refused with :class:`NotEvaluable`, never
approximated. Every operation rounds outward, so the true value lies in the result.

``to_decimal`` rounds an interval outward to a few significant decimal digits, again
rigorously, so the bounds a proof shows are the very bounds it compared (exactly, as decimals).
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache, reduce

import sympy
from mpmath import iv
from mpmath.libmp import finf, fnan, fninf, mpf_ceil, mpf_cmp, mpf_floor, mpf_neg, to_int

from ..text import shown_text

LOG10_2 = 0.30102999566398120


class NotEvaluable(ValueError):
    """The expression is not in the evaluator's whitelist, or leaves the domain at this point."""


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high] with exact decimal endpoints."""

    low: Decimal
    high: Decimal

    def __str__(self) -> str:
        return f"[{decimal_text(self.low)}, {decimal_text(self.high)}]"

    def below(self, other: "Interval") -> bool:
        """Every point of ``self`` is strictly below every point of ``other`` (exact comparison)."""
        return self.high < other.low

    def contains(self, value) -> bool:
        """``value`` (an int, Fraction or Decimal) lies in the interval (exact comparison)."""
        value = Fraction(value)
        return Fraction(self.low) <= value <= Fraction(self.high)


@contextmanager
def precision(bits: int):
    """Work at ``bits`` bits in mpmath's ``iv`` context (a process-wide setting), then restore it."""
    previous = iv.prec
    iv.prec = bits
    try:
        yield
    finally:
        iv.prec = previous


def evaluate(expr: sympy.Basic, binding: dict, bits: int, standing_for: dict | None = None):
    """An ``iv.mpf`` interval that contains ``expr`` with each symbol set to its exact value.

    ``binding`` maps SymPy symbols to exact rationals (int, Fraction or sympy.Rational); ``standing_for``
    maps a symbol that stands for a subexpression to it, evaluated in its place (once, however often
    the symbol occurs).
    """
    with precision(bits):
        values = {symbol: _exact(value, f"the value of {symbol}") for symbol, value in binding.items()}
        return _Evaluator(values, standing_for or {}).value(expr)


SIGN_PRECISIONS = (64, 512, 4096)
"""Bits tried in turn to separate a constant from 0: e¹⁰⁰(1 + e⁻¹⁰⁰) − e¹⁰⁰ − 1 needs about 300."""


def sign_of_constant(expr: sympy.Expr):
    """+1 or −1 when a rigorous interval around the constant ``expr`` excludes 0, else None (it may be 0,
    or it is not evaluable). SymPy's own ``is_positive`` of a constant trusts a 2-digit float, which
    cancellation ruins."""
    for bits in SIGN_PRECISIONS:
        try:
            x = evaluate(expr, {}, bits)
        except (NotEvaluable, ValueError, ZeroDivisionError, OverflowError):
            return None
        if _positive(x):
            return 1
        if upper_below(x, iv.zero):
            return -1
    return None


def is_constant(e) -> bool:
    """A finite number SymPy would judge by floating point: no symbol, no entry, not an exact rational."""
    return (isinstance(e, sympy.Expr) and not e.is_Rational and not e.free_symbols
            and not e.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo))


@lru_cache(maxsize=4096)
def constant_stand_in(e: sympy.Expr) -> sympy.Dummy:
    """The symbol that stands for the constant ``e`` wherever the kernel meets it (one per constant, so
    both sides of an identity share it), carrying only the sign interval arithmetic proves: SymPy then
    never judges e¹⁰⁰(1 + e⁻¹⁰⁰) − e¹⁰⁰ − 1 by a float, nor simplifies |c|, ⌊c⌋ or δ(c, 0) by one."""
    sign = sign_of_constant(e)
    return sympy.Dummy("constant", **({"positive": True} if sign == 1 else {"negative": True} if sign == -1 else {}))


def chord(t: Fraction, a, b, bits: int):
    """t·a + (1 − t)·b for intervals ``a``, ``b`` and an exact rational ``t``."""
    with precision(bits):
        return _exact(t, "t") * a + _exact(1 - t, "1 - t") * b


def to_decimal(x, digits: int, bits: int) -> Interval:
    """The interval ``x`` rounded outward to ``digits`` significant decimal digits (still rigorous)."""
    with precision(bits):
        low, high = x._mpi_
        return Interval(_round(low, digits, up=False), _round(high, digits, up=True))


def decimal_text(value: Decimal) -> str:
    """``value`` as a decimal string, without trailing zeros after the point (0.50 -> 0.5)."""
    text = str(value)
    if "." in text and "E" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def is_finite(x) -> bool:
    return not any(end in (finf, fninf, fnan) for end in x._mpi_)


def upper_below(x, y) -> bool:
    """The upper end of interval ``x`` is strictly below the lower end of ``y`` (exact, in binary)."""
    return is_finite(x) and is_finite(y) and mpf_cmp(x._mpi_[1], y._mpi_[0]) < 0


# ---------------------------------------------------------------- the evaluator

def _exact(value, what: str):
    """An exact rational as a rigorous interval (p/q rounds outward when it is not a binary fraction)."""
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, sympy.Rational)):
        raise NotEvaluable(f"{what} must be an exact rational, not {type(value).__name__} {value!r}")
    value = Fraction(int(value.p), int(value.q)) if isinstance(value, sympy.Rational) else Fraction(value)
    numerator = iv.mpf(value.numerator)
    return numerator if value.denominator == 1 else numerator / iv.mpf(value.denominator)


class _Evaluator:
    """One evaluation: the symbol values, and a memo so that a shared subtree is evaluated once."""

    def __init__(self, values: dict, standing_for: dict | None = None):
        self.values = values
        self.standing_for = standing_for or {}
        self.memo: dict = {}

    def value(self, expr):
        found = self.memo.get(expr)
        if found is None:
            handler = next((h for kind, h in _NODES if isinstance(expr, kind)), None)
            if handler is None:
                raise NotEvaluable(f"cannot evaluate a {type(expr).__name__} ({shown_text(expr, 80)}): "
                                   "not a known kind of expression")
            found = handler(self, expr)
            if not is_finite(found):
                raise NotEvaluable(f"{shown_text(expr, 80)} is unbounded at this point")
            if any(abs(end[2] + end[3]) > MAX_MAGNITUDE_BITS for end in found._mpi_ if end[1]):
                raise NotEvaluable(f"{shown_text(expr, 80)} is beyond 2^±{MAX_MAGNITUDE_BITS} at this point")
            self.memo[expr] = found
        return found

    def args(self, expr) -> list:
        return [self.value(a) for a in expr.args]


def _symbol(ev: _Evaluator, expr):
    if expr in ev.standing_for:
        return ev.value(ev.standing_for[expr])
    if expr not in ev.values:
        raise NotEvaluable(f"the symbol {expr} has no value")
    return ev.values[expr]


def _power(ev: _Evaluator, expr):
    base, exponent = expr.args
    if not isinstance(exponent, sympy.Rational):
        raise NotEvaluable(f"the exponent of {shown_text(expr, 80)} is not a rational number")
    x = ev.value(base)
    if exponent.is_Integer:
        if exponent < 0 and _contains_zero(x):
            raise NotEvaluable(f"{shown_text(base, 80)} may be 0, so its power {exponent} is undefined")
        return x ** int(exponent)
    if _positive(x):
        return _exp(_exact(exponent, "the exponent") * iv.log(x))
    if exponent > 0 and mpf_cmp(x._mpi_[0], iv.zero._mpi_[0]) == 0:  # b in [0, h]: b^p in [0, h^p], p > 0
        high = iv.mpf(x.b)
        top = _exp(_exact(exponent, "the exponent") * iv.log(high)) if _positive(high) else iv.zero
        return iv.mpf([0, top.b])
    raise NotEvaluable(f"{shown_text(base, 80)} is not shown > 0, so its power {exponent} is not evaluated")


MAX_MAGNITUDE_BITS = 2 ** 21
"""Largest binary exponent, up or down, of a non-zero value the evaluator keeps (2^(−2^21) < |x| < 2^(2^21), about
630 000 decimal digits either way; a value as small as 2^(−10⁸) had 10^(2.9·10⁷) made exact too, A22-1):
(e^{z₀} + 1)^64 at z₀ = 2^20 − 1 is cheap as mantissa and exponent, but its decimal bounds, 10^(2.9·10⁷) made
exact, took minutes (A21-1). e^(2^20), the largest exponential evaluated, is about 2^1 500 000."""

MAX_EXP_ARGUMENT = 2 ** 20
"""Largest |x| whose exponential is evaluated: e^x is then a number of about 1.5 million bits' magnitude,
cheap as mantissa and exponent; the exponential of that (exp(exp(z₀)) at z₀ = 1 500 000) makes mpmath work at
millions of bits for minutes (A20-1)."""


def _exp(x):
    """e^x for an interval x, refused when |x| may exceed MAX_EXP_ARGUMENT."""
    low, high = x._mpi_
    bound = iv.mpf(MAX_EXP_ARGUMENT)._mpi_[0]
    if mpf_cmp(high, bound) > 0 or mpf_cmp(low, mpf_neg(bound)) < 0:
        raise NotEvaluable("the exponential of a number beyond ±2^20 is not evaluated")
    return iv.exp(x)


def _log(ev: _Evaluator, expr):
    x = ev.value(expr.args[0])
    if not _positive(x):
        raise NotEvaluable(f"the argument of {shown_text(expr, 80)} is not shown > 0")
    return iv.log(x)


def _tanh(ev: _Evaluator, expr):
    """tanh x = 1 − 2/(e^{2x} + 1): x occurs once and each operation is monotone, so this is tight."""
    x = ev.value(expr.args[0])
    return 1 - 2 / (_exp(2 * x) + 1)


def _max(ev: _Evaluator, expr):
    """max of intervals: the largest lower end and the largest upper end (exact, no rounding)."""
    ends = [x._mpi_ for x in ev.args(expr)]
    low = reduce(lambda a, b: a if mpf_cmp(a, b) >= 0 else b, (e[0] for e in ends))
    high = reduce(lambda a, b: a if mpf_cmp(a, b) >= 0 else b, (e[1] for e in ends))
    return iv.make_mpf((low, high))


def _contains_zero(x) -> bool:
    low, high = x._mpi_
    return mpf_cmp(low, iv.zero._mpi_[0]) <= 0 <= mpf_cmp(high, iv.zero._mpi_[0])


def _positive(x) -> bool:
    return mpf_cmp(x._mpi_[0], iv.zero._mpi_[0]) > 0


_NODES = (
    (sympy.Rational, lambda ev, e: _exact(e, "a constant")),  # Integer, Half, One, … are Rationals
    (sympy.Symbol, _symbol),  # Dummy is a Symbol
    (sympy.Add, lambda ev, e: reduce(lambda a, b: a + b, ev.args(e))),
    (sympy.Mul, lambda ev, e: reduce(lambda a, b: a * b, ev.args(e))),
    (sympy.Pow, _power),
    (sympy.exp, lambda ev, e: _exp(ev.value(e.args[0]))),
    (sympy.log, _log),
    (sympy.tanh, _tanh),
    (sympy.Abs, lambda ev, e: abs(ev.value(e.args[0]))),
    (sympy.Max, _max),
    (type(sympy.E), lambda ev, e: iv.exp(iv.mpf(1))),  # exp(1) is stored as the constant E
)


# ---------------------------------------------------------------- decimal bounds

def _round(end: tuple, digits: int, up: bool) -> Decimal:
    """An mpf endpoint rounded to ``digits`` significant decimals, down (or ``up``), rigorously:
    end/10^k is enclosed by interval arithmetic and its floor (ceiling) taken exactly."""
    sign, mantissa, exponent, _ = end
    if mantissa == 0:
        if end in (finf, fninf, fnan):
            raise NotEvaluable("an interval end is not finite")
        return Decimal(0)
    magnitude = math.floor((mantissa.bit_length() + exponent - 1) * LOG10_2)  # ≈ floor(log10 |end|)
    k = magnitude - (digits - 1)
    scaled = iv.make_mpf((end, end)) * iv.mpf(10) ** (-k)  # encloses end / 10^k, about `digits` digits
    low, high = scaled._mpi_
    whole = to_int(mpf_ceil(high) if up else mpf_floor(low))
    return Decimal(f"{whole}E{k}")  # exact: Decimal arithmetic (scaleb) would round to the context's 28 digits
