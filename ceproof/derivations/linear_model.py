"""The linear model z = Wx + b under cross-entropy: convex in (W, b), with L2 and L1 regularization.

Two routes lead to convexity in (W, b), and the proof for an explicit K and d takes both:

- composition: L is convex in z (the Hessian diag(p) − ppᵀ and its sum of squares, as in
  ``convexity.py``), and z = Wx + b is checked to be affine in (W, b), so L(Wx + b) is convex by
  composition with an affine map (cited). This holds for every K and d, and is the whole proof
  when ``--classes`` is omitted (K and d are then symbols).
- the Hessian: with the variables θ = (W₀₀, …, W₀,d−1, b₀, W₁₀, …), the rows of [W b] stacked
  (vec([W b]ᵀ)), every entry of ∇²_θ L is recomputed with sympy.diff and equals
  ((diag(p) − ppᵀ) ⊗ x̃x̃ᵀ) with x̃ = (x, 1). Its quadratic form is the variance of the vector
  wⱼ = Σₘ u_{j(d+1)+m} x̃ₘ under p, a weighted sum of squares Σᵢ<ⱼ pᵢpⱼ(wᵢ − wⱼ)²: that is the
  Kronecker product of two PSD matrices shown PSD directly, with no theorem about ⊗.

A mean over N examples stays convex (non-negative sums, cited): the label y is any point of the
simplex and x any vector, so the conclusion holds at every example. ``linear-l2`` adds
(λ/2)‖W‖²: its Hessian in W is H_W = (diag(p) − ppᵀ) ⊗ xxᵀ + λI ⪰ λI, checked entry by entry,
so it is strictly convex in W. ``linear-l1`` adds λ‖W‖₁, which is not differentiable: convexity
comes from the norm (cited) and the sum rule, not from a Hessian.
"""

from __future__ import annotations

import sympy
from sympy import Abs, KroneckerDelta, Mod, Sum, floor, log

from ..family.statements import logits as logit_entry
from ..kernel.arrays import IndexedArray, QuadraticForm
from ..kernel.citations import (AFFINE_PRECOMPOSITION, NONNEGATIVE_SUMS, NORM_CONVEXITY, SECOND_ORDER_CONDITION,
                                SECOND_ORDER_STRICT)
from ..kernel.claims import (Affine, Cited, Constraint, Definition, DerivativeEquality, Equality, NonNegative,
                             PositiveSemidefinite, SquareTerm, SumOfSquares)
from .builder import ProofBuilder
from .convexity import sum_of_squares
from .cross_entropy import L, hessian_claim, logsumexp_loss, raw_loss
from .matrices import Diag, diag_minus_outer_form, difference_form
from .softmax import add_softmax

F = sympy.Symbol("F")
R = sympy.Symbol("R")
DOMAIN = ("domain-W", "domain-b")
"""The premises W ∈ ℝ^{K×d} and b ∈ ℝ^K."""
PREMISE_KEYS = (*DOMAIN, "input", "label")


def theta(n) -> tuple:
    """θ = vec([W b]ᵀ): the rows of [W b] stacked, W[j, 0], …, W[j, d − 1], b[j] for each class j."""
    return tuple(v for j in range(n.classes) for v in (*(n.W[j, m] for m in range(n.features)), n.b[j]))


def vec_w(n) -> tuple:
    """vec(Wᵀ): the rows of W stacked."""
    return tuple(n.W[j, m] for j in range(n.classes) for m in range(n.features))


# ---------------------------------------------------------------- the Kronecker-structured Hessians

def _pair_symbols():
    return sympy.symbols("r c", integer=True, nonnegative=True)


def kronecker_entry(n, vector: sympy.IndexedBase, width) -> sympy.Expr:
    """((diag(p) − ppᵀ) ⊗ aaᵀ) at (r, c) for a = ``vector`` of length ``width``: row r is class
    ⌊r/width⌋ and coordinate r mod width."""
    r, c = _pair_symbols()
    j, k = floor(r / width), floor(c / width)
    p = n.p
    return (p[j] * KroneckerDelta(j, k) - p[j] * p[k]) * vector[Mod(r, width)] * vector[Mod(c, width)]


def _kronecker_form(n, vector_name: str, width):
    P = sympy.MatrixSymbol("p", n.K, 1)
    a = sympy.MatrixSymbol(vector_name, width, 1)
    return sympy.KroneckerProduct(sympy.MatAdd(Diag(P), -P * P.T, evaluate=False), a * a.T)


