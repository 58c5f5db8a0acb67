"""The explicit-K engine: identities expanded into sparse Laurent polynomials in opaque atoms
(``exp(z0)``, ``S``, ``p0`` …) and compared term by term.

Two polynomials equal as polynomials in independent atoms are equal for every value of the atoms,
wherever each atom raised to a negative power is non-zero: so every divisor must be shown non-zero
(``signs.require_invertible``) before an expression is expanded.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from ..algebra.laurent import Laurent, Template, from_sympy, merge_monomials, monomial_of
from ..algebra.rewrite import substitute
from ..arrays import IndexedArray, QuadraticForm, RowSums
from ..budget import charge_derivative, spend
from ..claims import SquareTerm, SumOfSquares
from ..notation import expand_sums
from ..checks.common import CheckFailure
from ..text import shown_text
from . import Engine

_EXPANSIONS: dict = {}
_EXPANSIONS_KEPT = 8  # one proof needs 2; a notebook building many proofs must not grow without bound
_EXPLICIT: dict = {}
_EXPLICIT_KEPT = 256
_IMAGES: dict = {}  # (atom with free indices, their values, notation) -> explicit atom
_IMAGES_KEPT = 100_000


def clear_caches() -> None:
    """Forget every memo of the engine (benchmarks start each run from here)."""
    _EXPANSIONS.clear()
    _EXPLICIT.clear()
    _IMAGES.clear()
    diff.cache_clear()


class ExplicitEngine(Engine):
    """Checks for an explicit K by expansion into sparse Laurent polynomials."""

    def __init__(self, facts):
        super().__init__(facts)
        self.cache: dict = {}

    # conversions ---------------------------------------------------------
    def concrete(self, expr: sympy.Expr, split_logs: bool = True, scan: bool = True) -> sympy.Expr:
        """Index form with numeric bounds -> explicit SymPy expression over z0, p0, …; logs of
        products split where used steps prove the factors positive (for comparing, not for diff)."""
        key = (expr, split_logs, scan, self.notation, self.facts.definitions, self.facts.positives)
        found = _EXPLICIT.get(key)
        if found is None:
            # written out again once the sums are: an entry whose index only then shows it in range
            found = self.notation.concrete(self.written(expand_sums(self.written(expr, scan)), scan))
            if split_logs and found.has(sympy.log):
                positive, back = self.facts.assume_positive(found)
                found = expand_logs(positive).xreplace(back)
            if len(_EXPLICIT) >= _EXPLICIT_KEPT:
                _EXPLICIT.clear()
            _EXPLICIT[key] = found
        return found

    def scalar(self, expr: sympy.Expr, scan: bool = True) -> Laurent:
        return from_sympy(self.concrete(expr, scan=scan), self.cache)

    def template(self, expr: sympy.Expr, indices: tuple) -> Template:
        """An index-form entry whose free ``indices`` will take integer values."""
        expr = self.written(expr)
        if expr.has(sympy.log):
            expr = expand_logs(expr)
        return Template(from_sympy(expr, self.cache), indices, self._atom_image(indices))

    def _atom_image(self, indices: tuple):
        """Where an atom goes at integer index values; Kronecker deltas and indexed entries
        are looked up directly, anything else is substituted by SymPy."""
        table = self.notation.concrete_map

        def resolve(arg, values):
            if arg.is_Integer:
                return int(arg)
            return values[indices.index(arg)] if arg in indices else None

        def image(atom, values):
            if isinstance(atom, sympy.KroneckerDelta):
                a, b = (resolve(x, values) for x in atom.args)
                if a is not None and b is not None:
                    return Laurent.constant(int(a == b))
            if isinstance(atom, sympy.Indexed) and atom.base in self.facts.indexed_definitions:
                # p[r], p[⌊r/3⌋]: only at numbers is the index shown in the range of p's definition
                bound = substitute(atom, {s: sympy.Integer(v) for s, v in zip(indices, values)})
                return from_sympy(self.concrete(bound), self.cache)
            if isinstance(atom, sympy.Indexed) and len(atom.indices) == 1:
                r = resolve(atom.indices[0], values)
                if r is not None and atom.base[r] in table:
                    return from_sympy(table[atom.base[r]], self.cache)
            key = (atom, tuple((s, v) for s, v in zip(indices, values) if s in atom.free_symbols), self.notation)
            found = _IMAGES.get(key)
            if found is None:
                bound = substitute(atom, {s: sympy.Integer(v) for s, v in zip(indices, values)})
                if len(_IMAGES) >= _IMAGES_KEPT:
                    _IMAGES.clear()
                found = _IMAGES[key] = self.notation.concrete(expand_sums(bound))  # Σ₀⁻¹ 1 is 0, no atom
            return from_sympy(found, self.cache)
        return image

    def entries(self, obj) -> list:
        """Scalars, vectors and matrices as a flat, row-major list of polynomials.

        Quadratic forms and certificates are remembered per process: several steps expand the
        same object under the same definitions and signs, and the expansion is a pure function of them.
        """
        if isinstance(obj, (QuadraticForm, SumOfSquares)):
            key = (obj, self.notation, self.facts.definitions, self.facts.positives)
            found = _EXPANSIONS.get(key)
            if found is None:
                if len(_EXPANSIONS) >= _EXPANSIONS_KEPT:
                    _EXPANSIONS.clear()
                found = _EXPANSIONS[key] = self._entries(obj)
            return found
        return self._entries(obj)

    def _entries(self, obj) -> list:
        if isinstance(obj, IndexedArray):
            spend("entries", _count(obj.shape))
            template = self.template(obj.entry, obj.indices)
            return [template.at(pos) for pos in obj.positions()]
        if isinstance(obj, QuadraticForm):
            M = obj.matrix
            spend("entries", _count(M.shape))
            template = self.template(M.entry, M.indices)
            v = [monomial_of(s) for s in self.notation.entries(obj.vector)]
            acc: dict = {}
            for r, col in M.positions():
                template.add_into(acc, (r, col), merge_monomials(((v[r], 1), (v[col], 1))))
            return [Laurent(acc)]
        if isinstance(obj, SumOfSquares):
            acc = {}
            for term in obj.terms:
                indices = tuple(limit[0] for limit in term.over)
                template = self.template(term_body(term), indices)
                for binding in bounded_bindings(term.over):
                    template.add_into(acc, tuple(binding[i] for i in indices))
            return [Laurent(acc)]
        if isinstance(obj, RowSums):
            M = obj.matrix
            spend("entries", _count(M.shape))
            template = self.template(M.entry, M.indices)
            rows = []
            for r in range(int(M.shape[0])):
                acc = {}
                for col in range(int(M.shape[1])):
                    template.add_into(acc, (r, col))
                rows.append(Laurent(acc))
            return rows
        if type(obj) is int:
            obj = sympy.Integer(obj)
        if isinstance(obj, sympy.Expr):
            return [self.scalar(obj)]
        raise CheckFailure(f"a {type(obj).__name__} is not a value")

    def zero(self, expr: sympy.Expr) -> Laurent:
        """A used zero, confirmed to be (± a multiple 1 of) a fact."""
        wanted = self.scalar(expr, scan=False)
        for fact in self.facts.zeros:
            known = self.scalar(fact, scan=False)
            if (wanted - known).is_zero() or (wanted + known).is_zero():
                return wanted
        raise CheckFailure(f"{shown_text(expr)} = 0 is not established by a used step")

    def constraint_entries(self, constraints, size: int) -> list:
        total = [Laurent() for _ in range(size)]
        for constraint in constraints:
            zero = self.zero(constraint.zero)
            multipliers = self.entries(constraint.multiplier)
            if len(multipliers) != size:
                raise CheckFailure("a constraint's multiplier has the wrong shape")
            total = [t + m * zero for t, m in zip(total, multipliers)]
        return total

    # claims ---------------------------------------------------------------
    def equality(self, claim) -> tuple:
        """The evidence that lhs − rhs − Σ multiplier·zero is 0 entry by entry."""
        if same_shaped_arrays(claim.lhs, claim.rhs) and not claim.constraints:
            rhs_entry = substitute(claim.rhs.entry, dict(zip(claim.rhs.indices, claim.lhs.indices)))
            difference = from_sympy(self.written(claim.lhs.entry - rhs_entry), self.cache)
            if difference.is_zero():
                return (("entry-formulas", True),)
        if shape(claim.lhs) != shape(claim.rhs):
            raise CheckFailure(f"shapes differ: {shape(claim.lhs)} vs {shape(claim.rhs)}")
        lhs, rhs = self.entries(claim.lhs), self.entries(claim.rhs)
        extra = self.constraint_entries(claim.constraints, len(lhs))
        all_zero((a - b - e for a, b, e in zip(lhs, rhs, extra)), "lhs − rhs")
        return (("entries", len(lhs)), ("constraints", len(claim.constraints)))

    def sum_of_squares(self, claim) -> tuple:
        (expr,) = self.entries(claim.expr)
        (certificate,) = self.entries(claim.certificate)
        count = sum(sum(1 for _ in bounded_bindings(term.over)) for term in claim.certificate.terms)
        (extra,) = self.constraint_entries(claim.certificate.constraints, 1)
        all_zero([expr - certificate - extra], "expr − Σ squares − constraints")
        return (("squares", count),)


def _count(shape) -> int:
    """How many entries an array of a numeric ``shape`` has."""
    count = 1
    for size in shape:
        count *= int(size)
    return count


def same_shaped_arrays(a, b) -> bool:
    return (isinstance(a, IndexedArray) and isinstance(b, IndexedArray) and a.shape == b.shape
            and len(a.indices) == len(b.indices))


def shape(obj) -> tuple:
    if isinstance(obj, IndexedArray):
        return tuple(obj.shape)
    if isinstance(obj, RowSums):
        return tuple(obj.matrix.shape[:1])
    return ()


def term_body(term: SquareTerm) -> sympy.Expr:
    return term.coefficient * sympy.Mul(*term.positive) * term.square ** 2


MAX_BINDINGS = 200_000
"""Most assignments the limits of one square term may have: a 50 × 50 double sum has 2 500."""


def bounded_bindings(over):
    """``bindings(over)``, refused when their count could exceed MAX_BINDINGS (a hostile certificate's four
    nested sums over 0 … 199 would take hours), and that count charged to the proof's budget."""
    bound = 1
    for _, low, high in over:
        values = [sympy.sympify(x) for x in (low, high)]
        span = max((v for v in values if v.is_Integer), default=0, key=abs)
        bound *= abs(int(span)) + 1
    if bound > MAX_BINDINGS:
        raise CheckFailure(f"the limits {over} may write out more than {MAX_BINDINGS} terms")
    spend("entries", bound)  # charged to the proof's budget: every enumeration of index values (A14-1)
    return bindings(over)


