"""A proof as a certificate document (plain JSON data) and back: the loss and parameters it was asked
for, the notation, the formal statement and every step with its claim and uses. Check results are
not stored; they are redone.

Every object is ``{"type": name, field: value, …}`` for a whitelisted dataclass, each field read back
with the type it must have; expressions are trees (``expressions.py``); tuples are lists whose first
item is not a string.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from fractions import Fraction

import sympy
from sympy import Integer

from ..kernel import claims as c
from ..kernel.arrays import AffineSet, IndexedArray, QuadraticForm, RowSums
from ..kernel.citations import KNOWN_THEOREMS, Reference, Theorem
from ..kernel.checks.counterexamples import stated_bounds
from ..kernel.notation import INDEX_NAMES, Notation
from ..kernel.premises import PREMISES
from ..kernel.proof import Proof, Step
from ..kernel.statement import PROPERTIES, Statement
from .expressions import Reader, Unreadable, bounded_int, encode

FORMAT = "ceproof-certificate"
VERSION = 2

ARRAYS = (IndexedArray, QuadraticForm, RowSums, c.SumOfSquares)
CLAIMS = (c.Definition, c.Positivity, c.Equality, c.DerivativeEquality, c.NonNegative, c.PositiveSemidefinite,
          c.Cited, c.Counterexample, c.Affine, c.FormZeros, c.PositiveDefiniteOn, c.Conclusion)
"""What a step may claim."""

EXPR, TEXT, INT, BOOL, CLASS = "expr", "text", "int", "bool", "class"
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
    c.Cited: {"theorem": "theorem", "subject": EXPR, "variables": EXPR + TUPLE, "on": "set"},
    c.Counterexample: {"function": EXPR, "variables": EXPR + TUPLE, "kind": TEXT, "x1": EXPR + TUPLE,
                       "x2": EXPR + TUPLE, "t": EXPR + OPTIONAL, "point": EXPR + TUPLE,
                       "direction": EXPR + TUPLE, "of": EXPR + OPTIONAL, "bounds": "bounds"},
    c.Affine: {"lhs": EXPR, "rhs": VALUE, "variables": EXPR + TUPLE},
    c.FormZeros: {"matrix": VALUE, "vector": EXPR, "direction": VALUE},
    c.PositiveDefiniteOn: {"matrix": VALUE, "vector": EXPR, "normal": VALUE},
    c.Conclusion: {},
    IndexedArray: {"shape": "shape", "indices": EXPR + TUPLE, "entry": EXPR},
    QuadraticForm: {"matrix": IndexedArray, "vector": EXPR},
    RowSums: {"matrix": IndexedArray},
    AffineSet: {"normal": IndexedArray, "offset": EXPR},
    Statement: {"name": "symbol", "function": EXPR, "variables": EXPR + TUPLE, "premises": PREMISES,
                "properties": PROPERTIES, "where": (c.Definition,)},
    **{premise: {"subject": "name", **({"label": CLASS} if premise.__name__ == "OneHotLabel" else {})}
       for premise in PREMISES},
    **{prop: {"variables": EXPR + TUPLE, **({"on": "set"} if prop.__name__ == "StrictlyConvex" else {})}
       for prop in PROPERTIES if prop.__name__ not in ("Derivative", "EqualTo")},
    **{prop: ({"of": EXPR, "order": INT, "result": IndexedArray, "variables": "variables"}
              if prop.__name__ == "Derivative" else {"expr": EXPR})
       for prop in PROPERTIES if prop.__name__ in ("Derivative", "EqualTo")},
}
"""What each field of each whitelisted dataclass holds: a kind, a class (one object of it) or a tuple
of classes (a list of objects of those classes). An IndexedArray keeps its entry formula, which the
checks use, not its display name ``closed_form``, which no check reads: a certificate holds nothing
unchecked but prose."""

TYPES = {cls.__name__: cls for cls in FIELDS}

NOTATION_FIELDS = ("classes", "label", "features", "one_hot")


# ---------------------------------------------------------------- writing

def to_document(checked) -> dict:
    """The certificate of a checked proof, as JSON-ready data."""
    if checked.verdict == "check failed":
        step, _ = checked.first_failure
        raise ValueError(f"step {step.id} ({step.key}) failed its check: a failed proof has no certificate")
    n = checked.notation
    return {
        "format": FORMAT,
        "version": VERSION,
        "loss": checked.loss,
        "parameters": {name: parameter_text(value) for name, value in checked.parameters},
        "notation": {name: getattr(n, name) for name in NOTATION_FIELDS},
        "statement": _object(checked.statement),
        "steps": [{"id": s.id, "key": s.key, "rule": s.rule, "explanation": s.explanation, "uses": list(s.uses),
                   "claim": _object(_with_bounds(s.claim, r))} for s, r in zip(checked.steps, checked.results)],
    }


def _with_bounds(claim, result):
    """A counterexample states the enclosures its check certified, so the checker must find the same."""
    if isinstance(claim, c.Counterexample) and result.evidence:
        return dataclasses.replace(claim, bounds=stated_bounds(result.evidence))
    return claim


def parameter_text(value):
    """A parameter value as a certificate holds it: an exact rational as text ("1/10")."""
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

def from_document(data) -> tuple:
    """``(proof, loss, parameters)``: the proof a certificate states, unchecked, with the loss and the
    parameter values it names. Raises Unreadable with a one-line reason when the document is not a
    certificate this version writes."""
    if not isinstance(data, dict):
        raise Unreadable("a certificate is a JSON object")
    if data.get("format") != FORMAT:
        raise Unreadable(f"not a ceproof certificate (\"format\" is not {FORMAT!r})")
    if data.get("version") != VERSION:
        raise Unreadable(f"certificate version {data.get('version')!r} is not supported: this ceproof reads version "
                         f"{VERSION}; make the certificate again with this ceproof")
    _keys(data, {"format", "version", "loss", "parameters", "notation", "statement", "steps"}, "the certificate")
    notation = _notation(data["notation"])
    reader = _ObjectReader(_notation_symbols(notation))
    statement = reader.object(data["statement"], 0)
    if not isinstance(statement, Statement):
        raise Unreadable("the statement must be a Statement")
    entries = _entries(data["steps"], "steps", {"id", "key", "rule", "explanation", "uses", "claim"})
    if len(entries) > MAX_STEPS:
        raise Unreadable(f"the certificate has more than {MAX_STEPS} steps")
    steps = tuple(Step(_label(s.get("id"), "a step id"), _label(s.get("key"), "a step key"),
                       reader.claim(s.get("claim"), CLAIMS), _text(s.get("rule"), "rule"),
                       _text(s.get("explanation"), "explanation"), _uses(s.get("uses")))
                  for s in entries)
    if not steps:
        raise Unreadable("the certificate has no steps")
    if len(steps) > MAX_STEPS:
        raise Unreadable(f"the certificate has more than {MAX_STEPS} steps")
    loss, parameters = _label(data["loss"], "the loss", empty=True), _parameters(data["parameters"])
    if not loss and parameters:
        raise Unreadable("parameters without a loss: nothing would hold the proof to them")
    return Proof(statement, notation, steps), loss, parameters


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


MAX_STEPS = 2000
"""Most steps a certificate may have: the longest proof ceproof makes has about 40."""


MAX_TEXT = 10_000
"""Longest text field (a rule, an explanation): ceproof's own are under 500 characters."""
LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}\Z")
"""A step id, a step key, a loss or parameter name: ``7``, ``A1``, ``jacobian-entries``, ``label-smoothing``."""
_UNSHOWN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
"""Unicode categories a report must not print: control and format characters (terminal escapes, bidi
overrides that reorder a line), surrogates, private and unassigned code points, line separators."""


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        raise Unreadable(f"{what} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Unreadable(f"{what} is not valid Unicode text") from None
    if len(value) > MAX_TEXT:
        raise Unreadable(f"{what} is longer than {MAX_TEXT} characters")
    hidden = next((ch for ch in value if unicodedata.category(ch) in _UNSHOWN), None)
    if hidden is not None:
        raise Unreadable(f"{what} holds the character U+{ord(hidden):04X}, which a report cannot show as it is")
    return value


def _label(value, what: str, empty: bool = False) -> str:
    text = _text(value, what)
    if not (LABEL.match(text) or (empty and text == "")):
        raise Unreadable(f"{what} must be letters, digits, '-', '_' or '.', got {text[:40]!r}")
    return text


def _uses(value) -> tuple:
    if not isinstance(value, list) or not all(isinstance(u, str) for u in value):
        raise Unreadable("uses must be a list of step ids")
    return tuple(_label(u, "a used step id") for u in value)


def _parameters(value) -> tuple:
    if not isinstance(value, dict) or not all(isinstance(k, str) and (v is None or isinstance(v, (str, int)))
                                              and not isinstance(v, bool) for k, v in value.items()):
        raise Unreadable("parameters must map names to strings, integers or null")
    for key, item in value.items():
        _label(key, "a parameter name")
        if isinstance(item, str):
            _text(item, f"the parameter {key[:40]!r}")
    return tuple(value.items())


def _notation(value) -> Notation:
    from ..family import MAX_CLASSES, MAX_VARIABLES

    if not isinstance(value, dict):
        raise Unreadable("notation must be an object")
    _keys(value, set(NOTATION_FIELDS), "the notation")
    classes, label, features, one_hot = (value[name] for name in NOTATION_FIELDS)
    if classes is not None and (not _is_int(classes) or not 1 <= classes <= MAX_CLASSES):
        raise Unreadable(f"notation classes must be null or an integer from 1 to {MAX_CLASSES}")
    if label is not None and (classes is None or not _is_int(label) or not 0 <= label < classes):
        raise Unreadable("notation label must be null or a class from 0 to K − 1")
    if features is not None and (classes is None or not _is_int(features) or not 1 <= classes * (features + 1)
                                 <= MAX_VARIABLES):
        raise Unreadable(f"notation features must be null or an integer d ≥ 1 with K·(d + 1) ≤ {MAX_VARIABLES}")
    if one_hot not in ("y", "e"):
        raise Unreadable("notation one_hot must be \"y\" or \"e\"")
    return Notation(classes, label, features, one_hot)


def _notation_symbols(notation) -> list:
    """The notation's bases, indices and explicit symbols (z, p, i, z0, …)."""
    found = [notation.K, notation.d, notation.m, *notation.indices, *notation.scalars.values(),
             *notation.bases.values()]
    for key, entry in notation.concrete_map.items():
        if isinstance(entry, sympy.Symbol):
            found.append(entry)
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
            raise Unreadable(f"a {cls.__name__} cannot be built: {str(error)[:80]}") from None

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
        if kind == CLASS:
            if not _is_int(value) or not 0 <= value < 1000:
                raise Unreadable(f"{where} must be a class number")
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
        if kind in ("symbol", "name"):
            symbol = self._expression(value)
            if type(symbol) is not sympy.Symbol and not (kind == "name" and type(symbol) is sympy.IndexedBase):
                raise Unreadable(f"{where} must be a plain symbol" + (" or a vector" if kind == "name" else ""))
            return symbol
        if kind == VALUE:
            if isinstance(value, dict):
                return self._typed_object(value, ARRAYS, where, depth)
            return self._expression(value)
        if kind == "theorem":
            return _theorem(_label(value, where))
        if kind == "set":
            return None if value is None else self._typed_object(value, AffineSet, where, depth)
        if kind == "limits":
            if not _is_tuple(value) or not all(_is_tuple(limit) and len(limit) == 3 for limit in value):
                raise Unreadable(f"{where} must be a list of [index, low, high]")
            return tuple(tuple(self._expression(x) for x in limit) for limit in value)
        if kind == "bounds":
            if not isinstance(value, list) or not all(isinstance(b, list) and len(b) == 3 and isinstance(b[0], str)
                                                      for b in value):
                raise Unreadable(f"{where} must be a list of [name, low, high]")
            return tuple((_text(name, where), self._rational(low, where), self._rational(high, where))
                         for name, low, high in value)
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
        from ..family import MAX_CLASSES

        size = self._expression(value)
        if size.is_Integer and not 1 <= int(size) <= MAX_CLASSES:
            raise Unreadable(f"{where}: an array dimension must be from 1 to {MAX_CLASSES}, got {size}")
        return size


def _is_tuple(value) -> bool:
    return isinstance(value, list) and not (value and isinstance(value[0], str))


def _theorem(key: str) -> Theorem:
    """The known theorem ``key``; an unknown key gives a placeholder that the kernel rejects."""
    if key in KNOWN_THEOREMS:
        return KNOWN_THEOREMS[key]
    return Theorem(key[:80], f"unknown theorem {key[:80]!r}", "", Reference("", "", "", "", 0), "")


__all__ = ["FORMAT", "VERSION", "to_document", "from_document", "INDEX_NAMES"]
