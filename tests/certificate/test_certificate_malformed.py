"""Hostile and broken files: each gives exit 2 (or 1) with a one-line message, quickly, and runs nothing."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from ceproof import api
from ceproof.certificate import Unreadable
from ceproof.cli import cli

VALID = api.prove(2).to_certificate()


def _check(path, *extra):
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["check", str(path), *extra])
    return result, time.perf_counter() - started


def _one_line_error(result):
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.strip().splitlines() if result.stderr else result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ceproof: error:"), result.output
    assert "Traceback" not in result.output
    return lines[0]


def _with(mutate):
    doc = json.loads(VALID)
    mutate(doc)
    return json.dumps(doc)


def _first_step(doc, key="p"):
    return next(s for s in doc["steps"] if s["key"] == key)


def _tower(levels: int) -> list:
    tree = ["Integer", 2]
    for _ in range(levels):
        tree = ["Pow", tree, ["Integer", 64]]
    return tree


MALFORMED = {
    "truncated JSON": lambda: VALID[: len(VALID) // 2],
    "empty file": lambda: "",
    "not an object": lambda: "[1, 2, 3]",
    "another format": lambda: _with(lambda d: d.update(format="ceproof-proof")),
    "a future version": lambda: _with(lambda d: d.update(version=3)),
    "a version 1 certificate": lambda: _with(lambda d: d.update(version=1)),
    "a version as text": lambda: _with(lambda d: d.update(version="2")),
    "wrong type of field": lambda: _with(lambda d: d.update(steps={"1": "S"})),
    "unknown field": lambda: _with(lambda d: d.update(extra=1)),
    "unknown node kind": lambda: _with(lambda d: _first_step(d)["claim"].update(rhs=["Lambda", ["Symbol", "x"]])),
    "unknown object type": lambda: _with(lambda d: _first_step(d).update(claim={"type": "Eval", "code": "1"})),
    "NaN": lambda: VALID.replace('["Integer",-1]', '["Integer",NaN]', 1),
    "a float": lambda: VALID.replace('["Integer",-1]', '["Integer",-1.5]', 1),
    "huge integer": lambda: VALID.replace('["Integer",-1]', '["Integer",1' + "0" * 100000 + "]", 1),
    "huge power": lambda: _with(lambda d: _first_step(d)["claim"].update(rhs=["Pow", ["Integer", 10], ["Integer", 10 ** 9]])),
    "a sum of a billion terms": lambda: _with(lambda d: _first_step(d)["claim"].update(
        rhs=["Sum", ["Symbol", "i", "integer"], [["Symbol", "i", "integer"], ["Integer", 0], ["Integer", 10 ** 9]]])),
    "code as a symbol name": lambda: _with(lambda d: _first_step(d)["claim"].update(
        rhs=["Symbol", "__import__('os').system('touch PWNED')"])),
    "code as an object type": lambda: _with(lambda d: _first_step(d).update(
        claim={"type": "__import__('os').system('touch PWNED')"})),
    "an assumption outside the whitelist": lambda: _with(lambda d: _first_step(d)["claim"].update(
        rhs=["Symbol", "x", "commutative"])),
    "no steps": lambda: _with(lambda d: d.update(steps=[])),
    "a million-deep tree": lambda: VALID.replace('["Integer",-1]', "[" * 10 ** 6 + "]" * 10 ** 6, 1),
    "a 500-deep expression": lambda: VALID.replace('["Integer",-1]', '["exp",' * 500 + '["Symbol","x"]' + "]" * 500, 1),
    "powers of powers": lambda: _with(lambda d: _first_step(d)["claim"].update(rhs=_tower(6))),
    "a Mul of several numbers": lambda: _with(lambda d: _first_step(d)["claim"].update(
        rhs=["Mul", *[["Integer", 10 ** 99]] * 1000])),
    "too many classes": lambda: _with(lambda d: d["notation"].update(classes=10 ** 6)),
    "a label outside the classes": lambda: _with(lambda d: d["notation"].update(label=2)),
    "a notation of another shape": lambda: _with(lambda d: d.update(notation={"type": "Notation", "classes": 2,
                                                                              "label": 0})),
    "a statement that is not a Statement": lambda: _with(lambda d: d.update(statement=d["steps"][0]["claim"])),
    "a premise outside the vocabulary": lambda: _with(lambda d: d["statement"]["premises"].append(
        {"type": "Assumed", "statement": "z finite", "facts": []})),
    "a premise stating facts of its own": lambda: _with(lambda d: d["statement"]["premises"][1].update(
        facts=[{"type": "Equality", "lhs": ["Integer", 1], "rhs": ["Integer", 0], "constraints": []}])),
    "a version 1 field": lambda: _with(lambda d: d.update(theorem="$L$ is convex.")),
    "parameters that are not values": lambda: _with(lambda d: d.update(parameters={"classes": [2]})),
    "not UTF-8": lambda: b"\xff\xfe{}",
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_certificate_is_unreadable_with_one_line_quickly(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = MALFORMED[case]()
    path = tmp_path / "certificate.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result, seconds = _check(path)
    assert result.exit_code == 2, (case, result.output)
    line = _one_line_error(result)
    assert "unreadable certificate" in line
    assert seconds < 2, f"{case}: {seconds:.2f} s"
    assert not (tmp_path / "PWNED").exists()


def test_a_50_megabyte_file_is_refused_unread(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:
        handle.write(b"[" + b"0," * (25 * 2 ** 20) + b"0]")
    assert path.stat().st_size > 50 * 10 ** 6
    result, seconds = _check(path)
    assert result.exit_code == 2 and "larger than" in _one_line_error(result)
    assert seconds < 2


def test_a_missing_file_is_one_line_exit_2(tmp_path):
    result, _ = _check(tmp_path / "nowhere.json")
    assert result.exit_code == 2 and "cannot read" in _one_line_error(result)


def test_a_symbol_named_like_code_is_never_run_even_where_names_are_free(tmp_path, monkeypatch):
    """Explanations and statements are prose: code there is only ever text."""
    monkeypatch.chdir(tmp_path)
    code = "__import__('os').system('touch PWNED')"
    doc = json.loads(VALID)
    doc["steps"][0]["explanation"] = code
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    result, _ = _check(path)
    assert result.exit_code == 0
    assert not (tmp_path / "PWNED").exists() and not os.path.exists("PWNED")


def test_an_unknown_citation_is_invalid_and_named(tmp_path):
    doc = json.loads(VALID)
    cited = next(s for s in doc["steps"] if s["claim"]["type"] == "Cited")
    cited["claim"]["theorem"] = "folklore"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    result, _ = _check(path)
    assert result.exit_code == 1
    assert f"INVALID: step {cited['id']} ({cited['key']})" in result.output and "folklore" in result.output


def test_a_version_1_certificate_is_refused_with_one_line_naming_the_version(tmp_path):
    """The layout of version 1 (theorem text, kind, assumptions with facts of their own) is not read:
    the message names the version and what to do."""
    doc = json.loads(VALID)
    doc.update(version=1, kind="prove", title="Softmax cross-entropy is convex in the logits",
               theorem="$L(z)$ is convex in $z$.", notation={"type": "Notation", "classes": 2, "label": 0},
               assumptions=[{"id": "A1", "text": "$z$ real", "claim": {"type": "Assumed", "statement": "z real",
                                                                        "facts": []}}])
    del doc["statement"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc))
    result, _ = _check(path)
    assert result.exit_code == 2 and result.stdout == ""
    line = _one_line_error(result)
    assert "certificate version 1 is not supported" in line and "reads version 2" in line, line


def test_the_report_shows_the_formal_statement_with_every_premise(tmp_path):
    """A premise is taken as given, so the report must show each, with the function, its variables and
    every property asserted: that is what the kernel verified, whatever the steps' words say."""
    doc = json.loads(VALID)
    doc["steps"][0]["explanation"] = "This proof shows that L is strictly convex."
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    result, _ = _check(path)
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines()]
    assert "function   L(z) = −Σᵢ₌₀¹ yᵢ·log(exp(zᵢ)/(Σₗ₌₀¹ exp(zₗ)))" in lines
    assert "written out L(z) = −log(exp(z₀)/(exp(z₀) + exp(z₁)))" in lines
    assert "variables  z" in lines and "A1 domain  z ∈ ℝ²" in lines
    assert "A2 premise y = e₀, the one-hot vector of class 0" in lines
    assert [line for line in lines if line.startswith("asserts")] == ["asserts    L is convex in z",
                                                                      "asserts    L is not strictly convex in z"]
    assert "strictly convex." not in result.output.replace("not strictly convex", "")
    report = json.loads(CliRunner().invoke(cli, ["check", str(path), "--format", "json"]).output)
    statement = report["statement"]
    assert [(p["id"], p["type"]) for p in statement["premises"]] == [("A1", "RealSpace"), ("A2", "OneHotLabel")]
    assert [p["type"] for p in statement["properties"]] == ["Convex", "NotStrictlyConvex"]
    assert statement["variables"] == ["z"] and report["loss"] == "ce" and report["parameters"] == {"classes": 2,
                                                                                                   "label": 0}


