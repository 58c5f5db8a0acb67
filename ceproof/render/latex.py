"""LaTeX for claims (used by the JSON renderer)."""

from __future__ import annotations

from sympy.printing.latex import LatexPrinter

from .display import Prose, claim_parts, wants_explicit
from .prose import to_latex

OPERATORS = {" := ": r" := ", " = ": " = ", " ≥ 0": r" \geq 0", " > 0": " > 0", ",  ": r",\quad ", " ⪰ 0": r" \succeq 0"}


def claim_latex(claim, notation) -> str:
    """The claim in LaTeX math: written out for a small explicit K, else by its entry pattern."""
    printer = LatexPrinter()
    out = []
    for part in claim_parts(claim, notation, explicit=wants_explicit(notation)):
        if isinstance(part, Prose):
            out.append(r"\text{" + to_latex(part).replace("  ", r"\quad ") + "}")
        elif isinstance(part, str):
            out.append(OPERATORS[part])
        else:
            out.append(printer.doprint(part))
    return "".join(out)
