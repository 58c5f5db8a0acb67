"""SymPy expressions as JSON trees over a small whitelist of node kinds, and back, without parsing text.

A tree is a list whose first item names the node kind: ``["Add", a, b]``, ``["Symbol", "z0", "real"]``,
``["Integer", 3]``, ``["Rational", 1, 2]``, ``["Sum", body, [i, lo, hi]]``. Reading rebuilds each
node with its SymPy constructor; names, numbers, nesting and the work a node can cause are bounded,
so a hostile file can make reading fail but never make it run code or run for long.
"""

from __future__ import annotations

import re

import sympy

from ..kernel.algebra.expansion import expanded_terms
from ..kernel.algebra.rewrite import (MAX_EVALUATION_COST, MAX_MAXIMUM_ARGUMENTS, bits, evaluation_allowed,
                                      evaluation_cost)
from ..kernel.wellformed import EXACT_ONLY, MAX_EXACT_TERMS, MAX_REMAINDER_SYMBOLS, NAME, polynomial_arithmetic

ASSUMPTIONS = ("real", "positive", "nonnegative", "integer")
"""The only symbol assumptions a certificate may declare (the kernel accepts fewer combinations)."""

MAX_DIGITS = 100
MAX_DEPTH = 200
MAX_POWER = 64
"""Largest integer exponent of a number or a sum: 2**10**9 would be evaluated on reading, and
(x + y)**10**6 expanded by a check."""
MAX_EXPONENT = 10 ** 6
"""Largest numerator or denominator of a fractional exponent (a focal γ of 0.000123 has 10⁶)."""
MAX_BITS = 4096
"""Largest number a power may produce: nested powers of powers grow doubly exponentially."""
MAX_TERMS = 10_000_000
"""Most leaves that writing out the nested sums of one expression with numeric limits may produce: the
cross-entropy at K = 1000, the most classes a proof has, counts about 3·10⁶ (each exp(z[l]) of its inner Σ
three leaves, 1000 times for each of 1000 outer terms); the kernel itself writes out at most its own
budget, so this only turns away absurd files early."""


class Unreadable(ValueError):
    """The tree is not one this module writes: a one-line reason."""


FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "Abs": sympy.Abs, "tanh": sympy.tanh, "floor": sympy.floor,
    "Max": sympy.Max, "Mod": sympy.Mod, "KroneckerDelta": sympy.KroneckerDelta,
}
_ARITY = {"exp": 1, "log": 1, "Abs": 1, "tanh": 1, "floor": 1, "Mod": 2, "KroneckerDelta": 2}
"""Max takes two to four arguments (kernel.algebra.rewrite.evaluation_allowed): SymPy's constructor compares
its arguments pairwise, so Max of 350 symbols takes minutes."""


# ---------------------------------------------------------------- writing

def encode(expr) -> list:
    """The tree of a SymPy expression; a node kind outside the whitelist is a TypeError."""
    if isinstance(expr, sympy.Integer):
        return ["Integer", int(expr)]
    if isinstance(expr, sympy.Rational):
        return ["Rational", int(expr.p), int(expr.q)]
    if expr is sympy.E:
        return ["E"]
    if isinstance(expr, sympy.Dummy):
        raise TypeError(f"a dummy symbol {expr} has no name a certificate can keep")
    if isinstance(expr, sympy.Symbol):
        return ["Symbol", expr.name, *_declared(expr._assumptions_orig)]
    if isinstance(expr, sympy.IndexedBase):
        return ["IndexedBase", expr.name, *_declared(expr.label._assumptions_orig)]
    if isinstance(expr, sympy.Indexed):
        return ["Indexed", *(encode(a) for a in expr.args)]
    if isinstance(expr, sympy.Sum):
        return ["Sum", encode(expr.function), *([encode(x) for x in limit] for limit in expr.limits)]
    for table in (_BASIC, FUNCTIONS):
        for head, kind in table.items():
            if type(expr) is kind:
                return [head, *(encode(a) for a in expr.args)]
    raise TypeError(f"no certificate node kind for {type(expr).__name__}")


