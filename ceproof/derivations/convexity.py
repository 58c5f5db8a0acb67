"""Convexity of cross-entropy in the logits: vᵀHv as a weighted sum of squares, then the caveat."""

from __future__ import annotations

import sympy
from sympy import Sum, exp, log

from ..kernel.arrays import IndexedArray, QuadraticForm, RowSums
from ..kernel.citations import SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION
from ..kernel.checks.common import by_template
from ..kernel.claims import Cited, Constraint, Equality, NonNegative, PositiveSemidefinite, SquareTerm, SumOfSquares
from .builder import ProofBuilder
from .cross_entropy import L, add_cross_entropy, hessian_claim
from .softmax import add_softmax


def sum_of_squares(n, scale=1) -> SumOfSquares:
    """Σ_{i<j} c·pᵢpⱼ(vᵢ − vⱼ)² for a small explicit K (checked entry by entry), ½ Σᵢ Σⱼ c·pᵢpⱼ(vᵢ − vⱼ)²
    otherwise (checked once by the rewrite rules), c = ``scale``.

    The constraint term c·(1 − Σⱼ pⱼ)·Σᵢ pᵢvᵢ² is what makes this an identity, so that the
    check is a plain polynomial identity with no substitution of Σ p = 1.
    """
    i, j, _, _ = n.indices
    p, v = n.p, n.v
    weights = (scale, p[i], p[j]) if scale != 1 else (p[i], p[j])
    if n.is_explicit and not by_template(n):
        term = SquareTerm(sympy.Integer(1), weights, v[i] - v[j], ((j, i + 1, n.K - 1), n.bounds(i)))
    else:
        term = SquareTerm(sympy.Rational(1, 2), weights, v[i] - v[j], (n.bounds(j), n.bounds(i)))
    multiplier = scale * Sum(p[i] * v[i] ** 2, n.bounds(i))
    return SumOfSquares((term,), (Constraint(multiplier, 1 - Sum(p[i], n.bounds(i))),))


def add_convexity(b: ProofBuilder) -> None:
    """Steps ``quadratic-form`` … ``not-strict`` (after the Hessian)."""
    n = b.notation
    i, j, k, l = n.indices
    p, v, y, z = n.p, n.v, n.y, n.z
    H = hessian_claim(n)
    form = QuadraticForm(H, v)
    b.add("quadratic-form", Equality(form, Sum(p[i] * v[i] ** 2, n.bounds(i)) - Sum(p[i] * v[i], n.bounds(i)) ** 2),
          "expanding the quadratic form", r"For any $v \in \mathbb{R}^K$: $v^\top \operatorname{diag}(p)\, v = "
          r"\sum_i p_i v_i^2$ and $v^\top p p^\top v = (\sum_i p_i v_i)^2$.", uses=("hessian",))
    certificate = sum_of_squares(n)
    b.add("sum-of-squares", Equality(form, SumOfSquares(certificate.terms), certificate.constraints),
          "variance identity",
          r"With $\sum_j p_j = 1$, the difference $\sum_i p_i v_i^2 - (\sum_i p_i v_i)^2$ "
          r"equals $\tfrac12 \sum_i \sum_j p_i p_j (v_i - v_j)^2$: the variance of $v$ under $p$.",
          uses=("quadratic-form", "sum-p"))
    b.add("nonnegative", NonNegative(form, certificate), "sum of squares with positive weights",
          r"Each $p_i p_j > 0$ and each $(v_i - v_j)^2 \geq 0$, so $v^\top H v \geq 0$ for every $v$ and every $z$.",
          uses=("sum-of-squares", "positive", "sum-p"))
    b.add("psd", PositiveSemidefinite(H, v), "definition of positive semidefinite",
          r"$v^\top H v \geq 0$ for every $v \in \mathbb{R}^K$, so $H \succeq 0$ at every $z$.", uses=("nonnegative",))
    b.add("convex", Cited(SECOND_ORDER_CONDITION, L, (z,)), "second-order condition",
          r"$\mathbb{R}^K$ is open and convex, $L$ is twice differentiable (its Hessian is computed above) "
          r"and $\nabla^2 L \succeq 0$ everywhere.", uses=("hessian", "psd", "domain"))
    zero_vector = IndexedArray((n.K,), (j,), sympy.Integer(0))
    b.add("kernel", Equality(RowSums(H), zero_vector,
                             (Constraint(IndexedArray((n.K,), (j,), p[j]), 1 - Sum(p[i], n.bounds(i))),)),
          "row sums of the Hessian", r"$(H \mathbf{1})_j = p_j - p_j \sum_k p_k = 0$: the direction $\mathbf{1}$ is "
          r"in the kernel of $H$.", uses=("hessian", "sum-p"))
    loss = log(Sum(exp(z[l]), n.bounds(l))) - Sum(y[i] * z[i], n.bounds(i))
    shifted = loss.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == z, lambda e: e + n.t)
    b.add("shift", Equality(shifted, loss, (Constraint(n.t, 1 - Sum(y[i], n.bounds(i))),)), "shift invariance",
          r"$\sum_j e^{z_j + t} = e^t S$ and $\sum_i y_i (z_i + t) = \sum_i y_i z_i + t$, so "
          r"$L(z + t \mathbf{1}) = L(z)$ for every $t$.", uses=("logsumexp", "label"))
    b.add("not-strict", Cited(STRICT_CONVEXITY_DEFINITION, L, (z,)), "definition of strict convexity",
          r"Strict convexity would need $L(z + \tfrac12 \mathbf{1}) < \tfrac12 L(z) + \tfrac12 L(z + \mathbf{1})$, "
          r"but both sides are equal.", uses=("shift", "L"))


def cross_entropy(notation, statement, **values):
    """Softmax cross-entropy is convex in the logits, and not strictly."""
    b = ProofBuilder(notation, statement, ("domain", "label"))
    add_softmax(b)
    add_cross_entropy(b)
    add_convexity(b)
    return b.build()
