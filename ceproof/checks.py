"""How each kind of claim is verified.

Two engines do the work. For an explicit K, expressions are expanded into
sparse Laurent polynomials in opaque atoms (``exp(z0)``, ``S``, ``p0`` …) and
compared term by term. For every K at once, index expressions are brought to
a normal form by the rewrite rules of ``rewrite.py``. Derivatives are always
recomputed with ``sympy.diff`` from the function, never read from the claim.
Counterexamples are evaluated by rigorous interval arithmetic (``intervals.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import sympy

from . import claims as c
from .arrays import IndexedArray, QuadraticForm, RowSums
from .citations import KNOWN_THEOREMS
from .facts import Facts
from .intervals import NotEvaluable, chord, decimal_text, evaluate, to_decimal, upper_below
from .notation import expand_sums
from .laurent import Laurent, NotALaurentPolynomial, Template, from_sympy, merge_monomials, monomial_of
from .proof import CheckResult
from .rewrite import bound_name, normalize, substitute


class CheckFailure(Exception):
    """Raised inside a checker with the reason a claim does not hold as stated."""


def check_claim(claim, facts: Facts, earlier: tuple) -> CheckResult:
    """Verify ``claim`` using only ``facts``; ``earlier`` are all previous claims (for freshness)."""
    checker = CHECKERS.get(type(claim))
    if checker is None:
        return CheckResult("failed", "claim kind", f"a {type(claim).__name__} cannot stand as a step: no check applies to it")
    try:
        return checker(claim, facts, earlier)
    except (CheckFailure, NotALaurentPolynomial) as failure:
        return CheckResult("failed", _METHODS.get(type(claim), ""), str(failure))
    except Exception as error:  # a malformed claim must fail its check, never pass or crash the proof
        return CheckResult("failed", _METHODS.get(type(claim), ""), f"cannot check: {type(error).__name__}: {error}")


# ---------------------------------------------------------------- definitions, positivity, citations

def check_definition(claim: c.Definition, facts: Facts, earlier: tuple) -> CheckResult:
    indices = set(facts.notation.indices)
    if isinstance(claim.lhs, sympy.Indexed):
        if claim.index is None or claim.lhs.indices != (claim.index,):
            raise CheckFailure(f"an indexed definition {claim.lhs} := … must be stated for its own index")
    elif not isinstance(claim.lhs, sympy.Symbol) or claim.index is not None:
        raise CheckFailure("a definition introduces a plain symbol, or an indexed entry for every index")
    stray = (claim.rhs.free_symbols & indices) - {claim.index}
    if stray:
        raise CheckFailure(f"the right-hand side uses the free index {sorted(map(str, stray))[0]}")
    name = claim.lhs.base if isinstance(claim.lhs, sympy.Indexed) else claim.lhs
    if claim.rhs.has(name):
        raise CheckFailure(f"{name} occurs in its own definition")
    if str(name) in set().union(*(_names(other) for other in earlier)):
        raise CheckFailure(f"{name} is already defined or used by an earlier step, so it cannot be introduced now")
    declared = (name.label if isinstance(name, sympy.IndexedBase) else name)._assumptions_orig
    written = facts.expand_definitions(claim.rhs) if declared else claim.rhs
    unproved = sorted(a for a, value in declared.items() if value and getattr(written, f"is_{a}", None) is not True)
    if unproved:
        raise CheckFailure(f"{name} is declared {unproved[0]}, which SymPy cannot derive from its definition")
    return CheckResult("verified", "notation is fresh (used by no earlier step) and not circular"
                       + (f"; declared {', '.join(sorted(declared))}, as its definition shows" if declared else ""))


def _names(obj) -> set:
    """The names of every symbol, indexed base and matrix symbol in a claim (walking its fields)."""
    if isinstance(obj, sympy.Basic):
        found = {str(s) for s in obj.atoms(sympy.Symbol, sympy.MatrixSymbol)}
        return found | {str(x.base) for x in obj.atoms(sympy.Indexed)}
    if isinstance(obj, (tuple, list)):
        return set().union(*(_names(x) for x in obj)) if obj else set()
    if hasattr(obj, "__dataclass_fields__"):
        return _names(tuple(getattr(obj, f) for f in obj.__dataclass_fields__))
    return set()


def _derivative_kind(claim: c.DerivativeEquality, K) -> str:
    """Which derivative the claim states, from the function, the order and the result's shape."""
    shape = getattr(claim.result, "shape", None)
    if isinstance(claim.function, IndexedArray):
        kind, wanted = "jacobian", (claim.function.shape[0] == K and claim.order == 1, (K, K))
    elif claim.order == 1:
        kind, wanted = "gradient", (True, (K,))
    elif claim.order == 2:
        kind, wanted = "hessian", (True, (K, K))
    else:
        raise CheckFailure(f"derivatives of order {claim.order} are not supported")
    if not wanted[0] or shape != wanted[1]:
        raise CheckFailure(f"a {kind} of this function has shape {wanted[1]}, the claim has {shape}")
    return kind


def check_positivity(claim: c.Positivity, facts: Facts, earlier: tuple) -> CheckResult:
    signed = False
    for expr in claim.exprs:
        expanded = facts.expand_definitions(expr)  # definitions through other definitions (σ := e^s/S, S := …)
        if facts.notation.is_explicit and claim.index is None:
            expanded = facts.notation.concrete(expanded.doit())
        with_signs = _with_proved_signs(expanded, facts)
        signed = signed or with_signs != expanded
        # a symbol's declared positivity must not count: only what its definition shows
        expanded = with_signs.xreplace({facts.notation.S: sympy.Dummy("S")})
        shown = expanded.is_positive if claim.strict else expanded.is_nonnegative
        if shown is not True:  # over a common denominator: e^s/S·(1 − e^s/S) = e^s/S² with S = e^s + 1
            together = sympy.together(expanded)
            shown = together.is_positive if claim.strict else together.is_nonnegative
        if shown is not True:
            raise CheckFailure(f"SymPy cannot show {expr} = {expanded} {'>' if claim.strict else '≥'} 0")
    return CheckResult("verified", r"definitions substituted; positivity by SymPy's assumptions ($\exp > 0$, $K \geq 1$)"
                       + (r" and the signs that used steps prove" if signed else ""))


def _with_proved_signs(expr: sympy.Expr, facts: Facts) -> sympy.Expr:
    """``expr`` with each atom that a used step proves > 0 (or ≥ 0) replaced by a fresh symbol that
    carries that sign, so that SymPy's assumptions can use it.

    A vector proved ≥ 0 "for every i" becomes a fresh vector with that sign, indexed as before (never
    one symbol for all its entries: Σᵢ yᵢ(2i − K + 1) is not ≥ 0 because y ≥ 0), and only where its
    index lies in 0 … K − 1: a free index of the notation, a number in range, or an index bound by a
    Σ whose limits lie in 0 … K − 1.
    """
    n = facts.notation
    covered = {}  # base -> "positive" or "nonnegative", for facts stated for every index
    for fact in facts.positives:
        for positive in fact.exprs:
            if (fact.index is not None and isinstance(positive, sympy.Indexed)
                    and positive.indices == (fact.index,) and covered.get(positive.base) != "positive"):
                covered[positive.base] = "positive" if fact.strict else "nonnegative"
    signed_bases = {base: sympy.IndexedBase(sympy.Dummy(str(base.label)), **{sign: True})
                    for base, sign in covered.items()}
    fresh: dict = {}

    def in_range(index, bound: dict) -> bool:
        if index in bound:
            return bound[index]
        if index in n.indices:
            return True
        return bool(index.is_Integer and index >= 0 and (n.K - 1 - index).is_nonnegative)

    def sign_of(atom):
        """The sign a used step proves for this very atom (not for a pattern x[i]: its index range is
        checked above)."""
        if atom in facts._positive_set:
            return "positive"
        return "nonnegative" if atom in facts._nonnegative_set else None

    def walk(e, bound: dict):
        if isinstance(e, sympy.Indexed):
            if e.base in signed_bases and len(e.indices) == 1 and in_range(e.indices[0], bound):
                return signed_bases[e.base][e.indices[0]]
            if e.free_symbols & set(bound):
                return e
        if isinstance(e, (sympy.Indexed, sympy.Symbol)):
            if e not in fresh:
                sign = sign_of(e)
                fresh[e] = sympy.Dummy(str(e), **{sign: True}) if sign else e
            return fresh[e]
        if not e.args:
            return e
        if isinstance(e, sympy.Sum):
            inner = dict(bound)
            for index, low, high in e.limits:
                inner[index] = bool(low.is_nonnegative and (n.K - 1 - high).is_nonnegative)
            return sympy.Sum(walk(e.function, inner), *e.limits)
        args = tuple(walk(a, bound) if isinstance(a, sympy.Basic) else a for a in e.args)
        return e.func(*args) if args != e.args else e

    return walk(expr, {})


def check_cited(claim: c.Cited, facts: Facts, earlier: tuple) -> CheckResult:
    """The theorem must be a known one, and the steps used must supply its hypotheses."""
    if KNOWN_THEOREMS.get(claim.theorem.key) != claim.theorem:
        raise CheckFailure(f"{claim.theorem.name} is not a known theorem")
    established = {(f, V) for f, V in PREMISES[claim.theorem.key](facts) or () if f is not None}
    if claim.subject is None:
        raise CheckFailure("a cited conclusion must name the function it is about (its subject and variables)")
    shown = "; ".join(sorted(f"{f} in ({', '.join(map(str, V))})" for f, V in established))
    if (claim.subject, tuple(claim.variables)) not in established:
        raise CheckFailure(f"the used steps do not establish the premises of {claim.theorem.name} for "
                           f"{claim.subject} in ({', '.join(map(str, claim.variables))}); they establish them for: "
                           f"{shown or 'no named function'}")
    return CheckResult("cited", "trusted: " + claim.theorem.citation, evidence=(("about", shown),))


