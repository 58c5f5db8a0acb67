"""Counterexamples to convexity: the function, its used definitions written out, evaluated by interval
arithmetic at exact rational points; the strict inequality holds only if the two intervals do not
overlap (a chord below the graph, or a negative second derivative along a line)."""

from __future__ import annotations

from fractions import Fraction

import sympy

from ..algebra.intervals import NotEvaluable, chord, decimal_text, evaluate, to_decimal, upper_below
from ..claims import Counterexample
from ..algebra.rewrite import MAX_WRITTEN_NODES, replace, write_out, written_size
from ..budget import charge_derivative, size, spend
from ..notation import expand_sums
from ..text import shown_text
from .common import CheckFailure, defined_names
from .derivatives import check_name

PRECISIONS = tuple(2 ** k for k in range(7, 16))
"""Working precisions (bits) of the interval checks, 128 … 32768, tried in turn until the two sides
separate. 128 bits settles any gap wider than about 1e-30 of the values; a closer call (a point far
out in an exponential tail, where terms of size 1 cancel down to e^{-z}) is retried with more bits,
and an inequality that is false never separates."""
DIGITS = 15
"""Significant digits of the decimal bounds that are compared and shown (more only if needed)."""


def check_counterexample(claim: Counterexample, facts) -> tuple:
    variables = tuple(claim.variables)
    if not variables or len(set(variables)) != len(variables) or not all(isinstance(v, sympy.Symbol) for v in variables):
        raise CheckFailure("the variables of a counterexample must be distinct symbols")
    if claim.of is None:
        raise CheckFailure("a counterexample must name the function it is about")
    defined = defined_names(facts.earlier, facts.notation)
    taken = sorted(str(v) for v in variables if str(v) in defined or facts.notation.names_of_entries.get(v) in defined)
    if taken:
        raise CheckFailure(f"{taken[0]} is defined by an earlier step, so it is not a free variable")
    check_name(claim, facts)
    f = _function(claim, facts, variables)
    kinds = {"chord": _chord, "curvature": _curvature}
    if claim.kind not in kinds:
        raise CheckFailure("unknown kind of counterexample: chord or curvature")
    try:
        evidence = kinds[claim.kind](claim, f, variables)
    except NotEvaluable as refusal:
        raise CheckFailure(f"interval evaluation refused: {refusal}") from None
    if claim.bounds:
        stated = tuple((name, low, high) for name, low, high in claim.bounds)
        if stated != stated_bounds(evidence):
            shown = "; ".join(f"{name} ∈ [{low}, {high}]" for name, low, high in stated_bounds(evidence))
            raise CheckFailure(f"the certified enclosures are {shown}, not the ones the claim states")
    return evidence


def stated_bounds(evidence: tuple) -> tuple:
    """A check's evidence ``(("f_mid", ("0.69", "0.70")), …)`` as exact stated bounds for the claim."""
    return tuple((name, sympy.Rational(value[0]), sympy.Rational(value[1])) for name, value in evidence
                 if name in ("f_mid", "chord", "second_derivative"))


def _function(claim: Counterexample, facts, variables: tuple) -> sympy.Expr:
    """The function over the counterexample's variables alone, every used definition written out.

    Each defined symbol (S, L, …) is written out once and substituted as a shared subtree, so that
    Σᵢ (pᵢ − yᵢ)² with K = 200 does not copy the 200 terms of S into each of its 200 terms."""
    n = facts.notation
    scalars = facts.scalar_definitions
    if written_size(claim.function, scalars, facts.indexed_definitions) > MAX_WRITTEN_NODES:
        raise CheckFailure(f"written out, its definitions would make more than {MAX_WRITTEN_NODES} nodes (each "
                           "definition counted where it is used): a chain of definitions that doubles")  # C14-3
    written: dict = {}

    def explicit(expr: sympy.Expr, depth: int = 0) -> sympy.Expr:
        if depth > len(facts.definitions):
            raise CheckFailure("the definitions the function uses are circular")
        expr = write_out(expr, {}, facts.indexed_definitions, n.index_ranges)
        if expr.has(sympy.Sum):
            if not n.is_explicit:
                raise CheckFailure("a counterexample with sums over the classes needs an explicit number of classes")
            expr = expand_sums(expr)
        expr = n.concrete(expr)
        for symbol in expr.free_symbols & set(scalars):
            if symbol not in written:
                written[symbol] = explicit(scalars[symbol], depth + 1)
        return replace(expr, {symbol: written[symbol] for symbol in expr.free_symbols & set(scalars)})

    f = explicit(claim.function)
    unknown = f.free_symbols - set(variables)
    if unknown:
        raise CheckFailure(f"the function depends on {', '.join(sorted(map(str, unknown)))}, which is "
                           "not a variable of the counterexample and not defined by a used step")
    return f


