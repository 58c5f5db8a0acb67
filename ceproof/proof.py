"""A proof as plain data: a theorem, its assumptions, ordered steps, and their check results."""

from __future__ import annotations

from dataclasses import dataclass, field

from .citations import Theorem
from .notation import Notation


@dataclass(frozen=True)
class Assumption:
    """A premise of the theorem, taken as given; steps may use it by id."""

    id: str
    text: str
    claim: object


@dataclass(frozen=True)
class Step:
    """One claim with the rule that justifies it and the earlier steps or assumptions it uses."""

    id: str
    key: str
    claim: object
    rule: str
    explanation: str = ""
    uses: tuple = ()


@dataclass(frozen=True)
class CheckResult:
    """What checking a step found: ``verified``, ``cited`` (trusted, not checked) or ``failed``."""

    status: str
    method: str
    detail: str = ""
    evidence: tuple = ()
    """Named values the check computed, for renderers to show without redoing the math:
    ``(("f_mid", ("0.69", "0.70")), …)`` (a counterexample's certified bounds, as decimal strings)."""

    @property
    def ok(self) -> bool:
        return self.status in ("verified", "cited")


@dataclass(frozen=True)
class Proof:
    """A theorem with its assumptions and steps, each step already checked."""

    kind: str
    title: str
    theorem: str
    notation: Notation
    assumptions: tuple
    steps: tuple
    results: tuple
    parameters: tuple = field(default=())
    loss: str = ""

    @property
    def verdict(self) -> str:
        """``proved``, ``refuted`` (a checked counterexample) or ``check failed``."""
        if not all(r.ok for r in self.results):
            return "check failed"
        return "refuted" if self.kind == "refute" else "proved"

    @property
    def first_failure(self):
        """The first step whose check failed, with its result, or None."""
        for step, result in zip(self.steps, self.results):
            if not result.ok:
                return step, result
        return None

    @property
    def trusted_base(self) -> tuple[Theorem, ...]:
        """The cited theorems, in the order they are first used."""
        seen: dict = {}
        for step in self.steps:
            theorem = getattr(step.claim, "theorem", None)
            if theorem is not None:
                seen.setdefault(theorem.key, theorem)
        return tuple(seen.values())

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def step(self, key: str) -> Step:
        """The step added under ``key`` (``"hessian"``, ``"gradient"``, …)."""
        return next(s for s in self.steps if s.key == key)

    def to_latex(self, standalone: bool = True) -> str:
        """LaTeX: a complete article, or (``standalone=False``) the theorem and proof to ``\\input``."""
        from .render.latex import to_latex_document

        return to_latex_document(self, standalone)

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown with $…$ math."""
        from .render.markdown import to_markdown

        return to_markdown(self)

    def to_certificate(self) -> str:
        """The certificate: versioned JSON that ``ceproof check`` re-verifies from the file alone."""
        from .certificate import certificate_text

        return certificate_text(self)

    def _repr_latex_(self) -> str:
        from .render.latex import claim_latex

        return "\n".join(f"$$\\text{{({s.id})}}\\quad {claim_latex(s.claim, self.notation)}$$" for s in self.steps)

    def __rich_console__(self, console, options):
        from .render.terminal import render_proof

        yield from render_proof(self, options.max_width)

    def _repr_html_(self) -> str:
        from .render.terminal import to_html

        return to_html(self)

    def __str__(self) -> str:
        from .render.terminal import to_text

        return to_text(self)
