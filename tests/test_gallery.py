"""The committed gallery in proofs/ is exactly what the current code generates."""

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
    expected = {f"{stem}.{ext}" for stem, _, _ in ENTRIES for ext in ("tex", "md", "certificate.json")}
    assert {p.name for p in PROOFS.iterdir() if p.suffix in (".tex", ".md", ".json")} == expected


def test_latex_exports_are_ascii():
    assert all(text.isascii() for name, text in GENERATED.items() if name.endswith(".tex"))
