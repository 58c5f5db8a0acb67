"""The canonical statement of every loss of the family: the function written out in its variables,
the premises and the properties — exactly what its proof must establish and what a certificate that
names the loss must carry. Each function takes the loss's parameter values and returns
``(notation, statement)``; no recipe is imported here.
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from sympy import Abs, KroneckerDelta, Max, Sum, exp, log, tanh

from ..kernel.arrays import AffineSet, IndexedArray
from ..kernel.claims import Definition
from ..kernel.notation import Notation
from ..kernel.premises import (NonnegativeData, OneHotLabel, PositiveOrthant, RealData, RealSpace, SimplexLabel,
                               UnitInterval)
from ..kernel.statement import (Convex, ConvexMean, Derivative, EqualTo, NotConvex, NotStrictlyConvex, Statement,
                                StrictlyConvex)

L, F, G, P, H = sympy.symbols("L F G P H")
ELL = sympy.Symbol("ell")
S_LOGIT = sympy.Symbol("s", real=True)
"""The logit of the logistic loss."""
Y0 = sympy.Symbol("y0", real=True)
"""The logistic loss's label: the first entry of the K = 2 label (y0, 1 − y0)."""
A, C = sympy.symbols("alpha beta", real=True)
"""The two weights of the two-layer network: the output weight α and the hidden weight β."""

ACTIVATIONS = {"relu": lambda x: Max(0, x), "tanh": tanh, "identity": lambda x: x}
"""The hidden unit's activation, by name."""


def rational(value) -> sympy.Rational:
    """A parameter (a Fraction, an int, or a SymPy number) as an exact SymPy rational."""
    value = Fraction(value) if not isinstance(value, sympy.Basic) else Fraction(int(value.p), int(value.q))
    return sympy.Rational(value.numerator, value.denominator)


# ---------------------------------------------------------------- written-out pieces

def softmax(n: Notation, i, temperature=None) -> sympy.Expr:
    """σᵢ(z) (or σᵢ(z/τ)) written out: e^{zᵢ} / Σₗ e^{zₗ}."""
    l = n.indices[3]
    scale = 1 if temperature is None else 1 / temperature
    return exp(n.z[i] * scale) / Sum(exp(n.z[l] * scale), n.bounds(l))


def cross_entropy_of(n: Notation, label, probability) -> sympy.Expr:
    """−Σᵢ labelᵢ log probabilityᵢ, for functions ``label(i)`` and ``probability(i)``."""
    i = n.indices[0]
    return -Sum(label(i) * log(probability(i)), n.bounds(i))


def _ce(n: Notation, temperature=None) -> sympy.Expr:
    return cross_entropy_of(n, lambda i: n.y[i], lambda i: softmax(n, i, temperature))


def _label_premise(n: Notation):
    """y = e_c for an explicit K (the notation's one-hot label), else any label on the simplex."""
    return OneHotLabel(n.y, n.label) if n.label is not None else SimplexLabel(n.y)


def _in_logits(n: Notation, name, function, premises: tuple, properties: tuple, where: tuple = ()) -> tuple:
    return n, Statement(name, function, (n.z,), (RealSpace(n.z), *premises), properties, where)


def _not_strictly(n: Notation) -> tuple:
    return (Convex((n.z,)), NotStrictlyConvex((n.z,)))


def _notation(classes, label=None, one_hot="y") -> Notation:
    return Notation(classes, label, None, one_hot)


# ---------------------------------------------------------------- the derivation and the loss family

