"""Cited conclusions: a known theorem, applied to exactly the function and variables its premises —
the used steps — are about. The theorem itself is trusted (the trusted base); its premises are not.

``PREMISES`` (one table) maps each theorem to the function that reads its premises off the used
steps and returns the pairs (f, variables) they establish them for.
"""

from __future__ import annotations

import sympy

from ..algebra.expansion import bounded_expand
from ..algebra.rewrite import substitute, write_out
from ..arrays import IndexedArray
from ..citations import KNOWN_THEOREMS
from ..claims import (Affine, Cited, Counterexample, DerivativeEquality, Equality, PositiveDefiniteOn,
                      PositiveSemidefinite)
from ..premises import PositiveOrthant, PositiveReal, RealSpace
from .common import CheckFailure, defined_names, definitions_in, depending_on, names, same, variable_bases
from .signs import constants_decided, with_proved_signs

CONVEXITY_CONCLUSIONS = ("second-order-condition", "second-order-strict", "affine-precomposition",
                         "nonnegative-sums", "norm-convexity", "pointwise-maximum", "norm-of-affine",
                         "scalar-composition")
"""Theorems whose cited conclusion "f is convex in V" later steps may use as a premise."""


def check_cited(claim: Cited, facts) -> tuple:
    key = getattr(claim.theorem, "key", None)
    if KNOWN_THEOREMS.get(key) != claim.theorem:
        raise CheckFailure(f"{key!r} is not a known theorem")
    if not isinstance(claim.subject, sympy.Symbol):
        raise CheckFailure("a cited conclusion must name the function it is about")
    if claim.on is not None and key != "strict-on-affine-set":
        raise CheckFailure("only strict convexity on an affine set speaks of a set")
    variables = variable_bases(tuple(claim.variables), facts.notation)
    if tuple(claim.variables) != variables:
        raise CheckFailure("a cited conclusion names its variables as vectors, matrices or scalars, not entries")
    established = PREMISES[key](claim, facts)
    if (claim.subject, variables) not in established:
        shown = "; ".join(sorted(f"{f} in ({', '.join(map(str, V))})" for f, V in established)) or "no named function"
        raise CheckFailure(f"the used steps do not establish the premises of {claim.theorem.name} for {claim.subject} "
                           f"in ({', '.join(map(str, variables))}); they establish them for: {shown}")
    return (("theorem", key), ("about", (str(claim.subject), tuple(map(str, variables)))))


def _hessian_variables(hessian: DerivativeEquality, notation):
    """The bases a Hessian is taken in, when it is taken in every entry of each (a Hessian in z0 alone
    says nothing of convexity in z); else None."""
    if hessian.variables is None:
        return (notation.z,)
    return complete_bases(hessian.variables, notation)


def complete_bases(variables, notation):
    """The bases of ``variables`` when they are whole vectors and scalars, or exactly every entry of each
    base (in any order, for an explicit K); else None."""
    if isinstance(variables, sympy.IndexedBase):
        return (variables,)
    variables = tuple(variables)
    entries = notation.names_of_entries
    if all(isinstance(v, sympy.IndexedBase) or (isinstance(v, sympy.Symbol) and v not in entries) for v in variables):
        return variables if len(set(variables)) == len(variables) else None
    if not notation.is_explicit:
        return None
    bases = variable_bases(variables, notation)
    given = [notation.concrete(v) for v in variables]
    every = []
    for base in bases:
        if isinstance(base, sympy.IndexedBase):
            every += [s for key, s in notation.concrete_map.items() if isinstance(key, sympy.Indexed) and key.base == base]
        else:
            every.append(base)
    return bases if len(given) == len(set(given)) and set(given) == set(every) else None


def _domains(facts, variables: tuple, claims=None) -> bool:
    """Whether every one of ``variables`` ranges over an open convex set: a used premise gives it its
    domain, or it is a real vector of the notation that is free here — no premise of the statement is
    about it and no step the check rests on defines it — so that a function of it is taken on all of
    ℝᴷ (L as a function of the logits z of a linear model)."""
    claims = facts.used if claims is None else claims
    premises = [u for u in claims if isinstance(u, (RealSpace, PositiveOrthant, PositiveReal))]
    statement = facts.statement
    subjects = {p.subject for p in statement.premises} if statement is not None else set()
    defined = defined_names((*facts.used, *facts.ancestors), facts.notation)

    def free(v) -> bool:
        return (isinstance(v, sympy.IndexedBase) and v.label.is_real and not facts.notation.is_test_vector(v)
                and v not in subjects and str(v) not in defined)

    return all(any(p.subject == v for p in premises) or free(v) for v in variables)


