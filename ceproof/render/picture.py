"""What ``--plot`` draws, as numbers: the loss along a line, its chord (or the tangent parabola of a
negative curvature), the certified values, and for a convex proof the smallest eigenvalue of the checked
Hessian along the line. A picture illustrates a checked result; it proves nothing, and its numbers are
floats. ``plot.py`` draws it with matplotlib.

The loss is the statement's function and the Hessian the proof's checked second derivative, evaluated in
floating point by a small evaluator of SymPy trees (never by generated code); data the statement leaves
free (a soft label, the features x) get seeded values that satisfy its premises, and the caption says so.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import sympy

from ..kernel.claims import Counterexample, Definition, DerivativeEquality
from ..kernel.premises import (NonnegativeData, OneHotLabel, PositiveOrthant, RealData, RealSpace, SimplexLabel,
                               UnitInterval)

SEED = 2026
"""The seed of the random point, direction and free data of a convex proof's picture."""
SAMPLES = 121
"""Points along the line."""


@dataclass(frozen=True)
class Picture:
    """The numbers of a picture. ``s``: positions along the line x(s) = start + s·direction; ``loss``: the
    function there; ``chord``: ((s₁, f₁), (s₂, f₂)) or None; ``parabola``: values of the tangent parabola at
    ``s`` or None; ``marks``: (s, low, high, label) of certified values; ``eigen``: the smallest eigenvalue of
    the Hessian at each s, or None; ``exact_zero``: the proof shows that eigenvalue is exactly 0."""

    kind: str  # "convex", "chord" or "curvature"
    name: str
    start: tuple
    direction: tuple
    s: tuple
    loss: tuple
    chord: tuple | None = None
    parabola: tuple | None = None
    marks: tuple = ()
    eigen: tuple | None = None
    spectrum: tuple | None = None
    exact_zero: bool = False
    bend: tuple | None = None
    bend_parabola: tuple | None = None
    caption: str = ""
    """``spectrum``: every eigenvalue of the Hessian at each s (``eigen`` is the smallest); ``bend``: for negative
    curvature, the loss minus its tangent line at s = 0, and ``bend_parabola`` ½ f''(0) s² with the certified
    f''(0): the bending that the loss itself, dominated by its slope, does not show."""


class NotDrawable(ValueError):
    """The proof has nothing a picture can show (a statement outside what the evaluator knows)."""


def picture_of(proof, example=None) -> Picture:
    """The picture of a checked proof; ``example``: the same loss proved at an explicit K, drawn for a proof
    for every K (a line needs coordinates)."""
    if proof.verdict not in ("proved", "refuted"):
        raise NotDrawable("only a proof whose every check passed has a picture")
    if proof.kind == "refute":
        return _refutation(proof)
    if proof.kind != "prove":
        raise NotDrawable("a picture shows a convexity proof or a refutation, not a derivation")
    drawn = proof if proof.notation.is_explicit else example
    if drawn is None or not drawn.notation.is_explicit:
        raise NotDrawable("a proof for every K is drawn at an explicit K: give the example proof")
    return _convex(drawn, every_k=not proof.notation.is_explicit)


# ---------------------------------------------------------------- refutations

