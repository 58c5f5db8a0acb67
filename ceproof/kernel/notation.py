"""The symbols a proof speaks of, with fixed names and assumptions, for every K or one explicit K.

One table (``VECTORS``, ``SCALARS``) fixes every name a proof may use with a meaning of its own:
``z`` is always the real logits, ``v`` always a real test vector. A certificate names a notation
by its numbers only (K, the one-hot class, d), never by its symbols, so it cannot redefine them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import sympy

from .algebra.laurent import MAX_TERMS, NotALaurentPolynomial
from .budget import OverBudget, size, spend
from .algebra.rewrite import bits, rebuilt, replace, substitute

VECTORS = {
    "z": {"real": True}, "p": {}, "y": {"real": True}, "e": {"real": True}, "g": {"real": True},
    "q": {"real": True}, "v": {"real": True}, "u": {"real": True}, "w": {"real": True},
    "b": {"real": True}, "x": {"real": True}, "xtilde": {"real": True}, "W": {"real": True},
}
"""Every IndexedBase of the notation and its declared assumptions. No entry is declared positive or
non-negative: a sign comes only from a premise or a checked step."""

ENTRY = re.compile(r"(?:(" + "|".join(name for name in VECTORS if name != "W") + r")(\d+)|W_\{(\d+),(\d+)\})\Z")
"""The name of an explicit entry: ``z0``, ``xtilde2``, ``W_{0,1}``."""


def vector_of(name: str):
    """The vector an explicit entry's name belongs to (``z0`` -> ``z``, ``W_{0,1}`` -> ``W``), or None."""
    match = ENTRY.match(name)
    if match is None:
        return None
    return match.group(1) or "W"


TEST_VECTORS = ("v", "u", "w")
"""Vectors reserved for quadratic forms: real, never defined, never constrained by a premise."""

SCALARS = {"S": {}, "t": {"real": True}}
"""Plain symbols of the notation: S, the softmax normalizer (a proof defines it); t, the shift along 1."""

INDEX_NAMES = ("i", "j", "k", "l")
FEATURE_INDEX = "m"
PAIR_INDEX_NAMES = ("r", "c")
"""Row and column of a matrix over pairs (class, feature), as in the Hessian of a linear model in (W, b)."""
ARRAY_INDEX_NAMES = (*INDEX_NAMES, FEATURE_INDEX, *PAIR_INDEX_NAMES)
"""The only names an array's entry formula may use for its positions: integers ≥ 0 that nothing defines."""


