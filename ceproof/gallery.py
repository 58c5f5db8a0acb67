"""The committed gallery of proofs in ``proofs/``: which proofs, in which formats, under which names."""

from __future__ import annotations

from pathlib import Path

ENTRIES = (
    ("derive-every-k", "derive", None),
    ("derive-k3", "derive", 3),
    ("prove-every-k", "prove", None),
    ("prove-k2", "prove", 2),
    ("prove-k3", "prove", 3),
)
"""(file stem, command, classes): each is exported as a standalone .tex, a .md and a .certificate.json."""


def render_gallery() -> dict[str, str]:
    """File name -> content for every gallery file, exactly as the current code writes them."""
    from . import api

    files = {}
    for stem, command, classes in ENTRIES:
        proof = getattr(api, command)(classes=classes)
        files[f"{stem}.tex"] = proof.to_latex(standalone=True)
        files[f"{stem}.md"] = proof.to_markdown()
        files[f"{stem}.certificate.json"] = proof.to_certificate()
    return files


def write_gallery(folder: Path) -> list[Path]:
    """Regenerate every gallery file in ``folder``; returns the paths written."""
    from .files import write_atomically

    written = []
    for name, text in render_gallery().items():
        write_atomically(str(folder / name), text, force=True)
        written.append(folder / name)
    return written
