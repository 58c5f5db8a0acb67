"""Cross-entropy in the predicted distribution: H(p, q) = −Σᵢ pᵢ log qᵢ is convex in q > 0.

Here p is fixed (pᵢ ≥ 0, any weights) and q is the variable, not the logits: the Hessian in q,
recomputed with sympy.diff, is diag(pᵢ/qᵢ²), and vᵀ∇²H v = Σᵢ pᵢ (vᵢ/qᵢ)² is a sum of squares
whose weights pᵢ are only ≥ 0 (so H is convex, strictly so only when every pᵢ > 0). The proof is
explicit in q0 … q{K−1} for a given K, and in index notation for every K.
"""

from __future__ import annotations

import sympy
from sympy import KroneckerDelta, Sum, log

from ..kernel.arrays import IndexedArray, QuadraticForm
from ..kernel.citations import SECOND_ORDER_CONDITION
from ..kernel.claims import (Cited, Definition, DerivativeEquality, Equality, NonNegative, PositiveSemidefinite,
                             SquareTerm, SumOfSquares)
from .builder import ProofBuilder
from .matrices import Diag, vector

H = sympy.Symbol("H")


def hessian_claim(n) -> IndexedArray:
    """∇²_q H = diag(pᵢ/qᵢ²)."""
    _, j, k, _ = n.indices
    closed = sympy.MatMul(Diag(vector("p", n.K)), sympy.MatPow(Diag(vector("q", n.K)), -2), evaluate=False)
    return IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2, closed_form=closed)


def certificate(n) -> SumOfSquares:
    """Σᵢ pᵢ (vᵢ/qᵢ)²: weights pᵢ ≥ 0, squares real because qᵢ > 0."""
    i = n.indices[0]
    return SumOfSquares((SquareTerm(sympy.Integer(1), (n.p[i],), n.v[i] / n.q[i], (n.bounds(i),)),))


def ce_in_q(notation, statement, **values):
    """H(p, q) = −Σᵢ pᵢ log qᵢ is convex in q on (0, ∞)^K for fixed pᵢ ≥ 0."""
    n = notation
    i, j, _, _ = n.indices
    p, q, v = n.p, n.q, n.v
    b = ProofBuilder(n, statement, ("domain", "weights"))
    function = -Sum(p[i] * log(q[i]), n.bounds(i))
    b.add("H", Definition(H, function), "definition of cross-entropy",
          r"The cross-entropy of $q$ relative to $p$.", uses=("domain", "weights"))
    b.add("gradient-q", DerivativeEquality(of=H, function=function, order=1,
                                           result=IndexedArray((n.K,), (j,), -p[j] / q[j]), variables=q),
          "differentiation", r"$\partial (-p_i \log q_i) / \partial q_j = -\delta_{ij} p_j / q_j$.", uses=("H", "domain"))
    Hq = hessian_claim(n)
    b.add("hessian-q", DerivativeEquality(of=H, function=function, order=2, result=Hq, variables=q),
          "differentiation of the gradient", r"$\partial (-p_j/q_j) / \partial q_k = \delta_{jk} p_j / q_j^2$: a diagonal "
          r"matrix.", uses=("H", "domain"))
    form = QuadraticForm(Hq, v)
    b.add("quadratic-form", Equality(form, Sum(p[i] * v[i] ** 2 / q[i] ** 2, n.bounds(i))), "expanding the quadratic form",
          r"For any $v \in \mathbb{R}^K$ only the diagonal contributes: $\sum_i p_i v_i^2 / q_i^2$.",
          uses=("hessian-q", "domain"))
    b.add("nonnegative", NonNegative(form, certificate(n)), "sum of squares with non-negative weights",
          r"Each $p_i \geq 0$ and each $v_i / q_i$ is real because $q_i > 0$, so $v^\top \nabla^2 H\, v \geq 0$.",
          uses=("quadratic-form", "weights", "domain"))
    b.add("psd", PositiveSemidefinite(Hq, v), "definition of positive semidefinite",
          r"$\nabla^2_q H \succeq 0$ at every $q > 0$.", uses=("nonnegative",))
    b.add("convex", Cited(SECOND_ORDER_CONDITION, H, (q,)), "second-order condition",
          r"$(0, \infty)^K$ is open and convex and $\nabla^2_q H \succeq 0$ there. It is strictly convex when every "
          r"$p_i > 0$, and not otherwise: $H$ does not depend on a $q_i$ with $p_i = 0$.",
          uses=("hessian-q", "psd", "domain"))
    return b.build()
