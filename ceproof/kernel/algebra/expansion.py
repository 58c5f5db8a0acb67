"""SymPy's expand, refused before it starts when the result would be too large: (a₁ + … + a₁₂)⁶⁴ has
10¹² terms, and nothing else bounds SymPy's memory."""

from __future__ import annotations

from math import comb

import sympy

from ..budget import spend
from .laurent import MAX_TERMS, NotALaurentPolynomial


def expanded_terms(expr, cap: int = MAX_TERMS) -> int:
    """An upper bound on the terms of ``expr`` multiplied out (at most ``cap`` + 1); the parts inside a
    function or a Σ are bounded too, as they are expanded in place."""
    if not isinstance(expr, sympy.Expr) or not expr.args:
        return 1
    sizes = [expanded_terms(a, cap) for a in expr.args]
    if expr.is_Add:
        return min(sum(sizes), cap + 1)
    if expr.is_Mul:
        total = 1
        for size in sizes:
            total = min(total * size, cap + 1)
        return total
    if expr.is_Pow and expr.exp.is_Integer and expr.exp != 0:  # expand multiplies out a denominator too
        n, power = sizes[0], abs(int(expr.exp))
        return 1 if n == 1 else min(comb(n + power - 1, power), cap + 1)
    return 1 if max(sizes) <= cap else cap + 1


def bounded_expand(expr, **hints):
    """``sympy.expand(expr, **hints)``, or NotALaurentPolynomial when it would exceed MAX_TERMS terms; the terms
    it may make are charged to the proof's budget of expanded terms ((z₀ + … + z₁₉ + 1)⁶, 460 460 terms, took
    111 s, and a file may ask it again and again: A31-1)."""
    terms = expansion_work(expr)
    if terms > MAX_TERMS:
        raise NotALaurentPolynomial(f"multiplied out, this would have more than {MAX_TERMS} terms")
    if terms > 1:
        spend("expanded", terms * number_words(expr) ** 2)
    return sympy.expand(expr, **hints)


