"""An "unknown" answer to a typed loss (``expr.decide.Undecided``) in words and as JSON: what was asked, how the
statement would name its unknowns, and where each route stopped. There is no proof to render."""

from __future__ import annotations


def to_text(answer) -> str:
    lines = [f"Unknown: ceproof neither proved nor refuted the convexity of {answer.text}.", "Routes tried:"]
    lines += [f"  - {a.route}: {a.stopped}" for a in answer.attempts]
    legend = answer.renamed.legend()
    if legend:
        lines.append("Names in the kernel's statement: " + ", ".join(f"{t} → {k}" for t, k in legend) + ".")
    lines.append("An unknown is not a verdict: the loss may be convex or not.")
    return "\n".join(lines) + "\n"


def to_dict(answer) -> dict:
    """The JSON of an unknown: the keys a proof's JSON has for the same things (format, version, verdict)."""
    from .json import FORMAT, VERSION

    return {"format": FORMAT, "version": VERSION, "verdict": "unknown", "expr": answer.text,
            "attempts": [{"route": a.route, "stopped": a.stopped} for a in answer.attempts]}
