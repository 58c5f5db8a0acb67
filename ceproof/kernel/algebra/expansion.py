"""SymPy's expand, refused before it starts when the result would be too large: (a₁ + … + a₁₂)⁶⁴ has
10¹² terms, and nothing else bounds SymPy's memory."""

from __future__ import annotations

from math import comb

import sympy

from ..budget import spend
from .laurent import MAX_TERMS, NotALaurentPolynomial


def expanded_terms(expr, cap: int = MAX_TERMS) -> int:
    """An upper bound on the terms of ``expr`` multiplied out (at most ``cap`` + 1); the parts inside a
    function or a Σ are bounded too, as they are expanded in place."""
    if not isinstance(expr, sympy.Expr) or not expr.args:
        return 1
    sizes = [expanded_terms(a, cap) for a in expr.args]
    if expr.is_Add:
        return min(sum(sizes), cap + 1)
    if expr.is_Mul:
        total = 1
        for size in sizes:
            total = min(total * size, cap + 1)
        return total
    if expr.is_Pow and expr.exp.is_Integer and expr.exp != 0:  # expand multiplies out a denominator too
        n, power = sizes[0], abs(int(expr.exp))
        return 1 if n == 1 else min(comb(n + power - 1, power), cap + 1)
    return 1 if max(sizes) <= cap else cap + 1


def bounded_expand(expr, **hints):
    """``sympy.expand(expr, **hints)``, or NotALaurentPolynomial when it would exceed MAX_TERMS terms; the terms
    it may make are charged to the proof's budget of expanded terms ((z₀ + … + z₁₉ + 1)⁶, 460 460 terms, took
    111 s, and a file may ask it again and again: A31-1)."""
    terms = expanded_terms(expr)
    if terms > MAX_TERMS:
        raise NotALaurentPolynomial(f"multiplied out, this would have more than {MAX_TERMS} terms")
    if terms > 1:
        spend("expanded", terms)
    return sympy.expand(expr, **hints)
