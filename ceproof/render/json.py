"""The JSON renderer: the proof's steps and, for an explicit K, its gradient and Hessian over z."""

from __future__ import annotations

import json
from fractions import Fraction

import sympy
from sympy.printing.str import StrPrinter

from ..kernel.algebra.rewrite import substitute
from ..kernel.claims import Counterexample, Definition
from .latex import claim_latex
from .meaning import idea, meaning
from .methods import method_text
from .statement import premise_text, theorem_text


FORMAT, VERSION = "ceproof-json", 2
"""Version 2: the gradient and Hessian entries are over named definitions (S, p0, …) that ``definitions``
carries in order, not written out in z (version 1 grew like K³: 90 MB at K = 200)."""


def _number(value):
    """A parameter as a JSON number whatever its value (2, 0.1, 0.333…), so a key has one type; the
    exact value of a fraction is in ``exact_parameters`` ("1/3")."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    return value


def to_dict(proof) -> dict:
    n = proof.notation
    data = {
        "format": FORMAT,
        "version": VERSION,
        "theorem": theorem_text(proof.statement, n),
        **({"note": proof.note} if proof.note else {}),
        "verdict": proof.verdict,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": {k: _number(v) for k, v in proof.parameters},
        "exact_parameters": {k: str(v) for k, v in proof.parameters if isinstance(v, Fraction)},
        "classes": n.classes if proof.loss else None,  # a typed loss's notation sizes its Hessian, no classes
        "label": n.label,
        "premises": [{"id": f"A{k}", "text": premise_text(a, n)} for k, a in enumerate(proof.statement.premises, 1)],
        "idea": idea(proof),
        "steps": [
            {"id": s.id, "rule": s.rule, "claim": claim_latex(s.claim, n, proof.statement), "check": r.status,
             "method": method_text(r, s.claim), "uses": list(s.uses)}
            for s, r in zip(proof.steps, proof.results)
        ],
        "trusted_base": [{"name": t.name, "statement": t.statement, "reference": t.citation}
                         for t in proof.trusted_base],
        "meaning": meaning(proof),
    }
    keys = {s.key for s in proof.steps}
    if n.is_explicit and {"gradient", "hessian"} <= keys:
        gradient = proof.step("gradient").claim.result
        hessian = proof.step("hessian").claim.result
        table = _written_out(proof)
        entries, used_g = _array_text(gradient, n)
        rows, used_h = _array_text(hessian, n)
        data["definitions"] = _definitions(table, used_g | used_h, n)
        data["gradient"], data["hessian"] = entries, rows
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


class _TemplatePrinter(StrPrinter):
    """SymPy's string printer with an entry p[j] at an index of the array written ``p{j}``, a slot that
    str.format fills with each position; any other indexed entry as its explicit symbol (p0)."""

    printmethod = "_ceproof_json"  # never an object's own _sympystr: Indexed has one

    def __init__(self, indices, notation):
        super().__init__()
        self.indices, self.notation, self.names = set(indices), notation, set()

    def _print_Indexed(self, expr):
        (index,) = expr.indices
        if index in self.indices:
            self.names.add((expr.base, None))
            return f"{expr.base.label}{{{index}}}"
        self.names.add((expr.base, int(index)))
        return f"{expr.base.label}{index}"


def _templates(array, notation):
    """``[(condition, template)]`` for an entry that depends on its indices only through entries p[j]
    and δ(j, k) of two of them: δ = 1 on the diagonal, 0 off it. None when it depends otherwise
    (floor(r/3), Mod(r, 3) of the linear model)."""
    entry = array.entry
    deltas = {d for d in entry.atoms(sympy.KroneckerDelta) if set(d.args) <= set(array.indices)}
    entries = {x for x in entry.atoms(sympy.Indexed)
               if len(x.indices) == 1 and (x.indices[0] in array.indices or x.indices[0].is_Integer)}
    rest = entry.xreplace({**{d: sympy.Dummy() for d in deltas}, **{x: sympy.Dummy() for x in entries}})
    if rest.free_symbols & set(array.indices) or len(array.indices) > 2 or any(
            len(x.indices) != 1 for x in entry.atoms(sympy.Indexed)):
        return None
    if len(array.indices) == 1:
        return [(lambda position: True, entry)]
    j, k = array.indices
    return [(lambda position: position[0] == position[1], entry.xreplace({k: j})),
            (lambda position: position[0] != position[1], entry.xreplace({d: sympy.Integer(0) for d in deltas}))]


def _array_text(array, notation) -> tuple:
    """The array's entries as strings over explicit names (p0, z1, S, …), and the names they use. An entry
    formula that depends on its indices only through entries and δ is printed once per case (diagonal,
    off it) and filled in by position: a K = 200 Hessian in well under a second instead of 40 000
    SymPy substitutions."""
    templates = _templates(array, notation)
    if templates is None:
        values = [array.entry_at(notation, *position) for position in array.positions()]
        texts = [sympy.sstr(v) for v in values]
        used = {str(s) for v in values for s in v.free_symbols}
    else:
        printer = _TemplatePrinter(array.indices, notation)
        printed = [(condition, printer.doprint(template)) for condition, template in templates]
        names = [str(i) for i in array.indices]
        texts = [next(text for condition, text in printed if condition(position)).format(**dict(zip(names, position)))
                 for position in array.positions()]
        used = {str(s) for _, template in templates for s in template.free_symbols
                if s not in array.indices and not any(s == x.base.label for x in template.atoms(sympy.Indexed))}
        for base, r in printer.names:
            used.update(f"{base.label}{q}" for q in ((r,) if r is not None else range(notation.classes)))
    shape = [int(n) for n in array.shape]
    return (texts if len(shape) == 1 else [texts[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])]), used


def _definitions(table: dict, used: set, notation) -> list:
    """The definitions the gradient and Hessian entries speak of, each over the logits and the names
    before it (S before p0 … p{K−1}), in the proof's order: evaluating them in turn evaluates the
    entries. A K = 200 Hessian is then 40 000 short entries (−p0*p1), not entries written out in z."""
    by_name = {str(symbol): symbol for symbol in table}
    needed, pending = set(), [by_name[name] for name in used if name in by_name]
    while pending:
        symbol = pending.pop()
        if symbol not in needed:
            needed.add(symbol)
            pending.extend(by_name[str(s)] for s in _value(table, symbol, notation).free_symbols if str(s) in by_name)
    data = _data_entries(used | {str(s) for symbol in needed for s in _value(table, symbol, notation).free_symbols},
                         set(by_name), notation)
    return data + [{"name": str(symbol), "value": sympy.sstr(_value(table, symbol, notation))}
                   for symbol in table if symbol in needed]


def _data_entries(names: set, defined: set, notation) -> list:
    """Entries of data vectors fixed by the notation that the arrays name (a one-hot label's y0 = 1),
    as definitions: every name a consumer meets is a logit or defined before it is used."""
    found = []
    for base, values in notation.symbols.items():
        for r, value in enumerate(values):
            name = f"{base.label}{r}"
            if name in names and name not in defined and not (isinstance(value, sympy.Symbol) and str(value) == name):
                found.append({"name": name, "value": sympy.sstr(value)})
    return found


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