def _refutation(proof) -> Picture:
    step, result = next((s, r) for s, r in zip(proof.steps, proof.results) if isinstance(s.claim, Counterexample))
    claim, values = step.claim, dict(result.evidence)
    function = Evaluator(proof)
    name, tex = _shown_name(proof.statement.name), sympy.latex(proof.statement.name)
    if claim.kind == "chord":
        t = float(sympy.Rational(claim.t))
        start = tuple(sympy.Rational(x) for x in claim.x2)
        direction = tuple(sympy.Rational(a) - sympy.Rational(b) for a, b in zip(claim.x1, claim.x2))
        s = _grid(-0.5, 1.5)
        loss = tuple(function.along(start, direction, x) for x in s)
        f0, f1 = function.along(start, direction, 0.0), function.along(start, direction, 1.0)
        marks = (( t, *_interval(values["f_mid"]), f"{name}(x_t), certified"),
                 (t, *_interval(values["chord"]), "chord at t, certified"))
        caption = (f"${tex}$ along the line through the counterexample's points $x_2$ ($s = 0$) and $x_1$ ($s = 1$), "
                   f"and the chord between them: at $s = t = {sympy.latex(sympy.Rational(claim.t))}$ the loss lies "
                   "above the chord. "
                   "The marked values are the certified intervals (narrower than the marks).")
        return Picture("chord", name, _floats(start), _floats(direction), s, loss, chord=((0.0, f0), (1.0, f1)),
                       marks=marks, caption=caption)
    start = tuple(sympy.Rational(x) for x in claim.point)
    direction = tuple(sympy.Rational(x) for x in claim.direction)
    s = _grid(-2.0, 2.0)
    loss = tuple(function.along(start, direction, x) for x in s)
    low, high = _interval(values["second_derivative"])
    f0 = function.along(start, direction, 0.0)
    h = 1e-4
    slope = (function.along(start, direction, h) - function.along(start, direction, -h)) / (2 * h)
    curvature = (low + high) / 2
    parabola = tuple(f0 + slope * x + curvature * x * x / 2 for x in s)
    bend = tuple(f - (f0 + slope * x) for f, x in zip(loss, s))
    caption = (f"Left: ${tex}$ along the line $x + s d$ of the counterexample. Right: ${tex}$ minus its tangent line "
               f"at $s = 0$, beside the parabola $f''(0) s^2 / 2$ with the certified second derivative $f''(0)$, about "
               f"${_short(curvature)}$: below the tangent on both sides of $s = 0$, the loss bends downward there, which "
               "a convex function never does.")
    return Picture("curvature", name, _floats(start), _floats(direction), s, loss, parabola=parabola,
                   marks=((0.0, f0, f0, f"f''(0) in [{_short(low)}, {_short(high)}], certified"),), bend=bend,
                   bend_parabola=tuple(curvature * x * x / 2 for x in s), caption=caption)


def _shown_name(symbol) -> str:
    """The function's name as a reader sees it: ℓ for ell."""
    from .linear import NAMES

    return NAMES.get(str(symbol), str(symbol))


def _interval(pair) -> tuple:
    return tuple(float(sympy.Rational(x)) for x in pair)


def _short(x: float) -> str:
    return f"{x:#.4g}".rstrip(".")


# ---------------------------------------------------------------- convex proofs

