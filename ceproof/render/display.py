"""What each claim shows, as a row of words and SymPy objects; printers decide the format.

``explicit=True`` writes an explicit-K claim out over z0, p0, … (matrices in full);
otherwise claims show their index form or entry pattern (diag(p) − ppᵀ, p_j δ_jk − p_j p_k).
"""

from __future__ import annotations

import sympy

from ..kernel import claims as c
from ..kernel.arrays import IndexedArray, QuadraticForm, RowSums
from ..kernel.checks.common import variable_bases

EXPLICIT_UP_TO = 8
"""Largest K written out entry by entry; larger K show the entry pattern (the full arrays are in JSON)."""


class Prose(str):
    """Words with inline $…$ math, as opposed to the operator strings between math parts."""


def wants_explicit(notation, up_to: int = EXPLICIT_UP_TO) -> bool:
    return notation.is_explicit and notation.classes <= up_to


def claim_parts(claim, notation, explicit: bool, statement=None) -> list:
    """The claim as a list of str and SymPy parts to print side by side (the statement is needed by
    the conclusion, which states it)."""
    if isinstance(claim, c.Conclusion):
        from .statement import theorem_text

        return [Prose(theorem_text(statement, notation))] if statement is not None else [Prose("the statement")]
    part = PARTS.get(type(claim))
    if part is None:
        raise TypeError(f"no display for claim kind {type(claim).__name__}")
    return part(claim, notation, explicit)


def show(obj, notation, explicit: bool) -> list:
    """Parts for one side of a claim."""
    if isinstance(obj, IndexedArray):
        if obj.closed_form is None:
            return [obj.entry]
        if explicit and obj.is_explicit and all(int(size) <= int(notation.K) for size in obj.shape):
            matrix = obj.explicit(notation)  # no larger than K × K: a Hessian in (W, b) shows its pattern
            return [obj.closed_form, " = ", matrix]
        return [obj.closed_form, Prose(",  entries  "), obj.entry]
    if isinstance(obj, QuadraticForm):
        v = sympy.MatrixSymbol(str(obj.vector.label), obj.matrix.shape[0], 1)
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
        parts += ([",  "] if parts else []) + [expr, " > 0" if claim.strict else " ≥ 0"]
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
    parts = [name, " = ", *show(claim.result, notation, explicit)]
    if claim.variables is not None:
        parts.append(Prose(f"  (derivatives in ${variables_latex(claim.variables, notation)}$)"))
    return parts


def variables_latex(variables, notation=None) -> str:
    """``q``, ``s`` or ``(W, b)``: the names of the variables, as LaTeX."""
    from ..kernel.notation import Notation

    bases = variable_bases(variables, notation or Notation(None))
    names = ", ".join(sympy.latex(b) for b in bases)
    return names if len(bases) == 1 else f"({names})"


def _affine(claim: c.Affine, notation, explicit: bool) -> list:
    index = claim.rhs.indices[0]
    return [claim.lhs[index], " = ", claim.rhs.entry,
            Prose(f",  affine in ${variables_latex(claim.variables, notation)}$,  for every ${index}$")]


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
    from .statement import cited_text

    return [Prose(cited_text(claim, notation))]


def _counterexample(claim: c.Counterexample, notation, explicit: bool) -> list:
    """f(x_t) > t·f(x₁) + (1 − t)·f(x₂), or d²/ds² f(x + s·d)|ₛ₌₀ < 0: at the points themselves when
    they are short enough to write out, else by name with the points as sparse vectors."""
    f = sympy.Function(str(claim.of) if claim.of is not None else "f")
    written = explicit or len(claim.variables) <= 2
    where = Prose(f"  in $({', '.join(sympy.latex(v) for v in claim.variables)})$") if written else None
    if claim.kind == "chord":
        t = sympy.Symbol("t") if claim.t is None else sympy.sympify(claim.t)  # a failed claim renders too
        middle = tuple(t * a + (1 - t) * b for a, b in zip(claim.x1, claim.x2))
        if written:
            return [f(*middle), " > ", t * f(*claim.x1) + (1 - t) * f(*claim.x2), where]
        x1, x2, xt = sympy.symbols("x_1 x_2 x_t")
        return [f(xt), " > ", t * f(x1) + (1 - t) * f(x2),
                Prose(f",  $x_1 = {_sparse(claim.x1)}$, $x_2 = {_sparse(claim.x2)}$, $x_t = {_sparse(middle)}$")]
    s = sympy.Symbol("s")
    if written:
        line = f(*(a + b * s for a, b in zip(claim.point, claim.direction)))
        return [sympy.Subs(sympy.Derivative(line, (s, 2)), s, 0), " < 0", where]
    x, d = sympy.symbols("x d")
    return [sympy.Subs(sympy.Derivative(f(x + s * d), (s, 2)), s, 0), " < 0",
            Prose(f",  $x = {_sparse(claim.point)}$, $d = {_sparse(claim.direction)}$")]


def _sparse(vector) -> str:
    """A vector as LaTeX in the unit vectors: -4 e_{2} + e_{5}, or 0."""
    def coefficient(value) -> str:
        return {1: "", -1: "-"}.get(value, f"{sympy.latex(sympy.sympify(value))} ")

    terms = [f"{coefficient(value)}e_{{{r}}}" for r, value in enumerate(vector) if value]
    return " + ".join(terms).replace("+ -", "- ") if terms else "0"


def _form_zeros(claim: c.FormZeros, notation, explicit: bool) -> list:
    entry = claim.direction.entry
    direction = r"\mathbf{1}" if entry == 1 else rf"{sympy.latex(entry)} \mathbf{{1}}"
    return [*show(_form(claim), notation, explicit), Prose(rf"  $= 0$ only if $v = c\, {direction}$ for a number $c$")]


def _positive_definite_on(claim: c.PositiveDefiniteOn, notation, explicit: bool) -> list:
    j = notation.indices[1]
    a = claim.normal
    constraint = sympy.Sum(a.entry.subs(a.indices[0], j) * claim.vector[j], notation.bounds(j))
    return [*show(_form(claim), notation, explicit), " > 0",
            Prose(rf"  for every $v \neq 0$ with ${sympy.latex(constraint)} = 0$")]


def _form(claim) -> QuadraticForm:
    return QuadraticForm(claim.matrix, claim.vector)


PARTS = {
    c.Definition: _definition,
    c.Positivity: _positivity,
    c.Equality: _equality,
    c.DerivativeEquality: _derivative,
    c.NonNegative: _nonnegative,
    c.PositiveSemidefinite: _psd,
    c.Cited: _cited,
    c.FormZeros: _form_zeros,
    c.PositiveDefiniteOn: _positive_definite_on,
    c.Counterexample: _counterexample,
    c.Affine: _affine,
}
