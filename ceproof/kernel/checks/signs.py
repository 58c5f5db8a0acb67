"""Signs a check may use, and the one rule for division: only what is shown non-zero — a non-zero
number, an exponential, or what a used step or SymPy's assumptions show > 0 or < 0 — may be inverted,
in every engine and every check. SymPy never judges a constant such as e¹⁰⁰ − 1 by itself: each is
replaced first by a symbol carrying the sign interval arithmetic proves."""

from __future__ import annotations

import sympy

from ..algebra.expansion import bounded_expand, expanded_terms, expansion_profile
from ..algebra.intervals import constant_stand_in, is_constant
from ..algebra.laurent import MAX_TERMS
from ..algebra.rewrite import within
from ..budget import size, spend
from ..text import shown_text
from .common import CheckFailure


def constants_decided(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every constant that is not a rational replaced by its stand-in (the same constant by
    the same stand-in): what SymPy may be asked a sign, a realness or a zero of."""
    fresh: dict = {}

    def walk(e):
        if is_constant(e):
            if e not in fresh:
                fresh[e] = constant_stand_in(e)
            return fresh[e]
        if not e.args or not e.free_symbols:
            return e
        args = tuple(walk(a) if isinstance(a, sympy.Basic) else a for a in e.args)
        return e.func(*args) if args != e.args else e

    return walk(expr) if isinstance(expr, sympy.Basic) else expr


def with_proved_signs(expr: sympy.Expr, facts) -> sympy.Expr:
    """See ``signed``: the expression alone."""
    return signed(expr, facts)[0]


def signed(expr: sympy.Expr, facts) -> tuple:
    """``expr`` with each atom that a used step proves > 0 (or ≥ 0) replaced by a fresh symbol that
    carries that sign, so that SymPy's assumptions can use it.

    A vector proved ≥ 0 "for every i" becomes a fresh vector with that sign, indexed as before (never
    one symbol for all its entries: Σᵢ yᵢ(2i − K + 1) is not ≥ 0 because y ≥ 0), and only where its
    index is shown to lie in the range of the fact's index (0 … K − 1 for i, 0 … d − 1 for m), wherever
    the sums around it let their indices run. Returns the signed expression and the map back to the original.
    """
    n = facts.notation
    ranges = n.index_ranges
    covered = {}  # base -> ("positive" or "nonnegative", the range of the fact's index), for facts for every index
    for fact in facts.positives:
        for positive in fact.exprs:
            if (fact.index in ranges and isinstance(positive, sympy.Indexed) and positive.indices == (fact.index,)
                    and facts.covers_vector(fact.index, positive.base) and (positive.base not in covered or covered[positive.base][0] != "positive")):
                covered[positive.base] = ("positive" if fact.strict else "nonnegative", ranges[fact.index])
    signed_bases = {base: sympy.IndexedBase(sympy.Dummy(str(base.label)), **{sign: True})
                    for base, (sign, _) in covered.items()}
    fresh: dict = {}

    def sign_of(atom):
        if atom in facts.positive_set:
            return "positive"
        return "nonnegative" if atom in facts.nonnegative_set else None

    def walk(e, enclosing: tuple):
        if is_constant(e):
            if e not in fresh:
                fresh[e] = constant_stand_in(e)
            return fresh[e]
        bound = {limit[0] for limit in enclosing}
        if isinstance(e, sympy.Indexed):
            if e.base in signed_bases and len(e.indices) == 1 and within(e.indices[0], covered[e.base][1], enclosing,
                                                                           ranges):
                return signed_bases[e.base][e.indices[0]]
            if e.free_symbols & bound:
                return e
        if e in bound:  # a summation index is not the symbol of the same name that a step signs
            return e
        if isinstance(e, (sympy.Indexed, sympy.Symbol)):
            if e not in fresh:
                sign = sign_of(e)
                fresh[e] = sympy.Dummy(str(e), **{sign: True}) if sign else e
            return fresh[e]
        if not e.args:
            return e
        if isinstance(e, sympy.Sum):
            return sympy.Sum(walk(e.function, (*enclosing, *reversed(e.limits))), *e.limits)
        args = tuple(walk(a, enclosing) if isinstance(a, sympy.Basic) else a for a in e.args)
        return e.func(*args) if args != e.args else e

    back = {dummy: atom for atom, dummy in fresh.items() if dummy is not atom}
    back.update({new: old for old, new in signed_bases.items()})
    return walk(expr, ()), back


SIGN_QUERY_NODES = 2_000
"""Largest expression SymPy's assumptions are asked a sign of at once (ceproof's own ask under 60 nodes)."""


def may_ask_sign(expr) -> bool:
    """Whether SymPy may be asked a sign of ``expr``: its nodes are charged to the proof's budget of sign queries,
    and one over SIGN_QUERY_NODES is not asked (its sign stays unknown): each query walks the whole expression,
    and a log of a 3200-term sum of squares took 62 s to be shown defined (A37-1)."""
    nodes = size(expr, SIGN_QUERY_NODES + 1)
    if nodes > SIGN_QUERY_NODES:
        return False
    spend("signs", nodes)
    return True


def shown_nonzero(expr: sympy.Expr, facts, depth: int = 0) -> bool:
    """Whether ``expr`` is shown ≠ 0: a non-zero number, an exponential, what a used step proves > 0,
    a symbol whose used definition is shown ≠ 0, a product or power of such, or what SymPy's assumptions
    (with the signs used steps prove) show > 0 or < 0, directly or over a common denominator."""
    if depth > 8:
        return False
    if expr.is_Number:
        return expr.is_zero is False and expr.is_finite is True
    if facts.is_positive(expr, strict=True):
        return True
    if isinstance(expr, sympy.exp):  # e^x ≠ 0 for x real: not for x := log 0, where e^x is undefined
        return with_proved_signs(facts.expand_definitions(expr.args[0]), facts).is_extended_real is True
    if expr.is_Mul:
        return all(shown_nonzero(factor, facts, depth + 1) for factor in expr.args)
    if expr.is_Pow and expr.exp.is_Integer:
        return shown_nonzero(expr.base, facts, depth + 1)
    if expr.is_Symbol and expr in facts.scalar_definitions:
        return shown_nonzero(facts.scalar_definitions[expr], facts, depth + 1)
    if isinstance(expr, sympy.Indexed) and expr.base in facts.indexed_definitions and len(expr.indices) == 1:
        index, rhs = facts.indexed_definitions[expr.base]
        from ..algebra.rewrite import substitute

        return shown_nonzero(substitute(rhs, {index: expr.indices[0]}), facts, depth + 1)
    for form in (expr, facts.expand_definitions(expr)):
        with_signs = with_proved_signs(form, facts)
        if not may_ask_sign(with_signs):
            continue
        if with_signs.is_positive or with_signs.is_negative:
            return True
        together = over_common_denominator(with_signs)
        if together is None:
            continue
        numerator, denominator = together.as_numer_denom()
        if denominator != 1 and (numerator.is_positive or numerator.is_negative):
            return True
    return False


def shown_positive(expr: sympy.Expr, facts) -> bool:
    """Whether ``expr`` is shown > 0: by a used step, or by SymPy's assumptions with the signs used steps
    prove, directly or over a common denominator."""
    if facts.is_positive(expr, strict=True):
        return True
    for form in (expr, facts.expand_definitions(expr)):
        with_signs = with_proved_signs(form, facts)
        if not may_ask_sign(with_signs):
            continue
        if with_signs.is_positive:
            return True
        together = over_common_denominator(with_signs)
        if together is None:
            continue
        numerator, denominator = together.as_numer_denom()
        if numerator.is_positive and denominator.is_positive:
            return True
    return False


NOT_REAL = (sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
"""Atoms that make a written-out form no real number: √(0·g₀² − g₀²) is I·|g₀| (A27-1)."""


def shown_nonnegative(expr: sympy.Expr, facts) -> bool:
    """Whether ``expr`` is shown ≥ 0: by a used step, or by SymPy's assumptions with the signs used steps prove
    (x² + y² ≥ 0 for real x and y)."""
    if facts.is_positive(expr, strict=False) or shown_positive(expr, facts):
        return True
    for form in (expr, facts.expand_definitions(expr)):
        with_signs = with_proved_signs(form, facts)
        if may_ask_sign(with_signs) and with_signs.is_nonnegative:
            return True
    return False


def power_defined(power: sympy.Pow, facts) -> bool:
    """Whether a fractional power is a real number wherever the facts hold: of a base shown > 0, or, for a
    positive exponent, of a base shown ≥ 0 (√(x² + y²) is 0 at the origin; (x² + y²)^(−1/2) is not a number)."""
    return shown_positive(power.base, facts) or (power.exp.is_positive is True
                                                   and shown_nonnegative(power.base, facts))


def require_defined(expr: sympy.Expr, facts) -> None:
    """Every log in ``expr`` of something shown > 0 and every fractional power defined (``power_defined``), else
    the check fails: λ := log w with w = (s + 1)² − s² − 2s − 1 names no number, and e^λ = w = 0 would
    then make e^{−λ}·e^λ = 1 a multiple of a "zero"."""
    def problem(form) -> str:
        for node in sympy.preorder_traversal(form):
            if node in NOT_REAL:
                return f"is not a real number once written out ({shown_text(form, 120)} holds {node})"
            if isinstance(node, sympy.log) and not shown_positive(node.args[0], facts):
                return f"takes log({shown_text(node.args[0], 120)}), which no used step shows to be > 0"
            if isinstance(node, sympy.Pow) and not node.exp.is_Integer and not power_defined(node, facts):
                return (f"takes a fractional power of {shown_text(node.base, 120)}, which no used step shows to be > 0"
                        + (" (or ≥ 0, for a positive exponent)" if node.exp.is_positive else ""))
        return ""

    found = problem(expr)  # in index form first, then written out for an explicit K (1 − p₀ = (e^{z₁} + …)/S)
    if found and facts.notation.is_explicit:
        found = problem(facts.notation.explicit(facts.expand_definitions(expr)))
    if found:
        raise CheckFailure(found)


def denominators(expr) -> set:
    """Every base that ``expr`` raises to a negative power (each must be shown ≠ 0)."""
    if not isinstance(expr, sympy.Basic):
        return set()
    found = set()
    for power in expr.atoms(sympy.Pow):
        if power.exp.is_negative:
            found.add(power.base)
    return found


MAX_DENOMINATORS = 8
"""Most distinct divisors an expression may have to be put over a common denominator: sympy.together of
Σᵢ (1/(zᵢ² + 1) − 1/(zᵢ² + 2)) at K = 1000 (2 000 divisors) ran for minutes (A15-1); ceproof's own checks
meet one or two (1 − e^{z₀}/S, σ(1 − σ))."""


def over_common_denominator(expr: sympy.Expr):
    """``sympy.together(expr)``, or None (not tried: the sign stays unknown) above MAX_DENOMINATORS divisors."""
    if len(denominators(expr)) > MAX_DENOMINATORS:
        return None
    return sympy.together(expr)


def require_invertible(exprs, facts) -> None:
    """Every denominator in ``exprs`` must be shown ≠ 0, else the check fails: an identity with a
    divisor that may vanish proves nothing there (x·T/T = x is false at T = 0)."""
    known = facts.__dict__.setdefault("_nonzero", {})  # base -> shown ≠ 0, for this step's facts
    for expr in exprs:
        pending = [base for base in denominators(expr) if not known.get(base)]
        for base in pending:
            if base not in known:
                known[base] = shown_nonzero(base, facts)
        if all(known[base] for base in pending):
            continue
        with_signs, back = signed(expr, facts)  # entries signed within the ranges their sums give them
        for base in denominators(with_signs):
            if base.is_positive or base.is_negative:
                continue
            original = base.xreplace(back)
            if not known.get(original) and not shown_nonzero(original, facts):
                raise CheckFailure(f"divides by {shown_text(original, 120)}, which no used step shows to be non-zero")


CLOSED_FORM_NODES = 600
"""Most nodes an expression may have for the closed-form comparison (logistic and Hessians of small
explicit K need about 100; a wrong Hessian entry at K = 20 has thousands, which cancel takes minutes on)."""


CLOSED_FORM_ATOMS = 12
"""Most symbols and exponentials it may have: cancel's cost grows steeply with them (K = 20 exponentials
take minutes)."""


def _larger_than(expr, cap: int) -> bool:
    for count, _ in enumerate(sympy.preorder_traversal(expr)):
        if count >= cap:
            return True
    return False


def closed_form_zero(expr: sympy.Expr, facts) -> bool:
    """Whether ``expr`` (without Σ) is identically 0 where it is defined, every denominator of it shown
    ≠ 0: each log of a rational function is cancelled, factored and split where SymPy can show the
    factors positive, then the whole is cancelled as a rational function of its atoms (exp(s),
    log(1 + e^s), …)."""
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.Sum) or _larger_than(expr, CLOSED_FORM_NODES) or \
            len(expr.free_symbols) + len(_opaque(expr)) > CLOSED_FORM_ATOMS or expanded_terms(expr) > MAX_TERMS:
        return False  # cancelling a large rational function may take minutes: such a claim fails instead
    if _generators(expr) > CLOSED_FORM_GENERATORS and expanded_terms(expr, CLOSED_FORM_TERMS) > CLOSED_FORM_TERMS:
        return False  # 7g⁶g' with g a sum of 8 logs: even sizing it up over a common denominator took 65 s (A26-1)
    require_invertible((expr,), facts)
    signed = with_proved_signs(expr, facts)
    if any(_too_costly(e.args[0], FACTORED_DEGREE) for e in signed.atoms(sympy.log)):
        return False

    def split(e):
        return sympy.expand_log(sympy.log(sympy.factor(sympy.cancel(e.args[0]))), force=False)

    signed = bounded_expand(signed.replace(lambda e: isinstance(e, sympy.log), split))
    if _too_costly(signed):
        return False
    return sympy.cancel(signed) == 0


FACTOR_DEGREE = 32
"""Largest degree in one generator that cancel works on in a few generators (the logistic loss's derivatives
are of degree 18 in eˢ)."""

FACTORED_WORDS = 4
"""Largest number (in 64-bit words) in a log's argument that is factored; SymPy's factor of quartics with
600-digit coefficients ran past 100 s (A36 lead). What cancel works on is charged its terms × words²."""

FACTORED_DEGREE = 8
"""Largest total degree of a log's argument that is factored: factoring (x + y + 1)³² + (x + y + 1)¹⁶ + 1 takes
2 to 6 s, at a cost of 600 expanded terms (A32 lead); the family's own logs are of degree at most 4."""


