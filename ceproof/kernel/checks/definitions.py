"""Definitions (fresh names, never re-binding one the statement or an earlier step uses) and
positivity (definitions written out, then SymPy's assumptions with the signs used steps prove)."""

from __future__ import annotations

import sympy

from ..claims import Definition, Positivity
from ..notation import TEST_VECTORS
from ..text import shown_text
from .common import CheckFailure, defined_name, names
from .signs import (SIGN_QUERY_NODES, constants_decided, may_ask_sign, over_common_denominator, require_defined,
                    require_invertible, with_proved_signs)


def check_definition(claim: Definition, facts) -> tuple:
    n = facts.notation
    if isinstance(claim.lhs, sympy.Indexed):
        if (len(claim.lhs.indices) != 1 or claim.index is None or claim.lhs.indices != (claim.index,)
                or claim.index not in (*n.indices, n.m)):
            raise CheckFailure(f"an indexed definition {claim.lhs} := … must be stated for an index of the notation, "
                               "its own")
    elif not isinstance(claim.lhs, sympy.Symbol) or claim.index is not None:
        raise CheckFailure("a definition introduces a plain symbol, or an indexed entry for every index")
    name = defined_name(claim)
    if str(name) in facts.reserved or str(name) in n.reserved or name in n.names_of_entries:
        raise CheckFailure(f"{name} is a variable, a datum or a reserved name of the notation: it cannot be defined")
    stray = (claim.rhs.free_symbols & set(n.position_indices.values())) - {claim.index}
    if stray:
        raise CheckFailure(f"the right-hand side uses the free index {sorted(map(str, stray))[0]}")
    if names(claim.rhs) & {"t", *TEST_VECTORS}:
        raise CheckFailure("a definition may not speak of the shift t or of a test vector")
    if claim.rhs.has(name) or str(name) in names(claim.rhs):  # q0 is q[0], x̃[0] is x[0]
        raise CheckFailure(f"{name} occurs in its own definition")
    if str(name) in names(facts.earlier):
        raise CheckFailure(f"{name} is already defined or used by an earlier step, so it cannot be introduced now")
    require_invertible((claim.rhs,), facts)
    require_defined(claim.rhs, facts)
    if facts.expand_definitions(claim.rhs).has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise CheckFailure(f"{name} is defined as a value that does not exist (log 0, 1/0)")
    declared = (name.label if isinstance(name, sympy.IndexedBase) else name)._assumptions_orig
    written = constants_decided(facts.expand_definitions(claim.rhs)) if declared else claim.rhs
    if declared and not may_ask_sign(written):
        raise CheckFailure(f"{name} is declared {sorted(declared)[0]}: its definition is too large to ask SymPy")
    unproved = sorted(a for a, value in declared.items() if value and getattr(written, f"is_{a}", None) is not True)
    if unproved:
        raise CheckFailure(f"{name} is declared {unproved[0]}, which SymPy cannot derive from its definition")
    return (("declared", tuple(sorted(a for a, value in declared.items() if value))),)


def check_positivity(claim: Positivity, facts) -> tuple:
    n = facts.notation
    if claim.index is not None and claim.index not in (*n.indices, n.m):
        raise CheckFailure("a sign for every index is stated for an index of the notation (an integer ≥ 0)")
    signed = False
    for expr in claim.exprs:
        expanded = facts.expand_definitions(expr)  # definitions through other definitions (σ := e^s/S, S := …)
        require_invertible((expanded,), facts)
        if facts.notation.is_explicit and claim.index is None:
            expanded = facts.notation.explicit(expanded)  # written out by the kernel: never SymPy's Sum.doit
        with_signs = with_proved_signs(expanded, facts)
        signed = signed or with_signs != expanded
        # a symbol's declared positivity must not count: only what its definition shows
        asked = with_signs.xreplace({facts.notation.S: sympy.Dummy("S")})
        if not may_ask_sign(asked):
            raise CheckFailure(f"{shown_text(expr)} is too large to ask SymPy its sign (over {SIGN_QUERY_NODES} nodes, "
                               "or the proof's budget of sign queries is spent)")
        shown = asked.is_positive if claim.strict else asked.is_nonnegative
        if shown is not True:  # over a common denominator: e^s/S·(1 − e^s/S) = e^s/S² with S = e^s + 1
            together = over_common_denominator(asked)
            if together is not None:
                shown = together.is_positive if claim.strict else together.is_nonnegative
        if shown is not True:
            raise CheckFailure(f"SymPy cannot show {shown_text(expr)} = {shown_text(expanded)} "
                               f"{'>' if claim.strict else '≥'} 0")
    return (("used-signs", signed),)
