"""The Hessian route's search for a loss the user typed: its Hessian by ``sympy.diff`` and a decomposition of
vᵀHv into weighted squares (a symbolic LDLᵀ), vᵀHv = Σₖ dₖ·(vₖ + Σⱼ₍ⱼ₎ lₖⱼ vⱼ)². Untrusted: the kernel checks the
identity by expansion and each weight dₖ ≥ 0 by its own sign rules; a wrong decomposition fails there.

The algebra runs with every exponential eᵘ of the expression replaced by a positive symbol, so that the
pivots are rational functions that ``cancel`` decides exactly (a pivot that is 0 must be seen to be 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

import sympy

MAX_VARIABLES = 12
"""Largest number of scalar variables the symbolic LDLᵀ is tried on (its pivots grow with each step)."""
MAX_ORDERS = 24
"""Most orders of the variables tried when a pivot vanishes before its row does."""


@dataclass(frozen=True)
class Squares:
    """vᵀHv = Σ weight·form² over ``terms`` ((weight, form) pairs, forms linear in ``directions``); the
    weights are expressions in the variables, each expected ≥ 0."""

    terms: tuple
    directions: tuple


def flat_variables(parsed) -> tuple:
    """The scalar unknowns of a parsed loss, in declaration order: x, then z[0], z[1], …"""
    from .parse import symbol_of

    found = []
    for variable in parsed.variables:
        if variable.size is None:
            found.append(symbol_of(variable))
        else:
            found.extend(symbol_of(variable, k) for k in range(variable.size))
    return tuple(found)


def hessian(function: sympy.Expr, variables: tuple) -> sympy.Matrix:
    """∂²f/∂xᵢ∂xⱼ by ``sympy.diff``, symmetric by construction (the upper triangle mirrored)."""
    n = len(variables)
    gradient = [sympy.diff(function, x) for x in variables]
    rows = [[None] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            rows[i][j] = rows[j][i] = sympy.diff(gradient[i], variables[j])
    return sympy.Matrix(rows)


def weighted_squares(matrix: sympy.Matrix, directions: tuple, variables: tuple = ()) -> Squares | None:
    """vᵀ·matrix·v as weighted squares of linear forms in ``directions``, by symbolic LDLᵀ, trying other
    orders of the variables when a pivot is 0 while its row is not; None when no order works. ``variables``:
    the unknowns, so that e^{2z₀ − z₁} is seen as E₀²/E₁ and cancels with e^{z₀}."""
    n = matrix.shape[0]
    if n > MAX_VARIABLES:
        return None
    opened, closing = _positive_exponentials(matrix, variables)
    for count, order in enumerate(permutations(range(n))):
        if count >= MAX_ORDERS:
            break
        terms = _ldl(opened, order, directions)
        if terms is not None:
            return Squares(tuple((_close(w, closing), _close(f, closing)) for w, f in terms), directions)
    return None


def _ldl(matrix: sympy.Matrix, order: tuple, directions: tuple):
    A = [[matrix[i, j] for j in order] for i in order]
    v = [directions[i] for i in order]
    n = len(order)
    terms = []
    for k in range(n):
        pivot = sympy.factor(sympy.cancel(A[k][k]))
        row = [sympy.cancel(A[k][j]) for j in range(k + 1, n)]
        if pivot == 0:
            if any(entry != 0 for entry in row):
                return None
            continue
        form = v[k] + sympy.Add(*(sympy.cancel(entry / pivot) * v[j] for entry, j in zip(row, range(k + 1, n))))
        terms.append((pivot, form))
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                A[i][j] = sympy.cancel(A[i][j] - A[i][k] * A[k][j] / pivot)
    return terms


def _positive_exponentials(matrix: sympy.Matrix, variables: tuple):
    """The matrix with each eˣ of a variable x replaced by a positive symbol Eₓ (e^{2x − y} by Eₓ²/E_y), every
    other exponential by a positive symbol of its own, and the map back."""
    base = {x: sympy.Symbol(f"_E{n}", positive=True) for n, x in enumerate(variables)}
    table: dict = {}
    others = 0
    for e in sorted(matrix.atoms(sympy.exp), key=sympy.default_sort_key):
        powers = _integer_combination(e.args[0], variables)
        if powers is not None:
            table[e] = sympy.Mul(*(base[x] ** c for x, c in powers.items()))
        else:
            table[e] = sympy.Symbol(f"_X{others}", positive=True)
            others += 1
    closing = {E: sympy.exp(x) for x, E in base.items()}
    closing.update({s: e for e, s in table.items() if s.is_Symbol and s.name.startswith("_X")})
    return matrix.xreplace(table), closing


def _integer_combination(argument: sympy.Expr, variables: tuple) -> dict | None:
    """{x: c} when ``argument`` is Σ c·x over the variables with integer c and no constant term, else None."""
    if not variables:
        return None
    try:
        poly = sympy.Poly(sympy.expand(argument), *variables)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() != 1 or any(not c.is_Integer for c in poly.coeffs()):
        return None
    found = {}
    for monomial, c in poly.terms():
        if sum(monomial) == 0:
            return None
        found[variables[monomial.index(1)]] = c
    return found


def _close(expr: sympy.Expr, closing: dict) -> sympy.Expr:
    return expr.xreplace(closing)