EXPONENT_TERMS = 64
"""Most terms an exponent multiplied out may have for its exponential's generators to be counted; past it the
expression counts as in many generators (the gates on size and degree then apply)."""


def _generators(expr: sympy.Expr) -> int:
    """How many variables cancel works in: symbols, exponentials and powers to a varying exponent as SymPy's
    polynomials split them (each term of the exponent multiplied out is one, a constant term one more:
    e^{(u+v+1)²} is e·e^{u²}·e^{uv}·e^{v²}·e^{u}·e^{v}, C49-1, C50-1; e^s, e^{2s}, … count as one; e^s, e^{s²},
    e^{s³} are three: C47 lead), and every other function or fractional power (log(z₀² + 1), …, log(z₀² + 8)
    are eight: A26-1)."""
    opaque = _opaque(expr)
    powers, others = set(), 0
    for node in opaque:
        if isinstance(node, sympy.exp):
            base, exponent = sympy.E, node.args[0]
        elif node.is_Pow and node.exp.free_symbols:
            base, exponent = node.base, node.exp
        else:
            others += 1
            continue
        if expanded_terms(exponent, EXPONENT_TERMS) > EXPONENT_TERMS:
            return len(expr.free_symbols) + CLOSED_FORM_GENERATORS + 1
        powers |= {(base, _exponent_direction(term) if not term.is_Number else None)
                   for term in sympy.Add.make_args(bounded_expand(exponent))}
    return len(expr.free_symbols) + len(powers) + others


