"""The symbols a proof speaks of, for every K at once or for one explicit K."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy

from .rewrite import substitute


@dataclass(frozen=True)
class Notation:
    """Symbol table of one proof: logits z, probabilities p, label y, test vector v, S = Σ e^{z}.

    Index expressions use ``z[i]``; with an explicit K, ``z[2]`` stands for the
    symbol ``z2`` and ``y[r]`` for the one-hot label's r-th entry.
    """

    classes: int | None
    label: int | None

    @property
    def is_explicit(self) -> bool:
        return self.classes is not None

    @cached_property
    def K(self) -> sympy.Expr:
        if self.classes is None:
            return sympy.Symbol("K", integer=True, positive=True)
        return sympy.Integer(self.classes)

    @cached_property
    def z(self) -> sympy.IndexedBase:
        return sympy.IndexedBase("z", real=True)

    @cached_property
    def p(self) -> sympy.IndexedBase:
        return sympy.IndexedBase("p")

    @cached_property
    def y(self) -> sympy.IndexedBase:
        return sympy.IndexedBase("y", nonnegative=True)

    @property
    def data(self) -> tuple:
        """The vectors that are data, constant in z (a derivative in z treats them as constants): the label y."""
        return (self.y,)

    @cached_property
    def v(self) -> sympy.IndexedBase:
        return sympy.IndexedBase("v", real=True)

    @cached_property
    def S(self) -> sympy.Symbol:
        return sympy.Symbol("S")

    @cached_property
    def t(self) -> sympy.Symbol:
        return sympy.Symbol("t", real=True)

    @cached_property
    def indices(self) -> tuple:
        return sympy.symbols("i j k l", integer=True, nonnegative=True)

    def bounds(self, index: sympy.Symbol) -> tuple:
        """Summation limits ``(index, 0, K − 1)``."""
        return (index, 0, self.K - 1)

    @cached_property
    def symbols(self) -> dict:
        """For an explicit K: each IndexedBase's entries as plain symbols (y as numbers)."""
        if not self.is_explicit:
            return {}
        K = self.classes

        def named(base, **assumptions):
            return tuple(sympy.Symbol(f"{base.name}{r}", **assumptions) for r in range(K))

        one_hot = tuple(sympy.Integer(int(r == self.label)) for r in range(K))
        return {
            self.z: named(self.z, real=True),
            self.p: named(self.p),
            self.v: named(self.v, real=True),
            self.y: one_hot,
        }

    @cached_property
    def concrete_map(self) -> dict:
        """``{z[0]: z0, p[0]: p0, y[0]: 1, e^{z[0]}: e^{z0}, …}`` for an explicit K (whole exponentials
        too: SymPy re-evaluates every exp it rebuilds, which dominates small proofs)."""
        entries = {base[r]: s for base, values in self.symbols.items() for r, s in enumerate(values)}
        if self.is_explicit:
            entries.update({sympy.exp(self.z[r]): sympy.exp(s) for r, s in enumerate(self.symbols[self.z])})
        return entries

    def concrete(self, expr: sympy.Expr) -> sympy.Expr:
        """Replace indexed entries with integer indices by their explicit symbols."""
        return expr.xreplace(self.concrete_map) if self.is_explicit else expr

    def entries(self, base: sympy.IndexedBase) -> tuple:
        return self.symbols[base]

    def in_logits(self, expr: sympy.Expr) -> sympy.Expr:
        """An explicit expression over p0…, S rewritten over the logits z0 … z{K−1} alone."""
        z = self.entries(self.z)
        total = sympy.Add(*(sympy.exp(zr) for zr in z))
        mapping = {p: sympy.exp(zr) / total for p, zr in zip(self.entries(self.p), z)}
        mapping[self.S] = total
        return expr.xreplace(mapping)

    def explicit(self, expr: sympy.Expr) -> sympy.Expr:
        """Write out the sums of an index expression with a numeric K, over z0, p0, …"""
        return self.concrete(expand_sums(expr))


def expand_sums(expr: sympy.Expr) -> sympy.Expr:
    """Write out every Sum with integer limits as an explicit Add (faster than Sum.doit)."""
    if not expr.args or not expr.has(sympy.Sum):
        return expr
    if isinstance(expr, sympy.Sum):
        return _expand_limits(expand_sums(expr.function), expr.limits)
    return expr.func(*(expand_sums(a) for a in expr.args))


def _expand_limits(body: sympy.Expr, limits) -> sympy.Expr:
    """Σ over ``limits`` (innermost first), outermost index first so inner bounds may use it; a Σ whose
    limits are not numbers (n = 1 … N over examples) stays a Σ."""
    if not limits:
        return body
    *inner, (index, low, high) = limits
    low, high = sympy.sympify(low), sympy.sympify(high)
    if (low.is_Rational and not low.is_Integer) or (high.is_Rational and not high.is_Integer):
        raise ValueError(f"summation limits {low}..{high} are not integers")
    if not (low.is_Integer and high.is_Integer):
        return sympy.Sum(body, *limits)
    if int(high) < int(low) - 1:
        raise ValueError(f"reversed summation range {low}..{high}")
    terms = []
    for r in range(int(low), int(high) + 1):
        value = {index: sympy.Integer(r)}
        terms.append(_expand_limits(substitute(body, value), [tuple(substitute(sympy.sympify(x), value) for x in limit)
                                                               for limit in inner]))
    return sympy.Add(*terms)