def theta_hessian(n, lam=None) -> IndexedArray:
    """∇²_θ of L (+ (λ/2)‖W‖² when ``lam`` is given): (diag(p) − ppᵀ) ⊗ x̃x̃ᵀ (+ λ on the W entries)."""
    r, c = _pair_symbols()
    D = n.d + 1
    entry = kronecker_entry(n, n.xtilde, D)
    closed = _kronecker_form(n, "xtilde", D)
    if lam is not None:
        entry += lam * KroneckerDelta(r, c) * (1 - KroneckerDelta(Mod(r, D), n.d))
        block = sympy.MatrixSymbol("E_W", n.K * D, n.K * D)
        closed = sympy.MatAdd(closed, sympy.MatMul(lam, block, evaluate=False), evaluate=False)
    size = n.K * D
    return IndexedArray((size, size), (r, c), entry, closed_form=closed)


def w_kronecker(n) -> IndexedArray:
    """(diag(p) − ppᵀ) ⊗ xxᵀ: the Hessian of L in vec(Wᵀ), b held fixed."""
    r, c = _pair_symbols()
    size = n.K * n.d
    return IndexedArray((size, size), (r, c), kronecker_entry(n, n.x, n.d), closed_form=_kronecker_form(n, "x", n.d))


def w_hessian(n, lam) -> IndexedArray:
    """∇²_W (L + (λ/2)‖W‖²) = (diag(p) − ppᵀ) ⊗ xxᵀ + λI."""
    base = w_kronecker(n)
    r, c = base.indices
    size = n.K * n.d
    return IndexedArray(base.shape, base.indices, base.entry + lam * KroneckerDelta(r, c),
                        closed_form=sympy.MatAdd(base.closed_form, sympy.MatMul(lam, sympy.Identity(size), evaluate=False),
                                                 evaluate=False))


def kronecker_certificate(n, test: sympy.IndexedBase, vector: sympy.IndexedBase, width: int,
                          extra: tuple = ()) -> SumOfSquares:
    """uᵀ((diag(p) − ppᵀ) ⊗ aaᵀ)u = Σᵢ<ⱼ pᵢpⱼ(ωᵢ − ωⱼ)² with ωⱼ = Σₘ u_{j·width+m} aₘ, given Σ p = 1
    (the multiple (1 − Σ p)·Σᵢ pᵢωᵢ² makes it an identity); ``extra`` terms are added as they are."""
    i, j = n.indices[:2]

    def omega(cls):
        return sympy.Add(*(test[cls * width + m] * vector[m] for m in range(width)))

    term = SquareTerm(sympy.Integer(1), (n.p[i], n.p[j]), omega(i) - omega(j), ((j, i + 1, n.K - 1), n.bounds(i)))
    multiplier = Sum(n.p[i] * omega(i) ** 2, n.bounds(i))
    return SumOfSquares((term, *extra), (Constraint(multiplier, 1 - Sum(n.p[i], n.bounds(i))),))


# ---------------------------------------------------------------- steps

def _begin(n, statement) -> ProofBuilder:
    """The logits z = Wx + b (checked affine), then the softmax."""
    b = ProofBuilder(n, statement, PREMISE_KEYS)
    i = n.indices[0]
    b.add("logits", Definition(n.z[i], logit_entry(n, i), index=i), "the linear model",
          r"The logits are $z = W x + b$.", uses=(*DOMAIN, "input"))
    b.add("affine", Affine(n.z, IndexedArray((n.K,), (i,), logit_entry(n, i)), (n.W, n.b)), "affine map",
          r"Each $z_i$ is a sum of products $W_{im} x_m$ plus $b_i$: of degree 1 in $(W, b)$, with the data $x$ "
          r"as coefficients.", uses=("logits",))
    add_softmax(b, domain=())
    return b


