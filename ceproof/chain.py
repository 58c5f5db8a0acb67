"""The shape of a proof, checked apart from its mathematics: ids in order, every ``uses`` earlier,
cited theorems from the known list, and a last step that states the theorem on the final results."""

from __future__ import annotations

from dataclasses import dataclass

from .citations import KNOWN_THEOREMS
from .claims import Cited, Conclusion


REFUTATION = "convexity-definition"
"""The citation that turns a checked counterexample into "not convex"."""


@dataclass(frozen=True)
class ChainProblem:
    """What is wrong with the chain, and at which step (None: the proof as a whole)."""

    step: str | None
    message: str


def final_results(steps) -> tuple:
    """Ids of the steps that no later step uses: what the proof establishes in the end."""
    used = {u for step in steps for u in step.uses}
    return tuple(step.id for step in steps if step.id not in used)


def chain_problems(kind: str, theorem: str, assumptions, steps) -> list:
    """Every structural problem, in step order; empty when the chain is sound."""
    problems = []
    for n, assumption in enumerate(assumptions, 1):
        if assumption.id != f"A{n}":
            problems.append(ChainProblem(None, f"assumption {n} has id {assumption.id!r}, expected 'A{n}'"))
    known = {a.id for a in assumptions}
    keys: set = set()
    for n, step in enumerate(steps, 1):
        if step.id != str(n):
            problems.append(ChainProblem(step.id, f"step {n} of the list has id {step.id!r}: a step is missing "
                                                  "or out of order"))
        if step.key in keys:
            problems.append(ChainProblem(step.id, f"the key {step.key!r} is used twice"))
        keys.add(step.key)
        if len(set(step.uses)) != len(step.uses):
            problems.append(ChainProblem(step.id, "lists a used step twice"))
        later = [u for u in step.uses if u not in known]
        if later:
            problems.append(ChainProblem(step.id, f"uses {later[0]}, which is not an assumption or an earlier step"))
        if isinstance(step.claim, Cited):
            theorem_ = step.claim.theorem
            if KNOWN_THEOREMS.get(theorem_.key) != theorem_:
                problems.append(ChainProblem(step.id, f"cites {theorem_.key!r}, which is not a known theorem"))
        if isinstance(step.claim, Conclusion) and n != len(steps):
            problems.append(ChainProblem(step.id, "states the theorem before the last step"))
        known.add(step.id)
    problems.extend(_conclusion_problems(kind, theorem, steps))
    return problems


def _conclusion_problems(kind: str, theorem: str, steps) -> list:
    if not steps or not isinstance(steps[-1].claim, Conclusion):
        return [ChainProblem(None, "the last step does not state the theorem")]
    last = steps[-1]
    if last.claim.statement != theorem:
        return [ChainProblem(last.id, "states a different theorem from the one the proof claims")]
    expected = final_results(steps[:-1])
    if tuple(sorted(last.uses, key=_order)) != tuple(sorted(expected, key=_order)):
        return [ChainProblem(last.id, f"must rest on exactly the final results ({', '.join(expected) or 'none'}), "
                                      f"not on {', '.join(last.uses) or 'nothing'}")]
    claims = {step.id: step.claim for step in steps}
    refutes = any(isinstance(claims[u], Cited) and claims[u].theorem.key == REFUTATION for u in expected)
    if refutes != (kind == "refute"):
        return [ChainProblem(last.id, "a refutation must rest on a cited counterexample to convexity, and only a "
                                      f"refutation may; this certificate says its kind is {kind!r}")]
    concludes = any(isinstance(claims[u], Cited) for u in expected)
    if kind in ("prove", "derive") and concludes != (kind == "prove"):
        return [ChainProblem(last.id, "a proof of convexity rests on a cited conclusion and a derivation on none; "
                                      f"this certificate says its kind is {kind!r}")]
    return []


def _order(ident: str) -> tuple:
    return (ident.startswith("A"), int(ident.lstrip("A")) if ident.lstrip("A").isdigit() else -1, ident)
