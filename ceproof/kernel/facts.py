"""What a step may rely on: the definitions, signs and known zeros of the steps and premises it uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy

from .algebra.rewrite import substitute, within, write_out, written_size
from .budget import size, spend
from .claims import Definition, Equality, NonNegative, Positivity
from .notation import Notation


@lru_cache(maxsize=256)
def _positive_stand_in(symbol: sympy.Symbol) -> sympy.Dummy:
    """One positive dummy per symbol (making a symbol with assumptions costs SymPy ~50 µs)."""
    return sympy.Dummy(symbol.name, positive=True)


def parts_of(claim, notation) -> tuple:
    """The facts a used claim or premise contributes: a premise's facts come from its meaning."""
    facts = getattr(claim, "facts", None)
    return facts(notation) if callable(facts) else (claim,)


@lru_cache(maxsize=256)
def _instances(positive: sympy.Expr, index: sympy.Symbol, notation: Notation) -> frozenset:
    """At an explicit K, a sign "for every i" of ``positive`` written out at each i in i's range, made once
    per process and charged to the proof's budget: every step rebuilt them, 100 expressions × 1000 entries
    each time (C14-1)."""
    low, high = notation.index_ranges.get(index, (None, None))
    if not notation.is_explicit or high is None or not high.is_Integer:
        return frozenset()
    spend("nodes", (int(high) - int(low) + 1) * size(positive))  # each instance costs its size (C15-2)
    return frozenset(notation.concrete(substitute(positive, {index: sympy.Integer(r)}))
                     for r in range(int(low), int(high) + 1))


@dataclass(frozen=True)
class Facts:
    """The usable content of a step's ``uses``; nothing else is visible to its check.

    ``used`` are the used claims and premises themselves, ``ancestors`` every claim and premise they
    rest on, ``earlier`` every claim and premise before the step, and ``reserved`` the names no step may
    define (the statement's variables and data); ``statement`` is the proof's statement, which only
    the last step's check reads.
    """

    notation: Notation
    definitions: tuple
    positives: tuple
    zeros: tuple
    nonnegatives: tuple
    used: tuple = ()
    ancestors: tuple = ()
    earlier: tuple = ()
    reserved: frozenset = frozenset()
    statement: object = None

    @classmethod
    def from_claims(cls, notation: Notation, claims, ancestors=(), earlier=(), reserved=frozenset(),
                    statement=None) -> "Facts":
        """Facts from the directly used ``claims`` (steps' claims and premises)."""
        definitions, positives, zeros, nonnegatives = [], [], [], []
        for claim in claims:
            for part in parts_of(claim, notation):
                if isinstance(part, Definition):
                    definitions.append(part)
                    zeros.append(part.lhs - part.rhs)
                elif isinstance(part, Positivity):
                    positives.append(part)
                elif isinstance(part, Equality) and isinstance(part.lhs, sympy.Expr) and isinstance(part.rhs, sympy.Expr):
                    zeros.append(part.lhs - part.rhs)
                elif isinstance(part, NonNegative):
                    nonnegatives.append(part)
        return cls(notation, tuple(definitions), tuple(positives), tuple(zeros), tuple(nonnegatives),
                   tuple(claims), tuple(ancestors), tuple(earlier), frozenset(reserved), statement)

    @cached_property
    def indexed_definitions(self) -> dict:
        """``{p: (i, rhs)}`` for definitions ``p[i] := rhs``."""
        return {d.lhs.base: (d.index, d.rhs) for d in self.definitions if isinstance(d.lhs, sympy.Indexed)}

    @cached_property
    def scalar_definitions(self) -> dict:
        """``{S: rhs}`` for definitions of a plain symbol."""
        return {d.lhs: d.rhs for d in self.definitions if isinstance(d.lhs, sympy.Symbol)}

    def substitute_indexed(self, expr: sympy.Expr) -> sympy.Expr:
        """Replace every defined indexed entry p[w] by its definition at w (index form), once."""
        return write_out(expr, {}, self.indexed_definitions, self.notation.index_ranges, rounds=1)

    def expand_definitions(self, expr: sympy.Expr, keep: tuple = ()) -> sympy.Expr:
        """Substitute every used definition (scalar and indexed) until none is left, except ``keep``. What it
        writes out is charged to the proof's budget of written nodes: 40 steps each writing out a chain of 14
        definitions (just under 200 000 nodes) to sign it ran past 120 s (C38-1)."""
        scalars = {s: v for s, v in self.scalar_definitions.items() if s not in keep}
        if scalars or self.indexed_definitions:
            written = written_size(expr, scalars, self.indexed_definitions)
            if written > 1:
                spend("nodes", written)
        return write_out(expr, scalars, self.indexed_definitions, self.notation.index_ranges)

    def _signed_set(self, strict: bool) -> frozenset:
        found = set()
        for fact in self.positives:
            if strict and not fact.strict:
                continue
            for positive in fact.exprs:
                if fact.index is None or fact.index not in positive.free_symbols:
                    found.add(positive)
                    continue  # a sign for every i is looked up where its index is shown in range (is_positive)
                found.update(_instances(positive, fact.index, self.notation))
        return frozenset(found)

    @cached_property
    def positive_set(self) -> frozenset:
        """Every expression a used step proves > 0 (entries of an explicit K written out)."""
        return self._signed_set(strict=True)

    @cached_property
    def nonnegative_set(self) -> frozenset:
        """Every expression a used step proves ≥ 0 (or > 0)."""
        return self._signed_set(strict=False)

    def assume_positive(self, expr: sympy.Expr) -> tuple:
        """``expr`` with each plain symbol that a used step proves positive replaced by a positive
        dummy (so that SymPy may split log(a·S)), and the map that undoes it."""
        symbols = {e for fact in self.positives if fact.strict for e in fact.exprs if isinstance(e, sympy.Symbol)}
        forward = {s: _positive_stand_in(s) for s in symbols}
        return substitute(expr, forward), {d: s for s, d in forward.items()}  # a bound index of that name stays

    def is_positive(self, expr: sympy.Expr, strict: bool = True) -> bool:
        """Whether a used step proves ``expr`` > 0 (≥ 0 is enough when not ``strict``); for all i,
        p[i] > 0 covers p[j] for an index j in the same range: an index of the notation, or a
        number from 0 to K − 1 (not p[K])."""
        if expr in (self.positive_set if strict else self.nonnegative_set):
            return True
        if not isinstance(expr, sympy.Indexed) or len(expr.indices) != 1:
            return False
        ranges = self.notation.index_ranges
        for fact in self.positives:
            if fact.index not in ranges or (strict and not fact.strict):
                continue
            for positive in fact.exprs:
                if (isinstance(positive, sympy.Indexed) and positive.base == expr.base and positive.indices == (fact.index,)
                        and self.covers_vector(fact.index, positive.base)
                        and within(expr.indices[0], ranges[fact.index], (), ranges)):
                    return True
        return False

    def covers_vector(self, index, base) -> bool:
        """Whether "for every ``index``" runs over every entry of the vector ``base``: only then does a fact
        about base[index] hold for any entry a well-formed claim speaks of, whatever sums bind its index
        (a fact for every m, over 0 … d − 1, says nothing of q[m] in a Σ over 0 … K − 1)."""
        low, high = self.notation.index_ranges[index]
        sizes = self.notation.size(base)
        return low == 0 and len(sizes) == 1 and sympy.expand(high + 1 - sizes[0]) == 0
