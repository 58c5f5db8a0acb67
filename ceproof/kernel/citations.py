"""The theorems a proof may cite instead of checking: the trusted base, in one table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reference:
    """A publication the trusted base points to."""

    key: str
    authors: str
    title: str
    publisher: str
    year: int

    @property
    def text(self) -> str:
        return f"{self.authors}, {self.title}, {self.publisher}, {self.year}"


@dataclass(frozen=True)
class Theorem:
    """A named, published result that a cited step relies on (statement: prose with $…$ math)."""

    key: str
    name: str
    statement: str
    source: Reference
    section: str

    @property
    def citation(self) -> str:
        """``Authors, Title, Publisher, Year, §3.1.4``."""
        return f"{self.source.text}, §{self.section}"


BOYD = Reference("boyd2004", "S. Boyd and L. Vandenberghe", "Convex Optimization", "Cambridge University Press", 2004)

SECOND_ORDER_CONDITION = Theorem(
    key="second-order-condition",
    name="Second-order condition for convexity",
    statement=(
        "A twice differentiable function on an open convex domain is convex "
        "if and only if its Hessian is positive semidefinite at every point of the domain."
    ),
    source=BOYD,
    section="3.1.4",
)

STRICT_CONVEXITY_DEFINITION = Theorem(
    key="strict-convexity-definition",
    name="Definition of strict convexity",
    statement=(
        r"$f$ is strictly convex if $f(\theta x + (1 - \theta) w) < \theta f(x) + (1 - \theta) f(w)$ "
        r"for all $x \neq w$ in its domain and $0 < \theta < 1$."
    ),
    source=BOYD,
    section="3.1.1",
)

CONVEXITY_DEFINITION = Theorem(
    key="convexity-definition",
    name="Definition of convexity",
    statement=(
        r"$f$ is convex if and only if $f(\theta x + (1 - \theta) w) \leq \theta f(x) + (1 - \theta) f(w)$ "
        r"for all $x, w$ in its domain and $0 \leq \theta \leq 1$ (3.1.1). If $f$ is twice differentiable "
        r"on an open convex domain, convexity implies that the second derivative of $f$ along every line, "
        r"$v^\top \nabla^2 f(x)\, v$, is $\geq 0$ at every point (3.1.4)."
    ),
    source=BOYD,
    section="3.1.1 and 3.1.4",
)

SECOND_ORDER_STRICT = Theorem(
    key="second-order-strict",
    name="Second-order condition for strict convexity",
    statement=(
        "A twice differentiable function on an open convex domain whose Hessian is positive definite "
        "at every point of the domain is strictly convex."
    ),
    source=BOYD,
    section="3.1.4",
)

AFFINE_PRECOMPOSITION = Theorem(
    key="affine-precomposition",
    name="Composition with an affine mapping",
    statement=r"If $f$ is convex, then $g(\theta) = f(A\theta + c)$ is convex for every affine map $\theta \mapsto A\theta + c$.",
    source=BOYD,
    section="3.2.2",
)

NONNEGATIVE_SUMS = Theorem(
    key="nonnegative-sums",
    name="Nonnegative weighted sums",
    statement=(
        r"If $f_1, \dots, f_m$ are convex and $w_1, \dots, w_m \geq 0$, then $w_1 f_1 + \dots + w_m f_m$ is convex; "
        r"a function convex in some variables and constant in the others is convex in all of them."
    ),
    source=BOYD,
    section="3.2.1",
)

NORM_CONVEXITY = Theorem(
    key="norm-convexity",
    name="Norms are convex",
    statement=r"Every norm on $\mathbb{R}^n$ is convex, in particular the $\ell_1$ norm $\|\theta\|_1 = \sum_k \lvert\theta_k\rvert$.",
    source=BOYD,
    section="3.1.5",
)

POINTWISE_MAXIMUM = Theorem(
    key="pointwise-maximum",
    name="Pointwise maximum",
    statement=(
        r"If $f_1, \dots, f_m$ are convex, then $\max(f_1, \dots, f_m)$ is convex; an affine function is convex, "
        r"so $\lvert g \rvert = \max(g, -g)$ is convex for every affine $g$."
    ),
    source=BOYD,
    section="3.2.3",
)

NORM_OF_AFFINE = Theorem(
    key="norm-of-affine",
    name="Euclidean norm of an affine map",
    statement=(
        r"If $t_1, \dots, t_m$ are affine functions of $\theta$ and $c_1, \dots, c_m \geq 0$, then "
        r"$\sqrt{c_1 t_1^2 + \dots + c_m t_m^2}$, the Euclidean norm of the affine map "
        r"$\theta \mapsto (\sqrt{c_k}\, t_k)_k$, is convex in $\theta$ (a norm is convex, and so is its composition "
        r"with an affine map)."
    ),
    source=BOYD,
    section="3.1.5 and 3.2.2",
)

SCALAR_COMPOSITION = Theorem(
    key="scalar-composition",
    name="Composition with a nondecreasing convex function",
    statement=(
        r"If $g$ is convex (an affine $g$ is) and $h$ is convex and nondecreasing on an interval holding every value "
        r"of $g$, then $h \circ g$ is convex; $e^t$ and $\log(1 + e^t)$ are convex and nondecreasing on "
        r"$\mathbb{R}$, and $t^r$ ($r \geq 1$ rational) on $[0, \infty)$."
    ),
    source=BOYD,
    section="3.2.4",
)

STRICT_ON_AFFINE_SET = Theorem(
    key="strict-on-affine-set",
    name="Second-order condition for strict convexity on an affine set",
    statement=(
        r"If $f$ is twice differentiable on an open convex set containing an affine set $A$, and "
        r"$v^\top \nabla^2 f(x)\, v > 0$ for every $x \in A$ and every $v \neq 0$ parallel to $A$, then $f$ is "
        r"strictly convex on $A$: its restriction $g(u) = f(x_0 + F u)$, where the columns of $F$ span the "
        r"directions of $A$, has the positive definite Hessian $F^\top \nabla^2 f\, F$ (3.2.2), so it is strictly "
        r"convex (3.1.4)."
    ),
    source=BOYD,
    section="3.1.4 and 3.2.2",
)

KNOWN_THEOREMS = {t.key: t for t in (SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION, CONVEXITY_DEFINITION,
                                      SECOND_ORDER_STRICT, AFFINE_PRECOMPOSITION, NONNEGATIVE_SUMS, NORM_CONVEXITY,
                                      POINTWISE_MAXIMUM, NORM_OF_AFFINE, SCALAR_COMPOSITION, STRICT_ON_AFFINE_SET)}
"""Every theorem a step may cite, by key."""
