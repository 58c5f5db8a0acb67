"""The refutation route's search (issue 13): what it finds is a real violation by an independent evaluation (a
second difference of the loss along the line, a chord in 50-digit arithmetic), and it finds none for convex
losses."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from ceproof.expr.counterexample import find_chord, find_curvature
from ceproof.expr.hessian import flat_variables
from ceproof.expr.parse import Variable, parse, symbol_of

NOT_CONVEX = [
    ("log(1 + exp(-a*b))", {}), ("x**3", {}), ("sigmoid(x)", {}), ("x*y", {}), ("sqrt(x)", {"positive": ("x",)}),
    ("sum((softmax(z) - 1)**2)", {"variables": (Variable("z", 3),)}), ("-abs(x)", {}), ("min(x, y)", {}),
    ("max(x, y) - abs(x)", {}),
]
CONVEX = [("x**2 + y**2", {}), ("x*log(x/y)", {"positive": ("x", "y")}), ("abs(x) + max(x, y)", {}),
          ("logsumexp(z)", {"variables": (Variable("z", 3),)})]


def search(text, options):
    parsed = parse(text, **options)
    variables = flat_variables(parsed)
    positive = frozenset(symbol_of(v) for v in parsed.variables if v.positive and v.size is None)
    return parsed, variables, find_curvature(parsed.function, variables, positive) or \
        find_chord(parsed.function, variables, positive)


def value(function, variables, point):
    f = sympy.lambdify(variables, function, "mpmath")
    return f(*(mpmath.mpf(x.numerator) / x.denominator for x in point))


@pytest.mark.parametrize("text, options", NOT_CONVEX)
def test_what_the_search_finds_is_a_violation_by_an_independent_evaluation(text, options):
    mpmath.mp.dps = 50
    parsed, variables, found = search(text, options)
    assert found is not None, text
    if hasattr(found, "direction"):  # the loss along the line, differenced twice: no Hessian involved
        h = mpmath.mpf("1e-15")

        def along(s):
            return sympy.lambdify(variables, parsed.function, "mpmath")(
                *(mpmath.mpf(x.numerator) / x.denominator + s * mpmath.mpf(d.numerator) / d.denominator
                  for x, d in zip(found.point, found.direction)))

        assert (along(h) - 2 * along(0) + along(-h)) / h ** 2 < 0
    else:
        middle = tuple((a + b) / 2 for a, b in zip(found.x1, found.x2))
        f = parsed.function
        assert value(f, variables, middle) > (value(f, variables, found.x1) + value(f, variables, found.x2)) / 2


@pytest.mark.parametrize("text, options", CONVEX)
def test_the_search_finds_nothing_for_a_convex_loss(text, options):
    assert search(text, options)[2] is None


def test_the_search_is_deterministic():
    assert search("log(1 + exp(-a*b))", {})[2] == search("log(1 + exp(-a*b))", {})[2]