def _edited(make, edit):
    doc = json.loads(make().to_certificate())
    edit(doc)
    return json.dumps(doc).encode()


def _retype(tree, old, new):
    """``tree`` with every occurrence of the node ``old`` replaced by ``new``."""
    if tree == old:
        return new
    if isinstance(tree, list):
        return [_retype(item, old, new) for item in tree]
    if isinstance(tree, dict):
        return {key: _retype(value, old, new) for key, value in tree.items()}
    return tree


@pytest.mark.parametrize("edit, reason", [
    # a plain z0 beside the notation's real z0 would be another symbol that prints the same
    (lambda d: d["steps"].__setitem__(0, _retype(d["steps"][0], ["Indexed", ["IndexedBase", "z", "real"],
                                                                   ["Symbol", "l", "integer", "nonnegative"]],
                                                 ["Symbol", "z0"])), "notation's z0 is real"),
    # a step may not be a premise, nor a statement
    (lambda d: d["steps"][0].update(claim={"type": "SimplexLabel", "subject": ["IndexedBase", "y", "real"]}),
     "cannot stand"),
    (lambda d: d["steps"][0].update(claim=d["statement"]), "cannot stand"),
])
def test_third_review_of_certificates_reader(edit, reason):
    """Found by a third adversarial review: each made a false certificate check or crashed the checker."""
    from ceproof.certificate import read_certificate

    with pytest.raises(Unreadable, match=reason):
        read_certificate(_edited(lambda: api.prove(2), edit))


