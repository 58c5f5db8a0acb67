"""The composition route for a typed loss with kinks or roots (untrusted: the kernel checks each step). A loss
Σₖ cₖ·Pₖ + g, each cₖ > 0, is convex when g is convex and each piece Pₖ is one of
  - max(t₁, t₂) or |t| of affine t's (the pointwise maximum),
  - √(Σ cⱼ·tⱼ²) of affine t's with cⱼ ≥ 0 (a Euclidean norm of an affine map),
  - e^P, log(1 + e^P), or Pⁿ (n ≥ 2, P ≥ 0) of a piece P, and e^t or log(1 + e^t) of an affine t
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
    steps: list = field(default_factory=list)
    count: int = 0

    def name(self) -> tuple:
        self.count += 1
        return sympy.Symbol(f"L{self.count}"), f"L{self.count}"

    def add(self, key, claim, rule, explanation, uses):
        self.steps.append((key, claim, rule, explanation, uses))


def composition_proof(parsed):
    """A proof that the typed loss is convex as a non-negative sum of cited pieces and a smooth convex rest, or
    None when it is not of that shape (or the rest has no weighted squares)."""
    renamed = kernel_names(parsed)
    function = in_kernel_names(parsed, renamed)
    variables = renamed.kernel
    domains = tuple(f"domain-{x}" for x in variables)
    pieces = _Pieces(variables, domains)
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
    notation = notation_for(variables)
    rest = sympy.Add(*smooth)
    squares = squares_of(rest, variables, positive_unknowns(parsed, renamed), notation) if smooth else None
    if smooth and squares is None:
        return None
    statement = Statement(FUNCTION_NAME, function, variables, domains_of(parsed, renamed), (Convex(variables),))
    b = ProofBuilder(notation, statement, domains)
    for key, claim, rule, explanation, uses in pieces.steps:
        b.add(key, claim, rule, explanation, uses=uses)
    if smooth:
        name, key = pieces.name()
        convex.append(hessian_steps(b, name, key, rest, variables, squares, domains, "The smooth rest of the loss, "
                                                                                      "named."))
        parts.append(name)
    definitions = tuple(key for key, claim, *_ in pieces.steps if isinstance(claim, Definition)) + \
        ((key,) if smooth else ())
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
    if isinstance(expr, NONSMOOTH) and all(affine_in(a, variables) for a in expr.args) and len(expr.args) <= 2:
        theorem, rule, why = POINTWISE_MAXIMUM, "pointwise maximum", "A maximum of affine functions is convex " \
                                                                     "($|t| = \\max(t, -t)$)."
    elif isinstance(expr, sympy.Pow) and expr.exp == sympy.Rational(1, 2) and all(
            weighted_square(t, variables) for t in sympy.Add.make_args(expr.base)):
        theorem, rule, why = NORM_OF_AFFINE, "Euclidean norm of an affine map", "A norm of an affine map is convex."
    else:
        return _composed(expr, pieces)
    name, key = pieces.name()
    pieces.add(key, Definition(name, expr), "definition", "A piece of the loss, named.", domains)
    pieces.add(f"{key}-convex", Cited(theorem, name, variables), rule, why, (key, *domains))
    return name, f"{key}-convex"


def _composed(expr, pieces: _Pieces):
    """e^P, log(1 + e^P) or Pⁿ (n ≥ 2) of a piece P: P named and cited first, then the composition."""
    variables, domains = pieces.variables, pieces.domains
    inner, build = None, None
    if isinstance(expr, sympy.exp):
        inner, build = expr.args[0], sympy.exp
    elif isinstance(expr, sympy.log) and expr.args[0].is_Add and len(expr.args[0].args) == 2 \
            and sympy.Integer(1) in expr.args[0].args:
        other = next(a for a in expr.args[0].args if a != 1)
        if isinstance(other, sympy.exp):
            inner, build = other.args[0], lambda g: sympy.log(1 + sympy.exp(g))
    elif isinstance(expr, sympy.Pow) and expr.exp.is_Integer and expr.exp >= 2:
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
    mark = (len(pieces.steps), pieces.count)
    planned = _piece(inner, pieces)
    if planned is None:
        del pieces.steps[mark[0]:]
        pieces.count = mark[1]
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
