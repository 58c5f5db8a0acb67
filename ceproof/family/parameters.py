"""The parameters a loss of the family takes: parsed from text (never evaluated), checked, defaulted.
Importing this module does not import SymPy."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from ..errors import BadInput

MAX_CLASSES = 1000
"""Largest explicit K: the explicit proof has K² Hessian entries and K(K−1)/2 squares, so
beyond 200 it takes more than ~10 s and its matrices have over 40 000 entries. The
every-K proof (no classes) covers every K at once."""

MAX_VARIABLES = 64
"""Largest K·(d + 1) for an explicit Hessian in (W, b) of the linear model: it has (K(d + 1))² entries,
each recomputed with sympy.diff (64² = 4096 take ~5 s). Without classes the proof covers every K and d."""


MAX_PARAMETER = 10 ** 6
"""Largest numerator or denominator of a rational parameter: ε = 0.000001 is fine, 1e-5000 is not."""


@dataclass(frozen=True)
class Parameter:
    """A loss parameter: its help text, how text is parsed, a check (value -> problem or ""), a default."""

    name: str
    help: str
    parse: Callable
    check: Callable
    default: object = None


def integer(text) -> int:
    if isinstance(text, (bool, float)):
        raise BadInput(f"{text!r} is not an integer")
    if isinstance(text, int):
        return text
    try:
        return int(text)
    except (TypeError, ValueError):
        raise BadInput(f"{text!r} is not an integer") from None


def rational(text) -> Fraction:
    """An exact rational from ``0.1``, ``1/10`` or ``2`` (parsed by fractions, never evaluated)."""
    if isinstance(text, bool):
        raise BadInput(f"{text!r} is not a number")
    text = str(text)
    if len(text) > 40:
        raise BadInput(f"{text[:20]!r}… is too long for a parameter (at most 40 characters)")
    if not all(ch in "0123456789+-./ " for ch in text):  # no 1e100000000: Fraction would compute 10**exponent
        raise BadInput(f"{text!r} is not a number (write 0.1 or 1/10)")
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise BadInput(f"{text!r} is not a number (write 0.1 or 1/10)") from None
    if max(abs(value.numerator), value.denominator) > MAX_PARAMETER:
        raise BadInput(f"{text!r} has more digits than a parameter may have (numerator and denominator up to 10^6)")
    return value


def classes_problem(value) -> str:
    if value is None:
        return ""
    if value < 2:
        return f"{{classes}} must be at least 2, got {value}"
    if value > MAX_CLASSES:
        return (f"{{classes}} must be at most {MAX_CLASSES} (an explicit proof has K² entries); "
                "omit {classes} for the proof that holds for every K")
    return ""


def _gamma_problem(v) -> str:
    if v > 64:
        return f"{{gamma}} must be at most 64, got {v}: (1 − p)^γ beyond that is not a power a certificate may hold"
    if v == 0:
        return "{gamma} 0 is plain cross-entropy, which is convex: use the loss ce"
    if v < 0:
        return f"{{gamma}} must be > 0, got {v}"
    if v < Fraction(1, 10000):
        return (f"{{gamma}} must be at least 1/10000, got {v}: a smaller γ puts the counterexample beyond "
                "z_c = −20000, deeper than the interval check resolves")
    return ""


PARAMETERS = {
    p.name: p
    for p in (
        Parameter("classes", "number of classes K (omit for every K)", integer, classes_problem),
        Parameter("label", "the true class c (default 0); needs classes", integer, lambda v: ""),
        Parameter("epsilon", "label smoothing ε in [0, 1]", rational,
                  lambda v: "" if 0 <= v <= 1 else f"{{epsilon}} must be in [0, 1], got {v}", Fraction(1, 10)),
        Parameter("weight", "class weight w ≥ 0 on the true class", rational,
                  lambda v: "" if v >= 0 else f"{{weight}} must be ≥ 0, got {v}", Fraction(2)),
        Parameter("temperature", "temperature τ > 0", rational,
                  lambda v: "" if v > 0 else f"{{temperature}} must be > 0, got {v}", Fraction(2)),
        Parameter("gamma", "focusing parameter γ > 0", rational, _gamma_problem, Fraction(2)),
        Parameter("features", "input dimension d ≥ 1 (2 when classes is given; omit both for every d)", integer,
                  lambda v: "" if v >= 1 else f"{{features}} must be at least 1, got {v}"),
        Parameter("lam", "regularization strength λ > 0", rational,
                  lambda v: "" if v > 0 else f"{{lam}} must be > 0, got {v}", Fraction(1, 10)),
        Parameter("activation", "hidden activation: relu, tanh or identity", str,
                  lambda v: "" if v in ("relu", "tanh", "identity") else
                  f"{{activation}} must be relu, tanh or identity, got {' '.join(str(v).split())[:20]!r}", "relu"),
    )
}
"""Every parameter a loss may take, by name."""