def test_a_derivative_in_a_plain_symbol_named_like_a_notation_vector_is_invalid(tmp_path):
    def edit(d):
        hessian = next(s for s in d["steps"] if s["key"] == "hessian")
        hessian["claim"]["variables"] = [["Symbol", "z", "real"]]
    path = tmp_path / "c.json"
    path.write_bytes(_edited(lambda: api.prove(), edit))
    result, _ = _check(path)
    assert result.exit_code == 1 and "INVALID: step 10 (hessian) fails" in result.output, result.output


def test_a_statement_variable_may_not_be_a_plain_symbol_named_like_a_notation_vector(tmp_path):
    def edit(d):
        d["statement"]["variables"] = [["Symbol", "z", "real"]]
        d["loss"], d["parameters"] = "", {}
    path = tmp_path / "c.json"
    path.write_bytes(_edited(lambda: api.prove(), edit))
    result, _ = _check(path)
    assert result.exit_code == 1 and "names a vector of the" in result.output, result.output


def _forged_scalar_z_certificate() -> str:
    """A certificate stating "L(z) = −z² is convex in z, for z ∈ ℝᴷ", where the z of the function is a
    plain real symbol named z (a constant of the vector z): each step holds of that constant, but the
    statement shown reads as a false theorem about the vector. Written without the kernel's verdict."""
    import sympy

    from ceproof.checked import CheckedProof
    from ceproof.derivations.builder import ProofBuilder
    from ceproof.kernel.arrays import IndexedArray, QuadraticForm
    from ceproof.kernel.citations import SECOND_ORDER_CONDITION
    from ceproof.kernel.claims import (Cited, Definition, DerivativeEquality, Equality, NonNegative,
                                       PositiveSemidefinite, SumOfSquares)
    from ceproof.kernel.notation import Notation
    from ceproof.kernel.premises import RealSpace
    from ceproof.kernel.proof import CheckResult
    from ceproof.kernel.statement import Convex, Statement

    n = Notation(None)
    L, f = sympy.Symbol("L"), -sympy.Symbol("z", real=True) ** 2
    b = ProofBuilder(n, Statement(L, f, (n.z,), (RealSpace(n.z),), (Convex((n.z,)),)), ("domain",))
    _, j, k, _ = n.indices
    H = IndexedArray((n.K, n.K), (j, k), sympy.Integer(0))
    form = QuadraticForm(H, n.v)
    b.add("L", Definition(L, f), "definition", uses=("domain",))
    b.add("hessian", DerivativeEquality(of=L, function=f, order=2, result=H), "differentiation", uses=("L",))
    b.add("zero", Equality(form, sympy.Integer(0)), "the form of the zero matrix", uses=("hessian",))
    b.add("nonnegative", NonNegative(form, SumOfSquares(())), "no squares", uses=("zero",))
    b.add("psd", PositiveSemidefinite(H, n.v), "definition of positive semidefinite", uses=("nonnegative",))
    b.add("convex", Cited(SECOND_ORDER_CONDITION, L, (n.z,)), "second-order condition",
          uses=("hessian", "psd", "domain"))
    proof = b.build()
    return CheckedProof(proof, tuple(CheckResult("verified", "unchecked") for _ in proof.steps)).to_certificate()


