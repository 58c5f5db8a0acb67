"""What SymPy may do when asked a sign: no real-root isolation for a polynomial of high degree.

Asked whether P(u) > 0 for a polynomial in one signed symbol u (u > 0, say), SymPy's
``_monotonic_sign`` isolates the real roots of P′: a second or more per node from degree 16, and a
certificate of a few kilobytes may hold thousands of such nodes under log, Abs, Max or floor (round
12, C12-1). Above degree 2 the answer is now "unknown" instead, which can only make a check fail, never
pass: every check reads "unknown" as "not shown". SymPy's other sign rules (every term > 0, …) stay.
"""

from __future__ import annotations

import sympy
import sympy.core.exprtools as _exprtools

MAX_ROOT_DEGREE = 2
"""Highest degree of a one-symbol polynomial whose sign SymPy may settle by the roots of its derivative."""

_original = _exprtools._monotonic_sign


def _degree_above(expr, bound: int) -> bool:
    """Whether the structural degree of ``expr`` (an upper bound of its degree) exceeds ``bound``."""
    def degree(e) -> int:
        if e.is_Symbol:
            return 1
        if e.is_Pow:
            return degree(e.base) * abs(int(e.exp)) if e.exp.is_Integer else bound + 1
        if e.is_Mul:
            return sum(degree(a) for a in e.args)
        if e.is_Add:
            return max(degree(a) for a in e.args)
        return 0 if e.is_Number else bound + 1
    return degree(expr) > bound


def _bounded_monotonic_sign(expr):
    if (isinstance(expr, sympy.Expr) and expr.is_Add and len(expr.free_symbols) == 1
            and _degree_above(expr, MAX_ROOT_DEGREE)):
        return None
    return _original(expr)


def bound_sign_queries() -> None:
    """Install the bound (once; SymPy looks ``_monotonic_sign`` up in its module at every call)."""
    _exprtools._monotonic_sign = _bounded_monotonic_sign