def _second_order_premises(facts: Facts) -> set:
    """A used Hessian, and a used proof that this very matrix is PSD, on the real domain; returns
    (f, V) for each such Hessian of a named f in the variables V."""
    hessians = [u.result for u in facts.used if isinstance(u, c.DerivativeEquality) and u.order == 2]
    if not hessians:
        raise CheckFailure("the second-order condition needs a used step that computes the Hessian")
    if not any(isinstance(u, c.PositiveSemidefinite) and u.matrix in hessians for u in facts.used):
        raise CheckFailure("the second-order condition needs a used step showing that Hessian is PSD")
    if not any(isinstance(u, c.Assumed) for u in facts.used):
        raise CheckFailure("the second-order condition needs the domain (an open convex set) among the uses")
    psd = [u.matrix for u in facts.used if isinstance(u, c.PositiveSemidefinite)]
    return {(u.of, _hessian_variables(u, facts.notation)) for u in facts.used
            if isinstance(u, c.DerivativeEquality) and u.order == 2 and u.of is not None and u.result in psd}


def _strict_convexity_premises(facts: Facts) -> set:
    """A used equality g(z + t·1) = g(z), and g shown to be a defined function f (f := … = … = g, the
    definitions and equalities of the steps it rests on written out): f is constant along 1."""
    n = facts.notation

    def shifted(expr):
        return expr.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == n.z, lambda e: e + n.t)

    shifts = [u.rhs for u in facts.used if isinstance(u, c.Equality) and isinstance(u.rhs, sympy.Expr)
              and u.rhs.has(n.z) and u.lhs == shifted(u.rhs)]
    if not shifts:
        raise CheckFailure("non-strictness needs a used step showing f(z + t·1) = f(z)")
    claims = (*facts.used, *facts.ancestors)
    definitions = {d.lhs: d.rhs for d in claims if isinstance(d, c.Definition) and isinstance(d.lhs, sympy.Symbol)}
    equalities = [(e.lhs, e.rhs) for e in claims if isinstance(e, c.Equality)
                  and isinstance(e.lhs, sympy.Expr) and isinstance(e.rhs, sympy.Expr)]

    def written(expr):
        for _ in range(len(definitions) + 1):
            expr, before = expr.xreplace(definitions), expr
            if expr == before:
                break
        return expr

    targets = {written(g) for g in shifts}
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
        if any(written(k) in targets for k in known):
            found.add((f, (n.z,)))
    return found


def _convexity_definition_premises(facts: Facts) -> set:
    """A used counterexample (a step that uses a failed one fails with it), and the domain; what it
    refutes: (f, its variables) for each counterexample, f its ``of``."""
    examples = [u for u in facts.used if isinstance(u, c.Counterexample)]
    if not examples:
        raise CheckFailure("refuting convexity needs a used step with a checked counterexample")
    domains = [u for u in facts.used if isinstance(u, c.Assumed)]
    if not domains:
        raise CheckFailure("refuting convexity needs the domain (where the points lie) among the uses")
    for example in examples:
        variables = set(map(str, example.variables)) | {str(v.base) for v in example.variables
                                                        if isinstance(v, sympy.Indexed)}
        for domain in domains:
            if any(_names(fact) & variables for fact in domain.facts):
                raise CheckFailure("the domain constrains the counterexample's variables; only a whole "
                                   "space ℝⁿ is supported, where every rational point lies in the domain")
    return {(u.of, tuple(u.variables)) for u in examples}


PREMISES = {
    "second-order-condition": _second_order_premises,
    "strict-convexity-definition": _strict_convexity_premises,
    "convexity-definition": _convexity_definition_premises,
}


# ---------------------------------------------------------------- equalities

def check_equality(claim: c.Equality, facts: Facts, earlier: tuple) -> CheckResult:
    """Arrays, quadratic forms and certificates entry by entry when K is a number; scalar
    expressions in Σ notation by the rewrite rules, which hold for a numeric K as for a symbol."""
    if any(isinstance(side, c.SumOfSquares) and side.constraints for side in (claim.lhs, claim.rhs)):
        raise CheckFailure("a sum of squares as a side of an equality stands for its squares alone: state the "
                           "known zeros it needs as constraints of the equality, not inside the side")
    scalar = all(isinstance(side, sympy.Expr) for side in (claim.lhs, claim.rhs))
    engine = ExplicitEngine(facts) if facts.notation.is_explicit and not scalar else IndexEngine(facts)
    return engine.equality(claim)


def check_derivative(claim: c.DerivativeEquality, facts: Facts, earlier: tuple) -> CheckResult:
    if claim.of is not None:
        _check_name(claim, facts)
    if claim.variables is not None:
        return _derivative_in_variables(claim, facts, earlier)
    engine = ExplicitEngine(facts) if facts.notation.is_explicit else IndexEngine(facts)
    return engine.derivative(claim, _constants(facts, earlier))


@dataclass(frozen=True)
class Constants:
    """What a derivative in z may treat as a constant: ``data`` vectors (the label y, …) that no
    earlier step defines in terms of z, and plain ``symbols`` whose used definition is written in
    numbers, K, those data and other such symbols alone (τ := 2, Y := Σᵢ yᵢ)."""

    data: tuple
    symbols: tuple


def _constants(facts: Facts, earlier: tuple) -> Constants:
    n = facts.notation
    definitions = [part for claim in earlier for part in (claim.facts if isinstance(claim, c.Assumed) else (claim,))
                   if isinstance(part, c.Definition)]
    from_logits = {str(n.z)}
    grew = True
    while grew:  # every name an earlier step defines, directly or through others, in terms of z
        grew = False
        for definition in definitions:
            name = str(definition.lhs.base if isinstance(definition.lhs, sympy.Indexed) else definition.lhs)
            if name not in from_logits and _names(definition.rhs) & from_logits:
                from_logits.add(name)
                grew = True
    data = tuple(base for base in n.data if str(base) not in from_logits)
    allowed = {str(base) for base in data} | {str(n.K)}
    symbols: list = []
    grew = True
    while grew:
        grew = False
        for symbol, rhs in facts.scalar_definitions.items():
            names = {str(s) for s in rhs.free_symbols if isinstance(s, sympy.Symbol)}
            if symbol not in symbols and str(symbol) not in from_logits and names <= allowed:
                symbols.append(symbol)
                allowed.add(str(symbol))
                grew = True
    return Constants(data, tuple(symbols))


def _check_name(claim: c.DerivativeEquality, facts: Facts) -> None:
    """``of`` must really name the function: p for the array p[i], or a symbol whose used definition
    is the function, or is equal to it by a used equality."""
    if isinstance(claim.function, IndexedArray):
        if claim.function.entry != claim.of[claim.function.indices[0]]:
            raise CheckFailure(f"the function is not the vector {claim.of}")
        return
    definition = facts.scalar_definitions.get(claim.of)
    if definition is None:
        raise CheckFailure(f"no used step defines {claim.of}")
    if claim.function == definition:
        return
    for used in facts.used:
        if isinstance(used, c.Equality) and {used.lhs, used.rhs} == {definition, claim.function}:
            return
    raise CheckFailure(f"no used step shows that the function is {claim.of}")


def check_nonnegative(claim: c.NonNegative, facts: Facts, earlier: tuple) -> CheckResult:
    for term in claim.certificate.terms:
        if not (isinstance(term.coefficient, sympy.Rational) and term.coefficient >= 0):
            raise CheckFailure(f"coefficient {term.coefficient} is not a non-negative rational")
        for factor in term.positive:
            if not facts.is_positive(factor, strict=False):
                raise CheckFailure(f"{factor} is not shown positive (or ≥ 0) by a used step")
        if _with_proved_signs(term.square, facts).is_real is not True:  # v_i/q_i is real when q_i > 0
            raise CheckFailure(f"{term.square} is not known to be real")
        for index, low, high in term.over:
            low, high = sympy.sympify(low), sympy.sympify(high)
            if not (low.is_nonnegative and (high == facts.notation.K - 1 or (facts.notation.K - 1 - high).is_nonnegative)):
                raise CheckFailure(f"summation range {low}..{high} leaves 0..K−1")
    engine = ExplicitEngine(facts) if facts.notation.is_explicit else IndexEngine(facts)
    return engine.sum_of_squares(claim)


def check_psd(claim: c.PositiveSemidefinite, facts: Facts, earlier: tuple) -> CheckResult:
    wanted = QuadraticForm(claim.matrix, claim.vector)
    if not any(fact.expr == wanted for fact in facts.nonnegatives):
        raise CheckFailure("no used step shows the quadratic form of this matrix to be ≥ 0")
    name = str(claim.vector)
    for used in facts.used:
        if not isinstance(used, c.NonNegative) and name in _names(used):
            raise CheckFailure(f"{name} is constrained by a used step, so it is not arbitrary")
    for ancestor in facts.used + facts.ancestors:
        for constraint in _constraints_of(ancestor):
            if name in _names(ancestor if constraint is None else constraint):
                raise CheckFailure(f"{name} is constrained by a step this one rests on, so it is not arbitrary")
    return CheckResult("verified", r"a used step bounds $v^\top M v \geq 0$ for a $v$ that no step it rests on "
                       "constrains: the definition of positive semidefinite")