def _declared(assumptions: dict) -> list:
    unknown = sorted(k for k, v in assumptions.items() if k not in ASSUMPTIONS or v is not True)
    if unknown:
        raise TypeError(f"assumption {unknown[0]} cannot be written to a certificate")
    return sorted(assumptions)


_BASIC = {"Add": sympy.Add, "Mul": sympy.Mul, "Pow": sympy.Pow}


# ---------------------------------------------------------------- reading

class Reader:
    """Rebuilds trees; remembers symbols so that each name and assumption set is made once."""

    def __init__(self, known=()):
        """``known``: symbols and IndexedBases to reuse when the tree names them with the same
        assumptions (the notation's own z, p, …: the checks then meet the very objects they key on)."""
        self._symbols: dict = {}
        self._costs: dict = {}
        self.evaluation_work = 0  # what building the file's Max, floor, Mod, δ, |·| costs SymPy, in all
        self._shared: dict = {}
        self._declared: dict = {}  # (kind, name) -> assumptions: one meaning per name of a kind in the file
        self._notation: dict = {}  # (kind, name) -> assumptions of the notation's own symbol of that name
        for obj in known:
            if isinstance(obj, (sympy.Symbol, sympy.IndexedBase)) and not isinstance(obj, sympy.Dummy):
                head, *rest = encode(obj)
                self._symbols[(head, rest[0], tuple(rest[1:]))] = obj
                self._notation[(head, rest[0])] = tuple(rest[1:])

    def decode(self, tree, depth: int = 0):
        if depth > MAX_DEPTH:
            raise Unreadable(f"an expression is nested more than {MAX_DEPTH} deep")
        if not isinstance(tree, list) or not tree or not isinstance(tree[0], str):
            raise Unreadable(f"expected an expression node, got {_short(tree)}")
        head, args = tree[0], tree[1:]
        reader = self._READERS.get(head)
        if reader is not None:
            return reader(self, args, depth)
        if head in FUNCTIONS or head in _BASIC:
            items = [self.decode(a, depth + 1) for a in args]
            key = (head, *map(id, items))  # equal subtrees become one shared object, as in the prover
            if key in self._shared:
                return self._shared[key][0]
            built = self._compound(head, items)
            self._check_nesting(built)
            # Max(k, i): 10 ms (C24-1); (1 + u²)^(1/2): 9 ms (C25-1); E^(u²) is built as exp(u²) (C27-1)
            if head in FUNCTIONS or _asks_signs(head, items) or isinstance(built, sympy.Function):
                self._functions = getattr(self, "_functions", 0) + 1
                if self._functions > MAX_FUNCTION_NODES:
                    raise Unreadable(f"more than {MAX_FUNCTION_NODES} distinct function nodes (exp, log, Max, δ, …) "
                                     "and powers of compound bases: SymPy asks signs to build each")
            self._shared[key] = (built, items)  # the items stay alive, so their ids stay unique
            return built
        raise Unreadable(f"unknown node kind {_short(head)}")

    def _check_nesting(self, built) -> None:
        """Functions (and powers to symbolic exponents) nest at most MAX_FUNCTION_NESTING deep: SymPy walks the
        whole argument to build each level, so a chain e^{3a·e^{3a·…}} 99 deep took 3 s to read (C36 lead)."""
        memo = self.__dict__.setdefault("_nesting", {})

        def nesting(e) -> int:
            if not isinstance(e, sympy.Basic) or not e.args:
                return 0
            if e not in memo:
                own = isinstance(e, sympy.Function) or (e.is_Pow and bool(e.exp.free_symbols))
                memo[e] = max(nesting(a) for a in e.args) + own
            return memo[e]

        if nesting(built) > MAX_FUNCTION_NESTING:
            raise Unreadable(f"functions nest more than {MAX_FUNCTION_NESTING} deep (exp of exp of …); ceproof's own "
                             "certificates nest them at most 3 deep")

    def _compound(self, head: str, items: list):
        arity = _ARITY.get(head)
        if (arity is not None and len(items) != arity) or not items:
            raise Unreadable(f"node {head} takes {arity or 'some'} argument(s), got {len(items)}")
        if head == "Pow":
            return self._power(items)
        if FUNCTIONS.get(head) in EXACT_ONLY and not all(polynomial_arithmetic(item) for item in items):
            raise Unreadable(f"{head} is applied only to polynomials in symbols and rational numbers (SymPy "
                             "evaluates it on construction, at any cost)")
        if head == "Mod" and (len(items[0].free_symbols) > MAX_REMAINDER_SYMBOLS or _degree(items[0]) > MAX_REMAINDER_DEGREE
                              or items[1].is_positive is not True or _degree(items[1]) > 1
                              or not {str(s) for s in items[1].free_symbols} <= {"K", "d"}):
            raise Unreadable(f"Mod is taken of a polynomial of degree at most {MAX_REMAINDER_DEGREE} in at most "
                             f"{MAX_REMAINDER_SYMBOLS} symbols, by a positive number or size (SymPy's Mod takes a gcd on "
                             "construction, at any cost)")
        if head == "Max" and any(isinstance(item, sympy.Max) for item in items):
            raise Unreadable("a Max inside a Max is refused (SymPy merges them and compares every pair)")
        if FUNCTIONS.get(head) in EXACT_ONLY:
            function = FUNCTIONS[head]
            if not evaluation_allowed(function, items):
                raise Unreadable(f"{head} takes polynomials that SymPy evaluates for at most {MAX_EVALUATION_COST} "
                                 f"units (pairs × nodes and terms multiplied out; a Max takes two to "
                                 f"{MAX_MAXIMUM_ARGUMENTS})")
            self.evaluation_work += evaluation_cost(function, items)
            if self.evaluation_work > MAX_READ_EVALUATION_WORK:
                raise Unreadable(f"the Max, floor, Mod, δ and |·| nodes of this file would cost SymPy over "
                                 f"{MAX_READ_EVALUATION_WORK} units to build (pairs × nodes and terms multiplied out)")
        if head == "exp":
            _exponent_allowed(items[0])
        if FUNCTIONS.get(head) in EXACT_ONLY and any(expanded_terms(item, MAX_EXACT_TERMS) > MAX_EXACT_TERMS
                                                     for item in items):
            raise Unreadable(f"{head} is applied only to polynomials of at most {MAX_EXACT_TERMS} terms multiplied "
                             "out (SymPy's Mod expands its argument on construction)")
        if head in ("Add", "Mul") and sum(item.is_Number for item in items) > 1:
            raise Unreadable(f"a {head} node with more than one number is not in SymPy's canonical form")
        if head in ("Add", "Mul") and coefficient_bits(items, head) > MAX_NODE_BITS:
            raise Unreadable(f"the numbers of one {head} node have more than {MAX_NODE_BITS} bits in all (SymPy adds "
                             "its fractions and exponents over one growing denominator on construction)")
        try:
            built = (FUNCTIONS.get(head) or _BASIC[head])(*items)
        except (TypeError, ValueError, AttributeError, IndexError, NotImplementedError) as error:
            raise Unreadable(f"node {head} cannot be built: {_short(str(error))}") from None
        if head == "Mul":  # equal factors merge: (x + y)·(x + y)·… is (x + y)ⁿ
            for factor in (built.args if built.is_Mul else (built,)):
                if factor.is_Pow:
                    self._bounded_power(factor.base, factor.exp)
        return _bounded_numbers(built)

    def _integer(self, args, depth):
        (value,) = _exactly(args, 1, "Integer")
        return sympy.Integer(bounded_int(value))

    def _rational(self, args, depth):
        p, q = _exactly(args, 2, "Rational")
        p, q = bounded_int(p), bounded_int(q)
        if q == 0:
            raise Unreadable("a rational has denominator 0")
        return sympy.Rational(p, q)

    def _e(self, args, depth):
        _exactly(args, 0, "E")
        return sympy.E

    def _symbol(self, args, depth):
        return self._made_once("Symbol", args, sympy.Symbol)

    def _indexed_base(self, args, depth):
        return self._made_once("IndexedBase", args, sympy.IndexedBase)

    def _made_once(self, kind: str, args, make):
        """One object per name: a second declaration of the same name with other assumptions would be
        another SymPy symbol, invisible in a report that lists each name once."""
        name, assumptions = self._named(args, kind)
        declared = self._declared.setdefault((kind, name), assumptions)
        if declared != assumptions:
            raise Unreadable(f"the {kind} {name} is declared twice, as {' '.join(declared) or '(plain)'} and as "
                             f"{' '.join(assumptions) or '(plain)'}")
        notation = self._notation.get((kind, name))
        if notation is not None and notation != assumptions:
            raise Unreadable(f"the {kind} {name} is declared {' '.join(assumptions) or '(plain)'}, but the notation's "
                             f"{name} is {' '.join(notation) or '(plain)'}")
        key = (kind, name, assumptions)
        if key not in self._symbols:
            self._symbols[key] = make(name, **{a: True for a in assumptions})
        return self._symbols[key]

    def _named(self, args, kind):
        if not args or not isinstance(args[0], str) or not NAME.match(args[0]):
            raise Unreadable(f"a {kind} needs a plain name (a letter, perhaps with bar, hat or tilde, then digits), got {_short(args[:1])}")
        assumptions = tuple(args[1:])
        if any(not isinstance(a, str) or a not in ASSUMPTIONS for a in assumptions) or len(set(assumptions)) < len(assumptions):
            raise Unreadable(f"{kind} {args[0]} declares assumptions other than {', '.join(ASSUMPTIONS)}: "
                             f"{_short(list(assumptions))}")
        return args[0], tuple(sorted(assumptions))

    def _indexed(self, args, depth):
        if len(args) < 2:
            raise Unreadable("an Indexed node needs a base and at least one index")
        base = self.decode(args[0], depth + 1)
        if not isinstance(base, sympy.IndexedBase):
            raise Unreadable("an Indexed node's base must be an IndexedBase")
        return sympy.Indexed(base, *(self.decode(a, depth + 1) for a in args[1:]))

    def _sum(self, args, depth):
        if len(args) < 2:
            raise Unreadable("a Sum node needs a body and at least one limit")
        if len(args) - 1 > MAX_SUM_LIMITS:  # 7000 limits: each checked against every one outside it (C29-1)
            raise Unreadable(f"a Sum has at most {MAX_SUM_LIMITS} limits")
        body = self.decode(args[0], depth + 1)
        limits = []
        for limit in args[1:]:
            if not isinstance(limit, list) or len(limit) != 3 or (limit and isinstance(limit[0], str)):
                raise Unreadable("a Sum limit is a list [index, low, high]")
            index, low, high = (self.decode(x, depth + 1) for x in limit)
            if not isinstance(index, sympy.Symbol):
                raise Unreadable("a Sum index must be a symbol")
            if low.is_integer is False or high.is_integer is False:
                raise Unreadable(f"a Sum runs between integers, not from {_short(str(low))} to {_short(str(high))}")
            limits.append((index, low, high))
        total = sympy.Sum(body, *limits)
        if self._cost(total) > MAX_TERMS:
            raise Unreadable(f"a Sum would write out more than {MAX_TERMS} terms")
        _no_irrational_constant(total)  # Σᵢ exp(10⁹⁹·i) over numbers is a constant too (C24)
        return total

    def _cost(self, expr) -> int:
        """How many terms writing out the nested numeric-limit sums of ``expr`` produces, at most."""
        if not expr.args:
            return 1
        if expr in self._costs:
            return self._costs[expr]
        if isinstance(expr, sympy.Sum):
            inner = self._cost(expr.function)
            for _, low, high in expr.limits:
                if low.is_Integer and high.is_Integer:
                    inner *= max(int(high) - int(low) + 1, 1)
            cost = inner
        else:
            cost = sum(self._cost(a) for a in expr.args)
        self._costs[expr] = cost
        return cost

    def _power(self, items):
        if len(items) != 2:
            raise Unreadable(f"node Pow takes 2 arguments, got {len(items)}")
        base, exponent = items
        if not exponent.free_symbols and not exponent.is_Rational:
            raise Unreadable("a power with a constant exponent that is not a rational number is refused (SymPy "
                             "evaluates (1/2)^(e^(2^20)) numerically to print it)")  # C21-1
        if not base.free_symbols and not base.is_Rational and base is not sympy.E and not isinstance(base, sympy.exp):
            raise Unreadable("a power of a constant that is not a rational number is refused ((1 + e^(2^20))^64 nests "
                             "to e^(6·10⁹), which SymPy evaluates to print it)")  # C22-1
        if base is sympy.E or isinstance(base, sympy.exp):  # SymPy builds E^x and exp(a)^x as exp(…): C20-1
            _exponent_allowed(exponent if base is sympy.E else base.args[0] * exponent)
        self._bounded_power(base, exponent)
        if exponent.free_symbols and any(node.is_Pow and node.exp.free_symbols
                                         for node in sympy.preorder_traversal(exponent)):
            raise Unreadable("a power whose exponent holds a power to a symbolic exponent is refused (SymPy walks the "
                             "whole exponent at each level: 99 levels of a^(c·…) took seconds each, C36-1)")
        if base.is_zero and exponent.is_negative:
            raise Unreadable("0 to a negative power")
        try:
            built = sympy.Pow(base, exponent)
        except (TypeError, ValueError, AttributeError, NotImplementedError) as error:
            raise Unreadable(f"node Pow cannot be built: {_short(str(error))}") from None
        if built.is_Pow:  # (u^64)^64 is built as u^4096: the power SymPy made is bounded too (C12-1)
            self._bounded_power(built.base, built.exp)
        return _bounded_numbers(built)

    @staticmethod
    def _bounded_power(base, exponent) -> None:
        """Large powers are refused before SymPy builds them: an integer exponent above MAX_POWER
        ((2x)^(10⁹⁹) makes SymPy compute 2^(10⁹⁹)), a fractional power of a number, and an exponent
        whose numerator or denominator exceeds MAX_EXPONENT (cancelling x^(1/10⁹⁹) would not end)."""
        if exponent.is_Integer and abs(int(exponent)) > MAX_POWER:
            raise Unreadable(f"a power above {MAX_POWER} is refused")
        if exponent.is_Rational and not exponent.is_Integer:
            if base.is_Number:
                raise Unreadable("a fractional power of a number is refused")
            if any(node.is_Pow and not node.exp.is_Integer for node in sympy.preorder_traversal(base)):
                raise Unreadable("a fractional power of a fractional power is refused (SymPy re-asks every level "
                                 "below on construction: exponential in the nesting)")
            coefficient = base.as_coeff_Mul()[0]  # (10⁹⁹·x)^(999999/2): SymPy raises 10⁹⁹ to it exactly
            if coefficient not in (1, -1):
                raise Unreadable("a fractional power of a product with a number in it is refused")
            if abs(int(exponent.p)) > MAX_EXPONENT or int(exponent.q) > MAX_EXPONENT:
                raise Unreadable(f"an exponent with more than {len(str(MAX_EXPONENT)) - 1} digits is refused")
        if exponent.is_Integer and base.is_Rational:
            if bits(base) * abs(int(exponent)) > MAX_BITS:
                raise Unreadable(f"a power of a number with more than {MAX_BITS} bits is refused")

    _READERS = {
        "Integer": _integer, "Rational": _rational, "E": _e, "Symbol": _symbol, "IndexedBase": _indexed_base,
        "Indexed": _indexed, "Sum": _sum,
    }


