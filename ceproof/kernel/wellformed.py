"""What the kernel accepts at all, before any check: expressions over a whitelist of node kinds with
names and assumptions of fixed meaning, sums whose ranges are never reversed, and a statement whose
parts each have their role (variables with a domain, data with a premise) and whose function is
defined on the whole domain. Whatever produced the proof — the prover or a certificate — is not trusted.
"""

from __future__ import annotations

import dataclasses
import functools
import re

import sympy

from . import claims as c
from .algebra.expansion import expanded_terms
from .algebra.laurent import NotALaurentPolynomial
from .algebra.rewrite import (EVALUATED, MAX_EVALUATION_COST, MAX_MAXIMUM_ARGUMENTS, bits, evaluation_allowed,
                              nonnegative_on, write_out, written_size)
from .arrays import AffineSet, IndexedArray, QuadraticForm, RowSums
from .budget import OverBudget, spend
from .citations import Theorem
from .notation import ARRAY_INDEX_NAMES, FEATURE_INDEX, INDEX_NAMES, SCALARS, TEST_VECTORS, VECTORS, vector_of
from .premises import (PREMISES, NonnegativeData, OneHotLabel, PositiveOrthant, PositiveReal, SimplexLabel,
                       UnitInterval)
from .statement import PROPERTIES, ConvexMean, Derivative, StrictlyConvex
from .text import shown_text

