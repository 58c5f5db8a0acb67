"""A proof as a certificate document (plain JSON data) and back: the theorem, the notation, the
assumptions and every step with its claim and uses. Check results are not stored; they are redone.

Every object is ``{"type": name, field: value, …}`` for a whitelisted dataclass, each field read back
with the type it must have; expressions are trees (``expressions.py``); tuples are lists whose first
item is not a string.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import sympy
from sympy import Integer

from .. import claims as c
from ..arrays import IndexedArray, QuadraticForm, RowSums
from ..citations import KNOWN_THEOREMS, Reference, Theorem
from ..proof import Assumption, Proof, Step
from .expressions import Reader, Unreadable, bounded_int, encode

FORMAT = "ceproof-certificate"
VERSION = 1

ARRAYS = (IndexedArray, QuadraticForm, RowSums, c.SumOfSquares)
CLAIMS = (c.Definition, c.Positivity, c.Equality, c.DerivativeEquality, c.NonNegative, c.PositiveSemidefinite,
          c.Cited, c.Counterexample, c.Affine, c.FormZeros, c.PositiveDefiniteOn, c.Conclusion)
"""What a step may claim."""
FACTS = (c.Definition, c.Positivity, c.Equality, c.NonNegative)
"""What an assumption may state in symbols (the facts a step's check can use)."""
PARTS = (c.Constraint, c.SquareTerm, c.SumOfSquares)

EXPR, TEXT, INT, BOOL = "expr", "text", "int", "bool"
VALUE = "value"  # an expression, an array (IndexedArray, QuadraticForm, RowSums) or a sum of squares
OPTIONAL = "?"
TUPLE = "*"

FIELDS = {
    c.Definition: {"lhs": EXPR, "rhs": EXPR, "index": EXPR + OPTIONAL},
    c.Positivity: {"exprs": EXPR + TUPLE, "index": EXPR + OPTIONAL, "strict": BOOL},
    c.Constraint: {"multiplier": VALUE, "zero": EXPR},
    c.Equality: {"lhs": VALUE, "rhs": VALUE, "constraints": (c.Constraint,)},
    c.DerivativeEquality: {"function": VALUE, "order": INT, "result": VALUE, "of": EXPR + OPTIONAL,
                           "variables": "variables"},
    c.SquareTerm: {"coefficient": EXPR, "positive": EXPR + TUPLE, "square": EXPR, "over": "limits"},
    c.SumOfSquares: {"terms": (c.SquareTerm,), "constraints": (c.Constraint,)},
    c.NonNegative: {"expr": VALUE, "certificate": c.SumOfSquares},
    c.PositiveSemidefinite: {"matrix": VALUE, "vector": EXPR},
    c.Cited: {"statement": TEXT, "theorem": "theorem", "subject": EXPR + OPTIONAL, "variables": EXPR + TUPLE},
    c.Assumed: {"statement": TEXT, "facts": "facts"},
    c.Counterexample: {"function": EXPR, "variables": EXPR + TUPLE, "kind": TEXT, "x1": EXPR + TUPLE,
                       "x2": EXPR + TUPLE, "t": EXPR + OPTIONAL, "point": EXPR + TUPLE,
                       "direction": EXPR + TUPLE, "of": EXPR + OPTIONAL, "bounds": "bounds"},
    c.Affine: {"lhs": EXPR, "rhs": VALUE, "variables": EXPR + TUPLE},
    c.FormZeros: {"matrix": VALUE, "vector": EXPR, "direction": VALUE},
    c.PositiveDefiniteOn: {"matrix": VALUE, "vector": EXPR, "normal": VALUE},
    c.Conclusion: {"statement": TEXT},
    IndexedArray: {"shape": "shape", "indices": EXPR + TUPLE, "entry": EXPR},
    QuadraticForm: {"matrix": IndexedArray, "vector": EXPR},
    RowSums: {"matrix": IndexedArray},
}
"""What each field of each whitelisted dataclass holds: a kind, a class (one object of it) or a
one-class tuple (a list of them). An IndexedArray keeps its entry formula, which the checks use, not
its display name ``closed_form``, which no check reads: a certificate holds nothing unchecked but prose."""

TYPES = {cls.__name__: cls for cls in FIELDS}


NOTATIONS = {
    "Notation": "ceproof.notation",
    "LabelNotation": "ceproof.derivations.variants",
    "LinearNotation": "ceproof.derivations.linear_model",
    "DistributionNotation": "ceproof.derivations.predicted",
}
"""The notation classes a certificate may name, and where each lives (imported only when named)."""


def _notation_class(name):
    import importlib

    if name not in NOTATIONS:
        return None
    return getattr(importlib.import_module(NOTATIONS[name]), name)


# ---------------------------------------------------------------- writing

def to_document(proof: Proof) -> dict:
    """The certificate of a checked proof, as JSON-ready data."""
    if proof.verdict == "check failed":
        step, result = proof.first_failure
        raise ValueError(f"step {step.id} ({step.key}) failed its check: a failed proof has no certificate")
    notation = {"type": type(proof.notation).__name__,
                **{f.name: _plain(getattr(proof.notation, f.name)) for f in dataclasses.fields(proof.notation)}}
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": proof.kind,
        "loss": proof.loss,
        "parameters": {name: _parameter(value) for name, value in proof.parameters},
        "title": proof.title,
        "theorem": proof.theorem,
        "notation": notation,
        "assumptions": [{"id": a.id, "text": a.text, "claim": _object(a.claim)} for a in proof.assumptions],
        "steps": [{"id": s.id, "key": s.key, "rule": s.rule, "explanation": s.explanation, "uses": list(s.uses),
                   "claim": _object(_with_bounds(s.claim, r))} for s, r in zip(proof.steps, proof.results)],
    }


