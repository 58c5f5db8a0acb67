"""SymPy's printers as ceproof writes with them: p_{i} for indexed entries, bmatrix, x^\\top and a bold 1."""

from __future__ import annotations

import re

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from ..kernel.notation import vector_of


class ProofLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with bmatrix, p_{i} for indexed entries, x^\\top and a bold 1."""

    def __init__(self, settings=None):
        super().__init__({"mat_str": "bmatrix", "mat_delim": "", **(settings or {})})

    def doprint(self, expr):
        r"""SymPy's LaTeX, with ε written \varepsilon as the prose writes it (SymPy writes \epsilon, ϵ)."""
        return re.sub(r"\\epsilon(?![A-Za-z])", lambda m: r"\varepsilon", super().doprint(expr))

    def _print_Mul(self, expr):
        r"""A product with a plain symbol in it is written with \cdot: Γ (z₀ + 1) would read as the Gamma
        function at z₀ + 1, f (Σ zᵢ)² as f applied (B15-2, B16, B17). Products of entries (p_{0} (1 - p_{0}),
        p_{i} p_{j}) and numbers keep SymPy's juxtaposition."""
        factors = expr.args
        others = [f for f in factors if not f.is_Number]
        if len(others) > 1 and any(_reads_as_a_function(f.base if f.is_Pow else f) for f in factors):
            # any factor beside it may be printed in brackets by SymPy (a sum, a Σ, a power of either): B17-1
            saved = self._settings["mul_symbol_latex"]
            self._settings["mul_symbol_latex"] = r" \cdot "
            try:
                return super()._print_Mul(expr)
            finally:
                self._settings["mul_symbol_latex"] = saved
        return super()._print_Mul(expr)

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


def _reads_as_a_function(factor) -> bool:
    """A symbol that is not an entry of the notation's vectors (Γ, f, f₁, S, τ — not z₀ or p₁), which a bracket
    after it could make a function's name (B16-1: f1 (z₀ + 1))."""
    return factor.is_Symbol and vector_of(factor.name) is None


