"""What a proof proves, formally: the function written out in its variables, the premises, and the
properties asserted. The theorem's wording is rendered from this; nothing else states it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .arrays import AffineSet, IndexedArray


@dataclass(frozen=True)
class Convex:
    """f is convex in ``variables`` on the domain."""

    variables: tuple


@dataclass(frozen=True)
class StrictlyConvex:
    """f is strictly convex in ``variables`` on the domain, or on the affine set ``on`` when given."""

    variables: tuple
    on: AffineSet | None = None


@dataclass(frozen=True)
class NotStrictlyConvex:
    """f is not strictly convex in ``variables``."""

    variables: tuple


@dataclass(frozen=True)
class NotConvex:
    """f is not convex in ``variables``: a certified counterexample."""

    variables: tuple


@dataclass(frozen=True)
class ConvexMean:
    """The mean of f over any N ≥ 1 examples (its data varying, each satisfying the premises) is convex
    in ``variables``."""

    variables: tuple


@dataclass(frozen=True)
class Derivative:
    """The gradient (``order`` 1; the Jacobian of a vector) or Hessian (2) of ``of`` — f's name, or a
    name of ``where`` — in ``variables`` (None: the logits z) is ``result``."""

    of: sympy.Basic
    order: int
    result: IndexedArray
    variables: object = None


@dataclass(frozen=True)
class EqualTo:
    """f equals ``expr`` (another form of the same function)."""

    expr: sympy.Expr


PROPERTIES = (Convex, StrictlyConvex, NotStrictlyConvex, NotConvex, ConvexMean, Derivative, EqualTo)


@dataclass(frozen=True)
class Statement:
    """``name`` := ``function``, a function of ``variables`` (each with a domain premise) and of data
    (each with a premise), has every one of ``properties``. ``where`` are definitions the proof must
    make exactly as stated (p := σ(z), …), for the properties that speak of them."""

    name: sympy.Symbol
    function: sympy.Expr
    variables: tuple
    premises: tuple
    properties: tuple
    where: tuple = ()

    @property
    def kind(self) -> str:
        """``refute`` (a property is NotConvex), ``derive`` (every property is a Derivative) or ``prove``."""
        if any(isinstance(p, NotConvex) for p in self.properties):
            return "refute"
        if self.properties and all(isinstance(p, Derivative) for p in self.properties):
            return "derive"
        return "prove"
