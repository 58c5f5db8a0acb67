"""The composition route for a typed loss with kinks (untrusted: the kernel checks each step). A loss
Σₖ cₖ·max(…) + Σₖ cₖ·|…| + g, each cₖ > 0, is convex when every max is of affine functions, every |…| is of
an affine function, and g is convex: each kink is named and cited convex as a pointwise maximum (|t| =
max(t, −t)), g is proved convex by the second-order condition (``proof.hessian_steps``), and the loss is cited
convex as a non-negative sum of them. The kernel checks that each max's arguments are affine in the variables.
"""

from __future__ import annotations

import sympy

from ..derivations.builder import ProofBuilder
from ..kernel.citations import NONNEGATIVE_SUMS, POINTWISE_MAXIMUM
from ..kernel.claims import Cited, Definition
from ..kernel.statement import Convex, Statement
from .proof import (FUNCTION_NAME, domains_of, hessian_steps, in_kernel_names, kernel_names, notation_for,
                    positive_unknowns, squares_of)

KINKS = (sympy.Max, sympy.Abs)


def composition_proof(parsed):
    """A proof that the typed loss is convex as a non-negative sum of pointwise maxima of affine functions and
    a smooth convex rest, or None when it is not of that shape (or the rest has no weighted squares)."""
    renamed = kernel_names(parsed)
    function = in_kernel_names(parsed, renamed)
    variables = renamed.kernel
    kinks, smooth = [], []
    for term in sympy.Add.make_args(function):
        weight, rest = term.as_coeff_Mul()
        if isinstance(rest, KINKS) and weight > 0 and _of_affine(rest, variables):
            kinks.append((weight, rest))
        else:
            smooth.append(term)
    if not kinks or any(term.has(*KINKS) for term in smooth):
        return None
    notation = notation_for(variables)
    rest = sympy.Add(*smooth)
    squares = squares_of(rest, variables, positive_unknowns(parsed, renamed), notation) if smooth else None
    if smooth and squares is None:
        return None
    statement = Statement(FUNCTION_NAME, function, variables, domains_of(parsed, renamed), (Convex(variables),))
    domains = tuple(f"domain-{x}" for x in variables)
    b = ProofBuilder(notation, statement, domains)
    if len(kinks) == 1 and kinks[0][0] == 1 and not smooth:
        b.add("L", Definition(FUNCTION_NAME, function), "definition", "The loss as typed.", uses=domains)
        b.add("convex", Cited(POINTWISE_MAXIMUM, FUNCTION_NAME, variables), "pointwise maximum",
              "A maximum of affine functions is convex.", uses=("L", *domains))
        return b.build(), renamed
    parts, convex = [], []
    for n, (weight, kink) in enumerate(kinks, 1):
        name = sympy.Symbol(f"L{n}")
        b.add(f"L{n}", Definition(name, kink), "definition", "A kink of the loss, named.", uses=domains)
        b.add(f"L{n}-convex", Cited(POINTWISE_MAXIMUM, name, variables), "pointwise maximum",
              "A maximum of affine functions is convex (|t| = max(t, −t)).", uses=(f"L{n}", *domains))
        parts.append(weight * name)
        convex += [f"L{n}", f"L{n}-convex"]
    if smooth:
        name = sympy.Symbol(f"L{len(kinks) + 1}")
        key = f"L{len(kinks) + 1}"
        b.add(key, Definition(name, rest), "definition", "The smooth rest of the loss, named.", uses=domains)
        convex += [key, hessian_steps(b, name, key, rest, variables, squares, domains)]
        parts.append(name)
    b.add("L", Definition(FUNCTION_NAME, sympy.Add(*parts)), "definition",
          "The loss as typed, in its named parts.", uses=tuple(convex[0::2]))
    b.add("convex", Cited(NONNEGATIVE_SUMS, FUNCTION_NAME, variables), "non-negative sum",
          "A sum of convex functions with positive weights is convex.", uses=("L", *convex[1::2]))
    return b.build(), renamed


def _of_affine(kink, variables: tuple) -> bool:
    """Whether every argument of the max (or the |…|) is a polynomial of degree ≤ 1 in the variables."""
    for argument in kink.args:
        if not argument.free_symbols <= set(variables) or not argument.is_polynomial(*variables):
            return False
        if sympy.Poly(argument, *variables).total_degree() > 1:
            return False
    return True
