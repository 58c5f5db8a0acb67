"""Textbook order for the printers: a product's plain factors before brackets and functions (yᵢ log pᵢ,
pᵢ(δᵢⱼ − pⱼ), pᵢpⱼ(vᵢ − vⱼ)²), and a sum's positive terms first (Σpᵢvᵢ² − (Σpᵢvᵢ)²). Order only: every
factor and term is printed as it is, so the value shown never changes."""

from __future__ import annotations

import sympy


def factor_rank(factor) -> int:
    """Numbers, then entries and symbols, their powers, brackets, functions (log, exp), sums."""
    base = factor.base if factor.is_Pow else factor
    if factor.is_Number:
        return 0
    if isinstance(base, sympy.Sum):
        return 5
    if base.is_Symbol or isinstance(base, (sympy.Indexed, sympy.KroneckerDelta)):
        return 1 if base is factor else 2
    if base.is_Add:
        return 3
    return 4


def ordered_factors(factors) -> list:
    """The factors of a product in textbook order (SymPy's order within each rank)."""
    return sorted(factors, key=lambda f: (factor_rank(f), sympy.default_sort_key(f)))


def printable_order(expr) -> list | None:
    """The terms of a sum in stored order when a number that is not rational stands anywhere in them
    (tanh(e^(2^20)), z₀·tanh(M)): SymPy's term order evaluates such numbers in floating point, for minutes or
    gigabytes (C21-1, C21-2, C22-1); None otherwise, for SymPy's order."""
    for term in expr.args:
        for node in sympy.preorder_traversal(term):
            if isinstance(node, sympy.Expr) and node.args and node.is_number and not node.is_Rational:
                return list(expr.args)
    return None


def ordered_terms(terms) -> list:
    """The terms of a sum as SymPy orders them, but those with a minus sign after the others."""
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    return positive + [t for t in terms if t.could_extract_minus_sign()] if positive else list(terms)


def bare_log(expr) -> bool:
    """log of a symbol or an entry, which a textbook writes without brackets: log pᵢ."""
    return isinstance(expr, sympy.log) and (expr.args[0].is_Symbol or isinstance(expr.args[0], sympy.Indexed))


class Bracketed(sympy.Expr):
    """A term shown in brackets (display only): a Σ followed by more terms of a sum, (Σᵢ zᵢ²) − z₀², which
    without them reads as Σᵢ (zᵢ² − z₀²) (B20-1)."""

    precedence = 1000  # an atom: printers never add brackets of their own around it

    def _latex(self, printer):
        return rf"\left({printer._print(self.args[0])}\right)"

    def _pretty(self, printer):
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(*printer._print(self.args[0]).parens())

    def _sympystr(self, printer):
        return f"({printer._print(self.args[0])})"

    _ceproof_linear = _sympystr


def ends_in_sum(term) -> bool:
    """The term, as printed, ends in a Σ whose body nothing closes: Σ…, −Σ…, 2·Σ…, ½ΣᵢΣⱼ…."""
    positive = -term if term.could_extract_minus_sign() else term
    if isinstance(positive, sympy.Sum):
        return True
    return positive.is_Mul and any(isinstance(f, sympy.Sum) for f in positive.args) and not any(
        f.is_Pow and f.exp.is_negative for f in positive.args)


def closed_sums(terms) -> list:
    """The terms of a sum with every term that ends in a Σ and is not the last one in brackets."""
    shown = []
    for n, term in enumerate(terms):
        if n < len(terms) - 1 and ends_in_sum(term):
            negative = term.could_extract_minus_sign()
            inner = Bracketed(-term if negative else term)
            term = sympy.Mul(sympy.S.NegativeOne, inner, evaluate=False) if negative else inner
        shown.append(term)
    return shown


class TextbookTerms:
    """A printer mixin (before SymPy's printer in the bases): a sum's terms positive first with a Σ that more terms
    follow in brackets, or in stored order around a non-rational number or in a very large expression."""

    def _as_ordered_terms(self, expr, order=None):
        stored = printable_order(expr)
        if stored is not None:
            return closed_sums(stored)
        terms = super()._as_ordered_terms(expr, order=order)
        return closed_sums(terms if self._settings.get("order") == "none" else ordered_terms(terms))
