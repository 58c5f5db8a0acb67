"""The words around each proof: the idea to read first and what the verdict means, for every loss of
the family and for ``ceproof derive`` — one table, prose with $…$ math and `code`.

These words explain; they prove nothing. Every claim of a proof is in its steps, checked by the kernel
or cited; a refutation's words about its counterexample are written from the checked claim
(``render/meaning.py``), not from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exposition:
    """``idea``: two or three sentences before the steps; ``meaning``: what the result means after them."""

    idea: str
    meaning: str


_VARIANCE = (r"its quadratic form is a variance: $v^\top H v = \sum_i p_i v_i^2 - (\sum_i p_i v_i)^2$, the variance "
             r"of the numbers $v_i$ under the probabilities $p_i$")
_STATIONARY = ("Convexity means that every stationary point is a global minimum: gradient descent cannot get stuck "
               "in a worse local minimum.")
_WEIGHTS = ("Convex in the logits is not convex in a network's weights: the logits of a network are not affine in "
            "its weights (see `ceproof prove --loss two-layer`).")
_SHIFT = (r"Adding the same number to every logit changes nothing, $L(z + t\mathbf{1}) = L(z)$, so a minimiser, "
          "where there is one, is never unique.")
_REFUTE = ("One certified point where the definition of convexity fails is enough to refute it, and ceproof "
           "certifies it with interval arithmetic at exact rational points.")

DERIVE = "derive"
"""The key of ``ceproof derive``'s words in EXPOSITION."""

