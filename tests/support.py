"""Helpers the tests share: checking one claim as a step would be, and asserting its outcome."""

from __future__ import annotations

import pytest
import sympy

from ceproof.kernel.notation import Notation
from ceproof.kernel.verify import check_in_context

EXPLICIT = Notation(3, 0)
EVERY_K = Notation(None)
BOTH = pytest.mark.parametrize("n", [EXPLICIT, EVERY_K], ids=["K=3", "every-K"])


def check(n, claim, *used, earlier=(), statement=None):
    """The kernel's result for ``claim`` using the claims (or premises) ``used``; ``earlier`` are the
    claims before it (freshness), by default the used ones."""
    return check_in_context(n, claim, used, (), tuple(earlier) or tuple(used), statement)


def status(n, claim, *used, **context) -> str:
    return check(n, claim, *used, **context).status


def assert_verified(result):
    assert result.status == "verified", result.detail


def assert_failed(result, *phrases):
    assert result.status == "failed"
    assert result.method
    for phrase in phrases:
        assert phrase in result.detail, result.detail



def in_logits(data: dict, text: str, z) -> sympy.Expr:
    """An entry of the JSON's arrays over the logits: its ``definitions`` (S, p0, …, each over the logits
    and the names before it) substituted, last first. Our own output, parsed in a test with a fixed
    whitelist of names: nothing from a user."""
    names = {str(s): s for s in z}
    for definition in data["definitions"]:
        names[definition["name"]] = sympy.Symbol(definition["name"])
    parse = lambda t: sympy.parse_expr(t, local_dict={**names, "exp": sympy.exp})
    expr = parse(text)
    for definition in reversed(data["definitions"]):
        expr = expr.subs(names[definition["name"]], parse(definition["value"]))
    return expr
