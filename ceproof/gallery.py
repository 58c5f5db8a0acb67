"""The committed gallery of proofs in ``proofs/``: which proofs, in which formats, under which names."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    """One gallery proof: its file stem, the API command and its arguments, whether it is the brief version
    (a .tex and a .md only: the certificate is the full proof's) and whether it has a picture (``stem``-plot.png,
    included by the .tex and linked by the .md)."""

    stem: str
    command: str
    arguments: dict = field(default_factory=dict)
    brief: bool = False
    picture: bool = False

    @property
    def extensions(self) -> tuple:
        """A brief proof is a .tex and a .md; a full one also a certificate, and a Coq file when its loss has one."""
        from .render.coq import COQ_LOSSES

        if self.brief:
            return ("tex", "md")
        return ("tex", "md", "certificate.json", *(("v",) if self.arguments.get("loss", "ce") in COQ_LOSSES else ()))

    @property
    def coq_name(self) -> str:
        """The Coq file's name: coqc takes a file's name for a module's, so it has no hyphen."""
        return f"{self.stem.replace('-', '_')}.v"

    @property
    def picture_name(self) -> str:
        return f"{self.stem}-plot.png"


ENTRIES = (
    Entry("derive-every-k", "derive"),
    Entry("derive-k3", "derive", {"classes": 3}),
    Entry("prove-every-k", "prove"),
    Entry("prove-k2", "prove", {"classes": 2}),
    Entry("prove-k3", "prove", {"classes": 3}),
    Entry("ce-centered-every-k", "prove", {"loss": "ce-centered"}),
    Entry("prove-every-k-brief", "prove", {}, brief=True),
    Entry("prove-k3-brief", "prove", {"classes": 3}, brief=True, picture=True),
    Entry("focal-k3-brief", "prove", {"classes": 3, "loss": "focal"}, brief=True, picture=True),
)
"""Every gallery proof: standalone .tex, .md and (full proofs) .certificate.json and .v; pictures as PNG."""


def render_gallery(pictures: bool = False) -> dict:
    """File name -> content (text; with ``pictures``, also the PNG bytes) for every gallery file, exactly as the
    current code writes them."""
    from . import api

    files: dict = {}
    for entry in ENTRIES:
        proof = getattr(api, entry.command)(**entry.arguments)
        figure = None
        if entry.picture:
            from .render.picture import picture_of

            picture = picture_of(proof)
            figure = (entry.picture_name, picture.caption)
            if pictures:
                from .render.plot import draw

                files[entry.picture_name] = draw(picture, "png")
        files[f"{entry.stem}.tex"] = proof.to_latex(standalone=True, brief=entry.brief, figure=figure)
        files[f"{entry.stem}.md"] = proof.to_markdown(brief=entry.brief, figure=figure)
        if not entry.brief:
            files[f"{entry.stem}.certificate.json"] = proof.to_certificate()
        if "v" in entry.extensions:
            from .render.coq import to_coq

            files[entry.coq_name] = to_coq(proof)
    return files


def write_gallery(folder: Path) -> list[Path]:
    """Regenerate every gallery file, pictures included, in ``folder``; returns the paths written."""
    from .files import write_atomically

    written = []
    for name, content in render_gallery(pictures=True).items():
        write_atomically(str(folder / name), content, force=True)
        written.append(folder / name)
    return written
