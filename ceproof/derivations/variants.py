"""Convex variants of cross-entropy in the logits: soft labels, label smoothing, a class weight,
temperature and the ListNet ranking loss.

Each is proved as ``prove`` proves the base loss (``convexity.py``): the Hessian is recomputed
with sympy.diff from the loss, its quadratic form is written as a weighted sum of squares, so
the Hessian is PSD and the second-order condition (cited) gives convexity; L(z + t·1) = L(z)
shows it is not strict. The Hessian of every variant is c·(diag(p) − ppᵀ) for a constant
c ≥ 0 (Σᵢ yᵢ, w or τ⁻²), so the certificate is the base one with the weight c added.

Parameters (ε, w, τ) enter as definitions ``τ := 2`` whose sign is checked from the value, and
stay symbolic in the Hessian: a derivative in z treats a symbol defined without z as a constant.
Label smoothing and ListNet construct their label y from data (the one-hot label e, relevance
grades g), check yᵢ ≥ 0 and Σᵢ yᵢ = 1, and then run the soft-label argument unchanged.
"""

from __future__ import annotations

import sympy
from sympy import Sum, exp, log

from ..kernel.arrays import AffineSet, IndexedArray, QuadraticForm
from ..kernel.citations import SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION, STRICT_ON_AFFINE_SET
from ..kernel.claims import (Cited, Constraint, Definition, DerivativeEquality, Equality, FormZeros, NonNegative,
                             PositiveDefiniteOn, PositiveSemidefinite, Positivity, SquareTerm, SumOfSquares)
from .builder import ProofBuilder
from .convexity import sum_of_squares
from .cross_entropy import L
from .matrices import difference_form, scaled_hessian, vector
from .softmax import add_softmax


# ---------------------------------------------------------------- shared pieces

def _rational(value) -> sympy.Rational:
    """A parameter (a Fraction from the family, an int, or a SymPy number) as an exact rational."""
    value = sympy.sympify(value)
    if not value.is_Rational:
        raise ValueError(f"a parameter must be an exact rational, got {value!r}")
    return value


def add_derivatives(b: ProofBuilder, function, gradient_entry, gradient_form, scale, uses: tuple) -> None:
    """Steps ``gradient`` and ``hessian`` of L (defined at step ``L``), both by sympy.diff of ``function``."""
    n = b.notation
    _, j, _, _ = n.indices
    b.add("gradient", DerivativeEquality(
        of=L, function=function, order=1,
        result=IndexedArray((n.K,), (j,), gradient_entry, closed_form=gradient_form),
    ), "differentiation", _GRADIENT_NOTE, uses=uses)
    b.add("hessian", DerivativeEquality(of=L, function=function, order=2, result=scaled_hessian(n, scale)),
          "differentiation of the gradient",
          r"$\partial p_j/\partial z_k$ is the softmax Jacobian entry and the label is constant in $z$.", uses=uses)


_GRADIENT_NOTE = (r"$\partial \log S / \partial z_j = \partial_j S / S$ and $\partial (\sum_i y_i z_i) / \partial z_j = y_j$; "
                  r"every parameter and the label are constant in $z$.")