def _exponent_direction(argument: sympy.Expr):
    """An exponent without an integer content, as SymPy's polynomials tell exponentials apart: 2s − 4 and s − 2
    have the same, s and s² do not, and neither do s/4 and s/6 (C48-1: e^{b/4}, e^{b/6}, e^{b/3} are three
    generators to cancel, though all are powers of e^{b/12})."""
    content, rest = argument.primitive() if argument.is_Add else argument.as_coeff_Mul()
    return rest if content.is_Integer else (rest, content)


def _opaque(expr: sympy.Expr) -> set:
    """What cancel treats as a variable besides the symbols: every function (exp, log, tanh, …) and every
    power to an exponent that is not an integer."""
    return {node for node in sympy.preorder_traversal(expr)
            if isinstance(node, sympy.Function) or (node.is_Pow and not node.exp.is_Integer)}


CLOSED_FORM_COST = 50_000
"""Most terms cancel and factor may make multiplying a numerator or denominator out (``expansion_cost``),
each charged to the proof's budget of expanded terms: a product of two 16th powers of a sum in three symbols
made 940 000 for a minute (A32-1); ceproof's own proofs make at most about 13 000 (the logistic loss's second
derivative in s)."""

CLOSED_FORM_TERMS, CLOSED_FORM_DEGREE, CLOSED_FORM_GENERATORS = 400, 12, 3
"""Largest numerator or denominator (terms multiplied out, total degree) that cancel and factor work on:
SymPy's gcd of a degree-8 polynomial in 12 variables runs for minutes."""


