"""The Hessian route's search (issue 13): vᵀHv as weighted squares by symbolic LDLᵀ, compared at random points
with the Hessian computed by finite differences of the loss itself (an independent route)."""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy

from ceproof.expr.hessian import flat_variables, hessian
from ceproof.expr.squares import weighted_squares
from ceproof.expr.parse import Variable, parse

CASES = [
    ("-log(exp(z[0])/(exp(z[0]) + exp(z[1]) + exp(z[2])))", {"variables": (Variable("z", 3),)}, True),
    ("x*log(x/y)", {"positive": ("x", "y")}, True),
    ("x**2/y", {"positive": ("y",)}, True),
    ("log(1 + exp(-a*b))", {}, False),
]


def finite_difference_hessian(function, variables, point, h=mpmath.mpf("1e-12")):
    """∂²f/∂xᵢ∂xⱼ by central differences in 60-digit arithmetic, from the loss alone."""
    f = sympy.lambdify(variables, function, "mpmath")

    def at(**steps):  # f at the point moved by h·(steps) along the named coordinates "c0", "c1", …
        return f(*(x + h * steps.get(f"c{k}", 0) for k, x in enumerate(point)))

    def entry(i, j):
        if i == j:
            return (at(**{f"c{i}": 2}) - 2 * at() + at(**{f"c{i}": -2})) / (4 * h * h)
        return (at(**{f"c{i}": 1, f"c{j}": 1}) - at(**{f"c{i}": 1, f"c{j}": -1})
                - at(**{f"c{i}": -1, f"c{j}": 1}) + at(**{f"c{i}": -1, f"c{j}": -1})) / (4 * h * h)

    return [[entry(i, j) for j in range(len(point))] for i in range(len(point))]


@pytest.mark.parametrize("text, options, convex", CASES)
def test_the_squares_add_up_to_the_hessian_form_of_the_loss(text, options, convex):
    mpmath.mp.dps = 60
    parsed = parse(text, **options)
    variables = flat_variables(parsed)
    directions = sympy.symbols(f"v0:{len(variables)}", real=True)
    S = sympy.Symbol("S")
    squares = weighted_squares(hessian(parsed.function, variables), directions, variables, S)
    if squares is None and not convex:
        return  # divisors in two different sums: no decomposition is offered, which is right for a non-convex loss
    assert squares is not None
    normalizer = S if squares.normalizer is None else squares.normalizer  # S stands for the sum it names
    rng = random.Random(text)
    for _ in range(3):
        point = [mpmath.mpf(rng.randint(1, 9)) / rng.randint(1, 4) for _ in variables]
        v = [rng.randint(-3, 3) for _ in variables]
        H = finite_difference_hessian(parsed.function, variables, point)
        form = sum(v[i] * H[i][j] * v[j] for i in range(len(v)) for j in range(len(v)))
        values = dict(zip(variables, point)) | dict(zip(directions, v))
        weights = [sympy.lambdify(list(values), w.subs(S, normalizer), "mpmath")(*values.values())
                   for w, _ in squares.terms]
        total = sum(w * sympy.lambdify(list(values), f.subs(S, normalizer), "mpmath")(*values.values()) ** 2
                    for w, (_, f) in zip(weights, squares.terms))
        assert abs(total - form) < mpmath.mpf("1e-8") * (1 + abs(form))
        if convex:
            assert all(w >= 0 for w in weights)