def add_scaled_convexity(b: ProofBuilder, scale, scale_key: str, loss, shift_constraint: Constraint,
                         shift_uses: tuple) -> None:
    """Steps ``quadratic-form`` … ``not-strict`` for the Hessian c·(diag(p) − ppᵀ), c = ``scale``
    shown ≥ 0 at step ``scale_key``; ``loss`` is L(z) written in z, for the shift step."""
    n = b.notation
    i = n.indices[0]
    p, v, z = n.p, n.v, n.z
    H = scaled_hessian(n, scale)
    form = QuadraticForm(H, v)
    b.add("quadratic-form", Equality(
        form, scale * (Sum(p[i] * v[i] ** 2, n.bounds(i)) - Sum(p[i] * v[i], n.bounds(i)) ** 2),
    ), "expanding the quadratic form",
        r"For any $v \in \mathbb{R}^K$: $v^\top \operatorname{diag}(p)\, v = \sum_i p_i v_i^2$ and "
        r"$v^\top p p^\top v = (\sum_i p_i v_i)^2$.", uses=("hessian", scale_key))
    certificate = sum_of_squares(n, scale)
    b.add("sum-of-squares", Equality(form, SumOfSquares(certificate.terms), certificate.constraints), "variance identity",
          r"With $\sum_j p_j = 1$, $\sum_i p_i v_i^2 - (\sum_i p_i v_i)^2 = \tfrac12 \sum_i \sum_j p_i p_j (v_i - v_j)^2$, "
          r"the variance of $v$ under $p$, times the constant factor.", uses=("quadratic-form", "sum-p", scale_key))
    b.add("nonnegative", NonNegative(form, certificate), "sum of squares with non-negative weights",
          r"Each $p_i p_j > 0$, the constant factor is $\geq 0$ and each square is $\geq 0$, so $v^\top H v \geq 0$ "
          r"for every $v$ and every $z$.", uses=("sum-of-squares", "positive", "sum-p", scale_key))
    b.add("psd", PositiveSemidefinite(H, v), "definition of positive semidefinite",
          r"$v^\top H v \geq 0$ for every $v \in \mathbb{R}^K$, so $H \succeq 0$ at every $z$.", uses=("nonnegative",))
    b.add("convex", Cited(SECOND_ORDER_CONDITION, L, (z,)), "second-order condition",
          r"$\mathbb{R}^K$ is open and convex, $L$ is twice differentiable (its Hessian is computed above) "
          r"and $\nabla^2 L \succeq 0$ everywhere.", uses=("hessian", "psd", "domain"))
    shifted = loss.replace(lambda e: isinstance(e, sympy.Indexed) and e.base == z, lambda e: e + n.t)
    b.add("shift", Equality(shifted, loss, (shift_constraint,)), "shift invariance",
          r"Adding $t$ to every logit multiplies each $e^{z_j}$ by the same factor, and $L(z + t \mathbf{1}) = L(z)$ "
          r"for every $t$.", uses=shift_uses)
    b.add("not-strict", Cited(STRICT_CONVEXITY_DEFINITION, L, (z,)), "definition of strict convexity",
          r"Strict convexity would need $L(z + \tfrac12 \mathbf{1}) < \tfrac12 L(z) + \tfrac12 L(z + \mathbf{1})$, "
          r"but both sides are equal.", uses=("shift", "L"))


def _logsumexp_of_soft_label(n):
    """Y·log Σⱼ e^{zⱼ} − Σᵢ yᵢzᵢ, with Y = Σᵢ yᵢ (S written out)."""
    i, _, _, l = n.indices
    return _Y * log(Sum(exp(n.z[l]), n.bounds(l))) - Sum(n.y[i] * n.z[i], n.bounds(i))


_Y = sympy.Symbol("Y")


def add_soft_label_argument(b: ProofBuilder, sign_keys: tuple) -> None:
    """Steps ``Y`` … ``not-strict``: the convexity of L = −Σᵢ yᵢ log pᵢ for a label y that is data
    and ≥ 0 (shown at ``sign_keys``), of any total Y = Σᵢ yᵢ. Needs the softmax steps."""
    n = b.notation
    i, j, _, _ = n.indices
    p, y, z, S = n.p, n.y, n.z, n.S
    total = Sum(y[i], n.bounds(i))
    b.add("Y", Definition(_Y, total), "definition", r"$Y$ is the total mass of the label (not necessarily 1).")
    b.add("Y-nonnegative", Positivity((_Y,), strict=False), "a sum of non-negative terms",
          r"Every $y_i \geq 0$, so $Y = \sum_i y_i \geq 0$.", uses=("Y", *sign_keys))
    raw = -Sum(y[i] * log(p[i]), n.bounds(i))
    b.add("L", Definition(L, raw), "definition of cross-entropy with a soft label",
          r"The loss of the prediction $p$ against the label $y$.", uses=("p", "positive"))
    logsumexp = _Y * log(S) - Sum(y[i] * z[i], n.bounds(i))
    b.add("logsumexp", Equality(raw, logsumexp, (Constraint(-log(S), _Y - total),)), "log of a quotient",
          r"$\log p_i = z_i - \log S$, and $\sum_i y_i \log S = Y \log S$.", uses=("p", "positive", "Y"))
    add_derivatives(b, logsumexp, _Y * p[j] - y[j],
                    sympy.MatAdd(sympy.MatMul(_Y, vector("p", n.K)), -vector("y", n.K), evaluate=False),
                    _Y, uses=("p", "S", "L", "logsumexp", "Y"))
    add_scaled_convexity(b, _Y, "Y-nonnegative", _logsumexp_of_soft_label(n), Constraint(n.t, _Y - total),
                         ("logsumexp", "Y"))


