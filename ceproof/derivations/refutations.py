"""Refuted variants: losses that are not convex, each with a certified counterexample.

Each refutation states the assumptions, defines the function, gives a Counterexample that the
engine checks by interval arithmetic (a chord above the graph, or a line along which the second
derivative is negative), and cites the definition of convexity for the conclusion.

The counterexamples in the logits move only the true-class logit z_c and keep the others at 0,
so p_c = 1/(1 + (K − 1)e^{−z_c}) is the logistic sigmoid of z_c − log(K − 1): the points are
chosen from that one-dimensional picture, for any K, and then certified by the checker (a point
that does not work makes the check fail; it is never taken on trust).
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy
from sympy import Max, Sum, exp, log, tanh

from ..api import _notation
from ..builder import ProofBuilder
from ..citations import CONVEXITY_DEFINITION
from ..claims import Assumed, Cited, Counterexample, Definition
from ..losses import Loss
from ..notation import Notation
from .cross_entropy import add_assumptions, raw_loss

DEFAULT_CLASSES = 3
"""K when --classes is not given: a counterexample needs explicit points, and three classes show
that the failure is not an artefact of the binary case (any K from 2 to 200 works)."""

L = sympy.Symbol("L")


# ---------------------------------------------------------------- shared steps

def _begin(classes, label, title: str, theorem) -> ProofBuilder:
    """A refutation in the logits: assumptions (z real, one-hot label), then S and the softmax p.

    ``theorem`` is a function of the notation that returns the statement."""
    n = _notation(DEFAULT_CLASSES if classes is None else classes, label)
    b = ProofBuilder("refute", theorem(n), n, title=title)
    add_assumptions(b)
    i, l = n.indices[0], n.indices[3]
    b.add("S", Definition(n.S, Sum(exp(n.z[l]), n.bounds(l))), "definition",
          r"$S$ is the normalizer of the softmax.", uses=("domain",))
    b.add("p", Definition(n.p[i], exp(n.z[i]) / n.S, index=i), "definition of the softmax",
          r"$p = \sigma(z)$ is the vector of class probabilities.", uses=("S",))
    return b


def _rational(value) -> sympy.Rational:
    value = Fraction(value)
    return sympy.Rational(value.numerator, value.denominator)


def _unit(n, scale) -> tuple:
    """scale · e_c in ℝ^K: the true-class logit set to ``scale``, every other logit 0."""
    return tuple(_rational(scale) if r == n.label else sympy.Integer(0) for r in range(n.classes))


CHORD = "A convex function lies on or below each of its chords; "
CURVATURE = "A convex function that is twice differentiable curves upward along every line (§3.1.4); "


def _conclude(b: ProofBuilder, statement: str, why: str) -> None:
    """The cited conclusion, from the checked counterexample and the domain it lies in; its subject
    and variables are the counterexample's, and the check confirms that they match."""
    example = next(step.claim for step in b.steps if step.key == "counterexample")
    b.add("not-convex", Cited(statement, CONVEXITY_DEFINITION, subject=example.of, variables=example.variables),
          "definition of convexity", why, uses=("counterexample", "domain"))


def _shift(classes: int) -> int:
    """An integer close to log(K − 1): where the true-class logit puts p_c near ½."""
    return round(math.log(classes - 1))


# ---------------------------------------------------------------- the refutations

def mse_softmax(classes=None, label=None):
    """‖σ(z) − y‖² is not convex in z: along z_c it equals K/(K − 1)·(1 − p_c)², which is concave
    while p_c < 1/3; the chord from z_c = −4 to z_c = 0 lies below the graph."""
    b = _begin(classes, label, "Squared error on softmax outputs is not convex in the logits",
               lambda n: rf"$L(z) = \|\sigma(z) - y\|^2 = \sum_i (p_i - y_i)^2$ is not convex in $z$ on "
                         rf"$\mathbb{{R}}^{{{n.classes}}}$.")
    n = b.notation
    i = n.indices[0]
    loss = Sum((n.p[i] - n.y[i]) ** 2, n.bounds(i))
    b.add("L", Definition(L, loss), "definition of the squared error",
          r"The squared distance between the predicted distribution and the one-hot label.", uses=("p", "label"))
    b.add("counterexample", Counterexample(
        function=loss, variables=n.entries(n.z), kind="chord", of=L,
        x1=_unit(n, -4), x2=_unit(n, 0), t=sympy.Rational(1, 2),
    ), "a chord below the graph",
        rf"Move only the true-class logit $z_{{{n.label}}}$, from $-4$ to $0$: halfway, at $-2$, the loss lies "
        r"strictly above the average of its values at the two ends.",
        uses=("L", "p", "S"))
    _conclude(b, r"$L$ is not convex in $z$.", CHORD + "$L$ lies above this one.")
    return b.build()


