"""A proof as plain data: a formal statement, the notation, and ordered steps; and a step's check result."""

from __future__ import annotations

from dataclasses import dataclass

from .notation import Notation
from .statement import Statement


@dataclass(frozen=True)
class Step:
    """One claim with the earlier steps or premises (``A1``, …) it uses; ``rule`` and ``explanation`` are
    prose for readers, which no check reads."""

    id: str
    key: str
    claim: object
    rule: str = ""
    explanation: str = ""
    uses: tuple = ()


@dataclass(frozen=True)
class Proof:
    """A statement and the steps that establish it; premise n of the statement is used as ``An``."""

    statement: Statement
    notation: Notation
    steps: tuple

    @property
    def premise_ids(self) -> dict:
        """``{"A1": premise, …}``."""
        return {f"A{n}": premise for n, premise in enumerate(self.statement.premises, 1)}


@dataclass(frozen=True)
class CheckResult:
    """What checking a step found: ``status`` is ``verified``, ``cited`` (trusted, not checked) or ``failed``.

    ``method`` identifies how it was checked (``laurent``, ``rewrite``, ``sympy.diff``, …) and ``evidence``
    holds what the check computed, as named values (``(("entries", 9), ("f_mid", ("0.69", "0.70")))``);
    renderers put both into words. ``detail`` says why a failed check failed.
    """

    status: str
    method: str
    evidence: tuple = ()
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status in ("verified", "cited")