def add_unit_mass(b: ProofBuilder, sum_key: str) -> None:
    """Steps ``unit-mass`` and ``hessian-normalized``: with Σᵢ yᵢ = 1 (step ``sum_key``), Y = 1 and the
    Hessian is diag(p) − ppᵀ, that of the one-hot loss."""
    n = b.notation
    i = n.indices[0]
    total = Sum(n.y[i], n.bounds(i))
    b.add("unit-mass", Equality(_Y, sympy.Integer(1), (Constraint(1, _Y - total), Constraint(1, total - 1))),
          "the label sums to one", r"$Y = \sum_i y_i = 1$.", uses=("Y", sum_key))
    H = scaled_hessian(n, _Y)
    one = scaled_hessian(n, 1)
    b.add("hessian-normalized", Equality(H, one, (Constraint(one, _Y - 1),)),
          "substituting Y = 1",
          r"With $Y = 1$ the Hessian is $\operatorname{diag}(p) - p p^\top$, that of the one-hot loss.",
          uses=("hessian", "unit-mass"))


# ---------------------------------------------------------------- the variants

def soft_labels(notation, statement, **values):
    """L = (Σᵢ yᵢ)·log Σⱼ e^{zⱼ} − Σᵢ yᵢzᵢ for any y ≥ 0: Hessian (Σ y)(diag(p) − ppᵀ), PSD."""
    b = ProofBuilder(notation, statement, ("domain", "label"))
    add_softmax(b)
    add_soft_label_argument(b, ("label",))
    return b.build()


def label_smoothing(notation, statement, epsilon, **values):
    """y = (1 − ε)·e + (ε/K)·1 for ε ∈ [0, 1]: y ≥ 0 and Σ y = 1, then the soft-label argument."""
    n = notation
    i = n.indices[0]
    e, y = n.e, n.y
    eps = sympy.Symbol("epsilon", real=True)  # its definition, a rational, shows it real
    b = ProofBuilder(n, statement, ("domain", "label"))
    b.add("epsilon", Definition(eps, _rational(epsilon)), "the smoothing parameter",
          r"The weight moved from the label to the uniform distribution.")
    b.add("epsilon-range", Positivity((eps, 1 - eps), strict=False), "the parameter lies in [0, 1]",
          r"$\varepsilon \geq 0$ and $1 - \varepsilon \geq 0$.", uses=("epsilon",))
    b.add("y", Definition(y[i], (1 - eps) * e[i] + eps / n.K, index=i), "definition of the smoothed label",
          r"$y = (1 - \varepsilon) e + (\varepsilon / K) \mathbf{1}$: data, constant in $z$.", uses=("label", "epsilon"))
    add_softmax(b)
    b.add("y-nonnegative", Positivity((y[i],), index=i, strict=False), "a non-negative combination",
          r"$1 - \varepsilon \geq 0$, $e_i \geq 0$ and $\varepsilon / K \geq 0$, so $y_i \geq 0$.",
          uses=("y", "epsilon", "label"))
    b.add("sum-y", Equality(Sum(y[i], n.bounds(i)), sympy.Integer(1), (Constraint(1 - eps, Sum(e[i], n.bounds(i)) - 1),)),
          "the smoothed label sums to one",
          r"$\sum_i y_i = (1 - \varepsilon) \sum_i e_i + K \cdot \varepsilon / K = 1 - \varepsilon + \varepsilon = 1$.",
          uses=("y", "label"))
    add_soft_label_argument(b, ("y-nonnegative",))
    add_unit_mass(b, "sum-y")
    return b.build()


