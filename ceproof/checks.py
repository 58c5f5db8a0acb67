"""How each kind of claim is verified.

Two engines do the work. For an explicit K, expressions are expanded into
sparse Laurent polynomials in opaque atoms (``exp(z0)``, ``S``, ``p0`` …) and
compared term by term. For every K at once, index expressions are brought to
a normal form by the rewrite rules of ``rewrite.py``. Derivatives are always
recomputed with ``sympy.diff`` from the function, never read from the claim.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from . import claims as c
from .arrays import IndexedArray, QuadraticForm, RowSums
from .citations import KNOWN_THEOREMS
from .facts import Facts
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
        raise TypeError(f"no checker for claim kind {type(claim).__name__}")
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
    return CheckResult("verified", "notation is fresh (used by no earlier step) and not circular")


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
    scalars = facts.scalar_definitions
    for expr in claim.exprs:
        expanded = facts.substitute_indexed(expr)
        expanded = expanded.xreplace(scalars)
        # a symbol's declared positivity must not count: only what its definition shows
        expanded = expanded.xreplace({facts.notation.S: sympy.Dummy("S")})
        if facts.notation.is_explicit and claim.index is None:
            expanded = facts.notation.concrete(expanded.doit())
        shown = expanded.is_positive if claim.strict else expanded.is_nonnegative
        if shown is not True:
            raise CheckFailure(f"SymPy cannot show {expr} = {expanded} {'>' if claim.strict else '≥'} 0")
    return CheckResult("verified", r"definitions substituted; positivity by SymPy's assumptions ($\exp > 0$, $K \geq 1$)")


def check_cited(claim: c.Cited, facts: Facts, earlier: tuple) -> CheckResult:
    """The theorem must be a known one, and the steps used must supply its hypotheses."""
    if KNOWN_THEOREMS.get(claim.theorem.key) != claim.theorem:
        raise CheckFailure(f"{claim.theorem.name} is not a known theorem")
    PREMISES[claim.theorem.key](facts)
    return CheckResult("cited", "trusted: " + claim.theorem.citation)


def _second_order_premises(facts: Facts) -> None:
    """A used Hessian, and a used proof that this very matrix is PSD, on the real domain."""
    hessians = [u.result for u in facts.used if isinstance(u, c.DerivativeEquality) and u.order == 2]
    if not hessians:
        raise CheckFailure("the second-order condition needs a used step that computes the Hessian")
    if not any(isinstance(u, c.PositiveSemidefinite) and u.matrix in hessians for u in facts.used):
        raise CheckFailure("the second-order condition needs a used step showing that Hessian is PSD")
    if not any(isinstance(u, c.Assumed) for u in facts.used):
        raise CheckFailure("the second-order condition needs the domain (an open convex set) among the uses")


def _strict_convexity_premises(facts: Facts) -> None:
    """A used equality f(z + t·1) = f(z): the function is constant along the direction 1."""
    n = facts.notation

    def shifted(expr):
        return expr.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == n.z, lambda e: e + n.t)

    if not any(isinstance(u, c.Equality) and isinstance(u.rhs, sympy.Expr) and u.rhs.has(n.z)
               and u.lhs == shifted(u.rhs) for u in facts.used):
        raise CheckFailure("non-strictness needs a used step showing f(z + t·1) = f(z)")


PREMISES = {
    "second-order-condition": _second_order_premises,
    "strict-convexity-definition": _strict_convexity_premises,
}


# ---------------------------------------------------------------- equalities

def check_equality(claim: c.Equality, facts: Facts, earlier: tuple) -> CheckResult:
    """Arrays, quadratic forms and certificates entry by entry when K is a number; scalar
    expressions in Σ notation by the rewrite rules, which hold for a numeric K as for a symbol."""
    scalar = all(isinstance(side, sympy.Expr) for side in (claim.lhs, claim.rhs))
    engine = ExplicitEngine(facts) if facts.notation.is_explicit and not scalar else IndexEngine(facts)
    return engine.equality(claim)


def check_derivative(claim: c.DerivativeEquality, facts: Facts, earlier: tuple) -> CheckResult:
    if claim.of is not None:
        _check_name(claim, facts)
    engine = ExplicitEngine(facts) if facts.notation.is_explicit else IndexEngine(facts)
    return engine.derivative(claim)


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
        if term.square.is_real is not True:
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


def clear_caches() -> None:
    """Forget every memo of the checkers (benchmarks start each run from here)."""
    _EXPANSIONS.clear()
    _EXPLICIT.clear()
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
            bound = substitute(atom, {s: sympy.Integer(v) for s, v in zip(indices, values)})
            return from_sympy(self.notation.concrete(bound), self.cache)
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
                for binding in _bindings(term.over):
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

    def function(self, expr: sympy.Expr, allowed: set) -> sympy.Expr:
        """The function to differentiate, every used definition but S's written out, depending
        on nothing but ``allowed`` (a symbol with no used definition has an unknown dependence on z)."""
        f = self.concrete(self.facts.expand_definitions(expr, keep=(self.notation.S,)), split_logs=False)
        unknown = f.free_symbols - allowed
        if unknown:
            raise CheckFailure(f"the function depends on {', '.join(sorted(map(str, unknown)))}, "
                               "which no used step defines in terms of z")
        return f

    def derivative(self, claim: c.DerivativeEquality) -> CheckResult:
        kind = _derivative_kind(claim, self.notation.K)
        z = self.notation.entries(self.notation.z)
        S = self.notation.S
        S_value = None
        if S in self.facts.scalar_definitions:
            S_value = self.concrete(self.facts.expand_definitions(self.facts.scalar_definitions[S]))
            if not S_value.free_symbols <= set(z):
                raise CheckFailure(f"the definition of S must be written in z alone, not {S_value}")
        allowed = set(z) | ({S} if S_value is not None else set())
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
            entry = self.facts.expand_definitions(claim.function.entry, keep=(S,))
            count = jacobian([self.function(substitute(entry, {index: sympy.Integer(r)}), allowed)
                              for r in range(size)])
        elif kind == "gradient":
            for r, g in enumerate(gradient(self.function(claim.function, allowed))):
                compare(dict(from_sympy(g, self.cache).terms), (r,))
            count = size
        else:
            count = jacobian(gradient(self.function(claim.function, allowed)))
        chain = " with the chain rule through $S$ and its definition" if S_value is not None else ""
        return CheckResult("verified", f"each of {count} entries recomputed with sympy.diff{chain}, "
                           "then compared as polynomials in exp(z), S")

    def sum_of_squares(self, claim: c.NonNegative) -> CheckResult:
        (expr,) = self.entries(claim.expr)
        (certificate,) = self.entries(claim.certificate)
        count = sum(len(list(_bindings(term.over))) for term in claim.certificate.terms)
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


def _bindings(over):
    """Every integer assignment of the bound indices of ``over`` (outermost limit last)."""
    if not over:
        yield {}
        return
    *inner, (index, low, high) = over
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
        if reduced != 0:
            raise CheckFailure(f"lhs − rhs reduces to {sympy.sstr(reduced)}, not 0")
        return CheckResult("verified", _rules_method(rules))

    def derivative(self, claim: c.DerivativeEquality) -> CheckResult:
        kind = _derivative_kind(claim, self.notation.K)
        z = self.notation.z

        def expand(expr):
            return normalize(self.facts.expand_definitions(expr), {})[0]

        result = claim.result
        indices = result.indices
        if kind == "jacobian":
            f = self.known(expand(substitute(claim.function.entry, {claim.function.indices[0]: indices[0]})),
                           free=(indices[0],))
            computed = sympy.diff(f, z[indices[1]])
        elif kind == "gradient":
            computed = sympy.diff(self.known(expand(claim.function)), z[indices[0]])
        else:
            computed = sympy.diff(self.known(expand(claim.function)), z[indices[0]], z[indices[1]])
        reduced, rules = normalize(computed - expand(result.entry), self.ranges)
        if reduced != 0:
            raise CheckFailure(f"sympy.diff result − claim reduces to {sympy.sstr(reduced)}, not 0")
        return CheckResult("verified", "recomputed with sympy.diff; " + _rules_method(rules))

    def known(self, f: sympy.Expr, free: tuple = ()) -> sympy.Expr:
        """``f`` itself, if its free symbols are only z, the label y, K and the indices ``free``
        (a function of an index j must not be differentiated in z_j by accident)."""
        n = self.notation
        bases = {x.base for x in f.atoms(sympy.Indexed)} - {n.z, n.y}
        allowed = {n.z.label, n.y.label, n.K, *free}
        symbols = {s for s in f.free_symbols if isinstance(s, sympy.Symbol)} - allowed
        unknown = sorted(map(str, bases | symbols))
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


CHECKERS = {
    c.Definition: check_definition,
    c.Positivity: check_positivity,
    c.Equality: check_equality,
    c.DerivativeEquality: check_derivative,
    c.NonNegative: check_nonnegative,
    c.PositiveSemidefinite: check_psd,
    c.Cited: check_cited,
}

_METHODS = {
    c.Definition: "notation", c.Positivity: "positivity", c.Equality: "expansion",
    c.DerivativeEquality: "sympy.diff", c.NonNegative: "sum of squares",
    c.PositiveSemidefinite: "definition of PSD", c.Cited: "citation",
}