@dataclass(frozen=True)
class Notation:
    """Symbol table of one proof.

    ``classes`` is K (None: every K at once, K a positive integer symbol); ``label`` is the class c of
    the one-hot vector named ``one_hot`` (``y`` or ``e``), explicit K only; ``features`` is d for a
    linear model (None with an explicit K: no features; None for every K: d a symbol). With an explicit
    K, ``z[2]`` stands for the symbol ``z2``, and the one-hot vector's entries are the numbers 0 and 1.
    """

    classes: int | None
    label: int | None = None
    features: int | None = None
    one_hot: str = "y"

    def __post_init__(self):
        if self.classes is not None and (not isinstance(self.classes, int) or self.classes < 1):
            raise ValueError(f"classes must be a positive integer or None, got {self.classes!r}")
        if self.label is not None and (self.classes is None or not 0 <= self.label < self.classes):
            raise ValueError(f"label must be a class from 0 to K − 1, got {self.label!r}")
        if self.features is not None and (self.classes is None or not isinstance(self.features, int)
                                          or self.features < 1):
            raise ValueError(f"features must be a positive integer with an explicit K, got {self.features!r}")
        if self.one_hot not in ("y", "e"):
            raise ValueError(f"the one-hot vector is y or e, not {self.one_hot!r}")

    @property
    def is_explicit(self) -> bool:
        return self.classes is not None

    @cached_property
    def K(self) -> sympy.Expr:
        if self.classes is None:
            return sympy.Symbol("K", integer=True, positive=True)
        return sympy.Integer(self.classes)

    @cached_property
    def d(self) -> sympy.Expr:
        if self.features is None:
            return sympy.Symbol("d", integer=True, positive=True)
        return sympy.Integer(self.features)

    @cached_property
    def bases(self) -> dict:
        """Name -> IndexedBase, for every vector name of the table."""
        return {name: sympy.IndexedBase(name, **assumptions) for name, assumptions in VECTORS.items()}

    def __getattr__(self, name):
        """``n.z``, ``n.W``, …: the notation's IndexedBases and scalars by name."""
        if name in VECTORS:
            return self.bases[name]
        if name in SCALARS:
            return self.scalars[name]
        raise AttributeError(name)

    @cached_property
    def scalars(self) -> dict:
        return {name: sympy.Symbol(name, **assumptions) for name, assumptions in SCALARS.items()}

    @cached_property
    def indices(self) -> tuple:
        return sympy.symbols(" ".join(INDEX_NAMES), integer=True, nonnegative=True)

    @cached_property
    def position_indices(self) -> dict:
        """Name -> the symbol of every index an array may take: i, j, k, l, m, r, c (integers ≥ 0)."""
        return {name: sympy.Symbol(name, integer=True, nonnegative=True) for name in ARRAY_INDEX_NAMES}

    @cached_property
    def index_ranges(self) -> dict:
        """Index -> (low, high) that a free index of the notation stands for: i, j, k, l over the classes
        0 … K − 1, m over the features 0 … d − 1 (where there are features)."""
        ranges = {index: (sympy.Integer(0), self.K - 1) for index in self.indices}
        if not (self.is_explicit and self.features is None):  # an explicit K without features has no m (B12-1)
            ranges[self.m] = (sympy.Integer(0), self.d - 1)
        return ranges

    @cached_property
    def m(self) -> sympy.Symbol:
        """The feature index, 0 … d − 1."""
        return sympy.Symbol(FEATURE_INDEX, integer=True, nonnegative=True)

    def bounds(self, index: sympy.Symbol) -> tuple:
        """Summation limits ``(index, 0, K − 1)``."""
        return (index, 0, self.K - 1)

    @cached_property
    def reserved(self) -> frozenset:
        """Names no step may define: K, d, the indices, the shift t, the test vectors, and the vectors the
        notation fixes to numbers (x̃ = (x, 1); the one-hot vector)."""
        fixed = {"xtilde", *([self.one_hot] if self.label is not None else [])}
        return frozenset({"K", "d", "t", *ARRAY_INDEX_NAMES, *TEST_VECTORS, *fixed})

    def size(self, base) -> tuple:
        """The length of each index of a notation vector: (K,), (d,), (d + 1,), (K(d + 1),), (Kd,) or (K, d)."""
        K, d = self.K, self.d
        return {"x": (d,), "xtilde": (d + 1,), "u": (K * (d + 1),), "w": (K * d,), "W": (K, d)}.get(base.name, (K,))

    def is_test_vector(self, base) -> bool:
        return isinstance(base, sympy.IndexedBase) and base.name in TEST_VECTORS and base == self.bases[base.name]

    # ---------------------------------------------------------------- explicit K

    @cached_property
    def symbols(self) -> dict:
        """For an explicit K: each IndexedBase's entries as plain symbols (the one-hot vector as numbers)."""
        if not self.is_explicit:
            return {}
        K = self.classes

        def named(name, count):
            return tuple(sympy.Symbol(f"{name}{r}", **VECTORS[name]) for r in range(count))

        found = {self.bases[name]: named(name, K) for name in ("z", "p", "y", "e", "g", "q", "v", "b")}
        if self.label is not None:
            found[self.bases[self.one_hot]] = tuple(sympy.Integer(int(r == self.label)) for r in range(K))
        if self.features is not None:
            d = self.features
            found[self.x] = named("x", d)
            found[self.xtilde] = found[self.x] + (sympy.Integer(1),)
            found[self.u] = named("u", K * (d + 1))
            found[self.w] = named("w", K * d)
        return found

    @cached_property
    def concrete_map(self) -> dict:
        """``{z[0]: z0, y[0]: 1, e^{z[0]}: e^{z0}, W[0, 1]: W_{0,1}, …}`` for an explicit K (whole
        exponentials too: SymPy re-evaluates every exp it rebuilds, which dominates small proofs)."""
        if not self.is_explicit:
            return {}
        table = {base[r]: s for base, values in self.symbols.items() for r, s in enumerate(values)}
        table.update({sympy.exp(self.z[r]): sympy.exp(s) for r, s in enumerate(self.symbols[self.z])})
        if self.features is not None:
            table.update({self.W[j, m]: sympy.Symbol(f"W_{{{j},{m}}}", real=True)
                          for j in range(self.classes) for m in range(self.features)})
        return table

    @cached_property
    def names_of_entries(self) -> dict:
        """Explicit entry symbol -> the name of its vector (``z0`` -> ``z``). x̃ = (x, 1) shares x's symbols,
        which belong to x."""
        return {s: str(key.base) for key, s in self.concrete_map.items()
                if isinstance(key, sympy.Indexed) and isinstance(s, sympy.Symbol) and key.base.name != "xtilde"}

    def concrete(self, expr: sympy.Expr) -> sympy.Expr:
        """Replace indexed entries with integer indices by their explicit symbols."""
        return replace(expr, self.concrete_map) if self.is_explicit else expr

    def entries(self, base: sympy.IndexedBase) -> tuple:
        return self.symbols[base]

    def explicit(self, expr: sympy.Expr) -> sympy.Expr:
        """Write out the sums of an index expression with a numeric K, over z0, p0, …"""
        return self.concrete(expand_sums(expr))


