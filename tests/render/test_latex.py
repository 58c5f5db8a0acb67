"""LaTeX export: the gallery, a fragment in a minimal host and fresh exports compile with pdflatex."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ceproof import derive, prove
from ceproof.gallery import ENTRIES

PROOFS = Path(__file__).resolve().parents[2] / "proofs"
IN_CI = os.environ.get("CI") == "true"
pytestmark = pytest.mark.skipif(shutil.which("pdflatex") is None and not IN_CI,
                                reason="pdflatex is not installed (CI installs it and never skips)")
OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")
HOST = "\\documentclass{article}\n\\usepackage{amsmath,amssymb,amsthm}\n\\begin{document}\n%s\n\\end{document}\n"


def compile_tex(folder: Path, name: str, runs: int = 1) -> str:
    """Run pdflatex once, as the README does (steps refer to each other by tag, so no second run is
    needed), and return its log; a host paper with labels runs it twice."""
    assert shutil.which("pdflatex"), "pdflatex is missing: install texlive-latex-base and texlive-latex-recommended"
    for _ in range(runs):
        run = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", name],
                             cwd=folder, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stdout[-2000:]
    return (folder / name).with_suffix(".log").read_text(encoding="latin-1")


def assert_clean(log: str, max_overfull: float = 1.0) -> None:
    assert "undefined" not in log.lower(), [line for line in log.splitlines() if "undefined" in line.lower()]
    assert "multiply defined" not in log and "rerun" not in log.lower()
    widths = [float(w) for w in OVERFULL.findall(log)]
    assert all(w <= max_overfull for w in widths), f"overfull boxes: {widths} pt"


def test_the_gallery_documents_are_found():
    assert {p.name for p in PROOFS.glob("*.tex")} == {f"{entry.stem}.tex" for entry in ENTRIES}


@pytest.mark.parametrize("name", sorted(p.name for p in PROOFS.glob("*.tex")))
def test_every_gallery_document_compiles(tmp_path, name):
    shutil.copy(PROOFS / name, tmp_path / name)
    for picture in PROOFS.glob(name.replace(".tex", "-plot.png")):
        shutil.copy(picture, tmp_path / picture.name)
    assert_clean(compile_tex(tmp_path, name))


def test_fragments_compile_inside_a_minimal_host(tmp_path):
    (tmp_path / "a.tex").write_text(prove(3).to_latex(standalone=False))
    (tmp_path / "b.tex").write_text(derive().to_latex(standalone=False))
    (tmp_path / "c.tex").write_text(prove(2).to_latex(standalone=False))
    (tmp_path / "host.tex").write_text(HOST % "\\input{a}\n\\input{b}\n\\input{c}")
    assert_clean(compile_tex(tmp_path, "host.tex", runs=2))
    aux = (tmp_path / "host.aux").read_text()
    tags = re.findall(r"\\newlabel\{[^}]*\}\{\{([^}]*)\}", aux)
    assert len(tags) > 40 and len(tags) == len(set(tags))  # three fragments, no tag shown twice


@pytest.mark.parametrize("classes", [2, 3, 4, 5, 6])
def test_fresh_standalone_exports_compile_without_overfull_boxes(tmp_path, classes):
    (tmp_path / "proof.tex").write_text(prove(classes).to_latex())
    (tmp_path / "derivation.tex").write_text(derive(classes).to_latex())
    assert_clean(compile_tex(tmp_path, "proof.tex"))
    assert_clean(compile_tex(tmp_path, "derivation.tex"))


def test_large_k_still_compiles(tmp_path):
    (tmp_path / "proof.tex").write_text(prove(20).to_latex())
    assert_clean(compile_tex(tmp_path, "proof.tex"))


@pytest.mark.parametrize("arguments", [
    {"loss": "focal"}, {"loss": "two-layer", "activation": "tanh"}, {"loss": "ce-centered"},
    {"loss": "linear"}, {"loss": "label-smoothing"}, {"loss": "logistic"},
    {"loss": "label-smoothing", "classes": 3}, {"loss": "linear-l2"}, {"loss": "linear-l1", "classes": 2},
    {"loss": "weighted", "classes": 3}, {"loss": "temperature", "classes": 3}, {"loss": "soft-labels", "classes": 3},
    {"loss": "listnet", "classes": 3}, {"loss": "ce-in-q", "classes": 3}, {"loss": "mse-softmax"},
    {"loss": "negated"}, {"loss": "softmax-prob"}, {"loss": "focal", "gamma": 5, "classes": 10, "label": 9},
], ids=lambda a: "-".join(map(str, a.values())))
def test_refutations_and_other_losses_compile(tmp_path, arguments):
    """Their statements (a counterexample's loss, an affine set, a linear model in (W, b)) are displayed too."""
    (tmp_path / "proof.tex").write_text(prove(**arguments).to_latex())
    assert_clean(compile_tex(tmp_path, "proof.tex"))


def test_a_proof_without_citations_says_its_trusted_base_is_empty():
    proof = derive(3)
    assert not proof.trusted_base
    for text in (proof.to_latex(True), proof.to_markdown()):
        assert "Trusted base." in text and "None: every step is machine-checked" in text and ". ." not in text