def focal_point(gamma: Fraction) -> Fraction:
    """Where the focal loss curves downward along z_c (for K = 2; more classes only move the point
    further into the tail). Far out, with u = e^{z_c}, ℓ'' ≈ u(1 + γ(z_c + 2)) < 0 for
    z_c < −2 − 1/γ; the expansion needs γu small, so a large γ goes further out by ⌊log γ⌋.
    A small γ puts the point at about −2/γ, where the second derivative is about e^{−2/γ} and the
    check needs about 3/γ bits: hence γ ≥ 1/10000 (ceproof.losses)."""
    return -3 - 2 / gamma - max(0, math.floor(math.log(gamma.numerator) - math.log(gamma.denominator)))


def focal(classes=None, label=None, gamma=Fraction(2)):
    """−(1 − p_c)^γ log p_c is not convex in z for any γ > 0: its second derivative along z_c is
    negative far enough out (for γ = 2 at z_c = −4)."""
    g = _rational(gamma)
    b = _begin(classes, label, "The focal loss is not convex in the logits",
               lambda n: rf"The focal loss $L(z) = -\sum_i y_i (1 - p_i)^{{{g}}} \log p_i$ with $\gamma = {g}$ "
                         rf"is not convex in $z$ on $\mathbb{{R}}^{{{n.classes}}}$.")
    n = b.notation
    i, c = n.indices[0], n.label
    loss = -Sum(n.y[i] * (1 - n.p[i]) ** g * log(n.p[i]), n.bounds(i))
    b.add("L", Definition(L, loss), "definition of the focal loss",
          r"Cross-entropy with each class down-weighted by $(1 - p_i)^\gamma$; for the one-hot label it is "
          rf"$-(1 - p_{{{c}}})^\gamma \log p_{{{c}}}$.", uses=("p", "label"))
    point = _rational(focal_point(Fraction(gamma)))
    b.add("counterexample", Counterexample(
        function=loss, variables=n.entries(n.z), kind="curvature", of=L,
        point=_unit(n, point), direction=_unit(n, 1),
    ), "negative curvature along a line",
        rf"Along the true-class logit $z_{{{c}}}$ at $z_{{{c}}} = {point}$ (the other logits 0), where $p_{{{c}}}$ "
        r"is small, the loss curves downward: its second derivative there is negative.",
        uses=("L", "p", "S"))
    _conclude(b, r"$L$ is not convex in $z$.", CURVATURE + rf"$L$ curves downward along $z_{{{c}}}$.")
    return b.build()


def negated(classes=None, label=None):
    """−L = log p_c, what maximizing cross-entropy minimizes, curves downward along z_c at z = 0."""
    b = _begin(classes, label, "Negated cross-entropy is not convex in the logits",
               lambda n: rf"$G(z) = -L(z) = \sum_i y_i \log \sigma_i(z)$, the negated cross-entropy, is not "
                         rf"convex in $z$ on $\mathbb{{R}}^{{{n.classes}}}$.")
    n = b.notation
    c = n.label
    G = sympy.Symbol("G")
    b.add("L", Definition(L, raw_loss(n)), "definition of cross-entropy",
          r"The loss of the prediction $p$ against the label $y$.", uses=("p", "label"))
    b.add("G", Definition(G, -L), "negation", r"Maximizing $L$ is minimizing $G = -L$.", uses=("L",))
    b.add("counterexample", Counterexample(
        function=-L, variables=n.entries(n.z), kind="curvature", of=G,
        point=_unit(n, 0), direction=_unit(n, 1),
    ), "negative curvature along a line",
        rf"At $z = 0$, along the true-class logit $z_{{{c}}}$: $G = \log p_{{{c}}}$ has the second "
        rf"derivative $-p_{{{c}}}(1 - p_{{{c}}})$, negative.",
        uses=("G", "L", "p", "S"))
    _conclude(b, r"$G = -L$ is not convex in $z$.",
              CURVATURE + rf"$G$ curves downward along $z_{{{c}}}$, so maximizing cross-entropy is not a convex problem.")
    return b.build()


