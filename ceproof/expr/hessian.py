"""The Hessian of a loss the user typed, by ``sympy.diff`` (untrusted: the kernel recomputes it), and its scalar
unknowns in order; ``squares`` writes vᵀHv as weighted squares."""

from __future__ import annotations

import sympy


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
