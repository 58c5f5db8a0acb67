"""The loss family: every loss ``ceproof prove --loss NAME`` knows, its parameters and its verdict.

Each derivation module that proves or refutes a loss exports a tuple ``LOSSES`` of
:class:`Loss` entries; this module collects them. Importing it does not import SymPy.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from .errors import BadInput

MAX_CLASSES = 200
"""Largest explicit K: the explicit proof has K² Hessian entries and K(K−1)/2 squares, so
beyond 200 it takes more than ~10 s and its matrices have over 40 000 entries. The
every-K proof (no --classes) covers every K at once."""

MODULES = (
    "ceproof.derivations.convexity",
    "ceproof.derivations.variants",
    "ceproof.derivations.logistic",
    "ceproof.derivations.linear_model",
    "ceproof.derivations.predicted",
    "ceproof.derivations.refutations",
)
"""Modules whose ``LOSSES`` make up the family, in the order ``ceproof losses`` lists them."""


@dataclass(frozen=True)
class Parameter:
    """A loss parameter as the CLI takes it: parsed from text, checked, with a default."""

    name: str
    help: str
    parse: Callable
    check: Callable  # value -> error message, or "" when the value is fine
    default: object = None


@dataclass(frozen=True)
class Loss:
    """One loss: what it is convex (or not) in, the verdict, and how to build its proof.

    ``build`` is ``"module:function"``; the function takes the parameters as keywords and
    returns a checked Proof (kind ``"refute"`` for a refutation).
    """

    name: str
    variable: str
    verdict: str  # "convex", "strictly convex" or "not convex"
    statement: str  # prose with $…$ math
    parameters: tuple
    build: str

    def builder(self) -> Callable:
        module, function = self.build.split(":")
        return getattr(importlib.import_module(module), function)


def _integer(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise BadInput(f"{text!r} is not an integer") from None


def _rational(text) -> Fraction:
    """An exact rational from ``0.1``, ``1/10`` or ``2`` (parsed by fractions, never evaluated)."""
    try:
        return Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        raise BadInput(f"{text!r} is not a number (write 0.1 or 1/10)") from None


def classes_problem(value) -> str:
    if value is None:
        return ""
    if value < 2:
        return f"--classes must be at least 2, got {value}"
    if value > MAX_CLASSES:
        return (f"--classes must be at most {MAX_CLASSES} (an explicit proof has K² entries); "
                "omit --classes for the proof that holds for every K")
    return ""


PARAMETERS = {
    p.name: p
    for p in (
        Parameter("classes", "number of classes K (omit for every K)", _integer, classes_problem),
        Parameter("label", "the true class c (default 0); needs --classes", _integer, lambda v: ""),
        Parameter("epsilon", "label smoothing ε in [0, 1]", _rational,
                  lambda v: "" if 0 <= v <= 1 else f"--epsilon must be in [0, 1], got {v}", Fraction(1, 10)),
        Parameter("weight", "class weight w ≥ 0 on the true class", _rational,
                  lambda v: "" if v >= 0 else f"--weight must be ≥ 0, got {v}", Fraction(2)),
        Parameter("temperature", "temperature τ > 0", _rational,
                  lambda v: "" if v > 0 else f"--temperature must be > 0, got {v}", Fraction(2)),
        Parameter("gamma", "focusing parameter γ > 0", _rational,
                  lambda v: "" if Fraction(1, 10000) <= v <= 64 else (
                      f"--gamma must be at most 64, got {v}: (1 − p)^γ beyond that is not a power a "
                      "certificate may hold" if v > 64 else
                      "--gamma 0 is plain cross-entropy, which is convex: use --loss ce" if v == 0
                      else f"--gamma must be > 0, got {v}" if v < 0
                      else f"--gamma must be at least 1/10000, got {v}: a smaller γ puts the counterexample "
                           "beyond z_c = −20000, deeper than the interval check resolves"), Fraction(2)),
        Parameter("features", "input dimension d ≥ 1 (2 when --classes is given; omit both for every d)", _integer,
                  lambda v: "" if v >= 1 else f"--features must be at least 1, got {v}"),
        Parameter("lam", "regularization strength λ > 0", _rational,
                  lambda v: "" if v > 0 else f"--lam must be > 0, got {v}", Fraction(1, 10)),
        Parameter("activation", "hidden activation: relu, tanh or identity", str,
                  lambda v: "" if v in ("relu", "tanh", "identity") else
                  f"--activation must be relu, tanh or identity, got {v!r}", "relu"),
    )
}


def all_losses() -> dict:
    """Name -> Loss, in listing order."""
    found = {}
    for module in MODULES:
        for loss in importlib.import_module(module).LOSSES:
            found[loss.name] = loss
    return found


def resolve(name: str, given: dict) -> tuple:
    """The Loss called ``name`` and its parameter values: given ones parsed and checked, defaults
    filled. Unknown losses and parameters the loss does not take are BadInput."""
    losses = all_losses()
    if name not in losses:
        raise BadInput(f"unknown loss {name!r}; `ceproof losses` lists them: {', '.join(losses)}")
    loss = losses[name]
    values = {}
    for key, text in given.items():
        if text is None:
            continue
        if key not in loss.parameters:
            raise BadInput(f"--{key} does not apply to --loss {name} (it takes "
                           f"{', '.join('--' + p for p in loss.parameters) or 'no parameters'})")
        values[key] = PARAMETERS[key].parse(text)
    for key in loss.parameters:
        values.setdefault(key, PARAMETERS[key].default)
        problem = PARAMETERS[key].check(values[key]) if values[key] is not None else ""
        if problem:
            raise BadInput(problem)
    return loss, values
