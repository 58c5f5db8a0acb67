"""Proofs about a loss the user typed, assembled for the kernel (untrusted: the kernel checks each step). The
Hessian route: ∇²f by sympy.diff, vᵀ∇²f v as weighted squares found by ``hessian.weighted_squares``, each weight
shown ≥ 0 by the kernel's sign rules, and the second-order condition cited. The refutation route: a counterexample
found by ``counterexample`` becomes a Counterexample claim, certified by the kernel's interval arithmetic, and the
definition of convexity is cited on it.

The kernel's statement speaks in its own names: a user's variable keeps its name when the kernel's notation
leaves it free (``a``, ``h``, ``theta``), and is otherwise written with a letter of ``SPARE_LETTERS`` (``x`` is
a vector of the notation, so x·log(x/y) is stated in ``a`` and ``f``); ``Renamed`` records the correspondence
for the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..derivations.builder import ProofBuilder
from ..kernel.arrays import IndexedArray, QuadraticForm
from ..kernel.citations import CONVEXITY_DEFINITION, SECOND_ORDER_CONDITION, SECOND_ORDER_STRICT
from ..kernel.claims import (Cited, Constraint, Counterexample, Definition, DerivativeEquality, NonNegative, Positivity,
                             PositiveSemidefinite, SquareTerm, SumOfSquares)
from ..kernel.notation import ARRAY_INDEX_NAMES, SCALARS, VECTORS, Notation
from ..kernel.premises import PositiveReal, RealSpace
from ..kernel.statement import Convex, NotConvex, Statement, StrictlyConvex
from .counterexample import find_chord, find_curvature
from .hessian import hessian
from .squares import Squares, through_normalizer, weighted_squares

FUNCTION_NAME = sympy.Symbol("L")
"""The name the statement gives the user's loss."""

RESERVED = frozenset({*VECTORS, *SCALARS, *ARRAY_INDEX_NAMES, "K", "d", "N", "n", "E", "I", "O", "Q", "L"})
"""One-letter names the kernel's notation takes, or that would print as something else (E as e, I as i)."""

SPARE_LETTERS = ("a", "h", "s", "f", "o", "A", "B", "C", "D", "F", "G", "H", "J", "M", "P", "R", "T", "U", "V", "X",
                 "Y", "Z")
"""Letters a user's variable is written with in the statement when its own name is taken."""

GREEK = frozenset({"alpha", "beta", "gamma", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "xi",
                   "rho", "sigma", "tau", "phi", "chi", "psi", "omega"})
"""Greek names the kernel prints as the letter (a subset of its own list)."""

NOTATION = Notation(2)
"""The notation of a typed loss: its variables are plain real symbols, not the notation's vectors."""


@dataclass(frozen=True)
class Renamed:
    """The user's scalar unknowns (``typed``: x, z[0], …) and the kernel symbols they are written as, in order."""

    typed: tuple
    kernel: tuple

    def legend(self) -> tuple:
        """(typed text, kernel name) for every unknown whose name changed."""
        return tuple((str(t), str(k)) for t, k in zip(self.typed, self.kernel) if str(t) != str(k))


def kernel_names(parsed) -> Renamed:
    """A kernel symbol for each scalar unknown of ``parsed``: its own name when free, else a spare letter (a
    vector's entries get the letter and their index: z[0] → a0)."""
    taken = {v.name for v in parsed.variables}
    spare = iter(letter for letter in SPARE_LETTERS if letter not in taken)
    typed, kernel = [], []
    for variable in parsed.variables:
        if variable.size is None:
            keep = (len(variable.name) == 1 and variable.name not in RESERVED) or variable.name in GREEK
            name = variable.name if keep else next(spare)
            typed.append(_typed_symbol(variable))
            kernel.append(sympy.Symbol(name, real=True))
        else:
            letter = variable.name if len(variable.name) == 1 and variable.name not in RESERVED else next(spare)
            for k in range(variable.size):
                typed.append(_typed_symbol(variable, k))
                kernel.append(sympy.Symbol(f"{letter}{k}", real=True))
    return Renamed(tuple(typed), tuple(kernel))


def _typed_symbol(variable, index=None):
    from .parse import symbol_of

    return symbol_of(variable, index)


def positive_unknowns(parsed, renamed: Renamed) -> tuple:
    """The kernel symbols of the unknowns declared on (0, ∞)."""
    flags = [v.positive for v in parsed.variables for _ in range(v.size or 1)]
    return tuple(k for k, flag in zip(renamed.kernel, flags) if flag)


