"""LaTeX for claims (used by the JSON renderer)."""

from __future__ import annotations

from sympy.printing.latex import LatexPrinter

from .display import claim_parts, wants_explicit

WORDS = {" := ": r" := ", " = ": " = ", " ≥ 0": r" \geq 0", " > 0": " > 0", ",  ": r",\quad ",
         " ⪰ 0  for every z": r" \succeq 0 \text{ for every } z", ",  entries  ": r",\quad \text{entries } "}


def claim_latex(claim, notation) -> str:
    """The claim in LaTeX math: written out for a small explicit K, else by its entry pattern."""
    printer = LatexPrinter()
    out = []
    for part in claim_parts(claim, notation, explicit=wants_explicit(notation)):
        if isinstance(part, str):
            out.append(WORDS.get(part, r"\text{" + part.replace("\\", "") + "}"))
        else:
            out.append(printer.doprint(part))
    return "".join(out)
