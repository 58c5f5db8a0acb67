"""``--plot`` (issue 11): the picture's numbers against an independent evaluation of each loss, files that are
not blank and the same bytes every time, and the figure in LaTeX (compiled) and Markdown."""

from __future__ import annotations

import math
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ceproof.api import prove
from ceproof.cli import cli
from ceproof.render.picture import picture_of
from ceproof.render.plot import draw

if os.environ.get("CI") != "true":  # CI installs the test extra, which has matplotlib, and never skips
    pytest.importorskip("matplotlib", reason="the plot extra is not installed (the test extra installs it)")


def _at(picture, n: int) -> list:
    return [a + picture.s[n] * d for a, d in zip(picture.start, picture.direction)]


def _softmax(z: list) -> list:
    top = max(z)
    weights = [math.exp(x - top) for x in z]
    return [w / sum(weights) for w in weights]


def _cross_entropy(z: list, label: int = 0) -> float:
    top = max(z)
    return top + math.log(sum(math.exp(x - top) for x in z)) - z[label]


@pytest.mark.parametrize("name, loss", [
    ("ce", _cross_entropy),
    ("focal", lambda z: -(1 - _softmax(z)[0]) ** 2 * math.log(_softmax(z)[0])),  # γ = 2, the default
    ("mse-softmax", lambda z: sum((p - (r == 0)) ** 2 for r, p in enumerate(_softmax(z)))),
    ("negated", lambda z: -_cross_entropy(z)),
])
def test_the_plotted_loss_is_the_loss_at_three_points(name, loss):
    picture = picture_of(prove(3, loss=name))
    for n in (0, len(picture.s) // 3, len(picture.s) - 1):
        assert picture.loss[n] == pytest.approx(loss(_at(picture, n)), rel=1e-9, abs=1e-12)


def test_the_two_layer_picture_is_the_network_loss_at_three_points():
    picture = picture_of(prove(loss="two-layer"))
    for n in (0, 60, 120):
        alpha, beta = _at(picture, n)
        assert picture.loss[n] == pytest.approx(math.log(1 + math.exp(-alpha * max(0.0, beta))), rel=1e-9)
    assert picture.chord == ((0.0, pytest.approx(math.log(2))), (1.0, pytest.approx(math.log(1 + math.exp(-1)))))


def test_a_convex_picture_shows_a_chord_above_and_the_hessian_spectrum():
    ce = picture_of(prove(3))
    (a, fa), (b, fb) = ce.chord
    inside = [(s, f) for s, f in zip(ce.s, ce.loss) if a < s < b]
    assert inside and all(f <= fa + (fb - fa) * (s - a) / (b - a) + 1e-12 for s, f in inside)
    assert ce.exact_zero and max(abs(x) for x in ce.eigen) < 1e-12  # diag(p) − ppᵀ has 𝟙 in its kernel
    assert all(values[-1] > 0.01 for values in ce.spectrum)
    logistic = picture_of(prove(loss="logistic"))
    assert not logistic.exact_zero and min(logistic.eigen) > 0  # σ(1 − σ) > 0
    every_k = picture_of(prove(), example=prove(3))
    assert every_k.loss == ce.loss and "$K = 3$" in every_k.caption
    assert picture_of(prove(3, loss="linear-l1")).eigen is None  # the L1 norm has no Hessian


def test_a_negative_curvature_is_drawn_as_the_loss_below_its_tangent():
    picture = picture_of(prove(3, loss="focal"))
    middle = picture.s.index(0.0)
    assert picture.bend[middle] == pytest.approx(0.0, abs=1e-12)
    assert picture.bend[middle - 5] < 0 and picture.bend[middle + 5] < 0


@pytest.mark.parametrize("kind", ["png", "svg", "pdf"])
def test_pictures_are_not_blank_and_the_same_bytes_every_time(kind):
    picture = picture_of(prove(3, loss="mse-softmax"))
    first, second = draw(picture, kind), draw(picture, kind)
    assert first == second and len(first) > 10_000
    if kind == "png":
        import io

        from matplotlib import image

        pixels = image.imread(io.BytesIO(first))
        assert pixels.std() > 0.05  # drawn on, not a blank page


@pytest.mark.skipif(shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
                    reason="pdflatex is not installed (CI installs it and never skips)")
def test_latex_with_a_plot_includes_the_figure_and_compiles(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["prove", "--loss", "focal", "--brief", "-o", "focal.tex", "--plot", "focal-plot.pdf"])
    assert result.exit_code == 1, result.output  # refuted
    text = open("focal.tex").read()
    assert r"\usepackage{graphicx}" in text and r"\includegraphics[width=\linewidth]{focal-plot.pdf}" in text
    run = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", "focal.tex"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:]
    assert os.path.getsize("focal.pdf") > 20_000


def test_markdown_links_the_picture_and_bad_plot_files_are_refused(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["prove", "--classes", "3", "-o", "ce.md", "--plot", "pictures.png"])
    assert result.exit_code == 0 and "![" in open("ce.md").read() and "](pictures.png)" in open("ce.md").read()
    assert os.path.getsize("pictures.png") > 10_000
    again = runner.invoke(cli, ["prove", "--classes", "3", "--plot", "pictures.png"])
    assert again.exit_code == 2 and "exists; use --force" in again.output
    same = runner.invoke(cli, ["prove", "-o", "x.tex", "--plot", "x.pdf"])
    assert same.exit_code == 2 and "pdflatex on x.tex writes x.pdf" in same.output
    gif = runner.invoke(cli, ["prove", "--plot", "x.gif"])
    assert gif.exit_code == 2 and "--plot must end in .png, .svg or .pdf" in gif.output
    assert not os.path.exists("x.tex") and not os.path.exists("x.pdf")


def test_without_matplotlib_plot_is_a_one_line_error_before_any_work(monkeypatch):
    """Found on a fresh install without the extra: the picture's eigenvalues imported numpy and failed with exit 3."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in ("matplotlib", "numpy")
                        else real(name, *a))
    result = CliRunner().invoke(cli, ["prove", "--classes", "3", "--plot", "x.png"])
    assert result.exit_code == 2 and "needs matplotlib: pip install 'ceproof[plot]'" in result.output
