"""Assemble a proof step by step and check every step against only the steps it uses."""

from __future__ import annotations

from .checks import check_claim
from .facts import Facts
from .notation import Notation
from .proof import Assumption, CheckResult, Proof, Step


class ProofBuilder:
    """Collects assumptions and steps under short keys; ``build`` numbers and checks them."""

    def __init__(self, kind: str, theorem: str, notation: Notation, title: str = ""):
        self.kind = kind
        self.title = title
        self.theorem = theorem
        self.notation = notation
        self.assumptions: list[Assumption] = []
        self.steps: list[Step] = []
        self.ids: dict[str, str] = {}

    def assume(self, key: str, text: str, claim) -> str:
        ident = f"A{len(self.assumptions) + 1}"
        self.assumptions.append(Assumption(ident, text, claim))
        self.ids[key] = ident
        return ident

    def add(self, key: str, claim, rule: str, explanation: str = "", uses: tuple = ()) -> str:
        """Append a step; ``uses`` are keys of earlier steps or assumptions."""
        missing = [u for u in uses if u not in self.ids]
        if missing:
            raise ValueError(f"step {key!r} uses unknown or later steps {missing}")
        if key in self.ids:
            raise ValueError(f"step key {key!r} used twice")
        ident = str(len(self.steps) + 1)
        used = sorted((self.ids[u] for u in uses), key=lambda i: (i.startswith("A"), int(i.lstrip("A"))))
        self.steps.append(Step(ident, key, claim, rule, explanation, tuple(used)))
        self.ids[key] = ident
        return ident

    def build(self, parameters: tuple = ()) -> Proof:
        """Check every step in order; a failed check is recorded, never hidden, and a step that
        uses a failed step fails too."""
        by_id = {a.id: a.claim for a in self.assumptions}
        closure = {a.id: {a.id} for a in self.assumptions}
        failed: set = set()
        results = []
        earlier: list = [a.claim for a in self.assumptions]
        for step in self.steps:
            closure[step.id] = {step.id}.union(*(closure[u] for u in step.uses))
            broken = [u for u in step.uses if u in failed]
            if broken:
                result = CheckResult("failed", "dependencies", f"uses step {broken[0]}, whose check failed")
            else:
                ancestors = [by_id[a] for a in sorted(closure[step.id] - {step.id})]
                facts = Facts.from_claims(self.notation, [by_id[u] for u in step.uses], ancestors)
                result = check_claim(step.claim, facts, tuple(earlier))
            if not result.ok:
                failed.add(step.id)
            results.append(result)
            by_id[step.id] = step.claim
            earlier.append(step.claim)
        return Proof(
            kind=self.kind,
            title=self.title,
            theorem=self.theorem,
            notation=self.notation,
            assumptions=tuple(self.assumptions),
            steps=tuple(self.steps),
            results=tuple(results),
            parameters=parameters,
        )
