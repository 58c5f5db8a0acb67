"""The answer to "is this typed loss convex?": each route builds a proof (untrusted), the kernel checks it, and
the first proof the kernel verifies is the answer; when none is, the answer is "unknown", with where each route
stopped. A verdict is never given from a producer's word: only from the kernel's results."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from ..kernel.verify import verify
from .composition import composition_proof
from .proof import hessian_proof, kernel_names, refutation

ROUTES = (("negative curvature", partial(refutation, kinds=("curvature",)),
           "no point and direction of negative curvature was found (or the loss has kinks)"),
          ("second-order condition, strict", partial(hessian_proof, strict=True),
           "the Hessian is not seen positive definite (a 1 × 1 Hessian > 0, or a constant one above c·I)"),
          ("composition rules", composition_proof,
           "the loss is not a positive sum of pieces the kernel's citations cover (a max or |…| of affine functions, "
           "a max of such pieces and smooth convex functions, a Euclidean norm of an affine map, e^t or log(1 + e^t) "
           "of an affine t, e^P, log(1 + e^P) or Pʳ (r > 1) of such a piece) and a rest the second-order condition "
           "proves"),
          ("second-order condition", hessian_proof, "no decomposition of vᵀHv into weighted squares was found"),
          ("a chord below the graph", partial(refutation, kinds=("chord",)), "no chord below the graph was found"))
"""Each route in the order tried: its name, the producer, and what it means when the producer finds nothing.
The curvature search is cheap and settles most non-convex losses before the symbolic work; chords, for kinks,
come last."""


@dataclass(frozen=True)
class Attempt:
    """One route tried: its name and where it stopped (what was missing, or the kernel's reason)."""

    route: str
    stopped: str


@dataclass(frozen=True)
class Decided:
    """A proof of the typed loss the kernel checked, its results, and the names the kernel writes its
    unknowns with (``proof.Renamed``)."""

    proof: object
    results: tuple
    renamed: object


@dataclass(frozen=True)
class Undecided:
    """No route gave a proof the kernel verifies: what was asked and where each route stopped."""

    text: str
    attempts: tuple
    renamed: object

    verdict = "unknown"


def decide(parsed) -> Decided | Undecided:
    """The first route's proof the kernel verifies in full, else Undecided. A producer is untrusted code: an
    error in one is reported as where its route stopped, and the next route is tried."""
    attempts = []
    for name, route, nothing in ROUTES:
        try:
            built = route(parsed)
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 — a producer's bug loses its route, never the answer
            attempts.append(Attempt(name, f"the search stopped on an error of its own ({type(error).__name__})"))
            continue
        if built is None:
            attempts.append(Attempt(name, nothing))
            continue
        proof, renamed = built
        results = tuple(verify(proof))
        failed = next(((step, r) for step, r in zip(proof.steps, results) if not r.ok), None)
        if failed is None:
            return Decided(proof, results, renamed)
        step, result = failed
        attempts.append(Attempt(name, f"the kernel did not verify step {step.id} ({step.rule}): {result.detail}"))
    return Undecided(parsed.text, tuple(attempts), kernel_names(parsed))
