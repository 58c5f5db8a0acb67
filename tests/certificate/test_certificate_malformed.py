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
    "wrong version": lambda: _with(lambda d: d.update(version=2)),
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


def test_the_report_shows_every_assumption_and_declared_domain(tmp_path):
    """A premise is taken as given, so the report must show it: 1 = 0 among the assumptions proves
    anything, and the reader must see it."""
    doc = json.loads(VALID)
    doc["assumptions"].append({"id": "A3", "text": "$z$ is finite.", "claim": {"type": "Assumed", "statement": "z finite",
                               "facts": [{"type": "Equality", "lhs": ["Integer", 1], "rhs": ["Integer", 0],
                                          "constraints": []}]}})
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    result, _ = _check(path)
    assert "A3. z is finite." in result.output and "states: 1 = 0" in result.output
    assert "Declared symbols: " in result.output and "z real" in result.output
    report = json.loads(CliRunner().invoke(cli, ["check", str(path), "--format", "json"]).output)
    assert report["assumptions"][-1]["facts"] == ["1 = 0"]
    assert report["declared_symbols"]["z"] == ["real"]
    assert {s["key"] for s in report["established"]} >= {"convex", "not-strict"}


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
    # a step may not be an assumption
    (lambda d: d["steps"][0].update(claim={"type": "Assumed", "statement": "S > 0", "facts": []}), "cannot stand"),
])
def test_third_review_of_certificates_reader(edit, reason):
    """Found by a third adversarial review: each made a false certificate check or crashed the checker."""
    from ceproof.certificate import read_certificate

    with pytest.raises(Unreadable, match=reason):
        read_certificate(_edited(lambda: api.prove(2), edit))


def test_a_variable_may_not_be_a_plain_symbol_named_like_a_notation_vector():
    from ceproof.certificate import read_certificate

    def edit(d):
        hessian = next(s for s in d["steps"] if s["key"] == "hessian")
        hessian["claim"]["variables"] = [["Symbol", "z", "real"]]
    with pytest.raises(Unreadable, match="notation's z is a vector"):
        read_certificate(_edited(lambda: api.prove(), edit))


def test_check_gives_up_after_its_timeout_with_exit_2(tmp_path):
    """In a fresh process (cold caches): checking K = 150 takes several seconds, more than 1."""
    import subprocess
    import sys

    path = tmp_path / "big.json"
    path.write_text(api.prove(150).to_certificate())
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ceproof", "check", str(path), "--timeout", "1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [f"ceproof: error: {path}: checking took more than 1 s; "
                                                "--timeout allows more"]
    assert time.perf_counter() - started < 10