def _convex(proof, every_k: bool) -> Picture:
    function = Evaluator(proof, seeded=True)
    rng = random.Random(SEED)
    start, direction = function.random_line(rng)
    s = _grid(-3.0, 3.0)
    low_s, high_s = function.domain_range(start, direction, -3.0, 3.0)
    s = tuple(x for x in s if low_s <= x <= high_s)
    loss = tuple(function.along(start, direction, x) for x in s)
    a, b = s[len(s) // 6], s[-1 - len(s) // 6]
    chord = ((a, function.along(start, direction, a)), (b, function.along(start, direction, b)))
    hessian = _hessian_step(proof, len(function.coordinates))
    eigen = spectrum = None
    if hessian is not None:
        spectrum = tuple(function.eigenvalues(hessian, start, direction, x) for x in s)
        eigen = tuple(values[0] for values in spectrum)
    name, tex = _shown_name(proof.statement.name), sympy.latex(proof.statement.name)
    exact_zero = any(st.key == "kernel" for st in proof.steps)
    where = f" at $K = {proof.notation.classes}$" if every_k else ""
    data = function.seeded_data
    caption = (f"Left: ${tex}${where} along a line $x + s d$ through a random point $x$ in a random direction $d$ "
               f"(seed {SEED}), with a chord above it. " + (
                   "Right: the eigenvalues of the checked Hessian along the line, the smallest in green"
                   + (" — exactly 0, since the Hessian times the all-ones vector is 0 (checked): not strictly convex."
                      if exact_zero else ", never negative.") if eigen is not None else
                   "It has no Hessian where an entry of its weights is 0 (not differentiable there), so no eigenvalue is "
                   "drawn.")
               + (f" Data the theorem leaves free, drawn at random: ${'$, $'.join(data)}$." if data else ""))
    return Picture("convex", name, _floats(start), _floats(direction), s, loss, chord=chord, eigen=eigen,
                   spectrum=spectrum, exact_zero=exact_zero, caption=caption)


def _hessian_step(proof, coordinates: int):
    """The checked second derivative of the statement's function in all its variables, or None (the L1 model's
    Hessian is of its smooth part only: no picture of it is the function's)."""
    single = len(proof.statement.variables) == 1
    for step in proof.steps:
        claim = step.claim
        if not (isinstance(claim, DerivativeEquality) and claim.order == 2 and claim.of == proof.statement.name):
            continue
        variables = claim.variables
        if isinstance(variables, tuple) and len(variables) == coordinates and not (single and coordinates == 1
                                                                                  and variables != proof.statement.variables):
            return claim
        if single and (variables is None or variables == proof.statement.variables[0]):
            return claim
    return None


def _grid(low: float, high: float) -> tuple:
    return tuple(low + (high - low) * n / (SAMPLES - 1) for n in range(SAMPLES))


def _floats(vector) -> tuple:
    return tuple(float(x) for x in vector)


# ---------------------------------------------------------------- evaluation

class Evaluator:
    """The statement's function and the proof's definitions in floating point, at a point of its variables."""

    def __init__(self, proof, seeded: bool = False):
        self.proof = proof
        self.notation = proof.notation
        self.statement = proof.statement
        self.coordinates = self._coordinates()
        self.fixed: dict = {}
        self.seeded_data: list = []
        self.positive = [p.subject for p in self.statement.premises if isinstance(p, PositiveOrthant)]
        self._data(random.Random(SEED + 1) if seeded else None)

    def _coordinates(self) -> list:
        """(variable, index or None) for every coordinate of the statement's variables, in order."""
        out = []
        for variable in self.statement.variables:
            if isinstance(variable, sympy.IndexedBase):
                shape = [int(x) for x in self.notation.size(variable)]
                if len(shape) == 1:
                    out += [(variable, (r,)) for r in range(shape[0])]
                else:
                    out += [(variable, (r, c)) for r in range(shape[0]) for c in range(shape[1])]
            else:
                out.append((variable, None))
        return out

    def _data(self, rng) -> None:
        """Values of the data the premises name: a one-hot label as it is; free data seeded (or refused)."""
        for premise in self.statement.premises:
            subject = premise.subject
            if isinstance(premise, OneHotLabel):
                self.fixed[subject] = [1.0 if r == premise.label else 0.0 for r in range(self.notation.classes)]
            elif isinstance(premise, (RealSpace, PositiveOrthant)):
                continue
            elif rng is None:
                raise NotDrawable(f"the statement leaves {subject} free")
            else:
                self.fixed[subject] = self._seeded(premise, rng)
                shown = ", ".join(f"{x:.2f}" for x in (self.fixed[subject] if isinstance(self.fixed[subject], list)
                                                        else [self.fixed[subject]]))
                named = sympy.latex(subject)
                self.seeded_data.append(f"{named} = ({shown})" if isinstance(self.fixed[subject], list)
                                        else f"{named} = {shown}")

    def _seeded(self, premise, rng):
        subject = premise.subject
        size = int(self.notation.size(subject)[0]) if isinstance(subject, sympy.IndexedBase) else None
        if isinstance(premise, SimplexLabel):
            raw = [rng.uniform(0.2, 1.0) for _ in range(size)]
            return [x / sum(raw) for x in raw]
        if isinstance(premise, NonnegativeData):
            return [rng.uniform(0.1, 1.0) for _ in range(size)]
        if isinstance(premise, UnitInterval):
            return rng.uniform(0.2, 0.8)
        if isinstance(premise, RealData):
            return [rng.uniform(-1.0, 1.0) for _ in range(size)] if size is not None else rng.uniform(-1.0, 1.0)
        raise NotDrawable(f"no value for a datum under {type(premise).__name__}")

    def random_line(self, rng) -> tuple:
        start = [rng.uniform(-1.0, 1.0) for _ in self.coordinates]
        direction = [rng.uniform(-1.0, 1.0) for _ in self.coordinates]
        for n, (variable, _) in enumerate(self.coordinates):
            if variable in self.positive:
                start[n] = rng.uniform(0.5, 1.5)
        norm = math.sqrt(sum(d * d for d in direction))
        return tuple(start), tuple(d / norm for d in direction)

    def domain_range(self, start, direction, low: float, high: float) -> tuple:
        """The part of [low, high] where the line stays in the open domain (q > 0 with a margin)."""
        for n, (variable, _) in enumerate(self.coordinates):
            if variable in self.positive and direction[n] != 0:
                bound = (0.05 - start[n]) / direction[n]
                if direction[n] > 0:
                    low = max(low, bound)
                else:
                    high = min(high, bound)
        return low, high

    def point(self, start, direction, s: float) -> dict:
        """Values at start + s·direction: each variable (a list, or a dict of index pairs) and the data, with
        the notation's x̃ = (x, 1) where there are features."""
        values = dict(self.fixed)
        x = self.notation.bases.get("x")
        if x in values and isinstance(values[x], list):
            values[self.notation.bases["xtilde"]] = values[x] + [1.0]
        for (variable, index), a, d in zip(self.coordinates, start, direction):
            x = float(a) + s * float(d)
            if index is None:
                values[variable] = x
            else:
                values.setdefault(variable, {})[index] = x
        return values

    def along(self, start, direction, s: float) -> float:
        return evaluate(self.statement.function, self.point(start, direction, s), self.notation)

    def eigenvalues(self, claim, start, direction, s: float) -> tuple:
        """The eigenvalues of the checked Hessian ``claim`` at the point, smallest first, its definitions
        evaluated."""
        values = self.point(start, direction, s)
        self._definitions(values)
        result = claim.result
        if not hasattr(result, "entry"):
            return (evaluate(result, values, self.notation),)
        rows, cols = (int(x) for x in result.shape)
        row, col = result.indices
        matrix = [[evaluate(result.entry, {**values, row: float(r), col: float(c)}, self.notation, {row: r, col: c})
                   for c in range(cols)] for r in range(rows)]
        return _eigenvalues(matrix)

    def _definitions(self, values: dict) -> None:
        """Evaluate the proof's definitions in order (S, then each pᵢ, …) into ``values``."""
        for step in self.proof.steps:
            claim = step.claim
            if not isinstance(claim, Definition) or claim.lhs == self.statement.name:
                continue
            try:
                if claim.index is None:
                    values[claim.lhs] = evaluate(claim.rhs, values, self.notation)
                else:
                    low, high = self.notation.index_ranges[claim.index]
                    base = claim.lhs.base
                    table = values.setdefault(base, {})
                    for r in range(int(low), int(high) + 1):
                        table[(r,)] = evaluate(claim.rhs, values, self.notation, {claim.index: r})
            except (KeyError, NotDrawable, TypeError, ValueError, ZeroDivisionError):
                continue  # a definition of a matrix or of data the picture does not need


def _eigenvalues(matrix) -> tuple:
    """The eigenvalues of a symmetric matrix, smallest first (numpy comes with matplotlib; a 1 × 1 needs none)."""
    if len(matrix) == 1:
        return (matrix[0][0],)
    import numpy

    return tuple(float(x) for x in numpy.linalg.eigvalsh(numpy.array(matrix, dtype=float)))


def evaluate(expr, values: dict, notation, bound: dict | None = None) -> float:
    """``expr`` in floating point: symbols and entries from ``values`` (a vector as a list or a dict of index
    tuples), summation indices from ``bound``."""
    bound = dict(bound or {})
    symbols = {s: (base, r) for base, entries in notation.symbols.items() for r, s in enumerate(entries)
               if isinstance(s, sympy.Symbol)}

    def value(e):
        if e.is_Number:
            return float(e)
        if e.is_Symbol:
            if e in bound:
                return bound[e]
            if e in values and not isinstance(values[e], (list, dict)):
                return values[e]
            if e in symbols:
                base, r = symbols[e]
                return _entry(values, base, (r,))
            if e == notation.K:
                return float(notation.classes)
            raise NotDrawable(f"no value for {e}")
        if isinstance(e, sympy.Indexed):
            return _entry(values, e.base, tuple(int(value(i)) for i in e.indices))
        if e.is_Add:
            return math.fsum(value(a) for a in e.args)
        if e.is_Mul:
            out = 1.0
            for a in e.args:
                out *= value(a)
            return out
        if e.is_Pow:
            return value(e.base) ** value(e.exp)
        if isinstance(e, sympy.exp):
            return math.exp(value(e.args[0]))
        if isinstance(e, sympy.log):
            return math.log(value(e.args[0]))
        if isinstance(e, sympy.Sum):
            return _sum(e)
        if isinstance(e, sympy.KroneckerDelta):
            return 1.0 if value(e.args[0]) == value(e.args[1]) else 0.0
        simple = {sympy.Max: max, sympy.Min: min, sympy.Abs: abs, sympy.tanh: math.tanh, sympy.floor: math.floor}
        for kind, f in simple.items():
            if isinstance(e, kind):
                return float(f(*(value(a) for a in e.args)))
        if isinstance(e, sympy.Mod):
            return float(value(e.args[0]) % value(e.args[1]))
        raise NotDrawable(f"cannot evaluate {type(e).__name__}")

    def _sum(e):
        def over(limits):
            if not limits:
                return value(e.function)
            index, low, high = limits[0]
            total = 0.0
            saved = bound.get(index)
            for r in range(int(value(low)), int(value(high)) + 1):
                bound[index] = r
                total += over(limits[1:])
            if saved is None:
                bound.pop(index, None)
            else:
                bound[index] = saved
            return total

        return over(list(e.limits))

    return value(expr)


def _entry(values: dict, base, index: tuple) -> float:
    table = values.get(base)
    if table is None:
        raise NotDrawable(f"no value for {base}")
    if isinstance(table, list):
        return table[index[0]]
    return table[index]