def bindings(over):
    """Every integer assignment of the bound indices of ``over`` (outermost limit last)."""
    if not over:
        yield {}
        return
    *inner, (index, low, high) = over
    if not (sympy.sympify(low).is_Integer and sympy.sympify(high).is_Integer):
        raise CheckFailure(f"summation limits {shown_text(low, 60)}..{shown_text(high, 60)} are not integers")
    if int(high) < int(low) - 1:
        raise CheckFailure(f"reversed summation range {low}..{high}")
    for value in range(int(low), int(high) + 1):
        spend("entries", 1)  # every value walked, at every level: empty inner ranges yield nothing, yet four nested
        # sums over 0 … 230 walked 2 million of them, uncharged (A39-1)
        for rest in bindings(tuple((i, l.subs(index, value), h.subs(index, value)) for i, l, h in inner)):
            yield {index: value, **rest}


def all_zero(differences, what: str) -> None:
    for n, difference in enumerate(differences):
        if not difference.is_zero():
            shown = shown_text(difference.head(20).to_sympy())
            more = f" (and {len(difference.terms) - 20} more terms)" if len(difference.terms) > 20 else ""
            raise CheckFailure(f"{what} is not 0 at entry {n}: {shown}{more}")


@lru_cache(maxsize=4096)
def diff(f: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """sympy.diff, term by term for a sum (terms free of ``var`` contribute 0), its work estimated and charged first."""
    charge_derivative(f)
    if f.is_Add:
        return sympy.Add(*(sympy.diff(term, var) for term in f.args if var in term.free_symbols))
    return sympy.diff(f, var)


def expand_logs(expr: sympy.Expr) -> sympy.Expr:
    """Split logs of positive products: log(e^t·Σ e^{z}) -> t + log(Σ e^{z})."""
    expr = sympy.expand(expr, power_exp=True, log=False, mul=False, multinomial=False)
    return expr.replace(
        lambda e: isinstance(e, sympy.log),
        lambda e: sympy.expand_log(sympy.log(sympy.factor_terms(e.args[0])), deep=False),
    )
