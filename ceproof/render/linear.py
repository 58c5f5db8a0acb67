"""Expressions on one line in Unicode, for prose in the terminal: −Σᵢ₌₀² yᵢ·log(exp(zᵢ)/Σₗ₌₀² exp(zₗ))."""

from __future__ import annotations

import re
import unicodedata

import sympy
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

from ..kernel.wellformed import GREEK
from .order import TextbookTerms, bare_log, ordered_factors
from .prose import SUBSCRIPT, SUPERSCRIPT

def _greek(name: str) -> str:
    case = "CAPITAL" if name[0].isupper() else "SMALL"
    return unicodedata.lookup(f"GREEK {case} LETTER {name.upper().replace('LAMBDA', 'LAMDA')}")


NAMES = {"ell": "ℓ", **{name: _greek(name) for name in GREEK}}
"""How the heads of the names a statement may use print: ``mu`` as μ, ``ell`` as ℓ."""
DECORATIONS = {"bar": "\u0304", "hat": "\u0302", "tilde": "\u0303"}
_NAME = re.compile(r"([A-Za-z]+?)(bar|hat|tilde)?([0-9]*)")


def _script(text: str, table, mark: str) -> str:
    converted = text.translate(table)
    if all(a != b or a == " " for a, b in zip(converted, text)):
        return converted.replace(" ", "")
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


class LinearPrinter(TextbookTerms, StrPrinter):
    """SymPy's string printer with Unicode subscripts, superscripts, Σ, δ and · for products."""

    printmethod = "_ceproof_linear"  # never an object's own _sympystr: Indexed has one

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Function(self, expr):
        """A function's name as its symbol prints (α₁, L̄, ℓ), then its arguments (B23-1: "alpha1(z)")."""
        name = expr.func.__name__
        shown = self._print_Symbol(sympy.Symbol(name)) if _NAME.fullmatch(name) else name
        return f"{shown}({', '.join(self._print(a) for a in expr.args)})"

    def _print_Symbol(self, expr):
        match = _NAME.fullmatch(expr.name)
        if match is None:  # W_{0,1}, a Dummy's name
            return expr.name
        head, decoration, digits = match.groups()
        shown = NAMES.get(head, head) + (DECORATIONS[decoration] if decoration else "")
        return shown + (_script(digits, SUBSCRIPT, "_") if digits else "")

    def _print_IndexedBase(self, expr):
        return self._print(expr.label)

    def _print_Indexed(self, expr):
        return self._print(expr.base.label) + self._indices(expr.indices)

    def _print_KroneckerDelta(self, expr):
        return "δ" + self._indices(expr.args)

    def _indices(self, indices) -> str:
        """Subscripts: side by side when each is one character (δᵢⱼ, W₀₁), else bracketed with commas, so
        W[1, 12] and W[11, 2] never print alike, nor δ(K, i + 1) as a product."""
        printed = [self._print(i) for i in indices]
        if len(printed) == 1 or all(len(p) == 1 for p in printed):
            return _script("".join(printed), SUBSCRIPT, "_")
        return "_(" + ", ".join(printed) + ")"

    def _print_Sum(self, expr):
        body = self._print(expr.function)
        if precedence(expr.function) < PRECEDENCE["Mul"]:
            body = f"({body})"
        heads = []
        for index, low, high in reversed(expr.limits):
            heads.append("Σ" + _script(f"{self._print(index)}={self._print(low)}", SUBSCRIPT, "_")
                         + _script(self._print(high).replace("−", "-"), SUPERSCRIPT, "^"))
        return " ".join(heads) + " " + body

    def _print_exp(self, expr):
        return f"exp({self._print(expr.args[0])})"

    def _print_Exp1(self, expr):
        return "e"

    def _print_Abs(self, expr):
        return f"|{self._print(expr.args[0])}|"

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def parenthesize(self, item, level, strict=False):
        """As SymPy's, but a sum raised to a power is bracketed: SymPy ranks Σ as an atom, which printed
        (Σₗ yₗzₗ)² as Σₗ yₗ·zₗ²; and so is a Σ among other factors of a product, which read as Σ of
        everything after it ((Σₐ 1)·(Σₕ a) is not Σₐ Σₕ a)."""
        if isinstance(item, sympy.Sum) and (level >= PRECEDENCE["Pow"] or getattr(self, "_sum_among_factors", False)):
            # at any level: SymPy prints the factors of a negative product at the level of a sum (B22-1)
            return f"({self._print(item)})"
        return super().parenthesize(item, level, strict)

    def _print_Mul(self, expr):
        before = getattr(self, "_sum_among_factors", False)
        self._sum_among_factors = any(  # a Σ beside another factor, above or below a fraction bar (B21-1, B22-1)
            isinstance(a.base if a.is_Pow else a, sympy.Sum) for a in expr.args) and (sum(
            not a.is_Number for a in expr.args) > 1 or any(a.is_Pow and a.exp.is_negative for a in expr.args))
        try:
            return self._textbook_product(expr)
        finally:
            self._sum_among_factors = before

    def _textbook_product(self, expr) -> str:
        """Factors in textbook order (yᵢ·log pᵢ); a quotient, or any product of a very large expression, as
        SymPy writes it."""
        coefficient, factors = expr.as_coeff_mul()
        if self._settings["order"] == "none" or not coefficient.is_Integer or any(
                f.is_Pow and f.exp.is_negative for f in factors):
            return super()._print_Mul(expr)
        shown = [self._print(abs(coefficient))] if abs(coefficient) != 1 else []
        ordered = ordered_factors(factors)
        for n, factor in enumerate(ordered):
            self._bare_log = factor if n == len(ordered) - 1 else None  # log pᵢ bare only as the last factor
            try:
                text = self.parenthesize(factor, PRECEDENCE["Mul"], strict=False)
            finally:
                self._bare_log = None
            shown.append(text)
        return ("-" if coefficient < 0 else "") + "*".join(shown)


    def _print_log(self, expr):
        """log pᵢ as the last factor of a product in textbook order; anywhere else log(pᵢ) (B19-1, B19-1b)."""
        bare, self._bare_log = getattr(self, "_bare_log", None) is expr, None
        return f"log {self._print(expr.args[0])}" if bare and bare_log(expr) else self._print_Function(expr)

    def _print_Pow(self, expr, rational=False):
        base, exponent = expr.args
        shown = self.parenthesize(base, PRECEDENCE["Pow"], strict=False)
        if exponent.is_Integer and exponent > 0:
            return shown + _script(str(exponent), SUPERSCRIPT, "^")
        if exponent == -1:
            return f"1/{shown}"
        return f"{shown}^({self._print(exponent)})"


LARGE = 2000
"""Nodes beyond which an expression is printed in stored order (sorting terms costs quadratic memory) and
its text cut."""
MAX_CHARACTERS = 4000


def nodes(expr, cap: int = LARGE + 1) -> int:
    """How many nodes ``expr`` has, counting up to ``cap``."""
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count >= cap:
            break
    return count


def unicode_math(expr) -> str:
    """``expr`` on one line in Unicode (a very large one in stored order, cut after MAX_CHARACTERS)."""
    expr = sympy.sympify(expr)
    large = nodes(expr) > LARGE
    text = LinearPrinter({"order": "none"} if large else {}).doprint(expr)
    text = text.replace("**", "^").replace("*", "·").replace("-", "−")
    if len(text) > MAX_CHARACTERS:
        text = text[:MAX_CHARACTERS] + f"… ({len(text) - MAX_CHARACTERS} more characters)"
    return text