MAX_SUM_LIMITS = 8
"""Most limits of one Σ node; ceproof's own sums have one or two (a double sum over i, j)."""

MAX_FUNCTION_NESTING = 16
"""Deepest nesting of functions in one expression (log of exp of …); ceproof's own certificates nest them at most
3 deep."""

MAX_READ_EVALUATION_WORK = 20_000
"""Most work building the Max, floor, Mod, δ and |·| nodes of one file may cost (``kernel.algebra.rewrite.
evaluation_cost``, about 1 ms a unit): each node is also bounded alone, but a file of a hundred large ones would
otherwise take minutes to read (C54-1b, C55-1). ceproof's own certificates spend a few hundred."""

MAX_FUNCTION_NODES = 1_000
"""Most distinct function nodes (exp, log, tanh, Max, Abs, floor, Mod, δ) and powers of a compound base to an
exponent that is not an integer one certificate may hold: SymPy asks signs to build each, up to 16 ms for
Max(k, i) and 9 ms for (1 + (z₀ − z₁ + i)²)^(1/2); 15 000 Max took 122 s to read (C24-1), 6000 such powers 57 s
(C25-1). ceproof's own certificates hold fewer than 30, even at K = 1000 (their arrays are in index form)."""


def _asks_signs(head: str, items: list) -> bool:
    """A power SymPy asks signs or walks its exponent to build: a compound base to any power (even a square of a
    sum asks the signs of its terms), or any base to a symbolic exponent."""
    return head == "Pow" and len(items) == 2 and (
        (not items[0].is_Atom and not items[0].is_Indexed) or  # (k·z₀ − (k + 1)·z₁ + k²)²: 12 ms each (A37-1)
        bool(items[1].free_symbols))  # a symbolic exponent, whatever the base (C36-1)

