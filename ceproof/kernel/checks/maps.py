"""Affine maps: the used definition of a vector is, entry by entry, a polynomial of degree ≤ 1 in the
variables whose coefficients are data (no earlier step defines them through the variables)."""

from __future__ import annotations

import sympy

from ..algebra.rewrite import substitute
from ..arrays import IndexedArray
from ..claims import Affine
from ..notation import vector_of
from ..text import shown_text
from .common import CheckFailure, defined_names, depending_on, names


def check_affine(claim: Affine, facts) -> tuple:
    rhs = claim.rhs
    if not isinstance(rhs, IndexedArray) or len(rhs.indices) != 1:
        raise CheckFailure("the map is a vector given by its entry formula")
    variables = tuple(claim.variables)
    if not variables or len(set(variables)) != len(variables) or not all(
            isinstance(v, (sympy.IndexedBase, sympy.Symbol)) for v in variables):
        raise CheckFailure("the variables of an affine map are distinct vectors, matrices or symbols")
    index = rhs.indices[0]
    definition = next((d for d in facts.definitions if isinstance(d.lhs, sympy.Indexed) and d.lhs.base == claim.lhs), None)
    if definition is None:
        raise CheckFailure(f"no used step defines {claim.lhs}")
    if substitute(definition.rhs, {definition.index: index}) != rhs.entry:
        raise CheckFailure(f"the map is not the used definition of {claim.lhs}")
    degree = _degree(rhs.entry, variables)
    if degree is None or degree > 1:
        raise CheckFailure(f"{shown_text(rhs.entry, 120)} is not a polynomial of degree ≤ 1 in {', '.join(map(str, variables))}")
    variable_names = {str(v) for v in variables}
    varying = depending_on(facts.earlier, facts.notation, set(variables)) - variable_names
    others = names(rhs.entry) - variable_names - {str(index)}
    if others & varying:
        raise CheckFailure(f"the map depends on {', '.join(sorted(others & varying))}, which an earlier step defines "
                           "through the variables, so its coefficients are not constant")
    defined = defined_names(facts.earlier, facts.notation)
    if variable_names & defined:
        raise CheckFailure(f"{', '.join(sorted(variable_names & defined))} is defined by an earlier step, so it is "
                           "not a free variable")
    return (("degree", degree),)


def _degree(e: sympy.Expr, variables: tuple):
    """The total degree of ``e`` in the entries of ``variables``; None if it is not a polynomial in them."""
    entries = {v.name for v in variables if isinstance(v, sympy.IndexedBase)}
    if "x" in entries:
        entries.add("xtilde")  # x̃ = (x, 1): its entries are x's (a degree counted 1 for its last is only safe)
    symbols = {v for v in variables if isinstance(v, sympy.Symbol)}

    def variable(s) -> bool:  # a scalar variable, or an explicit entry of a vector variable (W_{0,1})
        return s in symbols or vector_of(s.name) in entries

    def depends(x) -> bool:
        return any(variable(s) for s in x.free_symbols if isinstance(s, sympy.Symbol)) or any(
            a.base.name in entries for a in x.atoms(sympy.Indexed))

    def walk(x):
        if not depends(x):
            return 0
        if isinstance(x, sympy.Indexed):
            return 1 if x.base.name in entries and not any(depends(i) for i in x.indices) else None
        if isinstance(x, sympy.Symbol):
            return 1
        if isinstance(x, sympy.Sum):
            return None if any(depends(sympy.Tuple(*limit[1:])) for limit in x.limits) else walk(x.function)
        if x.is_Add or x.is_Mul:
            degrees = [walk(a) for a in x.args]
            if None in degrees:
                return None
            return max(degrees) if x.is_Add else sum(degrees)
        if x.is_Pow and x.exp.is_Integer and x.exp >= 0:
            inner = walk(x.base)
            return None if inner is None else inner * int(x.exp)
        return None

    return walk(e)
