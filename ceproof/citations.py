"""The theorems a proof may cite instead of checking: the trusted base."""

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

KNOWN_THEOREMS = {t.key: t for t in (SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION)}
