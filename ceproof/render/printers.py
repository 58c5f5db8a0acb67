"""SymPy's printers as ceproof writes with them: p_{i} for indexed entries, bmatrix, x^\\top and a bold 1."""

from __future__ import annotations

import re

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE


class ProofLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with bmatrix, p_{i} for indexed entries, x^\\top and a bold 1."""

    def __init__(self, settings=None):
        super().__init__({"mat_str": "bmatrix", "mat_delim": "", **(settings or {})})

    def doprint(self, expr):
        r"""SymPy's LaTeX, with ε written \varepsilon as the prose writes it (SymPy writes \epsilon, ϵ)."""
        return re.sub(r"\\epsilon(?![A-Za-z])", lambda m: r"\varepsilon", super().doprint(expr))

    def _print_Indexed(self, expr):
        return f"{self._print(expr.base.label)}_{{{','.join(map(self._print, expr.indices))}}}"

    def _print_Transpose(self, expr):
        arg = self._print(expr.arg)
        if not isinstance(expr.arg, sympy.MatrixSymbol):
            arg = r"\left(" + arg + r"\right)"
        return arg + r"^{\top}"

    def _print_Mod(self, expr, exp=None):
        """(a mod b) in brackets, a negated or compound argument in its own: SymPy prints Mod(−x, 2) and
        −Mod(x, 2) alike."""
        a, b = (self.parenthesize(x, PRECEDENCE["Mul"], strict=True) if not (x.is_Symbol or x.is_Integer
                and x >= 0 or isinstance(x, sympy.Indexed)) else self._print(x) for x in expr.args)
        text = rf"\left({a} \bmod {b}\right)"
        return text if exp is None else rf"{text}^{{{exp}}}"

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}"
