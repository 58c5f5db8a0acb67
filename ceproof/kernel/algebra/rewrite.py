"""Rewrite rules for sums in index notation, and the normal form they lead to.

Each rule is a small, explicit transformation that is valid for every K:
linearity of Σ, Kronecker-δ sifting, splitting a separable double sum, the
sum of a constant and renaming a bound index. ``normalize`` applies them (with SymPy's expand) until
nothing changes, so two index expressions that are equal for every K reduce
to the same normal form; the names of the rules that fired are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import sympy
from sympy import KroneckerDelta, Sum

from .expansion import bounded_expand, expanded_terms
from ..budget import size, spend
from .laurent import NotALaurentPolynomial
from ..text import shown_text


@dataclass(frozen=True)
class Rule:
    """A named rewrite ``pattern -> result`` applied bottom-up wherever it matches (its docstring
    states it); ``name`` identifies it in a check's evidence."""

    name: str
    apply: Callable[[Sum, "Ranges"], sympy.Expr | None]


Ranges = dict  # free index symbol -> (low, high)


def substitute(expr: sympy.Basic, mapping: dict) -> sympy.Basic:
    """``expr`` with the free occurrences of ``mapping``'s keys replaced, avoiding capture.

    Inside a Σ, a key that the Σ binds is left alone (it is another variable there), and a
    bound index that a replacement mentions is first renamed to a fresh dummy. A node rebuilt around a
    constant that is not a rational (e¹⁰⁰ once s := 100) meets its stand-in instead (``rebuilt``).
    """
    if not mapping:
        return expr
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    if not isinstance(expr, Sum):
        args = tuple(substitute(a, mapping) for a in expr.args)
        return rebuilt(expr, args) if args != expr.args else expr
    limits, scope = [], dict(mapping)
    for index, low, high in reversed(expr.limits):  # outermost first: its bounds see the outer scope
        low, high = substitute(low, scope), substitute(high, scope)
        scope = {k: v for k, v in scope.items() if index not in k.free_symbols}
        incoming = set().union(*(sympy.sympify(v).free_symbols for v in scope.values())) if scope else set()
        if index in incoming:
            fresh = sympy.Dummy(index.name, integer=True)
            scope[index] = fresh
            index = fresh
        limits.append((index, low, high))
    return Sum(substitute(expr.function, scope), *reversed(limits))


EVALUATED = (sympy.floor, sympy.Mod, sympy.KroneckerDelta, sympy.Max, sympy.Abs)
"""Nodes SymPy evaluates when it builds them, by comparing or rounding their arguments: their arguments must be
polynomials (``wellformed.EXACT_ONLY``), and building one is sized by ``evaluation_cost``."""

MAX_MAXIMUM_ARGUMENTS = 4
"""Most arguments of a Max (the multiclass hinge max(0, 1 + z₁ − z₀, 1 + z₂ − z₀) has three)."""

MAX_EVALUATION_COST = 2_000
"""Most work SymPy may do building one such node (``evaluation_cost``), at about 1 ms a unit (as SIGN_QUERY_NODES):
a Max compares every pair of its arguments (two 2 146-term polynomials took 10 s: C54-1, 62 s of CPU for 237 kB
over ten definitions; four 231-term ones 3.5 s: C53-1); ⌊E⌋ of a 2 080-term polynomial takes about 30 s, and its
time grows with the square of E's terms (C55-1: three of them, 92 s of CPU for 680 kB)."""

FREE_EVALUATION = 64
"""What building a small node costs is not charged to the proof's budget: it is bounded by the nodes written out,
which are (δ(i, j), |W₀|, max(0, x) written out thousands of times in ceproof's own proofs)."""


