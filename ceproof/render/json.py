"""The JSON renderer: the proof's steps and, for an explicit K, its gradient and Hessian over z."""

from __future__ import annotations

import json
from fractions import Fraction

import sympy

from ..kernel.algebra.rewrite import substitute
from ..kernel.claims import Counterexample, Definition
from .latex import claim_latex
from .methods import method_text
from .statement import premise_text, theorem_text


def _number(value):
    """A parameter as a JSON number whatever its value (2, 0.1, 0.333…), so a key has one type; the
    exact value of a fraction is in ``exact_parameters`` ("1/3")."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def to_dict(proof) -> dict:
    n = proof.notation
    data = {
        "theorem": theorem_text(proof.statement, n),
        **({"note": proof.note} if proof.note else {}),
        "verdict": proof.verdict,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": {k: _number(v) for k, v in proof.parameters},
        "exact_parameters": {k: str(v) for k, v in proof.parameters if isinstance(v, Fraction)},
        "classes": n.classes,
        "label": n.label,
        "premises": [{"id": f"A{k}", "text": premise_text(a, n)} for k, a in enumerate(proof.statement.premises, 1)],
        "steps": [
            {"id": s.id, "rule": s.rule, "claim": claim_latex(s.claim, n, proof.statement), "check": r.status,
             "method": method_text(r, s.claim), "uses": list(s.uses)}
            for s, r in zip(proof.steps, proof.results)
        ],
        "trusted_base": [{"name": t.name, "statement": t.statement, "reference": t.citation}
                         for t in proof.trusted_base],
    }
    keys = {s.key for s in proof.steps}
    if n.is_explicit and {"gradient", "hessian"} <= keys:
        gradient = proof.step("gradient").claim.result
        hessian = proof.step("hessian").claim.result
        table = _written_out(proof)
        data["gradient"] = [_in_logits(table, gradient.entry_at(n, r), n) for r in range(n.classes)]
        data["hessian"] = [[_in_logits(table, hessian.entry_at(n, r, c), n) for c in range(n.classes)]
                           for r in range(n.classes)]
    counterexample = _counterexample(proof)
    if counterexample is not None:
        data["counterexample"] = counterexample
    return data


def _counterexample(proof):
    """The first counterexample step: its exact points (as in the claim) and the certified bounds
    that its check stored (decimal strings), never recomputed here."""
    for step, result in zip(proof.steps, proof.results):
        if isinstance(step.claim, Counterexample):
            claim = step.claim
            bounds = {name: list(value) for name, value in result.evidence if isinstance(value, tuple)}
            data = {"kind": claim.kind, "variables": [str(v) for v in claim.variables]}
            if claim.kind == "chord":
                data.update(x1=_exact(claim.x1), x2=_exact(claim.x2), t=str(claim.t),
                            f_mid=bounds.get("f_mid"), chord=bounds.get("chord"))
            else:
                data.update(point=_exact(claim.point), direction=_exact(claim.direction),
                            second_derivative=bounds.get("second_derivative"))
            return data
    return None


def _exact(coordinates) -> list:
    return [str(sympy.Rational(x)) for x in coordinates]


def _written_out(proof) -> dict:
    """The proof's definitions (p0, S, τ, Y, …; never the logits themselves), each to be written out
    for its explicit K by its own definition: a variant's softmax or parameters are not the base
    loss's. Values are computed on first use: ``symbol -> (rhs, index, r)``."""
    n = proof.notation
    table = {}
    for step in proof.steps:
        claim = step.claim
        if not isinstance(claim, Definition):
            continue
        if claim.index is None:
            table[claim.lhs] = (claim.rhs, None, None)
        elif claim.lhs.base != n.z:
            for r in range(n.classes):
                table[n.concrete(claim.lhs.base[r])] = (claim.rhs, claim.index, r)
    return table


def _in_logits(table: dict, expr, notation) -> str:
    """``expr`` over z0 … z{K−1} (and the data a label is built from): definitions substituted until none is left."""
    for _ in range(len(table) + 1):
        mapping = {symbol: _value(table, symbol, notation) for symbol in expr.free_symbols & table.keys()}
        if not mapping:
            break
        expr = expr.xreplace(mapping)
    return sympy.sstr(expr)


def _value(table: dict, symbol, notation):
    """The explicit right-hand side of ``symbol``'s definition, remembered in ``table``."""
    entry = table[symbol]
    if len(entry) == 3:
        rhs, index, r = entry
        entry = table[symbol] = (*entry, notation.explicit(rhs if index is None else substitute(rhs, {index: sympy.Integer(r)})))
    return entry[3]


def to_json(proof) -> str:
    """Deterministic JSON text (sorted keys are not used: the order above is the reading order)."""
    return json.dumps(to_dict(proof), ensure_ascii=False, indent=2)