def _constraints_of(claim):
    """What in ``claim`` restricts its variables: the whole claim for definitions, positivity and
    assumptions; the known zeros it relies on for equalities and certificates; nothing else."""
    if isinstance(claim, (c.Definition, c.Positivity, c.Assumed)):
        return [None]
    if isinstance(claim, c.Equality):
        return [k.zero for k in claim.constraints]
    if isinstance(claim, c.NonNegative):
        return [k.zero for k in claim.certificate.constraints]
    return []


# ---------------------------------------------------------------- the explicit engine

_EXPANSIONS: dict = {}
_EXPANSIONS_KEPT = 8  # one proof needs 2; a notebook building many proofs must not grow without bound
_EXPLICIT: dict = {}
_EXPLICIT_KEPT = 256
_IMAGES: dict = {}  # (atom with free indices, their values, notation) -> explicit atom
_IMAGES_KEPT = 100_000


def clear_caches() -> None:
    """Forget every memo of the checkers (benchmarks start each run from here)."""
    _EXPANSIONS.clear()
    _EXPLICIT.clear()
    _IMAGES.clear()
    _diff.cache_clear()


class ExplicitEngine:
    """Checks for an explicit K by expansion into sparse Laurent polynomials."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.notation = facts.notation
        self.cache: dict = {}

    # conversions ---------------------------------------------------------
    def concrete(self, expr: sympy.Expr, split_logs: bool = True) -> sympy.Expr:
        """Index form with numeric bounds -> explicit SymPy expression over z0, p0, …; logs of
        products split where used steps prove the factors positive (for comparing, not for diff)."""
        key = (expr, split_logs, self.notation, self.facts.definitions, self.facts.positives)
        found = _EXPLICIT.get(key)
        if found is None:
            found = self.notation.concrete(expand_sums(self.facts.substitute_indexed(expr)))
            if split_logs and found.has(sympy.log):
                positive, back = self.facts.assume_positive(found)
                found = _expand_logs(positive).xreplace(back)
            if len(_EXPLICIT) >= _EXPLICIT_KEPT:
                _EXPLICIT.clear()
            _EXPLICIT[key] = found
        return found

    def scalar(self, expr: sympy.Expr) -> Laurent:
        return from_sympy(self.concrete(expr), self.cache)

    def template(self, expr: sympy.Expr, indices: tuple) -> Template:
        """An index-form entry whose free ``indices`` will take integer values."""
        expr = self.facts.substitute_indexed(expr)
        if expr.has(sympy.log):
            expr = _expand_logs(expr)
        return Template(from_sympy(expr, self.cache), indices, self._atom_image(indices))

    def _atom_image(self, indices: tuple):
        """Where an atom goes at integer index values; Kronecker deltas and indexed entries
        are looked up directly, anything else is substituted by SymPy."""
        table = self.notation.concrete_map

        def resolve(arg, values):
            if arg.is_Integer:
                return int(arg)
            return values[indices.index(arg)] if arg in indices else None

        def image(atom, values):
            if isinstance(atom, sympy.KroneckerDelta):
                a, b = (resolve(x, values) for x in atom.args)
                if a is not None and b is not None:
                    return Laurent.constant(int(a == b))
            if isinstance(atom, sympy.Indexed) and len(atom.indices) == 1:
                r = resolve(atom.indices[0], values)
                if r is not None and atom.base[r] in table:
                    return from_sympy(table[atom.base[r]], self.cache)
            key = (atom, tuple(v for s, v in zip(indices, values) if s in atom.free_symbols), self.notation)
            found = _IMAGES.get(key)
            if found is None:
                bound = substitute(atom, {s: sympy.Integer(v) for s, v in zip(indices, values)})
                if len(_IMAGES) >= _IMAGES_KEPT:
                    _IMAGES.clear()
                found = _IMAGES[key] = self.notation.concrete(bound)
            return from_sympy(found, self.cache)
        return image

    def entries(self, obj) -> list:
        """Scalars, vectors and matrices as a flat, row-major list of polynomials.

        Quadratic forms and certificates are remembered per process: several steps expand the
        same object under the same definitions, and the expansion is a pure function of both.
        """
        if isinstance(obj, (QuadraticForm, c.SumOfSquares)):
            key = (obj, self.notation, self.facts.definitions)
            found = _EXPANSIONS.get(key)
            if found is None:
                if len(_EXPANSIONS) >= _EXPANSIONS_KEPT:
                    _EXPANSIONS.clear()
                found = _EXPANSIONS[key] = self._entries(obj)
            return found
        return self._entries(obj)

    def _entries(self, obj) -> list:
        if isinstance(obj, IndexedArray):
            template = self.template(obj.entry, obj.indices)
            return [template.at(pos) for pos in obj.positions()]
        if isinstance(obj, QuadraticForm):
            M = obj.matrix
            template = self.template(M.entry, M.indices)
            v = [monomial_of(s) for s in self.notation.entries(obj.vector)]
            acc: dict = {}
            for r, col in M.positions():
                template.add_into(acc, (r, col), merge_monomials(((v[r], 1), (v[col], 1))))
            return [Laurent(acc)]
        if isinstance(obj, c.SumOfSquares):
            acc = {}
            for term in obj.terms:
                indices = tuple(limit[0] for limit in term.over)
                template = self.template(_term_body(term), indices)
                for binding in _bounded_bindings(term.over):
                    template.add_into(acc, tuple(binding[i] for i in indices))
            return [Laurent(acc)]
        if isinstance(obj, RowSums):
            M = obj.matrix
            template = self.template(M.entry, M.indices)
            rows = []
            for r in range(int(M.shape[0])):
                acc = {}
                for col in range(int(M.shape[1])):
                    template.add_into(acc, (r, col))
                rows.append(Laurent(acc))
            return rows
        return [self.scalar(obj)]

    def zero(self, expr: sympy.Expr) -> Laurent:
        """A used zero, confirmed to be (± a multiple 1 of) a fact."""
        wanted = self.scalar(expr)
        for fact in self.facts.zeros:
            known = self.scalar(fact)
            if (wanted - known).is_zero() or (wanted + known).is_zero():
                return wanted
        raise CheckFailure(f"{expr} = 0 is not established by a used step")

    def constraint_entries(self, constraints, size: int) -> list:
        total = [Laurent() for _ in range(size)]
        for constraint in constraints:
            zero = self.zero(constraint.zero)
            multipliers = self.entries(constraint.multiplier)
            if len(multipliers) != size:
                raise CheckFailure("a constraint's multiplier has the wrong shape")
            total = [t + m * zero for t, m in zip(total, multipliers)]
        return total

    # claims ---------------------------------------------------------------
    def equality(self, claim: c.Equality) -> CheckResult:
        if _same_shaped_arrays(claim.lhs, claim.rhs) and not claim.constraints:
            rhs_entry = substitute(claim.rhs.entry, dict(zip(claim.rhs.indices, claim.lhs.indices)))
            difference = from_sympy(self.facts.substitute_indexed(claim.lhs.entry - rhs_entry), self.cache)
            if difference.is_zero():
                return CheckResult("verified", r"the entry formulas agree as polynomials in $p$, $\delta$, $\dots$, "
                                   "so every entry agrees")
        if _shape(claim.lhs) != _shape(claim.rhs):
            raise CheckFailure(f"shapes differ: {_shape(claim.lhs)} vs {_shape(claim.rhs)}")
        lhs, rhs = self.entries(claim.lhs), self.entries(claim.rhs)
        extra = self.constraint_entries(claim.constraints, len(lhs))
        _all_zero((a - b - e for a, b, e in zip(lhs, rhs, extra)), "lhs − rhs")
        how = " and the stated multiples of known zeros" if claim.constraints else ""
        return CheckResult("verified", f"expanded {len(lhs)} entr{'y' if len(lhs) == 1 else 'ies'} as "
                           f"polynomials in exp(z), S, p, v{how}; the difference is 0")

    def function(self, expr: sympy.Expr, allowed: set, keep: tuple = ()) -> sympy.Expr:
        """The function to differentiate, every used definition but S's (and the constants ``keep``)
        written out, depending on nothing but ``allowed`` (a symbol with no used definition has an
        unknown dependence on z)."""
        f = self.concrete(self.facts.expand_definitions(expr, keep=(self.notation.S, *keep)), split_logs=False)
        unknown = f.free_symbols - allowed
        if unknown:
            raise CheckFailure(f"the function depends on {', '.join(sorted(map(str, unknown)))}, "
                               "which no used step defines in terms of z")
        return f

    def derivative(self, claim: c.DerivativeEquality, constants: Constants) -> CheckResult:
        kind = _derivative_kind(claim, self.notation.K)
        z = self.notation.entries(self.notation.z)
        S = self.notation.S
        keep = constants.symbols
        data = {s for base in constants.data for s in self.notation.symbols.get(base, ())
                if isinstance(s, sympy.Symbol)}
        S_value = None
        if S in self.facts.scalar_definitions:
            S_value = self.concrete(self.facts.expand_definitions(self.facts.scalar_definitions[S], keep=keep))
            if not S_value.free_symbols <= set(z) | set(keep):
                raise CheckFailure(f"the definition of S must be written in z and constants alone, not {S_value}")
        allowed = set(z) | ({S} if S_value is not None else set()) | set(keep) | data
        dS = [_diff(S_value, var) if S_value is not None else sympy.Integer(0) for var in z]

        def gradient(f):
            df_dS = _diff(f, S) if S_value is not None else 0
            free = f.free_symbols
            return [(_diff(f, var) if var in free else 0) + df_dS * dS[r] for r, var in enumerate(z)]

        claimed = self.template(claim.result.entry, claim.result.indices)
        size = len(z)

        def compare(acc: dict, position: tuple) -> None:
            claimed.add_into(acc, position, scale=-1)
            if any(acc.values()):
                shown = sympy.sstr(Laurent(acc).to_sympy())[:200]
                raise CheckFailure(f"sympy.diff result − claim is not 0 at entry {position}: {shown}")

        def jacobian(fs):
            dS_terms = [from_sympy(d, self.cache).terms for d in dS]
            for r, f in enumerate(fs):
                df_dS = from_sympy(_diff(f, S), self.cache) if S_value is not None else Laurent()
                free = f.free_symbols
                for col, var in enumerate(z):
                    acc = dict(from_sympy(_diff(f, var), self.cache).terms) if var in free else {}
                    for m1, c1 in df_dS.terms.items():
                        for m2, c2 in dS_terms[col].items():
                            m = merge_monomials(((m1, 1), (m2, 1)))
                            acc[m] = acc.get(m, 0) + c1 * c2
                    compare(acc, (r, col))
            return size * size

        if kind == "jacobian":
            index = claim.function.indices[0]
            entry = self.facts.expand_definitions(claim.function.entry, keep=(S, *keep))
            count = jacobian([self.function(substitute(entry, {index: sympy.Integer(r)}), allowed, keep)
                              for r in range(size)])
        elif kind == "gradient":
            for r, g in enumerate(gradient(self.function(claim.function, allowed, keep))):
                compare(dict(from_sympy(g, self.cache).terms), (r,))
            count = size
        else:
            count = jacobian(gradient(self.function(claim.function, allowed, keep)))
        chain = " with the chain rule through $S$ and its definition" if S_value is not None else ""
        return CheckResult("verified", f"each of {count} entries recomputed with sympy.diff{chain}, "
                           "then compared as polynomials in exp(z), S")

    def sum_of_squares(self, claim: c.NonNegative) -> CheckResult:
        (expr,) = self.entries(claim.expr)
        (certificate,) = self.entries(claim.certificate)
        count = sum(sum(1 for _ in _bounded_bindings(term.over)) for term in claim.certificate.terms)
        (extra,) = self.constraint_entries(claim.certificate.constraints, 1)
        _all_zero([expr - certificate - extra], "expr − Σ squares − constraints")
        return CheckResult("verified", f"identity with {count} weighted square{'s' if count != 1 else ''} expanded and "
                           r"compared; every coefficient $\geq 0$ and every weight a product of positive quantities")

    # helpers


def _same_shaped_arrays(a, b) -> bool:
    return (isinstance(a, IndexedArray) and isinstance(b, IndexedArray) and a.shape == b.shape
            and len(a.indices) == len(b.indices))


def _term_body(term: c.SquareTerm) -> sympy.Expr:
    return term.coefficient * sympy.Mul(*term.positive) * term.square ** 2


MAX_BINDINGS = 200_000
"""Most assignments the limits of one square term may have: a 50 × 50 double sum has 2 500."""


def _bounded_bindings(over):
    """``_bindings(over)``, refused when their count could exceed MAX_BINDINGS: a hostile certificate's
    four nested sums over 0 … 199 would take hours."""
    bound = 1
    for _, low, high in over:
        values = [sympy.sympify(x) for x in (low, high)]
        span = max((v for v in values if v.is_Integer), default=0, key=abs)
        bound *= abs(int(span)) + 1
    if bound > MAX_BINDINGS:
        raise CheckFailure(f"the limits {over} may write out more than {MAX_BINDINGS} terms")
    return _bindings(over)


def _bindings(over):
    """Every integer assignment of the bound indices of ``over`` (outermost limit last)."""
    if not over:
        yield {}
        return
    *inner, (index, low, high) = over
    if not (sympy.sympify(low).is_Integer and sympy.sympify(high).is_Integer):
        raise CheckFailure(f"summation limits {low}..{high} are not integers")
    if int(high) < int(low) - 1:
        raise CheckFailure(f"reversed summation range {low}..{high} (SymPy would count it negatively)")
    for value in range(int(low), int(high) + 1):
        for rest in _bindings(tuple((i, l.subs(index, value), h.subs(index, value)) for i, l, h in inner)):
            yield {index: value, **rest}


def _all_zero(differences, what: str) -> None:
    for n, difference in enumerate(differences):
        if not difference.is_zero():
            shown = sympy.sstr(difference.to_sympy())
            if len(shown) > 200:
                shown = shown[:200] + "…"
            raise CheckFailure(f"{what} is not 0 at entry {n}: {shown}")


@lru_cache(maxsize=4096)
def _diff(f: sympy.Expr, var: sympy.Symbol) -> sympy.Expr:
    """sympy.diff, term by term for a sum (terms free of ``var`` contribute 0)."""
    if f.is_Add:
        return sympy.Add(*(sympy.diff(term, var) for term in f.args if var in term.free_symbols))
    return sympy.diff(f, var)


def _expand_logs(expr: sympy.Expr) -> sympy.Expr:
    """Split logs of positive products: log(e^t·Σ e^{z}) -> t + log(Σ e^{z})."""
    expr = sympy.expand(expr, power_exp=True, log=False, mul=False, multinomial=False)
    return expr.replace(
        lambda e: isinstance(e, sympy.log),
        lambda e: sympy.expand_log(sympy.log(sympy.factor_terms(e.args[0])), deep=False),
    )


# ---------------------------------------------------------------- the every-K engine

class IndexEngine:
    """Checks for symbolic K in index notation, by the rewrite rules' normal form."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.notation = facts.notation
        self.ranges = {i: (0, self.notation.K - 1) for i in self.notation.indices}

    def form(self, obj, indices: tuple = ()) -> sympy.Expr:
        """An index expression for ``obj``, its free indices renamed to ``indices``."""
        for array in (obj, getattr(obj, "matrix", None)):
            if isinstance(array, IndexedArray) and any(sympy.sympify(n) != self.notation.K for n in array.shape):
                raise CheckFailure(f"in index notation every dimension is K, the range of the indices, not "
                                   f"{' × '.join(map(str, array.shape))}")
        if isinstance(obj, IndexedArray):
            return substitute(obj.entry, dict(zip(obj.indices, indices or obj.indices)))
        if isinstance(obj, QuadraticForm):
            M, v = obj.matrix, obj.vector
            j, k = (bound_name(90), bound_name(91))
            entry = substitute(M.entry, dict(zip(M.indices, (j, k))))
            return sympy.Sum(v[j] * entry * v[k], self.notation.bounds(k), self.notation.bounds(j))
        if isinstance(obj, c.SumOfSquares):
            return sympy.Add(*(sympy.Sum(_term_body(t), *t.over) if t.over else _term_body(t) for t in obj.terms))
        if isinstance(obj, RowSums):
            M = obj.matrix
            row = indices[0] if indices else M.indices[0]
            k = bound_name(92)
            entry = substitute(M.entry, dict(zip(M.indices, (row, k))))
            return sympy.Sum(entry, self.notation.bounds(k))
        return obj

    def reduce(self, expr: sympy.Expr) -> tuple:
        """The normal form of ``expr``, with the positivity that used steps prove (for logs)."""
        positive, back = self.facts.assume_positive(self.facts.substitute_indexed(expr))
        reduced, rules = normalize(positive, self.ranges)
        return reduced.xreplace(back), rules

    def zero(self, expr: sympy.Expr) -> sympy.Expr:
        for fact in self.facts.zeros:
            if self.reduce(expr - fact)[0] == 0 or self.reduce(expr + fact)[0] == 0:
                return expr
        raise CheckFailure(f"{expr} = 0 is not established by a used step")

    def _free_indices(self, obj) -> tuple:
        if isinstance(obj, IndexedArray):
            return obj.indices
        if isinstance(obj, RowSums):
            return obj.matrix.indices[:1]
        return ()

    def equality(self, claim: c.Equality) -> CheckResult:
        if _shape(claim.lhs) != _shape(claim.rhs):
            raise CheckFailure(f"shapes differ: {_shape(claim.lhs)} vs {_shape(claim.rhs)}")
        indices = self._free_indices(claim.lhs) or self._free_indices(claim.rhs)
        difference = self.form(claim.lhs, indices) - self.form(claim.rhs, indices)
        for constraint in claim.constraints:
            difference -= self.form(constraint.multiplier, indices) * self.zero(constraint.zero)
        reduced, rules = self.reduce(difference)
        if reduced != 0 and _closed_form_zero(_with_proved_signs(self.facts.expand_definitions(reduced), self.facts)):
            return CheckResult("verified", "used definitions written out, logs of positive factors split, "
                               "then cancelled as a rational function: the difference is 0")
        if reduced != 0:
            raise CheckFailure(f"lhs − rhs reduces to {sympy.sstr(reduced)}, not 0")
        return CheckResult("verified", _rules_method(rules))

    def derivative(self, claim: c.DerivativeEquality, constants: Constants) -> CheckResult:
        kind = _derivative_kind(claim, self.notation.K)
        z = self.notation.z

        def expand(expr):
            return normalize(self.facts.expand_definitions(expr, keep=constants.symbols), {})[0]

        result = claim.result
        indices = result.indices
        if kind == "jacobian":
            f = self.known(expand(substitute(claim.function.entry, {claim.function.indices[0]: indices[0]})),
                           constants, free=(indices[0],))
            computed = sympy.diff(f, z[indices[1]])
        elif kind == "gradient":
            computed = sympy.diff(self.known(expand(claim.function), constants), z[indices[0]])
        else:
            computed = sympy.diff(self.known(expand(claim.function), constants), z[indices[0]], z[indices[1]])
        reduced, rules = normalize(computed - expand(result.entry), self.ranges)
        if reduced != 0:
            raise CheckFailure(f"sympy.diff result − claim reduces to {sympy.sstr(reduced)}, not 0")
        return CheckResult("verified", "recomputed with sympy.diff; " + _rules_method(rules))

    def known(self, f: sympy.Expr, constants: Constants, free: tuple = ()) -> sympy.Expr:
        """``f`` itself, if its free symbols are only z, the constants (the label y, …), K and the
        indices ``free`` (a function of an index j must not be differentiated in z_j by accident)."""
        n = self.notation
        bases = {x.base for x in f.atoms(sympy.Indexed)} - {n.z, *constants.data}
        allowed = {n.z.label, *(base.label for base in constants.data), *constants.symbols, n.K, *free}
        symbols = {s for s in f.free_symbols if isinstance(s, sympy.Symbol)} - allowed
        unknown = sorted(set(map(str, bases | symbols)))
        if unknown:
            raise CheckFailure(f"the function depends on {', '.join(unknown)}, "
                               "which no used step defines in terms of z")
        return f

    def sum_of_squares(self, claim: c.NonNegative) -> CheckResult:
        difference = self.form(claim.expr) - self.form(claim.certificate)
        for constraint in claim.certificate.constraints:
            difference -= self.form(constraint.multiplier) * self.zero(constraint.zero)
        reduced, rules = normalize(difference, self.ranges)
        if reduced != 0:
            raise CheckFailure(f"expr − Σ squares − constraints reduces to {sympy.sstr(reduced)}, not 0")
        return CheckResult("verified", "identity " + _rules_method(rules)
                           + r"; every coefficient $\geq 0$ and every weight a product of positive quantities")


