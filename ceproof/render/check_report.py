"""What ``ceproof check`` shows: the theorem a certificate claims, a row per step with ✓/◆/✗, and the
verdict with the first failure explained; as rich renderables or as JSON data."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from .latex import claim_latex
from .prose import to_unicode
from .terminal import MARKS

VERDICTS = {"proved": "VALID: every step is checked or cited and the chain is complete",
            "refuted": "VALID (a refutation): every step is checked or cited, down to a certified counterexample",
            "check failed": "INVALID"}


def report(proof, source: str, width: int = 80) -> Group:
    """The rich renderable of a checked certificate: what it claims, what it assumes, the step table,
    what the checked steps establish, and the verdict."""
    table = Table("step", "key", "claim", "check", box=None, pad_edge=False, show_edge=False)
    for step, result in zip(proof.steps, proof.results):
        mark, style = MARKS[result.status]
        cited = getattr(step.claim, "theorem", None)
        shown = f"{mark}: {cited.name}" if result.status == "cited" and cited is not None else mark
        table.add_row(step.id, step.key, type(step.claim).__name__, Text(shown, style=style))
    return Group(
        Text(f"Certificate {source}: {proof.kind}" + (f" --loss {proof.loss}" if proof.loss else "")
             + _parameters(proof)),
        Text("Theorem, as stated (words are not checked). " + to_unicode(proof.theorem)),
        Text(""),
        _premises(proof, width),
        Text(""),
        table,
        Text(""),
        _established(proof, width),
        Text(""),
        Text(verdict_line(proof), style="bold green" if proof.verdict != "check failed" else "bold red"),
        *([Text("Trusted base: " + "; ".join(f"{t.name} ({t.citation})" for t in proof.trusted_base))]
          if proof.trusted_base and proof.verdict != "check failed" else []),
    )


def _premises(proof, width: int) -> Text:
    """The assumptions with their formal facts, and every symbol's declared domain: the hypotheses
    of the theorem, taken as given."""
    text = Text("Assumptions (taken as given):", style="bold")
    for assumption in proof.assumptions:
        text.append(f"\n  {assumption.id}. {to_unicode(assumption.text)}")
        for fact in getattr(assumption.claim, "facts", ()):
            text.append("\n      states: " + _one_line(fact, proof.notation, width))
    declared = declared_symbols(proof)
    text.append("\nDeclared symbols: ", style="bold")
    text.append("; ".join(f"{name} {' '.join(kinds)}" for name, kinds in declared.items()) or "none")
    return text


def _established(proof, width: int) -> Text:
    """The final results the theorem rests on, as the checked claims themselves."""
    text = Text("What the checked steps establish (the theorem rests on these):", style="bold")
    results = dict(zip((s.id for s in proof.steps), proof.results))
    finals = proof.steps[-1].uses if proof.steps else ()
    for step in proof.steps:
        if step.id in finals:
            text.append(f"\n  ({step.id}) {step.key}: ")
            text.append(_one_line(step.claim, proof.notation, width))
            about = dict(results[step.id].evidence).get("about")
            if about:
                text.append(f"  [{step.claim.theorem.name}: its checked premises are about {about}]")
    return text


def _one_line(claim, notation, width: int) -> str:
    """The claim in index notation (its entry pattern), indented below when it takes several lines."""
    from .display import claim_parts
    from .terminal import pretty_parts

    rendered = pretty_parts(claim_parts(claim, notation, explicit=False))
    lines = rendered.splitlines()
    return rendered.strip() if len(lines) == 1 else "\n" + "\n".join("      " + line for line in lines)


def declared_symbols(proof) -> dict:
    """Name -> the assumptions it is declared with, for every symbol of the proof that has any."""
    import dataclasses

    import sympy

    found: dict = {}

    def visit(obj):
        if isinstance(obj, sympy.Basic):
            for atom in obj.atoms(sympy.Symbol, sympy.IndexedBase):
                symbol = atom.label if isinstance(atom, sympy.IndexedBase) else atom
                kinds = sorted(k for k, v in symbol._assumptions_orig.items() if v)
                if kinds:
                    found.setdefault(atom.name, kinds)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for field in dataclasses.fields(obj):
                visit(getattr(obj, field.name))
        elif isinstance(obj, tuple):
            for item in obj:
                visit(item)

    for part in (*proof.assumptions, *proof.steps):
        visit(part.claim)
    return dict(sorted(found.items()))


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
        "assumptions": [{"id": a.id, "text": a.text,
                         "facts": [claim_latex(f, proof.notation) for f in getattr(a.claim, "facts", ())]}
                        for a in proof.assumptions],
        "declared_symbols": declared_symbols(proof),
        "established": [{"id": s.id, "key": s.key, "claim": claim_latex(s.claim, proof.notation)}
                        for s in proof.steps if proof.steps and s.id in proof.steps[-1].uses],
        "steps": [{"id": s.id, "key": s.key, "claim": type(s.claim).__name__, "check": r.status,
                   "method": r.method, "detail": r.detail} for s, r in zip(proof.steps, proof.results)],
        "first_failure": None if failure is None else {"id": failure[0].id, "key": failure[0].key,
                                                       "detail": failure[1].detail or failure[1].method},
        "trusted_base": [{"key": t.key, "name": t.name, "reference": t.citation} for t in proof.trusted_base],
    }
