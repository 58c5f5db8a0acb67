"""The kinds of claim a step can make, as plain data; ``checks/`` verifies each kind."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .arrays import AffineSet
from .citations import Theorem


@dataclass(frozen=True)
class Definition:
    """Introduce notation: ``lhs := rhs``, for every value of ``index`` when it is given."""

    lhs: sympy.Expr
    rhs: sympy.Expr
    index: sympy.Symbol | None = None


@dataclass(frozen=True)
class Positivity:
    """Each of ``exprs`` is > 0, or ≥ 0 when not ``strict`` (for every value of ``index`` if given)."""

    exprs: tuple
    index: sympy.Symbol | None = None
    strict: bool = True


@dataclass(frozen=True)
class Constraint:
    """A multiple ``multiplier · zero`` of a quantity that an earlier step shows to be 0."""

    multiplier: object
    zero: sympy.Expr


@dataclass(frozen=True)
class Equality:
    """``lhs = rhs``: verified by reducing lhs − rhs − Σ multiplier·zero to 0.

    The sides may be scalars, IndexedArray vectors or matrices (entrywise),
    quadratic forms or row sums.
    """

    lhs: object
    rhs: object
    constraints: tuple = ()


@dataclass(frozen=True)
class DerivativeEquality:
    """A derivative of ``function`` in the logits equals ``result``, recomputed with sympy.diff.

    ``order`` is 1 (gradient of a scalar, or Jacobian of a vector) or 2 (Hessian). ``of`` names
    the function (L, or p for the vector p[i]); the check confirms that the name fits.
    ``variables``, when given, replaces the logits: an IndexedBase q (a K-vector, in index
    notation) or a tuple of entries and symbols (W[0, 0], b[0], …, or s), in the order of the
    result's rows; every other symbol must be data that no earlier step defines through them.
    """

    function: object
    order: int
    result: object
    of: sympy.Basic | None = None
    variables: object = None


def variable_bases(variables) -> tuple:
    """The names a derivative or a map is taken in, in order of first appearance: ``q`` -> (q,),
    ``(W[0, 0], W[0, 1], b[0], …)`` -> (W, b), ``(s,)`` -> (s,)."""
    if isinstance(variables, sympy.IndexedBase):
        return (variables,)
    found: list = []
    for variable in variables:
        base = variable.base if isinstance(variable, sympy.Indexed) else variable
        if base not in found:
            found.append(base)
    return tuple(found)


@dataclass(frozen=True)
class SquareTerm:
    """``coefficient · Π positive · square²``, summed over ``over`` (SymPy limits) if given; each
    factor of ``positive`` must be shown > 0 or ≥ 0 by a used step."""

    coefficient: sympy.Rational
    positive: tuple
    square: sympy.Expr
    over: tuple = ()


@dataclass(frozen=True)
class SumOfSquares:
    """Certificate: expr = Σ terms + Σ constraints, every term ≥ 0 by its form."""

    terms: tuple
    constraints: tuple = ()


@dataclass(frozen=True)
class NonNegative:
    """``expr ≥ 0`` for all values of its free variables, by a sum-of-squares certificate."""

    expr: object
    certificate: SumOfSquares


@dataclass(frozen=True)
class PositiveSemidefinite:
    """``matrix`` ⪰ 0: its quadratic form in the free vector ``vector`` is ≥ 0 by an earlier step."""

    matrix: object
    vector: sympy.IndexedBase


@dataclass(frozen=True)
class Cited:
    """A conclusion taken from a published theorem: not checked, part of the trusted base.

    ``subject`` is f (a defined symbol) and ``variables`` what it is about (f convex in ``variables``);
    the check confirms that the used steps establish the theorem's premises for exactly that pair.
    ``on`` is the affine set of a strict convexity on a set.
    """

    theorem: Theorem
    subject: sympy.Symbol
    variables: tuple
    on: AffineSet | None = None


@dataclass(frozen=True)
class Counterexample:
    """A certified violation of convexity of ``function`` in ``variables`` (SymPy symbols, in order).

    ``kind="chord"``: f(t·x1 + (1 − t)·x2) > t·f(x1) + (1 − t)·f(x2) at rational points ``x1``,
    ``x2`` and a rational ``t`` in (0, 1). ``kind="curvature"``: d²/ds² f(point + s·direction) < 0
    at s = 0, for a rational ``point`` and ``direction``. Both sides are bounded by interval
    arithmetic; the check passes only when the intervals do not overlap. ``of`` names the
    function, as for DerivativeEquality; used definitions are written out before evaluating.
    """

    function: sympy.Expr
    variables: tuple
    kind: str
    x1: tuple = ()
    x2: tuple = ()
    t: sympy.Rational | None = None
    point: tuple = ()
    direction: tuple = ()
    of: sympy.Symbol | None = None
    bounds: tuple = ()
    """Stated enclosures ``(("f_mid", low, high), …)`` with exact rational ends, as a certificate records
    them: when given, the check must compute exactly these (so a moved point cannot pass unnoticed)."""


@dataclass(frozen=True)
class Affine:
    """``lhs[i] = rhs`` (the used definition of ``lhs``) is affine in ``variables``: every entry is a
    polynomial of degree ≤ 1 in them, with coefficients in data that no step defines through them."""

    lhs: sympy.IndexedBase
    rhs: object  # an IndexedArray: the entry formula for every index
    variables: tuple


@dataclass(frozen=True)
class FormZeros:
    """vᵀMv = 0 only if v is a multiple of ``direction`` (a vector with one constant entry, 1 for 𝟙):
    read off a used sum-of-squares certificate of vᵀMv whose difference squares (vᵢ − vⱼ)², each with
    a weight > 0, link every index to every other, so that a zero form forces all vᵢ equal."""

    matrix: object
    vector: sympy.IndexedBase
    direction: object


@dataclass(frozen=True)
class PositiveDefiniteOn:
    """vᵀMv > 0 for every v ≠ 0 with Σᵢ normalᵢ·vᵢ = 0: a used step shows vᵀMv ≥ 0, another that it
    vanishes only along a direction d, and Σᵢ normalᵢ·dᵢ ≠ 0 keeps d out of the subspace."""

    matrix: object
    vector: sympy.IndexedBase
    normal: object


@dataclass(frozen=True)
class Conclusion:
    """The last step: the proof's statement. It uses exactly one step for each property the statement
    asserts, and the check confirms that each of them establishes that property."""


CLAIMS = (Definition, Positivity, Constraint, Equality, DerivativeEquality, SquareTerm, SumOfSquares, NonNegative,
          PositiveSemidefinite, Cited, Counterexample, Affine, FormZeros, PositiveDefiniteOn, Conclusion)
"""Every dataclass a claim is built from."""