def derivation(classes=None, label=None) -> tuple:
    """∂pᵢ/∂zⱼ = pᵢ(δᵢⱼ − pⱼ), ∇L = p − y and ∇²L = diag(p) − ppᵀ, with p = σ(z)."""
    n = _notation(classes, label)
    i, j, k, l = n.indices
    p, S = n.p, n.S
    where = (Definition(S, Sum(exp(n.z[l]), n.bounds(l))), Definition(p[i], exp(n.z[i]) / S, index=i))
    properties = (
        Derivative(p, 1, IndexedArray((n.K, n.K), (i, j), p[i] * (KroneckerDelta(i, j) - p[j]))),
        Derivative(L, 1, IndexedArray((n.K,), (j,), p[j] - n.y[j])),
        Derivative(L, 2, IndexedArray((n.K, n.K), (j, k), p[j] * (KroneckerDelta(j, k) - p[k]))),
    )
    return _in_logits(n, L, _ce(n), (_label_premise(n),), properties, where)


def cross_entropy(classes=None, label=None) -> tuple:
    n = _notation(classes, label)
    return _in_logits(n, L, _ce(n), (_label_premise(n),), _not_strictly(n))


def soft_labels(classes=None) -> tuple:
    n = _notation(classes)
    return _in_logits(n, L, _ce(n), (NonnegativeData(n.y),), _not_strictly(n))


def label_smoothing(classes=None, label=None, epsilon=Fraction(1, 10)) -> tuple:
    n = _notation(classes, label, one_hot="e")
    eps = rational(epsilon)
    smoothed = cross_entropy_of(n, lambda i: (1 - eps) * n.e[i] + eps / n.K, lambda i: softmax(n, i))
    premise = OneHotLabel(n.e, n.label) if n.label is not None else SimplexLabel(n.e)
    return _in_logits(n, L, smoothed, (premise,), _not_strictly(n))


def weighted(classes=None, label=None, weight=Fraction(2)) -> tuple:
    n = _notation(classes, label)
    return _in_logits(n, L, rational(weight) * _ce(n), (_label_premise(n),), _not_strictly(n))


def temperature(classes=None, label=None, temperature=Fraction(2)) -> tuple:
    n = _notation(classes, label)
    return _in_logits(n, L, _ce(n, rational(temperature)), (_label_premise(n),), _not_strictly(n))


def listnet(classes=None) -> tuple:
    n = _notation(classes)
    l = n.indices[3]
    target = lambda i: exp(n.g[i]) / Sum(exp(n.g[l]), n.bounds(l))  # noqa: E731 - σᵢ(g)
    return _in_logits(n, L, cross_entropy_of(n, target, lambda i: softmax(n, i)), (RealData(n.g),), _not_strictly(n))


def centered(classes=None, label=None) -> tuple:
    n = _notation(classes, label)
    ones = IndexedArray((n.K,), (n.indices[1],), sympy.Integer(1))
    strict = StrictlyConvex((n.z,), AffineSet(ones, sympy.Integer(0)))
    return _in_logits(n, L, _ce(n), (_label_premise(n),), (*_not_strictly(n), strict))


def logistic() -> tuple:
    """ℓ(s) = −y₀ log σ(s) − (1 − y₀) log(1 − σ(s)), σ(s) = e^s/(e^s + 1): the K = 2 softmax at z = (s, 0)."""
    n = Notation(2)
    sigma = exp(S_LOGIT) / (exp(S_LOGIT) + 1)
    function = -Y0 * log(sigma) - (1 - Y0) * log(1 - sigma)
    return n, Statement(ELL, function, (S_LOGIT,), (RealSpace(S_LOGIT), UnitInterval(Y0)),
                        (StrictlyConvex((S_LOGIT,)), EqualTo(logistic_as_softmax())))


def logistic_as_softmax() -> sympy.Expr:
    """−Σᵢ ȳᵢ log(e^{zᵢ}/Σⱼ e^{zⱼ}) at z = (s, 0), ȳ = (y₀, 1 − y₀), written out (e⁰ = 1)."""
    z = (S_LOGIT, sympy.Integer(0))
    total = sympy.Add(*(exp(zi) for zi in z))
    return -sympy.Add(*(yi * log(exp(zi) / total) for yi, zi in zip((Y0, 1 - Y0), z)))