def _add_loss(b: ProofBuilder, derivatives: bool = True) -> None:
    """L, its log-sum-exp form and (``derivatives``) its gradient and Hessian in z.

    The label is a vector of unknowns on the simplex, so the derivatives are taken of the
    log-sum-exp form log S − Σᵢ yᵢzᵢ (equal to L because Σᵢ yᵢ = 1): of −Σᵢ yᵢ log pᵢ itself they
    carry the factor Σᵢ yᵢ."""
    n = b.notation
    i, j, k = n.indices[:3]
    b.add("L", Definition(L, raw_loss(n)), "definition of cross-entropy",
          r"The loss of the prediction $p = \sigma(z)$ against the label $y$.", uses=("p", "positive", "label"))
    b.add("logsumexp", Equality(raw_loss(n), logsumexp_loss(n), (Constraint(log(n.S), Sum(n.y[i], n.bounds(i)) - 1),)),
          "log of a quotient", r"$\log p_i = z_i - \log S$, and $\sum_i y_i \log S = \log S$ since $\sum_i y_i = 1$.",
          uses=("p", "positive", "label"))
    if not derivatives:
        return
    gradient = IndexedArray((n.K,), (j,), n.p[j] - n.y[j], closed_form=difference_form(n))
    source = ("p", "S", "L", "logsumexp")
    b.add("gradient", DerivativeEquality(of=L, function=logsumexp_loss(n), order=1, result=gradient),
          "differentiation", r"$\partial \log S / \partial z_j = e^{z_j}/S = p_j$ and "
          r"$\partial (\sum_i y_i z_i) / \partial z_j = y_j$.", uses=source)
    b.add("hessian", DerivativeEquality(of=L, function=logsumexp_loss(n), order=2, result=hessian_claim(n)),
          "differentiation of the gradient", r"$\partial (p_j - y_j)/\partial z_k = p_j \delta_{jk} - p_j p_k$.",
          uses=source)


def _convex_in_logits(b: ProofBuilder) -> None:
    """L, its Hessian in z, vᵀHv as a sum of squares, PSD, convex in z (cited); then in (W, b)."""
    n = b.notation
    i = n.indices[0]
    p, v = n.p, n.v
    _add_loss(b)
    H = hessian_claim(n)
    form = QuadraticForm(H, v)
    b.add("quadratic-form", Equality(form, Sum(p[i] * v[i] ** 2, n.bounds(i)) - Sum(p[i] * v[i], n.bounds(i)) ** 2),
          "expanding the quadratic form", r"For any $v \in \mathbb{R}^K$: $v^\top \operatorname{diag}(p)\, v = \sum_i p_i v_i^2$ "
          r"and $v^\top p p^\top v = (\sum_i p_i v_i)^2$.", uses=("hessian",))
    certificate = sum_of_squares(n)
    b.add("sum-of-squares", Equality(form, SumOfSquares(certificate.terms), certificate.constraints), "variance identity",
          r"With $\sum_j p_j = 1$ this is the variance of $v$ under $p$, a weighted sum of squares.",
          uses=("quadratic-form", "sum-p"))
    b.add("nonnegative", NonNegative(form, certificate), "sum of squares with positive weights",
          r"Each $p_i p_j > 0$, so $v^\top H v \geq 0$ for every $v$.", uses=("sum-of-squares", "positive", "sum-p"))
    b.add("psd", PositiveSemidefinite(H, v), "definition of positive semidefinite",
          r"$\nabla^2_z L \succeq 0$ at every $z$.", uses=("nonnegative",))
    b.add("convex", Cited(SECOND_ORDER_CONDITION, L, (n.z,)),
          "second-order condition", r"As a function of free logits, $L$ is defined on all of $\mathbb{R}^K$, open and "
          r"convex, and $\nabla^2_z L \succeq 0$ there.", uses=("hessian", "psd"))
    b.add("composition", Cited(AFFINE_PRECOMPOSITION, L, (n.W, n.b)),
          "composition with an affine map", r"$L$ is convex in $z$ and $z = W x + b$ is affine in $(W, b)$.",
          uses=("convex", "affine"))