def _hessians(facts) -> list:
    found = [u for u in facts.used if isinstance(u, DerivativeEquality) and u.order == 2 and u.of is not None
             and not isinstance(u.function, IndexedArray)]
    if not found:
        raise CheckFailure("the second-order condition needs a used step that computes the Hessian")
    return found


def _second_order(claim, facts) -> set:
    """A used Hessian of f in V, a used proof that this very matrix is PSD, and V's domain."""
    psd = [u.matrix for u in facts.used if isinstance(u, PositiveSemidefinite)]
    found = set()
    for h in _hessians(facts):
        V = _hessian_variables(h, facts.notation)
        if V is not None and h.result in psd and _domains(facts, V):
            found.add((h.of, V))
    return found


def _strict_second_order(claim, facts) -> set:
    """A used Hessian that a used step shows positive definite — a 1 × 1 Hessian whose entry is shown
    > 0, or a matrix M ⪰ 0 with H − M = c·I and c > 0 — and the domain."""
    return {(h.of, _hessian_variables(h, facts.notation)) for h in _hessians(facts)
            if _hessian_variables(h, facts.notation) is not None
            and _domains(facts, _hessian_variables(h, facts.notation)) and _positive_definite(h.result, facts)}


def _positive_definite(H: IndexedArray, facts) -> bool:
    if tuple(H.shape) == (1, 1) and facts.is_positive(H.entry, strict=True):
        return True
    for used in facts.used:
        if not isinstance(used, PositiveSemidefinite) or tuple(used.matrix.shape) != tuple(H.shape) \
                or len(H.indices) != 2 or len(used.matrix.indices) != 2:
            continue
        M = used.matrix
        row, col = M.indices
        delta = sympy.KroneckerDelta(row, col)
        difference = bounded_expand(substitute(H.entry, dict(zip(H.indices, M.indices))) - M.entry)
        shift = difference.coeff(delta)
        if shift == 0 or shift.free_symbols & {row, col} or bounded_expand(difference - shift * delta) != 0:
            continue
        if with_proved_signs(shift, facts).is_positive:
            return True
    return False


def _written(expr, definitions: dict, indexed: dict, ranges: dict):
    """``expr`` with the definitions written out, all of them: an entry left (taken outside the range its
    definition covers) would hide what it depends on."""
    written = write_out(expr, definitions, indexed, ranges)
    if any(x.base in indexed for x in written.atoms(sympy.Indexed)):
        raise CheckFailure("an entry is taken outside the range its definition covers")
    return written


def _not_strict(claim, facts) -> set:
    """A used equality g(z + t·1) = g(z) for the notation's shift t (real, never defined), z ∈ ℝᴷ, and g
    shown to be a defined function f (f := … = … = g, through the definitions and equalities of the
    steps it rests on): f is constant along 1, so not strictly convex."""
    n = facts.notation
    z, t = n.z, n.t

    def shifted(expr):
        return expr.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == z, lambda e: e + t)

    through_z = depending_on(facts.earlier, n, {z}) - {str(z)}
    entries = {s for s in n.names_of_entries if n.names_of_entries[s] == str(z)}
    shifts = [u.rhs for u in facts.used if isinstance(u, Equality) and isinstance(u.rhs, sympy.Expr)
              and isinstance(u.lhs, sympy.Expr) and u.rhs.has(z) and u.lhs == shifted(u.rhs)
              and not names(u.rhs) & through_z and not u.rhs.free_symbols & entries]
    # every dependence on z literal, as z[·], so that the shift reaches all of it
    if not shifts:
        raise CheckFailure("non-strictness needs a used step showing f(z + t·1) = f(z)")
    claims = (*facts.used, *facts.ancestors)
    if not _domains(facts, (z,), claims):
        raise CheckFailure("non-strictness along 1 needs z ∈ ℝᴷ, where every z + t·1 lies")
    definitions = {d.lhs: d.rhs for d in definitions_in(claims, n) if isinstance(d.lhs, sympy.Symbol)}
    indexed = {d.lhs.base: (d.index, d.rhs) for d in definitions_in(claims, n) if isinstance(d.lhs, sympy.Indexed)}
    equalities = [(e.lhs, e.rhs) for e in claims if isinstance(e, Equality)
                  and isinstance(e.lhs, sympy.Expr) and isinstance(e.rhs, sympy.Expr)]
    targets = [_written(g, definitions, indexed, facts.notation.index_ranges) for g in shifts]
    found = set()
    for f, rhs in definitions.items():
        known, grown = {f, rhs}, True
        while grown:
            grown = False
            for a, b in equalities:
                for side, other in ((a, b), (b, a)):
                    if side in known and other not in known:
                        known.add(other)
                        grown = True
        if any(same(_written(k, definitions, indexed, facts.notation.index_ranges), target)
               for k in known for target in targets):
            found.add((f, (z,)))
    return found


