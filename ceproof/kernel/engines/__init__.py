"""The two engines that decide identities: explicit K (``explicit.py``) and every K (``index.py``)."""

from __future__ import annotations

import sympy

from ..checks.signs import require_invertible


class Engine:
    """What both engines share: the facts a check may use and how a claim's expression is written out."""

    def __init__(self, facts):
        self.facts = facts
        self.notation = facts.notation

    def written(self, expr: sympy.Expr, scan: bool = True) -> sympy.Expr:
        """``expr`` with the used indexed definitions substituted, every divisor shown non-zero (a known
        zero is not scanned again: its own step showed its divisors non-zero)."""
        expr = self.facts.substitute_indexed(expr)
        if scan:
            require_invertible((expr,), self.facts)
        return expr