def _shape(obj) -> tuple:
    if isinstance(obj, IndexedArray):
        return tuple(obj.shape)
    if isinstance(obj, RowSums):
        return tuple(obj.matrix.shape[:1])
    return ()


def _rules_method(rules: tuple) -> str:
    return "reduced to 0 by " + (", ".join(rules) if rules else "expansion") 


# ---------------------------------------------------------------- counterexamples

PRECISIONS = tuple(2 ** k for k in range(7, 16))
"""Working precisions (bits) of the interval checks, 128 … 32768, tried in turn until the two sides
separate. 128 bits settles any gap wider than about 1e-30 of the values; a closer call (a point far
out in an exponential tail, where terms of size 1 cancel down to e^{-z}) is retried with more bits,
and an inequality that is false never separates."""
DIGITS = 15
"""Significant digits of the decimal bounds that are compared and shown (more only if needed)."""


def check_counterexample(claim: c.Counterexample, facts: Facts, earlier: tuple) -> CheckResult:
    """The function, with its used definitions written out, is evaluated by interval arithmetic at
    exact rational points; the strict inequality holds only if the two intervals do not overlap."""
    variables = tuple(claim.variables)
    if not variables or len(set(variables)) != len(variables) or not all(isinstance(v, sympy.Symbol) for v in variables):
        raise CheckFailure("the variables of a counterexample must be distinct symbols")
    if claim.of is not None:
        _check_name(claim, facts)
    f = _counterexample_function(claim, facts, variables)
    kinds = {"chord": _chord_counterexample, "curvature": _curvature_counterexample}
    if claim.kind not in kinds:
        raise CheckFailure(f"unknown kind of counterexample {claim.kind!r}: chord or curvature")
    try:
        result = kinds[claim.kind](claim, f, variables)
    except NotEvaluable as refusal:
        raise CheckFailure(f"interval evaluation refused: {refusal}") from None
    if claim.bounds:
        _require_stated_bounds(claim.bounds, result.evidence)
    return result


