"""The routes of an --expr answer: a producer is untrusted, so its error loses its own route, not the answer."""

from __future__ import annotations

from ceproof.expr import decide as decide_module
from ceproof.expr.parse import parse


def break_route(monkeypatch, broken_name: str, error: Exception) -> tuple:
    """The routes with the one named ``broken_name`` raising ``error``."""
    def broken(parsed):
        raise error

    routes = tuple((name, broken if name == broken_name else route, nothing)
                   for name, route, nothing in decide_module.ROUTES)
    monkeypatch.setattr(decide_module, "ROUTES", routes)
    return routes


def test_an_error_in_a_producer_is_where_its_route_stopped(monkeypatch):
    routes = break_route(monkeypatch, "composition rules", ZeroDivisionError("a bug in a search"))
    answer = decide_module.decide(parse("x**4 + x**2*y**2 + y**4"))
    assert answer.verdict == "unknown"
    stopped = dict((a.route, a.stopped) for a in answer.attempts)
    assert stopped["composition rules"] == "the search stopped on an error of its own (ZeroDivisionError)"
    assert len(answer.attempts) == len(routes)


def test_a_route_after_a_broken_one_still_answers(monkeypatch):
    break_route(monkeypatch, "second-order condition, strict", ValueError("a bug in a search"))
    answer = decide_module.decide(parse("x**2 + y**2"))
    assert not isinstance(answer, decide_module.Undecided)