def _theta_hessian(b: ProofBuilder, of, function, uses: tuple, lam=None) -> None:
    """The explicit Hessian in θ = vec([W b]ᵀ), its sum of squares, PSD and convexity in (W, b)."""
    n = b.notation
    D = n.features + 1
    H = theta_hessian(n, lam)
    what = r"$(\operatorname{diag}(p) - p p^\top) \otimes \tilde{x} \tilde{x}^\top$" + (
        r" plus $\lambda$ on the diagonal entries of $W$ ($E_W$ marks them)" if lam is not None else "")
    b.add("hessian-theta", DerivativeEquality(of=of, function=function, order=2, result=H, variables=theta(n)),
          "differentiation in (W, b)",
          rf"With $\theta = (W_{{00}}, \dots, W_{{0{n.features - 1}}}, b_0, W_{{10}}, \dots)$, the rows of $[W\; b]$ "
          rf"stacked, $\partial z_j / \partial \theta$ is $\tilde{{x}} = (x, 1)$ in the block of class $j$, so the Hessian "
          rf"is {what}; row $r$ is class $\lfloor r/{D} \rfloor$, coordinate $r \bmod {D}$.",
          uses=uses)
    extra = ()
    if lam is not None:
        j = n.indices[1]
        extra = tuple(SquareTerm(lam, (), n.u[j * D + m], (n.bounds(j),)) for m in range(n.features))
    certificate = kronecker_certificate(n, n.u, n.xtilde, D, extra)
    form = QuadraticForm(H, n.u)
    b.add("form-theta", Equality(form, SumOfSquares(certificate.terms), certificate.constraints), "the Kronecker product as a variance",
          rf"With $g_j = \sum_m u_{{{D}j+m}} \tilde{{x}}_m$: $u^\top ((\operatorname{{diag}}(p) - p p^\top) \otimes "
          r"\tilde{x} \tilde{x}^\top) u = g^\top (\operatorname{diag}(p) - p p^\top) g$, the variance of "
          r"$g$ under $p$" + (r", plus $\lambda$ times the squares of the $W$ coordinates." if lam is not None else "."),
          uses=("hessian-theta", "sum-p"))
    b.add("nonnegative-theta", NonNegative(form, certificate), "sum of squares with positive weights",
          r"Each $p_i p_j > 0$" + (r" and $\lambda > 0$" if lam is not None else "") + r", so $u^\top H u \geq 0$ "
          r"for every $u$: a Kronecker product of two PSD matrices is PSD, here shown directly.",
          uses=("form-theta", "positive", "sum-p"))
    b.add("psd-theta", PositiveSemidefinite(H, n.u), "definition of positive semidefinite",
          r"$\nabla^2_\theta \succeq 0$ at every $(W, b)$.", uses=("nonnegative-theta",))
    b.add("convex-theta", Cited(SECOND_ORDER_CONDITION, of, (n.W, n.b)),
          "second-order condition", r"$(W, b)$ ranges over all of $\mathbb{R}^{K \times (d + 1)}$, open and convex, "
          r"and the Hessian is PSD there.", uses=("hessian-theta", "psd-theta", *DOMAIN))


def _examples(b: ProofBuilder, conclusion: str) -> None:
    """The mean of L over N examples is convex (non-negative sums)."""
    n = b.notation
    mean, N = sympy.Symbol("Lbar"), sympy.Symbol("N", integer=True, positive=True)
    t = sympy.Symbol("n", integer=True, positive=True)
    b.add("mean", Definition(mean, Sum(sympy.IndexedBase("L")[t], (t, 1, N)) / N), "the training objective",
          r"The mean loss over $N$ examples $(x^{(n)}, y^{(n)})$, where $L_n$ is $L$ at the $n$-th example.",
          uses=(*DOMAIN, "label"))
    b.add("examples", Cited(NONNEGATIVE_SUMS, mean, (n.W, n.b)),
          "non-negative weighted sums", r"$x$ and $y$ were arbitrary, so every $L_n$ is convex in $(W, b)$, and the "
          r"weights $1/N$ are positive.", uses=("mean", conclusion))


# ---------------------------------------------------------------- the losses

def linear(notation, statement, **values):
    """Cross-entropy of z = Wx + b is convex in (W, b): by composition (every K, d) and, for an
    explicit K and d, by its Hessian (diag(p) − ppᵀ) ⊗ x̃x̃ᵀ."""
    n = notation
    b = _begin(n, statement)
    _convex_in_logits(b)
    if n.is_explicit:
        _theta_hessian(b, L, logsumexp_loss(n), ("logits", "S", "p", "L", "logsumexp"))
    _examples(b, "composition")
    return b.build()


