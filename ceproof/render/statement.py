"""A formal statement in words: the theorem, its premises and what a cited step concludes, as prose
with $…$ math, rendered from the statement's data (the words are never stored)."""

from __future__ import annotations

import sympy

from ..kernel.premises import (NonnegativeData, OneHotLabel, PositiveOrthant, RealData, RealSpace, SimplexLabel,
                               UnitInterval)
from ..kernel.statement import (ConvexMean, Convex, Derivative, EqualTo, NotConvex, NotStrictlyConvex, StrictlyConvex)
from .latex import ProofLatexPrinter


def math(expr) -> str:
    """An expression as LaTeX (no $)."""
    return ProofLatexPrinter().doprint(expr)


def variables_text(variables) -> str:
    """``z``, ``s`` or ``(W, b)``."""
    names = [math(v) for v in variables]
    return names[0] if len(names) == 1 else "(" + ", ".join(names) + ")"


def space(variable, notation) -> str:
    """ℝ, ℝ^K, ℝ^{3}, ℝ^{K × d}, as LaTeX."""
    if isinstance(variable, sympy.IndexedBase):
        if variable.name == "W":
            return rf"\mathbb{{R}}^{{{math(notation.K)} \times {math(notation.d)}}}"
        size = notation.d if variable.name == "x" else notation.K
        return rf"\mathbb{{R}}^{{{math(size)}}}"
    return r"\mathbb{R}"


def premise_text(premise, notation) -> str:
    """One premise in words."""
    s = premise.subject
    name = math(s)
    i = "i"
    if isinstance(premise, RealSpace):
        return f"${name} \\in {space(s, notation)}$"
    if isinstance(premise, PositiveOrthant):
        return rf"${name} \in (0, \infty)^{{{math(notation.K)}}}$: every ${name}_{i} > 0$"
    if isinstance(premise, OneHotLabel):
        return rf"${name} = e_{{{premise.label}}}$, the one-hot vector of class {premise.label}"
    if isinstance(premise, SimplexLabel):
        return rf"${name}_{i} \geq 0$ and $\sum_{i} {name}_{i} = 1$ (a label on the simplex)"
    if isinstance(premise, NonnegativeData):
        return rf"every ${name}_{i} \geq 0$"
    if isinstance(premise, UnitInterval):
        return rf"$0 \leq {name} \leq 1$"
    if isinstance(premise, RealData):
        return f"${name} \\in {space(s, notation)}$, held fixed"
    raise TypeError(f"no words for the premise {type(premise).__name__}")


def property_text(prop, statement, notation) -> str:
    """One property of the statement's function, in words (a clause: "L is convex in z")."""
    f = math(statement.name)
    if isinstance(prop, Derivative):
        return derivative_text(prop, notation)
    if isinstance(prop, EqualTo):
        return f"${f} = {math(prop.expr)}$"
    V = variables_text(prop.variables)
    if isinstance(prop, Convex):
        return f"${f}$ is convex in ${V}$"
    if isinstance(prop, StrictlyConvex):
        if prop.on is not None:
            a = prop.on.normal
            j = a.indices[0]
            constraint = sympy.Sum(a.entry * notation.z[j], notation.bounds(j))
            return rf"${f}$ is strictly convex on the set $\{{z : {math(constraint)} = {math(prop.on.offset)}\}}$"
        return f"${f}$ is strictly convex in ${V}$"
    if isinstance(prop, NotStrictlyConvex):
        return f"${f}$ is not strictly convex in ${V}$"
    if isinstance(prop, NotConvex):
        return f"${f}$ is not convex in ${V}$"
    if isinstance(prop, ConvexMean):
        return rf"the mean of ${f}$ over any $N \geq 1$ examples is convex in ${V}$"
    raise TypeError(f"no words for the property {type(prop).__name__}")


def derivative_text(prop: Derivative, notation) -> str:
    result = math(prop.result.entry)
    of = math(prop.of)
    if prop.order == 1 and len(prop.result.indices) == 2:
        row, col = (math(x) for x in prop.result.indices)
        return rf"$\partial {of}_{{{row}}} / \partial z_{{{col}}} = {result}$"
    wrt = "z" if prop.variables is None else variables_text(_bases(prop.variables, notation))
    if prop.order == 1:
        (row,) = (math(x) for x in prop.result.indices)
        return rf"$(\nabla_{{{wrt}}} {of})_{{{row}}} = {result}$"
    row, col = (math(x) for x in prop.result.indices)
    return rf"$(\nabla^2_{{{wrt}}} {of})_{{{row}{col}}} = {result}$"


def _bases(variables, notation) -> tuple:
    from ..kernel.checks.common import variable_bases

    return variable_bases(variables if isinstance(variables, (tuple, sympy.IndexedBase)) else tuple(variables), notation)


def function_text(statement, notation) -> str:
    """``$L(z) = …$``: the function written out."""
    return f"${math(statement.name)}({variables_text(statement.variables)}) = {math(statement.function)}$"


def where_text(statement) -> str:
    """`` Write $S = …$ and $p_i = …$.``, or nothing."""
    if not statement.where:
        return ""
    return " Write " + _join([f"${math(d.lhs)} = {math(d.rhs)}$" for d in statement.where]) + "."


def theorem_text(statement, notation) -> str:
    """The whole theorem as one paragraph of prose."""
    domains = [premise_text(p, notation) for p in statement.premises if p.domain]
    data = [premise_text(p, notation) for p in statement.premises if not p.domain]
    claims = [property_text(p, statement, notation) for p in statement.properties]
    opening = f"Let {function_text(statement, notation)}, for {_join(domains)}"
    if data:
        opening += f", with {_join(data)}"
    return f"{opening}.{where_text(statement)} Then {_join(claims)}."


def _join(parts: list) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
