"""The shape of a proof, checked apart from its mathematics: step ids in order, every ``uses`` a premise
or an earlier step, and one Conclusion, the last step."""

from __future__ import annotations

from dataclasses import dataclass

from .claims import Conclusion


@dataclass(frozen=True)
class ChainProblem:
    """What is wrong with the chain, and at which step (None: the proof as a whole)."""

    step: str | None
    message: str


def chain_problems(premise_ids, steps) -> list:
    """Every structural problem, in step order; empty when the chain is sound."""
    problems = []
    known = set(premise_ids)
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
            problems.append(ChainProblem(step.id, f"uses {later[0]}, which is not a premise or an earlier step"))
        if isinstance(step.claim, Conclusion) and n != len(steps):
            problems.append(ChainProblem(step.id, "states the conclusion before the last step"))
        known.add(step.id)
    if not steps or not isinstance(steps[-1].claim, Conclusion):
        problems.append(ChainProblem(None, "the last step does not state the conclusion"))
    return problems