def stated_bounds(evidence: tuple) -> tuple:
    """A check's evidence ``(("f_mid", ("0.69", "0.70")), …)`` as exact stated bounds for the claim."""
    return tuple((name, sympy.Rational(low), sympy.Rational(high)) for name, (low, high) in evidence)


def _require_stated_bounds(bounds: tuple, evidence: tuple) -> None:
    computed = stated_bounds(evidence)
    if tuple(bounds) != computed:
        shown = "; ".join(f"{name} ∈ [{low}, {high}]" for name, low, high in computed)
        raise CheckFailure(f"the certified enclosures are {shown}, not the ones the claim states")


def _counterexample_function(claim: c.Counterexample, facts: Facts, variables: tuple) -> sympy.Expr:
    """The function over the counterexample's variables alone, every used definition written out.

    Each defined symbol (S, L, …) is written out once and substituted as a shared subtree, so that
    Σᵢ (pᵢ − yᵢ)² with K = 200 does not copy the 200 terms of S into each of its 200 terms."""
    n = facts.notation
    scalars = facts.scalar_definitions
    written: dict = {}

    def explicit(expr: sympy.Expr, depth: int = 0) -> sympy.Expr:
        if depth > len(facts.definitions):
            raise CheckFailure("the definitions the function uses are circular")
        for _ in range(len(facts.definitions) + 1):
            expanded = facts.substitute_indexed(expr)
            if expanded == expr:
                break
            expr = expanded
        if expr.has(sympy.Sum):
            if not n.is_explicit:
                raise CheckFailure("a counterexample with sums over the classes needs an explicit number of classes")
            expr = expand_sums(expr)
        expr = n.concrete(expr)
        for symbol in expr.free_symbols & set(scalars):
            if symbol not in written:
                written[symbol] = explicit(scalars[symbol], depth + 1)
        return expr.xreplace({symbol: written[symbol] for symbol in expr.free_symbols & set(scalars)})

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
            raise CheckFailure(f"{what} has the coordinate {value!r}, which is not an exact rational")
        found.append(Fraction(int(value.p), int(value.q)) if isinstance(value, sympy.Rational) else Fraction(value))
    return tuple(found)


def _separate(lower_of, upper_of, reversed_message: str):
    """The first working precision at which interval ``lower`` lies strictly below ``upper``, with the
    decimal bounds (rounded outward) that show it: ``(bits, lower, upper)``. ``lower_of(bits)`` and
    ``upper_of(bits)`` compute the intervals. Fails when they still overlap at the highest precision."""
    for bits in PRECISIONS:
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


def _interval_evidence(**intervals) -> tuple:
    return tuple((name, (decimal_text(i.low), decimal_text(i.high))) for name, i in intervals.items())


def _shown(interval) -> str:
    """[low, high] as prose math, with a breakable space after the comma (a line may end there)."""
    def number(value) -> str:
        mantissa, _, exponent = decimal_text(value).partition("E")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}" if exponent else mantissa

    return f"$[{number(interval.low)},$ ${number(interval.high)}]$"


def _chord_counterexample(claim: c.Counterexample, f: sympy.Expr, variables: tuple) -> CheckResult:
    x1 = _rationals(claim.x1, len(variables), "x1")
    x2 = _rationals(claim.x2, len(variables), "x2")
    if claim.t is None:
        raise CheckFailure("a chord counterexample needs its weight t")
    (t,) = _rationals(claim.t, 1, "t")
    if not 0 < t < 1:
        raise CheckFailure(f"t = {t} is not strictly between 0 and 1")
    middle = tuple(t * a + (1 - t) * b for a, b in zip(x1, x2))

    def at(point, bits):
        return evaluate(f, dict(zip(variables, point)), bits)

    name = str(claim.of) if claim.of is not None else "f"
    bits, line, value = _separate(
        lambda bits: chord(t, at(x1, bits), at(x2, bits), bits), lambda bits: at(middle, bits),
        f"the inequality is reversed: {name}(x_t) ∈ {{0}} lies below the chord ∈ {{1}}")
    method = (rf"interval arithmetic (mpmath iv, {bits} bits, bounds rounded outward): "
              rf"${name}(x_t) \in$ {_shown(value)} and $t\,{name}(x_1) + (1 - t)\,{name}(x_2) \in$ {_shown(line)} with "
              rf"$x_t = t x_1 + (1 - t) x_2$, $t = {t}$; the intervals do not overlap, so the strict inequality holds")
    return CheckResult("verified", method, evidence=_interval_evidence(f_mid=value, chord=line))


def _curvature_counterexample(claim: c.Counterexample, f: sympy.Expr, variables: tuple) -> CheckResult:
    point = _rationals(claim.point, len(variables), "the point")
    direction = _rationals(claim.direction, len(variables), "the direction")
    if not any(direction):
        raise CheckFailure("the direction is 0")
    if f.has(sympy.Max, sympy.Abs):
        raise CheckFailure("the function has a kink (Max or Abs), so it is not twice differentiable: use a chord")
    s = sympy.Dummy("s", real=True)
    line = f.xreplace({v: sympy.Rational(p.numerator, p.denominator) + sympy.Rational(d.numerator, d.denominator) * s
                       for v, p, d in zip(variables, point, direction)})
    second = sympy.diff(line, s, 2)
    name = str(claim.of) if claim.of is not None else "f"
    bits, value, _ = _separate(lambda bits: evaluate(second, {s: 0}, bits),
                               lambda bits: evaluate(sympy.Integer(0), {}, bits),
                               "the second derivative is positive: it lies in {1}")
    method = (rf"${name}(x + s d)$ differentiated twice in $s$ with sympy.diff and evaluated at $s = 0$ by interval "
              rf"arithmetic (mpmath iv, {bits} bits, bounds rounded outward): the second derivative lies in "
              rf"{_shown(value)}, below 0")
    return CheckResult("verified", method, evidence=_interval_evidence(second_derivative=value))


# ---------------------------------------------------------------- the loss family: named variables, affine maps

