"""Round trip: every proof and refutation ceproof makes is written as a certificate and checks again."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceproof import api
from ceproof.certificate import FORMAT, VERSION, Unreadable, read_certificate
from ceproof.certificate.document import parameter_text
from ceproof.cli import cli
from ceproof.family import LOSSES
from ceproof.gallery import ENTRIES
from ceproof.kernel.claims import Counterexample
from ceproof.kernel.verify import PARALLEL_FROM

PROOFS = Path(__file__).resolve().parents[2] / "proofs"


def every_proof() -> list:
    """(command, arguments) for every kind of proof the project makes: derive, and every loss with
    its defaults, with an explicit K where it takes one, and with every activation."""
    cases = [("derive", {}), ("derive", {"classes": 2}), ("derive", {"classes": 4, "label": 3})]
    for name, loss in LOSSES.items():
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


@pytest.mark.parametrize("case", every_proof(), ids=_name)
def test_every_proof_round_trips_through_its_certificate(case):
    command, arguments = case
    proof = getattr(api, command)(**arguments)
    assert proof.verdict in ("proved", "refuted")
    text = proof.to_certificate()
    assert text == proof.to_certificate()
    read, loss, parameters = read_certificate(text.encode())
    assert read.notation == proof.notation and read.statement == proof.statement
    assert loss == proof.loss and dict(parameters) == {k: parameter_text(v) for k, v in proof.parameters}
    for original, back in zip(proof.steps, read.steps, strict=True):
        if isinstance(back.claim, Counterexample):
            assert back.claim.bounds, "a counterexample states its certified enclosures"
            back = dataclasses.replace(back, claim=dataclasses.replace(back.claim, bounds=()))
        assert back == original, original.key
    checked = api.check(text.encode())
    assert checked.verdict == proof.verdict and checked.kind == proof.kind and checked.title == proof.title
    assert checked.results == proof.results


def test_a_failed_proof_has_no_certificate():
    proof = api.prove(2)
    broken = dataclasses.replace(proof, results=(dataclasses.replace(proof.results[0], status="failed"),
                                                 *proof.results[1:]))
    with pytest.raises(ValueError, match="failed its check"):
        broken.to_certificate()


def test_the_certificate_is_versioned_json_with_expression_trees():
    document = json.loads(api.prove(3).to_certificate())
    assert list(document) == ["format", "version", "loss", "parameters", "notation", "statement", "steps"]
    assert document["format"] == FORMAT and document["version"] == VERSION == 2
    assert document["loss"] == "ce" and document["parameters"] == {"classes": 3, "label": 0}
    assert document["notation"] == {"classes": 3, "label": 0, "features": None, "one_hot": "y"}
    statement = document["statement"]
    assert statement["type"] == "Statement" and statement["name"] == ["Symbol", "L"]
    assert [p["type"] for p in statement["properties"]] == ["Convex", "NotStrictlyConvex"]
    assert statement["premises"][1] == {"type": "OneHotLabel", "subject": ["IndexedBase", "y", "real"], "label": 0}
    hessian = next(s for s in document["steps"] if s["key"] == "hessian")
    assert hessian["claim"]["type"] == "DerivativeEquality"
    assert hessian["claim"]["result"]["entry"][0] == "Mul"
    assert document["steps"][-1]["claim"] == {"type": "Conclusion"}


def test_a_certificate_holds_no_prose_but_the_steps_words():
    """Version 2 states the theorem formally: no theorem text, title, kind or assumptions."""
    text = api.prove(loss="label-smoothing").to_certificate()
    document = json.loads(text)
    assert not {"theorem", "title", "kind", "assumptions"} & set(document)
    assert "Assumed" not in text and "convex in the logits" not in text
    assert document["parameters"]["epsilon"] == "1/10"


def test_a_version_1_certificate_is_refused_naming_its_version():
    document = json.loads(api.prove(2).to_certificate())
    document.update(version=1, kind="prove", title="Softmax cross-entropy is convex in the logits",
                    theorem="$L$ is convex.", assumptions=[])
    del document["statement"]
    with pytest.raises(Unreadable, match="version 1 is not supported") as refused:
        read_certificate(json.dumps(document).encode())
    assert "\n" not in str(refused.value) and f"reads version {VERSION}" in str(refused.value)


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
    assert run("prove", "--classes", "2", "--format", "certificate", "-o", str(path)).exit_code == 0
    first = run("check", str(path)).output
    assert "VALID: every step" in first and first == run("check", str(path)).output


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
    assert not report["valid"] and report["verdict"] == "invalid" and report["first_failure"]["key"] == "gradient"


def test_a_step_resting_on_a_failed_step_fails_too(tmp_path):
    document = json.loads(api.prove(3).to_certificate())
    hessian = next(s for s in document["steps"] if s["key"] == "hessian")
    hessian["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], hessian["claim"]["result"]["entry"]]
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(document))
    report = json.loads(run("check", str(path), "--format", "json").output)
    assert report["first_failure"]["key"] == "hessian"
    users = [s for s in report["steps"] if hessian["id"] in next(d["uses"] for d in document["steps"]
                                                                 if d["id"] == s["id"])]
    assert users and all(s["check"] == "failed" and s["method"] == "dependencies" for s in users)
    assert report["steps"][-1]["check"] == "failed"


def test_the_certificate_format_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "proof.json"
    path.write_text("mine")
    result = run("prove", "--classes", "2", "--format", "certificate", "-o", str(path))
    assert result.exit_code == 2 and path.read_text() == "mine"


@pytest.mark.parametrize("path", sorted(PROOFS.glob("*.certificate.json")), ids=lambda p: p.name)
def test_every_committed_certificate_checks(path):
    result = run("check", str(path))
    assert result.exit_code == 0 and "VALID" in result.output and "INVALID" not in result.output, result.output


def test_the_gallery_has_its_certificates():
    assert {p.name for p in PROOFS.glob("*.certificate.json")} == {
        f"{entry.stem}.certificate.json" for entry in ENTRIES if "certificate.json" in entry.extensions}


def test_parallel_and_serial_checks_agree(monkeypatch):
    """From PARALLEL_FROM classes on, the checks run in forked workers: the results are the same."""
    from ceproof.kernel import verify as kernel

    text = api.prove(PARALLEL_FROM).to_certificate().encode()
    document = json.loads(text)
    gradient = next(s for s in document["steps"] if s["key"] == "gradient")
    gradient["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], gradient["claim"]["result"]["entry"]]
    tampered = json.dumps(document).encode()
    forked = []
    original = kernel._check_in_parallel

    def spy(*args):
        done = original(*args)
        forked.append(len(done))
        return done

    monkeypatch.setattr(kernel, "_check_in_parallel", spy)
    for data in (text, tampered):
        parallel, serial = api.check(data, workers=2).results, api.check(data, workers=1).results
        assert parallel == serial
    assert len(forked) == 2 and all(forked), forked
    assert api.check(tampered, workers=2).first_failure[0].key == "gradient"


# ---------------------------------------------------------------- the loss a certificate names

def _document(make=lambda: api.prove(2)) -> dict:
    return json.loads(make().to_certificate())


def _checked(document):
    return api.check(json.dumps(document).encode())


@pytest.mark.parametrize("loss, phrase", [
    ("mse-softmax", "not the canonical statement of the loss 'mse-softmax'"),
    ("no-such-loss", "'no-such-loss', which ceproof does not know"),
])
def test_a_certificate_must_carry_the_canonical_statement_of_the_loss_it_names(loss, phrase):
    document = _document()
    document["loss"] = loss
    step, result = _checked(document).first_failure
    assert step.key == "conclusion" and result.method == "statement" and phrase in result.detail


@pytest.mark.parametrize("edit, phrase", [
    (lambda d: d["parameters"].update(classes=3), "notation is not the one of the loss 'ce'"),
    (lambda d: d["parameters"].update(label=1), "notation is not the one of the loss 'ce'"),
    (lambda d: d["parameters"].pop("label"), "not those ceproof completes them to (classes=2, label=0)"),
    (lambda d: d["parameters"].update(gamma="2"), "not valid"),
    (lambda d: d["parameters"].update(classes=1), "not valid"),
])
def test_the_parameters_a_certificate_names_must_be_those_of_its_notation(edit, phrase):
    document = _document()
    edit(document)
    step, result = _checked(document).first_failure
    assert step.key == "conclusion" and phrase in result.detail, result.detail


def test_a_weaker_statement_is_valid_only_when_it_names_no_loss():
    """Convex alone, proved by the convexity step: a true theorem, but not the canonical statement of
    ce, which also asserts that it is not strictly convex."""
    document = _document()
    document["statement"]["properties"] = [p for p in document["statement"]["properties"] if p["type"] == "Convex"]
    convex = next(s["id"] for s in document["steps"] if s["key"] == "convex")
    document["steps"][-1]["uses"] = [convex]
    step, result = _checked(document).first_failure
    assert step.key == "conclusion" and "not the canonical statement" in result.detail
    document["loss"], document["parameters"] = "", {}
    checked = _checked(document)
    assert checked.first_failure is None and checked.verdict == "proved" and checked.loss == ""
    assert [type(p).__name__ for p in checked.statement.properties] == ["Convex"]


@pytest.mark.parametrize("make, edit, phrase", [
    # a proof of convexity stated as strict convexity
    (lambda: api.prove(2), lambda s: s["properties"][0].update(type="StrictlyConvex", on=None),
     "which the statement does not assert"),
    # a derivation whose Hessian is stated twice as large
    (lambda: api.derive(2), lambda s: s["properties"][2]["result"].update(
        entry=["Mul", ["Integer", 2], s["properties"][2]["result"]["entry"]]), "which the statement does not assert"),
    # a refutation stated as a proof
    (lambda: api.prove(loss="focal"), lambda s: s["properties"].__setitem__(0, {"type": "Convex",
                                                                               "variables": s["properties"][0]["variables"]}),
     "which the statement does not assert"),
    # another function than the one the proof defines
    (lambda: api.prove(2), lambda s: s.update(function=["Mul", ["Integer", 2], s["function"]]),
     "is not the function of the statement"),
    # a statement asserting a property no step establishes
    (lambda: api.prove(2), lambda s: s["properties"].append({"type": "NotConvex", "variables": s["variables"]}),
     "no used step establishes NotConvex"),
])
def test_without_a_loss_the_kernel_holds_the_proof_to_its_statement(make, edit, phrase):
    document = _document(make)
    document["loss"], document["parameters"] = "", {}
    edit(document["statement"])
    checked = _checked(document)
    step, result = checked.first_failure
    assert step.key == "conclusion" and phrase in result.detail, result.detail
    assert checked.verdict == "check failed"