def _refuted(claim, facts) -> set:
    """A used counterexample in every entry of its variables, each with the whole space as its domain
    (every rational point lies in it), or (0, ∞) with the counterexample's points > 0 in it (the chord's
    ends: the segment between them stays inside): what it refutes is (f, its variables)."""
    examples = [u for u in facts.used if isinstance(u, Counterexample)]
    if not examples:
        raise CheckFailure("refuting convexity needs a used step with a checked counterexample")
    n = facts.notation
    found = set()
    for example in examples:
        bases = complete_bases(tuple(example.variables), n)
        if bases is None:
            raise CheckFailure("a counterexample is taken in every entry of its variables")
        premises = [u for u in facts.used if isinstance(u, RealSpace)]
        positive = {u.subject for u in facts.used if isinstance(u, PositiveReal)}
        if not all(any(p.subject == base for p in premises) or base in positive for base in bases):
            raise CheckFailure("refuting convexity needs the whole space ℝⁿ, or (0, ∞) for a scalar, as the domain "
                               "of the counterexample's variables among the uses")
        points = (example.point,) if example.kind == "curvature" else (example.x1, example.x2)
        for base in sorted(positive & set(bases), key=str):
            where = [k for k, v in enumerate(example.variables) if v == base]
            if len(where) != 1 or not all(len(point) == len(example.variables) for point in points) or not all(
                    isinstance(point[where[0]], sympy.Rational) and point[where[0]] > 0 for point in points):
                raise CheckFailure(f"a point of the counterexample lies outside the domain {base} > 0")
        found.add((example.of, bases))
    return found


def _convexity_established(facts) -> set:
    """(f, V) for every used cited conclusion that f is convex in V."""
    return {(u.subject, tuple(u.variables)) for u in facts.used
            if isinstance(u, Cited) and u.theorem.key in CONVEXITY_CONCLUSIONS}


def _affine_precomposition(claim, facts) -> set:
    """A used affine map z = A(θ) and a used conclusion that f is convex in z: then f is convex in θ."""
    maps = [u for u in facts.used if isinstance(u, Affine)]
    if not maps:
        raise CheckFailure("composition with an affine map needs a used step showing that the map is affine")
    return {(f, tuple(m.variables)) for m in maps for f, V in _convexity_established(facts)
            if V == (m.lhs,) and _only_through(f, m, facts)}


def _only_through(f, affine: Affine, facts) -> bool:
    """Whether f, written out through the definitions its steps rest on but keeping the map's z,
    is free of the map's variables: g(θ) = f(A θ + c) needs f to see θ only through z = A θ + c."""
    n = facts.notation
    definitions = definitions_in(facts.earlier, n)  # every earlier definition: none may hide a θ
    scalars = {d.lhs: d.rhs for d in definitions if isinstance(d.lhs, sympy.Symbol)}
    if f not in scalars:
        return False
    indexed = {d.lhs.base: (d.index, d.rhs) for d in definitions
               if isinstance(d.lhs, sympy.Indexed) and d.lhs.base != affine.lhs}
    expr = _written(scalars[f], scalars, indexed, facts.notation.index_ranges)
    bases = {str(b) for b in affine.variables}
    used = names(expr)
    return str(f) not in used and not (used & bases)


