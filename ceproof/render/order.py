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


def ordered_terms(terms) -> list:
    """The terms of a sum as SymPy orders them, but those with a minus sign after the others."""
    positive = [t for t in terms if not t.could_extract_minus_sign()]
    return positive + [t for t in terms if t.could_extract_minus_sign()] if positive else list(terms)


def bare_log(expr) -> bool:
    """log of a symbol or an entry, which a textbook writes without brackets: log pᵢ."""
    return isinstance(expr, sympy.log) and (expr.args[0].is_Symbol or isinstance(expr.args[0], sympy.Indexed))
