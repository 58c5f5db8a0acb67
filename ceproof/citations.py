"""The theorems a proof may cite instead of checking: the trusted base."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theorem:
    """A named, published result that a cited step relies on."""

    key: str
    name: str
    statement: str
    reference: str


BOYD = "S. Boyd and L. Vandenberghe, Convex Optimization, Cambridge University Press, 2004"

SECOND_ORDER_CONDITION = Theorem(
    key="second-order-condition",
    name="Second-order condition for convexity",
    statement=(
        "A twice differentiable function on an open convex domain is convex "
        "if and only if its Hessian is positive semidefinite at every point of the domain."
    ),
    reference=f"{BOYD}, §3.1.4",
)

STRICT_CONVEXITY_DEFINITION = Theorem(
    key="strict-convexity-definition",
    name="Definition of strict convexity",
    statement=(
        "f is strictly convex if f(θx + (1−θ)w) < θf(x) + (1−θ)f(w) for all x ≠ w in its "
        "domain and 0 < θ < 1; a function that is constant along a line violates this."
    ),
    reference=f"{BOYD}, §3.1.1",
)

KNOWN_THEOREMS = {t.key: t for t in (SECOND_ORDER_CONDITION, STRICT_CONVEXITY_DEFINITION)}
