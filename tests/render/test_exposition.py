"""The words around a proof (issue 11): the idea first and what it means after, for every loss and in every
format, and for a refutation what its counterexample shows, written from the checked claim."""

from __future__ import annotations

import json

import pytest

from ceproof.api import derive, prove
from ceproof.family import LOSSES
from ceproof.family.exposition import DERIVE, EXPOSITION
from ceproof.render.json import to_json
from ceproof.render.meaning import counterexample_words, idea, meaning
from ceproof.render.prose import to_latex, to_unicode
from ceproof.render.terminal import to_text


@pytest.fixture(scope="module")
def proofs():
    return {name: prove(loss=name) for name in LOSSES}


def test_every_loss_and_derive_have_words_and_nothing_else_does():
    assert set(EXPOSITION) == set(LOSSES) | {DERIVE}
    for words in EXPOSITION.values():
        assert 2 <= words.idea.count(". ") + 1 <= 5 and words.meaning  # two or three sentences, a few more at most
        assert to_latex(words.idea).isascii() and to_latex(words.meaning).isascii()
        assert "$" not in to_unicode(words.idea) + to_unicode(words.meaning)


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_idea_comes_first_and_the_meaning_after_in_every_format(proofs, name):
    proof = proofs[name]
    text = to_text(proof, 100)
    assert text.index("Idea") < text.index("Step 1") < text.index("What this means") < text.index("Summary")
    latex = proof.to_latex()
    assert latex.index(r"\textbf{Idea.}") < latex.index(r"\begin{proof}") < latex.index(r"\textbf{What this means.}")
    markdown = proof.to_markdown()
    assert markdown.index("**Idea.**") < markdown.index("**Proof.**") < markdown.index("**What this means.**")
    data = json.loads(to_json(proof))
    assert data["idea"] == idea(proof) and data["meaning"] == meaning(proof) and data["idea"] and data["meaning"]


def test_the_meaning_of_cross_entropy_says_what_the_issue_asks():
    words = meaning(prove(3))
    for phrase in ("global minimum", "no minimiser", "infimum", "never unique", "not convex in a network's weights",
                   "--loss two-layer"):
        assert phrase in words, phrase
    assert "variance" in idea(prove()) and idea(derive()) == EXPOSITION[DERIVE].idea


@pytest.mark.parametrize("name", sorted(n for n, loss in LOSSES.items() if loss.verdict == "not convex"))
def test_a_refutation_says_what_its_counterexample_shows_in_numbers_it_checked(proofs, name):
    proof = proofs[name]
    step = next(s for s in proof.steps if s.key == "counterexample")
    evidence = dict(proof.result("counterexample").evidence)
    words = counterexample_words(proof)
    assert f"(step {step.id})" in words and "certified" in words
    if step.claim.kind == "chord":
        low, high = (float(x) for x in evidence["f_mid"])
        assert f"{(low + high) / 2:#.4g}".rstrip(".") in words and "chord" in words
    else:
        low, high = (float(x) for x in evidence["second_derivative"])
        assert f"{(low + high) / 2:#.4g}".rstrip(".") in words and "bends downward" in words
    assert words in meaning(proof)


def test_a_statement_outside_the_family_gets_no_words():
    import dataclasses

    proof = dataclasses.replace(prove(3), loss="")
    assert idea(proof) == "" and "Idea" not in to_text(proof)
