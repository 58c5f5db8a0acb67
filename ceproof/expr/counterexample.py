"""The refutation route's search for a loss the user typed: a rational point and direction where the curvature
d²/ds² f(x + s·d) at s = 0 is negative, or, for a function with kinks, a chord below the function. Untrusted and
numeric (mpmath at 40 digits): the kernel certifies what it finds by interval arithmetic, or refuses it.

The search is deterministic (a fixed grid of small rationals, then a seeded random walk), so the same command
prints the same counterexample.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import mpmath
import sympy

from .hessian import hessian

DIGITS = 40
"""Working precision of the search, in decimal digits."""
GRID = (Fraction(-2), Fraction(-1), Fraction(-1, 2), Fraction(0), Fraction(1, 2), Fraction(1), Fraction(2))
"""Coordinates tried first, each variable over these (positive variables over the positive ones)."""
MAX_GRID_POINTS = 400
"""Most grid points tried before the random walk."""
RANDOM_POINTS = 300
"""Points of the seeded random walk."""
MARGIN = mpmath.mpf("1e-12")
"""A curvature or chord gap below this is not reported (the kernel's intervals must separate it)."""


KINKS = (sympy.Abs, sympy.Max, sympy.Min, sympy.sign, sympy.Heaviside, sympy.floor, sympy.ceiling)
"""Functions whose second derivative does not exist everywhere: their loss is refuted by a chord."""


@dataclass(frozen=True)
class Curvature:
    """d²/ds² f(point + s·direction) < 0 at s = 0; ``value`` is the numeric curvature found."""

    point: tuple
    direction: tuple
    value: float


@dataclass(frozen=True)
class Chord:
    """f(t·x1 + (1 − t)·x2) > t·f(x1) + (1 − t)·f(x2); ``gap`` is the numeric excess found."""

    x1: tuple
    x2: tuple
    t: Fraction
    gap: float


def find_curvature(function: sympy.Expr, variables: tuple, positive: frozenset = frozenset()) -> Curvature | None:
    """A rational point and direction of negative curvature, or None."""
    if function.has(*KINKS):
        return None  # no Hessian where it has a kink, and none worth evaluating near it: try a chord
    matrix = hessian(function, variables)
    if matrix.has(sympy.Derivative, sympy.Subs):
        return None
    entries = sympy.lambdify(variables, matrix, "mpmath")
    with mpmath.workdps(DIGITS):
        for point in _points(variables, positive):
            try:
                H = mpmath.matrix(entries(*(mpmath.mpf(x.numerator) / x.denominator for x in point)))
                eigenvalues, vectors = mpmath.eigsy(H)
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue  # outside the domain, or not a real number there
            lowest = min(range(len(variables)), key=lambda k: eigenvalues[k])
            if eigenvalues[lowest] >= -MARGIN:
                continue
            direction = _rational_direction([vectors[r, lowest] for r in range(len(variables))])
            value = _curvature(H, direction)
            if value < -MARGIN:
                return Curvature(point, direction, float(value))
    return None


def find_chord(function: sympy.Expr, variables: tuple, positive: frozenset = frozenset()) -> Chord | None:
    """Rational points x1, x2 and t = 1/2 where the midpoint lies above the chord, or None."""
    f = sympy.lambdify(variables, function, "mpmath")
    half = Fraction(1, 2)
    with mpmath.workdps(DIGITS):
        points = list(_points(variables, positive))
        values = {}
        for point in points:
            try:
                value = f(*(mpmath.mpf(x.numerator) / x.denominator for x in point))
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue
            if isinstance(value, mpmath.mpf):
                values[point] = value
        known = list(values)
        for n, x1 in enumerate(known):
            for x2 in known[n + 1:n + 40]:
                middle = tuple((a + b) / 2 for a, b in zip(x1, x2))
                try:
                    value = f(*(mpmath.mpf(x.numerator) / x.denominator for x in middle))
                except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                    continue
                if not isinstance(value, mpmath.mpf):
                    continue
                gap = value - (values[x1] + values[x2]) / 2
                if gap > MARGIN:
                    return Chord(x1, x2, half, float(gap))
    return None


def _points(variables: tuple, positive: frozenset):
    """The grid (in a fixed order), then a seeded random walk over small rationals."""
    choices = [tuple(c for c in GRID if c > 0) if x in positive else GRID for x in variables]
    for count, point in enumerate(product(*choices)):
        if count >= MAX_GRID_POINTS:
            break
        yield point
    rng = random.Random(20261202)
    for _ in range(RANDOM_POINTS):
        yield tuple(Fraction(rng.randint(1 if x in positive else -12, 12), rng.choice((1, 2, 4)))
                    for x in variables)


def _rational_direction(vector) -> tuple:
    """The eigenvector as small integers (scaled by its largest entry, rounded to a 1/16 grid)."""
    largest = max(abs(x) for x in vector) or 1
    return tuple(Fraction(int(mpmath.nint(16 * x / largest)), 16) for x in vector)


def _curvature(H, direction) -> mpmath.mpf:
    d = [mpmath.mpf(x.numerator) / x.denominator for x in direction]
    n = len(d)
    return sum(d[i] * H[i, j] * d[j] for i in range(n) for j in range(n))
