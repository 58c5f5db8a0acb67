"""Equalities (lhs − rhs − Σ multiplier·known zero reduced to 0) and sums of squares (the identity,
non-negative rational coefficients, weights a used step shows ≥ 0, real squares)."""

from __future__ import annotations

import sympy

from ..claims import Equality, NonNegative, SumOfSquares
from ..engines.explicit import ExplicitEngine
from ..engines.index import IndexEngine
from ..text import shown_text
from .common import CheckFailure, by_template
from .signs import with_proved_signs


def check_equality(claim: Equality, facts) -> tuple:
    """Arrays, quadratic forms and certificates entry by entry when K is a number; scalar
    expressions in Σ notation by the rewrite rules, which hold for a numeric K as for a symbol."""
    if any(isinstance(side, SumOfSquares) and side.constraints for side in (claim.lhs, claim.rhs)):
        raise CheckFailure("a sum of squares as a side of an equality stands for its squares alone: state the "
                           "known zeros it needs as constraints of the equality, not inside the side")
    scalar = all(isinstance(side, sympy.Expr) for side in (claim.lhs, claim.rhs))
    if facts.notation.is_explicit and not scalar and by_template(facts.notation):
        try:
            return (("engine", "rewrite"), *IndexEngine(facts).equality(claim))
        except CheckFailure:
            pass
    if facts.notation.is_explicit and not scalar:
        return (("engine", "laurent"), *ExplicitEngine(facts).equality(claim))
    return (("engine", "rewrite"), *IndexEngine(facts).equality(claim))


def check_nonnegative(claim: NonNegative, facts) -> tuple:
    K = facts.notation.K
    for term in claim.certificate.terms:
        if not (isinstance(term.coefficient, sympy.Rational) and term.coefficient >= 0):
            raise CheckFailure(f"coefficient {shown_text(term.coefficient, 80)} is not a non-negative rational")
        for factor in term.positive:
            if not facts.is_positive(factor, strict=False):
                raise CheckFailure(f"{shown_text(factor, 80)} is not shown positive (or ≥ 0) by a used step")
        if with_proved_signs(term.square, facts).is_real is not True:  # v_i/q_i is real when q_i > 0
            raise CheckFailure(f"{shown_text(term.square, 80)} is not known to be real")
        for index, low, high in term.over:
            low, high = sympy.sympify(low), sympy.sympify(high)
            if not (low.is_nonnegative and (high == K - 1 or (K - 1 - high).is_nonnegative)):
                raise CheckFailure(f"summation range {shown_text(low, 60)}..{shown_text(high, 60)} leaves 0..K−1")
    if facts.notation.is_explicit and by_template(facts.notation):
        try:
            return (("engine", "rewrite"), *IndexEngine(facts).sum_of_squares(claim))
        except CheckFailure:
            pass
    if facts.notation.is_explicit:
        return (("engine", "laurent"), *ExplicitEngine(facts).sum_of_squares(claim))
    return (("engine", "rewrite"), *IndexEngine(facts).sum_of_squares(claim))