MAX_EXP_CONSTANT = 2 ** 20
"""Largest |c| of a number c whose exponential a certificate may hold: SymPy evaluates exp(10⁹⁹) numerically
to print or sort it, for minutes or until mpmath overflows (C20-2, C20-3)."""


def _exponent_allowed(exponent) -> None:
    """What exp (or E^x, or exp(a)^b) may hold: no log (SymPy turns exp(k·log n) into n^k at once, at any
    cost), and no number, or constant, beyond ±MAX_EXP_CONSTANT."""
    if exponent.has(sympy.log):
        raise Unreadable("exp of an expression with a log is refused (SymPy turns exp(k·log n) into n^k at once)")
    if not exponent.free_symbols and not (exponent.is_Rational and abs(exponent) <= MAX_EXP_CONSTANT):
        raise Unreadable(f"exp of a constant other than a number within ±{MAX_EXP_CONSTANT} is refused (SymPy "
                         "evaluates it numerically to print it)")


MAX_NODE_BITS = 16 * MAX_BITS
"""Most bits the numbers of one sum or product may have in all: 1000 fractions over distinct 100-digit primes,
or x^(1/q) over 9000 primes q, each within MAX_BITS, made SymPy compute with one ever-growing denominator for
minutes (C16-1, C16-1b)."""