def _norm(claim, facts) -> set:
    """A used definition N := Σ |θₖ| (written out or as Σ), each θₖ an entry of a variable: a norm."""
    found = set()
    defined = defined_names(facts.earlier, facts.notation)
    for definition in facts.definitions:
        if isinstance(definition.lhs, sympy.Symbol):
            bases = _absolute_sum_bases(definition.rhs, defined)
            if bases and not {str(b) for b in bases} & defined:
                found.add((definition.lhs, bases))
    if not found:
        raise CheckFailure("the convexity of a norm needs a used definition N = Σ |θₖ| (the ℓ₁ norm)")
    return found


def _absolute_sum_bases(expr: sympy.Expr, defined: set) -> tuple:
    """The bases (in order) when ``expr`` is a sum of |entry| (nested Σ allowed, over ranges no step
    defines), else ()."""
    found: list = []

    def walk(x) -> bool:
        if isinstance(x, sympy.Sum):
            return all((sympy.sympify(high) - low + 1).is_nonnegative is True
                       and not names(sympy.Tuple(low, high)) & defined for _, low, high in x.limits) \
                and walk(x.function)
        if x.is_Add:
            return all(walk(a) for a in x.args)
        if isinstance(x, sympy.Abs) and isinstance(x.args[0], sympy.Indexed):
            place = sympy.Tuple(*x.args[0].indices)  # |z[Q]| with Q := δ(z₀, 0) is no entry of a fixed place (B28)
            if names(place) & defined or any(s.is_integer is not True for s in place.free_symbols):
                return False
            base = x.args[0].base
            if base not in found:
                found.append(base)
            return True
        return False

    return tuple(found) if walk(expr) else ()


def _nonnegative_sums(claim, facts) -> set:
    """A used definition F := Σₖ wₖ fₖ with each weight a constant ≥ 0 and each fₖ convex in V by a used
    conclusion (or in a part of V, when its used definition does not mention the rest); a Σ over
    examples n = 1 … N of fₙ counts when no datum is fixed to numbers (the conclusion holds at any example)."""
    established = _convexity_established(facts)
    found = set()
    for definition in facts.definitions:
        if isinstance(definition.lhs, sympy.Symbol):
            for V in sorted({V for _, V in established}, key=str):
                if all(_convex_term(term, V, established, facts) for term in sympy.Add.make_args(definition.rhs)):
                    found.add((definition.lhs, V))
    if not found:
        raise CheckFailure("a non-negative sum needs a used definition F = Σ wₖ fₖ with every wₖ ≥ 0 and every fₖ "
                           "convex by a used step")
    return found


def _convex_term(term: sympy.Expr, V: tuple, established: set, facts) -> bool:
    """``term`` = w·f with w a constant ≥ 0 and f convex in V (see _nonnegative_sums)."""
    functions = [f for f in sympy.Mul.make_args(term) if isinstance(f, (sympy.Symbol, sympy.Sum))]
    if len(functions) != 1:
        return False
    (f,) = functions
    weight = term / f
    defined = defined_names(facts.earlier, facts.notation)
    if not _constant_weight(weight, defined):
        return False  # a weight must be a constant ≥ 0: w(θ)·f(θ) need not be convex
    if isinstance(f, sympy.Sum):
        if len(f.limits) != 1 or facts.notation.label is not None:
            return False
        index, low, high = f.limits[0]
        if (high - low + 1).is_nonnegative is not True or index.is_integer is not True \
                or names(sympy.Tuple(low, high)) & defined:
            return False
        inner = [g for g in sympy.Mul.make_args(f.function) if isinstance(g, sympy.Indexed)]
        if len(inner) != 1 or inner[0].indices != (index,):
            return False
        inner_weight = f.function / inner[0]
        if index in inner_weight.free_symbols or not _constant_weight(inner_weight, defined):
            return False
        return any(str(g) == str(inner[0].base) and W == V for g, W in established)
    if (f, V) in established:
        return True
    definition = facts.scalar_definitions.get(f)
    if definition is None:
        return False
    written = facts.expand_definitions(definition)
    return any(g == f and set(W) < set(V) and _depends_only_on(written, set(W), defined) for g, W in established)