def expand_sums(expr: sympy.Expr, budget: list | None = None) -> sympy.Expr:
    """Write out every Sum with integer limits as an explicit Add (faster than Sum.doit); at most
    MAX_TERMS terms in all, however the limits nest (Σ_{h ≤ 1} Σ_{a ≤ h·10⁵⁰} would never end), and
    inside a proof's check no more than its budget has left (``budget.py``)."""
    budget = [MAX_TERMS] if budget is None else budget
    if not expr.args or not expr.has(sympy.Sum):
        return expr
    if isinstance(expr, sympy.Sum):
        return _expand_limits(expand_sums(expr.function, budget), expr.limits, budget)
    return rebuilt(expr, tuple(expand_sums(a, budget) for a in expr.args))


def _expand_limits(body: sympy.Expr, limits, budget: list) -> sympy.Expr:
    """Σ over ``limits`` (innermost first), outermost index first so inner bounds may use it; a Σ whose
    limits are not numbers (n = 1 … N over examples) stays a Σ. An empty range gives 0; a reversed one
    (high < low − 1) is refused: the well-formedness check never lets one through."""
    if not limits:
        return body
    *inner, (index, low, high) = limits
    low, high = sympy.sympify(low), sympy.sympify(high)
    if not (low.is_Integer and high.is_Integer):
        return sympy.Sum(body, *limits)
    if int(high) < int(low) - 1:
        raise ValueError(f"reversed summation range {low}..{high}")
    count = int(high) - int(low) + 1
    budget[0] -= count
    if budget[0] < 0:
        raise NotALaurentPolynomial(f"written out, the sums would have more than {MAX_TERMS} terms")
    try:
        spend("nodes", max(count, 0) * size(body))
    except OverBudget as over:
        raise NotALaurentPolynomial(str(over)) from None
    terms = []
    for r in range(int(low), int(high) + 1):
        value = {index: sympy.Integer(r)}
        # a Σ in the body whose limit was this index has numeric limits now: write it out too
        terms.append(_expand_limits(expand_sums(substitute(body, value), budget),
                                    [tuple(substitute(sympy.sympify(x), value) for x in limit) for limit in inner],
                                    budget))
    if sum(bits(part.as_coeff_Mul()[0]) for term in terms for part in sympy.Add.make_args(term)) > MAX_SUM_BITS:
        raise NotALaurentPolynomial(f"written out, the sum's coefficients would have more than {MAX_SUM_BITS} bits "
                                    "in all (SymPy adds them over one growing denominator)")  # C16-2
    return sympy.Add(*terms)


MAX_SUM_BITS = 65_536
"""Most bits the coefficients of one written-out sum may have in all: Σᵢ z₀/(i + 10⁹⁹) at K = 1000 made a
321 000-bit denominator, 50 s per sum; ceproof's own sums have coefficients of a few bits."""