def coefficient_bits(items, head: str) -> int:
    """The bits of the numbers SymPy combines when it builds a sum (each term's coefficient, the terms of a
    sum among the terms included: SymPy flattens it, C18-1) or a product (each factor's number and the
    coefficients of its exponent, exp(a)·exp(b) included: SymPy adds the exponents, C18-3; and a number base:
    p₁^z·p₂^z is built as (p₁p₂)^z, C19-1)."""
    total = 0
    for item in items:
        if head == "Add":
            total += _term_bits(item)
        elif item.is_Mul:
            total += coefficient_bits(item.args, "Mul")
        elif item.is_Pow or isinstance(item, sympy.exp):
            total += _term_bits(item.exp if item.is_Pow else item.args[0])
            if item.is_Pow and item.base.is_Rational:  # p₁^z·p₂^z is built as (p₁p₂)^z (C19-1)
                total += bits(item.base)
        elif item.is_Rational:
            total += bits(item)
    return total


def _term_bits(expr) -> int:
    """The bits of the coefficients of ``expr`` taken as a sum (a sum inside it flattened)."""
    if expr.is_Add:
        return sum(_term_bits(a) for a in expr.args)
    number = expr if expr.is_Rational else expr.as_coeff_Mul()[0]
    return bits(number) if isinstance(number, sympy.Rational) else 0