def ce_in_q(classes=None) -> tuple:
    n = _notation(classes)
    i = n.indices[0]
    function = -Sum(n.p[i] * log(n.q[i]), n.bounds(i))
    return n, Statement(H, function, (n.q,), (PositiveOrthant(n.q), NonnegativeData(n.p)), (Convex((n.q,)),))


def linear_notation(classes, features) -> Notation:
    return Notation(classes, None, features if classes is not None else None)


def logits(n: Notation, i) -> sympy.Expr:
    """zᵢ = Σₘ Wᵢₘ xₘ + bᵢ: a Σ for every d, written out for an explicit d."""
    if n.features is not None:
        return sympy.Add(*(n.W[i, r] * n.x[r] for r in range(n.features))) + n.b[i]
    return Sum(n.W[i, n.m] * n.x[n.m], (n.m, 0, n.d - 1)) + n.b[i]


def linear_loss(n: Notation) -> sympy.Expr:
    """−Σᵢ yᵢ log σᵢ(W x + b), written out in W, b, x and y."""
    l = n.indices[3]

    def probability(i):
        return exp(logits(n, i)) / Sum(exp(logits(n, l)), n.bounds(l))

    return cross_entropy_of(n, lambda i: n.y[i], probability)


def _linear(n: Notation, name, function, properties: tuple) -> tuple:
    premises = (RealSpace(n.W), RealSpace(n.b), RealData(n.x), SimplexLabel(n.y))
    return n, Statement(name, function, (n.W, n.b), premises, properties)


def linear(classes=None, features=None) -> tuple:
    n = linear_notation(classes, features)
    return _linear(n, L, linear_loss(n), (Convex((n.W, n.b)), ConvexMean((n.W, n.b))))


def linear_l2(classes=None, features=None, lam=Fraction(1, 10)) -> tuple:
    n = linear_notation(classes, features)
    j, m = n.indices[1], n.m
    penalty = rational(lam) / 2 * Sum(Sum(n.W[j, m] ** 2, (m, 0, n.d - 1)), n.bounds(j))
    return _linear(n, F, linear_loss(n) + penalty, (Convex((n.W, n.b)), StrictlyConvex((n.W,))))


def linear_l1(classes=None, features=None, lam=Fraction(1, 10)) -> tuple:
    n = linear_notation(classes, features)
    j, m = n.indices[1], n.m
    penalty = Sum(Sum(Abs(n.W[j, m]), (m, 0, n.d - 1)), n.bounds(j))
    return _linear(n, F, linear_loss(n) + rational(lam) * penalty, (Convex((n.W, n.b)),))


def _refuted(n: Notation, name, function) -> tuple:
    return _in_logits(n, name, function, (OneHotLabel(n.y, n.label),), (NotConvex((n.z,)),))


def mse_softmax(classes=3, label=0) -> tuple:
    n = _notation(classes, label)
    i = n.indices[0]
    return _refuted(n, L, Sum((softmax(n, i) - n.y[i]) ** 2, n.bounds(i)))


def focal(classes=3, label=0, gamma=Fraction(2)) -> tuple:
    n = _notation(classes, label)
    g = rational(gamma)
    return _refuted(n, L, cross_entropy_of(n, lambda i: n.y[i] * (1 - softmax(n, i)) ** g, lambda i: softmax(n, i)))


def negated(classes=3, label=0) -> tuple:
    n = _notation(classes, label)
    return _refuted(n, G, -_ce(n))


def softmax_prob(classes=3, label=0) -> tuple:
    n = _notation(classes, label)
    return _refuted(n, P, softmax(n, n.label))


def two_layer(activation="relu") -> tuple:
    """log(1 + e^{−s}) with s = α·h(β): one example, input 1 and label 1, in the weights (α, β)."""
    n = Notation(2)
    s = A * ACTIVATIONS[activation](C)
    return n, Statement(L, log(1 + exp(-s)), (A, C), (RealSpace(A), RealSpace(C)), (NotConvex((A, C)),))
