"""Display names of matrices (diag(p) − ppᵀ, …): how a step names an array as a whole. No check reads
them and a certificate does not keep them; the renderers print them."""

from __future__ import annotations

import sympy
from sympy import KroneckerDelta

from ..kernel.arrays import IndexedArray


class Diag(sympy.MatrixExpr):
    """diag(p): the square matrix with the vector p on its diagonal (display form only)."""

    def __new__(cls, vector):
        return super().__new__(cls, vector)

    @property
    def shape(self):
        return (self.args[0].shape[0], self.args[0].shape[0])

    def _sympystr(self, printer):
        return f"diag({printer._print(self.args[0])})"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        inner = printer._print(self.args[0])
        return prettyForm(*prettyForm("diag").right(prettyForm(*inner.parens())))

    def _latex(self, printer):
        return rf"\operatorname{{diag}}\left({printer._print(self.args[0])}\right)"


def vector(name: str, size) -> sympy.MatrixSymbol:
    return sympy.MatrixSymbol(name, size, 1)


def diag_minus_outer_form(n) -> sympy.MatAdd:
    """diag(p) − ppᵀ, as a whole."""
    p = vector("p", n.K)
    return sympy.MatAdd(Diag(p), -p * p.T, evaluate=False)


def scaled(scale, matrix):
    return matrix if scale == 1 else sympy.MatMul(scale, matrix, evaluate=False)


def scaled_hessian(n, scale=1) -> IndexedArray:
    """c·(diag(p) − ppᵀ): entry c·p_j(δ_jk − p_k), indexed by j, k (so the diagonal reads p_j(1 − p_j))."""
    _, j, k, _ = n.indices
    p = n.p
    entry = p[j] * (KroneckerDelta(j, k) - p[k])
    return IndexedArray((n.K, n.K), (j, k), entry if scale == 1 else scale * entry,
                        closed_form=scaled(scale, diag_minus_outer_form(n)))


def difference_form(n, scale=1, label: str = "y"):
    """c·(p − y) as a whole."""
    return scaled(scale, sympy.MatAdd(vector("p", n.K), -vector(label, n.K), evaluate=False))
