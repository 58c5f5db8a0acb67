"""Gradients, Jacobians and Hessians: recomputed with ``sympy.diff`` from the function (never read
from the claim), then compared with the claimed result — as Laurent polynomials or cancelled closed
forms for an explicit K, by the rewrite rules for every K."""

from __future__ import annotations

import sympy

from ..algebra.laurent import Laurent, NotALaurentPolynomial, from_sympy, merge_monomials
from ..algebra.rewrite import normalize, substitute
from ..arrays import IndexedArray
from ..budget import charge_derivative, spend
from ..claims import DerivativeEquality, Equality
from ..engines.explicit import ExplicitEngine, diff
from ..engines.index import IndexEngine
from ..notation import expand_sums
from ..text import shown_text
from .common import CheckFailure, by_template, constants, defined_names, names, same, variable_bases
from .signs import closed_form_zero, require_invertible


def check_derivative(claim: DerivativeEquality, facts) -> tuple:
    if claim.order not in (1, 2):
        raise CheckFailure(f"derivatives of order {claim.order} are not supported")
    if claim.of is None:
        raise CheckFailure("a derivative must name the function it is of")
    if not isinstance(claim.result, IndexedArray):
        raise CheckFailure("the result is an array given by its entry formula")
    check_name(claim, facts)
    n = facts.notation
    variables = n.z if claim.variables is None else claim.variables
    bases = variable_bases(variables, n)
    defined = defined_names(facts.used, n) & {str(b) for b in bases}
    if defined:  # p := e^z/S written out leaves no p for sympy.diff: "∂/∂p Σ pᵢ² = 0" (A15)
        raise CheckFailure(f"{sorted(defined)[0]} is defined by a step this one uses, so written out it is no "
                           "variable to differentiate in")
    if isinstance(claim.function, IndexedArray) and (claim.order != 1 or claim.variables is not None
                                                     or len(claim.function.indices) != 1):
        raise CheckFailure("a vector function is differentiated once, in the logits: its Jacobian")
    if not isinstance(claim.function, (IndexedArray, sympy.Expr)):
        raise CheckFailure("the function is a scalar expression or a vector given by its entry formula")
    kept = constants(facts, set(bases))
    if n.is_explicit and by_template(n) and isinstance(variables, sympy.IndexedBase) and n.size(variables) == (n.K,):
        try:
            return _every_k(claim, facts, variables, kept)
        except CheckFailure:
            pass
    if n.is_explicit:
        return _explicit(claim, facts, variables, kept)
    if not isinstance(variables, sympy.IndexedBase) or n.size(variables) != (n.K,):
        raise CheckFailure("for every K, a derivative is taken in a K-vector")
    return _every_k(claim, facts, variables, kept)


def check_name(claim, facts) -> None:
    """``of`` must really name the function: p for the array p[i] (defined by a used step), or a symbol
    whose used definition is the function, or equal to it by a used equality."""
    if isinstance(claim.function, IndexedArray):
        if (not isinstance(claim.of, sympy.IndexedBase) or len(claim.function.indices) != 1
                or claim.function.entry != claim.of[claim.function.indices[0]]
                or claim.of not in facts.indexed_definitions):
            raise CheckFailure(f"the function is not the vector {claim.of}, defined by a used step")
        if not all(same(sympy.sympify(a), sympy.sympify(b)) for a, b in
                   zip(claim.function.shape, facts.notation.size(claim.of))) or \
                len(claim.function.shape) != len(facts.notation.size(claim.of)):
            raise CheckFailure(f"the function takes {shown_text(claim.function.shape[0], 40)} entries of {claim.of}, "
                               f"not all {shown_text(facts.notation.size(claim.of)[0], 40)}: its Jacobian would be "
                               "read as the whole vector's (B33-1)")
        return
    definition = facts.scalar_definitions.get(claim.of)
    if definition is None:
        raise CheckFailure(f"no used step defines {claim.of}")
    if same(claim.function, definition):
        return
    for used in facts.used:
        if isinstance(used, Equality) and isinstance(used.lhs, sympy.Expr) and isinstance(used.rhs, sympy.Expr) \
                and {used.lhs, used.rhs} == {definition, claim.function}:
            return
    raise CheckFailure(f"no used step shows that the function is {claim.of}")


def _free_names_allowed(expr, facts, kept, variables: set, extra: set = frozenset()) -> None:
    """No name left in ``expr`` may depend on the variables through an earlier definition, unless it is
    S with its used definition (``extra``, for the chain rule): a name whose definition the step does
    not use would hide a dependence on the variables."""
    back = facts.notation.names_of_entries
    left = {back.get(s, str(s)) for s in expr.free_symbols if s not in variables and s not in extra}
    left |= {str(x.base) for x in expr.atoms(sympy.Indexed)}
    if "xtilde" in left:
        left.add("x")  # x̃ = (x, 1)
    left -= {str(v) for v in variables} | {str(s) for s in kept.symbols} | {str(s) for s in extra}
    hidden = sorted(left & kept.varying)
    if hidden:
        raise CheckFailure(f"the function depends on {', '.join(hidden)}, which an earlier step defines through the "
                           "variables and this step does not use, so the derivative would miss that dependence")


