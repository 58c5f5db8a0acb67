"""The composition route for a typed loss with kinks or roots (untrusted: the kernel checks each step). A loss
Σₖ cₖ·Pₖ + g, each cₖ > 0, is convex when g is convex and each piece Pₖ is one of
  - max(t₁, …, t₄) or |t| of affine t's, or a max of pieces and smooth functions shown convex by weighted squares
    (the pointwise maximum),
  - √(Σ cⱼ·tⱼ²) of affine t's with cⱼ ≥ 0 (a Euclidean norm of an affine map),
  - e^P, log(1 + e^P), or Pʳ (r > 1 rational, P ≥ 0) of a piece P, and e^t or log(1 + e^t) of an affine t
    (composition with a nondecreasing convex function).
Each piece is named and cited, g is proved convex by the second-order condition (``proof.hessian_steps``), and
the loss is cited convex as a non-negative sum. The kernel checks each citation's premises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from ..derivations.builder import ProofBuilder
from ..kernel.checks.citations import affine_in, weighted_square
from ..kernel.citations import NONNEGATIVE_SUMS, NORM_OF_AFFINE, POINTWISE_MAXIMUM, SCALAR_COMPOSITION
from ..kernel.claims import Cited, Definition, Positivity
from ..kernel.statement import Convex, Statement
from .proof import (FUNCTION_NAME, domains_of, hessian_steps, in_kernel_names, kernel_names, notation_for,
                    positive_unknowns, squares_of)

NONSMOOTH = (sympy.Max, sympy.Abs)


@dataclass
class _Pieces:
    """The steps of the named pieces as they are planned: (key, claim, rule, explanation, uses) in order."""

    variables: tuple
    domains: tuple
    positive: tuple = ()
    notation: object = None
    steps: list = field(default_factory=list)
    count: int = 0

    def name(self) -> tuple:
        self.count += 1
        return sympy.Symbol(f"L{self.count}"), f"L{self.count}"

    def add(self, key, claim, rule, explanation, uses):
        self.steps.append((key, claim, rule, explanation, uses))

    def mark(self) -> tuple:
        return len(self.steps), self.count

    def undo(self, mark: tuple) -> None:
        """Forget what was planned since ``mark`` (a piece that turned out not to be one)."""
        del self.steps[mark[0]:]
        self.count = mark[1]


SMOOTH = "smooth"
"""The key of a planned smooth piece: (SMOOTH, name, key of its definition, function, squares), its steps made
by ``proof.hessian_steps`` when the proof is built."""


def composition_proof(parsed):
    """A proof that the typed loss is convex as a non-negative sum of cited pieces and a smooth convex rest, or
    None when it is not of that shape (or the rest has no weighted squares)."""
    renamed = kernel_names(parsed)
    function = in_kernel_names(parsed, renamed)
    variables = renamed.kernel
    domains = tuple(f"domain-{x}" for x in variables)
    notation = notation_for(variables)
    pieces = _Pieces(variables, domains, positive_unknowns(parsed, renamed), notation)
    parts, convex, smooth = [], [], []
    for term in sympy.Add.make_args(function):
        weight, rest = term.as_coeff_Mul()
        planned = _piece(rest, pieces) if weight > 0 else None
        if planned is None:
            smooth.append(term)
        else:
            parts.append(weight * planned[0])
            convex.append(planned[1])
    if not parts or any(not _smooth(term) for term in smooth):
        return None
    rest = sympy.Add(*smooth)
    squares = squares_of(rest, variables, pieces.positive, notation) if smooth else None
    if smooth and squares is None:
        return None
    if smooth and squares.normalizer is not None and any(step[0] == SMOOTH for step in pieces.steps):
        return None  # one S per proof: a smooth piece inside a max has none, and the rest would need it
    statement = Statement(FUNCTION_NAME, function, variables, domains_of(parsed, renamed), (Convex(variables),))
    b = ProofBuilder(notation, statement, domains)
    for key, *planned in pieces.steps:
        if key == SMOOTH:
            name, defined, piece, piece_squares = planned
            hessian_steps(b, name, defined, piece, variables, piece_squares, domains, "A piece of the loss, named.")
            continue
        claim, rule, explanation, uses = planned
        b.add(key, claim, rule, explanation, uses=uses)
    if smooth:
        name, key = pieces.name()
        convex.append(hessian_steps(b, name, key, rest, variables, squares, domains, "The smooth rest of the loss, "
                                                                                      "named."))
        parts.append(name)
    definitions = tuple(step[2] if step[0] == SMOOTH else step[0] for step in pieces.steps
                        if step[0] == SMOOTH or isinstance(step[1], Definition)) + ((key,) if smooth else ())
    b.add("L", Definition(FUNCTION_NAME, sympy.Add(*parts)), "definition",
          "The loss as typed, in its named parts.", uses=definitions)
    b.add("convex", Cited(NONNEGATIVE_SUMS, FUNCTION_NAME, variables), "non-negative sum",
          "A sum of convex functions with positive weights is convex.", uses=("L", *convex))
    return b.build(), renamed


def _smooth(expr) -> bool:
    return not expr.has(*NONSMOOTH) and not any(p.exp.is_Rational and not p.exp.is_Integer
                                                for p in expr.atoms(sympy.Pow) if p.base.free_symbols)


def _piece(expr, pieces: _Pieces):
    """(name, key of its citation) after planning the steps that name and cite ``expr`` convex, or None (and
    nothing planned) when ``expr`` is no piece the kernel's citations cover."""
    variables, domains = pieces.variables, pieces.domains
    if isinstance(expr, sympy.Max) and not all(affine_in(a, variables) for a in expr.args):
        return _maximum_of_pieces(expr, pieces)
    if isinstance(expr, NONSMOOTH) and all(affine_in(a, variables) for a in expr.args):
        theorem, rule, why = POINTWISE_MAXIMUM, "pointwise maximum", "A maximum of affine functions is convex " \
                                                                     "($|t| = \\max(t, -t)$)."
    elif isinstance(expr, sympy.Pow) and expr.exp == sympy.Rational(1, 2) and _norm_squared(expr.base, variables):
        theorem, rule, why = NORM_OF_AFFINE, "Euclidean norm of an affine map", "A norm of an affine map is convex."
    else:
        return _composed(expr, pieces)
    name, key = pieces.name()
    pieces.add(key, Definition(name, expr), "definition", "A piece of the loss, named.", domains)
    pieces.add(f"{key}-convex", Cited(theorem, name, variables), rule, why, (key, *domains))
    return name, f"{key}-convex"