def _derivative_in_variables(claim: c.DerivativeEquality, facts: Facts, earlier: tuple) -> CheckResult:
    """A gradient or Hessian in ``claim.variables`` instead of the logits, recomputed with sympy.diff."""
    if claim.order not in (1, 2):
        raise CheckFailure(f"derivatives of order {claim.order} are not supported")
    if not isinstance(claim.function, sympy.Expr) or not isinstance(claim.result, IndexedArray):
        raise CheckFailure("a derivative in named variables is a gradient or Hessian of a scalar function")
    constants = _constants(facts, earlier)
    defined = _defined_names(earlier)
    taken = {str(base) for base in c.variable_bases(claim.variables)} & defined
    if taken:
        raise CheckFailure(f"{', '.join(sorted(taken))} is defined by an earlier step, so it is not a free variable")
    if isinstance(claim.variables, sympy.IndexedBase) and not facts.notation.is_explicit:
        return _index_derivative_in(claim, facts, constants, defined)
    return _explicit_derivative_in(claim, facts, constants, defined)


def _defined_names(earlier: tuple) -> set:
    """The name of everything an earlier step (or assumption) defines."""
    return {str(part.lhs.base if isinstance(part.lhs, sympy.Indexed) else part.lhs)
            for claim in earlier for part in (claim.facts if isinstance(claim, c.Assumed) else (claim,))
            if isinstance(part, c.Definition)}


def _held_fixed(symbols: set, notation, constants: Constants, defined: set) -> None:
    """Symbols a derivative in named variables holds fixed must be defined by no earlier step (data such
    as x and y, or another variable such as b), or be constants (τ := 2): a defined name whose
    definition the step does not use has an unknown dependence on the variables."""
    names = {s: str(key.base) for key, s in notation.concrete_map.items() if isinstance(key, sympy.Indexed)}
    unknown = sorted(str(s) for s in symbols if s not in constants.symbols and names.get(s, str(s)) in defined)
    if unknown:
        raise CheckFailure(f"the function depends on {', '.join(unknown)}, which an earlier step defines and this "
                           "step does not use, so its dependence on the variables is unknown")


def _explicit_derivative_in(claim: c.DerivativeEquality, facts: Facts, constants: Constants, defined: set) -> CheckResult:
    """Each entry recomputed with sympy.diff (with the chain rule through S and its definition), then
    compared as a Laurent polynomial, or failing that as a closed form (logs split, cancelled)."""
    n = facts.notation
    if isinstance(claim.variables, sympy.IndexedBase):
        variables = tuple(n.concrete(claim.variables[r]) for r in range(n.classes))
    else:
        variables = tuple(n.concrete(v) for v in claim.variables)
    if not variables or len(set(variables)) != len(variables) or not all(isinstance(v, sympy.Symbol) for v in variables):
        raise CheckFailure("the variables must be distinct, each an explicit symbol")
    size = len(variables)
    wanted = (size,) * claim.order
    shape = tuple(claim.result.shape)
    if len(claim.result.indices) != claim.order or shape != wanted:
        raise CheckFailure(f"a {'gradient' if claim.order == 1 else 'Hessian'} in {size} variables has shape "
                           f"{wanted}, the claim has {shape}")
    engine = ExplicitEngine(facts)
    S, keep = n.S, constants.symbols
    S_value = None
    if S in facts.scalar_definitions:
        S_value = engine.concrete(facts.expand_definitions(facts.scalar_definitions[S], keep=keep))
        _held_fixed(S_value.free_symbols - set(variables), n, constants, defined)
    f = engine.concrete(facts.expand_definitions(claim.function, keep=(S, *keep)), split_logs=False)
    _held_fixed(f.free_symbols - set(variables) - ({S} if S_value is not None else set()), n, constants, defined)
    dS = [_diff(S_value, v) if S_value is not None else sympy.Integer(0) for v in variables]

    def derivative(g: sympy.Expr, r: int) -> sympy.Expr:
        out = _diff(g, variables[r]) if variables[r] in g.free_symbols else sympy.Integer(0)
        if S_value is not None and S in g.free_symbols:
            out += _diff(g, S) * dS[r]
        return out

    entry = facts.expand_definitions(claim.result.entry, keep=(S, *keep))
    claimed = engine.template(entry, claim.result.indices)
    closed = []

    def compare(computed: sympy.Expr, position: tuple) -> None:
        try:
            acc = dict(from_sympy(computed, engine.cache).terms)
            claimed.add_into(acc, position, scale=-1)
            if not any(acc.values()):
                return
        except NotALaurentPolynomial:
            pass
        at = n.concrete(expand_sums(substitute(entry, dict(zip(claim.result.indices, map(sympy.Integer, position))))))
        difference = computed - at
        if S_value is not None:
            difference = difference.xreplace({S: S_value})
        if not _closed_form_zero(_with_proved_signs(difference, facts)):
            raise CheckFailure(f"sympy.diff result − claim is not 0 at entry {position}: "
                               f"{sympy.sstr(difference)[:200]}")
        closed.append(position)

    gradient = [derivative(f, r) for r in range(size)]
    if claim.order == 1:
        for r in range(size):
            compare(gradient[r], (r,))
    else:
        for r in range(size):
            for col in range(size):
                compare(derivative(gradient[r], col), (r, col))
    chain = " with the chain rule through $S$ and its definition" if S_value is not None else ""
    how = ("as polynomials in the exponentials, $S$ and the data" if not closed else
           "as closed forms (definitions written out, logs of positive factors split, cancelled)")
    count = size ** claim.order
    return CheckResult("verified", f"{'the entry' if count == 1 else f'each of {count} entries'} recomputed with sympy.diff in "
                       f"{_variables_text(claim.variables)}{chain}, then compared {how}")


def _variables_text(variables) -> str:
    bases = c.variable_bases(variables)
    names = ", ".join(sympy.latex(b) for b in bases)
    return f"${names}$" if len(bases) == 1 else f"$({names})$"


def _index_derivative_in(claim: c.DerivativeEquality, facts: Facts, constants: Constants, defined: set) -> CheckResult:
    """Every K: sympy.diff in q[j] (and q[k]) of the index expression, reduced by the rewrite rules."""
    n, q = facts.notation, claim.variables
    result = claim.result
    if len(result.indices) != claim.order or tuple(result.shape) != (n.K,) * claim.order:
        raise CheckFailure(f"a derivative in the K-vector {q} has shape {(n.K,) * claim.order}, the claim has "
                           f"{tuple(result.shape)}")

    def expand(expr):
        return normalize(facts.expand_definitions(expr, keep=constants.symbols), {})[0]

    f = expand(claim.function)
    if f.free_symbols & set(n.indices):
        raise CheckFailure("the function has a free index, so it is not one scalar function")
    held = {x.base.label for x in f.atoms(sympy.Indexed)} | {s for s in f.free_symbols if isinstance(s, sympy.Symbol)}
    _held_fixed(held - {q.label, n.K}, n, constants, defined)
    computed = sympy.diff(f, *(q[index] for index in result.indices))
    reduced, rules = normalize(computed - expand(result.entry), IndexEngine(facts).ranges)
    if reduced != 0:
        raise CheckFailure(f"sympy.diff result − claim reduces to {sympy.sstr(reduced)}, not 0")
    return CheckResult("verified", f"recomputed with sympy.diff in ${sympy.latex(q)}$; " + _rules_method(rules))


def _closed_form_zero(expr: sympy.Expr) -> bool:
    """Whether ``expr`` (without Σ) is identically 0: each log of a rational function is cancelled, factored
    and split where SymPy can show the factors positive, then the whole is cancelled as a rational
    function of its atoms (exp(s), log(1 + e^s), …). Every step is an identity where ``expr`` is defined."""
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.Sum):
        return False

    def split(e):
        return sympy.expand_log(sympy.log(sympy.factor(sympy.cancel(e.args[0]))), force=False)

    expr = sympy.expand(expr.replace(lambda e: isinstance(e, sympy.log), split))
    return sympy.cancel(expr) == 0


def check_affine(claim: c.Affine, facts: Facts, earlier: tuple) -> CheckResult:
    """The used definition of ``lhs`` is the map, and its entry has degree ≤ 1 in the variables; every
    other symbol is data (no earlier step defines it through the variables), the index, or a size."""
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
        raise CheckFailure(f"{rhs.entry} is not a polynomial of degree ≤ 1 in {', '.join(map(str, variables))}")
    defined = _defined_names(earlier)
    names = {str(v) for v in variables}
    if names & defined:
        raise CheckFailure(f"{', '.join(sorted(names & defined))} is defined by an earlier step, so it is not a free variable")
    indexed = rhs.entry.atoms(sympy.Indexed)
    others = ({str(atom.base) for atom in indexed}
              | {str(s) for s in rhs.entry.free_symbols - {atom.base.label for atom in indexed}
                 if isinstance(s, sympy.Symbol) and s != index and s.is_integer is not True}) - names
    if others & defined:
        raise CheckFailure(f"the map depends on {', '.join(sorted(others & defined))}, which an earlier step defines, "
                           "so its coefficients are not known to be constant")
    return CheckResult("verified", f"the entry is the used definition, a polynomial of degree $\\leq 1$ in "
                       f"{_variables_text(variables)} whose coefficients are data")


def _degree(e: sympy.Expr, variables: tuple):
    """The total degree of ``e`` in the entries of ``variables``; None if it is not a polynomial in them."""
    matrices = {v for v in variables if isinstance(v, sympy.IndexedBase)}
    symbols = {v for v in variables if isinstance(v, sympy.Symbol)}

    def depends(x) -> bool:
        return bool(x.free_symbols & symbols) or any(a.base in matrices for a in x.atoms(sympy.Indexed))

    def walk(x):
        if not depends(x):
            return 0
        if isinstance(x, sympy.Indexed):
            return 1 if x.base in matrices and not any(depends(i) for i in x.indices) else None
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


