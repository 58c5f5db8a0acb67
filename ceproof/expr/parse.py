"""``--expr`` text to a SymPy expression by our own whitelisting reader: Python's ``ast`` parses the text, and
only the node kinds, functions and names listed here are turned into SymPy objects, by their constructors.
Nothing is evaluated as Python (no ``eval``, ``sympify`` or ``parse_expr``); a decimal is read exactly from its
digits (0.1 is 1/10), never through a float.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..errors import BadInput

MAX_TEXT = 4_000
"""Longest expression text, in characters."""
MAX_NODES = 2_000
"""Most syntax nodes one expression may have."""
MAX_NESTING = 40
"""Deepest nesting of brackets and calls (Python's own parser recurses on each level)."""
MAX_SIZE = 50
"""Largest vector variable: its Hessian has MAX_SIZE² entries, each derived and checked."""
MAX_DIGITS = 60
"""Most digits of one number in the text."""
MAX_DEPTH = 200
"""Deepest chain of operations (a + b + c nests one level per term); the reader recurses on each."""
MAX_POWER_BITS = 4_096
"""Largest power of a number the text may make, in bits ((10**1000)**1000 would be a million digits)."""

NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")

FUNCTIONS = ("exp", "log", "sqrt", "abs", "max", "min", "tanh", "sigmoid", "softplus", "cosh", "logsumexp",
             "softmax", "sum")
"""Every function the text may call."""


@dataclass(frozen=True)
class Variable:
    """A variable of the loss: a real scalar (``size`` None) or a vector in ℝ^size, on all of ℝ or, when
    ``positive``, on (0, ∞) (each entry)."""

    name: str
    size: int | None = None
    positive: bool = False


@dataclass(frozen=True)
class Parsed:
    """A loss the user typed: its text, the SymPy expression it stands for, its variables in the order they
    were declared (or first met), and the constants fixed by ``given``."""

    text: str
    function: sympy.Expr
    variables: tuple
    given: tuple = ()


def symbol_of(variable: Variable, index: int | None = None) -> sympy.Expr:
    """The SymPy object an entry of ``variable`` is: a real (positive) Symbol, or an entry of an IndexedBase."""
    assumptions = {"positive": True} if variable.positive else {"real": True}
    if variable.size is None:
        return sympy.Symbol(variable.name, **assumptions)
    return sympy.IndexedBase(variable.name, **assumptions)[index]


def variable_of(declaration) -> Variable:
    """A declared variable from ``"z:3"`` (a vector in ℝ³), ``"x"`` (a real scalar) or a Variable."""
    if isinstance(declaration, Variable):
        return declaration
    if not isinstance(declaration, str):
        raise BadInput(f"{{var}} {declaration!r} is not NAME or NAME:K")
    name, colon, size = declaration.partition(":")
    _valid_name(name, "{var}")
    if not colon:
        return Variable(name)
    if not size.isdigit() or len(size) > 3:
        raise BadInput(f"{{var}} {declaration}: the size after ':' is a whole number (z:3)")
    return Variable(name, int(size))


def parse(text: str, variables: tuple = (), positive: tuple = (), given: tuple = ()) -> Parsed:
    """Read ``text``: ``variables`` are declared ``Variable`` s (none: every free name is a real scalar),
    ``positive`` names restricted to (0, ∞), ``given`` (name, number) pairs fixed as constants. Bad text, an
    unknown function or name, a vector where a number is needed: ``BadInput`` naming the column."""
    if not isinstance(text, str) or not text.strip():
        raise BadInput("{expr} is empty")
    if len(text) > MAX_TEXT:
        raise BadInput(f"{{expr}} is longer than {MAX_TEXT} characters")
    depth = _bracket_depth(text)
    if depth > MAX_NESTING:
        raise BadInput(f"{{expr}} nests brackets {depth} deep; at most {MAX_NESTING}")
    declared = _declared(variables, positive, given)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        where = f"column {error.offset}: " if error.offset else ""
        raise BadInput(f"{{expr}}: {where}not an expression ({error.msg})") from None
    except (RecursionError, MemoryError, ValueError):
        raise BadInput("{expr} cannot be read (nested too deeply, or a character Python does not allow)") from None
    nodes = sum(1 for _ in ast.walk(tree))
    if nodes > MAX_NODES:
        raise BadInput(f"{{expr}} has {nodes} syntax nodes; at most {MAX_NODES}")
    if _syntax_depth(tree) > MAX_DEPTH:
        raise BadInput(f"{{expr}} nests operations more than {MAX_DEPTH} deep (a long sum a + b + …: write "
                       "sum(...) of a vector)")
    reader = _Reader(text.strip(), declared, free=not variables)
    value = reader.read(tree.body)
    if isinstance(value, tuple):
        raise BadInput(f"{{expr}} is a vector of {len(value)} entries; a loss is a number (take sum(...), an "
                       "entry [i], or logsumexp(...))")
    used = [v for v in reader.variables if v.name in reader.used]
    if not used:
        raise BadInput("{expr} has no variable: it is a constant")
    unused = sorted(set(positive) - {v.name for v in used})
    if unused:
        raise BadInput(f"{{positive}} {unused[0]} is not a variable of the expression")
    return Parsed(text.strip(), value, tuple(used), tuple(sorted(declared.given.items())))


@dataclass(frozen=True)
class _Declared:
    variables: dict
    given: dict
    positive: frozenset


def _declared(variables, positive, given) -> _Declared:
    table: dict = {}
    for variable in variables:
        _valid_name(variable.name, "{var}")
        if variable.name in table:
            raise BadInput(f"{{var}} {variable.name} is declared twice")
        if variable.size is not None and not 1 <= variable.size <= MAX_SIZE:
            raise BadInput(f"{{var}} {variable.name}:{variable.size}: a vector has 1 to {MAX_SIZE} entries")
        table[variable.name] = variable
    constants: dict = {}
    for name, number in given:
        _valid_name(name, "{given}")
        if name in table or name in constants:
            raise BadInput(f"{{given}} {name} is also a variable or given twice")
        constants[name] = _exact(number, "{given}")
    for name in positive:
        _valid_name(name, "{positive}")
        if name in constants:
            raise BadInput(f"{{positive}} {name} is a given constant, not a variable")
        if variables and name not in table:
            raise BadInput(f"{{positive}} {name} is not a declared variable")
        if name in table:
            table[name] = Variable(name, table[name].size, True)
    return _Declared(table, constants, frozenset(positive))


def _valid_name(name: str, option: str) -> None:
    if not isinstance(name, str) or not NAME.match(name) or len(name) > 30:
        raise BadInput(f"{option} {name!r} is not a name (a letter, then letters, digits or _)")
    if name in FUNCTIONS:
        raise BadInput(f"{option} {name} is the name of a function")


def _exact(number, option: str) -> Fraction:
    """A given value as an exact fraction: an int, a Fraction, or text such as 2, 1/10, 0.1, 1e-3."""
    if isinstance(number, bool):
        raise BadInput(f"{option} takes a number")
    if isinstance(number, (int, Fraction)):
        return Fraction(number)
    text = str(number).strip()
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?(/\d+)?", text) or \
            len(re.sub(r"\D", "", text)) > MAX_DIGITS:
        raise BadInput(f"{option} value {text!r} is not an exact number such as 2, 1/10 or 0.1")
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise BadInput(f"{option} value {text!r} is not an exact number such as 2, 1/10 or 0.1") from None


def _syntax_depth(tree) -> int:
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _bracket_depth(text: str) -> int:
    depth = deepest = 0
    for character in text:
        if character in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in ")]}":
            depth -= 1
    return deepest


class _Reader:
    """Turns whitelisted syntax nodes into SymPy objects (a number, or a tuple for a vector)."""

    def __init__(self, text: str, declared: _Declared, free: bool):
        self.text = text
        self.declared = declared
        self.free = free
        self.variables = list(declared.variables.values())
        self.used: set = set()

    def fail(self, node, message: str):
        column = getattr(node, "col_offset", None)
        where = f"column {column + 1}: " if column is not None else ""
        raise BadInput(f"{{expr}}: {where}{message}")

    def read(self, node):
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            self.fail(node, f"{_describe(node)} is not allowed (numbers, names, + - * / **, calls of "
                            f"{', '.join(FUNCTIONS)} and entries z[i] are)")
        return method(node)

    # ------------------------------------------------------------ leaves

    def _Constant(self, node):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.fail(node, f"{node.value!r} is not a real number")
        digits = ast.get_source_segment(self.text, node) or ""
        if len(re.sub(r"\D", "", digits)) > MAX_DIGITS:
            self.fail(node, f"a number of more than {MAX_DIGITS} digits")
        if isinstance(node.value, int):
            return sympy.Integer(node.value)
        try:
            exact = Fraction(digits.replace("_", ""))
        except (ValueError, ZeroDivisionError):
            self.fail(node, f"{digits!r} is not a number")
        return sympy.Rational(exact.numerator, exact.denominator)

    def _Name(self, node):
        name = node.id
        if name in self.declared.given:
            value = self.declared.given[name]
            return sympy.Rational(value.numerator, value.denominator)
        if name in FUNCTIONS:
            self.fail(node, f"{name} is a function; call it as {name}(...)")
        variable = self.declared.variables.get(name)
        if variable is None:
            if not self.free:
                known = ", ".join(self.declared.variables) or "none"
                self.fail(node, f"unknown name {name} (declared variables: {known}; a constant needs given)")
            if not NAME.match(name) or len(name) > 30:
                self.fail(node, f"{name!r} is not a name ceproof accepts")
            variable = Variable(name, None, name in self.declared.positive)
            self.declared.variables[name] = variable
            self.variables.append(variable)
        self.used.add(name)
        if variable.size is None:
            return symbol_of(variable)
        return tuple(symbol_of(variable, k) for k in range(variable.size))

    def _Subscript(self, node):
        vector = self.read(node.value)
        if not isinstance(vector, tuple):
            self.fail(node, "only a vector has entries [i]")
        index = node.slice
        if not (isinstance(index, ast.Constant) and isinstance(index.value, int) and not isinstance(index.value, bool)):
            self.fail(node, "an entry's index is a whole number, such as z[0]")
        if not 0 <= index.value < len(vector):
            self.fail(node, f"index {index.value} is outside 0 … {len(vector) - 1}")
        return vector[index.value]

    # ------------------------------------------------------------ operators

    def _UnaryOp(self, node):
        value = self.read(node.operand)
        if isinstance(node.op, ast.USub):
            return _entrywise(lambda a: -a, value)
        if isinstance(node.op, ast.UAdd):
            return value
        self.fail(node, f"the operator {_describe(node.op)} is not allowed")

    def _BinOp(self, node):
        operations = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
                      ast.Div: self._divide(node), ast.Pow: self._power(node)}
        operation = operations.get(type(node.op))
        if operation is None:
            hint = " (write powers as x**2)" if isinstance(node.op, ast.BitXor) else ""
            self.fail(node, f"the operator {_describe(node.op)} is not allowed{hint}")
        left, right = self.read(node.left), self.read(node.right)
        if isinstance(left, tuple) and isinstance(right, tuple) and len(left) != len(right):
            self.fail(node, f"vectors of {len(left)} and {len(right)} entries")
        return _entrywise(operation, left, right)

    def _divide(self, node):
        def divide(a, b):
            if b == 0:
                self.fail(node, "division by 0")
            self.defined(node, b, "divides by", "≠ 0", shown_sign(b, "nonzero"))
            return a / b
        return divide

    def _power(self, node):
        def power(base, exponent):
            if exponent.free_symbols:
                self.fail(node, "a power's exponent is a number (x**2, x**(1/2)); write exp(y*log(x)) for x**y")
            if not exponent.is_Rational:
                self.fail(node, "a power's exponent is a rational number")
            if abs(exponent.p) > 1000 or exponent.q > 1000:
                self.fail(node, "a power's exponent has a numerator and denominator of at most 1000")
            if base.is_number and not exponent.is_Integer:
                self.fail(node, "a fractional power of a number is not allowed (its value is not rational)")
            if base == 0 and exponent.is_negative:
                self.fail(node, "division by 0")
            if not exponent.is_Integer and exponent.is_negative:  # x^{−1/2} is 1/√x: x > 0
                self.defined(node, base, "takes a negative fractional power of", "> 0", shown_sign(base, "positive"))
            elif not exponent.is_Integer:
                self.defined(node, base, "takes a fractional power of", "≥ 0", shown_sign(base, "nonnegative"))
            elif exponent.is_negative:
                self.defined(node, base, "divides by", "≠ 0", shown_sign(base, "nonzero"))
            if base.is_Rational and base != 0 and \
                    max(abs(base.p), base.q).bit_length() * abs(int(exponent)) > MAX_POWER_BITS:
                self.fail(node, f"a power of a number of more than {MAX_POWER_BITS} bits")
            return sympy.Pow(base, exponent)
        return power

    # ------------------------------------------------------------ calls

    def _Call(self, node):
        if not isinstance(node.func, ast.Name) or node.keywords:
            self.fail(node, f"call only the functions {', '.join(FUNCTIONS)}, without keywords")
        name = node.func.id
        if name not in FUNCTIONS:
            self.fail(node, f"unknown function {name} (known: {', '.join(FUNCTIONS)})")
        arguments = [self.read(a) for a in node.args]
        if not arguments:
            self.fail(node, f"{name} takes an argument")
        if name in ("max", "min", "logsumexp", "sum"):
            return self._reduce(node, name, arguments)
        if len(arguments) != 1:
            self.fail(node, f"{name} takes one argument")
        if name == "softmax":
            vector = arguments[0]
            if not isinstance(vector, tuple):
                self.fail(node, "softmax takes a vector")
            total = sympy.Add(*(sympy.exp(v) for v in vector))
            return tuple(sympy.exp(v) / total for v in vector)
        if name in ("log", "sqrt"):
            for entry in arguments[0] if isinstance(arguments[0], tuple) else (arguments[0],):
                if name == "log":
                    self.defined(node, entry, "takes the log of", "> 0", shown_sign(entry, "positive"))
                else:
                    self.defined(node, entry, "takes the square root of", "≥ 0", shown_sign(entry, "nonnegative"))
        return _entrywise(UNARY[name], arguments[0])

    def defined(self, node, value, what: str, needed: str, shown: bool) -> None:
        """A one-line error naming the place when ``value`` is not seen to be ``needed`` on the whole domain
        (the variables real, or > 0 when declared --positive): the loss would be undefined somewhere."""
        if not shown:
            self.fail(node, f"{what} {_short(value)}, which is not {needed} on the whole domain (declare a variable "
                            "--positive, or write the loss so that it is defined for every value)")

    def _reduce(self, node, name: str, arguments: list):
        """max, min and logsumexp of one vector or of several numbers; sum of one vector."""
        if len(arguments) == 1 and isinstance(arguments[0], tuple):
            items = arguments[0]
        elif name == "sum":
            self.fail(node, "sum takes one vector, such as sum(z**2)")
        elif any(isinstance(a, tuple) for a in arguments):
            self.fail(node, f"{name} takes one vector or several numbers")
        else:
            items = tuple(arguments)
        if name == "sum":
            return sympy.Add(*items)
        if name == "logsumexp":
            return sympy.log(sympy.Add(*(sympy.exp(v) for v in items)))
        if len(items) < 2:
            self.fail(node, f"{name} takes at least two numbers")
        if name == "max":
            return sympy.Max(*items)
        return -sympy.Max(*(-item for item in items))  # min written as −max(−…): the kernel reads Max


