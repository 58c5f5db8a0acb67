"""Binary logistic loss: strictly convex in the logit s, and the K = 2 softmax case at z = (s, 0).

The sigmoid is written as the softmax of z = (s, 0): S = e^s + e^0 and σ = e^s/S. Then
ℓ = −y log σ − (1 − y) log(1 − σ) is differentiated twice in s with sympy.diff (through S, whose
definition gives ∂S/∂s = e^s); the result σ(1 − σ) is positive for every real s, so ℓ is
strictly convex (cited: the second-order condition for strict convexity). The identities
σ = 1/(1 + e^{−s}) and ℓ = softmax cross-entropy of (s, 0) with the label (y, 1 − y) are
checked with every definition written out, logs of positive factors split and the rest
cancelled as a rational function of e^s.
"""

from __future__ import annotations

import sympy
from sympy import exp, log

from ..arrays import IndexedArray
from ..builder import ProofBuilder
from ..citations import SECOND_ORDER_STRICT
from ..claims import Assumed, Cited, Definition, DerivativeEquality, Equality, Positivity
from ..losses import Loss
from ..notation import Notation

s = sympy.Symbol("s", real=True)
y = sympy.Symbol("y", real=True)
sigma = sympy.Symbol("sigma")
ell = sympy.Symbol("ell")


def logistic_loss() -> sympy.Expr:
    """ℓ = −y log σ − (1 − y) log(1 − σ)."""
    return -y * log(sigma) - (1 - y) * log(1 - sigma)


def softmax_cross_entropy() -> sympy.Expr:
    """−Σᵢ ȳᵢ log(e^{zᵢ}/Σⱼ e^{zⱼ}) at z = (s, 0), ȳ = (y, 1 − y), written out (e^0 = 1)."""
    z = (s, sympy.Integer(0))
    total = sympy.Add(*(exp(zi) for zi in z))
    label = (y, 1 - y)
    return -sympy.Add(*(yi * log(exp(zi) / total) for yi, zi in zip(label, z)))


def hessian_claim() -> IndexedArray:
    """ℓ'' = σ(1 − σ), as a 1 × 1 Hessian."""
    j, k = sympy.symbols("j k", integer=True, nonnegative=True)
    return IndexedArray((1, 1), (j, k), sigma * (1 - sigma))


def logistic():
    """ℓ is strictly convex in s ∈ ℝ for every label y ∈ [0, 1], and equals the K = 2 softmax
    cross-entropy at z = (s, 0)."""
    n = Notation(2, None)
    S = n.S
    b = ProofBuilder("prove", r"The logistic loss $\ell(s) = -y \log \sigma(s) - (1 - y) \log(1 - \sigma(s))$ is strictly "
                     r"convex in $s \in \mathbb{R}$ for every label $y \in [0, 1]$, and it is the softmax cross-entropy "
                     r"of the logits $z = (s, 0)$ with the label $(y, 1 - y)$.", n,
                     title="The logistic loss is strictly convex")
    b.assume("domain", r"The logit $s \in \mathbb{R}$ is real.", Assumed("s real"))
    b.assume("label", r"$0 \leq y \leq 1$: the label, held fixed (the probability of class 0).",
             Assumed("label in [0, 1]", (Positivity((y, 1 - y), strict=False),)))
    b.add("S", Definition(S, exp(s) + 1), "the softmax normalizer at z = (s, 0)",
          r"$S = e^{z_0} + e^{z_1}$ with $z = (s, 0)$.", uses=("domain",))
    b.add("sigma", Definition(sigma, exp(s) / S), "the sigmoid as a softmax",
          r"$\sigma(s) = e^s/S$, the softmax probability of class 0 at $z = (s, 0)$.", uses=("S",))
    b.add("sigmoid", Equality(sigma, 1 / (1 + exp(-s))), "the familiar form",
          r"Dividing by $e^s$: $e^s/(e^s + 1) = 1/(1 + e^{-s})$.", uses=("sigma", "S"))
    b.add("positive", Positivity((S, sigma)), "exponentials are positive",
          r"$e^s > 0$, so $S > 0$ and $\sigma > 0$.", uses=("S", "sigma", "domain"))
    b.add("ell", Definition(ell, logistic_loss()), "definition of the logistic loss",
          r"Binary cross-entropy of the prediction $\sigma(s)$ against the label $y$.", uses=("sigma", "label"))
    b.add("softmax", Equality(ell, softmax_cross_entropy()), "the K = 2 softmax cross-entropy",
          r"$1 - \sigma = 1/S = e^{z_1}/S$: the logistic loss is $-\sum_i \bar{y}_i \log \sigma_i(z)$ at $z = (s, 0)$ "
          r"with $\bar{y} = (y, 1 - y)$.", uses=("ell", "sigma", "S"))
    j = sympy.Symbol("j", integer=True, nonnegative=True)
    b.add("gradient-s", DerivativeEquality(of=ell, function=logistic_loss(), order=1,
                                           result=IndexedArray((1,), (j,), sigma - y), variables=(s,)),
          "differentiation", r"$\ell'(s) = -y (1 - \sigma) + (1 - y) \sigma = \sigma - y$, since $\sigma' = \sigma (1 - \sigma)$.",
          uses=("ell", "sigma", "S"))
    b.add("hessian-s", DerivativeEquality(of=ell, function=logistic_loss(), order=2, result=hessian_claim(),
                                          variables=(s,)),
          "differentiation of the gradient", r"$\ell''(s) = \sigma'(s) = \sigma (1 - \sigma)$; $y$ drops out.",
          uses=("ell", "sigma", "S"))
    b.add("curvature", Positivity((sigma * (1 - sigma),)), "positive curvature",
          r"$\sigma (1 - \sigma) = e^s/S^2 > 0$ for every real $s$.", uses=("sigma", "S"))
    b.add("strict", Cited(r"$\ell$ is strictly convex in $s$ on $\mathbb{R}$.", SECOND_ORDER_STRICT, subject=ell,
                          variables=(s,)),
          "second-order condition for strict convexity",
          r"$\mathbb{R}$ is open and convex and $\ell'' > 0$ everywhere: the $1 \times 1$ Hessian is positive definite.",
          uses=("hessian-s", "curvature", "domain"))
    return b.build()


LOSSES = (
    Loss("logistic", "logit $s$", "strictly convex",
         r"$-y \log \sigma(s) - (1 - y) \log(1 - \sigma(s))$, $y \in [0, 1]$: $\ell'' = \sigma(1 - \sigma) > 0$; "
         r"the $K = 2$ softmax case at $z = (s, 0)$.", (), "ceproof.derivations.logistic:logistic"),
)
