"""The every-K engine: index expressions brought to a normal form by the rewrite rules
(``algebra/rewrite.py``), which hold for every K; two sides are equal when their difference
reduces to 0. Every divisor must be shown non-zero before anything is reduced."""

from __future__ import annotations

import sympy

from ..algebra.rewrite import bound_name, normalize, substitute
from ..arrays import IndexedArray, QuadraticForm, RowSums
from ..claims import SumOfSquares
from ..checks.common import CheckFailure
from . import Engine
from ..checks.signs import closed_form_zero
from ..text import shown_text
from .explicit import shape, term_body


class IndexEngine(Engine):
    """Checks for symbolic K in index notation, by the rewrite rules' normal form."""

    def __init__(self, facts):
        super().__init__(facts)
        self.ranges = {i: (0, self.notation.K - 1) for i in self.notation.indices}

    def form(self, obj, indices: tuple = ()) -> sympy.Expr:
        """An index expression for ``obj``, its free indices renamed to ``indices``."""
        for array in (obj, getattr(obj, "matrix", None)):
            if isinstance(array, IndexedArray) and any(sympy.sympify(n) != self.notation.K for n in array.shape):
                raise CheckFailure(f"in index notation every dimension is K, the range of the indices, not "
                                   f"{' × '.join(map(str, array.shape))}")
        if isinstance(obj, IndexedArray):
            return substitute(obj.entry, dict(zip(obj.indices, indices or obj.indices)))
        if isinstance(obj, QuadraticForm):
            M, v = obj.matrix, obj.vector
            j, k = (bound_name(90), bound_name(91))
            entry = substitute(M.entry, dict(zip(M.indices, (j, k))))
            return sympy.Sum(v[j] * entry * v[k], self.notation.bounds(k), self.notation.bounds(j))
        if isinstance(obj, SumOfSquares):
            return sympy.Add(*(sympy.Sum(term_body(t), *t.over) if t.over else term_body(t) for t in obj.terms))
        if isinstance(obj, RowSums):
            M = obj.matrix
            row = indices[0] if indices else M.indices[0]
            k = bound_name(92)
            entry = substitute(M.entry, dict(zip(M.indices, (row, k))))
            return sympy.Sum(entry, self.notation.bounds(k))
        if type(obj) is int:
            return sympy.Integer(obj)
        if isinstance(obj, sympy.Expr):
            return obj
        raise CheckFailure(f"a {type(obj).__name__} is not a value")

    def reduce(self, expr: sympy.Expr, scan: bool = True) -> tuple:
        """The normal form of ``expr``, with the positivity that used steps prove (for logs)."""
        positive, back = self.facts.assume_positive(self.written(expr, scan))
        reduced, rules = normalize(positive, self.ranges)
        return reduced.xreplace(back), rules

    def zero(self, expr: sympy.Expr) -> sympy.Expr:
        for fact in self.facts.zeros:
            if self.reduce(expr - fact, scan=False)[0] == 0 or self.reduce(expr + fact, scan=False)[0] == 0:
                return expr
        raise CheckFailure(f"{shown_text(expr)} = 0 is not established by a used step")

    def _free_indices(self, obj) -> tuple:
        if isinstance(obj, IndexedArray):
            return obj.indices
        if isinstance(obj, RowSums):
            return obj.matrix.indices[:1]
        return ()

    def equality(self, claim) -> tuple:
        if shape(claim.lhs) != shape(claim.rhs):
            raise CheckFailure(f"shapes differ: {shape(claim.lhs)} vs {shape(claim.rhs)}")
        indices = self._free_indices(claim.lhs) or self._free_indices(claim.rhs)
        difference = self.form(claim.lhs, indices) - self.form(claim.rhs, indices)
        for constraint in claim.constraints:
            multiplier = self.form(constraint.multiplier, indices)
            self.written(multiplier)
            difference -= multiplier * self.zero(constraint.zero)
        reduced, rules = self.reduce(difference)
        if reduced != 0 and closed_form_zero(self.facts.expand_definitions(reduced), self.facts):
            return (("closed-form", True),)
        if reduced != 0:
            raise CheckFailure(f"lhs − rhs reduces to {shown_text(reduced, 300)}, not 0")
        return (("rules", rules),)

    def sum_of_squares(self, claim) -> tuple:
        difference = self.form(claim.expr) - self.form(claim.certificate)
        for constraint in claim.certificate.constraints:
            multiplier = self.form(constraint.multiplier)
            self.written(multiplier)
            difference -= multiplier * self.zero(constraint.zero)
        reduced, rules = self.reduce(difference)
        if reduced != 0:
            raise CheckFailure(f"expr − Σ squares − constraints reduces to {shown_text(reduced, 300)}, not 0")
        return (("rules", rules),)