def domains_of(parsed, renamed: Renamed) -> tuple:
    """Each unknown's domain premise: (0, ∞) when declared positive, else ℝ."""
    positive = set(positive_unknowns(parsed, renamed))
    return tuple(PositiveReal(x) if x in positive else RealSpace(x) for x in renamed.kernel)


def in_kernel_names(parsed, renamed: Renamed) -> sympy.Expr:
    """The typed function written in the kernel's symbols."""
    return parsed.function.xreplace(dict(zip(renamed.typed, renamed.kernel)))


def hessian_proof(parsed, strict: bool = False):
    """A proof that the typed loss is convex by the second-order condition, its Hessian's quadratic form written
    as weighted squares, or None when no decomposition is found. A variable on (0, ∞) is > 0 by its premise.
    ``strict``: a proof that it is strictly convex instead — a 1 × 1 Hessian > 0, or a constant Hessian that is
    c·I plus a positive semidefinite matrix, c > 0 — or None when the Hessian looks like neither."""
    renamed = kernel_names(parsed)
    function = in_kernel_names(parsed, renamed)
    variables = renamed.kernel
    if strict and len(variables) > 1 and hessian(function, variables).free_symbols:
        return None  # neither 1 × 1 nor constant: spare the search for squares, which the plain route makes
    notation = notation_for(variables)
    squares = squares_of(function, variables, positive_unknowns(parsed, renamed), notation)
    if squares is None:
        return None
    shift = None
    if strict:
        shift = _strict_shift(squares, variables, notation, positive_unknowns(parsed, renamed))
        if shift is None:
            return None
    prop = StrictlyConvex(variables) if strict else Convex(variables)
    statement = Statement(FUNCTION_NAME, function, variables, domains_of(parsed, renamed), (prop,))
    domains = tuple(f"domain-{x}" for x in variables)
    b = ProofBuilder(notation, statement, domains)
    hessian_steps(b, FUNCTION_NAME, "L", function, variables, squares, domains, "The loss as typed.", shift)
    return b.build(), renamed


def _strict_shift(squares, variables: tuple, notation: Notation, positive: tuple):
    """How the Hessian is shown positive definite: ("entry",) for a 1 × 1 Hessian that looks > 0 everywhere, or
    ("shift", c, squares of H − c·I) for a constant Hessian; None when neither applies."""
    H = squares.matrix
    signs = {notation.S: sympy.Dummy("S", positive=True), **{x: sympy.Dummy(x.name, positive=True)
                                                            for x in positive}}
    if H.shape == (1, 1):  # the entry as the squares' one weight has it (e^x/S², not e^x/S − e^{2x}/S²)
        ((weight, _),) = squares.terms if len(squares.terms) == 1 else ((None, None),)
        return ("entry", weight) if weight is not None and weight.xreplace(signs).is_positive is True else None
    if H.free_symbols:
        return None
    pivots = [w for w, _ in squares.terms]
    if len(pivots) != H.shape[0] or not all(w.is_Rational and w > 0 for w in pivots):
        return None
    c = min(pivots) / 2
    for _ in range(12):  # c·I below H: halve c until H − c·I has squares with weights ≥ 0
        rest = weighted_squares(H - c * sympy.eye(H.shape[0]), squares.directions, variables)
        if rest is not None and all(w.is_Rational and w >= 0 for w, _ in rest.terms):
            return ("shift", c, rest)
        c /= 2
    return None


def notation_for(variables: tuple) -> Notation:
    """The notation of a typed loss's proof: the indices j, k of its Hessian run over at least its rows."""
    return Notation(max(2, len(variables)))


def squares_of(function, variables: tuple, positive: tuple, notation: Notation):
    """vᵀ∇²f v as weighted squares (``squares.Squares``) in the kernel's symbols, or None; the search sees the
    variables of ``positive`` as > 0 (the proof states it as a premise)."""
    size = len(variables)
    signed = {x: sympy.Dummy(x.name, positive=True) for x in positive}
    unsigned = {s: x for x, s in signed.items()}
    in_search = tuple(signed.get(x, x) for x in variables)
    found = weighted_squares(hessian(function.xreplace(signed), in_search),
                             tuple(notation.v[r] for r in range(size)), in_search, notation.S)
    if found is None:
        return None
    back = lambda x: x.xreplace(unsigned)  # noqa: E731
    squares = Squares(tuple((back(w), back(f)) for w, f in found.terms), found.directions,
                      found.matrix.applyfunc(back), None if found.normalizer is None else back(found.normalizer),
                      back(found.multiplier))
    return through_normalizer(squares, function, variables, notation.S)


