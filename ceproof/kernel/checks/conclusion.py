"""The last step: the proof establishes exactly its statement.

The statement's function is the definition of its name, written out through the proof's definitions;
its ``where`` definitions are steps of the proof, as stated; and the last step uses exactly one step
for each property the statement asserts, each establishing that property about that function.
"""

from __future__ import annotations

import sympy

from ..algebra.rewrite import substitute, write_out
from ..arrays import IndexedArray
from ..claims import Cited, Definition, DerivativeEquality, Equality
from ..statement import (ConvexMean, Convex, Derivative, EqualTo, NotConvex, NotStrictlyConvex, StrictlyConvex)
from ..text import shown_text
from .common import CheckFailure, canonical, definitions_in, same

ESTABLISHES = {
    "second-order-condition": Convex,
    "affine-precomposition": Convex,
    "nonnegative-sums": Convex,
    "norm-convexity": Convex,
    "pointwise-maximum": Convex,
    "norm-of-affine": Convex,
    "scalar-composition": Convex,
    "second-order-strict": StrictlyConvex,
    "strict-on-affine-set": StrictlyConvex,
    "strict-convexity-definition": NotStrictlyConvex,
    "convexity-definition": NotConvex,
}
"""The property a cited theorem concludes about its subject."""


def check_conclusion(claim, facts) -> tuple:
    statement = facts.statement
    if statement is None:
        raise CheckFailure("the proof has no statement")
    definitions = definitions_in(facts.earlier, facts.notation)
    scalars = {d.lhs: d.rhs for d in definitions if isinstance(d.lhs, sympy.Symbol)}
    indexed = {d.lhs.base: (d.index, d.rhs) for d in definitions if isinstance(d.lhs, sympy.Indexed)}
    if statement.name not in scalars:
        raise CheckFailure(f"no step defines {statement.name}, the function of the statement")
    if not same(written_out(scalars[statement.name], scalars, indexed, facts.notation.index_ranges),
                statement.function):
        raise CheckFailure(f"the definition of {statement.name}, written out, is not the function of the statement")
    for wanted in statement.where:
        if not any(_same_definition(wanted, d, facts.notation.index_ranges) for d in definitions):
            raise CheckFailure(f"the statement speaks of {shown_text(wanted.lhs, 60)} := {shown_text(wanted.rhs, 120)}, which no step defines so")
    found = [property_of(used, statement, scalars) for used in facts.used]
    missing = list(statement.properties)
    for n, established in enumerate(found):
        if established is None:
            raise CheckFailure(f"the last step uses a step ({n + 1} of its uses) that establishes no property of the "
                               "statement")
        match = next((k for k, wanted in enumerate(missing) if same_property(wanted, established)), None)
        if match is None:
            raise CheckFailure(f"a used step establishes {type(established).__name__} in "
                               f"{_shown_variables(established)}, which the statement does not assert (or asserts once)")
        missing.pop(match)
    if missing:
        raise CheckFailure(f"no used step establishes {type(missing[0]).__name__} in {_shown_variables(missing[0])}, "
                           "which the statement asserts")
    return (("properties", len(statement.properties)),)


def written_out(expr, scalars: dict, indexed: dict, ranges: dict):
    """``expr`` with every definition substituted until none is left (never capturing a name)."""
    written = write_out(expr, scalars, indexed, ranges)
    if written.free_symbols & set(scalars) or any(x.base in indexed for x in written.atoms(sympy.Indexed)):
        raise CheckFailure("the definitions are circular, or an entry is taken outside the range its definition "
                           "covers")
    return written


