"""What ``ceproof check`` shows: the statement it verified, written out; a row per step with ✓/◆/✗; and
the verdict with the first failure explained; as rich renderables or as JSON data."""

from __future__ import annotations

import sympy
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ..kernel.notation import expand_sums
from .linear import LARGE, nodes, unicode_math
from .methods import method_text
from .prose import to_unicode
from .statement import latex_math, math, premise_text, property_text, theorem_text, variables_text
from .terminal import MARKS

VERDICTS = {"proved": "VALID: every step is checked or cited and the statement is exactly what they establish",
            "refuted": "VALID (a refutation): every step is checked or cited, down to a certified counterexample",
            "check failed": "INVALID"}
WRITTEN_OUT_UP_TO = 6
"""Largest explicit K for which the report also writes the function out over z0, z1, …"""
SMALL = 300
"""Most nodes a function may have to be written out too (a hostile file's sums would run for minutes)."""
WRITTEN_TERMS = 2_000
"""Most terms its sums may write out into: six nested sums over 0 … 5 are 47 nodes but 46 656 terms, which
SymPy made for 79 s (C14-2); a loss of the family at K ≤ 6 writes out a few dozen."""


WRITTEN_NODES = 20_000
"""Most nodes the written-out line may have, each term's body counted: 1296 terms of 11 tanh each took SymPy
93 s to build (C31 lead)."""


def written_size(expr, cap: int = WRITTEN_NODES + 1) -> int:
    """Nodes of ``expr`` with its sums over numbers written out, counted without writing them (at most ``cap``)."""
    if not expr.args:
        return 1
    if isinstance(expr, sympy.Sum):
        count = 1
        for _, low, high in expr.limits:
            if not (sympy.sympify(low).is_Integer and sympy.sympify(high).is_Integer):
                return cap
            count *= max(int(high) - int(low) + 1, 0)
            if count > cap:
                return cap
        return min(cap, count * written_size(expr.function, cap))
    total = 1
    for arg in expr.args:
        total += written_size(arg, cap)
        if total >= cap:
            return cap
    return total


def report(proof, source: str) -> Group:
    """The rich renderable of a checked certificate: what it states, the step table and the verdict."""
    table = Table("step", "key", "claim", "check", box=None, pad_edge=False, show_edge=False)
    for column in table.columns:  # a narrow terminal folds a cell onto the next line, never cuts it
        column.overflow = "fold"
    for step, result in zip(proof.steps, proof.results):
        mark, style = MARKS[result.status]
        cited = getattr(step.claim, "theorem", None)
        shown = f"{mark}: {cited.name}" if result.status == "cited" and cited is not None else mark
        table.add_row(Text(step.id), Text(step.key), type(step.claim).__name__, Text(shown, style=style))
    return Group(
        Text(f"Certificate {source}: " + (f"loss {proof.loss}{_parameters(proof)}" if proof.loss else "no loss named")),
        Text(""),
        statement_block(proof),
        Text(""),
        table,
        Text(""),
        Text(verdict_line(proof), style="bold green" if proof.verdict != "check failed" else "bold red"),
        *([Text("Trusted base: " + "; ".join(f"{t.name} ({t.citation})" for t in proof.trusted_base))]
          if proof.trusted_base and proof.verdict != "check failed" else []),
        Text("The words of the steps (rule names, explanations) are shown by ceproof's renderers but not checked; "
             "the statement above is checked.", style="dim"),
    )


def statement_block(proof) -> Text:
    """The statement, formally: the function written out, its variables and their domain, the premises
    and each property."""
    statement, n = proof.statement, proof.notation
    text = Text("Statement (formal; this is what the kernel verified):", style="bold")
    name = unicode_math(sympy.Function(str(statement.name))(*statement.variables))
    text.append(f"\n  function   {name} = {unicode_math(statement.function)}")
    if (n.is_explicit and n.classes <= WRITTEN_OUT_UP_TO and nodes(statement.function) <= SMALL
            and proof.verdict != "check failed"  # a valid statement's sums run over its K entries
            and written_size(statement.function) <= WRITTEN_NODES):
        try:
            written = unicode_math(n.concrete(expand_sums(statement.function, [WRITTEN_TERMS])))
        except Exception:  # too large to write out, or a constant the kernel never makes: the line is left out
            written = None
        if written is not None:
            text.append(f"\n  written out {name} = {written}")
    for definition in statement.where:
        text.append(f"\n  where      {unicode_math(sympy.Eq(definition.lhs, definition.rhs, evaluate=False))}")
    text.append(f"\n  variables  {to_unicode(variables_text(statement.variables))}")
    for k, premise in enumerate(statement.premises, 1):
        kind = "domain" if premise.domain else "premise"
        text.append(f"\n  A{k} {kind:<7} {to_unicode(premise_text(premise, n))}")
    for prop in statement.properties:
        text.append(f"\n  asserts    {to_unicode(property_text(prop, statement, n, unicode_math))}")
    return text


def verdict_line(proof) -> str:
    failure = proof.first_failure
    if failure is not None:
        step, result = failure
        return f"INVALID: step {step.id} ({step.key}) fails: {to_unicode(result.detail or result.method)}"
    return (f"{VERDICTS[proof.verdict]}: {proof.count('verified')} steps verified by the kernel, "
            f"{proof.count('cited')} cited.")


def _parameters(proof) -> str:
    shown = [f"{name}={value}" for name, value in proof.parameters if value is not None]
    return (" (" + ", ".join(shown) + ")") if shown else ""


def to_dict(proof, source: str) -> dict:
    """The verdict of a checked certificate as JSON data."""
    failure = proof.first_failure
    statement, n = proof.statement, proof.notation
    return {
        "certificate": source,
        "valid": failure is None,
        "verdict": "invalid" if failure is not None else proof.verdict,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": dict(proof.parameters),
        "statement": {
            "name": str(statement.name),
            "function": math(statement.function) if nodes(statement.function) <= LARGE else unicode_math(
                statement.function),
            "variables": [str(v) for v in statement.variables],
            "premises": [{"id": f"A{k}", "type": type(p).__name__, "text": premise_text(p, n)}
                         for k, p in enumerate(statement.premises, 1)],
            "properties": [{"type": type(p).__name__, "text": property_text(p, statement, n, latex_math)}
                           for p in statement.properties],
            "where": [math(sympy.Eq(d.lhs, d.rhs, evaluate=False)) for d in statement.where],
        },
        "theorem": theorem_text(statement, n) if nodes(statement.function) <= LARGE else theorem_text(
            statement, n, unicode_math),
        "steps": [{"id": s.id, "key": s.key, "claim": type(s.claim).__name__, "check": r.status,
                   "method": r.method, "detail": method_text(r, s.claim)}
                  for s, r in zip(proof.steps, proof.results)],
        "first_failure": None if failure is None else {"id": failure[0].id, "key": failure[0].key,
                                                       "detail": failure[1].detail or failure[1].method},
        "trusted_base": [{"key": t.key, "name": t.name, "reference": t.citation} for t in proof.trusted_base],
    }
