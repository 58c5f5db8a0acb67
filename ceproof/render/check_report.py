"""What ``ceproof check`` shows: the theorem a certificate claims, a row per step with ✓/◆/✗, and the
verdict with the first failure explained; as rich renderables or as JSON data."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .prose import to_unicode
from .terminal import MARKS

VERDICTS = {"proved": "VALID: the certificate proves its theorem",
            "refuted": "VALID: the certificate refutes convexity with a checked counterexample",
            "check failed": "INVALID"}


def report(proof, source: str) -> Group:
    """The rich renderable of a checked certificate."""
    table = Table("step", "key", "claim", "check", box=None, pad_edge=False, show_edge=False)
    for step, result in zip(proof.steps, proof.results):
        mark, style = MARKS[result.status]
        cited = getattr(step.claim, "theorem", None)
        shown = f"{mark}: {cited.name}" if result.status == "cited" and cited is not None else mark
        table.add_row(step.id, step.key, type(step.claim).__name__, Text(shown, style=style))
    return Group(
        Text(f"Certificate {source}: {proof.kind}" + (f" --loss {proof.loss}" if proof.loss else "")
             + _parameters(proof)),
        Text("Theorem. " + to_unicode(proof.theorem)),
        Text(""),
        table,
        Text(""),
        Text(verdict_line(proof), style="bold green" if proof.verdict != "check failed" else "bold red"),
        *([Text("Trusted base: " + "; ".join(f"{t.name} ({t.citation})" for t in proof.trusted_base))]
          if proof.trusted_base and proof.verdict != "check failed" else []),
    )


def verdict_line(proof) -> str:
    failure = proof.first_failure
    if failure is not None:
        step, result = failure
        return f"INVALID: step {step.id} ({step.key}) fails: {to_unicode(result.detail or result.method)}"
    return (f"{VERDICTS[proof.verdict]}: {proof.count('verified')} steps verified by the engine, "
            f"{proof.count('cited')} cited.")


def _parameters(proof) -> str:
    shown = [f"--{name} {value}" for name, value in proof.parameters if value is not None]
    return (" " + " ".join(shown)) if shown else ""


def to_dict(proof, source: str) -> dict:
    """The verdict of a checked certificate as JSON data."""
    failure = proof.first_failure
    return {
        "certificate": source,
        "valid": failure is None,
        "verdict": "invalid" if failure is not None else proof.verdict,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": dict(proof.parameters),
        "theorem": proof.theorem,
        "steps": [{"id": s.id, "key": s.key, "claim": type(s.claim).__name__, "check": r.status,
                   "method": r.method, "detail": r.detail} for s, r in zip(proof.steps, proof.results)],
        "first_failure": None if failure is None else {"id": failure[0].id, "key": failure[0].key,
                                                       "detail": failure[1].detail or failure[1].method},
        "trusted_base": [{"key": t.key, "name": t.name, "reference": t.citation} for t in proof.trusted_base],
    }