def hessian_steps(b: ProofBuilder, name: sympy.Symbol, defined: str, function, variables: tuple, squares,
                  domains: tuple, why: str, strict=None) -> str:
    """The steps "``name`` is convex in ``variables``" by the second-order condition: S := D and S > 0 when the
    Hessian divides by D, the definition of ``name`` (key ``defined``; written with S where the function holds
    D, so that the kernel differentiates through S as polynomials), the Hessian, the signs of the weights, the
    squares, PSD and the citation; with ``strict`` (from ``_strict_shift``), the Hessian shown positive definite
    and the second-order condition for strict convexity cited instead. Returns the key of the citation."""
    notation = b.notation
    v, S = notation.v, notation.S
    size = len(variables)
    prefix = "" if name == FUNCTION_NAME else f"{name}-"
    matrix = squares.matrix
    j, k = notation.indices[1], notation.indices[2]
    entry = sympy.Add(*(matrix[r, c] * sympy.KroneckerDelta(j, r) * sympy.KroneckerDelta(k, c)
                        for r in range(size) for c in range(size) if matrix[r, c] != 0))
    if strict is not None and strict[0] == "entry":
        entry = strict[1]  # a 1 × 1 Hessian: its entry, which the kernel is to show > 0
    H = IndexedArray((size, size), (j, k), entry)
    normalizer = ()
    if squares.normalizer is not None:
        b.add("S", Definition(S, squares.normalizer), "definition", "A name for the sum the Hessian divides by.",
              uses=domains)
        b.add("S-positive", Positivity((S,)), "positivity", "A sum of exponentials and positive numbers is > 0.",
              uses=("S", *domains))
        normalizer = ("S", "S-positive")
    written = function
    if squares.normalizer is not None and function.has(squares.normalizer):
        written = function.xreplace({squares.normalizer: S})  # written out through S := D, it is the function
    b.add(defined, Definition(name, written), "definition", why, uses=(*normalizer[:1], *domains))
    b.add(f"{prefix}hessian", DerivativeEquality(function=written, order=2, result=H, of=name, variables=variables),
          "differentiation", "Each second partial derivative, by the rules of differentiation.",
          uses=(defined, *normalizer[:1], *domains))
    if strict is not None:
        return _strict_steps(b, name, prefix, H, variables, domains, normalizer, strict)
    terms, weights = [], []
    for weight, form in squares.terms:
        if weight.is_Rational:
            terms.append(SquareTerm(weight, (), form))
        else:
            weight = _factored(weight)  # (1 − 2eᵃ + e²ᵃ)e⁻ᵃ/2 as (eᵃ − 1)²e⁻ᵃ/2, which SymPy sees ≥ 0
            terms.append(SquareTerm(sympy.Integer(1), (weight,), form))
            weights.append(weight)
    uses = (f"{prefix}hessian", *normalizer, *domains)
    if weights:
        b.add(f"{prefix}weights", Positivity(tuple(weights), strict=False), "signs of the weights",
              "Each weight is a sum or product of squares, exponentials and positive numbers.",
              uses=(*domains, *normalizer))
        uses = (*uses, f"{prefix}weights")
    constraints = () if squares.normalizer is None or squares.multiplier == 0 else \
        (Constraint(squares.multiplier, S - squares.normalizer),)
    b.add(f"{prefix}squares", NonNegative(QuadraticForm(H, v), SumOfSquares(tuple(terms), constraints)),
          "weighted squares", "The quadratic form of the Hessian is a sum of squares of linear forms in v with "
          "nonnegative weights.", uses=uses)
    b.add(f"{prefix}psd", PositiveSemidefinite(H, v), "definition of positive semidefinite",
          "$v^\\top H v \\geq 0$ for every $v$, at every point.", uses=(f"{prefix}squares",))
    b.add(f"{prefix}convex", Cited(SECOND_ORDER_CONDITION, name, variables), "second-order condition",
          "The domain is open and convex and the Hessian is positive semidefinite everywhere.",
          uses=(f"{prefix}hessian", f"{prefix}psd", *domains))
    return f"{prefix}convex"


