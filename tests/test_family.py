"""Every loss of the family builds, has the verdict `ceproof losses` promises, and exports to every format."""

import json
import os
import shutil
import subprocess
from fractions import Fraction

import pytest

from ceproof.api import prove
from ceproof.family import LOSSES
from ceproof.render.json import to_json
from ceproof.render.prose import to_unicode
from ceproof.render.terminal import to_text

VERDICTS = {"convex": "proved", "strictly convex": "proved", "not convex": "refuted"}


@pytest.fixture(scope="module")
def proofs():
    return {name: prove(loss=name) for name in LOSSES}


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_verdict_matches_the_listing(proofs, name):
    proof = proofs[name]
    assert proof.verdict == VERDICTS[LOSSES[name].verdict], proof.first_failure
    assert proof.loss == name and proof.title == LOSSES[name].title
    assert proof.kind == ("refute" if LOSSES[name].verdict == "not convex" else "prove")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_every_format_renders(proofs, name):
    proof = proofs[name]
    assert "$" not in to_unicode(LOSSES[name].summary)
    assert proof.verdict.upper() in to_text(proof)
    assert "$$" in proof.to_markdown()
    assert proof.to_latex().isascii()


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_json_export(proofs, name):
    proof = proofs[name]
    data = json.loads(to_json(proof))
    assert data["loss"] == name and data["verdict"] == proof.verdict and "parameters" in data
    assert dict(data["parameters"]) == {k: (v if v is None or isinstance(v, (int, str)) else float(v))
                                        for k, v in proof.parameters}
    assert all(isinstance(v, (int, float, str, type(None))) for v in data["parameters"].values())
    assert {k: Fraction(v) for k, v in data["exact_parameters"].items()} == {
        k: v for k, v in proof.parameters if isinstance(v, Fraction)}
    assert ("counterexample" in data) == (proof.kind == "refute")


@pytest.mark.skipif(shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
                    reason="pdflatex is not installed (CI installs it and never skips)")
def test_every_loss_compiles_as_one_latex_document(proofs, tmp_path):
    body = "\n".join(proof.to_latex(standalone=False, brief=brief) for proof in proofs.values() for brief in (False, True))
    (tmp_path / "family.tex").write_text(
        "\\documentclass{article}\n\\usepackage[margin=2.5cm]{geometry}\n\\usepackage{amsmath,amssymb,amsthm}\n"
        "\\begin{document}\n" + body + "\n\\end{document}\n")
    for _ in range(2):
        run = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "family.tex"],
                             cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout[-3000:]
    assert "undefined" not in (tmp_path / "family.log").read_text(encoding="latin-1").lower()