def _with_bounds(claim, result):
    """A counterexample states the enclosures its check certified, so the checker must find the same."""
    if isinstance(claim, c.Counterexample) and result.evidence:
        from ..checks import stated_bounds

        return dataclasses.replace(claim, bounds=stated_bounds(result.evidence))
    return claim


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _parameter(value):
    if isinstance(value, Fraction):
        return str(value)
    return value


def _object(obj) -> dict:
    if type(obj) not in FIELDS:
        raise TypeError(f"no certificate form for {type(obj).__name__}")
    return {"type": type(obj).__name__, **{name: _value(getattr(obj, name)) for name in FIELDS[type(obj)]}}


def _value(value):
    if isinstance(value, Theorem):
        return value.key
    if isinstance(value, sympy.Basic):
        return encode(value)
    if dataclasses.is_dataclass(value):
        return _object(value)
    if isinstance(value, tuple):
        return [_value(v) for v in value]
    if value is None or isinstance(value, (str, bool, int)):
        return value
    raise TypeError(f"no certificate form for {type(value).__name__}")


# ---------------------------------------------------------------- reading

def from_document(data) -> Proof:
    """The proof a certificate states, every step still unchecked (``results`` empty).

    Raises Unreadable with a one-line reason when the document is not a certificate this version writes.
    """
    if not isinstance(data, dict):
        raise Unreadable("a certificate is a JSON object")
    if data.get("format") != FORMAT:
        raise Unreadable(f"not a ceproof certificate (\"format\" is not {FORMAT!r})")
    if data.get("version") != VERSION:
        raise Unreadable(f"certificate version {data.get('version')!r} is not supported (this ceproof reads {VERSION})")
    _keys(data, {"format", "version", "kind", "loss", "parameters", "title", "theorem", "notation", "assumptions",
                 "steps"}, "the certificate")
    kind = _text(data["kind"], "kind")
    if kind not in ("derive", "prove", "refute"):
        raise Unreadable(f"kind must be derive, prove or refute, got {kind!r}")
    notation = _notation(data["notation"])
    reader = _ObjectReader(_notation_symbols(notation))
    assumptions = tuple(Assumption(_text(a.get("id"), "assumption id"), _text(a.get("text"), "assumption text"),
                                   reader.claim(a.get("claim"), (c.Assumed,)))
                        for a in _entries(data["assumptions"], "assumptions", {"id", "text", "claim"}))
    steps = tuple(Step(_text(s.get("id"), "step id"), _text(s.get("key"), "step key"),
                       reader.claim(s.get("claim"), CLAIMS), _text(s.get("rule"), "rule"),
                       _text(s.get("explanation"), "explanation"), _uses(s.get("uses")))
                  for s in _entries(data["steps"], "steps", {"id", "key", "rule", "explanation", "uses", "claim"}))
    if not steps:
        raise Unreadable("the certificate has no steps")
    _require_distinct_variables(steps, notation)
    return Proof(kind=kind, title=_text(data["title"], "title"), theorem=_text(data["theorem"], "theorem"),
                 notation=notation, assumptions=assumptions, steps=steps, results=(),
                 parameters=_parameters(data["parameters"]), loss=_text(data["loss"], "loss"))


