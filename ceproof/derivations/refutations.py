"""Refuted variants: losses that are not convex, each with a certified counterexample.

Each refutation defines the function, gives a Counterexample that the kernel checks by interval
arithmetic (a chord above the graph, or a line along which the second derivative is negative), and
cites the definition of convexity for the conclusion.

The counterexamples in the logits move only the true-class logit z_c and keep the others at 0,
so p_c = 1/(1 + (K − 1)e^{−z_c}) is the logistic sigmoid of z_c − log(K − 1): the points are
chosen from that one-dimensional picture, for any K, and then certified by the checker (a point
that does not work makes the check fail; it is never taken on trust).
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy
from sympy import Sum, exp, log

from ..family.statements import A, ACTIVATIONS, C
from ..kernel.citations import CONVEXITY_DEFINITION
from ..kernel.claims import Cited, Counterexample, Definition, Positivity
from .builder import ProofBuilder
from .cross_entropy import L, raw_loss


def _begin(notation, statement) -> ProofBuilder:
    """A refutation in the logits: S and the softmax p."""
    n = notation
    b = ProofBuilder(n, statement, ("domain", "label"))
    i, l = n.indices[0], n.indices[3]
    b.add("S", Definition(n.S, Sum(exp(n.z[l]), n.bounds(l))), "definition",
          r"$S$ is the normalizer of the softmax.", uses=("domain",))
    b.add("p", Definition(n.p[i], exp(n.z[i]) / n.S, index=i), "definition of the softmax",
          r"$p = \sigma(z)$ is the vector of class probabilities.", uses=("S",))
    b.add("positive", Positivity((n.S, n.p[i]), index=i), "exponentials are positive",
          r"Every $e^{z_j} > 0$, so the sum $S > 0$ and each quotient $p_i > 0$.", uses=("S", "p", "domain"))
    return b


def _rational(value) -> sympy.Rational:
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def _unit(n, scale) -> tuple:
    """scale · e_c in ℝ^K: the true-class logit set to ``scale``, every other logit 0."""
    return tuple(_rational(scale) if r == n.label else sympy.Integer(0) for r in range(n.classes))


CHORD = "A convex function lies on or below each of its chords; "
CURVATURE = "A convex function that is twice differentiable curves upward along every line (§3.1.4); "


def _conclude(b: ProofBuilder, variables: tuple, why: str) -> None:
    """The cited conclusion, from the checked counterexample and the domain it lies in."""
    example = next(step.claim for step in b.steps if step.key == "counterexample")
    b.add("not-convex", Cited(CONVEXITY_DEFINITION, example.of, variables), "definition of convexity", why,
          uses=("counterexample", *(("domain", "domain-c") if len(variables) == 2 else ("domain",))))


def _shift(classes: int) -> int:
    """An integer close to log(K − 1): where the true-class logit puts p_c near ½."""
    return round(math.log(classes - 1))


def mse_softmax(notation, statement, **values):
    """‖σ(z) − y‖² is not convex in z: along z_c it equals K/(K − 1)·(1 − p_c)², which is concave
    while p_c < 1/3; the chord from z_c = −4 to z_c = 0 lies below the graph."""
    b = _begin(notation, statement)
    n = b.notation
    i = n.indices[0]
    loss = Sum((n.p[i] - n.y[i]) ** 2, n.bounds(i))
    b.add("L", Definition(L, loss), "definition of the squared error",
          r"The squared distance between the predicted distribution and the one-hot label.",
          uses=("p", "positive", "label"))
    b.add("counterexample", Counterexample(
        function=loss, variables=n.entries(n.z), kind="chord", of=L,
        x1=_unit(n, -4), x2=_unit(n, 0), t=sympy.Rational(1, 2),
    ), "a chord below the graph",
        rf"Move only the true-class logit $z_{{{n.label}}}$, from $-4$ to $0$: halfway, at $-2$, the loss lies "
        r"strictly above the average of its values at the two ends.",
        uses=("L", "p", "S"))
    _conclude(b, (n.z,), CHORD + "$L$ lies above this one.")
    return b.build()


def focal_point(gamma: Fraction) -> Fraction:
    """Where the focal loss curves downward along z_c (for K = 2; more classes only move the point
    further into the tail). Far out, with u = e^{z_c}, ℓ'' ≈ u(1 + γ(z_c + 2)) < 0 for
    z_c < −2 − 1/γ; the expansion needs γu small, so a large γ goes further out by ⌊log γ⌋.
    A small γ puts the point at about −2/γ, where the second derivative is about e^{−2/γ} and the
    check needs about 3/γ bits: hence γ ≥ 1/10000 (ceproof.family)."""
    return -3 - 2 / gamma - max(0, math.floor(math.log(gamma.numerator) - math.log(gamma.denominator)))


def focal(notation, statement, gamma, **values):
    """−(1 − p_c)^γ log p_c is not convex in z for any γ > 0: its second derivative along z_c is
    negative far enough out (for γ = 2 at z_c = −4)."""
    g = _rational(gamma)
    b = _begin(notation, statement)
    n = b.notation
    i, c = n.indices[0], n.label
    loss = -Sum(n.y[i] * (1 - n.p[i]) ** g * log(n.p[i]), n.bounds(i))
    b.add("L", Definition(L, loss), "definition of the focal loss",
          r"Cross-entropy with each class down-weighted by $(1 - p_i)^\gamma$; for the one-hot label it is "
          rf"$-(1 - p_{{{c}}})^\gamma \log p_{{{c}}}$.", uses=("S", "p", "positive", "label"))
    point = _rational(focal_point(Fraction(gamma)))
    b.add("counterexample", Counterexample(
        function=loss, variables=n.entries(n.z), kind="curvature", of=L,
        point=_unit(n, point), direction=_unit(n, 1),
    ), "negative curvature along a line",
        rf"Along the true-class logit $z_{{{c}}}$ at $z_{{{c}}} = {point}$ (the other logits 0), where $p_{{{c}}}$ "
        r"is small, the loss curves downward: its second derivative there is negative.",
        uses=("L", "p", "S"))
    _conclude(b, (n.z,), CURVATURE + rf"$L$ curves downward along $z_{{{c}}}$.")
    return b.build()


def negated(notation, statement, **values):
    """−L = log p_c, what maximizing cross-entropy minimizes, curves downward along z_c at z = 0."""
    b = _begin(notation, statement)
    n = b.notation
    c = n.label
    G = sympy.Symbol("G")
    b.add("L", Definition(L, raw_loss(n)), "definition of cross-entropy",
          r"The loss of the prediction $p$ against the label $y$.", uses=("p", "positive", "label"))
    b.add("G", Definition(G, -L), "negation", r"Maximizing $L$ is minimizing $G = -L$.", uses=("L",))
    b.add("counterexample", Counterexample(
        function=-L, variables=n.entries(n.z), kind="curvature", of=G,
        point=_unit(n, 0), direction=_unit(n, 1),
    ), "negative curvature along a line",
        rf"At $z = 0$, along the true-class logit $z_{{{c}}}$: $G = \log p_{{{c}}}$ has the second "
        rf"derivative $-p_{{{c}}}(1 - p_{{{c}}})$, negative.",
        uses=("G", "L", "p", "S"))
    _conclude(b, (n.z,), CURVATURE + rf"$G$ curves downward along $z_{{{c}}}$, so maximizing cross-entropy is not a "
                                      "convex problem.")
    return b.build()


def softmax_prob(notation, statement, **values):
    """p_c(z) is a sigmoid in z_c, concave where p_c > ½: a chord there lies below it."""
    b = _begin(notation, statement)
    n = b.notation
    c = n.label
    P = sympy.Symbol("P")
    b.add("P", Definition(P, n.p[c]), "the true-class probability",
          rf"The softmax output $p_{{{c}}}$ for the true class.", uses=("p",))
    start = _shift(n.classes)
    b.add("counterexample", Counterexample(
        function=n.p[c], variables=n.entries(n.z), kind="chord", of=P,
        x1=_unit(n, start), x2=_unit(n, start + 4), t=sympy.Rational(1, 2),
    ), "a chord below the graph",
        rf"Move only the true-class logit $z_{{{c}}}$, from ${start}$ to ${start + 4}$, where $p_{{{c}}}$ rises "
        r"from about one half towards 1: halfway it lies strictly above the chord.",
        uses=("P", "p", "S"))
    _conclude(b, (n.z,), CHORD + "$P$ lies above this one.")
    return b.build()


def two_layer(notation, statement, activation="relu", **values):
    """Cross-entropy of a network with one hidden unit, in its two weights (α, β): the logit is
    s = α·h(β·x) with x = 1; at (1, 1), (−1, −1) and their midpoint (0, 0) the loss is above the chord."""
    s = sympy.Symbol("s")
    b = ProofBuilder(notation, statement, ("domain", "domain-c"))
    b.add("s", Definition(s, A * ACTIVATIONS[activation](C)), "the network",
          r"The hidden unit computes $h(\beta)$ from the input $x = 1$; the output weight $\alpha$ scales it into the logit $s$.",
          uses=("domain", "domain-c"))
    loss = log(1 + exp(-s))
    b.add("L", Definition(L, loss), "definition of cross-entropy",
          r"Binary cross-entropy for the label $y = 1$: $-\log \sigma(s) = \log(1 + e^{-s})$, the softmax "
          r"cross-entropy of the logits $(s, 0)$.", uses=("s",))
    b.add("counterexample", Counterexample(
        function=loss, variables=(A, C), kind="chord", of=L,
        x1=(sympy.Integer(1), sympy.Integer(1)), x2=(sympy.Integer(-1), sympy.Integer(-1)), t=sympy.Rational(1, 2),
    ), "a chord below the graph",
        r"At $(\alpha, \beta) = (1, 1)$ and $(-1, -1)$ the example is classified correctly; at their midpoint $(0, 0)$ "
        r"the logit is $s = 0$ and the loss, $\log 2$, is above the average of the two ends.",
        uses=("L", "s"))
    _conclude(b, (A, C), CHORD + r"$L$ lies above this one. The loss is convex in $s$, but $s$ is not affine in $(\alpha, \beta)$.")
    return b.build()
