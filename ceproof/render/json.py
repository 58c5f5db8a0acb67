"""The JSON renderer: the proof's steps and, for an explicit K, its gradient and Hessian over z."""

from __future__ import annotations

import json

import sympy

from .latex import claim_latex


def to_dict(proof) -> dict:
    n = proof.notation
    data = {
        "theorem": proof.theorem,
        "verdict": proof.verdict,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": {k: (str(v) if v is not None and not isinstance(v, (int, str)) else v)
                       for k, v in proof.parameters},
        "classes": n.classes,
        "label": n.label,
        "assumptions": [{"id": a.id, "text": a.text} for a in proof.assumptions],
        "steps": [
            {"id": s.id, "rule": s.rule, "claim": claim_latex(s.claim, n), "check": r.status,
             "method": r.method, "uses": list(s.uses)}
            for s, r in zip(proof.steps, proof.results)
        ],
        "trusted_base": [{"name": t.name, "statement": t.statement, "reference": t.citation}
                         for t in proof.trusted_base],
    }
    keys = {s.key for s in proof.steps}
    if n.is_explicit and {"gradient", "hessian"} <= keys:
        gradient = proof.step("gradient").claim.result
        hessian = proof.step("hessian").claim.result
        data["gradient"] = [_in_logits(n, gradient.entry_at(n, r)) for r in range(n.classes)]
        data["hessian"] = [[_in_logits(n, hessian.entry_at(n, r, c)) for c in range(n.classes)]
                           for r in range(n.classes)]
    return data


def _in_logits(notation, expr) -> str:
    return sympy.sstr(notation.in_logits(expr))


def to_json(proof) -> str:
    """Deterministic JSON text (sorted keys are not used: the order above is the reading order)."""
    return json.dumps(to_dict(proof), ensure_ascii=False, indent=2)