def softmax_prob(classes=None, label=None):
    """p_c(z) is a sigmoid in z_c, concave where p_c > ½: a chord there lies below it."""
    b = _begin(classes, label, "A softmax probability is not convex in the logits",
               lambda n: rf"The predicted probability of the true class, $P(z) = \sigma_{{{n.label}}}(z)$, is not "
                         rf"convex in $z$ on $\mathbb{{R}}^{{{n.classes}}}$.")
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
    _conclude(b, rf"$P = p_{{{c}}}$ is not convex in $z$.", CHORD + "$P$ lies above this one.")
    return b.build()


ACTIVATIONS = {
    "relu": (lambda x: Max(0, x), r"\max(0, b)", "ReLU"),
    "tanh": (tanh, r"\tanh b", "tanh"),
    "identity": (lambda x: x, "b", "linear"),
}


def two_layer(activation="relu"):
    """Cross-entropy of a network with one hidden unit, in its two weights (a, b): the logit is
    s = a·h(b·x) with x = 1; at (1, 1), (−1, −1) and their midpoint (0, 0) the loss is above the chord."""
    act, written, unit = ACTIVATIONS[activation]
    a, w = sympy.symbols("a b", real=True)
    s = sympy.Symbol("s")
    b = ProofBuilder("refute", rf"The cross-entropy $L = \log(1 + e^{{-s}})$ of a network with one hidden {unit} "
                     rf"unit, $s = a\,{written}$, is not convex in its weights $(a, b)$.", Notation(2, 0),
                     title="Cross-entropy is not convex in the weights of a two-layer network")
    b.assume("domain", r"The weights $(a, b) \in \mathbb{R}^2$ are real: $b$ of the hidden layer, $a$ of the output layer.",
             Assumed("weights real"))
    b.assume("label", r"One training example: the input $x = 1$ with the label $y = 1$ (two classes, logits $(s, 0)$).",
             Assumed("one example"))
    b.add("s", Definition(s, a * act(w)), "the network",
          rf"The hidden unit computes ${written}$ from the input $x = 1$; the output weight $a$ scales it into "
          r"the logit $s$.", uses=("domain",))
    loss = log(1 + exp(-s))
    b.add("L", Definition(L, loss), "definition of cross-entropy",
          r"Binary cross-entropy for the label $y = 1$: $-\log \sigma(s) = \log(1 + e^{-s})$, the softmax "
          r"cross-entropy of the logits $(s, 0)$.", uses=("s", "label"))
    b.add("counterexample", Counterexample(
        function=loss, variables=(a, w), kind="chord", of=L,
        x1=(sympy.Integer(1), sympy.Integer(1)), x2=(sympy.Integer(-1), sympy.Integer(-1)), t=sympy.Rational(1, 2),
    ), "a chord below the graph",
        r"At $(a, b) = (1, 1)$ and $(-1, -1)$ the example is classified correctly; at their midpoint $(0, 0)$ "
        r"the logit is $s = 0$ and the loss, $\log 2$, is above the average of the two ends.",
        uses=("L", "s"))
    _conclude(b, r"$L$ is not convex in the weights $(a, b)$.",
              CHORD + r"$L$ lies above this one. The loss is convex in $s$, but $s$ is not affine in $(a, b)$.")
    return b.build()


LOSSES = (
    Loss("mse-softmax", "logits $z$", "not convex",
         r"$\|\sigma(z) - y\|^2$ is not convex in $z$: a chord along $z_c$ lies below it.",
         ("classes", "label"), "ceproof.derivations.refutations:mse_softmax"),
    Loss("focal", "logits $z$", "not convex",
         r"The focal loss $-(1 - p_c)^\gamma \log p_c$, $\gamma > 0$, curves downward along $z_c$.",
         ("classes", "label", "gamma"), "ceproof.derivations.refutations:focal"),
    Loss("two-layer", "weights $(a, b)$", "not convex",
         r"Cross-entropy of a network with one hidden layer (ReLU, tanh or identity) is not convex in its weights.",
         ("activation",), "ceproof.derivations.refutations:two_layer"),
    Loss("negated", "logits $z$", "not convex",
         r"$-L = \sum_i y_i \log \sigma_i(z)$ (maximizing cross-entropy) curves downward along $z_c$.",
         ("classes", "label"), "ceproof.derivations.refutations:negated"),
    Loss("softmax-prob", "logits $z$", "not convex",
         r"The softmax probability $p_c = \sigma_c(z)$ is not convex in $z$: a chord lies below it.",
         ("classes", "label"), "ceproof.derivations.refutations:softmax_prob"),
)
