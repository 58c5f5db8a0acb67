"""Assemble a proof of a given statement step by step (untrusted: the kernel checks what it builds)."""

from __future__ import annotations

from ..kernel.checks.conclusion import property_of, same_property
from ..kernel.claims import Conclusion, Definition
from ..kernel.proof import Proof, Step


class ProofBuilder:
    """Collects steps under short keys; the statement's premises are used under ``premise_keys``
    (``"domain"``, ``"label"``, …, in the statement's order). ``build`` numbers the steps and adds the
    conclusion, which uses the steps that establish the statement's properties."""

    def __init__(self, notation, statement, premise_keys: tuple):
        if len(premise_keys) != len(statement.premises):
            raise ValueError(f"{len(statement.premises)} premises need as many keys, got {premise_keys}")
        self.notation = notation
        self.statement = statement
        self.steps: list[Step] = []
        self.ids: dict[str, str] = {key: f"A{n}" for n, key in enumerate(premise_keys, 1)}

    def add(self, key: str, claim, rule: str, explanation: str = "", uses: tuple = ()) -> str:
        """Append a step; ``uses`` are keys of earlier steps or premises."""
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

    def _conclusion(self) -> Step:
        """The last step: for each property of the statement, the last step that establishes it."""
        scalars = {s.claim.lhs: s.claim.rhs for s in self.steps if isinstance(s.claim, Definition)}
        uses = []
        for wanted in self.statement.properties:
            for step in reversed(self.steps):
                found = property_of(step.claim, self.statement, scalars)
                if found is not None and same_property(found, wanted) and step.id not in uses:
                    uses.append(step.id)
                    break
        return Step(str(len(self.steps) + 1), "conclusion", Conclusion(), "the statement",
                    "It collects the steps that establish each property of the statement.", tuple(uses))

    def build(self) -> Proof:
        """The proof: every step added, then the conclusion. It is not checked here (``ceproof.api`` has
        the kernel check it)."""
        return Proof(self.statement, self.notation, (*self.steps, self._conclusion()))