def _with_domains(claim, facts):
    """The cited variables as bases, when a used premise gives each its domain; else None."""
    V = variable_bases(tuple(claim.variables), facts.notation)
    return V if _domains(facts, V) else None


def _pointwise_maximum(claim, facts) -> set:
    """A used definition F := max(t₁, …, tₘ) with each tₖ convex in V — affine in V's scalars, or w·f with f
    convex by a used conclusion (as for a non-negative sum) — or F := |t| with t affine in V; V's domain used."""
    V = _with_domains(claim, facts)
    if V is None:
        return set()
    established = _convexity_established(facts)
    found = set()
    for definition in facts.definitions:
        rhs = definition.rhs
        if not isinstance(definition.lhs, sympy.Symbol) or not isinstance(rhs, (sympy.Max, sympy.Abs)):
            continue
        if isinstance(rhs, sympy.Abs):
            convex = affine_in(rhs.args[0], V)
        else:
            convex = all(affine_in(t, V) or _convex_term(t, V, established, facts) for t in rhs.args)
        if convex:
            found.add((definition.lhs, V))
    return found


def _norm_of_affine(claim, facts) -> set:
    """A used definition F := √(Σₖ cₖ·tₖ²) with each cₖ a rational ≥ 0 and each tₖ affine in V's scalars (a
    constant c ≥ 0 is c·1²); V's domain used."""
    V = _with_domains(claim, facts)
    if V is None:
        return set()
    found = set()
    for definition in facts.definitions:
        rhs = definition.rhs
        if isinstance(definition.lhs, sympy.Symbol) and isinstance(rhs, sympy.Pow) and rhs.exp == sympy.Rational(1, 2) \
                and all(weighted_square(term, V) for term in sympy.Add.make_args(rhs.base)):
            found.add((definition.lhs, V))
    return found


def weighted_square(term: sympy.Expr, V: tuple) -> bool:
    """Whether ``term`` is c·t² with c a rational ≥ 0 and t affine in V, or a rational c ≥ 0 (c·1²)."""
    weight, rest = term.as_coeff_Mul()
    if not (weight.is_Rational and weight >= 0):
        return False
    if rest == 1:
        return True
    return isinstance(rest, sympy.Pow) and rest.exp == 2 and affine_in(rest.base, V)


def _scalar_composition(claim, facts) -> set:
    """A used definition F := h(G) with h convex and nondecreasing where G takes its values and G convex in V:
    e^G or log(1 + e^G) with G a name convex in V by a used conclusion or G affine in V's scalars; Gʳ (r ≥ 1
    rational) with G such a name and a used step showing G ≥ 0; V's domain used."""
    V = _with_domains(claim, facts)
    if V is None:
        return set()
    established = _convexity_established(facts)
    found = set()
    for definition in facts.definitions:
        inner = _outer_argument(definition.rhs, facts)
        if not isinstance(definition.lhs, sympy.Symbol) or inner is None:
            continue
        named = isinstance(inner, sympy.Symbol) and (inner, V) in established
        if named or (not isinstance(definition.rhs, sympy.Pow) and affine_in(inner, V)):
            found.add((definition.lhs, V))
    return found


def _outer_argument(rhs: sympy.Expr, facts):
    """G when ``rhs`` is e^G or log(1 + e^G), or Gʳ with r ≥ 1 rational (tʳ is convex and nondecreasing on
    t ≥ 0), G a name and G ≥ 0 by a used step; else None."""
    if isinstance(rhs, sympy.exp):
        return rhs.args[0]
    if isinstance(rhs, sympy.log):
        inside = rhs.args[0]
        if inside.is_Add and len(inside.args) == 2 and sympy.Integer(1) in inside.args:
            other = next(a for a in inside.args if a != 1)
            if isinstance(other, sympy.exp):
                return other.args[0]
        return None
    if isinstance(rhs, sympy.Pow) and isinstance(rhs.base, sympy.Symbol) and rhs.exp.is_Rational and rhs.exp >= 1 \
            and facts.is_positive(rhs.base, strict=False):
        return rhs.base
    return None