EXPOSITION = {
    DERIVE: Exposition(
        r"Write the loss through the normaliser $S = \sum_j e^{z_j}$: $p_i = e^{z_i} / S$, so "
        r"$L = \log S - \sum_i y_i z_i$ when $\sum_i y_i = 1$. Differentiating $\log S$ gives $p$, hence "
        r"$\nabla L = p - y$; differentiating $p$ by the quotient rule gives $p_i(\delta_{ij} - p_j)$, hence "
        r"$\nabla^2 L = \operatorname{diag}(p) - p p^\top$.",
        r"The gradient $p - y$ is the error of the prediction, which is why cross-entropy trains well: its push "
        r"on each logit is exactly how far that probability is from the label. The Hessian does not depend on the "
        r"label, and $\operatorname{diag}(p) - p p^\top$ is the covariance matrix of a one-hot draw from $p$: "
        r"`ceproof prove` shows that it is positive semidefinite."),
    "ce": Exposition(
        r"The Hessian of $L$ is $H = \operatorname{diag}(p) - p p^\top$, and " + _VARIANCE + ". A variance is never "
        r"negative, so $H \succeq 0$ and $L$ is convex; it is $0$ when $v$ is constant, so $L$ is flat along "
        r"$\mathbf{1}$ and not strictly convex.",
        _STATIONARY + r" With a one-hot label $L$ has no minimiser: $L = \log(1 + \sum_{j \neq c} e^{z_j - z_c}) > 0$ "
        r"tends to its infimum $0$ as $z_c$ grows, but never reaches it. " + _SHIFT + " " + _WEIGHTS),
    "soft-labels": Exposition(
        r"With $Y = \sum_i y_i$ the loss is $L = Y \log S - \sum_i y_i z_i$: a multiple of log-sum-exp plus a "
        r"linear term. Its Hessian is $Y (\operatorname{diag}(p) - p p^\top)$, a nonnegative multiple of the "
        r"cross-entropy Hessian, whose quadratic form is the variance of $v$ under $p$.",
        _STATIONARY + r" When every $y_i > 0$ and $\sum_i y_i = 1$ the minimum is attained exactly where $p = y$, at "
        r"$z = \log y + t \mathbf{1}$ for every number $t$: a line of minimisers, never a single one. " + _WEIGHTS),
    "label-smoothing": Exposition(
        r"Label smoothing changes only the label: $y = (1 - \varepsilon) e_c + (\varepsilon / K) \mathbf{1}$ has "
        r"every $y_i \geq 0$ and $\sum_i y_i = 1$ for $0 \leq \varepsilon \leq 1$. So $L$ is cross-entropy with a "
        r"soft label, and its Hessian is $\operatorname{diag}(p) - p p^\top$ again, whose quadratic form is a variance.",
        _STATIONARY + r" For $\varepsilon > 0$ every $y_i > 0$, so, unlike one-hot cross-entropy, the minimum is "
        r"attained, where $p = y$: at logits with $z_c - z_j = \log(1 + K(1 - \varepsilon) / \varepsilon)$ for "
        r"every $j \neq c$, finite, which is why label smoothing keeps logits bounded. " + _SHIFT),
    "weighted": Exposition(
        r"A weight $w \geq 0$ scales the loss, and its Hessian with it: $\nabla^2 L = w (\operatorname{diag}(p) - "
        r"p p^\top)$. That is a nonnegative multiple of the cross-entropy Hessian, whose quadratic form is the "
        r"variance of $v$ under $p$, so it is positive semidefinite.",
        _STATIONARY + " Weighting classes changes which point is best, not the shape that makes it easy to find. "
        r"A negative weight would break it: $-L$ is not convex (`ceproof prove --loss negated`)."),
    "temperature": Exposition(
        r"Dividing the logits by $\tau > 0$ is a linear change of variables, and convexity survives linear maps. "
        r"The Hessian is $\tau^{-2} (\operatorname{diag}(p) - p p^\top)$ with $p = \sigma(z / \tau)$: a positive "
        r"multiple of a matrix whose quadratic form is a variance.",
        _STATIONARY + r" The temperature changes only the curvature, by the factor $\tau^{-2}$: a low temperature "
        r"makes the loss sharper, a high one flatter, never non-convex. " + _SHIFT),
    "listnet": Exposition(
        r"ListNet's target $y = \sigma(g)$ is a probability vector with every $y_i > 0$, so the loss is "
        r"cross-entropy with a soft label. Its Hessian is $\operatorname{diag}(p) - p p^\top$, whose quadratic form "
        r"is the variance of $v$ under $p$.",
        _STATIONARY + r" Since every $y_i > 0$ the minimum is attained, where $\sigma(z) = \sigma(g)$, that is at "
        r"$z = g + t \mathbf{1}$: the scores match the grades up to a shift, which is all a ranking needs."),
    "ce-centered": Exposition(
        r"The Hessian's quadratic form is the variance of $v$ under $p$, and with every $p_i > 0$ a variance is $0$ "
        r"only when $v$ is constant, $v = c \mathbf{1}$. A nonzero $v$ with $\sum_i v_i = 0$ is not constant, so on "
        r"the centered logits the form is positive: $L$ is strictly convex there.",
        r"Centering the logits removes the only flat direction: on the plane $\sum_i z_i = 0$ a minimiser, where "
        r"there is one, is unique. With a one-hot label there is still none: strict convexity gives uniqueness, "
        r"not existence."),
    "logistic": Exposition(
        r"In one variable convexity is $\ell'' \geq 0$. Here $\ell'(s) = \sigma(s) - y_0$ and "
        r"$\ell''(s) = \sigma(s)(1 - \sigma(s))$, a product of two positive numbers, so $\ell'' > 0$ everywhere.",
        r"Strictly convex: at most one minimiser. For $0 < y_0 < 1$ it is $s = \log(y_0 / (1 - y_0))$; for a hard "
        r"label, $y_0 = 0$ or $1$, there is none: the loss keeps falling as $s$ moves toward the label's side, which is why logistic "
        r"regression on separable data drives its weights to infinity without regularization. This is the "
        r"$K = 2$ softmax at $z = (s, 0)$: fixing $z_1 = 0$ removes the flat direction of cross-entropy."),
    "linear": Exposition(
        r"The logits $z = W x + b$ are affine in the weights $(W, b)$, and a convex function of an affine map is "
        r"convex: cross-entropy is convex in $z$ (its Hessian $\operatorname{diag}(p) - p p^\top$ has a variance "
        r"as quadratic form), so it is convex in $(W, b)$. A mean of convex functions is convex, so the training "
        r"loss over $N$ examples is too.",
        r"Multinomial logistic regression is a convex problem: every stationary point of its training loss is a "
        r"global minimum, which is why gradient descent and Newton's method solve it reliably. Minimisers are "
        r"never unique (adding $t \mathbf{1}$ to $b$ changes no prediction) and on separable data there is none; "
        r"L2 regularization helps with both (`ceproof prove --loss linear-l2`)."),
    "linear-l2": Exposition(
        r"The regularizer $\frac{\lambda}{2} \|W\|^2$ adds $\lambda I$ to the Hessian in $W$, and the "
        r"cross-entropy part is positive semidefinite. So the Hessian in $W$ is $\succeq \lambda I$, positive "
        r"definite, and the loss is strictly convex in $W$.",
        r"For each bias $b$ there is exactly one best $W$: the loss is at least $\frac{\lambda}{2} \|W\|^2$, which "
        r"grows without bound, so a minimiser exists, and strict convexity makes it unique. The bias is not "
        r"regularized, so in $(W, b)$ together the loss is only convex: adding $t \mathbf{1}$ to $b$ changes "
        r"nothing."),
    "linear-l1": Exposition(
        r"$\lambda \|W\|_1 = \lambda \sum_{j,m} |W_{jm}|$ is a multiple of a norm, and every norm is convex; a sum of "
        r"convex functions is convex. The norm has no Hessian where an entry of $W$ is $0$, so this proof adds two "
        r"convex functions instead of bounding a Hessian.",
        r"Convex: every local minimum is global, although the loss is not differentiable. Its kinks at "
        r"$W_{jm} = 0$ are what make L1 regularization set weights exactly to zero. It is not strictly convex, so "
        r"minimisers need not be unique."),
    "ce-in-q": Exposition(
        r"As a function of the prediction $q$ the loss is a sum of terms $-p_i \log q_i$, each a convex function "
        r"of one variable ($(-\log q)'' = 1 / q^2 > 0$) times $p_i \geq 0$. So the Hessian is diagonal, "
        r"$\operatorname{diag}(p_i / q_i^2) \succeq 0$.",
        r"Cross-entropy is convex in the predicted distribution itself. On the simplex $\sum_i q_i = 1$ (a convex "
        r"set) with $\sum_i p_i = 1$, its minimum is at $q = p$ (Gibbs' inequality). Convex in $q$ does not make it "
        r"convex in whatever produces $q$: for the logits that is a separate proof (`ceproof prove`)."),
    "mse-softmax": Exposition(
        r"Along the logit $z_c$ the probability $p_c$ follows an S-shaped curve that flattens at both ends, and "
        r"squaring its error keeps the flat ends: the squared error is nearly constant far out, and a chord from "
        r"there to a point on the slope passes below the graph. " + _REFUTE,
        r"Squared error on softmax outputs is not convex in the logits, so the guarantees of convex optimization do "
        r"not hold for it: its gradient vanishes where the softmax saturates, even far from the target."),
    "focal": Exposition(
        r"The factor $(1 - p_c)^\gamma$ down-weights examples the model already gets right, by an amount that "
        r"changes along $z_c$; multiplied into $-\log p_c$ it bends the loss downward somewhere: at the point "
        r"found, the second derivative along a line is negative. " + _REFUTE,
        r"The focal loss is not convex in the logits, for the $\gamma$ given: its benefit (attention to hard "
        r"examples) comes without the guarantee that every stationary point is a global minimum."),
    "two-layer": Exposition(
        r"A network's output multiplies weights of different layers, $\alpha \cdot a(\beta x)$ for an output "
        r"weight $\alpha$ and a hidden weight $\beta$, and a product of two variables is a saddle, not a bowl: "
        r"halfway between two weight settings the network can fit worse than at both, and the chord between them "
        r"passes below the loss. " + _REFUTE,
        r"Cross-entropy is convex in the logits but not in the weights of even the smallest network, so training "
        r"a network is not a convex problem: local minima and saddle points can occur, and where gradient descent "
        r"ends can depend on where it starts."),
    "negated": Exposition(
        r"$-L$ curves the opposite way to $L$: cross-entropy bends upward along $z_c$, so its negation bends "
        r"downward, and its second derivative along that line is negative. " + _REFUTE,
        r"Maximizing cross-entropy is not a convex problem: $-L$ is concave, since $L$ is convex, and it is "
        r"unbounded below, so it has no minimum at all."),
    "softmax-prob": Exposition(
        r"As a function of $z_c$ alone, $p_c = \sigma_c(z)$ is a logistic sigmoid: convex on the left, concave on "
        r"the right. A chord over the concave part lies below the graph. " + _REFUTE,
        r"A softmax probability is not convex in the logits (nor concave): maximizing one probability directly is "
        r"harder to analyse than minimizing its negative log, which is convex (`ceproof prove`)."),
}
"""The words of every loss of the family, and of ``ceproof derive`` under DERIVE."""


def exposition(loss: str, kind: str) -> Exposition | None:
    """The words for a proof of ``loss`` of this ``kind`` (``derive`` uses DERIVE), or None (a certificate of
    a statement outside the family)."""
    return EXPOSITION.get(DERIVE if kind == "derive" else loss)