def _factored(weight: sympy.Expr) -> sympy.Expr:
    """A weight factored when that is cheap and shows more (a square), else as it was."""
    if weight.is_nonnegative or any(not p.exp.is_Integer for p in weight.atoms(sympy.Pow)) or \
            len(sympy.Add.make_args(sympy.expand(weight))) > 40:
        return weight  # a root of a sum factored out would no longer match the Hessian's terms in the kernel
    factored = sympy.factor(weight)
    return factored if factored.is_nonnegative else weight


def _strict_steps(b, name, prefix: str, H: IndexedArray, variables: tuple, domains: tuple, normalizer: tuple,
                  strict: tuple) -> str:
    """The Hessian shown positive definite — its 1 × 1 entry > 0, or H − c·I ⪰ 0 by squares — and the second-order
    condition for strict convexity cited."""
    if strict[0] == "entry":
        b.add(f"{prefix}curvature", Positivity((H.entry,)), "positive curvature",
              "The second derivative is $> 0$ everywhere: the $1 \\times 1$ Hessian is positive definite.",
              uses=(*domains, *normalizer))
        shown = f"{prefix}curvature"
    else:
        _, c, rest = strict
        v = b.notation.v
        j, k = H.indices
        M = IndexedArray(H.shape, H.indices, H.entry - c * sympy.KroneckerDelta(j, k))
        terms = tuple(SquareTerm(w, (), f) for w, f in rest.terms if w != 0)
        b.add(f"{prefix}shifted-squares", NonNegative(QuadraticForm(M, v), SumOfSquares(terms)), "weighted squares",
              f"$H - {sympy.latex(c)} I$ is a sum of squares of linear forms in $v$ with nonnegative weights.",
              uses=(f"{prefix}hessian",))
        b.add(f"{prefix}shifted-psd", PositiveSemidefinite(M, v), "definition of positive semidefinite",
              f"$H - {sympy.latex(c)} I \\succeq 0$, so $H \\succeq {sympy.latex(c)} I$ is positive definite.",
              uses=(f"{prefix}shifted-squares",))
        shown = f"{prefix}shifted-psd"
    b.add(f"{prefix}strict", Cited(SECOND_ORDER_STRICT, name, variables), "second-order condition for strict convexity",
          "The domain is open and convex and the Hessian is positive definite everywhere.",
          uses=(f"{prefix}hessian", shown, *domains))
    return f"{prefix}strict"


def refutation(parsed, kinds: tuple = ("curvature", "chord")):
    """A proof that the typed loss is not convex, with a counterexample found numerically (negative curvature
    along a line, or a chord below the graph; ``kinds`` says which to search), or None when the search finds
    none. A variable on (0, ∞) is searched at positive points only (the kernel checks that they lie there)."""
    renamed = kernel_names(parsed)
    function = in_kernel_names(parsed, renamed)
    variables = renamed.kernel
    statement = Statement(FUNCTION_NAME, function, variables, domains_of(parsed, renamed), (NotConvex(variables),))
    domains = tuple(f"domain-{v}" for v in variables)
    positive = frozenset(positive_unknowns(parsed, renamed))
    found = find_curvature(function, variables, positive) if "curvature" in kinds else None
    chord = None if found is not None or "chord" not in kinds else find_chord(function, variables, positive)
    if found is None and chord is None:
        return None
    b = ProofBuilder(NOTATION, statement, domains)
    b.add("L", Definition(FUNCTION_NAME, function), "definition", "The loss as typed.", uses=domains)
    if found is not None:
        example = Counterexample(function=function, variables=variables, kind="curvature", of=FUNCTION_NAME,
                                 point=_rationals(found.point), direction=_rationals(found.direction))
        why = ("A convex function that is twice differentiable curves upward along every line; $L$ curves "
               "downward along this one.")
        rule, explanation = "negative curvature along a line", "The second derivative along the line is negative."
    else:
        example = Counterexample(function=function, variables=variables, kind="chord", of=FUNCTION_NAME,
                                 x1=_rationals(chord.x1), x2=_rationals(chord.x2), t=_rational(chord.t))
        why = "A convex function lies on or below each of its chords; $L$ lies above this one."
        rule, explanation = "a chord below the graph", "Halfway between the two points the loss lies above the chord."
    b.add("counterexample", example, rule, explanation, uses=("L",))
    b.add("not-convex", Cited(CONVEXITY_DEFINITION, FUNCTION_NAME, variables), "definition of convexity", why,
          uses=("counterexample", *domains))
    return b.build(), renamed


def _rational(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


def _rationals(values) -> tuple:
    return tuple(_rational(Fraction(v)) for v in values)