def evaluation_cost(func, arguments) -> int:
    """What building ``func(*arguments)`` costs SymPy (at most MAX_EVALUATION_COST + 1): the pairs of arguments (one
    at least) times the nodes and multiplied-out terms of all of them."""
    pairs = max(1, len(arguments) * (len(arguments) - 1) // 2)
    cap = MAX_EVALUATION_COST + 1
    total = 0
    for argument in arguments:
        total += size(argument, cap) + expanded_terms(argument, cap)
        if pairs * total > MAX_EVALUATION_COST:
            return cap
    return pairs * total


def evaluation_allowed(func, arguments) -> bool:
    """Whether ``func(*arguments)`` may be built: at most MAX_EVALUATION_COST, and a Max of two to
    MAX_MAXIMUM_ARGUMENTS arguments."""
    if func is sympy.Max and not 2 <= len(arguments) <= MAX_MAXIMUM_ARGUMENTS:
        return False
    return evaluation_cost(func, arguments) <= MAX_EVALUATION_COST


def rebuilt(expr: sympy.Basic, args: tuple) -> sympy.Basic:
    """``expr.func(*args)``, unless that makes a constant that is not a rational (e¹⁰⁰ once s := 100,
    √2 once a := 2): SymPy evaluates |c|, ⌊c⌋, max(c, 0), δ(c, 0), √(c²) and the like around such a c
    on construction, judging its sign by a 2-digit float, which cancellation ruins. No claim holds one
    (``wellformed``), so none is ever made from them. Nor is a rational of more than MAX_CONSTANT_BITS
    bits (a tower of definitions αₖ := αₖ₋₁⁶⁴ would otherwise make 3^(64⁵))."""
    if expr.func is sympy.Mod and (len(args[0].free_symbols) > 4 or expanded_terms(args[0], 64) > 64):
        raise NotALaurentPolynomial("writing it out makes a remainder of a large polynomial, which SymPy's Mod "
                                    "would take a gcd of at any cost")
    if expr.func in EVALUATED:  # SymPy merges a Max of maxima and compares every pair of their arguments
        flat = [inner for a in args for inner in (a.args if isinstance(a, sympy.Max) else (a,))] \
            if expr.func is sympy.Max else list(args)
        if not evaluation_allowed(expr.func, flat):
            raise NotALaurentPolynomial(f"writing it out makes a {expr.func.__name__} of {len(flat)} argument(s) that "
                                        f"would cost SymPy over {MAX_EVALUATION_COST} units to build (pairs × nodes "
                                        f"and terms multiplied out; a Max has at most {MAX_MAXIMUM_ARGUMENTS})")
        cost = evaluation_cost(expr.func, flat)
        if cost > FREE_EVALUATION:
            spend("signs", cost)  # each comparison or rounding is a sign query (C54-1: ten maxima rebuilt, 62 s)
    if expr.func is sympy.Pow and args[0].is_Rational and args[1].is_Integer and \
            bits(args[0]) * abs(int(args[1])) > MAX_CONSTANT_BITS:
        raise NotALaurentPolynomial(f"writing it out makes a number of more than {MAX_CONSTANT_BITS} bits")
    if not (expr.func in (sympy.Add, sympy.Mul, Sum) or (expr.func is sympy.Pow and args[1].is_Integer)) and any(
            isinstance(a, sympy.Expr) and a.is_number and not a.is_Rational for a in args):
        raise NotALaurentPolynomial(f"writing it out puts the constant {shown_text(next(a for a in args if a.is_number and not a.is_Rational), 60)} "
                                    f"in a {expr.func.__name__}, which SymPy would evaluate by its float")
    built = expr.func(*args)
    if isinstance(built, sympy.Rational) and bits(built) > MAX_CONSTANT_BITS:
        raise NotALaurentPolynomial(f"writing it out makes a number of more than {MAX_CONSTANT_BITS} bits")
    if isinstance(built, sympy.Expr) and built.is_number and not built.is_Rational and irrational(built):
        raise NotALaurentPolynomial(f"writing it out makes the constant {shown_text(built, 60)}, which is not a "
                                    "rational number: the kernel never judges its sign")
    for part in built.args:  # √(0·g₀² − g₀²) is built as I·|g₀|: the constant is a factor, not the node (A27-1)
        if isinstance(part, sympy.Expr) and part.is_number and not part.is_Rational and irrational(part):
            raise NotALaurentPolynomial(f"writing it out makes the constant {shown_text(part, 60)} (in "
                                        f"{shown_text(built, 60)}), which is not a rational number")
    return built


MAX_CONSTANT_BITS = 1 << 16
"""Numbers made by writing definitions out: 16 times the largest a claim may hold."""


def bits(number: sympy.Rational) -> int:
    """The bits of a rational's larger part (numerator or denominator)."""
    return max(abs(int(number.p)).bit_length(), int(number.q).bit_length())


def irrational(constant: sympy.Expr) -> bool:
    """Whether ``constant`` holds a node that may make an irrational (or no, or no real) number: exp, log,
    tanh, a power with a fractional exponent, e, π, ∞, ``nan`` or the imaginary unit (√(i − 1) at i = 0 is
    built as I: B26-1)."""
    return any(isinstance(node, (sympy.exp, sympy.log, sympy.tanh, sympy.NumberSymbol))
               or (node.is_Pow and not node.exp.is_Integer)
               or node in (sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I)
               for node in sympy.preorder_traversal(constant))


def replace(expr: sympy.Basic, mapping: dict) -> sympy.Basic:
    """``expr.xreplace(mapping)``, every node it rebuilds rebuilt as ``rebuilt`` does."""
    if expr in mapping:
        return mapping[expr]
    if not expr.args:
        return expr
    args = tuple(replace(a, mapping) if isinstance(a, sympy.Basic) else a for a in expr.args)
    return rebuilt(expr, args) if args != expr.args else expr


def rename_bound(expr: sympy.Basic, avoid: set) -> sympy.Basic:
    """``expr`` with every bound index that is in ``avoid`` renamed to a fresh dummy with the same
    assumptions, so that substituting values that mention those names cannot capture them."""
    if not avoid or not isinstance(expr, sympy.Basic) or not expr.has(Sum):
        return expr
    if isinstance(expr, Sum):
        function = rename_bound(expr.function, avoid)
        renames = {index: sympy.Dummy(index.name, **index.assumptions0)
                   for index, _, _ in expr.limits if index in avoid}
        limits = [(renames.get(index, index),
                   substitute(rename_bound(low, avoid), {k: v for k, v in renames.items() if k in outer}),
                   substitute(rename_bound(high, avoid), {k: v for k, v in renames.items() if k in outer}))
                  for n, (index, low, high) in enumerate(expr.limits)
                  for outer in [{limit[0] for limit in expr.limits[n + 1:]}]]
        return Sum(substitute(function, renames), *limits)
    args = tuple(rename_bound(a, avoid) for a in expr.args)
    return expr.func(*args) if args != expr.args else expr


def write_out(expr: sympy.Basic, scalars: dict, indexed: dict, ranges: dict, rounds: int | None = None) -> sympy.Basic:
    """``expr`` with definitions substituted until none is left (or ``rounds`` times): ``scalars`` maps a
    symbol to its value, ``indexed`` a base p to (i, rhs) for p[i] := rhs. Never captures: a bound index
    named like a defined symbol or like a name a value speaks of is renamed first. p[w] is written out
    only where w is shown to lie in the range of i (``ranges``: position index -> (low, high)): the
    definition says nothing of p[−1]."""
    if not scalars and not indexed:
        return expr
    if written_size(expr, scalars, indexed) > MAX_WRITTEN_NODES:
        raise NotALaurentPolynomial(f"written out, its definitions would make more than {MAX_WRITTEN_NODES} "
                                    "nodes (each definition counted where it is used)")
    avoid = set(scalars) | set().union(*(sympy.sympify(v).free_symbols for v in scalars.values()),
                                       *(rhs.free_symbols - {index} for index, rhs in indexed.values()))
    for _ in range((len(scalars) + len(indexed) if rounds is None else rounds) + 1):
        renamed = rename_bound(expr, avoid)
        done = replace(renamed, scalars) if scalars else renamed
        if indexed and any(x.base in indexed for x in done.atoms(sympy.Indexed)):
            done = _entries_written(done, indexed, ranges, ())
        if done == renamed:
            return renamed
        expr = done
    return expr


MAX_WRITTEN_NODES = 200_000
"""Most nodes an expression may have once its definitions are written out: a chain aₙ := aₙ₋₁² + aₙ₋₁
doubles at each level, and SymPy walks every copy."""


def written_size(expr: sympy.Basic, scalars: dict, indexed: dict) -> int:
    """The nodes of ``expr`` with every definition written out, counted without writing it (at most
    MAX_WRITTEN_NODES + 1): a definition counts its value's size wherever it is used."""
    cap = MAX_WRITTEN_NODES + 1
    sizes: dict = {}

    def size(node) -> int:
        if node in sizes:
            return sizes[node]
        sizes[node] = cap  # a definition met again while being counted (circular) counts as too large
        if node in scalars:
            found = size(sympy.sympify(scalars[node]))
        elif isinstance(node, sympy.Indexed) and node.base in indexed:
            found = min(cap, size(indexed[node.base][1]) + sum(size(i) for i in node.indices))
        else:
            found = 1
            for arg in node.args:
                found = min(cap, found + size(arg))
        sizes[node] = found
        return found

    return size(expr)


def _entries_written(expr, indexed: dict, ranges: dict, enclosing: tuple):
    """Each defined entry p[w] within the range of its definition replaced by the definition at w."""
    if isinstance(expr, sympy.Indexed):
        if expr.base in indexed and len(expr.indices) == 1:
            index, rhs = indexed[expr.base]
            if index in ranges and within(expr.indices[0], ranges[index], enclosing, ranges):
                return substitute(rhs, {index: expr.indices[0]})
        return expr
    if not expr.args:
        return expr
    if isinstance(expr, Sum):
        return Sum(_entries_written(expr.function, indexed, ranges, (*enclosing, *reversed(expr.limits))),
                   *expr.limits)
    args = tuple(_entries_written(a, indexed, ranges, enclosing) for a in expr.args)
    return rebuilt(expr, args) if args != expr.args else expr


def within(index, bounds: tuple, enclosing: tuple, ranges: dict) -> bool:
    """Whether low ≤ ``index`` ≤ high (``bounds``) wherever the enclosing sums' indices range (outermost
    first), a free position index over its own range (``ranges``)."""
    return _within(sympy.sympify(index), tuple(bounds), tuple(enclosing), tuple(sorted(ranges.items(), key=str)))


@lru_cache(maxsize=4096)
def _within(index, bounds: tuple, enclosing: tuple, ranges: tuple) -> bool:
    low, high = bounds
    bound = {limit[0] for limit in enclosing}
    own = dict(ranges)
    free = index.free_symbols - bound
    if free - set(own):
        return False
    limits = (*((s, *own[s]) for s in sorted(free, key=str)), *enclosing)
    return nonnegative_on(index - low, limits) and nonnegative_on(high - index, limits)


def nonnegative_on(count, enclosing: tuple, calls: list | None = None) -> bool:
    """Whether ``count`` (affine in the enclosing indices, outermost first) is ≥ 0 wherever they range: at its
    least end for an index whose coefficient is a number, at both ends otherwise (at most MAX_END_CALLS in
    all: 20 nested indices tried both ends of each, 2²⁰ cases, for minutes: C28-1)."""
    calls = [0] if calls is None else calls
    calls[0] += 1
    if calls[0] > MAX_END_CALLS:
        return False
    spend("ranges", 1)  # 600 entries asking 255 ends each took 108 s (A29-1): one budget per proof
    if calls[0] == 1 and not _small_in(count, {limit[0] for limit in enclosing}):
        return False  # (a₁ + … + a₁₄ + 1)⁵ multiplied out and its degree asked: 121 s (C30-1)
    count = bounded_expand(count)
    if count.is_nonnegative:
        return True
    for n in range(len(enclosing) - 1, -1, -1):
        index, low, high = enclosing[n]
        if index in count.free_symbols:
            try:
                if sympy.degree(count, index) > 1:
                    return False
            except sympy.PolynomialError:
                return False
            rest = enclosing[:n]
            slope = count.coeff(index)
            if slope.is_number and slope.is_real:
                return nonnegative_on(count.subs(index, low if slope >= 0 else high), rest, calls)
            return nonnegative_on(count.subs(index, low), rest, calls) and \
                nonnegative_on(count.subs(index, high), rest, calls)
    return False


def _small_in(count, indices: set) -> bool:
    """Whether ``count`` is small (at most MAX_COUNT_NODES nodes) and of degree at most 2 in ``indices``, judged
    on its tree before anything is multiplied out."""
    nodes = 0
    for _ in sympy.preorder_traversal(count):
        nodes += 1
        if nodes > MAX_COUNT_NODES:
            return False

    def degree(node) -> int:
        if node in indices:
            return 1
        if not node.free_symbols & indices:
            return 0
        if node.is_Add:
            return max(degree(a) for a in node.args)
        if node.is_Mul:
            return sum(degree(a) for a in node.args)
        if node.is_Pow and node.exp.is_Integer and node.exp > 0:
            return int(node.exp) * degree(node.base)
        return 3  # a function of an index, or a negative power: not a polynomial count

    return degree(count) <= 2


MAX_COUNT_NODES = 300
"""Most nodes of a count whose sign over index ranges is decided (ceproof's own have a few dozen)."""

MAX_END_CALLS = 256
"""Most ends of ranges one question "≥ 0 wherever the indices range" may try."""


def _wrap(function: sympy.Expr, limits) -> sympy.Expr:
    """Σ over ``limits`` (innermost first) of ``function``; no limits means the function itself."""
    return Sum(function, *limits) if limits else function


def linearity(expr: Sum, ranges: Ranges):
    """Σᵢ (a + b) -> Σᵢ a + Σᵢ b;  Σᵢ c·f(i) -> c·Σᵢ f(i) when c does not depend on i.

    With several limits (SymPy's nested Σ), factors are pulled out of the innermost one.
    """
    function, (inner, *outer) = expr.function, expr.limits
    if function.is_Add:
        return sympy.Add(*(Sum(term, *expr.limits) for term in function.args))
    index = inner[0]
    if function.is_Mul:
        outside = [f for f in function.args if index not in f.free_symbols]
        if outside:
            inside = [f for f in function.args if index in f.free_symbols]
            return _wrap(sympy.Mul(*outside) * Sum(sympy.Mul(*inside), inner), outer)
    return None


def kronecker_sifting(expr: Sum, ranges: Ranges):
    """Σᵢ δ(i, j)·f(i) -> f(j), for j free or bound further out, with the same range as i."""
    (index, low, high), *outer = expr.limits
    known = dict(ranges)
    known.update({limit[0]: tuple(limit[1:]) for limit in outer})
    factors = sympy.Mul.make_args(expr.function)
    for factor in factors:
        if isinstance(factor, KroneckerDelta) and index in factor.args:
            other = factor.args[0] if factor.args[1] == index else factor.args[1]
            if other == index or known.get(other) != (low, high):
                continue
            rest = sympy.Mul(*(f for f in factors if f is not factor))
            return _wrap(substitute(rest, {index: other}), outer)
    return None


def constant_sum(expr: Sum, ranges: Ranges):
    """Σᵢ₌ₐᵇ c -> (b − a + 1)·c when c does not depend on i, and only when b − a + 1 ≥ 0 is known
    (an empty or reversed range is left alone)."""
    (index, low, high), *outer = expr.limits
    if index in expr.function.free_symbols:
        return None
    count = high - low + 1
    if count.is_nonnegative is not True:
        return None
    return _wrap(count * expr.function, outer)


def _bound_inside(expr: sympy.Basic) -> set:
    """Every index bound by a Sum inside ``expr``."""
    return {limit[0] for s in expr.atoms(Sum) for limit in s.limits}


def split_separable(expr: Sum, ranges: Ranges):
    """Σᵢ Σⱼ a(i)·b(j) -> (Σᵢ a(i))·(Σⱼ b(j)) when no factor depends on both i and j."""
    if len(expr.limits) != 2:
        return None
    (j, *_), (i, *_) = expr.limits
    if i in expr.limits[0].free_symbols:
        return None
    factors = sympy.Mul.make_args(expr.function)
    if any(i in f.free_symbols and j in f.free_symbols for f in factors):
        return None
    a = sympy.Mul(*(f for f in factors if j not in f.free_symbols))
    b = sympy.Mul(*(f for f in factors if j in f.free_symbols))
    return Sum(a, expr.limits[1]) * Sum(b, expr.limits[0])


def rename_bound_index(expr: Sum, ranges: Ranges):
    """Σᵢ f(i) -> Σ_ιₕ f(ιₕ): each bound index gets a canonical name set by its nesting height h."""
    height = _height(expr.function)
    names = {limit[0]: bound_name(height + n) for n, limit in enumerate(expr.limits)}
    if all(old == new for old, new in names.items()):
        return None
    free = expr.free_symbols | _bound_inside(expr.function)
    if any(new in free and new not in names for new in names.values()):
        return None  # the canonical name is taken here; an enclosing rename frees it first
    limits = expr.limits
    # a limit's bounds lie outside its own binding: they see only the indices of the limits outside it
    return Sum(substitute(expr.function, names),
               *[(names[index], substitute(low, outer), substitute(high, outer))
                 for n, (index, low, high) in enumerate(limits)
                 for outer in [{limit[0]: names[limit[0]] for limit in limits[n + 1:]}]])


@lru_cache(maxsize=None)
def bound_name(height: int) -> sympy.Symbol:
    """The reserved name of a bound index at nesting height ``height``."""
    return sympy.Symbol(f"ι{height}", integer=True, nonnegative=True)


def _height(expr: sympy.Basic) -> int:
    """How many summation limits are nested inside ``expr`` (0 when none)."""
    return max(
        (_height(a) + (len(a.limits) if isinstance(a, Sum) else 0) for a in expr.args),
        default=0,
    )


LINEARITY = Rule("linearity", linearity)
SIFTING = Rule("sifting", kronecker_sifting)
SEPARABLE = Rule("separable", split_separable)
RENAME = Rule("renaming", rename_bound_index)
CONSTANT = Rule("constant-sum", constant_sum)
RULES = (SEPARABLE, SIFTING, LINEARITY, CONSTANT, RENAME)


def apply_rule(rule: Rule, expr: sympy.Expr, ranges: Ranges) -> sympy.Expr:
    """Apply ``rule`` bottom-up to every Sum in ``expr``, once per node.

    Inside a Sum, its bound indices take the Sum's own range (shadowing a free index's).
    """
    if not expr.args:
        return expr
    inner_ranges = ranges
    if isinstance(expr, Sum):
        bound = {limit[0] for limit in expr.limits}
        # a range that speaks of a name this Σ binds meant another variable: it no longer applies inside
        inner_ranges = {index: span for index, span in ranges.items()
                        if index not in bound and not sympy.Tuple(*span).free_symbols & bound}
        inner_ranges.update({limit[0]: tuple(limit[1:]) for limit in expr.limits})
    args = tuple(apply_rule(rule, a, inner_ranges) if isinstance(a, sympy.Expr) else a for a in expr.args)
    node = rebuilt(expr, args) if args != expr.args else expr
    if isinstance(node, Sum):
        result = rule.apply(node, ranges)
        if result is not None:
            return result
    return node


def normalize(expr: sympy.Expr, ranges: Ranges, max_rounds: int = 30) -> tuple[sympy.Expr, tuple[str, ...]]:
    """Rewrite to a normal form; return it with the names of the rules that changed something."""
    used: list[str] = []
    expr = _expand(expr)
    for _ in range(max_rounds):
        before = expr
        for rule in RULES:
            after = apply_rule(rule, expr, ranges)
            if after != expr:
                if rule.name not in used:
                    used.append(rule.name)
                expr = after
        expr = _expand(expr)
        if expr == before:
            break
    return expr, tuple(used)


def _expand(expr: sympy.Expr) -> sympy.Expr:
    """SymPy's expand (products, powers, exp of sums, logs of positive products), applied inside
    each Sum but never splitting a Sum itself: that is the linearity rule's job."""
    if not expr.args or not isinstance(expr, sympy.Expr):
        return expr
    if isinstance(expr, Sum):
        return Sum(_expand(expr.function), *expr.limits)
    args = tuple(_expand(a) for a in expr.args)
    node = rebuilt(expr, args) if args != expr.args else expr
    if isinstance(node, sympy.log):
        expanded = sympy.expand_log(node, deep=False)
        return _expand(expanded) if expanded != node else node
    if isinstance(node, (sympy.Add, sympy.Mul, sympy.Pow, sympy.exp)):
        return bounded_expand(node, deep=False, power_exp=True, log=False, multinomial=True, mul=True,
                              power_base=False)
    return node
