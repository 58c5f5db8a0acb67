"""The fixed vocabulary of assumptions: a variable's domain, or what is known of a datum held fixed.

Each premise has one meaning, and the facts a step may use from it are made here from that meaning,
never read from a certificate: a premise cannot say 0 = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .claims import Equality, Positivity


@dataclass(frozen=True)
class RealSpace:
    """A variable ranges over all of ℝ, ℝᴷ or ℝᴷˣᵈ: an open convex set holding every rational point."""

    subject: sympy.Basic
    domain = True

    def facts(self, notation) -> tuple:
        return ()


@dataclass(frozen=True)
class PositiveOrthant:
    """A vector variable ranges over (0, ∞)ᴷ: every entry > 0 (an open convex set)."""

    subject: sympy.IndexedBase
    domain = True

    def facts(self, notation) -> tuple:
        i = notation.indices[0]
        return (Positivity((self.subject[i],), index=i),)


@dataclass(frozen=True)
class PositiveReal:
    """A scalar variable ranges over (0, ∞) (an open convex set): it is > 0."""

    subject: sympy.Symbol
    domain = True

    def facts(self, notation) -> tuple:
        return (Positivity((self.subject,)),)


@dataclass(frozen=True)
class OneHotLabel:
    """A datum is the one-hot vector e_c of an explicit K (its entries are the numbers 0 and 1)."""

    subject: sympy.IndexedBase
    label: int
    domain = False

    def facts(self, notation) -> tuple:
        return _simplex(self.subject, notation)


@dataclass(frozen=True)
class SimplexLabel:
    """A datum lies on the simplex: every entry ≥ 0 and the entries sum to 1 (a one-hot or soft label)."""

    subject: sympy.IndexedBase
    domain = False

    def facts(self, notation) -> tuple:
        return _simplex(self.subject, notation)


@dataclass(frozen=True)
class NonnegativeData:
    """A datum with every entry ≥ 0 (weights, or a soft label of any total)."""

    subject: sympy.IndexedBase
    domain = False

    def facts(self, notation) -> tuple:
        i = notation.indices[0]
        return (Positivity((self.subject[i],), index=i, strict=False),)


@dataclass(frozen=True)
class UnitInterval:
    """A scalar datum in [0, 1]."""

    subject: sympy.Symbol
    domain = False

    def facts(self, notation) -> tuple:
        return (Positivity((self.subject, 1 - self.subject), strict=False),)


@dataclass(frozen=True)
class RealData:
    """A datum held fixed that may be any real vector or number (an input x, relevance grades g)."""

    subject: sympy.Basic
    domain = False

    def facts(self, notation) -> tuple:
        return ()


PREMISES = (RealSpace, PositiveOrthant, PositiveReal, OneHotLabel, SimplexLabel, NonnegativeData, UnitInterval, RealData)
"""Every kind of premise a statement may have."""


def _simplex(vector, notation) -> tuple:
    i = notation.indices[0]
    return (Positivity((vector[i],), index=i, strict=False),
            Equality(sympy.Sum(vector[i], notation.bounds(i)), sympy.Integer(1)))