def _written_out(expr) -> None:
    """sympy.diff sees z0, z1, … only: an entry at a symbolic index or a Σ left over would be a constant
    to it, whatever it depends on."""
    if expr.has(sympy.Sum) or expr.has(sympy.Indexed):
        raise CheckFailure("the function keeps a Σ or an entry at a symbolic index once written out, so its "
                           "derivative would miss what they depend on")


def _limits_constant(f, q) -> None:
    """sympy.diff differentiates under a Σ whose limits hold a variable (N := ⌊z₀²⌋ written out) as if
    they were constant, though the sum jumps with them: no limit may depend on the variables."""
    for node in sympy.preorder_traversal(f):
        if isinstance(node, sympy.Sum) and any(
                s == q.label or (isinstance(s, sympy.Indexed) and s.base == q)
                for _, low, high in node.limits for s in (*low.free_symbols, *high.free_symbols,
                                                           *low.atoms(sympy.Indexed), *high.atoms(sympy.Indexed))):
            raise CheckFailure("a sum's limit depends on the variables once definitions are written out, so the "
                               "function jumps where the limit does and sympy.diff would miss it")


def _explicit(claim, facts, variables, kept) -> tuple:
    """Each entry recomputed with sympy.diff (with the chain rule through S and its used definition),
    then compared as a Laurent polynomial, or failing that as a cancelled closed form."""
    n = facts.notation
    if isinstance(variables, sympy.IndexedBase):
        if len(n.size(variables)) != 1:
            raise CheckFailure(f"a derivative in the matrix {variables} names its entries")
        symbols = tuple(n.concrete(variables[r]) for r in range(int(n.size(variables)[0])))  # every entry
    else:
        symbols = tuple(n.concrete(v) for v in variables)
    if not symbols or len(set(symbols)) != len(symbols) or not all(isinstance(v, sympy.Symbol) for v in symbols):
        raise CheckFailure("the variables must be distinct, each an explicit symbol")
    size = len(symbols)
    rows = None
    if isinstance(claim.function, IndexedArray):  # every entry of the vector (check_name): K of p, d of x
        rows = sympy.sympify(claim.function.shape[0])
        if not isinstance(rows, sympy.Integer):
            raise CheckFailure("at an explicit K, a vector's Jacobian has a number of rows")
        rows = int(rows)
    wanted = (rows, size) if rows is not None else (size,) * claim.order
    if len(claim.result.indices) != len(wanted) or tuple(claim.result.shape) != wanted:
        raise CheckFailure(f"this derivative has shape {wanted}, the claim has {tuple(claim.result.shape)}")
    spend("entries", size * (rows or size ** (claim.order - 1)))
    engine = ExplicitEngine(facts)
    S, keep = n.S, kept.symbols
    S_value = None
    if S in facts.scalar_definitions and S not in symbols:
        S_value = engine.concrete(facts.expand_definitions(facts.scalar_definitions[S], keep=keep), split_logs=False)
        _free_names_allowed(S_value, facts, kept, set(symbols))
        _written_out(S_value)
    chain = {S} if S_value is not None else set()
    dS = [diff(S_value, v) if S_value is not None else sympy.Integer(0) for v in symbols]

    def function(expr):
        f = engine.concrete(facts.expand_definitions(expr, keep=(*chain, *keep)), split_logs=False)
        _free_names_allowed(f, facts, kept, set(symbols), chain)
        _written_out(f)
        return f

    def derivative(g: sympy.Expr, r: int) -> sympy.Expr:
        out = diff(g, symbols[r]) if symbols[r] in g.free_symbols else sympy.Integer(0)
        if S_value is not None and S in g.free_symbols:
            out += diff(g, S) * dS[r]
        return out

    entry = facts.expand_definitions(claim.result.entry, keep=(*chain, *keep))
    claimed = engine.template(entry, claim.result.indices)
    closed = []
    require_invertible(dS, facts)
    dS_terms = [from_sympy(d, engine.cache) for d in dS]

    def row_of(g: sympy.Expr):
        """Each derivative of ``g`` as a Laurent polynomial (the chain rule through S multiplied out as
        polynomials), or None where one is not a polynomial; every divisor shown non-zero first."""
        dg_dS = diff(g, S) if S_value is not None and S in g.free_symbols else sympy.Integer(0)
        require_invertible((dg_dS,), facts)
        try:
            through_S = from_sympy(dg_dS, engine.cache)
        except NotALaurentPolynomial:
            return None

        def at(col):
            direct = diff(g, symbols[col]) if symbols[col] in g.free_symbols else sympy.Integer(0)
            require_invertible((direct,), facts)
            try:
                return from_sympy(direct, engine.cache) + through_S * dS_terms[col]
            except NotALaurentPolynomial:
                return None
        return at

    def compare(g: sympy.Expr, row, col: int, position: tuple) -> None:
        polynomial = row(col) if row is not None else None
        if polynomial is not None:
            acc = dict(polynomial.terms)
            claimed.add_into(acc, position, scale=-1)
            if not any(acc.values()):
                return
        computed = derivative(g, col)
        at = n.concrete(expand_sums(substitute(entry, dict(zip(claim.result.indices, map(sympy.Integer, position))))))
        difference = computed - facts.substitute_indexed(at)
        if S_value is not None:
            difference = difference.xreplace({S: S_value})
        if not closed_form_zero(difference, facts):
            raise CheckFailure(f"sympy.diff result − claim is not 0 at entry {position}: "
                               f"{shown_text(difference)}")
        closed.append(position)

    if rows is not None:
        index = claim.function.indices[0]
        for r in range(rows):
            f = function(substitute(claim.function.entry, {index: sympy.Integer(r)}))
            row = row_of(f)
            for col in range(size):
                compare(f, row, col, (r, col))
    else:
        f = function(claim.function)
        require_invertible((f,), facts)
        first = row_of(f)
        for r in range(size):
            if claim.order == 1:
                compare(f, first, r, (r,))
            else:
                g = derivative(f, r)
                require_invertible((g,), facts)  # a first derivative that divides by 0 somewhere is no
                row = row_of(g)  # derivative there, whatever the second one cancels to (B52 lead)
                for col in range(size):
                    compare(g, row, col, (r, col))
    count = size * (rows or size ** (claim.order - 1))
    return (("engine", "laurent" if not closed else "closed-form"), ("entries", count),
            ("chain-rule", str(S) if S_value is not None else ""), ("variables", tuple(map(str, variable_bases(
                variables, n)))))