def _keys(obj: dict, expected: set, what: str) -> None:
    if set(obj) != expected:
        extra, missing = sorted(set(obj) - expected), sorted(expected - set(obj))
        raise Unreadable(f"{what} has " + (f"unknown field {extra[0]!r}" if extra else f"no field {missing[0]!r}"))


def _entries(value, what: str, fields: set) -> list:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Unreadable(f"{what} must be a list of objects")
    for entry in value:
        _keys(entry, fields, f"an entry of {what}")
    return value


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"{what} must be a string")
    return value


def _uses(value) -> tuple:
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise Unreadable("uses must be a list of step ids")
    return tuple(value)


def _parameters(value) -> tuple:
    if not isinstance(value, dict) or not all(v is None or isinstance(v, (str, int)) for v in value.values()):
        raise Unreadable("parameters must map names to strings, integers or null")
    return tuple(value.items())


def _notation(value):
    if not isinstance(value, dict):
        raise Unreadable("notation must be an object")
    cls = _notation_class(value.get("type")) if isinstance(value.get("type"), str) else None
    if cls is None:
        raise Unreadable(f"unknown notation type {value.get('type')!r}")
    fields = {f.name for f in dataclasses.fields(cls)}
    _keys(value, fields | {"type"}, "the notation")
    classes, label = value["classes"], value["label"]
    from ..losses import MAX_CLASSES

    if classes is not None and (not _is_int(classes) or not 2 <= classes <= MAX_CLASSES):
        raise Unreadable(f"notation classes must be null or an integer from 2 to {MAX_CLASSES}")
    if label is not None and (classes is None or not _is_int(label) or not 0 <= label < classes):
        raise Unreadable("notation label must be null or a class from 0 to K − 1")
    extra = {}
    if "features" in fields:
        features = value["features"]
        if features is not None and (classes is None or not _is_int(features) or not 1 <= classes * (features + 1) <= 64):
            raise Unreadable("notation features must be null or an integer d ≥ 1 with K·(d + 1) ≤ 64")
        extra["features"] = features
    if "extra" in fields:
        names = value["extra"]
        if not isinstance(names, list) or not set(names) <= {"e", "g"}:
            raise Unreadable("notation extra must list data vectors among \"e\" and \"g\"")
        extra["extra"] = tuple(names)
    return cls(classes, label, **extra)


def _require_distinct_variables(steps, notation) -> None:
    """A variable a derivative, a citation or a counterexample is taken in may not be a plain symbol named
    like one of the notation's vectors: "L is convex in z" must mean the logits."""
    vectors = {obj.name for obj in _notation_symbols(notation) if isinstance(obj, sympy.IndexedBase)}
    for step in steps:
        variables = getattr(step.claim, "variables", None)
        for variable in variables if isinstance(variables, tuple) else ():
            if isinstance(variable, sympy.Symbol) and variable.name in vectors:
                raise Unreadable(f"step {step.id} takes a variable {variable.name} that is a plain symbol, but the "
                                 f"notation's {variable.name} is a vector")


