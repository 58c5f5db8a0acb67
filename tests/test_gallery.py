"""The committed gallery in proofs/ is exactly what the current code generates (pictures: present and drawn,
not compared byte for byte, since another matplotlib version draws other bytes)."""

from pathlib import Path

import pytest

from ceproof.gallery import ENTRIES, render_gallery

PROOFS = Path(__file__).resolve().parent.parent / "proofs"
GENERATED = render_gallery()


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_file_matches_the_generator(name):
    committed = PROOFS / name
    assert committed.exists(), f"{name} is missing: run python scripts/regenerate_proofs.py"
    assert committed.read_text(encoding="utf-8") == GENERATED[name], \
        f"{name} is stale: run python scripts/regenerate_proofs.py"


def test_gallery_has_no_stray_files():
    expected = {entry.coq_name if ext == "v" else f"{entry.stem}.{ext}" for entry in ENTRIES for ext in entry.extensions}
    expected |= {entry.picture_name for entry in ENTRIES if entry.picture}
    assert {p.name for p in PROOFS.iterdir() if p.suffix in (".tex", ".md", ".json", ".png", ".v")} == expected


def test_the_gallery_has_brief_proofs_and_a_refutation_with_its_picture():
    briefs = {entry.stem for entry in ENTRIES if entry.brief}
    assert {"prove-k3-brief", "prove-every-k-brief", "focal-k3-brief"} <= briefs
    for entry in ENTRIES:
        if entry.picture:
            data = (PROOFS / entry.picture_name).read_bytes()
            assert data.startswith(b"\x89PNG") and len(data) > 20_000
            assert entry.picture_name in GENERATED[f"{entry.stem}.tex"]


def test_latex_exports_are_ascii():
    assert all(text.isascii() for name, text in GENERATED.items() if name.endswith(".tex"))
