"""Quadratic forms: positive semidefinite (a used step bounds vᵀMv ≥ 0 for an arbitrary v), where a
form vanishes (the equality case of a sum of squares), and definiteness on a subspace.

The test vector must be one of the notation's test vectors (v, u, w): real, never defined, never
the subject of a premise; it may not occur in the matrix, and no step the check rests on may
constrain it. Only then does "for every v" mean every real vector.
"""

from __future__ import annotations

import sympy

from ..algebra.expansion import bounded_expand
from ..algebra.rewrite import normalize, substitute
from ..arrays import IndexedArray, QuadraticForm
from ..claims import FormZeros, NonNegative, PositiveDefiniteOn, PositiveSemidefinite, SumOfSquares
from ..engines.explicit import bounded_bindings
from .signs import constants_decided
from .common import CheckFailure, names


def require_arbitrary(vector, matrix, facts) -> None:
    """``vector`` is a test vector that neither the matrix nor any step this one rests on constrains."""
    n = facts.notation
    if not n.is_test_vector(vector):
        raise CheckFailure(f"{vector} is not a test vector of the notation (v, u or w), so it may be constrained")
    name = str(vector)
    if not isinstance(matrix, IndexedArray) or name in names(matrix.entry):
        raise CheckFailure(f"the matrix speaks of {name}, so {name} is not arbitrary")
    for used in facts.used:
        if not isinstance(used, (NonNegative, FormZeros)) and name in names(used):
            raise CheckFailure(f"{name} is constrained by a used step, so it is not arbitrary")
    for ancestor in facts.used + facts.ancestors:
        for constraint in _constraints_of(ancestor, n):
            if name in names(constraint):
                raise CheckFailure(f"{name} is constrained by a step this one rests on, so it is not arbitrary")


def _constraints_of(claim, notation) -> list:
    """What in ``claim`` restricts its names: premises and every claim but an equality or a sum of
    squares whole; for those, the known zeros they rely on."""
    from ..claims import Equality

    if isinstance(claim, Equality):
        return [k.zero for k in claim.constraints]
    if isinstance(claim, NonNegative):
        return [k.zero for k in claim.certificate.constraints]
    if isinstance(claim, (FormZeros, PositiveSemidefinite, PositiveDefiniteOn)):
        return []
    return [claim]


def _bounds_form(facts, matrix, vector) -> list:
    """The used certificates of vᵀMv ≥ 0."""
    wanted = QuadraticForm(matrix, vector)
    return [fact.certificate for fact in facts.nonnegatives if fact.expr == wanted]


def check_psd(claim: PositiveSemidefinite, facts) -> tuple:
    if not _bounds_form(facts, claim.matrix, claim.vector):
        raise CheckFailure("no used step shows the quadratic form of this matrix to be ≥ 0")
    require_arbitrary(claim.vector, claim.matrix, facts)
    return (("vector", str(claim.vector)),)


def check_form_zeros(claim: FormZeros, facts) -> tuple:
    """A zero form makes every term of a used certificate zero (each is ≥ 0); a difference square
    (vᵢ − vⱼ)² whose coefficient and weights are > 0 then forces vᵢ = vⱼ. If these pairs link every
    index to every other, v is constant: a multiple of the constant vector ``direction``."""
    d = claim.direction
    if not (isinstance(d, IndexedArray) and tuple(d.shape) == (facts.notation.K,) and d.entry.is_Rational
            and d.entry != 0):
        raise CheckFailure("the direction must be a vector of K equal, non-zero entries")
    certificates = _bounds_form(facts, claim.matrix, claim.vector)
    if not certificates:
        raise CheckFailure("no used step gives a sum-of-squares certificate of this quadratic form")
    require_arbitrary(claim.vector, claim.matrix, facts)
    problems = []
    for certificate in certificates:
        try:
            return (("linked", _linked_pairs(certificate, claim.vector, facts)),)
        except CheckFailure as problem:
            problems.append(str(problem))
    raise CheckFailure(problems[0])


def _linked_pairs(certificate: SumOfSquares, v, facts):
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
        raise CheckFailure("no square of the certificate is a difference (v_i − v_j)² with a weight > 0")
    for term, a, b in pairs:  # for every K, and for a numeric K without enumerating K² pairs
        bound = {limit[0]: tuple(limit[1:]) for limit in term.over}
        if a != b and bound.get(a) == (0, K - 1) and bound.get(b) == (0, K - 1) and len(term.over) == 2:
            return "every-pair"
    if not n.is_explicit:
        raise CheckFailure("no difference square runs over every pair of indices 0 … K − 1")
    parent = list(range(int(K)))

    def root(r):
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    for term, a, b in pairs:
        for binding in bounded_bindings(term.over):
            r, s = (substitute(x, {k: sympy.Integer(w) for k, w in binding.items()}) for x in (a, b))
            if not (r.is_Integer and s.is_Integer and 0 <= r < K and 0 <= s < K):
                raise CheckFailure(f"the square links v[{r}] and v[{s}], outside 0 … {K - 1}")
            parent[root(int(r))] = root(int(s))
    components = len({root(r) for r in range(int(K))})
    if components != 1:
        raise CheckFailure(f"the difference squares leave the indices in {components} unlinked groups")
    return int(K)


def _difference_of_entries(square, v):
    """(a, b) when ``square`` is v[a] − v[b] (or its negative, as (b, a)), else None."""
    parts = sympy.Add.make_args(bounded_expand(square))
    if len(parts) != 2:
        return None
    plus = [x for x in parts if isinstance(x, sympy.Indexed) and x.base == v]
    minus = [-x for x in parts if isinstance(-x, sympy.Indexed) and (-x).base == v]
    if len(plus) != 1 or len(minus) != 1 or len(plus[0].indices) != 1 or len(minus[0].indices) != 1:
        return None
    return plus[0].indices[0], minus[0].indices[0]


def check_positive_definite_on(claim: PositiveDefiniteOn, facts) -> tuple:
    """vᵀMv ≥ 0 (a used step) and = 0 only for v = c·d (another); v = c·d with Σ aᵢvᵢ = 0 means
    c·Σ aᵢdᵢ = 0, so c = 0 when Σ aᵢdᵢ ≠ 0 (computed here): hence vᵀMv > 0 for v ≠ 0 in the subspace."""
    n = facts.notation
    a = claim.normal
    if not (isinstance(a, IndexedArray) and tuple(a.shape) == (n.K,) and len(a.indices) == 1) \
            or a.entry.free_symbols - set(a.indices):
        raise CheckFailure("the subspace must be given by a constant normal vector of length K")
    if not _bounds_form(facts, claim.matrix, claim.vector):
        raise CheckFailure("no used step shows the quadratic form of this matrix to be ≥ 0")
    zeros = [u for u in facts.used if isinstance(u, FormZeros) and u.matrix == claim.matrix and u.vector == claim.vector]
    if not zeros:
        raise CheckFailure("no used step shows where the quadratic form of this matrix vanishes")
    require_arbitrary(claim.vector, claim.matrix, facts)
    j = n.indices[1]
    for used in zeros:
        d = used.direction
        product = sympy.Sum(substitute(a.entry, {a.indices[0]: j}) * substitute(d.entry, {d.indices[0]: j}), n.bounds(j))
        if n.is_explicit:
            value = n.explicit(product)
        else:
            value, _ = normalize(product, {i: (0, n.K - 1) for i in n.indices})
        if constants_decided(value).is_zero is False:
            return (("normal-times-direction", value),)
    raise CheckFailure("the direction where the form vanishes is not shown to leave the subspace "
                       "(Σᵢ aᵢdᵢ is not shown ≠ 0)")
