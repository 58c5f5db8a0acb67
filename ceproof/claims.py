"""The kinds of claim a step can make, as plain data; ``checks.py`` verifies each kind."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

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
    """

    function: object
    order: int
    result: object
    of: sympy.Basic | None = None


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
    """A statement taken from a published theorem: not checked, part of the trusted base."""

    statement: str
    theorem: Theorem


@dataclass(frozen=True)
class Assumed:
    """A premise stated in words and in symbols (used by assumptions only)."""

    statement: str
    facts: tuple = ()
