"""A proof with the kernel's verdict on each step, as the API returns it: it renders itself in a
terminal, in a notebook and as LaTeX, Markdown or a certificate (the kernel's data does not)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedProof:
    """A kernel Proof, the result of checking each of its steps, and how it was asked for: a title,
    the loss of the family and its parameter values (``(("classes", 3), …)``)."""

    proof: object
    results: tuple
    title: str = ""
    loss: str = ""
    parameters: tuple = ()
    note: str = ""
    """A word on how it was asked for that the statement alone does not say (a default K), or ""."""
    typed: tuple = ()
    """For a loss typed as text (``prove --expr``): the options that ask for it again, ``(("expr", "x**2"),
    ("var", "x"), …)``; () for a loss of the family."""

    @property
    def statement(self):
        return self.proof.statement

    @property
    def notation(self):
        return self.proof.notation

    @property
    def steps(self) -> tuple:
        return self.proof.steps

    @property
    def kind(self) -> str:
        """``derive``, ``prove`` or ``refute``: what the statement asserts."""
        return self.statement.kind

    @property
    def verdict(self) -> str:
        """``proved``, ``refuted`` (a checked counterexample) or ``check failed``."""
        if not self.results or not all(r.ok for r in self.results):
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
    def trusted_base(self) -> tuple:
        """The cited theorems, in the order they are first used."""
        seen: dict = {}
        for step in self.steps:
            theorem = getattr(step.claim, "theorem", None)
            if theorem is not None:
                seen.setdefault(theorem.key, theorem)
        return tuple(seen.values())

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    def step(self, key: str):
        """The step added under ``key`` (``"hessian"``, ``"gradient"``, …)."""
        return next(s for s in self.steps if s.key == key)

    def result(self, key: str):
        """The check result of the step added under ``key``."""
        return next(r for s, r in zip(self.steps, self.results) if s.key == key)

    def to_latex(self, standalone: bool = True, brief: bool = False, figure: tuple | None = None) -> str:
        """LaTeX: a complete article, or (``standalone=False``) the theorem and proof to ``\\input``; ``brief``:
        a few numbered steps as a textbook gives them; ``figure``: (file name, caption) of a picture."""
        from .render.latex import to_latex_document

        return to_latex_document(self, standalone, brief, figure)

    def to_markdown(self, brief: bool = False, figure: tuple | None = None) -> str:
        """GitHub-flavoured Markdown with $…$ math (``brief`` and ``figure`` as for LaTeX)."""
        from .render.markdown import to_markdown

        return to_markdown(self, brief, figure)

    def to_certificate(self) -> str:
        """The certificate: versioned JSON that ``ceproof check`` re-verifies from the file alone."""
        from .certificate import certificate_text

        return certificate_text(self)

    def _repr_latex_(self) -> str:
        from .render.latex import claim_latex

        return "\n".join(f"$$\\text{{({s.id})}}\\quad {claim_latex(s.claim, self.notation, self.statement)}$$"
                         for s in self.steps)

    def __rich_console__(self, console, options):
        from .render.terminal import render_proof

        yield from render_proof(self, options.max_width)

    def _repr_html_(self) -> str:
        from .render.terminal import to_html

        return to_html(self)

    def __str__(self) -> str:
        from .render.terminal import to_text

        return to_text(self)

    def __repr__(self) -> str:
        return f"<{self.title or self.kind}: {self.verdict}, {len(self.steps)} steps>"