def _too_costly(expr: sympy.Expr, degree: int | None = None) -> bool:
    """Whether cancelling or factoring ``expr`` (over a common denominator) may take SymPy minutes: what it
    multiplies out costs over CLOSED_FORM_COST terms (each part's cost is charged to the proof's budget), a
    part is of degree over FACTOR_DEGREE in one generator, or a gcd of a large or high-degree polynomial in
    more than CLOSED_FORM_GENERATORS symbols and exponentials (e^s, e^{2s}, … count as one). Every size is
    read off the tree (``expansion_profile``): asking SymPy a degree multiplies out first (A32-1). ``degree``:
    the largest total degree allowed at all (what is to be factored, not only cancelled)."""
    together = over_common_denominator(expr)
    if together is None:
        return True
    for part in together.as_numer_denom():
        cost, degrees, total = expansion_profile(part, CLOSED_FORM_COST)
        words = max((max(abs(r.p), r.q).bit_length() + 63) // 64 for r in part.atoms(sympy.Rational)) \
            if part.atoms(sympy.Rational) else 1
        cost *= max(1, words) ** 2  # factoring quartics of 600-digit coefficients ran for minutes (A36 lead)
        if cost > CLOSED_FORM_COST or (degree is not None and words > FACTORED_WORDS):
            return True
        spend("expanded", cost)
        if degree is not None and total > degree:
            return True
        if any(d > FACTOR_DEGREE for d in degrees.values()):  # factoring a degree-64 polynomial in a few
            return True  # symbols (Swinnerton-Dyer's S₆) runs for minutes (A30 lead)
        if _generators(part) <= CLOSED_FORM_GENERATORS:
            continue
        if expanded_terms(part, CLOSED_FORM_TERMS) > CLOSED_FORM_TERMS or total > CLOSED_FORM_DEGREE:
            return True
        if degree is not None and total > FACTORED_MANY_DEGREE and \
                expanded_terms(part, FACTORED_MANY_TERMS) > FACTORED_MANY_TERMS:
            return True  # factoring a product of two 20-term quartics in 11 symbols took 3.5 s a log (C46-1)
    return False


FACTORED_MANY_DEGREE, FACTORED_MANY_TERMS = 2, 40
"""What is factored in more than CLOSED_FORM_GENERATORS symbols and exponentials: of total degree at most 2, or
at most 40 terms multiplied out (ceproof's own logs in many generators are of sums of exponentials, degree 1)."""
