"""A formal statement in words: the theorem, its premises and what a cited step concludes, as prose
with $…$ math, rendered from the statement's data (the words are never stored).

Every function takes ``m``, which writes an expression into the prose: ``latex_math`` (``$…$``, the
default) for LaTeX and Markdown, ``linear.unicode_math`` for the terminal.
"""

from __future__ import annotations

import sympy

from ..kernel.premises import (NonnegativeData, OneHotLabel, PositiveOrthant, PositiveReal, RealData, RealSpace,
                               SimplexLabel, UnitInterval)
from ..kernel.statement import (ConvexMean, Convex, Derivative, EqualTo, NotConvex, NotStrictlyConvex, StrictlyConvex)
from ..kernel.checks.common import variable_bases
from .linear import LARGE, MAX_CHARACTERS, nodes
from .printers import ProofLatexPrinter


def math(expr) -> str:
    """An expression as LaTeX (no $); a very large one (only a hostile certificate has one) in stored
    order, which costs linear memory where SymPy's sorted order costs quadratic, and cut."""
    if isinstance(expr, sympy.Basic) and nodes(expr) > LARGE:
        text = ProofLatexPrinter({"order": "none"}).doprint(expr)
        return text if len(text) <= MAX_CHARACTERS else text[:MAX_CHARACTERS] + r" \dots"
    return ProofLatexPrinter().doprint(expr)


def latex_math(expr) -> str:
    return f"${math(expr)}$"


def variables_text(variables, m=latex_math) -> str:
    """``z``, ``s`` or ``(W, b)``."""
    names = [m(v) for v in variables]
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
    if isinstance(premise, RealSpace):
        return f"${name} \\in {space(s, notation)}$"
    if isinstance(premise, PositiveReal):
        return rf"${name} \in (0, \infty)$"
    if isinstance(premise, PositiveOrthant):
        return rf"${name} \in (0, \infty)^{{{math(notation.K)}}}$: every ${name}_i > 0$"
    if isinstance(premise, OneHotLabel):
        return rf"${name} = e_{{{premise.label}}}$, the one-hot vector of class {premise.label}"
    if isinstance(premise, SimplexLabel):
        return rf"${name}_i \geq 0$ and $\sum_i {name}_i = 1$ (a label on the simplex)"
    if isinstance(premise, NonnegativeData):
        return rf"every ${name}_i \geq 0$"
    if isinstance(premise, UnitInterval):
        return rf"$0 \leq {name} \leq 1$"
    if isinstance(premise, RealData):
        return f"${name} \\in {space(s, notation)}$, held fixed"
    raise TypeError(f"no words for the premise {type(premise).__name__}")


def _set_text(on, notation, m) -> str:
    a = on.normal
    j = a.indices[0]
    return m(sympy.Eq(sympy.Sum(a.entry * notation.z[j], notation.bounds(j)), on.offset, evaluate=False))


def property_text(prop, statement, notation, m=latex_math) -> str:
    """One property of the statement's function, as a clause: "L is convex in z"."""
    f = m(statement.name)
    if isinstance(prop, Derivative):
        return derivative_text(prop, notation, m)
    if isinstance(prop, EqualTo):
        return m(sympy.Eq(statement.name, prop.expr, evaluate=False))
    V = variables_text(prop.variables, m)
    if isinstance(prop, Convex):
        return f"{f} is convex in {V}"
    if isinstance(prop, StrictlyConvex):
        if prop.on is not None:
            return f"{f} is strictly convex in {V} on the set where {_set_text(prop.on, notation, m)}"
        return f"{f} is strictly convex in {V}"
    if isinstance(prop, NotStrictlyConvex):
        return f"{f} is not strictly convex in {V}"
    if isinstance(prop, NotConvex):
        return f"{f} is not convex in {V}"
    if isinstance(prop, ConvexMean):
        return f"the mean of {f} over any $N \\geq 1$ examples is convex in {V}"
    raise TypeError(f"no words for the property {type(prop).__name__}")


def derivative_text(prop: Derivative, notation, m=latex_math) -> str:
    of = math(prop.of)
    indices = [math(x) for x in prop.result.indices]
    in_z = prop.variables is None or prop.variables == notation.z
    if prop.order == 1 and len(indices) == 2 and in_z:  # a Jacobian in z; any other is written with ∇ and its variables
        name = rf"$\partial {of}_{{{indices[0]}}} / \partial z_{{{indices[1]}}}$"
    else:
        wrt = "z" if prop.variables is None else ", ".join(math(b) for b in variable_bases(
            prop.variables if isinstance(prop.variables, sympy.IndexedBase) else tuple(prop.variables), notation))
        nabla = r"\nabla" if prop.order == 1 else r"\nabla^2"
        name = rf"$({nabla}_{{{wrt}}} {of})_{{{''.join(indices)}}}$"
    return f"{name} = {m(prop.result.entry)}"


def theorem_parts(statement, notation, m=latex_math) -> tuple:
    """The theorem as (the words before its function, the equation that defines the function, the words
    after it): a renderer may display the equation (a long function cannot break inline)."""
    domains = [premise_text(p, notation) for p in statement.premises if p.domain]
    data = [premise_text(p, notation) for p in statement.premises if not p.domain]
    claims = [property_text(p, statement, notation, m) for p in statement.properties]
    equation = sympy.Eq(sympy.Function(str(statement.name))(*statement.variables), statement.function, evaluate=False)
    after = f", for {_join(domains)}"
    if data:
        after += f"; with {'; '.join(data)}"
    where = ""
    if statement.where:
        where = " Write " + _join([m(sympy.Eq(d.lhs, d.rhs, evaluate=False)) for d in statement.where]) + "."
    return "Let ", equation, f"{after}.{where} Then {_join(claims)}."


def theorem_text(statement, notation, m=latex_math) -> str:
    """The whole theorem as one paragraph of prose."""
    before, equation, after = theorem_parts(statement, notation, m)
    return before + m(equation) + after


def _join(parts: list) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


CITED = {
    "second-order-condition": "is convex in", "affine-precomposition": "is convex in", "nonnegative-sums": "is convex in",
    "norm-convexity": "is convex in", "pointwise-maximum": "is convex in",
    "norm-of-affine": "is convex in", "scalar-composition": "is convex in", "second-order-strict": "is strictly convex in",
    "strict-on-affine-set": "is strictly convex on the set where", "strict-convexity-definition": "is not strictly convex in",
    "convexity-definition": "is not convex in",
}
"""What a cited theorem concludes about its subject, in words."""


def cited_text(claim, notation, m=latex_math) -> str:
    """A cited conclusion in words: "$L$ is convex in $z$"."""
    verb = CITED.get(claim.theorem.key, "satisfies the conclusion of " + claim.theorem.name + " in")
    if claim.on is not None:
        return f"{m(claim.subject)} {verb} {_set_text(claim.on, notation, m)}"
    return f"{m(claim.subject)} {verb} {variables_text(claim.variables, m)}"