def test_a_plain_symbol_named_like_a_notation_vector_cannot_make_a_false_statement_valid(tmp_path):
    path = tmp_path / "forged.json"
    path.write_text(_forged_scalar_z_certificate())
    result, _ = _check(path)
    assert "function   L(z) = −z²" in result.output or result.exit_code == 2, result.output
    assert result.exit_code in (1, 2) and "VALID: every step" not in result.output, result.output


def test_a_certificate_for_every_k_relabelled_with_explicit_classes_is_invalid_not_a_crash(tmp_path):
    """Its claims speak of the symbol K, which an explicit notation makes a number (found by the
    mutation test: the kernel once raised AttributeError here, exit 3)."""
    path = tmp_path / "c.json"
    path.write_bytes(_edited(lambda: api.prove(), lambda d: d["notation"].update(classes=2)))
    result, _ = _check(path)
    assert result.exit_code == 1 and "INVALID: step 1 (S) fails" in result.output, (result.exit_code, result.output)
    assert "internal error" not in result.output


def test_check_gives_up_after_its_timeout_with_exit_2(tmp_path):
    """In a fresh process (cold caches): checking the focal loss's counterexample at K = 300 takes
    several seconds (interval arithmetic over 300 logits), more than 1."""
    import subprocess
    import sys

    path = tmp_path / "big.json"
    path.write_text(api.prove(loss="focal", classes=300).to_certificate())
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceproof", "check", str(path), "--timeout", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"ceproof: error: {path}: checking took more than 1 s; "
                                                "--timeout allows more"]
    assert time.perf_counter() - started < 10


def test_a_tampered_certificate_of_20_classes_is_refused_within_its_timeout(tmp_path):
    """A wrong entry must be found INVALID (exit 1), not outlast the --timeout (exit 2)."""
    import subprocess
    import sys

    def edit(d):
        hessian = next(s for s in d["steps"] if s["key"] == "hessian")
        hessian["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], hessian["claim"]["result"]["entry"]]
    path = tmp_path / "k20.json"
    path.write_bytes(_edited(lambda: api.prove(20), edit))
    done = subprocess.run([sys.executable, "-m", "ceproof", "check", str(path), "--timeout", "20"],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "INVALID: step 10 (hessian) fails" in done.stdout, done.stderr
