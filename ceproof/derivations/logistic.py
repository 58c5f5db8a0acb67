"""Binary logistic loss: strictly convex in the logit s, and the K = 2 softmax case at z = (s, 0).

The sigmoid is written as the softmax of z = (s, 0): S = e^s + e^0 and σ = e^s/S. Then
ℓ = −y₀ log σ − (1 − y₀) log(1 − σ) is differentiated twice in s with sympy.diff (through S, whose
definition gives ∂S/∂s = e^s); the result σ(1 − σ) is positive for every real s, so ℓ is
strictly convex (cited: the second-order condition for strict convexity). The identities
σ = 1/(1 + e^{−s}) and ℓ = softmax cross-entropy of (s, 0) with the label (y₀, 1 − y₀) are
checked with every definition written out, logs of positive factors split and the rest
cancelled as a rational function of e^s.
"""

from __future__ import annotations

import sympy
from sympy import exp, log

from ..family.statements import ELL, S_LOGIT, Y0, logistic_as_softmax
from ..kernel.arrays import IndexedArray
from ..kernel.citations import SECOND_ORDER_STRICT
from ..kernel.claims import Cited, Definition, DerivativeEquality, Equality, Positivity
from .builder import ProofBuilder

s, y, ell = S_LOGIT, Y0, ELL
sigma = sympy.Symbol("sigma")


def logistic_loss() -> sympy.Expr:
    """ℓ = −y₀ log σ − (1 − y₀) log(1 − σ)."""
    return -y * log(sigma) - (1 - y) * log(1 - sigma)


def hessian_claim(n) -> IndexedArray:
    """ℓ'' = σ(1 − σ), as a 1 × 1 Hessian."""
    _, j, k, _ = n.indices
    return IndexedArray((1, 1), (j, k), sigma * (1 - sigma))


def logistic(notation, statement, **values):
    """ℓ is strictly convex in s ∈ ℝ for every label y₀ ∈ [0, 1], and equals the K = 2 softmax
    cross-entropy at z = (s, 0)."""
    n = notation
    S = n.S
    b = ProofBuilder(n, statement, ("domain", "label"))
    b.add("S", Definition(S, exp(s) + 1), "the softmax normalizer at z = (s, 0)",
          r"$S = e^{z_0} + e^{z_1}$ with $z = (s, 0)$.", uses=("domain",))
    b.add("sigma", Definition(sigma, exp(s) / S), "the sigmoid as a softmax",
          r"$\sigma(s) = e^s/S$, the softmax probability of class 0 at $z = (s, 0)$.", uses=("S",))
    b.add("sigmoid", Equality(sigma, 1 / (1 + exp(-s))), "the familiar form",
          r"Dividing by $e^s$: $e^s/(e^s + 1) = 1/(1 + e^{-s})$.", uses=("sigma", "S"))
    b.add("positive", Positivity((S, sigma)), "exponentials are positive",
          r"$e^s > 0$, so $S > 0$ and $\sigma > 0$.", uses=("S", "sigma", "domain"))
    b.add("ell", Definition(ell, logistic_loss()), "definition of the logistic loss",
          r"Binary cross-entropy of the prediction $\sigma(s)$ against the label $y_0$.", uses=("S", "sigma", "positive", "label"))
    b.add("softmax", Equality(ell, logistic_as_softmax()), "the K = 2 softmax cross-entropy",
          r"$1 - \sigma = 1/S = e^{z_1}/S$: the logistic loss is $-\sum_i \bar{y}_i \log \sigma_i(z)$ at $z = (s, 0)$ "
          r"with $\bar{y} = (y_0, 1 - y_0)$.", uses=("ell", "sigma", "S"))
    j = n.indices[1]
    b.add("gradient-s", DerivativeEquality(of=ell, function=logistic_loss(), order=1,
                                           result=IndexedArray((1,), (j,), sigma - y), variables=(s,)),
          "differentiation", r"$\ell'(s) = -y_0 (1 - \sigma) + (1 - y_0) \sigma = \sigma - y_0$, since "
          r"$\sigma' = \sigma (1 - \sigma)$.", uses=("ell", "sigma", "S"))
    b.add("hessian-s", DerivativeEquality(of=ell, function=logistic_loss(), order=2, result=hessian_claim(n),
                                          variables=(s,)),
          "differentiation of the gradient", r"$\ell''(s) = \sigma'(s) = \sigma (1 - \sigma)$; $y_0$ drops out.",
          uses=("ell", "sigma", "S"))
    b.add("curvature", Positivity((sigma * (1 - sigma),)), "positive curvature",
          r"$\sigma (1 - \sigma) = e^s/S^2 > 0$ for every real $s$.", uses=("sigma", "S"))
    b.add("strict", Cited(SECOND_ORDER_STRICT, ell, (s,)), "second-order condition for strict convexity",
          r"$\mathbb{R}$ is open and convex and $\ell'' > 0$ everywhere: the $1 \times 1$ Hessian is positive definite.",
          uses=("hessian-s", "curvature", "domain"))
    return b.build()