def property_of(claim, statement, scalars: dict):
    """The property of the statement's function that ``claim`` establishes, or None."""
    if isinstance(claim, Cited):
        kind = ESTABLISHES.get(claim.theorem.key)
        variables = tuple(claim.variables)
        if kind is None:
            return None
        if claim.subject != statement.name:
            if kind is Convex and claim.theorem.key == "nonnegative-sums" and _is_mean_of(
                    scalars.get(claim.subject), statement.name):
                return ConvexMean(variables)
            return None
        if kind is StrictlyConvex:
            return StrictlyConvex(variables, claim.on)
        return kind(variables)
    if isinstance(claim, DerivativeEquality):
        names = {statement.name, *(d.lhs.base if isinstance(d.lhs, sympy.Indexed) else d.lhs for d in statement.where)}
        if claim.of in names:
            return Derivative(claim.of, claim.order, claim.result, claim.variables)
        return None
    if isinstance(claim, Equality) and claim.lhs == statement.name and isinstance(claim.rhs, sympy.Expr):
        return EqualTo(claim.rhs)
    return None


def _is_mean_of(rhs, name) -> bool:
    """Whether ``rhs`` is (1/N)·Σ_{n=1}^{N} f[n] for f named ``name``: the mean over N examples."""
    if rhs is None or not rhs.is_Mul:
        return False
    sums = [a for a in rhs.args if isinstance(a, sympy.Sum)]
    if len(sums) != 1 or len(sums[0].limits) != 1:
        return False
    total = sums[0]
    index, low, high = total.limits[0]
    body = total.function
    N = high
    return (isinstance(body, sympy.Indexed) and str(body.base) == str(name) and body.indices == (index,)
            and low == 1 and isinstance(N, sympy.Symbol) and N.is_integer and N.is_positive
            and N.name == "N" and index.name == "n"  # the N and n the property's words print (B15-1)
            and index.is_integer and rhs == total / N)


def same_property(a, b) -> bool:
    if type(a) is not type(b):
        return False
    for field in a.__dataclass_fields__:
        x, y = getattr(a, field), getattr(b, field)
        if isinstance(x, IndexedArray) or isinstance(y, IndexedArray):
            if not (isinstance(x, IndexedArray) and isinstance(y, IndexedArray) and _same_array(x, y)):
                return False
        elif hasattr(x, "__dataclass_fields__") or hasattr(y, "__dataclass_fields__"):
            if x is None or y is None or not same_property(x, y):
                return False
        elif not same(x, y):
            return False
    return True


def _same_array(a: IndexedArray, b: IndexedArray) -> bool:
    if tuple(a.shape) != tuple(b.shape) or len(a.indices) != len(b.indices):
        return False
    fresh = [sympy.Symbol(f"_free{n}", integer=True) for n in range(len(a.indices))]
    return canonical(substitute(a.entry, dict(zip(a.indices, fresh)))) == \
        canonical(substitute(b.entry, dict(zip(b.indices, fresh))))


def _same_definition(a: Definition, b: Definition, ranges: dict) -> bool:
    """The statement's definition ``a`` is the step's ``b``: one name, the same right side, and for an entry
    formula an index over the same range (pₘ for the d features is not pᵢ for the K classes: B18-1)."""
    if isinstance(a.lhs, sympy.Indexed) != isinstance(b.lhs, sympy.Indexed):
        return False
    if not isinstance(a.lhs, sympy.Indexed):
        return a.lhs == b.lhs and same(a.rhs, b.rhs)
    if a.lhs.base != b.lhs.base or a.index is None or b.index is None or a.lhs.indices != (a.index,) \
            or b.lhs.indices != (b.index,) or a.index not in ranges or ranges.get(a.index) != ranges.get(b.index):
        return False
    fresh = sympy.Symbol("_free0", integer=True)
    return same(substitute(a.rhs, {a.index: fresh}), substitute(b.rhs, {b.index: fresh}))


def _shown_variables(prop) -> str:
    variables = getattr(prop, "variables", None)
    if variables is None:
        return "the logits" if isinstance(prop, Derivative) else "its variables"
    if isinstance(variables, sympy.Basic):
        return str(variables)
    return "(" + ", ".join(map(str, variables)) + ")"
