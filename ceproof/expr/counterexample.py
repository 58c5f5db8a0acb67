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
"""Coordinates tried first, each variable over these (positive variables over POSITIVE_GRID)."""
POSITIVE_GRID = (Fraction(1, 2), Fraction(1), Fraction(2), Fraction(1, 8), Fraction(4), Fraction(1, 32))
"""Coordinates tried first for a variable on (0, ∞): near 0 too (x² log x curves down only below e^{−3/2})."""
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
    screen = _in_floats(variables, matrix.tolist())
    with mpmath.workdps(DIGITS):
        for point in _points(variables, positive):
            if screen is not None and _semidefinite(screen, point):
                continue  # no negative curvature there in floats: spare the 40-digit eigenvalues
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
    """Rational points x1, x2 and t = 1/2 where the midpoint lies above the chord, or None. Pairs are screened
    in floats; a pair that may qualify is evaluated at 40 digits."""
    f = sympy.lambdify(variables, function, "mpmath")
    half = Fraction(1, 2)
    screen = _in_floats(variables, function)
    exact: dict = {}

    def value(point):
        if point not in exact:
            try:
                found = f(*(mpmath.mpf(x.numerator) / x.denominator for x in point))
            except (ZeroDivisionError, ValueError, TypeError, OverflowError):
                found = None
            if isinstance(found, int):  # a max that picks a constant: an exact integer, not an mpf
                found = mpmath.mpf(found)
            exact[point] = found if isinstance(found, mpmath.mpf) else None
        return exact[point]

    with mpmath.workdps(DIGITS):
        points = list(_points(variables, positive))
        floats = {p: tuple(float(x) for x in p) for p in points}
        if screen is not None:
            at = {p: _at(screen, floats[p]) for p in points}
            known = [p for p in points if isinstance(at[p], float)]
        else:
            known = [p for p in points if value(p) is not None]
        for n, x1 in enumerate(known):
            for x2 in known[n + 1:n + 40]:
                if screen is not None and not _above_in_floats(screen, floats[x1], floats[x2], at[x1], at[x2]):
                    continue
                middle = tuple((a + b) / 2 for a, b in zip(x1, x2))
                ends, centre = (value(x1), value(x2)), value(middle)
                if centre is None or None in ends:
                    continue
                gap = centre - (ends[0] + ends[1]) / 2
                if gap > MARGIN:
                    return Chord(x1, x2, half, float(gap))
    return None


FLOAT_SLACK = 1e-9
"""Relative margin of the float screening: what it is not sure of goes on to the 40-digit evaluation."""


def _in_floats(variables: tuple, expr):
    """A float function of ``expr`` (a number or nested lists) for screening points cheaply, or None."""
    try:
        return sympy.lambdify(variables, expr, "math")
    except Exception:  # a function the math module lacks: no screening, every point at 40 digits
        return None


def _at(screen, point):
    try:
        found = screen(*(float(x) for x in point))  # float(x) of a float is itself
        return float(found) if isinstance(found, int) else found  # a max that picks a constant gives an int
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None


def _semidefinite(screen, point) -> bool:
    """Whether the Hessian at ``point`` is clearly positive semidefinite in floats (a Cholesky whose pivots are
    all ≥ −slack); False when unsure, so the point is examined at 40 digits."""
    H = _at(screen, point)
    if H is None:
        return False
    try:
        n = len(H)
        scale = max(1.0, max(abs(float(x)) for row in H for x in row))
        A = [[float(x) for x in row] for row in H]
    except (TypeError, ValueError, OverflowError):
        return False
    for k in range(n):
        pivot = A[k][k]
        if pivot < -FLOAT_SLACK * scale:
            return False
        if pivot <= FLOAT_SLACK * scale:
            if any(abs(A[k][j]) > FLOAT_SLACK * scale for j in range(k + 1, n)):
                return False  # a zero pivot with a non-zero row: indefinite, or unsure
            continue
        for i in range(k + 1, n):
            factor = A[i][k] / pivot
            for j in range(k + 1, n):
                A[i][j] -= factor * A[k][j]
    return True


def _above_in_floats(screen, x1: tuple, x2: tuple, f1: float, f2: float) -> bool:
    """Whether the midpoint of x1 and x2 (float coordinates, f1 and f2 the values there) may lie above the
    chord in floats (True when unsure)."""
    centre = _at(screen, tuple((a + b) / 2 for a, b in zip(x1, x2)))
    if not isinstance(centre, float):
        return True
    gap = centre - (f1 + f2) / 2
    return gap > -FLOAT_SLACK * max(1.0, abs(centre), abs(f1), abs(f2))


def _points(variables: tuple, positive: frozenset):
    """The grid (in a fixed order), then a seeded random walk over small rationals."""
    choices = [POSITIVE_GRID if x in positive else GRID for x in variables]
    for count, point in enumerate(product(*choices)):
        if count >= MAX_GRID_POINTS:
            break
        yield point
    rng = random.Random(20261202)
    for _ in range(RANDOM_POINTS):
        yield tuple(Fraction(rng.randint(1, 12), rng.choice((1, 2, 4, 16, 64))) if x in positive
                    else Fraction(rng.randint(-12, 12), rng.choice((1, 2, 4))) for x in variables)


def _rational_direction(vector) -> tuple:
    """The eigenvector as small integers (scaled by its largest entry, rounded to a 1/16 grid)."""
    largest = max(abs(x) for x in vector) or 1
    return tuple(Fraction(int(mpmath.nint(16 * x / largest)), 16) for x in vector)


def _curvature(H, direction) -> mpmath.mpf:
    d = [mpmath.mpf(x.numerator) / x.denominator for x in direction]
    n = len(d)
    return sum(d[i] * H[i, j] * d[j] for i in range(n) for j in range(n))