def _notation_symbols(notation) -> list:
    """The notation's bases, indices and explicit symbols (z, p, i, z0, …)."""
    found = [notation.K, *notation.indices]
    for name in ("z", "p", "y", "v", "S", "t", "d", "W", "b", "x", "xtilde", "u", "w", "m", "q", "e", "g"):
        if hasattr(type(notation), name):
            found.append(getattr(notation, name))
    for base, entries in notation.symbols.items():
        found += [base, *entries]
    return found


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _ObjectReader:
    """Rebuilds whitelisted dataclasses, checking each field's type."""

    def __init__(self, known=()):
        self.expressions = Reader(known)

    def claim(self, value, allowed: tuple):
        obj = self.object(value, 0)
        if not isinstance(obj, allowed):
            raise Unreadable(f"a {type(obj).__name__} cannot stand as a claim here")
        return obj

    def object(self, value, depth: int):
        if depth > 20:
            raise Unreadable("objects are nested too deep")
        if not isinstance(value, dict) or not isinstance(value.get("type"), str):
            raise Unreadable("expected an object with a \"type\"")
        cls = TYPES.get(value["type"])
        if cls is None:
            raise Unreadable(f"unknown object type {value['type'][:40]!r}")
        fields = FIELDS[cls]
        _keys(value, set(fields) | {"type"}, f"a {cls.__name__}")
        try:
            return cls(**{name: self.field(value[name], kind, f"{cls.__name__}.{name}", depth)
                          for name, kind in fields.items()})
        except (TypeError, ValueError) as error:
            if isinstance(error, Unreadable):
                raise
            raise Unreadable(f"a {cls.__name__} cannot be built: {error}") from None

    def field(self, value, kind, where: str, depth: int):
        if isinstance(kind, type):
            return self._typed_object(value, kind, where, depth)
        if isinstance(kind, tuple):
            if not isinstance(value, list):
                raise Unreadable(f"{where} must be a list")
            return tuple(self._typed_object(v, kind, where, depth) for v in value)
        if kind == TEXT:
            return _text(value, where)
        if kind == INT:
            if not _is_int(value) or not 0 <= value <= 10:
                raise Unreadable(f"{where} must be a small integer")
            return value
        if kind == BOOL:
            if not isinstance(value, bool):
                raise Unreadable(f"{where} must be true or false")
            return value
        if kind.endswith(OPTIONAL):
            return None if value is None else self.field(value, kind[:-1], where, depth)
        if kind.endswith(TUPLE):
            if not _is_tuple(value):
                raise Unreadable(f"{where} must be a list")
            return tuple(self.field(v, kind[:-1], where, depth) for v in value)
        if kind == EXPR:
            return self._expression(value)
        if kind == VALUE:
            if isinstance(value, dict):
                return self._typed_object(value, ARRAYS, where, depth)
            return self._expression(value)
        if kind == "theorem":
            return _theorem(_text(value, where))
        if kind == "facts":
            if not isinstance(value, list):
                raise Unreadable(f"{where} must be a list")
            return tuple(self._typed_object(v, FACTS, where, depth) for v in value)
        if kind == "limits":
            if not _is_tuple(value) or not all(_is_tuple(limit) and len(limit) == 3 for limit in value):
                raise Unreadable(f"{where} must be a list of [index, low, high]")
            limits = tuple(tuple(self._expression(x) for x in limit) for limit in value)
            for index, low, high in limits:
                if not isinstance(index, sympy.Symbol) or low.is_integer is False or high.is_integer is False:
                    raise Unreadable(f"{where}: a limit is [index symbol, integer low, integer high]")
            return limits
        if kind == "bounds":
            if not isinstance(value, list) or not all(isinstance(b, list) and len(b) == 3 and isinstance(b[0], str)
                                                      for b in value):
                raise Unreadable(f"{where} must be a list of [name, low, high]")
            return tuple((name, self._rational(low, where), self._rational(high, where)) for name, low, high in value)
        if kind == "shape":
            if not _is_tuple(value) or not 1 <= len(value) <= 2:
                raise Unreadable(f"{where} must list one or two sizes")
            return tuple(self._size(v, where) for v in value)
        if kind == "variables":
            if value is None:
                return None
            if _is_tuple(value):
                return tuple(self._expression(v) for v in value)
            base = self._expression(value)
            if not isinstance(base, sympy.IndexedBase):
                raise Unreadable(f"{where} must be an IndexedBase or a list of variables")
            return base
        raise AssertionError(kind)

    def _rational(self, value, where: str):
        number = self._expression(value)
        if not isinstance(number, sympy.Rational):
            raise Unreadable(f"{where} must hold exact rationals")
        return number

    def _expression(self, value):
        """An expression tree, or a plain integer (Python ints stand in limits and points)."""
        if _is_int(value):
            return Integer(bounded_int(value))
        return self.expressions.decode(value)

    def _typed_object(self, value, kinds, where: str, depth: int):
        obj = self.object(value, depth + 1)
        if not isinstance(obj, kinds):
            raise Unreadable(f"{where} cannot hold a {type(obj).__name__}")
        return obj

    def _size(self, value, where: str):
        from ..losses import MAX_CLASSES

        size = value if _is_int(value) else self._expression(value)
        number = size if _is_int(size) else int(size) if getattr(size, "is_Integer", False) else None
        if number is not None and not 1 <= number <= MAX_CLASSES:
            raise Unreadable(f"{where}: an array dimension must be from 1 to {MAX_CLASSES}, got {number}")
        return size


def _is_tuple(value) -> bool:
    return isinstance(value, list) and not (value and isinstance(value[0], str))


def _theorem(key: str) -> Theorem:
    """The known theorem ``key``; an unknown key gives a placeholder that the chain check rejects."""
    if key in KNOWN_THEOREMS:
        return KNOWN_THEOREMS[key]
    return Theorem(key[:80], f"unknown theorem {key[:80]!r}", "", Reference("", "", "", "", 0), "")
