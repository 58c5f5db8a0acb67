"""Vectors and matrices given by an entry formula, explicit when their size is a number.

``diag(p) − ppᵀ`` is stored as its entry ``p[j]·δ(j,k) − p[j]·p[k]``: the same
object serves the every-K proof (size ``K``) and the explicit proof (size 3),
whose entries are produced on demand instead of building K² SymPy objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from .algebra.rewrite import substitute


@dataclass(frozen=True)
class IndexedArray:
    """An array whose entry at ``indices`` is ``entry``; ``closed_form`` names it as a whole for
    display (diag(p) − ppᵀ): no check reads it, and a certificate does not keep it."""

    shape: tuple
    indices: tuple
    entry: sympy.Expr
    closed_form: sympy.Basic | None = field(default=None, compare=False)

    def __post_init__(self):
        if (len(self.indices) != len(self.shape) or len(set(self.indices)) != len(self.indices)
                or not all(isinstance(index, sympy.Symbol) for index in self.indices)):
            raise ValueError(f"an array needs one distinct index per dimension, got {self.indices} for {self.shape}")

    @property
    def is_explicit(self) -> bool:
        return all(isinstance(n, int) or getattr(n, "is_Integer", False) for n in self.shape)

    def entry_at(self, notation, *position: int) -> sympy.Expr:
        """The entry at integer ``position``, over the notation's explicit symbols (p2, z0, …)."""
        return notation.concrete(substitute(self.entry, dict(zip(self.indices, map(sympy.Integer, position)))))

    def positions(self):
        """All integer positions, row-major."""
        if len(self.shape) == 1:
            return [(r,) for r in range(int(self.shape[0]))]
        return [(r, c) for r in range(int(self.shape[0])) for c in range(int(self.shape[1]))]

    def explicit(self, notation) -> sympy.ImmutableMatrix:
        """The full array as a SymPy matrix (a column for a vector)."""
        rows, cols = int(self.shape[0]), int(self.shape[1]) if len(self.shape) > 1 else 1
        return sympy.ImmutableMatrix(rows, cols, [self.entry_at(notation, *pos) for pos in self.positions()])


@dataclass(frozen=True)
class QuadraticForm:
    """vᵀMv for the vector ``v`` (an IndexedBase) and the matrix ``matrix``."""

    matrix: IndexedArray
    vector: sympy.IndexedBase


@dataclass(frozen=True)
class RowSums:
    """M·1: the vector of row sums of ``matrix``."""

    matrix: IndexedArray


@dataclass(frozen=True)
class AffineSet:
    """{x : Σᵢ normalᵢ·xᵢ = offset}, for a vector ``normal`` given by its entry formula."""

    normal: IndexedArray
    offset: sympy.Expr