def weighted(notation, statement, weight, **values):
    """L = −w·Σᵢ yᵢ log pᵢ (−w log p_c for the one-hot label) with w ≥ 0: Hessian w(diag(p) − ppᵀ)."""
    n = notation
    i, j, _, l = n.indices
    p, y, z, S = n.p, n.y, n.z, n.S
    w = sympy.Symbol("omega")
    b = ProofBuilder(n, statement, ("domain", "label"))
    b.add("w", Definition(w, _rational(weight)), "the class weight", r"The weight $\omega$ given to the true class.")
    b.add("w-nonnegative", Positivity((w,), strict=False), "the weight is non-negative", r"$\omega \geq 0$.", uses=("w",))
    add_softmax(b)
    raw = -w * Sum(y[i] * log(p[i]), n.bounds(i))
    b.add("L", Definition(L, raw), "definition of weighted cross-entropy",
          r"The loss of the prediction $p$ against the label $y$, times the weight of its class.", uses=("p", "positive", "label", "w"))
    logsumexp = w * log(S) - w * Sum(y[i] * z[i], n.bounds(i))
    b.add("logsumexp", Equality(raw, logsumexp, (Constraint(w * log(S), Sum(y[i], n.bounds(i)) - 1),)),
          "log of a quotient", r"$\log p_i = z_i - \log S$, and $\sum_i y_i \log S = \log S$ since $\sum_i y_i = 1$.",
          uses=("p", "positive", "label"))
    add_derivatives(b, logsumexp, w * (p[j] - y[j]), difference_form(n, w), w, uses=("p", "S", "L", "logsumexp", "w"))
    loss = w * log(Sum(exp(z[l]), n.bounds(l))) - w * Sum(y[i] * z[i], n.bounds(i))
    add_scaled_convexity(b, w, "w-nonnegative", loss, Constraint(w * n.t, 1 - Sum(y[i], n.bounds(i))),
                         ("logsumexp", "label"))
    return b.build()


def temperature(notation, statement, temperature, **values):
    """L(z/τ) = −Σᵢ yᵢ log σᵢ(z/τ) for τ > 0: Hessian τ⁻²(diag(p_τ) − p_τp_τᵀ) with p_τ = σ(z/τ)."""
    n = notation
    i, j, _, l = n.indices
    p, y, z, S = n.p, n.y, n.z, n.S
    tau = sympy.Symbol("tau")
    b = ProofBuilder(n, statement, ("domain", "label"))
    b.add("tau", Definition(tau, _rational(temperature)), "the temperature", r"The logits are divided by $\tau$.")
    b.add("tau-positive", Positivity((tau, tau ** -2)), "the temperature is positive",
          r"$\tau > 0$, so $\tau^{-2} > 0$.", uses=("tau",))
    total = Sum(exp(z[l] / tau), n.bounds(l))
    b.add("S", Definition(S, total), "definition", r"$S$ is the normalizer of the softmax at temperature $\tau$.",
          uses=("domain", "tau", "tau-positive"))
    b.add("p", Definition(p[i], exp(z[i] / tau) / S, index=i), "definition of the tempered softmax",
          r"$p = \sigma(z / \tau)$ is the vector of class probabilities.", uses=("S", "tau"))
    b.add("positive", Positivity((S, p[i]), index=i), "exponentials are positive",
          r"Every $e^{z_j / \tau} > 0$, so the sum $S > 0$ and each quotient $p_i > 0$.",
          uses=("S", "p", "domain", "tau-positive"))
    b.add("sum-p", Equality(Sum(p[i], n.bounds(i)), sympy.Integer(1), (Constraint(-1 / S, S - total),)),
          "the probabilities sum to one", r"$\sum_i e^{z_i / \tau}/S = S/S = 1$.", uses=("S", "p", "positive",
                                                                                     "tau-positive"))
    raw = -Sum(y[i] * log(p[i]), n.bounds(i))
    b.add("L", Definition(L, raw), "definition of tempered cross-entropy",
          r"The loss of the tempered prediction $p$ against the label $y$.", uses=("p", "positive", "label"))
    logsumexp = log(S) - Sum(y[i] * z[i], n.bounds(i)) / tau
    b.add("logsumexp", Equality(raw, logsumexp, (Constraint(log(S), Sum(y[i], n.bounds(i)) - 1),)),
          "log of a quotient", r"$\log p_i = z_i / \tau - \log S$, and $\sum_i y_i \log S = \log S$ since "
          r"$\sum_i y_i = 1$.", uses=("p", "positive", "label", "tau-positive"))
    add_derivatives(b, logsumexp, (p[j] - y[j]) / tau, difference_form(n, 1 / tau), tau ** -2,
                    uses=("p", "S", "L", "logsumexp", "tau", "tau-positive"))
    loss = log(total) - Sum(y[i] * z[i], n.bounds(i)) / tau
    add_scaled_convexity(b, tau ** -2, "tau-positive", loss, Constraint(n.t / tau, 1 - Sum(y[i], n.bounds(i))),
                         ("logsumexp", "label", "tau-positive"))
    return b.build()