# ---------------------------------------------------------------- the loss family: what a cited conclusion establishes

CONVEXITY_CONCLUSIONS = ("second-order-condition", "second-order-strict", "affine-precomposition",
                         "nonnegative-sums", "norm-convexity")
"""Theorems whose cited conclusion "f is convex in V", with its subject checked, later steps may use."""


def _convexity_established(facts: Facts) -> set:
    """(f, V) for every used cited conclusion that f is convex in V."""
    return {(u.subject, tuple(u.variables)) for u in facts.used
            if isinstance(u, c.Cited) and u.subject is not None and u.theorem.key in CONVEXITY_CONCLUSIONS}


def _hessian_variables(hessian: c.DerivativeEquality, notation) -> tuple:
    return (notation.z,) if hessian.variables is None else c.variable_bases(hessian.variables)


def _strict_second_order_premises(facts: Facts) -> set:
    """A used Hessian that a used step shows positive definite: a 1 × 1 Hessian whose entry is shown
    > 0, or a matrix M ⪰ 0 with H − M = c·I and c > 0; and the domain."""
    hessians = [u for u in facts.used if isinstance(u, c.DerivativeEquality) and u.order == 2]
    if not hessians:
        raise CheckFailure("the strict second-order condition needs a used step that computes the Hessian")
    if not any(isinstance(u, c.Assumed) for u in facts.used):
        raise CheckFailure("the strict second-order condition needs the domain (an open convex set) among the uses")
    found = {(h.of, _hessian_variables(h, facts.notation)) for h in hessians
             if h.of is not None and _positive_definite(h.result, facts)}
    if not found:
        raise CheckFailure("the strict second-order condition needs a used step showing that Hessian positive "
                           "definite: a 1 × 1 Hessian shown > 0, or H − cI ⪰ 0 with c > 0")
    return found


def _positive_definite(H: IndexedArray, facts: Facts) -> bool:
    if tuple(H.shape) == (1, 1) and facts.is_positive(H.entry, strict=True):
        return True
    for used in facts.used:
        if not isinstance(used, c.PositiveSemidefinite) or tuple(used.matrix.shape) != tuple(H.shape) \
                or len(H.indices) != 2 or len(used.matrix.indices) != 2:
            continue
        M = used.matrix
        row, col = M.indices
        delta = sympy.KroneckerDelta(row, col)
        difference = sympy.expand(substitute(H.entry, dict(zip(H.indices, M.indices))) - M.entry)
        shift = difference.coeff(delta)
        if shift == 0 or shift.free_symbols & {row, col} or sympy.expand(difference - shift * delta) != 0:
            continue
        if shift.is_positive or facts.is_positive(shift, strict=True):
            return True
    return False


def _affine_precomposition_premises(facts: Facts) -> set:
    """A used affine map z = A(θ) and a used conclusion that f is convex in z: then f is convex in θ."""
    maps = [u for u in facts.used if isinstance(u, c.Affine)]
    if not maps:
        raise CheckFailure("composition with an affine map needs a used step showing that the map is affine")
    found = {(f, tuple(m.variables)) for m in maps for f, V in _convexity_established(facts)
             if V == (m.lhs,) and _only_through(f, m, facts)}
    if not found:
        raise CheckFailure("composition with an affine map needs a used conclusion that the outer function is "
                           f"convex in {', '.join(str(m.lhs) for m in maps)}")
    return found


def _only_through(f, affine: c.Affine, facts: Facts) -> bool:
    """Whether f, written out through the definitions its steps rest on but keeping the map's z,
    is free of the map's variables: g(θ) = f(A θ + c) needs f to see θ only through z = A θ + c."""
    claims = (*facts.used, *facts.ancestors)
    scalars = {d.lhs: d.rhs for d in claims if isinstance(d, c.Definition) and isinstance(d.lhs, sympy.Symbol)}
    if f not in scalars:
        return False
    indexed = {d.lhs.base: (d.index, d.rhs) for d in claims if isinstance(d, c.Definition)
               and isinstance(d.lhs, sympy.Indexed) and d.lhs.base != affine.lhs}
    expr = scalars[f]
    for _ in range(len(scalars) + len(indexed) + 1):
        before = expr
        expr = expr.xreplace(scalars).replace(
            lambda e: isinstance(e, sympy.Indexed) and e.base in indexed,
            lambda e: substitute(indexed[e.base][1], {indexed[e.base][0]: e.indices[0]}))
        if expr == before:
            break
    bases = set(c.variable_bases(affine.variables))
    used = expr.free_symbols | {e.base for e in expr.atoms(sympy.Indexed)}
    return f not in used and not (used & bases) and not any(str(b) in map(str, used) for b in bases)


def _norm_premises(facts: Facts) -> set:
    """A used definition N := Σ |θₖ| (written out or as Σ), each θₖ an entry of a variable: a norm."""
    found = set()
    defined = set(facts.indexed_definitions) | set(facts.scalar_definitions)
    for definition in facts.definitions:
        if isinstance(definition.lhs, sympy.Symbol):
            bases = _absolute_sum_bases(definition.rhs)
            if bases and not set(bases) & defined:
                found.add((definition.lhs, bases))
    if not found:
        raise CheckFailure("the convexity of a norm needs a used definition N = Σ |θₖ| (the ℓ₁ norm)")
    return found


def _ranges_not_reversed(total: sympy.Sum) -> bool:
    """Every limit of the Σ counts b − a + 1 ≥ 0 terms (SymPy would negate a reversed range)."""
    return all((sympy.sympify(high) - low + 1).is_nonnegative is True for _, low, high in total.limits)


def _absolute_sum_bases(expr: sympy.Expr) -> tuple:
    """The bases (in order) when ``expr`` is a sum of |entry| (nested Σ allowed), else ()."""
    found: list = []

    def walk(x) -> bool:
        if isinstance(x, sympy.Sum):
            return _ranges_not_reversed(x) and walk(x.function)
        if x.is_Add:
            return all(walk(a) for a in x.args)
        if isinstance(x, sympy.Abs) and isinstance(x.args[0], sympy.Indexed):
            base = x.args[0].base
            if base not in found:
                found.append(base)
            return True
        return False

    return tuple(found) if walk(expr) else ()


def _nonnegative_sums_premises(facts: Facts) -> set:
    """A used definition F := Σₖ wₖ fₖ with each weight ≥ 0 and each fₖ convex in V by a used conclusion
    (or in a part of V, when its used definition does not mention the rest); a Σ over examples
    n = 1 … N of fₙ counts when the data of the conclusion are free symbols (any example)."""
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


def _convex_term(term: sympy.Expr, V: tuple, established: set, facts: Facts) -> bool:
    """``term`` = w·f with w ≥ 0 and f convex in V (see _nonnegative_sums_premises)."""
    functions = [f for f in sympy.Mul.make_args(term) if isinstance(f, (sympy.Symbol, sympy.Sum))]
    if len(functions) != 1:
        return False
    (f,) = functions
    weight = term / f
    if not _constant_weight(weight):
        return False  # a weight must be a constant ≥ 0: w(θ)·f(θ) need not be convex
    if isinstance(f, sympy.Sum):
        if len(f.limits) != 1 or not _data_are_free(facts.notation) or not _ranges_not_reversed(f):
            return False
        index = f.limits[0][0]
        inner = [g for g in sympy.Mul.make_args(f.function) if isinstance(g, sympy.Indexed)]
        if len(inner) != 1 or inner[0].indices != (index,):
            return False
        inner_weight = f.function / inner[0]
        if index in inner_weight.free_symbols or not _constant_weight(inner_weight):
            return False
        return any(str(g) == str(inner[0].base) and W == V for g, W in established)
    if (f, V) in established:
        return True
    definition = facts.scalar_definitions.get(f)
    if definition is None:
        return False
    written = facts.expand_definitions(definition)
    return any(g == f and set(W) < set(V) and _depends_only_on(written, set(W)) for g, W in established)


def _constant_weight(weight: sympy.Expr) -> bool:
    """A weight SymPy shows ≥ 0 that is a number or a function of integer sizes (1/N): no entry and no
    other symbol, which an earlier step might define through the variables (e^{−z₀}, p₀, T := …)."""
    if weight.atoms(sympy.Indexed) or any(not x.is_integer for x in weight.free_symbols):
        return False
    return bool(weight.is_nonnegative)


def _depends_only_on(expr: sympy.Expr, bases: set) -> bool:
    """Whether ``expr`` is a function of the entries of ``bases`` alone (and of integer sizes such as
    K and d): then convexity in them is convexity in any larger set of variables."""
    indexed = expr.atoms(sympy.Indexed)
    if any(atom.base not in bases for atom in indexed):
        return False
    labels = {atom.base.label for atom in indexed}
    symbols = {x for x in expr.free_symbols if isinstance(x, sympy.Symbol)} - labels
    return all(x in bases or x.is_integer for x in symbols)


def _data_are_free(notation) -> bool:
    """Every datum is a free symbol (no one-hot numbers): a conclusion holds at any example."""
    return all(not getattr(s, "is_Number", False) for base in notation.data for s in notation.symbols.get(base, ()))


PREMISES.update({
    "second-order-strict": _strict_second_order_premises,
    "affine-precomposition": _affine_precomposition_premises,
    "nonnegative-sums": _nonnegative_sums_premises,
    "norm-convexity": _norm_premises,
})


