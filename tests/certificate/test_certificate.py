"""Round trip: every proof and refutation ceproof makes is written as a certificate and checks again."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceproof import api
from ceproof.arrays import IndexedArray
from ceproof.certificate import FORMAT, VERSION, check_certificate, read_certificate
from ceproof.claims import Counterexample
from ceproof.cli import cli
from ceproof.losses import all_losses

PROOFS = Path(__file__).resolve().parent.parent / "proofs"


def every_proof() -> list:
    """(command, arguments) for every kind of proof the project makes: derive, and every loss with
    its defaults, with an explicit K where it takes one, and with every activation."""
    cases = [("derive", {}), ("derive", {"classes": 2}), ("derive", {"classes": 4, "label": 3})]
    for name, loss in all_losses().items():
        cases.append(("prove", {"loss": name}))
        if "classes" in loss.parameters:
            cases.append(("prove", {"loss": name, "classes": 2}))
        if "features" in loss.parameters:
            cases.append(("prove", {"loss": name, "classes": 2, "features": 1}))
        if "activation" in loss.parameters:
            cases += [("prove", {"loss": name, "activation": a}) for a in ("tanh", "identity")]
    return cases


def _name(case) -> str:
    command, arguments = case
    return " ".join([command, *(f"{k}={v}" for k, v in arguments.items())])


def _without_display(claim):
    """The claim as a certificate keeps it: arrays without their display name, recursively."""
    if isinstance(claim, IndexedArray):
        return dataclasses.replace(claim, closed_form=None)
    if dataclasses.is_dataclass(claim) and not isinstance(claim, type):
        return dataclasses.replace(claim, **{f.name: _without_display(getattr(claim, f.name))
                                             for f in dataclasses.fields(claim) if f.init})
    if isinstance(claim, tuple):
        return tuple(_without_display(item) for item in claim)
    return claim


@pytest.mark.parametrize("case", every_proof(), ids=_name)
def test_every_proof_round_trips_through_its_certificate(case):
    command, arguments = case
    proof = getattr(api, command)(**arguments)
    assert proof.verdict in ("proved", "refuted")
    text = proof.to_certificate()
    assert text == proof.to_certificate()
    read = read_certificate(text.encode())
    assert read.notation == proof.notation and read.theorem == proof.theorem and read.kind == proof.kind
    assert read.assumptions == tuple(_without_display(a) for a in proof.assumptions)
    for original, back in zip(proof.steps, read.steps, strict=True):
        expected = _without_display(original)
        if isinstance(back.claim, Counterexample):
            assert back.claim.bounds, "a counterexample states its certified enclosures"
            back = dataclasses.replace(back, claim=dataclasses.replace(back.claim, bounds=()))
        assert back == expected, original.key
    checked = check_certificate(text.encode())
    assert checked.verdict == proof.verdict
    assert [r.status for r in checked.results] == [r.status for r in proof.results]


def test_a_failed_proof_has_no_certificate():
    proof = api.prove(2)
    broken = dataclasses.replace(proof, results=(dataclasses.replace(proof.results[0], status="failed"),
                                                 *proof.results[1:]))
    with pytest.raises(ValueError, match="failed its check"):
        broken.to_certificate()


def test_the_certificate_is_versioned_json_with_expression_trees():
    document = json.loads(api.prove(3).to_certificate())
    assert document["format"] == FORMAT and document["version"] == VERSION
    hessian = next(s for s in document["steps"] if s["key"] == "hessian")
    assert hessian["claim"]["type"] == "DerivativeEquality"
    assert hessian["claim"]["result"]["entry"][0] == "Add"
    assert document["steps"][-1]["claim"] == {"type": "Conclusion", "statement": document["theorem"]}


# ---------------------------------------------------------------- the command line

def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("args, verdict", [
    (("derive", "--classes", "3"), "proved"),
    (("prove", "--classes", "3"), "proved"),
    (("prove",), "proved"),
    (("prove", "--loss", "label-smoothing", "--epsilon", "1/5"), "proved"),
    (("prove", "--loss", "focal", "--gamma", "3"), "refuted"),
    (("prove", "--loss", "two-layer", "--activation", "tanh"), "refuted"),
])
def test_cli_writes_a_certificate_that_ceproof_check_accepts(tmp_path, args, verdict):
    path = tmp_path / "proof.json"
    made = run(*args, "--format", "certificate", "-o", str(path))
    assert made.exit_code == (1 if verdict == "refuted" else 0), made.output
    checked = run("check", str(path))
    assert checked.exit_code == 0, checked.output
    assert "VALID" in checked.output and "✗" not in checked.output
    report = json.loads(run("check", str(path), "--format", "json").output)
    assert report["valid"] and report["verdict"] == verdict and report["first_failure"] is None


def test_check_output_is_the_same_bytes_every_time(tmp_path):
    path = tmp_path / "proof.json"
    run("prove", "--classes", "2", "--format", "certificate", "-o", str(path))
    assert run("check", str(path)).output == run("check", str(path)).output


def test_an_invalid_certificate_exits_1_and_names_the_first_failing_step(tmp_path):
    document = json.loads(api.prove(3).to_certificate())
    gradient = next(s for s in document["steps"] if s["key"] == "gradient")
    gradient["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], gradient["claim"]["result"]["entry"]]
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(document))
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"INVALID: step {gradient['id']} (gradient) fails" in result.output
    report = json.loads(run("check", str(path), "--format", "json").output)
    assert not report["valid"] and report["first_failure"]["key"] == "gradient"
    later = [s for s in report["steps"] if int(s["id"]) > int(gradient["id"])]
    assert any(s["check"] == "failed" and s["method"] == "dependencies" for s in later)


def test_the_certificate_format_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "proof.json"
    path.write_text("mine")
    result = run("prove", "--classes", "2", "--format", "certificate", "-o", str(path))
    assert result.exit_code == 2 and path.read_text() == "mine"


@pytest.mark.parametrize("path", sorted(PROOFS.glob("*.certificate.json")), ids=lambda p: p.name)
def test_every_committed_certificate_checks(path):
    result = run("check", str(path))
    assert result.exit_code == 0 and "VALID" in result.output, result.output


def test_parallel_and_serial_checks_agree():
    text = api.prove(3).to_certificate().encode()
    document = json.loads(text)
    document["steps"][4]["claim"]["result"]["entry"] = ["Integer", 0]
    tampered = json.dumps(document).encode()
    for data in (text, tampered):
        assert check_certificate(data, workers=2).results == check_certificate(data, workers=1).results


@pytest.mark.parametrize("loss", ["mse-softmax", "no-such-loss"])
def test_a_certificate_must_name_a_loss_whose_verdict_matches_its_kind(loss):
    document = json.loads(api.prove(2).to_certificate())
    document["loss"] = loss
    proof = check_certificate(json.dumps(document).encode())
    step, result = proof.first_failure
    assert step.key == "theorem" and loss in result.detail


@pytest.mark.parametrize("make, kind", [(lambda: api.prove(2), "derive"), (lambda: api.derive(2), "prove"),
                                        (lambda: api.derive(2), "refute")])
def test_the_kind_must_fit_the_final_results(make, kind):
    document = json.loads(make().to_certificate())
    document["kind"], document["loss"] = kind, ""
    step, result = check_certificate(json.dumps(document).encode()).first_failure
    assert step.key == "theorem" and "kind" in result.detail
