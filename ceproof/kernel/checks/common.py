"""What several checkers share: the failure they raise, the names a claim speaks of, what a
derivative may hold constant, and comparing expressions up to the names of bound indices."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sympy

from ..algebra.rewrite import substitute
from ..claims import Definition
from ..facts import parts_of
from ..notation import vector_of


class CheckFailure(Exception):
    """Raised inside a checker with the reason a claim does not hold as stated."""


def names(obj) -> set:
    """The names of every symbol and indexed base in a claim, premise or statement (walking its fields);
    an explicit entry counts as its vector too (``z0`` is also ``z``), and x̃ = (x, 1) as x (their
    entries are the same symbols), so that whatever asks whether a claim speaks of x sees them all."""
    if isinstance(obj, sympy.Basic):
        found = {str(s) for s in obj.atoms(sympy.Symbol)}
        found |= {vector for vector in map(vector_of, found) if vector is not None}
        found |= {str(x.base) for x in obj.atoms(sympy.Indexed)} | {str(x) for x in obj.atoms(sympy.IndexedBase)}
        return found | {"x"} if "xtilde" in found else found
    if isinstance(obj, (tuple, list, frozenset)):
        return set().union(*(names(x) for x in obj)) if obj else set()
    if hasattr(obj, "__dataclass_fields__"):
        try:
            return set(_names_of_data(obj))
        except TypeError:  # not hashable: walked each time
            return names(tuple(getattr(obj, f) for f in obj.__dataclass_fields__))
    return set()


@lru_cache(maxsize=16384)
def _names_of_data(obj) -> frozenset:
    """``names`` of a frozen claim or premise, remembered: every step asks it of every earlier claim."""
    return frozenset(names(tuple(getattr(obj, f) for f in obj.__dataclass_fields__)))


def defined_name(definition: Definition) -> sympy.Basic:
    """The symbol or indexed base a definition introduces."""
    return definition.lhs.base if isinstance(definition.lhs, sympy.Indexed) else definition.lhs


def definitions_in(claims, notation) -> list:
    """Every definition among ``claims`` (steps' claims and premises)."""
    return [part for claim in claims for part in parts_of(claim, notation) if isinstance(part, Definition)]


def defined_names(claims, notation) -> set:
    """The name of everything ``claims`` define."""
    return {str(defined_name(d)) for d in definitions_in(claims, notation)}


def depending_on(claims, notation, bases: set) -> set:
    """The names of ``bases`` and of everything ``claims`` define, directly or through other
    definitions, in terms of them."""
    found = {str(b) for b in bases}
    definitions = definitions_in(claims, notation)
    grew = True
    while grew:
        grew = False
        for definition in definitions:
            name = str(defined_name(definition))
            if name not in found and names(definition.rhs) & found:
                found.add(name)
                grew = True
    return found


@dataclass(frozen=True)
class Constants:
    """What a derivative in some variables may hold fixed: every name that depends on no variable
    through the earlier definitions. ``symbols`` are the used scalar definitions among them (τ := 2,
    Y := Σᵢ yᵢ), kept unexpanded; ``varying`` names what depends on a variable (and is not one)."""

    symbols: tuple
    varying: frozenset


def constants(facts, variables: set) -> Constants:
    """The constants of a derivative in ``variables`` (bases or symbols), from every earlier definition."""
    varying = depending_on(facts.earlier, facts.notation, variables) - {str(v) for v in variables}
    symbols = tuple(s for s in facts.scalar_definitions if str(s) not in varying)
    return Constants(symbols, frozenset(varying))


def canonical(expr):
    """``expr`` with every bound index renamed by its nesting position, so that two expressions that
    differ only in the names of their bound indices compare equal. A node whose parts are unchanged is kept,
    not rebuilt, and a shared part is renamed once (SymPy asks signs to rebuild exp(u²): C27-1)."""
    memo: dict = {}

    def walk(node):
        if not isinstance(node, sympy.Basic) or not node.args:
            return node
        if node in memo:
            return memo[node]
        if isinstance(node, sympy.Sum):
            body = walk(node.function)
            height = max(_depth(body), *(_height(part) for limit in node.limits for part in limit[1:]))  # a Σ in a
            # limit is renamed by its own height too: below the outer one's, so no outer index is captured (C33)
            renames = {index: sympy.Symbol(f"_bound{height}_{n}", integer=True)
                       for n, (index, _, _) in enumerate(node.limits)}
            limits = []
            for n, (index, low, high) in enumerate(node.limits):
                outer = {limit[0]: renames[limit[0]] for limit in node.limits[n + 1:]}  # a limit sees outer indices
                limits.append((renames[index], walk(substitute(low, outer)), walk(substitute(high, outer))))
            result = sympy.Sum(substitute(body, renames), *limits)
        else:
            args = tuple(walk(a) for a in node.args)
            result = node if args == node.args else node.func(*args)
        memo[node] = result
        return result

    return walk(expr)


def _depth(expr) -> int:
    """How deeply sums nest inside ``expr``'s parts, counting each limit of each Σ."""
    return max((_height(a) for a in expr.args), default=0)


def _height(expr) -> int:
    """How deeply sums nest in ``expr``, itself included."""
    if not isinstance(expr, sympy.Basic):
        return 0
    return _depth(expr) + (len(expr.limits) if isinstance(expr, sympy.Sum) else 0)


def same(a, b) -> bool:
    """Equal up to the names of bound indices."""
    return a == b or canonical(a) == canonical(b)


def variable_bases(variables, notation) -> tuple:
    """The names a derivative, a map or a counterexample is taken in, in order: ``q`` -> (q,);
    ``(W[0, 0], …, b[0], …)`` -> (W, b); ``(z0, z1, z2)`` -> (z,); ``(s,)`` -> (s,)."""
    if isinstance(variables, sympy.IndexedBase):
        return (variables,)
    back = notation.names_of_entries
    found: list = []
    for variable in variables:
        if isinstance(variable, sympy.Indexed):
            base = variable.base
        elif variable in back:
            base = notation.bases[back[variable]]
        else:
            base = variable
        if base not in found:
            found.append(base)
    return tuple(found)


TEMPLATE_FROM = 12
"""From this many classes on, an array claim at an explicit K is first checked once, by its entry formula,
with the every-K rewrite rules (which hold for a numeric K as for a symbol), and entry by entry only when
that fails: K² entries one by one take minutes at K = 1000."""


def by_template(notation) -> bool:
    return notation.is_explicit and notation.classes >= TEMPLATE_FROM