GREEK = ("alpha", "beta", "gamma", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "xi", "rho",
         "sigma", "tau", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Phi", "Psi", "Omega")
"""Greek letters a name may be: not δ (Kronecker's), π (the number), Σ and Π (sum and product signs), nor
letters that look Latin (ο, ν, υ and capitals such as Alpha, which prints as A)."""

NAME = re.compile(r"(?=.{1,64}\Z)(?:(?:[A-Za-z]|ell|" + "|".join(GREEK) + r")(?:bar|hat|tilde)?[0-9]*"
                  r"|W_\{[0-9]+,[0-9]+\})\Z")
"""A name prints as exactly what it is: one Latin or Greek letter or ℓ, perhaps with a bar, hat or tilde,
then ASCII digits as its subscript (``z0``, ``alpha``, ``Lbar``, ``H1``), or an entry of W (``W_{0,1}``).
Nothing else, so no name prints as an operator (``sabs`` as |s|, ``infty`` as ∞), a function (``log``),
another name (``z_0`` as z₀, a Unicode digit as 1) or a Kronecker delta (``delta_ij``)."""

NODES = (sympy.Rational, sympy.Add, sympy.Mul, sympy.Pow, sympy.exp, sympy.log, sympy.Abs, sympy.Max, sympy.tanh,
         sympy.floor, sympy.Mod, sympy.KroneckerDelta, sympy.Sum, sympy.Indexed, type(sympy.E))
"""Every kind of node an expression may have, besides symbols and indexed bases."""

ASSUMPTIONS = (frozenset(), frozenset({"real"}), frozenset({"integer"}), frozenset({"integer", "nonnegative"}),
               frozenset({"integer", "positive"}))
"""The assumption sets a symbol outside the notation may carry: a sign is never declared, it is shown."""

DATACLASSES = (*c.CLAIMS, IndexedArray, QuadraticForm, RowSums, AffineSet, *PREMISES,
               *PROPERTIES)


MAX_REMAINDER_SYMBOLS = 4
"""Most symbols a Mod's dividend may hold: SymPy's Mod takes a gcd over them, exponential in their number
(ceproof writes Mod(r, d + 1))."""
MAX_EXACT_TERMS = 10_000
"""Largest polynomial (multiplied out) inside Mod, floor, δ, Max or |·|: SymPy's Mod expands its argument."""
EXACT_ONLY = EVALUATED
"""Nodes SymPy evaluates by comparing numbers: their arguments must be polynomials (rational arithmetic is
exact; ⌊tanh(10⁵⁰)⌋ would be evaluated to 1)."""
MAX_POWER = 64
MAX_EXPONENT = 10 ** 6
MAX_NUMBER_BITS = 4096
"""Numbers in a claim: a 4096-bit integer has about 1233 digits, within what Python will print."""


def polynomial_arithmetic(expr) -> bool:
    if expr.is_Rational or isinstance(expr, (sympy.Symbol, sympy.Indexed)):
        return True
    if isinstance(expr, sympy.Pow):
        return expr.exp.is_Integer and expr.exp >= 0 and polynomial_arithmetic(expr.base)
    if isinstance(expr, (sympy.Add, sympy.Mul)) or isinstance(expr, EXACT_ONLY):
        return all(polynomial_arithmetic(a) for a in expr.args)
    return False


class Malformed(ValueError):
    """Something the kernel does not accept as data of a proof."""


def _declared(symbol) -> frozenset:
    return frozenset(k for k, v in symbol._assumptions_orig.items() if v)


def check_expression(expr, notation, enclosing: tuple = (), families: frozenset = frozenset()) -> None:
    """Raise Malformed unless ``expr`` is built from the whitelisted nodes, its names have their one
    meaning, and every sum runs over a range that is never reversed. ``families`` names the functions
    that may also stand indexed by an example (L[n]: L at the n-th example)."""
    if type(expr) is sympy.Symbol:
        _check_symbol(expr, notation)
        return
    if type(expr) is sympy.IndexedBase:
        if len(expr.args) == 1 and expr.name in families and not _declared(expr.label):
            return
        if len(expr.args) != 1 or expr.name not in VECTORS or expr != notation.bases[expr.name]:
            raise Malformed(f"{shown_text(expr, 60)} is not a vector of the notation")
        return
    if not isinstance(expr, NODES):
        raise Malformed(f"a {type(expr).__name__} is not an expression ceproof accepts")
    if isinstance(expr, sympy.Rational):
        if bits(expr) > MAX_NUMBER_BITS:
            raise Malformed(f"a number of more than {MAX_NUMBER_BITS} bits is outside what a check may handle")
        return
    if isinstance(expr, sympy.Pow):
        exponent = expr.exp
        if not isinstance(exponent, sympy.Rational):
            raise Malformed(f"the exponent of {shown_text(expr, 80)} is not a rational number")
        if (exponent.is_Integer and abs(int(exponent)) > MAX_POWER) or max(abs(int(exponent.p)), int(exponent.q)) > \
                MAX_EXPONENT or (not exponent.is_Integer and expr.base.is_Number):
            raise Malformed(f"the power {shown_text(expr, 80)} is outside what a check may expand")
    if isinstance(expr, (sympy.exp, sympy.log, sympy.tanh, type(sympy.E))) and not expr.free_symbols:
        raise Malformed(f"{shown_text(expr, 60)} is a constant that is not a rational number: SymPy would judge "
                        "its sign by a float, so no claim holds one")
    if isinstance(expr, EXACT_ONLY) and not all(polynomial_arithmetic(a) for a in expr.args):
        raise Malformed(f"{type(expr).__name__} is applied only to polynomials in symbols and rational numbers "
                        "(SymPy may misjudge it at a transcendental number)")
    if isinstance(expr, EXACT_ONLY) and not evaluation_allowed(expr.func, expr.args):
        raise Malformed(f"a {type(expr).__name__} takes polynomials that SymPy evaluates for at most "
                        f"{MAX_EVALUATION_COST} units (pairs × nodes and terms multiplied out; a Max takes two to "
                        f"{MAX_MAXIMUM_ARGUMENTS})")
    if isinstance(expr, EXACT_ONLY) and not isinstance(expr, sympy.Max) and (len(expr.args) > 2 or any(
            expanded_terms(a, MAX_EXACT_TERMS) > MAX_EXACT_TERMS for a in expr.args)):
        raise Malformed(f"{type(expr).__name__} takes at most two polynomials of at most {MAX_EXACT_TERMS} terms "
                        "multiplied out (SymPy works on them at any cost)")
    if isinstance(expr, sympy.Mod) and len(expr.args[0].free_symbols) > MAX_REMAINDER_SYMBOLS:
        raise Malformed(f"a remainder is taken of polynomials in at most {MAX_REMAINDER_SYMBOLS} symbols")
    if isinstance(expr, sympy.Mod) and not (expr.args[1].free_symbols <= {notation.K, notation.d} - {None}
                                             and expr.args[1].is_positive is True):
        raise Malformed(f"the divisor of {shown_text(expr, 60)} is not a positive number or size (K, d): "
                        "a remainder by something that may be 0 does not exist")
    if isinstance(expr, sympy.Sum):
        inner = check_limits(expr.limits, notation, enclosing)
        if notation.is_explicit and _speaks_of_the_notation(expr.function) and any(
                _bound_of(bound) - {limit[0] for limit in inner} for _, low, high in expr.limits for bound in (low, high)):
            raise Malformed("with an explicit K, a sum over the notation's entries runs between numbers")
        check_expression(expr.function, notation, inner, families)
        return
    if isinstance(expr, sympy.Indexed):
        if type(expr.base) is not sympy.IndexedBase:
            raise Malformed("an indexed entry must belong to a vector of the notation")
        bound = {limit[0] for limit in enclosing}
        for index in expr.indices:
            if index.is_integer is not True or index.atoms(sympy.Indexed) or any(
                    s.is_integer is not True for s in index.free_symbols):
                raise Malformed(f"the index {shown_text(index, 60)} is not an integer expression in integer symbols")
            stray = sorted(str(s) for s in index.free_symbols - bound - _index_constants(notation))
            if stray:
                raise Malformed(f"the index of {shown_text(expr, 60)} speaks of {stray[0]}: an index is built from "
                                "numbers, K, d, the positions i, j, k, l, m, r, c and the indices of sums around it")
        if expr.base.name in VECTORS:
            sizes = notation.size(expr.base)
            if len(sizes) != len(expr.indices) or not all(
                    _in_range(index, size, enclosing, notation) for index, size in zip(expr.indices, sizes)):
                raise Malformed(f"{shown_text(expr, 60)} is not an entry of {expr.base} (shape {sizes}) wherever "
                                "the sums around it and its free indices range")
    for arg in expr.args:
        check_expression(arg, notation, enclosing, families)


@functools.lru_cache(maxsize=4096)
def _in_range(index, size, enclosing: tuple, notation) -> bool:
    """0 ≤ ``index`` ≤ size − 1 wherever the sums around it range (outermost first), a free position index
    over its own range (i … l over the classes, m over the features): every entry a claim speaks of is an
    entry, so a fact "for every i" and a definition "p[i] := …" cover it (Σ_{j=0}^{K} 1/p[j] is refused)."""
    if isinstance(index, sympy.Integer) and isinstance(size, sympy.Integer):
        return 0 <= int(index) < int(size)
    bound = {limit[0] for limit in enclosing}
    own = notation.index_ranges
    free = index.free_symbols - bound
    if free - set(own) - {notation.K, notation.d}:
        return False
    limits = (*((s, *own[s]) for s in sorted(free & set(own), key=str)), *enclosing)
    if isinstance(index, sympy.Mod):  # 0 ≤ e mod q ≤ q − 1 (the divisor is a positive number or size)
        return nonnegative_on(size - index.args[1], limits)
    if isinstance(index, sympy.floor):  # ⌊e/q⌋ for q > 0: ≥ 0 when e ≥ 0, ≤ size − 1 when e ≤ q·size − 1
        numerator, divisor = index.args[0].as_numer_denom()
        return (divisor.is_positive is True and divisor.free_symbols <= {notation.K, notation.d} - {None}
                and nonnegative_on(numerator, limits) and nonnegative_on(divisor * size - 1 - numerator, limits))
    return nonnegative_on(index, limits) and nonnegative_on(size - 1 - index, limits)


def _index_constants(notation) -> set:
    """The free symbols an entry's index may use besides the indices of the sums around it."""
    return {s for s in (notation.K, notation.d, *notation.position_indices.values()) if isinstance(s, sympy.Symbol)}


MAX_NESTED_INDICES = 16
"""Most summation indices one expression may nest; ceproof's own proofs nest at most four."""


def check_limits(limits, notation, enclosing: tuple = ()) -> tuple:
    """Limits in SymPy's order (innermost first), each checked with the limits outside it; returns the
    enclosing limits for what they bind."""
    if not isinstance(limits, (tuple, sympy.Tuple)):
        raise Malformed("summation limits are a tuple")
    if len(limits) + len(enclosing) > MAX_NESTED_INDICES:  # each limit is checked against all outside it (C29-1)
        raise Malformed(f"sums are nested more than {MAX_NESTED_INDICES} indices deep")
    for limit in reversed(tuple(limits)):
        limit = tuple(sympy.Integer(x) if type(x) is int else x for x in limit) \
            if isinstance(limit, (tuple, sympy.Tuple)) else limit
        check_limit(limit, notation, enclosing)
        enclosing = (*enclosing, limit)
    return enclosing


def check_limit(limit, notation, enclosing: tuple = ()) -> None:
    """A limit (index, low, high): an integer index symbol not already bound, integer bounds that do not
    speak of it, an index whose declared sign holds from ``low`` on, and b − a + 1 ≥ 0 wherever the
    enclosing indices range: one convention for every check, no reversed range (SymPy would count
    Σ_{i=5}^{2} negatively, a for loop as empty)."""
    if not isinstance(limit, tuple) or len(limit) != 3:
        raise Malformed("a summation limit is (index, low, high)")
    index, low, high = limit
    if type(index) is not sympy.Symbol or index.is_integer is not True:
        raise Malformed("a summation index is an integer symbol")
    _check_symbol(index, notation)
    if any(index.name == outer[0].name for outer in enclosing):  # by name: both print as n (B15)
        raise Malformed(f"the index {index} is bound twice")
    if any(index.name in {s.name for s in sympy.Tuple(*outer[1:]).free_symbols} for outer in enclosing):
        raise Malformed(f"the index {index} is bound where a range around it speaks of another {index}")
    if index.name in ("K", "d", "t", "S") or index.name in VECTORS:
        raise Malformed(f"{index.name} has a meaning of its own and cannot be a summation index")
    for bound in (low, high):
        check_expression(bound, notation, enclosing)
        if bound.is_integer is not True or bound.atoms(sympy.Indexed) or any(
                s.is_integer is not True for s in bound.free_symbols):
            raise Malformed(f"the summation bound {shown_text(bound, 60)} is not an integer expression in integer symbols")
        if index in bound.free_symbols:
            raise Malformed(f"a bound of the sum over {index} speaks of {index} itself")
    if not nonnegative_on(low, enclosing) or (index.is_positive and not nonnegative_on(low - 1, enclosing)):
        raise Malformed(f"the index {index} starts at {low}: a sum runs over integers ≥ 0 (≥ 1 for an index "
                        "declared positive)")
    if not nonnegative_on(high - low + 1, enclosing):
        raise Malformed(f"the summation range {shown_text(low, 60)} … {shown_text(high, 60)} may be reversed")
    own = {str(s): r for s, r in notation.index_ranges.items()}.get(index.name) if index.name == FEATURE_INDEX \
        else None  # i, j, k, l range over the classes like every vector they index; m over the features only
    if own is not None and not (nonnegative_on(low - own[0], enclosing) and nonnegative_on(own[1] - high, enclosing)):
        # a fact "q[m] ≥ 0" holds for m over the features: Σ_{m=0}^{2} q[m]·z[m]² over the classes is not it (B32)
        raise Malformed(f"the index {index.name} runs within {own[0]} … {own[1]} wherever it is used; a sum over "
                        f"{shown_text(low, 40)} … {shown_text(high, 40)} takes another name")


def _bound_of(bound) -> set:
    return set(bound.free_symbols)


def _speaks_of_the_notation(expr) -> bool:
    """Whether ``expr`` has an entry of a notation vector (z[i], z0, W_{0,1}, …)."""
    return bool({x for x in expr.atoms(sympy.Indexed) if x.base.name in VECTORS}) or any(
        vector_of(s.name) for s in expr.free_symbols if type(s) is sympy.Symbol)


def _check_array(array, notation, families) -> None:
    """An array: one or two sizes, distinct position indices of the notation (i, j, k, l, m, r, c), and an
    entry formula whose free position indices are its own, checked with each index over its range."""
    shape, indices = tuple(array.shape), tuple(array.indices)
    if not 1 <= len(shape) <= 2 or len(indices) != len(shape) or len(set(indices)) != len(indices):
        raise Malformed("an array has one or two sizes and a distinct index for each")
    positions = notation.position_indices
    for size in shape:
        size = sympy.sympify(size)
        check_expression(size, notation, (), families)
        if size.is_integer is not True or size.is_positive is not True:
            raise Malformed(f"an array size must be a positive integer, not {size}")
    for index, size in zip(indices, shape):
        if type(index) is not sympy.Symbol or positions.get(index.name) != index:
            raise Malformed(f"an array's index must be one of {', '.join(ARRAY_INDEX_NAMES)}, not {index}")
        own = notation.index_ranges.get(index)  # a definition for every m is written out over m's own range
        if own is not None and not nonnegative_on(own[1] + 1 - sympy.sympify(size), ()):
            raise Malformed(f"the index {index} runs over {own[0]} … {own[1]}, fewer than the array's "
                            f"{shown_text(sympy.sympify(size), 40)} entries (A14-2)")
    stray = {s for s in array.entry.free_symbols if s in set(positions.values())} - set(indices)
    if stray:
        raise Malformed(f"the entry formula speaks of the index {sorted(map(str, stray))[0]}, which is not its own")
    limits = tuple((index, sympy.Integer(0), sympy.sympify(size) - 1) for index, size in zip(indices, shape))
    check_expression(array.entry, notation, limits, families)


def _check_symbol(symbol, notation) -> None:
    name = symbol.name
    if not NAME.match(name):
        raise Malformed(f"the name {name[:40]!r} is not a plain name")
    if name == "d" and notation.is_explicit and notation.features is None:
        raise Malformed("d, the number of features, is undefined for an explicit K without features")
    own = _notation_symbol(name, notation)
    if own is not None:
        if symbol != own:
            meaning = sorted(_declared(own)) if isinstance(own, sympy.Symbol) else f"the number {own}"
            raise Malformed(f"{name} is declared {sorted(_declared(symbol))}, but the notation's {name} is {meaning}")
        return
    if name in VECTORS:
        raise Malformed(f"{name} names a vector of the notation, not a plain symbol")
    decorated = re.match(r"([A-Za-z])(bar|hat|tilde)[0-9]*\Z", name)
    if decorated and (decorated.group(1) in VECTORS or decorated.group(1) in SCALARS):
        raise Malformed(f"{name} prints as {decorated.group(1)} with a {decorated.group(2)}, which reads as "
                        f"something made of the notation's {decorated.group(1)} (z̄ as the mean of z), not a "
                        "datum of its own (B15-3)")
    if vector_of(name) is not None:
        raise Malformed(f"{name} is named as an entry of {vector_of(name)}, but it is not one in this notation")
    if _declared(symbol) not in ASSUMPTIONS:
        raise Malformed(f"{name} declares {sorted(_declared(symbol))}: a symbol may be real or an integer, "
                        "never declared positive")


def _notation_symbol(name: str, notation):
    """The notation's own symbol of that name, if any (K, d, the indices, S, t, the labels of its
    vectors, and the entries of an explicit K)."""
    if name in ("K", "d"):
        return getattr(notation, name)
    if name in ARRAY_INDEX_NAMES:
        return notation.position_indices[name]
    if name == "m":
        return notation.m
    if name in SCALARS:
        return notation.scalars[name]
    return _entry_symbols(notation).get(name)


def _entry_symbols(notation) -> dict:
    cache = notation.__dict__.setdefault("_entry_symbols", None)
    if cache is None:
        cache = {s.name: s for s in notation.names_of_entries}
        notation.__dict__["_entry_symbols"] = cache
    return cache


def check_data(obj, notation, depth: int = 0, families: frozenset = frozenset()) -> None:
    """Walk a claim, premise or property: every field holds a whitelisted dataclass, a tuple, a plain
    value or a well-formed expression."""
    if depth > 40:
        raise Malformed("the claim is nested too deeply")
    if isinstance(obj, sympy.Basic):
        check_expression(obj, notation, (), families)
    elif isinstance(obj, tuple):
        for item in obj:
            check_data(item, notation, depth + 1, families)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if type(obj) not in DATACLASSES and type(obj) is not Theorem:
            raise Malformed(f"a {type(obj).__name__} is not part of a proof")
        if type(obj) is c.SquareTerm:
            check_limits(obj.over, notation)
            for part in (obj.coefficient, obj.positive, obj.square):
                check_data(part, notation, depth + 1, families)
        elif type(obj) is IndexedArray:  # its closed form is a display name, which no check reads
            _check_array(obj, notation, families)
        elif type(obj) in (c.Definition, c.Positivity) and obj.index in notation.index_ranges:
            # stated for every i: i is bound around the whole claim, so no Σ inside may bind it again
            enclosing = ((obj.index, *notation.index_ranges[obj.index]),)
            for field in dataclasses.fields(obj):
                value = getattr(obj, field.name)
                for part in (value if isinstance(value, tuple) else (value,)):
                    if isinstance(part, sympy.Basic) and part is not obj.index:
                        check_expression(part, notation, enclosing, families)
        elif type(obj) is not Theorem:
            for field in dataclasses.fields(obj):
                check_data(getattr(obj, field.name), notation, depth + 1, families)
    elif obj is not None and not isinstance(obj, (str, int)):
        raise Malformed(f"a {type(obj).__name__} is not part of a proof")


# ---------------------------------------------------------------- the statement

def statement_problems(statement, notation) -> list:
    """Everything wrong with the statement itself, before any step is read."""
    try:
        _check_statement(statement, notation)
    except (Malformed, OverBudget) as problem:  # which budget ran out, not the error's type (C34)
        return [str(problem)]
    except MemoryError:
        raise  # resources, not a verdict
    except Exception as error:  # noqa: BLE001 - a statement that cannot even be inspected is malformed
        return [f"the statement cannot be read: {type(error).__name__}"]
    return []


def _symbols_of(part) -> set:
    """Every Symbol and IndexedBase label a statement's part (an expression, a premise, an abbreviation)
    speaks of."""
    if isinstance(part, sympy.Basic):
        return part.atoms(sympy.Symbol)
    if dataclasses.is_dataclass(part):
        return set().union(*(_symbols_of(getattr(part, f.name)) for f in dataclasses.fields(part)))
    if isinstance(part, tuple):
        return set().union(*(_symbols_of(x) for x in part))
    return set()


def _check_statement(statement, notation) -> None:
    for part in (statement.name, statement.function, *statement.variables, *statement.premises,
                 *statement.properties, *statement.where):
        check_data(part, notation)
    name = statement.name
    if type(name) is not sympy.Symbol or _notation_symbol(name.name, notation) is not None or name.name in VECTORS:
        raise Malformed("the function's name must be a plain symbol of its own")
    if any(isinstance(prop, ConvexMean) for prop in statement.properties):  # "the mean over any N ≥ 1 examples"
        spoken = {str(s) for part in (statement.function, *statement.variables, *statement.premises, *statement.where)
                  for s in _symbols_of(part)}
        if spoken & {"N", "n"}:
            raise Malformed("a statement about the mean over N examples (n = 1 … N) may not name a datum N or n: "
                            "the printed N would be two things (B15-1)")
    variables = tuple(statement.variables)
    if not variables or len(set(variables)) != len(variables):
        raise Malformed("the statement needs distinct variables")
    for v in variables:
        if type(v) is sympy.IndexedBase and v.name in notation.reserved:
            raise Malformed(f"{v} cannot be a variable: the notation fixes it (or reserves it)")
        if not (type(v) is sympy.IndexedBase and v.name not in TEST_VECTORS) and not (
                type(v) is sympy.Symbol and _declared(v) == {"real"} and _notation_symbol(v.name, notation) is None):
            raise Malformed(f"{v} cannot be a variable: a variable is a vector of the notation or a real symbol")
    subjects = [p.subject for p in statement.premises]
    if notation.is_explicit and notation.features is None:  # x ∈ ℝ^d would print d, which has no value (B38-1)
        sized_by_d = [str(s) for s in (*variables, *subjects) if type(s) is sympy.IndexedBase and
                      s.name in ("x", "xtilde", "u", "w", "W")]
        spoken = {str(x) for part in (statement.function, *statement.where, *statement.properties)
                  for x in _symbols_of(part)}
        if "d" in spoken:
            sized_by_d.append("the statement")  # L = d·Σ zᵢ² speaks of d too (B39 lead)
        if sized_by_d:
            raise Malformed(f"{sized_by_d[0]} speaks of d (or has d entries), and d, the number of features, is "
                            "undefined for an explicit K without features")
    if not all(type(p) in PREMISES for p in statement.premises) or len(set(subjects)) != len(subjects):
        raise Malformed("each premise is from the vocabulary, one per variable or datum")
    entries = notation.names_of_entries
    for premise in statement.premises:
        s = premise.subject
        if type(s) is sympy.IndexedBase and s.name == "xtilde":
            raise Malformed("x̃ = (x, 1) is made of x and the number 1: a premise speaks of x, never of x̃")
        is_base = type(s) is sympy.IndexedBase and s.name not in TEST_VECTORS
        is_entry = type(s) is sympy.Symbol and s in entries and entries[s] not in {str(v) for v in variables} \
            and _declared(s) == {"real"} and entries[s] not in TEST_VECTORS
        is_real = type(s) is sympy.Symbol and _declared(s) == {"real"} and (
            _notation_symbol(s.name, notation) is None or is_entry)
        if not (is_base or (is_real and not isinstance(premise, (PositiveOrthant, OneHotLabel)))):
            raise Malformed(f"a premise about {shown_text(s, 60)} must be about a vector of the notation or a real symbol")
        if isinstance(premise, UnitInterval) and not is_real:
            raise Malformed("a value in [0, 1] is a real symbol")
        if isinstance(premise, PositiveReal) and not is_real:
            raise Malformed("a variable on (0, ∞) is a real symbol (a vector's entries take (0, ∞)ᴷ)")
        if isinstance(premise, (PositiveOrthant, OneHotLabel, SimplexLabel, NonnegativeData)) and (
                not is_base or notation.size(s) != (notation.K,)):
            raise Malformed(f"a premise about the entries of {s} is about a vector of K entries")
        if premise.domain != (s in variables) or (premise.domain and is_entry):
            raise Malformed(f"{s}: a variable has a domain premise, and only a variable does")
    if set(variables) - set(subjects):
        raise Malformed("every variable needs its domain")
    one_hot = [p for p in statement.premises if isinstance(p, OneHotLabel)]
    if notation.label is not None:
        if [(p.subject.name, p.label) for p in one_hot] != [(notation.one_hot, notation.label)]:
            raise Malformed(f"the notation fixes {notation.one_hot} = e_{notation.label}, and the premises must say so")
    elif one_hot:
        raise Malformed("a one-hot premise needs the notation's explicit class")
    data = _with_entries(subjects, notation)
    allowed = _with_entries(variables, notation) | data | {"K", "d"}
    free = _free_names(statement.function, notation)
    if free - allowed:
        raise Malformed(f"the function speaks of {sorted(free - allowed)[0]}, which is neither a variable nor a datum "
                        "with a premise")
    where = [d for d in statement.where]
    where_names = {str(d.lhs.base if isinstance(d.lhs, sympy.Indexed) else d.lhs) for d in where}
    if not all(isinstance(d, c.Definition) for d in where) or len(where_names) != len(where) \
            or where_names & (allowed | {str(name)}):
        raise Malformed("the statement's abbreviations are definitions of new names, one each")
    for d in where:  # p[i] := … for every i, or a plain symbol: never p[2 − i] := …, which prints as another p
        if (d.lhs.indices != (d.index,) or d.index not in notation.index_ranges) if isinstance(d.lhs, sympy.Indexed) \
                else (type(d.lhs) is not sympy.Symbol or d.index is not None):
            raise Malformed(f"the abbreviation {shown_text(d.lhs, 40)} := … is a plain symbol, or an entry at its own "
                            "index of the notation for every value of it")
    known = set(allowed)
    for definition in where:  # each in the variables, the data and the abbreviations before it
        free = _free_names(definition.rhs, notation, (definition.index,) if definition.index is not None else ())
        if free - known:
            raise Malformed(f"the abbreviation of {definition.lhs} speaks of {sorted(free - known)[0]}, which the "
                            "statement does not introduce before it")
        known.add(str(definition.lhs.base if isinstance(definition.lhs, sympy.Indexed) else definition.lhs))
    if not statement.properties:
        raise Malformed("the statement asserts nothing")
    for prop in statement.properties:
        if type(prop) not in PROPERTIES:
            raise Malformed(f"a {type(prop).__name__} is not a property")
        if isinstance(prop, Derivative):
            if prop.of not in (name, *(d.lhs.base if isinstance(d.lhs, sympy.Indexed) else d.lhs for d in where)) \
                    or prop.order not in (1, 2) or not isinstance(prop.result, IndexedArray):
                raise Malformed("a derivative property is a gradient or Hessian of the function or of an abbreviation")
            from .checks.citations import complete_bases

            taken_in = (notation.z,) if prop.variables is None else complete_bases(prop.variables, notation)
            if taken_in is None or not set(taken_in) <= set(variables):
                raise Malformed("a derivative property is taken in every entry of some of the statement's variables")
            if prop.variables is not None and not isinstance(prop.variables, sympy.IndexedBase) and \
                    tuple(prop.variables) != tuple(taken_in):
                raise Malformed("a derivative property is taken in whole vectors or scalars: the order of entries "
                                "it would be taken in does not show in its words")
            spoken = _free_names(prop.result.entry, notation, prop.result.indices)
            if spoken - allowed - where_names - {str(name)}:
                raise Malformed("a derivative property speaks of a name the statement does not introduce")
            continue
        if not hasattr(prop, "variables"):
            if _free_names(prop.expr, notation) - allowed:
                raise Malformed("an equality property speaks of a name the statement does not introduce")
            continue
        if not prop.variables or not set(prop.variables) <= set(variables) or \
                len(set(prop.variables)) != len(prop.variables):
            raise Malformed("a property is about some of the statement's variables")
        if isinstance(prop, StrictlyConvex) and prop.on is not None:
            normal = prop.on.normal
            if tuple(normal.shape) != (notation.K,) or len(normal.indices) != 1 or prop.on.offset.free_symbols:
                raise Malformed("an affine set {z : Σ aᵢzᵢ = b} has a normal of length K and a number b")
    for expr, enclosing in _printed(statement, notation):
        _check_entries(expr, notation, enclosing)
    _check_defined(statement, notation)


def _printed(statement, notation) -> list:
    """Every expression the statement prints, with the ranges of its free indices: the function, each
    abbreviation's value, each equality's other form and each derivative's entry (``(expr, enclosing)``)."""
    found = [(statement.function, ())]
    for definition in statement.where:
        bound = (definition.index, *notation.index_ranges[definition.index]) if definition.index in \
            notation.index_ranges else None
        found.append((definition.rhs, (bound,) if bound else ()))
    for prop in statement.properties:
        if isinstance(prop, Derivative):
            found.append((prop.result.entry, tuple((index, sympy.Integer(0), size - 1)
                                                   for index, size in zip(prop.result.indices, prop.result.shape))))
        elif hasattr(prop, "expr"):
            found.append((prop.expr, ()))
    return found


def _free_names(expr, notation, free: tuple = ()) -> set:
    """The names ``expr`` depends on — symbols (an explicit entry by its own name) and vectors — with
    "a free index" among them when an index of the notation other than ``free`` is left unbound."""
    indexed = expr.atoms(sympy.Indexed)
    labels = {x.base.label for x in indexed}
    indices = {*notation.indices, notation.m}
    symbols = {s for s in expr.free_symbols if type(s) is sympy.Symbol and s not in labels}
    found = {str(s) for s in symbols - indices} | {str(x.base) for x in indexed}
    if (symbols & indices) - set(free):
        found.add("a free index")
    return found


def _with_entries(names, notation) -> set:
    """The names of ``names`` (vectors and symbols) and of the explicit entries of each vector."""
    found = {str(v) for v in names}
    for symbol, vector in notation.names_of_entries.items():
        if vector in found:
            found.add(str(symbol))
    return found


def _check_entries(expr, notation, enclosing: tuple) -> None:
    """Every entry of a notation vector that the statement's function speaks of is one of its entries,
    wherever the sums around it range (z[K] is no coordinate of z ∈ ℝᴷ)."""
    if isinstance(expr, sympy.Sum):
        for limit in reversed(expr.limits):
            enclosing = (*enclosing, tuple(limit))
        _check_entries(expr.function, notation, enclosing)
        return
    if isinstance(expr, sympy.Indexed) and expr.base.name in VECTORS:
        sizes = notation.size(expr.base)
        if len(sizes) != len(expr.indices) or not all(
                nonnegative_on(index, enclosing) and nonnegative_on(size - 1 - index, enclosing)
                for index, size in zip(expr.indices, sizes)):
            raise Malformed(f"the statement speaks of {shown_text(expr, 60)}, which is not an entry of {expr.base} wherever its sums "
                            "range")
        return
    for arg in expr.args:
        _check_entries(arg, notation, enclosing)


def _check_defined(statement, notation) -> None:
    """The function is defined on the whole domain: every log of something shown > 0, every power with
    a fractional exponent defined (of something shown > 0, or ≥ 0 for a positive exponent), every divisor shown
    ≠ 0 (by the premises' facts)."""
    from .checks.signs import NOT_REAL, power_defined, shown_nonzero, shown_positive
    from .facts import Facts

    facts = Facts.from_claims(notation, statement.premises)
    scalars = {d.lhs: d.rhs for d in statement.where if d.index is None}
    indexed = {d.lhs.base: (d.index, d.rhs) for d in statement.where if d.index is not None}

    def problem(f) -> str:
        for node in sympy.preorder_traversal(f):
            if node in NOT_REAL:  # √(0·g₀² − g₀²) written out is I·|g₀| (A27-1)
                return f"the function is not a real number on the whole domain: written out it holds {node}"
            if isinstance(node, sympy.log) and not shown_positive(node.args[0], facts):
                return f"the function takes log({shown_text(node.args[0], 80)}), which is not shown > 0 on the domain"
            if isinstance(node, sympy.Pow):
                if not node.exp.is_Integer and not power_defined(node, facts):
                    return (f"the function takes a fractional power of {shown_text(node.base, 80)}, which is not "
                            "shown > 0 on the domain" + (" (or ≥ 0, for a positive exponent)" if node.exp.is_positive
                                                         else ""))
                if node.exp.is_negative and not shown_nonzero(node.base, facts):
                    return f"the function divides by {shown_text(node.base, 80)}, which is not shown ≠ 0 on the domain"
        return ""

    for expr, _ in _printed(statement, notation):  # the abbreviations (S, p) written out: what they stand for
        if scalars or indexed:  # each written out and walked: charged to the proof's budget (C35-1: 30 logs of a
            spend("nodes", written_size(expr, scalars, indexed))  # doubling chain took minutes, uncharged)
        written = write_out(expr, scalars, indexed, notation.index_ranges) if scalars or indexed else expr
        found = problem(written)  # in index form first: Σ of positive terms is positive for every K
        if found and notation.is_explicit:
            try:  # written out, e.g. 1 − p₀ = (e^{z₁} + …)/S
                found = problem(notation.explicit(written))
            except NotALaurentPolynomial as error:  # √(i − 1) at i = 0 is I: the function is not real (B26-1)
                found = f"the function is not defined on the whole domain once written out: {error}"
        if found:
            raise Malformed(found if expr is statement.function else found.replace("the function", "the statement", 1))
