"""Expressions in a check's failure detail: short, and a large one never printed whole (SymPy sorts the
terms of a sum to print it, which for 50 000 terms takes gigabytes)."""

from __future__ import annotations

import sympy

LARGE = 300
"""Nodes above which only the first parts of an expression are printed."""


def shown_text(obj, limit: int = 200) -> str:
    """``obj`` as text of at most ``limit`` characters."""
    if isinstance(obj, sympy.Basic) and _larger_than(obj, LARGE):
        parts = ", ".join(shown_text(a, max(limit // 3, 20)) for a in obj.args[:3])
        text = f"{type(obj).__name__} of {len(obj.args)} parts: {parts}, …"
    else:
        try:
            # in stored order: sorting the terms of a sum evaluates its constants in floating point (C23-1)
            text = sympy.sstr(obj, order="none") if isinstance(obj, sympy.Basic) else str(obj)
        except ValueError:  # a number of more than 4300 digits, which Python will not write (A19-1)
            text = f"{type(obj).__name__} with numbers too long to write"
    return text if len(text) <= limit else text[:limit] + "…"


def _larger_than(expr, cap: int) -> bool:
    for count, _ in enumerate(sympy.preorder_traversal(expr)):
        if count >= cap:
            return True
    return False