def listnet(notation, statement, **values):
    """ListNet: the label yᵢ = e^{gᵢ}/Σⱼ e^{gⱼ} of relevance grades g is a soft label (y > 0, Σ y = 1)."""
    n = notation
    i, _, _, l = n.indices
    g, y = n.g, n.y
    G = sympy.Symbol("G")
    b = ProofBuilder(n, statement, ("domain", "grades"))
    b.add("G", Definition(G, Sum(exp(g[l]), n.bounds(l))), "definition",
          r"$G$ normalizes the grades' top-one probabilities.", uses=("grades",))
    b.add("y", Definition(y[i], exp(g[i]) / G, index=i), "definition of the target distribution",
          r"$y = \sigma(g)$: the probability that item $i$ ranks first under the grades, as in ListNet "
          r"(XE-NDCG uses $2^{g_i} - \gamma_i$ normalized instead, also $\geq 0$). Data, constant in $z$.", uses=("G",))
    b.add("y-positive", Positivity((G, y[i]), index=i), "exponentials are positive",
          r"Every $e^{g_j} > 0$, so $G > 0$ and each $y_i > 0$.", uses=("G", "y", "grades"))
    b.add("sum-y", Equality(Sum(y[i], n.bounds(i)), sympy.Integer(1),
                            (Constraint(-1 / G, G - Sum(exp(g[l]), n.bounds(l))),)),
          "the target sums to one", r"$\sum_i e^{g_i}/G = G/G = 1$.", uses=("G", "y", "y-positive"))
    add_softmax(b)
    add_soft_label_argument(b, ("y-positive",))
    add_unit_mass(b, "sum-y")
    return b.build()


def centered(notation, statement, **values):
    """Strict convexity, answered precisely: vᵀHv = 0 only for v ∈ span{1} (the equality case of the
    sum of squares, with weights pᵢpⱼ > 0), so with H·1 = 0 the kernel of H is span{1}, and L is
    strictly convex on {z : Σᵢ zᵢ = 0}, whose directions exclude 1."""
    from .convexity import add_convexity as add_base_convexity
    from .cross_entropy import add_cross_entropy, hessian_claim

    n = notation
    _, j, _, _ = n.indices
    b = ProofBuilder(n, statement, ("domain", "label"))
    add_softmax(b)
    add_cross_entropy(b)
    add_base_convexity(b)
    H, ones = hessian_claim(n), IndexedArray((n.K,), (j,), sympy.Integer(1))
    b.add("form-zeros", FormZeros(H, n.v, ones), "equality case of the sum of squares",
          r"If $v^\top H v = 0$, every term $p_i p_j (v_i - v_j)^2$ of the certificate is 0; as $p_i p_j > 0$, "
          r"all $v_i$ are equal: $v = c\, \mathbf{1}$. With $H \mathbf{1} = 0$ (above), the kernel of $H$ is "
          r"exactly the span of $\mathbf{1}$.", uses=("nonnegative", "positive"))
    b.add("definite", PositiveDefiniteOn(H, n.v, ones), "positive definite on the subspace",
          r"A direction $v \neq 0$ of $\sum_i z_i = 0$ is not $c\, \mathbf{1}$: $\sum_i c = K c = 0$ forces $c = 0$. "
          r"So $v^\top H v > 0$ there.", uses=("nonnegative", "form-zeros"))
    b.add("strict", Cited(STRICT_ON_AFFINE_SET, L, (n.z,), AffineSet(ones, sympy.Integer(0))),
          "second-order condition on an affine set",
          r"$L$ is twice differentiable on $\mathbb{R}^K$ and its Hessian is positive definite on the directions "
          r"of the centered logits at every $z$.", uses=("hessian", "definite", "domain"))
    return b.build()
