"""The softmax: its definition, positivity, normalization and Jacobian diag(p) − ppᵀ."""

from __future__ import annotations

import sympy
from sympy import KroneckerDelta, Sum, exp

from ..kernel.arrays import IndexedArray
from ..kernel.claims import Constraint, DerivativeEquality, Definition, Equality, Positivity
from .builder import ProofBuilder
from .matrices import diag_minus_outer_form


def diag_minus_outer(n, row, col) -> IndexedArray:
    """diag(p) − ppᵀ, entry p_row·δ(row, col) − p_row·p_col."""
    p = n.p
    return IndexedArray((n.K, n.K), (row, col), p[row] * KroneckerDelta(row, col) - p[row] * p[col],
                        closed_form=diag_minus_outer_form(n))


def add_softmax(b: ProofBuilder, domain: tuple = ("domain",)) -> None:
    """Steps ``S``, ``p``, ``positive``, ``sum-p``, ``jacobian-entries``, ``jacobian``; ``domain`` are the
    premises that make the logits real."""
    n = b.notation
    i, j, _, l = n.indices
    z, p, S = n.z, n.p, n.S
    total = Sum(exp(z[l]), n.bounds(l))
    b.add("S", Definition(S, total), "definition", r"$S$ is the normalizer of the softmax.", uses=domain)
    b.add("p", Definition(p[i], exp(z[i]) / S, index=i), "definition of the softmax",
          r"$p = \sigma(z)$ is the vector of class probabilities.", uses=("S",))
    b.add("positive", Positivity((S, p[i]), index=i), "exponentials are positive",
          r"Every $e^{z_j} > 0$, so the sum $S > 0$ and each quotient $p_i > 0$.", uses=("S", "p", *domain))
    b.add("sum-p", Equality(Sum(p[i], n.bounds(i)), sympy.Integer(1), (Constraint(-1 / S, S - total),)),
          "the probabilities sum to one", r"$\sum_i e^{z_i}/S = S/S = 1$.", uses=("S", "p"))
    b.add("jacobian-entries", DerivativeEquality(
        of=p, function=IndexedArray((n.K,), (i,), p[i]), order=1,
        result=IndexedArray((n.K, n.K), (i, j), p[i] * (KroneckerDelta(i, j) - p[j])),
    ), "quotient rule",
        r"$\partial (e^{z_i}/S) / \partial z_j = (\delta_{ij} e^{z_i} S - e^{z_i} e^{z_j})/S^2$, since "
        r"$\partial S/\partial z_j = e^{z_j}$.", uses=("S", "p"))
    b.add("jacobian", Equality(
        IndexedArray((n.K, n.K), (i, j), p[i] * (KroneckerDelta(i, j) - p[j]), closed_form=sympy.MatrixSymbol("J", n.K, n.K)),
        diag_minus_outer(n, i, j),
    ), "matrix form", r"$J = \partial p/\partial z$ has entries $p_i \delta_{ij} - p_i p_j$, which form "
       r"$\operatorname{diag}(p) - p p^\top$.", uses=("jacobian-entries",))
