"""``ceproof prove --expr`` (issue 13): the three outcomes and their exit codes (0 proved, 1 refuted, 4 unknown),
bad input as one line with exit 2, every format, and certificates that ``ceproof check`` re-verifies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ceproof import api
from ceproof.cli import cli
from ceproof.expr.decide import Undecided

SOFTMAX_CE = "-log(exp(z[0])/(exp(z[0]) + exp(z[1]) + exp(z[2])))"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_softmax_cross_entropy_typed_raw_is_proved():
    result = run("prove", "--expr", SOFTMAX_CE, "--var", "z:3")
    assert result.exit_code == 0, result.output
    assert "is convex in" in result.output and "✓" in result.output


def test_the_logistic_loss_of_a_product_is_refuted_with_a_counterexample():
    result = run("prove", "--expr", "log(1 + exp(-a*b))")
    assert result.exit_code == 1, result.output
    assert "not convex" in result.output


UNKNOWN = "x**4 + x**2*y**2 + y**4"  # convex, but no route proves it yet (its LDLᵀ pivot vanishes at 0)


def test_an_unproved_convex_loss_is_unknown_with_the_routes_tried_and_exit_4():
    result = run("prove", "--expr", UNKNOWN)
    assert result.exit_code == 4
    assert result.output.startswith("Unknown:") and "second-order condition" in result.output
    data = json.loads(run("prove", "--expr", UNKNOWN, "--format", "json").output)
    assert data["verdict"] == "unknown" and [a["route"] for a in data["attempts"]] == [
        "negative curvature", "second-order condition, strict", "composition rules", "second-order condition",
        "a chord below the graph"]


@pytest.mark.parametrize("args, wording", [
    (("--expr", "x**2", "--loss", "ce"), "--expr and --loss exclude each other"),
    (("--expr", "x**2", "--classes", "3"), "--expr and --classes exclude each other"),
    (("--var", "z:3"), "apply to --expr"),
    (("--expr", "x +* 2"), "not an expression"),
    (("--expr", "frob(x)"), "frob"),
    (("--expr", "x**2", "--given", "gamma"), "NAME=VALUE"),
    (("--expr", "x**2", "--var", "z:a"), "whole number"),
    (("--expr", "x**2", "--plot", "p.png"), "--plot"),
    (("--expr", "x**2", "--positive", "y"), "--positive y is not a variable"),
])
def test_bad_input_is_one_line_and_exit_2(args, wording):
    result = CliRunner().invoke(cli, ["prove", *args])
    assert result.exit_code == 2, result.output
    assert wording in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("text, options, code", [
    ("softplus(x) + x**2", (), 0), ("x**3", (), 1), ("max(x, y, 0)", (), 0),
    ("max(0, 1 + z[1] - z[0], 1 + z[2] - z[0])", ("--var", "z:3"), 0), ("max(x**2, y**2, 1)", (), 0),
    ("-max(x, y, 0)", (), 1), ("sqrt(x**2 + y**2)**3", (), 0), ("-sqrt(x*y)", ("--positive", "x", "--positive", "y"), 0),
    ("(x + y)**(3/2)", ("--positive", "x", "--positive", "y"), 0), ("sqrt(abs(x)) + x**2", (), 1)])
def test_a_typed_certificate_is_checked_again_from_the_file(tmp_path, text, options, code):
    """Every route's certificate reads back (a max of three was written but not read: round 53)."""
    path = tmp_path / "loss.certificate.json"
    assert run("prove", "--expr", text, *options, "-o", str(path)).exit_code == code
    checked = run("check", str(path))
    assert checked.exit_code == 0, checked.output  # valid: the proof, or the refutation, checks
    assert "written out" in checked.output


def test_a_tampered_typed_certificate_is_invalid(tmp_path):
    path = tmp_path / "loss.certificate.json"
    run("prove", "--expr", "softplus(x) + x**2", "-o", str(path))
    text = path.read_text()
    path.write_text(text.replace('"1"', '"-1"', 1) if '"1"' in text else text.replace("2", "3", 1))
    assert run("check", str(path)).exit_code in (1, 2)


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown", "certificate"])
def test_every_format_of_a_typed_proof(fmt):
    result = run("prove", "--expr", "log(1 + exp(x))", "--format", fmt)
    assert result.exit_code == 0 and result.output.strip()


def test_an_unknown_writes_no_proof_file(tmp_path):
    path = tmp_path / "loss.tex"
    result = CliRunner().invoke(cli, ["prove", "--expr", UNKNOWN, "-o", str(path)])
    assert result.exit_code == 4 and not path.exists()


def test_prove_from_python_gives_a_checked_proof_or_an_unknown():
    proved = api.prove(expr="logsumexp(z)", variables=("z:3",))
    assert proved.verdict == "proved" and proved.loss == ""
    assert isinstance(api.prove(expr=UNKNOWN), Undecided)
    with pytest.raises(ValueError):
        api.prove(expr="x**2", loss="focal")


@pytest.mark.skipif(shutil.which("pdflatex") is None and os.environ.get("CI") != "true",
                    reason="pdflatex is not installed (CI installs it and never skips)")
def test_every_route_compiles_as_latex(tmp_path):
    """One typed proof per route — the Hessian through S, the composition rules, on (0, ∞), a refutation —
    as complete documents and in brief, each compiled twice by pdflatex without an error or a "??"."""
    cases = [("-log(softmax(z)[1])", {"variables": ("z:3",)}), ("max(0, 1 - x)**2 + abs(x - y)", {}),
             ("x*log(x/y)", {"positive": ("x", "y")}), ("log(1 + exp(-a*b))", {})]
    for n, (text, options) in enumerate(cases):
        proof = api.prove(expr=text, **options)
        for brief in (False, True):
            name = f"case{n}{'b' if brief else ''}"
            (tmp_path / f"{name}.tex").write_text(proof.to_latex(standalone=True, brief=brief))
            for _ in range(2):
                run = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode", f"{name}.tex"],
                                     cwd=tmp_path, capture_output=True, text=True, timeout=300)
                assert run.returncode == 0, (text, run.stdout[-2000:])
            assert "??" not in run.stdout and "undefined" not in (tmp_path / f"{name}.log").read_text(
                encoding="latin-1").lower()
