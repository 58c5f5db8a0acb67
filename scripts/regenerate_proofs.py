"""Regenerate the committed gallery in proofs/ from the current code.

Run:  python scripts/regenerate_proofs.py
tests/test_gallery.py fails when a committed file differs from what this writes.
"""

from pathlib import Path

from ceproof.gallery import write_gallery

if __name__ == "__main__":
    for path in write_gallery(Path(__file__).resolve().parent.parent / "proofs"):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