def _rationals(values, count: int, what: str) -> tuple:
    """Exact rational coordinates as Fractions: a float, a symbol or √2 is refused."""
    values = tuple(values) if isinstance(values, (tuple, list)) else (values,)
    if len(values) != count:
        raise CheckFailure(f"{what} has {len(values)} coordinate(s), the function has {count} variable(s)")
    found = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, (int, Fraction, sympy.Rational)):
            raise CheckFailure(f"{what} has the coordinate {shown_text(value, 60)}, which is not an exact rational")
        found.append(Fraction(int(value.p), int(value.q)) if isinstance(value, sympy.Rational) else Fraction(value))
    return tuple(found)


def _separate(lower_of, upper_of, reversed_message: str, nodes: int = 1):
    """The first working precision at which interval ``lower`` lies strictly below ``upper``, with the
    decimal bounds (rounded outward) that show it: ``(bits, lower, upper)``. Fails when they still
    overlap at the highest precision. Each precision is charged to the budget as the ``nodes`` evaluated times
    (bits/64)²: two sides that are equal never separate, and climbing to 32 768 bits over a 250-term function
    took 132 s (A23-2)."""
    for bits in PRECISIONS:
        spend("precision", 3 * nodes * (bits // 64) ** 2)
        lower, upper = lower_of(bits), upper_of(bits)
        if upper_below(upper, lower):
            shown = to_decimal(upper, DIGITS, bits), to_decimal(lower, DIGITS, bits)
            raise CheckFailure(reversed_message.format(*shown))
        if not upper_below(lower, upper):
            continue
        digits = DIGITS
        while digits <= int(bits * 0.30103) - 3:
            low_side, high_side = to_decimal(lower, digits, bits), to_decimal(upper, digits, bits)
            if low_side.below(high_side):
                return bits, low_side, high_side
            digits *= 2
    raise CheckFailure(f"the intervals still overlap at {PRECISIONS[-1]} bits: the strict inequality is not shown "
                       f"({to_decimal(lower, DIGITS, PRECISIONS[-1])} against {to_decimal(upper, DIGITS, PRECISIONS[-1])})")


def _shared_nodes(expr, cap: int = 10 ** 6) -> int:
    """The distinct subexpressions of ``expr`` (at most ``cap``): what the memoised interval evaluation computes."""
    seen: set = set()
    stack = [expr]
    while stack and len(seen) < cap:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(getattr(node, "args", ()))
    return len(seen)


def _interval(interval) -> tuple:
    return (decimal_text(interval.low), decimal_text(interval.high))


def _chord(claim: Counterexample, f: sympy.Expr, variables: tuple) -> tuple:
    x1 = _rationals(claim.x1, len(variables), "x1")
    x2 = _rationals(claim.x2, len(variables), "x2")
    if claim.t is None:
        raise CheckFailure("a chord counterexample needs its weight t")
    (t,) = _rationals(claim.t, 1, "t")
    if not 0 < t < 1:
        raise CheckFailure(f"t = {t} is not strictly between 0 and 1")
    if x1 == x2:
        raise CheckFailure("the two points of a chord are the same")
    middle = tuple(t * a + (1 - t) * b for a, b in zip(x1, x2))

    def at(point, bits):
        return evaluate(f, dict(zip(variables, point)), bits)

    bits, line, value = _separate(
        lambda bits: chord(t, at(x1, bits), at(x2, bits), bits), lambda bits: at(middle, bits),
        "the inequality is reversed: f(x_t) ∈ {0} lies below the chord ∈ {1}", _shared_nodes(f))
    return (("f_mid", _interval(value)), ("chord", _interval(line)), ("bits", bits), ("t", str(t)))


MAX_CURVATURE_NODES = 4_000
"""Most nodes (counted as a tree) of the moving part of a function whose second derivative along a line is taken:
the family's largest, the focal loss at K = 1000, has about 60 (the other logits are frozen); a chain of
definitions that doubles made 16 000 and took sympy.diff 128 s (A22-2)."""


def _curvature(claim: Counterexample, f: sympy.Expr, variables: tuple) -> tuple:
    point = _rationals(claim.point, len(variables), "the point")
    direction = _rationals(claim.direction, len(variables), "the direction")
    if not any(direction):
        raise CheckFailure("the direction is 0")
    if f.has(sympy.Max, sympy.Abs, sympy.floor, sympy.Mod):
        raise CheckFailure("the function has a kink or a jump (Max, Abs, floor, Mod), so it may not be twice "
                           "differentiable: use a chord")
    s = sympy.Dummy("s", real=True)
    moving = {v for v, d in zip(variables, direction) if d}
    frozen, standing_for = _frozen(f, moving)
    nodes = size(frozen, MAX_CURVATURE_NODES + 1)
    if nodes > MAX_CURVATURE_NODES:  # sympy.diff twice of a 16 000-node tree asked SymPy's assumptions for minutes
        raise CheckFailure(f"the part of the function the line moves has more than {MAX_CURVATURE_NODES} nodes: "
                           "too large to differentiate twice; use a chord")  # A22-2
    spend("nodes", nodes)
    # along v + s·d with v still a symbol: no number reaches SymPy, which would fold constants by floats
    line = frozen.xreplace({v: v + sympy.Rational(d.numerator, d.denominator) * s
                            for v, d in zip(variables, direction) if d})
    charge_derivative(line)  # a product of many factors: N² terms of N factors (A23-1)
    first = sympy.diff(line, s)
    charge_derivative(first)
    second = sympy.diff(first, s)
    at_point = {**dict(zip(variables, point)), s: 0}
    bits, value, _ = _separate(lambda bits: evaluate(second, at_point, bits, standing_for),
                               lambda bits: evaluate(sympy.Integer(0), {}, bits),
                               "the second derivative is positive: it lies in {1}",
                               _shared_nodes(second) + sum(_shared_nodes(part) for part in standing_for.values()))
    return (("second_derivative", _interval(value)), ("bits", bits))


def _frozen(f: sympy.Expr, moving: set) -> tuple:
    """``f`` with each largest part that does not depend on the ``moving`` variables (the other logits'
    Σ e^{z_l}, say) replaced by a real symbol standing for it, and the map back: the derivative along the
    line is the same (the part is constant along it), and SymPy differentiates a few nodes instead of
    thousands. A part that is not real where it is evaluated is refused there (interval arithmetic is real)."""
    standing_for: dict = {}
    made: dict = {}

    def walk(e):
        if not e.args or e.free_symbols & moving or not e.free_symbols:
            if not e.args or not e.free_symbols:
                return e
            if e.is_Add:  # the constant terms of a sum together, the moving ones one by one
                still = [a for a in e.args if not a.free_symbols & moving]
                rest = [walk(a) for a in e.args if a.free_symbols & moving]
                if len(still) > 1:
                    return sympy.Add(walk(sympy.Add(*still)), *rest)
                return sympy.Add(*(walk(a) for a in still), *rest)
            return e.func(*(walk(a) for a in e.args))
        if e.is_Symbol:
            return e
        if e not in made:
            made[e] = sympy.Dummy("c", real=True)
            standing_for[made[e]] = e
        return made[e]

    return walk(f), standing_for