CHECKERS = {
    c.Definition: check_definition,
    c.Positivity: check_positivity,
    c.Equality: check_equality,
    c.DerivativeEquality: check_derivative,
    c.NonNegative: check_nonnegative,
    c.PositiveSemidefinite: check_psd,
    c.Cited: check_cited,
    c.Counterexample: check_counterexample,
    c.Affine: check_affine,
}

_METHODS = {
    c.Definition: "notation", c.Positivity: "positivity", c.Equality: "expansion",
    c.DerivativeEquality: "sympy.diff", c.NonNegative: "sum of squares",
    c.PositiveSemidefinite: "definition of PSD", c.Cited: "citation",
    c.Counterexample: "interval arithmetic", c.Affine: "degree in the variables",
}


# ---------------------------------------------------------------- definiteness on a subspace

def check_form_zeros(claim: c.FormZeros, facts: Facts, earlier: tuple) -> CheckResult:
    """A zero form makes every term of a used certificate zero (each is ≥ 0); a difference square
    (vᵢ − vⱼ)² whose coefficient and weights are > 0 then forces vᵢ = vⱼ. If these pairs link every
    index to every other, v is constant: a multiple of the constant vector ``direction``."""
    d = claim.direction
    if not (isinstance(d, IndexedArray) and tuple(d.shape) == (facts.notation.K,) and d.entry.is_number
            and d.entry.is_zero is False):
        raise CheckFailure("the direction must be a vector of K equal, non-zero entries")
    wanted = QuadraticForm(claim.matrix, claim.vector)
    certificates = [fact.certificate for fact in facts.nonnegatives if fact.expr == wanted]
    if not certificates:
        raise CheckFailure("no used step gives a sum-of-squares certificate of this quadratic form")
    _require_arbitrary(claim.vector, facts)
    problems = []
    for certificate in certificates:
        try:
            linked = _linked_pairs(certificate, claim.vector, facts)
        except CheckFailure as problem:
            problems.append(str(problem))
            continue
        return CheckResult("verified", rf"every term of a used certificate is $\geq 0$, so all vanish; {linked}, "
                           r"so $v^\top M v = 0$ forces all $v_i$ equal")
    raise CheckFailure(problems[0])


def _linked_pairs(certificate: c.SumOfSquares, v: sympy.IndexedBase, facts: Facts) -> str:
    """Which indices the difference squares with positive weights link; fails unless all of them."""
    n = facts.notation
    K = n.K
    pairs = []  # (term, a, b): the square is ±(v[a] − v[b])
    for term in certificate.terms:
        found = _difference_of_entries(term.square, v)
        if found is None or not (term.coefficient > 0):
            continue
        if all(facts.is_positive(factor, strict=True) for factor in term.positive):
            pairs.append((term, *found))
    if not pairs:
        raise CheckFailure(r"no square of the certificate is a difference $(v_i - v_j)^2$ with a weight > 0")
    if not n.is_explicit:
        for term, a, b in pairs:
            bound = {limit[0]: tuple(limit[1:]) for limit in term.over}
            if a != b and bound.get(a) == (0, K - 1) and bound.get(b) == (0, K - 1) and len(term.over) == 2:
                return r"its squares $(v_i - v_j)^2$ run over every pair $i, j$, each with a weight $> 0$"
        raise CheckFailure("no difference square runs over every pair of indices 0 … K − 1")
    parent = list(range(int(K)))

    def root(r):
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for term, a, b in pairs:
        for binding in _bounded_bindings(term.over):
            r, s = (int(substitute(x, {k: sympy.Integer(w) for k, w in binding.items()})) for x in (a, b))
            if not (0 <= r < K and 0 <= s < K):
                raise CheckFailure(f"the square links v[{r}] and v[{s}], outside 0 … {K - 1}")
            parent[root(r)] = root(s)
    components = len({root(r) for r in range(int(K))})
    if components != 1:
        raise CheckFailure(f"the difference squares leave the indices in {components} unlinked groups")
    return f"its squares link all {K} indices, each with a weight $> 0$"


def _difference_of_entries(square, v):
    """(a, b) when ``square`` is v[a] − v[b] (or its negative, as (b, a)), else None."""
    parts = sympy.Add.make_args(sympy.expand(square))
    if len(parts) != 2:
        return None
    plus = [x for x in parts if isinstance(x, sympy.Indexed) and x.base == v]
    minus = [-x for x in parts if isinstance(-x, sympy.Indexed) and (-x).base == v]
    if len(plus) != 1 or len(minus) != 1 or len(plus[0].indices) != 1 or len(minus[0].indices) != 1:
        return None
    return plus[0].indices[0], minus[0].indices[0]


def _require_arbitrary(vector, facts: Facts, statements=(c.NonNegative, c.FormZeros)) -> None:
    """As for PSD: no used step, and no step this one rests on, constrains ``vector``."""
    name = str(vector)
    for used in facts.used:
        if not isinstance(used, statements) and name in _names(used):
            raise CheckFailure(f"{name} is constrained by a used step, so it is not arbitrary")
    for ancestor in facts.used + facts.ancestors:
        for constraint in _constraints_of(ancestor):
            if name in _names(ancestor if constraint is None else constraint):
                raise CheckFailure(f"{name} is constrained by a step this one rests on, so it is not arbitrary")


def check_positive_definite_on(claim: c.PositiveDefiniteOn, facts: Facts, earlier: tuple) -> CheckResult:
    """vᵀMv ≥ 0 (a used step) and = 0 only for v = c·d (another); v = c·d with Σ aᵢvᵢ = 0 means
    c·Σ aᵢdᵢ = 0, so c = 0 when Σ aᵢdᵢ ≠ 0 (computed here): hence vᵀMv > 0 for v ≠ 0 in the subspace."""
    n = facts.notation
    a = claim.normal
    if not (isinstance(a, IndexedArray) and tuple(a.shape) == (n.K,)):
        raise CheckFailure("the subspace must be given by a normal vector of length K")
    wanted = QuadraticForm(claim.matrix, claim.vector)
    if not any(fact.expr == wanted for fact in facts.nonnegatives):
        raise CheckFailure("no used step shows the quadratic form of this matrix to be ≥ 0")
    zeros = [u for u in facts.used if isinstance(u, c.FormZeros) and u.matrix == claim.matrix and u.vector == claim.vector]
    if not zeros:
        raise CheckFailure("no used step shows where the quadratic form of this matrix vanishes")
    _require_arbitrary(claim.vector, facts)
    j = n.indices[1]
    for used in zeros:
        d = used.direction
        product = sympy.Sum(substitute(a.entry, {a.indices[0]: j}) * substitute(d.entry, {d.indices[0]: j}), n.bounds(j))
        if n.is_explicit:
            value = n.explicit(product)
        else:
            value, _ = normalize(product, {i: (0, n.K - 1) for i in n.indices})
        if value.is_zero is False:
            return CheckResult("verified", rf"a used step shows $v^\top M v \geq 0$ and another that it vanishes only on "
                               rf"multiples of $d$; $\sum_i a_i d_i = {sympy.latex(value)} \neq 0$, so no multiple "
                               r"$c\, d \neq 0$ lies in the subspace")
    raise CheckFailure("the direction where the form vanishes is not shown to leave the subspace "
                       "(Σᵢ aᵢdᵢ is not shown ≠ 0)")


def _strict_on_affine_set_premises(facts: Facts) -> set:
    """A used Hessian, a used step showing it positive definite on a subspace {v : Σ aᵢvᵢ = 0}, and a
    used assumption that the set is {z : Σ aᵢzᵢ = b} for that same a (and the open domain)."""
    n = facts.notation
    steps = [u for u in facts.used if isinstance(u, c.DerivativeEquality) and u.order == 2]
    hessians = [u.result for u in steps]
    if not hessians:
        raise CheckFailure("strict convexity on a set needs a used step that computes the Hessian")
    definite = [u for u in facts.used if isinstance(u, c.PositiveDefiniteOn) and u.matrix in hessians]
    if not definite:
        raise CheckFailure("strict convexity on a set needs a used step showing that Hessian positive definite on it")
    sets = [part for u in facts.used if isinstance(u, c.Assumed) for part in u.facts if isinstance(part, c.Equality)]
    for u in definite:
        a = u.normal
        for part in sets:
            lhs = part.lhs
            if isinstance(lhs, sympy.Sum) and len(lhs.limits) == 1 and tuple(lhs.limits[0][1:]) == (0, n.K - 1) \
                    and not part.rhs.has(n.z):
                index = lhs.limits[0][0]
                if lhs.function == substitute(a.entry, {a.indices[0]: index}) * n.z[index]:
                    return {(h.of, _hessian_variables(h, n)) for h in steps if h.result == u.matrix}
    raise CheckFailure("strict convexity on a set needs the set {z : Σᵢ aᵢzᵢ = b} among the uses, with the normal "
                       "a of the positive definiteness step")


CHECKERS[c.FormZeros] = check_form_zeros
CHECKERS[c.PositiveDefiniteOn] = check_positive_definite_on
_METHODS[c.FormZeros] = "equality case of a sum of squares"
_METHODS[c.PositiveDefiniteOn] = "definiteness on a subspace"
PREMISES["strict-on-affine-set"] = _strict_on_affine_set_premises


def check_conclusion(claim: c.Conclusion, facts: Facts, earlier: tuple) -> CheckResult:
    """The theorem's own step: that it rests on exactly the final results is a check of the chain."""
    if not claim.statement.strip():
        raise CheckFailure("the theorem is not stated")
    if not facts.used:
        raise CheckFailure("the theorem rests on no step")
    return CheckResult("verified", "chain: rests on exactly the final results")


CHECKERS[c.Conclusion] = check_conclusion
_METHODS[c.Conclusion] = "chain"