MAX_REMAINDER_DEGREE = 4
"""Largest degree of a Mod's dividend on reading: ceproof writes Mod(r, 3)."""


def _degree(expr) -> int:
    """An upper bound on the total degree of a polynomial expression (a Σ's body counted as it is)."""
    if isinstance(expr, (sympy.Symbol, sympy.Indexed)):
        return 1
    if expr.is_Pow and expr.exp.is_Integer:
        return _degree(expr.base) * abs(int(expr.exp))
    if expr.is_Mul:
        return sum(_degree(a) for a in expr.args)
    if expr.args:
        return max(_degree(a) for a in expr.args)
    return 0


def _no_irrational_constant(built) -> None:
    """Refuse a node that is a number but not a rational one (exp(2), tanh(3), (1 + e)^64): the kernel refuses every
    such constant in a claim or a statement, and SymPy evaluates them in floating point when it builds, compares or
    sorts what holds them, at any cost (e^(6·10⁹) inside tanh: 2.5 GB while reading, C23-1)."""
    if built.is_number and not built.is_Rational and not built.free_symbols:
        raise Unreadable("a constant that is not a rational number is refused (no claim may hold one)")


def _bounded_numbers(built):
    """``built``, unless SymPy's evaluation made a number of more than MAX_BITS bits in its top level, in an
    exponent of it or inside an exp of it ((10⁹⁹·x)⁶⁴ is 10⁶³³⁶·x⁶⁴; exp(z/p₁)·…·exp(z/p₆₀) is one exp whose
    exponent holds Σ 1/pₖ: C18-3): such a number could not even be printed in a report. Deeper nodes were
    bounded when they were built."""
    _no_irrational_constant(built)
    for term in (built.args if built.is_Add else (built,)):
        for factor in (term.args if term.is_Mul else (term,)):
            if isinstance(factor, sympy.exp):  # exp(2²⁰)·exp(2²⁰) is built as exp(2²¹) (C21-2)
                _exponent_allowed(factor.args[0])
            if factor.is_Pow and not factor.exp.free_symbols and not factor.exp.is_Rational:
                raise Unreadable("a power with a constant exponent that is not a rational number is refused (SymPy "
                                 "evaluates (1/2)^(e^(2^20)) numerically to print it)")  # C21-1
            numbers = [factor] if factor.is_Rational else []
            if factor.is_Pow and factor.base.is_Rational:
                numbers.append(factor.base)
            if factor.is_Pow or isinstance(factor, sympy.exp):
                exponent = factor.exp if factor.is_Pow else factor.args[0]
                numbers += [a if a.is_Rational else a.as_coeff_Mul()[0] for a in sympy.Add.make_args(exponent)]
            if any(isinstance(n, sympy.Rational) and bits(n) > MAX_BITS for n in numbers):
                raise Unreadable(f"an expression makes a number of more than {MAX_BITS} bits")
    return built


def _exactly(args, count: int, head: str) -> list:
    if len(args) != count:
        raise Unreadable(f"node {head} takes {count} argument(s), got {len(args)}")
    return args


def bounded_int(value) -> int:
    """A JSON integer of at most MAX_DIGITS digits (a bool is not an integer here)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Unreadable(f"expected an integer, got {_short(value)}")
    if abs(value) >= 10 ** MAX_DIGITS:
        raise Unreadable(f"an integer has more than {MAX_DIGITS} digits")
    return value


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
