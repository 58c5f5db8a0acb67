"""SymPy's printers as ceproof writes with them: p_{i} for indexed entries, bmatrix, x^\\top and a bold 1."""

from __future__ import annotations

import re

import sympy
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE, precedence

from ..kernel.notation import vector_of
from .order import TextbookTerms, bare_log, ordered_factors


class ProofLatexPrinter(TextbookTerms, LatexPrinter):
    """SymPy's LaTeX printer with bmatrix, p_{i} for indexed entries, x^\\top and a bold 1."""

    def __init__(self, settings=None):
        super().__init__({"mat_str": "bmatrix", "mat_delim": "", **(settings or {})})

    def doprint(self, expr):
        r"""SymPy's LaTeX, with ε written \varepsilon as the prose writes it (SymPy writes \epsilon, ϵ)."""
        return re.sub(r"\\epsilon(?![A-Za-z])", lambda m: r"\varepsilon", super().doprint(expr))

    def _print_Mul(self, expr):
        r"""A product in textbook order (y_{i} \log p_{i}, \frac{1}{2} \sum …), with \cdot where a plain symbol
        stands in it: Γ (z₀ + 1) would read as the Gamma function at z₀ + 1, f (Σ zᵢ)² as f applied (B15-2,
        B16, B17). Products of entries (p_{0} (1 - p_{0}), p_{i} p_{j}) and numbers are juxtaposed. A
        quotient, and any product in a very large expression, is SymPy's."""
        coefficient, factors = expr.as_coeff_mul()
        others = [f for f in factors if not f.is_Number]
        separator = r" \cdot " if len(others) > 1 and any(
            _reads_as_a_function(f.base if f.is_Pow else f) for f in factors) else " "
        quotient = any(f.is_Pow and f.exp.is_negative for f in factors) or (
            coefficient.q != 1 and not any(f.has(sympy.Sum) for f in factors))
        if quotient or self._settings["order"] == "none" or not factors:
            return self._sympy_mul(expr, separator)
        sign = "- " if coefficient < 0 else ""
        coefficient = abs(coefficient)
        ordered = ordered_factors(factors)
        shown = [self._print(coefficient)] if coefficient != 1 else []
        for n, factor in enumerate(ordered):
            last = n == len(ordered) - 1
            tex = self._bare(factor) if last else self._print(factor)
            if self._bracketed(factor, not shown, last):
                tex = rf"\left({tex}\right)"
            shown.append(tex)
        return sign + separator.join(shown)

    def _bare(self, expr) -> str:
        r"""``expr`` printed where a log of a symbol may go without brackets (the last factor of a product in
        textbook order, a term of a sum): \log p_{i}. Anywhere else, a power, a quotient, an argument, it
        keeps them: \log p^{2} would read as log(p²) (B19-1)."""
        self._bare_log = expr
        try:
            return self._print(expr)
        finally:
            self._bare_log = None

    def _print_Add(self, expr, order=None):
        """SymPy's sum, each term that is a log printed as _bare allows."""
        tex = ""
        for n, term in enumerate(self._as_ordered_terms(expr, order=order)):
            if n and term.could_extract_minus_sign():
                tex += " - "
                term = -term
            elif n:
                tex += " + "
            term_tex = self._bare(term) if bare_log(term) else self._print(term)
            if self._needs_add_brackets(term):
                term_tex = rf"\left({term_tex}\right)"
            tex += term_tex
        return tex

    def _bracketed(self, factor, first: bool, last: bool) -> bool:
        """SymPy's rule (a Σ before other factors, a sum), except a power of a sum or a function applied,
        which bring their own brackets ((1 − p)², log(…)); a log written bare before another factor."""
        if bare_log(factor):  # printed bare only as the last factor; elsewhere with its own brackets
            return False
        if (factor.is_Pow and factor.base.is_Add and factor.exp.is_Integer and factor.exp > 0) or (
                isinstance(factor, sympy.Function) and not isinstance(factor, sympy.exp)):
            return False
        return self._needs_mul_brackets(factor, first=first, last=last)

    def _sympy_mul(self, expr, separator: str) -> str:
        saved = self._settings["mul_symbol_latex"]
        self._settings["mul_symbol_latex"] = separator
        try:
            return super()._print_Mul(expr)
        finally:
            self._settings["mul_symbol_latex"] = saved


    def _print_log(self, expr, exp=None):
        r"""\log p_{i} for the log of a symbol or an entry where _bare allows it, else \log{\left(p_{i} \right)}."""
        bare, self._bare_log = getattr(self, "_bare_log", None) is expr, None
        if exp is None and bare and bare_log(expr):
            return rf"\log {self._print(expr.args[0])}"
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"\log{power}{{\left({self._print(expr.args[0])} \right)}}"

    def _print_Sum(self, expr):
        r"""\sum_{i=0}^{K-1} \sum_{j=0}^{K-1}: one sign per index, never a stacked subscript."""
        if len(expr.limits) == 1:
            return super()._print_Sum(expr)
        heads = "".join(rf"\sum_{{{self._print(i)}={self._print(a)}}}^{{{self._print(b)}}} "
                        for i, a, b in reversed(expr.limits))
        body = self._print(expr.function)
        if precedence(expr.function) < PRECEDENCE["Mul"]:
            body = rf"\left({body}\right)"
        return heads + body

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

    def _print_KroneckerDelta(self, expr, exp=None):
        """δ_{ij} for two one-letter indices, else with a comma: δ_{12 s} read as δ(1, 2s) (B29)."""
        first, second = (self._print(a) for a in expr.args)
        plain = all(isinstance(a, sympy.Symbol) and len(a.name) == 1 for a in expr.args)
        text = rf"\delta_{{{first} {second}}}" if plain else rf"\delta_{{{first}, {second}}}"
        return text if exp is None else rf"\left({text}\right)^{{{exp}}}"

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}"


def _reads_as_a_function(factor) -> bool:
    """A symbol that is not an entry of the notation's vectors (Γ, f, f₁, S, τ — not z₀ or p₁), which a bracket
    after it could make a function's name (B16-1: f1 (z₀ + 1))."""
    return factor.is_Symbol and vector_of(factor.name) is None


