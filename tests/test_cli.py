"""The command line: exit codes, one-line errors, plain output, and help without SymPy."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ceproof.family import MAX_CLASSES
from ceproof.cli import cli


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_prove_k3_exits_0_with_every_step_marked():
    result = run("prove", "--classes", "3")
    assert result.exit_code == 0, result.output
    assert "PROVED: 17 steps verified by the engine, 2 cited" in result.stdout
    assert "✗" not in result.stdout
    assert "Boyd" in result.stdout


def test_derive_general_k_exits_0():
    result = run("derive")
    assert result.exit_code == 0, result.output
    assert "PROVED" in result.stdout


def test_output_is_plain_text_when_not_a_terminal():
    result = run("prove", "--classes", "2", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout


def test_output_is_deterministic():
    assert run("prove", "--classes", "3").stdout == run("prove", "--classes", "3").stdout


@pytest.mark.parametrize("args, message", [
    (["prove", "--classes", "1"], "at least 2"),
    (["prove", "--classes", str(MAX_CLASSES + 1)], f"at most {MAX_CLASSES}"),
    (["prove", "--classes", "abc"], "not a valid integer"),
    (["prove", "--classes", "3", "--label", "3"], "from 0 to 2"),
    (["prove", "--classes", "3", "--label", "-1"], "from 0 to 2"),
    (["derive", "--label", "1"], "needs --classes"),
    (["prove", "--bogus"], "No such option"),
    (["prove", "--format", "pdf"], "Invalid value"),
    (["frobnicate"], "No such command"),
    (["prove", "--loss", "nope"], "unknown loss 'nope'"),
    (["prove", "--epsilon", "1/2"], "--epsilon does not apply to the loss ce"),
    (["prove", "--loss", "focal", "--gamma", "-1"], "--gamma must be > 0"),
    (["prove", "--loss", "two-layer", "--classes", "3"], "--classes does not apply to the loss two-layer"),
    (["prove", "--loss", "two-layer", "--activation", "sigmoid"], "--activation must be relu, tanh or identity"),
    (["prove", "--format", "certificate", "--standalone"], "--standalone/--fragment apply to --format latex"),
    (["prove", "--loss", "Focal"], "unknown loss 'Focal' (did you mean 'focal'?)"),
    (["prove", "--loss", "label-smothing"], "(did you mean 'label-smoothing'?)"),
    (["prove", "-o", ""], "-o/--output is empty; give a file name"),
    (["prove", "-o", "proof.pdf"], "cannot tell a format from the name 'proof.pdf'"),
    (["prove", "-o", "proof.tex", "--format", "json"], "--format json contradicts the name 'proof.tex', which says latex"),
    (["prove", "-o", "p.certificate.json", "--format", "json"], "which says certificate"),
    (["check"], "Missing argument 'FILE'"),
    (["check", "no/such/file.json"], "cannot read no/such/file.json"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_a_failed_check_exits_3_and_names_the_step(monkeypatch):
    import sympy

    from ceproof.derivations import cross_entropy, softmax

    def wrong_hessian(n):
        right = softmax.diag_minus_outer(n, *n.indices[1:3])
        j, k = right.indices
        return type(right)(right.shape, right.indices, n.p[j] * sympy.KroneckerDelta(j, k) + n.p[j] * n.p[k],
                           right.closed_form)

    monkeypatch.setattr(cross_entropy, "hessian_claim", wrong_hessian)
    result = run("prove", "--classes", "3")
    assert result.exit_code == 3
    assert "step 10 (differentiation of the gradient)" in result.stderr
    assert "PROVED" not in result.stdout


def test_json_has_the_documented_fields():
    data = json.loads(run("prove", "--classes", "3", "--label", "1", "--format", "json").stdout)
    assert data["verdict"] == "proved" and data["kind"] == "prove" and data["classes"] == 3 and data["label"] == 1
    assert data["loss"] == "ce" and data["parameters"] == {"classes": 3, "label": 1}
    assert data["theorem"].startswith("Let $L") and "$y = e_{1}$" in data["theorem"]
    assert [p["id"] for p in data["premises"]] == ["A1", "A2"] and "assumptions" not in data
    assert data["steps"][-1]["claim"] and data["steps"][-1]["uses"] == ["15", "18"]
    assert {"id", "rule", "claim", "check", "uses"} <= set(data["steps"][0])
    assert {s["check"] for s in data["steps"]} == {"verified", "cited"}
    assert len(data["gradient"]) == 3 and len(data["hessian"]) == 3 and len(data["hessian"][0]) == 3
    assert data["format"] == "ceproof-json" and data["version"] == 2
    assert data["gradient"][1] == "p1 - y1" and data["hessian"][0][1] == "-p0*p1"
    assert data["definitions"][:4] == [{"name": "y0", "value": "0"}, {"name": "y1", "value": "1"},
                                       {"name": "y2", "value": "0"}, {"name": "S", "value": "exp(z0) + exp(z1) + exp(z2)"}]


def test_json_for_every_k_has_no_explicit_arrays():
    data = json.loads(run("prove", "--format", "json").stdout)
    assert data["classes"] is None and "hessian" not in data


def test_json_of_a_refutation_has_its_counterexample():
    result = run("prove", "--loss", "focal", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "refuted" and data["kind"] == "refute" and data["parameters"]["gamma"] == 2
    example = data["counterexample"]
    assert example["kind"] == "curvature" and example["variables"] == ["z0", "z1", "z2"]
    low, high = map(float, example["second_derivative"])
    assert low <= high < 0


def test_losses_lists_every_loss_with_its_verdict():
    from ceproof.family import LOSSES

    result = run("losses", "--format", "json")
    assert result.exit_code == 0
    listed = {entry["name"]: entry["verdict"] for entry in json.loads(result.stdout)}
    assert listed == {name: loss.verdict for name, loss in LOSSES.items()}
    assert listed["ce"] == "convex" and listed["focal"] == "not convex"
    text = run("losses", env={"NO_COLOR": "1", "COLUMNS": "200"}).stdout
    assert all(f"\n{name}  " in "\n" + text for name in LOSSES) and "$" not in text and "\\" not in text
    assert "--epsilon (default 1/10)" in text and "--gamma (default 2)" in text


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_help_does_not_import_sympy():
    code = "import sys; from ceproof.cli import cli\ntry:\n cli(['--help'])\nexcept SystemExit: pass\nprint('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().endswith("False")


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "ceproof", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "derive" in out.stdout


def test_an_internal_error_exits_3_not_1(monkeypatch):
    from ceproof import api

    def broken(**_):
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "prove", broken)
    result = run("prove", "--classes", "3")
    assert result.exit_code == 3 and "internal error: RuntimeError: boom" in result.stderr


@pytest.mark.parametrize("name, fmt, start", [
    ("proof.tex", "latex", "%"), ("proof.md", "markdown", "<!--"), ("proof.json", "json", "{"),
    ("proof.certificate.json", "certificate", "{"), ("proof.txt", "text", "╭"), ("PROOF.TEX", "latex", "%"),
])
def test_the_output_file_extension_gives_the_format(tmp_path, name, fmt, start):
    target = tmp_path / name
    result = run("prove", "--classes", "2", "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert text.startswith(start) and ("╭" in text) == (fmt == "text")
    if fmt == "latex":
        assert "\\documentclass" in text
    if fmt == "json":
        assert "theorem" in json.loads(text)
    if fmt == "certificate":
        assert json.loads(text)["format"] == "ceproof-certificate"


def test_a_json_file_may_hold_a_certificate_when_asked(tmp_path):
    target = tmp_path / "proof.json"
    assert run("prove", "--classes", "2", "-o", str(target), "--format", "certificate").exit_code == 0
    assert json.loads(target.read_text())["format"] == "ceproof-certificate"


def test_prove_help_gives_each_parameter_its_range_default_and_losses():
    text = " ".join(run("prove", "--help").stdout.split())
    assert "label smoothing ε in [0, 1]; default 1/10. For: label-smoothing." in text
    assert "regularization strength λ > 0; default 1/10. For: linear-l2, linear-l1." in text


def test_loss_names_complete_in_the_shell():
    result = CliRunner().invoke(cli, [], prog_name="ceproof", env={
        "_CEPROOF_COMPLETE": "bash_complete", "COMP_WORDS": "ceproof prove --loss lin", "COMP_CWORD": "3"})
    assert [line.split(",")[1] for line in result.stdout.split()] == ["linear", "linear-l2", "linear-l1"]


def test_a_refutation_without_classes_says_it_used_k_3():
    text = run("prove", "--loss", "focal", env={"NO_COLOR": "1"}).stdout
    assert "K = 3 is the default" in " ".join(text.replace("│", " ").split())
    assert "default" not in run("prove", "--loss", "focal", "--classes", "3").stdout
    assert json.loads(run("prove", "--loss", "focal", "--format", "json").stdout)["note"].startswith("K = 3")


def test_json_parameters_are_numbers_with_fractions_also_exact():
    data = json.loads(run("prove", "--loss", "focal", "--gamma", "5/2", "--format", "json").stdout)
    assert data["parameters"] == {"classes": 3, "label": 0, "gamma": 2.5} and data["exact_parameters"] == {"gamma": "5/2"}
    data = json.loads(run("prove", "--loss", "focal", "--format", "json").stdout)
    assert data["parameters"]["gamma"] == 2 and isinstance(data["parameters"]["gamma"], int)


@pytest.mark.parametrize("fmt", ["text", "json", "latex", "markdown", "certificate"])
def test_a_counterexample_at_a_fractional_point_renders_in_every_format(fmt):
    """Issue 10: focal with γ = 5 at K = 10 has fractional points; the terminal crashed on \\frac."""
    result = run("prove", "--loss", "focal", "--gamma", "5", "--classes", "10", "--label", "9", "--format", fmt)
    assert result.exit_code == 1 and "internal error" not in result.output and "\\frac" not in (
        result.stdout if fmt == "text" else "")


def test_a_slow_run_shows_no_progress_off_a_terminal():
    result = run("prove", "--classes", "30", "--format", "json")
    assert result.exit_code == 0 and result.stderr == "" and json.loads(result.stdout)["classes"] == 30