def number_words(expr) -> int:
    """About how many 64-bit words the numbers of ``expr`` multiplied out may have: its largest rational's bits
    times the largest integer power of a sum in it (at least 1). Multiplying such numbers costs about words²
    per pair: (c₁e^{a/2} + c₂e^{a/3} + c₃ + k)²⁴ with 95-digit fractions cᵢ took 20 s for a few hundred terms
    (C44-1)."""
    if not isinstance(expr, sympy.Basic):
        return 1
    bits = max((max(abs(r.p), r.q).bit_length() for r in expr.atoms(sympy.Rational)), default=1)
    power = max((abs(int(p.exp)) for p in expr.atoms(sympy.Pow) if p.exp.is_Integer and p.base.is_Add), default=1)
    return max(1, (bits * max(1, power) + 63) // 64)


def expansion_work(expr, cap: int = MAX_TERMS) -> int:
    """The terms expand makes of ``expr`` (``expanded_terms``) and of every argument of a function or exponent of
    a power inside it, which it multiplies out in place too (at most ``cap`` + 1): tanh((z₁ + z₂ + 1)⁶⁴·(z₁ + z₂ +
    k + 2)¹⁶) is one term, but expanding it made 328 185 inside the tanh for 28 s, charged as 1 (A35-1)."""
    total = expanded_terms(expr, cap)
    if not isinstance(expr, sympy.Basic):
        return total
    inside = {node for node in sympy.preorder_traversal(expr)
              if isinstance(node, sympy.Function) or (isinstance(node, sympy.Pow) and not node.exp.is_Integer)}
    for node in sorted(inside, key=sympy.default_sort_key):
        for argument in node.args:
            total = min(total + expanded_terms(argument, cap), cap + 1)
        if total > cap:
            break
    return total


def _exponents(node) -> tuple:
    """The exponent terms of a power or an exponential as (base, rational coefficient, rest): e^{2001z₀ + z₁/2}
    gives (e, 2001, z₀) and (e, 1/2, z₁); b^{7/2} gives (b, 7/2, 1). Empty for anything else (an integer power
    is a product, not a generator)."""
    if isinstance(node, sympy.exp):
        base, exponent = sympy.E, node.args[0]
    elif node.is_Pow and not node.exp.is_Integer:
        base, exponent = node.base, node.exp
    else:
        return ()
    found = []
    for term in (exponent.args if exponent.is_Add else (exponent,)):
        c, rest = term.as_coeff_Mul()
        found.append((base, c, rest) if c.is_Rational and c != 0 else (base, sympy.Integer(1), term))
    return tuple(found)


def _roots(expr) -> dict:
    """For each (base, rest) of an exponent anywhere in ``expr``, the least common denominator q of its
    coefficients: cancel reads e^{z₀} and e^{z₀/40} both as powers of e^{z₀/40} (A33-1, A34-1)."""
    roots: dict = {}
    for node in sympy.preorder_traversal(expr):
        for base, c, rest in _exponents(node):
            roots[(base, rest)] = sympy.ilcm(roots.get((base, rest), 1), c.q)
    return roots


def _generator(node, roots: dict) -> tuple | None:
    """The generators a polynomial view of ``node`` takes it as, with their degrees, as SymPy's cancel reads it:
    a symbol itself; e^{c₁u₁ + … + cₙuₙ} as Π (e^{uₖ/qₖ})^|cₖqₖ| with qₖ the common root of uₖ in the whole
    expression (``_roots``), and b^{c·u} likewise; any other function as one generator; None for what is not
    a leaf of the view (a number, a sum, a product, an integer power)."""
    if node.is_Symbol or isinstance(node, sympy.Indexed):
        return ((node, 1),)
    terms = _exponents(node)
    if terms:
        found = []
        for base, c, rest in terms:
            q = roots.get((base, rest), c.q)
            root = sympy.exp(rest / q) if base is sympy.E else sympy.Pow(base, rest / q)  # z₀^{1/1} is z₀
            found.append((root, max(1, abs(int(c * q)))))
        return tuple(found)
    if isinstance(node, sympy.Function) or node.is_Atom and not node.is_Number:
        return ((node, 1),)
    return None


def _dense(degrees: dict, cap: int) -> int:
    """Most monomials a polynomial of these degrees in its generators can have (at most ``cap`` + 1)."""
    total = 1
    for d in degrees.values():
        total = min(total * (d + 1), cap + 1)
    return total


def expansion_cost(expr, cap: int = MAX_TERMS) -> int:
    """See ``expansion_profile``: the cost alone."""
    return expansion_profile(expr, cap)[0]


def expansion_profile(expr, cap: int = MAX_TERMS) -> tuple:
    """(cost, degrees, total degree) of multiplying ``expr`` out, read off its tree without multiplying
    anything: the cost is an upper bound on the terms SymPy makes, intermediate products included (at most
    ``cap`` + 1) — a product of sums costs the pairs of their terms, a power of a sum its multinomial terms,
    and what each yields is at most the monomials its degrees allow in its generators (``_generator``);
    degrees ({generator: degree}) and the total degree are upper bounds too. cancel and factor multiply out
    first, and so does sympy.Poly asked a degree: a product of two 16th powers of a sum in three symbols made
    940 000 terms for a minute though it has 6 545 (A32-1)."""
    seen: dict = {}
    spent = [0]
    roots = _roots(expr)

    def walk(e):
        """(terms, {generator: degree}, total degree) of ``e`` multiplied out; its work is added to spent."""
        if e in seen:
            return seen[e]
        leaf = _generator(e, roots) if isinstance(e, sympy.Expr) else None
        if leaf is not None:  # a monomial: e^{u + w} is e^u·e^w to expand and cancel (A34-1)
            for argument in e.args:  # cancel multiplies out inside a function too: tanh((z₁ + z₂ + 1)⁶⁴·…) (A35-1)
                walk(argument)
            degrees: dict = {}
            for g, d in leaf:
                degrees[g] = degrees.get(g, 0) + d
            found = (1, degrees, sum(degrees.values()))
        elif not isinstance(e, sympy.Expr) or not e.args:
            found = (1, {}, 0)
        elif e.is_Add or e.is_Mul:
            terms, degrees, total = walk(e.args[0])
            for arg in e.args[1:]:
                more, its, its_total = walk(arg)
                merged = dict(degrees)
                for g, d in its.items():
                    merged[g] = max(merged.get(g, 0), d) if e.is_Add else merged.get(g, 0) + d
                terms = terms + more if e.is_Add else terms * more
                total = max(total, its_total) if e.is_Add else total + its_total
                spent[0] = min(spent[0] + terms, cap + 1)
                terms, degrees = min(terms, _dense(merged, cap)), merged
            found = (terms, degrees, total)
        elif e.is_Pow and e.exp.is_Integer:
            terms, degrees, total = walk(e.base)
            power = abs(int(e.exp))
            made = 1 if terms == 1 else min(comb(terms + power - 1, power), cap + 1)
            spent[0] = min(spent[0] + made, cap + 1)
            powered = {g: d * power for g, d in degrees.items()}
            found = (min(made, _dense(powered, cap)), powered, total * power)
        else:
            found = (1, {}, 0)
        seen[e] = found
        return found

    _, degrees, total = walk(expr)
    return spent[0], degrees, total