def _in_index_form_only(n, q, *exprs) -> None:
    """At a numeric K, sympy.diff in q[j] sees only entries at an index: z0 (the entry symbol of z[0])
    would be a constant to it (B13-1: L = z0² "has gradient 0"), so no entry symbol may remain; and the
    variables must be free entries, not the fixed one-hot label. Otherwise the entries are compared one
    by one."""
    if any(not isinstance(n.concrete(q[r]), sympy.Symbol) for r in range(int(n.K))):
        raise CheckFailure(f"the entries of {q} are fixed numbers at this K, not variables")
    entry_symbols = set(n.names_of_entries)
    own = {n.concrete(q[r]) for r in range(int(n.K))}
    for expr in exprs:
        if expr.free_symbols & entry_symbols:
            raise CheckFailure("the function or the result names entries by their symbols (z0, …), which "
                               "a derivative at an index would miss: checked entry by entry instead")
        for entry in expr.atoms(sympy.Indexed):  # x̃ = (x, 1) shares x's entries under another name (B14)
            if entry.base != q and n.concrete(entry).free_symbols & own:
                raise CheckFailure(f"the function speaks of {entry.base}, whose entries are {q}'s under another "
                                   "name, which a derivative at an index would miss: checked entry by entry instead")
            if entry.base != q and entry.base.name == "xtilde" and q.name == "x":
                raise CheckFailure("the function speaks of x̃ = (x, 1), which a derivative in x at an index would "
                                   "miss: checked entry by entry instead")


def _every_k(claim, facts, q, kept) -> tuple:
    """sympy.diff of the index expression in q[j] (and q[k]), reduced by the rewrite rules."""
    n = facts.notation
    result = claim.result
    if isinstance(claim.function, IndexedArray):
        wanted = (n.K, n.K)
    else:
        wanted = (n.K,) * claim.order
    if len(result.indices) != len(wanted) or tuple(result.shape) != wanted:
        raise CheckFailure(f"this derivative has shape {wanted}, the claim has {tuple(result.shape)}")

    def expand(expr):
        return normalize(facts.expand_definitions(expr, keep=kept.symbols), {})[0]

    if isinstance(claim.function, IndexedArray):
        f = expand(substitute(claim.function.entry, {claim.function.indices[0]: result.indices[0]}))
        free = (result.indices[0],)
        targets = (q[result.indices[1]],)
    else:
        f = expand(claim.function)
        free = ()
        targets = tuple(q[index] for index in result.indices)
    if (f.free_symbols & set(n.indices)) - set(free):
        raise CheckFailure("the function has a free index, so it is not one function of the variables")
    if n.is_explicit:
        _in_index_form_only(n, q, f, expand(result.entry))
    _free_names_allowed(f, facts, kept, {q.label, n.K, *free})
    _limits_constant(f, q)
    require_invertible((f,), facts)
    computed = f
    for target in targets:  # each derivative priced before it is taken: tanh(tanh(…)) hides its products until
        charge_derivative(computed)  # the first one, whose product rule the second then repeats (A25-1)
        computed = sympy.diff(computed, target)
    require_invertible((computed,), facts)
    reduced, rules = normalize(computed - expand(result.entry), IndexEngine(facts).ranges)
    if reduced != 0:
        raise CheckFailure(f"sympy.diff result − claim reduces to {shown_text(reduced, 300)}, not 0")
    return (("engine", "rewrite"), ("rules", rules), ("variables", (str(q),)))
