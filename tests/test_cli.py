"""The command line: exit codes, one-line errors, plain output, and help without SymPy."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from ceproof.losses import MAX_CLASSES
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
    assert data["verdict"] == "proved" and data["classes"] == 3
    assert {"id", "rule", "claim", "check", "uses"} <= set(data["steps"][0])
    assert {s["check"] for s in data["steps"]} == {"verified", "cited"}
    assert len(data["gradient"]) == 3 and len(data["hessian"]) == 3 and len(data["hessian"][0]) == 3
    assert data["gradient"][1].startswith("-1 + exp(z1)/")


def test_json_for_every_k_has_no_explicit_arrays():
    data = json.loads(run("prove", "--format", "json").stdout)
    assert data["classes"] is None and "hessian" not in data


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
