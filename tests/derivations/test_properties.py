"""Property tests: the JSON Hessian, evaluated numerically, matches finite differences and is PSD."""

import json
import math
from functools import lru_cache

import mpmath
import sympy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ceproof.api import derive
from ceproof.cli import cli
from support import in_logits


@lru_cache(maxsize=None)
def exported(classes: int, label: int):
    """The gradient and Hessian strings of ``ceproof prove --format json``, as SymPy functions."""
    result = CliRunner().invoke(cli, ["prove", "--classes", str(classes), "--label", str(label), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    z = sympy.symbols(f"z0:{classes}")
    gradient = sympy.lambdify(z, [in_logits(data, g, z) for g in data["gradient"]], "math")
    hessian = sympy.lambdify(z, [[in_logits(data, h, z) for h in row] for row in data["hessian"]], "math")
    return gradient, hessian



def loss(z, label):
    """Cross-entropy −log softmax(z)[label], computed stably and independently of ceproof."""
    top = max(z)
    return top + math.log(sum(math.exp(x - top) for x in z)) - z[label]


def central_hessian(z, label, h=1e-4):
    K = len(z)

    def f(shift_j, shift_k, j, k):
        w = list(z)
        w[j] += shift_j
        w[k] += shift_k
        return loss(w, label)

    return [[(f(h, h, j, k) - f(h, -h, j, k) - f(-h, h, j, k) + f(-h, -h, j, k)) / (4 * h * h)
             for k in range(K)] for j in range(K)]


problems = st.integers(2, 8).flatmap(lambda K: st.tuples(
    st.just(K), st.integers(0, K - 1), st.lists(st.floats(-5, 5), min_size=K, max_size=K)))


@settings(max_examples=40, deadline=None)
@given(problems)
def test_json_hessian_matches_finite_differences_and_is_psd(problem):
    K, label, z = problem
    _, hessian = exported(K, label)
    H = hessian(*z)
    numeric = central_hessian(z, label)
    for j in range(K):
        for k in range(K):
            assert abs(H[j][k] - numeric[j][k]) < 1e-5, (j, k, H[j][k], numeric[j][k])
    eigenvalues, _ = mpmath.eigsy(mpmath.matrix(H))
    assert min(eigenvalues) >= -1e-12


@settings(max_examples=20, deadline=None)
@given(problems)
def test_json_gradient_matches_finite_differences(problem):
    K, label, z = problem
    gradient, _ = exported(K, label)
    h = 1e-6
    for j in range(K):
        up, down = list(z), list(z)
        up[j] += h
        down[j] -= h
        assert abs(gradient(*z)[j] - (loss(up, label) - loss(down, label)) / (2 * h)) < 1e-6


@lru_cache(maxsize=None)
def stated(classes: int, label: int):
    """What ``derive`` states, as float functions of z: the function L and the gradient and Hessian its
    properties claim, with its ``where`` definitions (S, p) written out."""
    statement, n = derive(classes, label).statement, derive(classes, label).notation
    z = list(n.entries(n.z))
    S, p = statement.where[0], statement.where[1]
    values = {n.S: n.explicit(S.rhs)}
    values.update({n.concrete(n.p[r]): n.explicit(p.rhs.subs(p.index, r)).xreplace(values) for r in range(classes)})
    gradient, hessian = (prop.result.explicit(n).xreplace(values) for prop in statement.properties[1:])
    function = n.explicit(statement.function)
    for expr in (function, gradient, hessian):
        assert expr.free_symbols <= set(z), expr.free_symbols
    return (sympy.lambdify(z, function, "math"), sympy.lambdify(z, gradient.tolist(), "math"),
            sympy.lambdify(z, hessian.tolist(), "math"))


@settings(max_examples=30, deadline=None)
@given(problems)
def test_the_derive_statement_matches_finite_differences(problem):
    """The derivation's statement itself: its function is cross-entropy, and the gradient and Hessian
    its properties claim agree with finite differences of the independent float loss."""
    K, label, z = problem
    function, gradient, hessian = stated(K, label)
    assert abs(function(*z) - loss(z, label)) < 1e-9 * max(1.0, loss(z, label))
    h = 1e-6
    G = [row[0] if isinstance(row, list) else row for row in gradient(*z)]
    for j in range(K):
        up, down = list(z), list(z)
        up[j] += h
        down[j] -= h
        assert abs(G[j] - (loss(up, label) - loss(down, label)) / (2 * h)) < 1e-6
    H, numeric = hessian(*z), central_hessian(z, label)
    for j in range(K):
        for k in range(K):
            assert abs(H[j][k] - numeric[j][k]) < 1e-5, (j, k, H[j][k], numeric[j][k])


def test_json_at_k_200_is_small_and_its_entries_evaluate_to_finite_differences():
    """Definitions (S, p0 …) then short entries: evaluated at a random point they match finite
    differences of the raw loss, and the file stays far under 5 MB."""
    import random

    result = CliRunner().invoke(cli, ["prove", "--classes", "200", "--label", "7", "--format", "json"])
    assert result.exit_code == 0 and len(result.stdout.encode()) < 5_000_000
    data = json.loads(result.stdout)
    rng = random.Random(200)
    point = [rng.uniform(-3, 3) for _ in range(200)]
    values = {f"z{r}": x for r, x in enumerate(point)}
    for definition in data["definitions"]:  # each over the logits and the names before it
        values[definition["name"]] = float(sympy.parse_expr(definition["value"], local_dict={
            **{k: sympy.Float(v) for k, v in values.items()}, "exp": sympy.exp}))
    evaluate = lambda text: float(sympy.parse_expr(text, local_dict={
        **{k: sympy.Float(v) for k, v in values.items()}}))
    h = 1e-4
    for j, k in ((7, 7), (7, 3), (150, 199), (0, 0)):
        def f(dj, dk):
            w = list(point)
            w[j] += dj
            w[k] += dk
            return loss(w, 7)
        numeric = (f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h)
        assert abs(evaluate(data["hessian"][j][k]) - numeric) < 1e-5
        up, down = list(point), list(point)
        up[j] += 1e-6
        down[j] -= 1e-6
        assert abs(evaluate(data["gradient"][j]) - (loss(up, 7) - loss(down, 7)) / 2e-6) < 1e-5
