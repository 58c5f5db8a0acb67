"""What each claim shows, as a row of words and SymPy objects; printers decide the format.

``explicit=True`` writes an explicit-K claim out over z0, p0, … (matrices in full);
otherwise claims show their index form or entry pattern (diag(p) − ppᵀ, p_j δ_jk − p_j p_k).
"""

from __future__ import annotations

import sympy

from .. import claims as c
from ..arrays import IndexedArray, QuadraticForm, RowSums

EXPLICIT_UP_TO = 8
"""Largest K written out entry by entry; larger K show the entry pattern (the full arrays are in JSON)."""


class Prose(str):
    """Words with inline $…$ math, as opposed to the operator strings between math parts."""


def wants_explicit(notation, up_to: int = EXPLICIT_UP_TO) -> bool:
    return notation.is_explicit and notation.classes <= up_to


def claim_parts(claim, notation, explicit: bool) -> list:
    """The claim as a list of str and SymPy parts to print side by side."""
    part = PARTS.get(type(claim))
    if part is None:
        raise TypeError(f"no display for claim kind {type(claim).__name__}")
    return part(claim, notation, explicit)


def show(obj, notation, explicit: bool) -> list:
    """Parts for one side of a claim."""
    if isinstance(obj, IndexedArray):
        if obj.closed_form is None:
            return [obj.entry]
        if explicit and obj.is_explicit:
            matrix = obj.explicit(notation)
            return [obj.closed_form, " = ", matrix]
        return [obj.closed_form, Prose(",  entries  "), obj.entry]
    if isinstance(obj, QuadraticForm):
        v = sympy.MatrixSymbol("v", notation.K, 1)
        return [sympy.MatMul(v.T, _matrix_name(obj.matrix), v, evaluate=False)]
    if isinstance(obj, RowSums):
        return [sympy.MatMul(_matrix_name(obj.matrix), sympy.OneMatrix(notation.K, 1), evaluate=False)]
    if isinstance(obj, c.SumOfSquares):
        total = sympy.Add(*(_term(t) for t in obj.terms))
        return [notation.explicit(total) if explicit else total]
    if isinstance(obj, sympy.Expr):
        return [notation.explicit(obj) if explicit and notation.is_explicit else obj]
    raise TypeError(f"cannot display {type(obj).__name__}")


def _term(term: c.SquareTerm) -> sympy.Expr:
    body = sympy.Mul(*term.positive) * term.square ** 2
    return term.coefficient * (sympy.Sum(body, *term.over) if term.over else body)


def _matrix_name(matrix: IndexedArray):
    return matrix.closed_form if matrix.closed_form is not None else sympy.MatrixSymbol("M", *matrix.shape)


def _for_every(index) -> list:
    return [Prose(f"  for every ${index}$")] if index is not None else []


def _definition(claim: c.Definition, notation, explicit: bool) -> list:
    lhs = claim.lhs
    return [lhs, " := ", *show(claim.rhs, notation, explicit and claim.index is None)] + _for_every(claim.index)


def _positivity(claim: c.Positivity, notation, explicit: bool) -> list:
    parts: list = []
    for expr in claim.exprs:
        parts += ([",  "] if parts else []) + [expr, " > 0"]
    return parts + _for_every(claim.index)


def _equality(claim: c.Equality, notation, explicit: bool) -> list:
    lhs, rhs = claim.lhs, claim.rhs
    named = isinstance(lhs, IndexedArray) and isinstance(rhs, IndexedArray) and None not in (
        lhs.closed_form, rhs.closed_form)
    if named and not (explicit and lhs.is_explicit):
        return [lhs.closed_form, " = ", rhs.closed_form, Prose(",  entries  "), lhs.entry, " = ", rhs.entry]
    return [*show(lhs, notation, explicit), " = ", *show(rhs, notation, explicit)]


def _derivative(claim: c.DerivativeEquality, notation, explicit: bool) -> list:
    if isinstance(claim.function, IndexedArray):
        row, col = claim.result.indices
        vector = claim.of if claim.of is not None else sympy.IndexedBase("f")
        name = sympy.Derivative(vector[row], notation.z[col])
    else:
        name = Nabla(claim.of if claim.of is not None else claim.function, claim.order)
    return [name, " = ", *show(claim.result, notation, explicit)]


class Nabla(sympy.Expr):
    """∇f or ∇²f, as written (display only)."""

    def __new__(cls, function, order):
        return super().__new__(cls, function, sympy.Integer(order))

    def _name(self, printed: str) -> str:
        return printed if self.args[0].is_Symbol else f"({printed})"

    def _sympystr(self, printer):
        return f"{'grad' if self.args[1] == 1 else 'hessian'}({printer._print(self.args[0])})"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        body = printer._print(self.args[0])
        if not self.args[0].is_Symbol:
            body = prettyForm(*body.parens())
        return prettyForm(*prettyForm("∇" if self.args[1] == 1 else "∇²").right(body))

    def _latex(self, printer):
        nabla = r"\nabla " if self.args[1] == 1 else r"\nabla^2 "
        return nabla + self._name(printer._print(self.args[0]))


def _nonnegative(claim: c.NonNegative, notation, explicit: bool) -> list:
    return [*show(claim.expr, notation, explicit), " = ", *show(claim.certificate, notation, explicit), " ≥ 0"]


def _psd(claim: c.PositiveSemidefinite, notation, explicit: bool) -> list:
    return [_matrix_name(claim.matrix), " ⪰ 0", Prose("  for every $z$")]


def _cited(claim: c.Cited, notation, explicit: bool) -> list:
    return [Prose(claim.statement)]


PARTS = {
    c.Definition: _definition,
    c.Positivity: _positivity,
    c.Equality: _equality,
    c.DerivativeEquality: _derivative,
    c.NonNegative: _nonnegative,
    c.PositiveSemidefinite: _psd,
    c.Cited: _cited,
}
