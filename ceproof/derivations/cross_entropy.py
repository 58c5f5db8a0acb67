"""Cross-entropy of the softmax: the loss, its log-sum-exp form, gradient p − y and Hessian; and
``ceproof derive``, which proves these three derivatives."""

from __future__ import annotations

import sympy
from sympy import Sum, log

from ..kernel.arrays import IndexedArray
from ..kernel.checks.common import by_template
from ..kernel.claims import Constraint, Definition, DerivativeEquality, Equality
from .builder import ProofBuilder
from .matrices import difference_form
from .matrices import scaled_hessian
from .softmax import add_softmax

L = sympy.Symbol("L")


def raw_loss(n) -> sympy.Expr:
    """L = −Σᵢ yᵢ log pᵢ."""
    i = n.indices[0]
    return -Sum(n.y[i] * log(n.p[i]), n.bounds(i))


def logsumexp_loss(n) -> sympy.Expr:
    """L = log S − Σᵢ yᵢ zᵢ."""
    i = n.indices[0]
    return log(n.S) - Sum(n.y[i] * n.z[i], n.bounds(i))


def hessian_claim(n) -> IndexedArray:
    """The claimed Hessian ∇²L = diag(p) − ppᵀ, entries p_j(δ_jk − p_k) (a diagonal entry reads p_j(1 − p_j))."""
    return scaled_hessian(n)


def add_cross_entropy(b: ProofBuilder) -> None:
    """Steps ``L``, ``logsumexp``, ``gradient``, ``hessian`` (after the softmax steps)."""
    n = b.notation
    _, j, _, _ = n.indices
    p, y, S = n.p, n.y, n.S
    b.add("L", Definition(L, raw_loss(n)), "definition of cross-entropy",
          r"The loss of the prediction $p$ against the label $y$.", uses=("p", "positive", "label"))
    i = n.indices[0]
    b.add("logsumexp", Equality(raw_loss(n), logsumexp_loss(n), (Constraint(log(S), Sum(y[i], n.bounds(i)) - 1),)),
          "log of a quotient",
          r"$\log p_i = z_i - \log S$, and $\sum_i y_i \log S = \log S$ since $\sum_i y_i = 1$.",
          uses=("p", "positive", "label"))
    entrywise = n.is_explicit and not by_template(n)  # small K: every entry differentiated and compared
    function = raw_loss(n) if entrywise else logsumexp_loss(n)
    source = ("p", "S", "L") if entrywise else ("p", "S", "L", "logsumexp")
    b.add("gradient", DerivativeEquality(
        of=L, function=function, order=1,
        result=IndexedArray((n.K,), (j,), p[j] - y[j], closed_form=difference_form(n)),
    ), "differentiation", r"$\partial \log S / \partial z_j = e^{z_j}/S = p_j$ and $\partial (\sum_i y_i z_i) / "
       r"\partial z_j = y_j$.", uses=source)
    b.add("hessian", DerivativeEquality(of=L, function=function, order=2, result=hessian_claim(n)),
          "differentiation of the gradient",
          r"$\partial (p_j - y_j)/\partial z_k$ is the softmax Jacobian entry; $y$ is constant, so the Hessian does "
          r"not depend on $y$.", uses=source)


def derivation(notation, statement):
    """The softmax Jacobian, the cross-entropy gradient p − y and Hessian diag(p) − ppᵀ."""
    b = ProofBuilder(notation, statement, ("domain", "label"))
    add_softmax(b)
    add_cross_entropy(b)
    return b.build()