UNARY = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": lambda a: sympy.Pow(a, sympy.Rational(1, 2)),
    "abs": sympy.Abs,
    "tanh": sympy.tanh,
    "cosh": lambda a: (sympy.exp(a) + sympy.exp(-a)) / 2,  # written out: the kernel reads exponentials
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
    "softplus": lambda a: sympy.log(1 + sympy.exp(a)),
}
"""The functions of one number, as SymPy builds them (applied entrywise to a vector)."""


def shown_sign(value: sympy.Expr, sign: str) -> bool:
    """Whether SymPy sees ``value`` positive, nonnegative or nonzero, as it is or over a common denominator
    (1 − 1/(1 + e^{−x}) is e^{−x}/(1 + e^{−x}) > 0; the squares search asks it of a 1 × 1 Hessian too)."""
    if getattr(value, f"is_{sign}") is True:
        return True
    numerator, denominator = sympy.fraction(sympy.together(value))
    if denominator == 1:
        return False
    if sign == "nonzero":
        return numerator.is_zero is False and denominator.is_zero is False
    both = (numerator.is_positive is True and denominator.is_positive is True) or \
        (numerator.is_negative is True and denominator.is_negative is True)
    if sign == "positive":
        return both
    return both or (numerator.is_nonnegative is True and denominator.is_positive is True)


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _entrywise(operation, *values):
    """``operation`` on numbers, or entry by entry when any value is a vector (a number is repeated)."""
    size = next((len(v) for v in values if isinstance(v, tuple)), None)
    if size is None:
        return operation(*values)
    return tuple(operation(*(v[k] if isinstance(v, tuple) else v for v in values)) for k in range(size))


def _describe(node) -> str:
    kinds = {ast.Compare: "a comparison", ast.BoolOp: "and/or", ast.Lambda: "lambda", ast.Attribute: "an attribute",
             ast.List: "a list", ast.Tuple: "a tuple", ast.Dict: "a dict", ast.IfExp: "if/else",
             ast.Mod: "%", ast.FloorDiv: "//", ast.BitXor: "^", ast.MatMult: "@", ast.Not: "not",
             ast.Invert: "~", ast.BitAnd: "&", ast.BitOr: "|", ast.LShift: "<<", ast.RShift: ">>"}
    return kinds.get(type(node), type(node).__name__)