def linear_l2(notation, statement, lam, **values):
    """L + (λ/2)‖W‖²: convex in (W, b) by its Hessian, and strictly convex in W, its Hessian in W
    being (diag(p) − ppᵀ) ⊗ xxᵀ + λI ⪰ λI. Needs an explicit K and d (3 and 2 by default)."""
    n = notation
    lam = sympy.Rational(lam.numerator, lam.denominator)
    d = n.features
    b = _begin(n, statement)
    j, m = n.indices[1], n.m
    _add_loss(b, derivatives=False)
    b.add("R", Definition(R, lam / 2 * Sum(Sum(n.W[j, m] ** 2, (m, 0, n.d - 1)), n.bounds(j))),
          "the L2 penalty", r"$R = (\lambda/2) \|W\|^2$, the squared Frobenius norm; $b$ is not penalized.",
          uses=("domain-W",))
    b.add("F", Definition(F, L + R), "the regularized loss", r"$F = L + R$.", uses=("L", "R"))
    smooth = logsumexp_loss(n) + R
    b.add("F-form", Equality(L + R, smooth, (Constraint(sympy.Integer(1), L - raw_loss(n)),
                                             Constraint(sympy.Integer(1), raw_loss(n) - logsumexp_loss(n)))),
          "log-sum-exp form", r"$F = \log S - \sum_i y_i z_i + R$, by the definition of $L$ and its log-sum-exp form.",
          uses=("L", "logsumexp"))
    source = ("logits", "S", "p", "R", "F", "F-form")
    _theta_hessian(b, F, smooth, source, lam=lam)
    H = w_hessian(n, lam)
    b.add("hessian-W", DerivativeEquality(of=F, function=smooth, order=2, result=H, variables=vec_w(n)),
          "differentiation in W", rf"In $W$ alone ($b$ fixed, rows of $W$ stacked) the Hessian is "
          rf"$(\operatorname{{diag}}(p) - p p^\top) \otimes x x^\top + \lambda I$; row $r$ is class $\lfloor r/{d} \rfloor$, "
          rf"feature $r \bmod {d}$.", uses=source)
    M = w_kronecker(n)
    certificate = kronecker_certificate(n, n.w, n.x, d)
    form = QuadraticForm(M, n.w)
    b.add("form-W", Equality(form, SumOfSquares(certificate.terms), certificate.constraints), "the Kronecker product as a variance",
          r"$\nabla^2_W F - \lambda I = (\operatorname{diag}(p) - p p^\top) \otimes x x^\top$, and its quadratic form is "
          r"the variance of $g_j = \sum_m w_{dj+m} x_m$ under $p$.", uses=("sum-p",))
    b.add("nonnegative-W", NonNegative(form, certificate), "sum of squares with positive weights",
          r"Each $p_i p_j > 0$, so $w^\top (\nabla^2_W F - \lambda I) w \geq 0$ for every $w$.",
          uses=("form-W", "positive", "sum-p"))
    b.add("psd-W", PositiveSemidefinite(M, n.w), "definition of positive semidefinite",
          r"$\nabla^2_W F - \lambda I \succeq 0$, that is $\nabla^2_W F \succeq \lambda I \succ 0$.", uses=("nonnegative-W",))
    b.add("strict", Cited(SECOND_ORDER_STRICT, F, (n.W,)),
          "second-order condition for strict convexity",
          r"The Hessian in $W$ exceeds $\lambda I$ with $\lambda > 0$, so it is positive definite everywhere. "
          r"$F$ is not strictly convex in $b$: $L(W, b + t \mathbf{1}) = L(W, b)$.",
          uses=("hessian-W", "psd-W", "domain-W"))
    return b.build()


def linear_l1(notation, statement, lam, **values):
    """L + λ‖W‖₁: convex in (W, b) as a sum of convex functions (L by composition, the norm cited);
    not differentiable where an entry of W is 0, so no Hessian of F is taken."""
    n = notation
    lam = sympy.Rational(lam.numerator, lam.denominator)
    b = _begin(n, statement)
    _convex_in_logits(b)
    if n.is_explicit:
        _theta_hessian(b, L, logsumexp_loss(n), ("logits", "S", "p", "L", "logsumexp"))
    j, m = n.indices[1], n.m
    b.add("R", Definition(R, Sum(Sum(Abs(n.W[j, m]), (m, 0, n.d - 1)), n.bounds(j))), "the L1 penalty",
          r"$R = \|W\|_1 = \sum_j \sum_m \lvert W_{jm} \rvert$; $b$ is not penalized.", uses=("domain-W",))
    b.add("norm", Cited(NORM_CONVEXITY, R, (n.W,)),
          "norms are convex", r"$\|\cdot\|_1$ is a norm on $\mathbb{R}^{K \times d}$.", uses=("R",))
    b.add("F", Definition(F, L + lam * R), "the regularized loss", r"$F = L + \lambda R$.", uses=("L", "R"))
    b.add("convex-F", Cited(NONNEGATIVE_SUMS, F, (n.W, n.b)),
          "non-negative weighted sums",
          r"$L$ is convex in $(W, b)$, $R$ is convex in $W$ and does not depend on $b$, and the weights $1$ and "
          r"$\lambda$ are $\geq 0$. $F$ is not differentiable where some $W_{jm} = 0$ ($\lvert\cdot\rvert$ has a "
          r"kink there), so no Hessian of $F$ exists: the sum rule replaces the second-order condition.",
          uses=("F", "R", "composition", "norm"))
    return b.build()