def _maximum_of_pieces(expr, pieces: _Pieces):
    """max(f₁, …, fₘ) with each fₖ affine, a piece, or smooth and convex by weighted squares without a sum that
    divides its Hessian: each fₖ that is not affine named and shown convex first, then the maximum cited."""
    variables, domains = pieces.variables, pieces.domains
    mark = pieces.mark()
    arguments, definitions, convex = [], [], []
    for argument in expr.args:
        if affine_in(argument, variables):
            arguments.append(argument)
            continue
        if _smooth(argument):
            squares = squares_of(argument, variables, pieces.positive, pieces.notation)
            if squares is None or squares.normalizer is not None:
                pieces.undo(mark)
                return None
            name, key = pieces.name()
            pieces.steps.append((SMOOTH, name, key, argument, squares))
            planned = (name, f"{name}-convex")
        else:
            planned = _piece(argument, pieces)
            if planned is None:
                pieces.undo(mark)
                return None
        arguments.append(planned[0])
        convex.append(planned[1])
        definitions.append(str(planned[0]))  # each piece's definition has its name as key
    name, key = pieces.name()
    pieces.add(key, Definition(name, sympy.Max(*arguments)), "definition", "A piece of the loss, named.",
               (*definitions, *domains))
    pieces.add(f"{key}-convex", Cited(POINTWISE_MAXIMUM, name, variables), "pointwise maximum",
               "A maximum of convex functions is convex.", (key, *convex, *domains))
    return name, f"{key}-convex"


def _norm_squared(expr, variables: tuple) -> bool:
    """Whether ``expr`` is Σ cⱼ·tⱼ² of affine t's with cⱼ ≥ 0 (the square of a Euclidean norm of an affine map)."""
    return all(weighted_square(t, variables) for t in sympy.Add.make_args(expr))


def _composed(expr, pieces: _Pieces):
    """e^P, log(1 + e^P) or Pʳ (r > 1 rational) of a piece P: P named and cited first, then the composition."""
    variables, domains = pieces.variables, pieces.domains
    inner, build = None, None
    if isinstance(expr, sympy.exp):
        inner, build = expr.args[0], sympy.exp
    elif isinstance(expr, sympy.log) and expr.args[0].is_Add and len(expr.args[0].args) == 2 \
            and sympy.Integer(1) in expr.args[0].args:
        other = next(a for a in expr.args[0].args if a != 1)
        if isinstance(other, sympy.exp):
            inner, build = other.args[0], lambda g: sympy.log(1 + sympy.exp(g))
    elif isinstance(expr, sympy.Pow) and expr.exp.is_Rational and expr.exp > 1:
        if expr.exp.q == 2 and _norm_squared(expr.base, variables):  # ‖t‖³ as SymPy writes it: (Σ t²)^{3/2}
            inner, build = sympy.sqrt(expr.base), lambda g: g ** expr.exp.p
        else:
            inner, build = expr.base, lambda g: g ** expr.exp
    if inner is None:
        return None
    if build is not None and not isinstance(expr, sympy.Pow) and affine_in(inner, variables) and inner.free_symbols:
        name, key = pieces.name()  # e^t or log(1 + e^t) of an affine t: cited at once
        pieces.add(key, Definition(name, expr), "definition", "A piece of the loss, named.", domains)
        pieces.add(f"{key}-convex", Cited(SCALAR_COMPOSITION, name, variables), "composition",
                   "A convex nondecreasing function of an affine function is convex.", (key, *domains))
        return name, f"{key}-convex"
    if _smooth(inner):
        return None
    mark = pieces.mark()
    planned = _piece(inner, pieces)
    if planned is None:
        pieces.undo(mark)
        return None
    inner_name, inner_convex = planned
    uses = [inner_convex]
    if isinstance(expr, sympy.Pow):
        pieces.add(f"{inner_name}-nonnegative", Positivity((inner_name,), strict=False), "sign",
                   "A maximum with a non-negative argument, an absolute value or a root is $\\geq 0$.",
                   (str(inner_name), *domains))
        uses.append(f"{inner_name}-nonnegative")
    name, key = pieces.name()
    pieces.add(key, Definition(name, build(inner_name)), "definition", "A piece of the loss, named.",
               (str(inner_name), *domains))  # written out through its piece, its log's argument is seen > 0
    pieces.add(f"{key}-convex", Cited(SCALAR_COMPOSITION, name, variables), "composition",
               "A convex nondecreasing function of a convex function is convex.", (key, *uses, *domains))
    return name, f"{key}-convex"