def affine_in(expr: sympy.Expr, V: tuple) -> bool:
    """Whether ``expr`` is c₀ + Σ cₖ·xₖ with rational cₖ over the scalar variables V alone (no other name,
    which a step might define through the variables, and no function), read off its tree: sums of affine
    terms, and products of rationals with at most one affine factor. Nothing is multiplied out (a product of
    12 sums in 6 symbols, read by sympy.Poly, took 74 s: B43-1); a product of two non-constant factors is
    refused, even where it would cancel."""
    if not V or not all(isinstance(x, sympy.Symbol) for x in V) or not expr.free_symbols <= set(V):
        return False
    variables = set(V)

    def affine(node) -> bool:
        if node.is_Rational or node in variables:
            return True
        if node.is_Add:
            return all(affine(term) for term in node.args)
        if node.is_Mul:
            varying = [factor for factor in node.args if not factor.is_Rational]
            return len(varying) <= 1 and all(affine(factor) for factor in varying)
        return False  # a power, a function, a Σ, a number that is not rational

    return _tree_size(expr) <= AFFINE_NODES and affine(expr)


AFFINE_NODES = 2_000
"""Most nodes an expression read for affinity may have (the reader's own limits keep every file below)."""


def _tree_size(expr: sympy.Expr) -> int:
    count = 0
    for count, _ in enumerate(sympy.preorder_traversal(expr), 1):
        if count > AFFINE_NODES:
            break
    return count


def _constant_weight(weight: sympy.Expr, defined: set) -> bool:
    """A weight SymPy shows ≥ 0 that is a number or a function of integer sizes (1/N) that no step
    defines: no entry and no other symbol, which an earlier step might define through the variables
    (e^{−z₀}, p₀, T := …, or an integer q := ⌊z₀⌋)."""
    if weight.atoms(sympy.Indexed) or any(not x.is_integer or str(x) in defined for x in weight.free_symbols):
        return False
    return bool(constants_decided(weight).is_nonnegative)


def _depends_only_on(expr: sympy.Expr, bases: set, defined: set) -> bool:
    """Whether ``expr`` is a function of the entries of ``bases`` alone (and of integer sizes such as
    K and d, which no step defines): then convexity in them is convexity in any larger set of variables."""
    indexed = expr.atoms(sympy.Indexed)
    if any(atom.base not in bases for atom in indexed):
        return False
    labels = {atom.base.label for atom in indexed}
    symbols = {x for x in expr.free_symbols if isinstance(x, sympy.Symbol)} - labels
    return all(x in bases or (x.is_integer and str(x) not in defined) for x in symbols)


def _strict_on_affine_set(claim, facts) -> set:
    """A used Hessian, a used step showing it positive definite on the directions {v : Σ aᵢvᵢ = 0} of the
    cited set {z : Σ aᵢzᵢ = b}, with the same a, and z ∈ ℝᴷ."""
    n = facts.notation
    on = claim.on
    if on is None or not isinstance(on.normal, IndexedArray) or len(on.normal.indices) != 1:
        raise CheckFailure("strict convexity on a set names the set {z : Σ aᵢzᵢ = b}")
    if on.offset.free_symbols or on.normal.entry.free_symbols - set(on.normal.indices):
        raise CheckFailure("the set {z : Σ aᵢzᵢ = b} has a constant normal a and a number b")
    found = set()
    for h in _hessians(facts):
        V = _hessian_variables(h, n)
        if V != (n.z,) or not _domains(facts, V):
            continue
        for u in facts.used:
            if isinstance(u, PositiveDefiniteOn) and u.matrix == h.result and _same_vector(u.normal, on.normal):
                found.add((h.of, V))
    if not found:
        raise CheckFailure("strict convexity on a set needs a used Hessian shown positive definite on the directions "
                           "of that very set")
    return found


def _same_vector(a: IndexedArray, b: IndexedArray) -> bool:
    return a.shape == b.shape and a.entry == substitute(b.entry, {b.indices[0]: a.indices[0]})


PREMISES = {
    "second-order-condition": _second_order,
    "second-order-strict": _strict_second_order,
    "strict-convexity-definition": _not_strict,
    "convexity-definition": _refuted,
    "affine-precomposition": _affine_precomposition,
    "nonnegative-sums": _nonnegative_sums,
    "norm-convexity": _norm,
    "pointwise-maximum": _pointwise_maximum,
    "norm-of-affine": _norm_of_affine,
    "scalar-composition": _scalar_composition,
    "strict-on-affine-set": _strict_on_affine_set,
}
