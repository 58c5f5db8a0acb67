"""``--brief`` (issue 11): a checked proof in at most 8 numbered steps, each a group of the proof's own checked
steps, every claim shown one the kernel checked, no engine lines, one closing line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ceproof.api import prove
from ceproof.cli import cli
from ceproof.family import LOSSES
from ceproof.render.brief import HIDDEN, brief_steps, chained, closing_line
from ceproof.render.display import claim_parts
from ceproof.render.terminal import to_text


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("classes", [None, 3])
def test_every_brief_proof_has_at_most_8_steps_that_group_every_step_once(name, classes):
    proof = prove(loss=name, classes=classes if "classes" in LOSSES[name].parameters else None)
    parts = brief_steps(proof)
    assert 1 <= len(parts) <= 8
    grouped = [s.id for part in parts for s in part.steps]
    assert sorted(grouped, key=int) == [s.id for s in proof.steps]  # every step in exactly one part
    assert [part.number for part in parts] == list(range(1, len(parts) + 1))
    for part in parts:
        assert all(r.ok for r in part.results)
        assert all(s.key not in HIDDEN and s in part.steps for s, _ in part.shown)


def test_a_brief_chain_joins_only_claims_about_one_left_side_and_shows_each_link():
    proof = prove()
    part = next(p for p in brief_steps(proof) if p.title.startswith("The quadratic form"))
    lines = chained([claim_parts(s.claim, proof.notation, False, proof.statement) for s, _ in part.shown])
    form = claim_parts(proof.step("quadratic-form").claim, proof.notation, False, proof.statement)
    chain = lines[0]
    assert chain[:3] == form  # vᵀHv = Σpᵢvᵢ² − (Σpᵢvᵢ)²
    squares = claim_parts(proof.step("sum-of-squares").claim, proof.notation, False, proof.statement)
    assert chain[3:5] == [" = ", squares[2]] and chain[-1] == " ≥ 0"  # = ½ΣᵢΣⱼ… ≥ 0
    assert len(lines) == 2  # and H ⪰ 0 on its own line


@pytest.mark.parametrize("classes", [3, None])
def test_the_brief_terminal_proof_has_no_engine_lines_and_one_closing_line(classes):
    proof = prove(classes)
    text = to_text(proof, 100, brief=True)
    assert "✓ verified" not in text and "compared as polynomials" not in text and "uses:" not in text
    assert text.count("of the full proof)") == len(brief_steps(proof)) <= 8
    assert "The full proof has 19 steps: 17 checked by ceproof's kernel and 2 cited" in " ".join(text.split())
    assert "Idea" in text and "What this means" in text
    assert closing_line(proof).startswith("The full proof has 19 steps")


def test_brief_in_latex_and_markdown_and_refused_for_json():
    runner = CliRunner()
    latex = runner.invoke(cli, ["prove", "--classes", "3", "--brief", "--format", "latex"])
    assert latex.exit_code == 0 and r"\textbf{7. Not strictly convex.}" in latex.output
    assert r"\tag{" not in latex.output and "--brief --format latex" in latex.output
    markdown = runner.invoke(cli, ["prove", "--brief", "--format", "markdown"])
    assert markdown.exit_code == 0 and "**5. The quadratic form is nonnegative.**" in markdown.output
    refused = runner.invoke(cli, ["prove", "--brief", "--format", "json"])
    assert refused.exit_code == 2 and "--brief applies to text, latex and markdown" in refused.output
