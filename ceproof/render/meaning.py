"""The idea before a proof and what it means after, as prose with $…$ math: the loss's words
(``family/exposition.py``) and, for a refutation, what its checked counterexample says, in words
written from the claim and the numbers its check computed (never from the producer)."""

from __future__ import annotations

import sympy

from ..family.exposition import exposition
from ..kernel.claims import Counterexample

SHOWN_DIGITS = 4
"""Significant digits of a certified value in words; the intervals themselves are in the step's check line."""
WRITTEN_COORDINATES = 4
"""A point with more coordinates is written as a sum of unit vectors (−4 e₀), not as a tuple."""


def idea(proof) -> str:
    """The idea of the proof, or "" for a statement outside the family."""
    words = exposition(proof.loss, proof.kind)
    return words.idea if words is not None and proof.verdict in ("proved", "refuted") else ""


def meaning(proof) -> str:
    """What the result means: the loss's words, after what a refutation's counterexample shows."""
    if proof.verdict not in ("proved", "refuted"):
        return ""
    words = exposition(proof.loss, proof.kind)
    shown = [counterexample_words(proof)] if proof.kind == "refute" else []
    if words is not None:
        shown.append(words.meaning)
    return " ".join(w for w in shown if w)


def counterexample_words(proof) -> str:
    """The checked counterexample in words: where the graph lies above its chord, or bends downward."""
    found = [(s, r) for s, r in zip(proof.steps, proof.results) if isinstance(s.claim, Counterexample) and r.ok]
    if not found:
        return ""
    step, result = found[0]
    claim, values = step.claim, dict(result.evidence)
    name = sympy.latex(claim.of) if claim.of is not None else "f"
    if claim.kind == "chord" and "f_mid" in values and "chord" in values:
        t = sympy.Rational(claim.t)
        middle = tuple(t * a + (1 - t) * b for a, b in zip(claim.x1, claim.x2))
        return (f"The counterexample (step {step.id}) takes two points, ${_point(claim.x1)}$ and ${_point(claim.x2)}$, and the point "
                f"${_point(middle)}$ between them (the weight $t = {sympy.latex(t)}$): there ${name}$ is about "
                f"${_about(values['f_mid'])}$, but the chord between the two points is only at "
                f"${_about(values['chord'])}$. The graph of a convex function never rises above its chords, so "
                f"${name}$ is not convex; both numbers are certified, so this is not rounding error.")
    if claim.kind == "curvature" and "second_derivative" in values:
        return (f"The counterexample (step {step.id}) is a line through ${_point(claim.point)}$ in the direction "
                f"${_point(claim.direction)}$ along which the second derivative of ${name}$ is about "
                f"${_about(values['second_derivative'])}$, certified negative: ${name}$ bends downward there, "
                "which a convex function never does.")
    return ""


def _about(interval) -> str:
    """The midpoint of a certified interval, to SHOWN_DIGITS significant digits, as LaTeX."""
    low, high = (float(sympy.Rational(x)) for x in interval)
    return f"{(low + high) / 2:#.{SHOWN_DIGITS}g}".rstrip(".")


def _point(vector) -> str:
    """A point as LaTeX: (−4, 0, 0), or by unit vectors when it has many coordinates."""
    values = [sympy.Rational(x) for x in vector]
    if len(values) <= WRITTEN_COORDINATES:
        return "(" + ", ".join(sympy.latex(x) for x in values) + ")" if len(values) > 1 else sympy.latex(values[0])
    terms = [f"{'' if x == 1 else '-' if x == -1 else sympy.latex(x) + ' '}e_{{{r}}}" for r, x in enumerate(values) if x]
    return " + ".join(terms).replace("+ -", "- ") if terms else "0"
