"""Cross-entropy in the predicted distribution: H(p, q) = −Σᵢ pᵢ log qᵢ is convex in q > 0.

Here p is fixed (pᵢ ≥ 0, any weights) and q is the variable, not the logits: the Hessian in q,
recomputed with sympy.diff, is diag(pᵢ/qᵢ²), and vᵀ∇²H v = Σᵢ pᵢ (vᵢ/qᵢ)² is a sum of squares
whose weights pᵢ are only ≥ 0 (so H is convex, strictly so only when every pᵢ > 0). The proof is
explicit in q0 … q{K−1} for a given K, and in index notation for every K.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy
from sympy import KroneckerDelta, Sum, log

from ..arrays import Diag, IndexedArray, QuadraticForm
from ..builder import ProofBuilder
from ..citations import SECOND_ORDER_CONDITION
from ..claims import (Assumed, Cited, Definition, DerivativeEquality, Equality, NonNegative, PositiveSemidefinite,
                      Positivity, SquareTerm, SumOfSquares)
from ..losses import Loss
from ..notation import Notation

H = sympy.Symbol("H")


@dataclass(frozen=True)
class DistributionNotation(Notation):
    """Notation with the predicted distribution q (q0 … for an explicit K) as the variable; p is
    fixed data. Neither is declared positive: q > 0 and p ≥ 0 are assumptions of the proof."""

    @cached_property
    def q(self) -> sympy.IndexedBase:
        return sympy.IndexedBase("q", real=True)

    @property
    def data(self) -> tuple:
        return (self.p,)

    @cached_property
    def symbols(self) -> dict:
        if not self.is_explicit:
            return {}
        found = dict(Notation.symbols.func(self))
        found[self.q] = tuple(sympy.Symbol(f"q{r}", real=True) for r in range(self.classes))
        return found


def hessian_claim(n: DistributionNotation) -> IndexedArray:
    """∇²_q H = diag(pᵢ/qᵢ²)."""
    _, j, k, _ = n.indices
    P, Q = sympy.MatrixSymbol("p", n.K, 1), sympy.MatrixSymbol("q", n.K, 1)
    closed = sympy.MatMul(Diag(P), sympy.MatPow(Diag(Q), -2), evaluate=False)
    return IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2, closed_form=closed)


def certificate(n: DistributionNotation) -> SumOfSquares:
    """Σᵢ pᵢ (vᵢ/qᵢ)²: weights pᵢ ≥ 0, squares real because qᵢ > 0."""
    i = n.indices[0]
    return SumOfSquares((SquareTerm(sympy.Integer(1), (n.p[i],), n.v[i] / n.q[i], (n.bounds(i),)),))


def ce_in_q(classes=None):
    """H(p, q) = −Σᵢ pᵢ log qᵢ is convex in q on (0, ∞)^K for fixed pᵢ ≥ 0."""
    if classes is None:
        n = DistributionNotation(None, None)
    else:
        from ..api import _notation

        n = DistributionNotation(_notation(classes, None).classes, None)
    i, j, _, _ = n.indices
    p, q, v = n.p, n.q, n.v
    scope = rf"$(0, \infty)^{{{n.classes}}}$" if n.is_explicit else r"$(0, \infty)^K$ for every $K$"
    b = ProofBuilder("prove", r"The cross-entropy $H(p, q) = -\sum_i p_i \log q_i$ of a prediction $q$ against fixed "
                     rf"weights $p_i \geq 0$ is convex in $q$ on {scope}.", n,
                     title="Cross-entropy is convex in the predicted distribution")
    if n.is_explicit:
        b.assume("domain", rf"$q \in (0, \infty)^{{{n.classes}}}$: every $q_i > 0$ ($q$ need not sum to 1).",
                 Assumed("q positive", (Positivity((q[i],), index=i),)))
    else:
        b.assume("domain", r"$K \geq 1$; $q \in (0, \infty)^K$: every $q_i > 0$ ($q$ need not sum to 1); the indices "
                 r"$i, j, k, l$ range over $0, \dots, K - 1$.", Assumed("q positive", (Positivity((q[i],), index=i),)))
    b.assume("weights", r"$p_i \geq 0$ for every $i$, held fixed: a target distribution, or any non-negative weights.",
             Assumed("p nonnegative", (Positivity((p[i],), index=i, strict=False),)))
    b.add("H", Definition(H, -Sum(p[i] * log(q[i]), n.bounds(i))), "definition of cross-entropy",
          r"The cross-entropy of $q$ relative to $p$.", uses=("domain", "weights"))
    b.add("gradient-q", DerivativeEquality(of=H, function=-Sum(p[i] * log(q[i]), n.bounds(i)), order=1,
                                           result=IndexedArray((n.K,), (j,), -p[j] / q[j]), variables=q),
          "differentiation", r"$\partial (-p_i \log q_i) / \partial q_j = -\delta_{ij} p_j / q_j$.", uses=("H",))
    Hq = hessian_claim(n)
    b.add("hessian-q", DerivativeEquality(of=H, function=-Sum(p[i] * log(q[i]), n.bounds(i)), order=2, result=Hq,
                                          variables=q),
          "differentiation of the gradient", r"$\partial (-p_j/q_j) / \partial q_k = \delta_{jk} p_j / q_j^2$: a diagonal "
          r"matrix.", uses=("H",))
    form = QuadraticForm(Hq, v)
    b.add("quadratic-form", Equality(form, Sum(p[i] * v[i] ** 2 / q[i] ** 2, n.bounds(i))), "expanding the quadratic form",
          r"For any $v \in \mathbb{R}^K$ only the diagonal contributes: $\sum_i p_i v_i^2 / q_i^2$.", uses=("hessian-q",))
    b.add("nonnegative", NonNegative(form, certificate(n)), "sum of squares with non-negative weights",
          r"Each $p_i \geq 0$ and each $v_i / q_i$ is real because $q_i > 0$, so $v^\top \nabla^2 H\, v \geq 0$.",
          uses=("quadratic-form", "weights", "domain"))
    b.add("psd", PositiveSemidefinite(Hq, v), "definition of positive semidefinite",
          r"$\nabla^2_q H \succeq 0$ at every $q > 0$.", uses=("nonnegative",))
    b.add("convex", Cited(r"$H$ is convex in $q$ on the positive orthant.", SECOND_ORDER_CONDITION, subject=H,
                          variables=(q,)),
          "second-order condition", r"$(0, \infty)^K$ is open and convex and $\nabla^2_q H \succeq 0$ there. It is "
          r"strictly convex when every $p_i > 0$, and not otherwise: $H$ does not depend on a $q_i$ with $p_i = 0$.",
          uses=("hessian-q", "psd", "domain"))
    return b.build()


LOSSES = (
    Loss("ce-in-q", "prediction $q > 0$", "convex",
         r"$-\sum_i p_i \log q_i$ for fixed $p_i \geq 0$ is convex in $q$: Hessian $\operatorname{diag}(p_i / q_i^2)$.",
         ("classes",), "ceproof.derivations.predicted:ce_in_q"),
)
