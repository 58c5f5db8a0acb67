"""How a step was checked, in words: the kernel's method identifier and evidence (the numbers it
computed) rendered as prose with $…$ math. The words live here, never in the kernel."""

from __future__ import annotations

import sympy

RULES = {
    "linearity": r"linearity of $\sum$",
    "sifting": r"Kronecker-$\delta$ sifting",
    "separable": "separable double sum",
    "renaming": "renaming a bound index",
    "constant-sum": "sum of a constant",
}
"""The rewrite rules of the every-K engine, by identifier."""


def method_text(result, claim=None) -> str:
    """The check of one step in words; a failed check says why it failed."""
    if result.status == "failed":
        return result.detail or result.method
    evidence = dict(result.evidence)
    writer = WRITERS.get(result.method)
    if writer is None:
        raise KeyError(f"no words for the check method {result.method!r}")
    return writer(evidence, claim)


def _rules(rules) -> str:
    return "reduced to 0 by " + (", ".join(RULES[r] for r in rules) if rules else "expansion")


def _definition(e, claim) -> str:
    declared = e.get("declared", ())
    return ("notation is fresh (used by no earlier step) and not circular"
            + (f"; declared {', '.join(declared)}, as its definition shows" if declared else ""))


def _positivity(e, claim) -> str:
    return (r"definitions substituted; positivity by SymPy's assumptions ($\exp > 0$, $K \geq 1$)"
            + (" and the signs that used steps prove" if e.get("used-signs") else ""))


def _identity(e, claim) -> str:
    if e.get("entry-formulas"):
        return r"the entry formulas agree as polynomials in $p$, $\delta$, $\dots$, so every entry agrees"
    if e.get("closed-form"):
        return ("used definitions written out, logs of positive factors split, then cancelled as a rational "
                "function: the difference is 0")
    if e.get("engine") == "laurent":
        count = e.get("entries", 1)
        how = " and the stated multiples of known zeros" if e.get("constraints") else ""
        return (f"expanded {count} entr{'y' if count == 1 else 'ies'} as polynomials in exp(z), S, p, v{how}; "
                "the difference is 0")
    return _rules(e.get("rules", ()))


def _derivative(e, claim) -> str:
    variables = e.get("variables", ("z",))
    where = "" if tuple(variables) == ("z",) else " in $" + (variables[0] if len(variables) == 1 else
                                                             "(" + ", ".join(variables) + ")") + "$"
    if e.get("engine") == "rewrite":
        return f"recomputed with sympy.diff{where}; " + _rules(e.get("rules", ()))
    count = e.get("entries", 1)
    chain = " with the chain rule through $S$ and its definition" if e.get("chain-rule") else ""
    how = ("as polynomials in exp(z), S" if e.get("engine") == "laurent" else
           "as closed forms (definitions written out, logs of positive factors split, cancelled)")
    entries = "the entry" if count == 1 else f"each of {count} entries"
    return f"{entries} recomputed with sympy.diff{where}{chain}, then compared {how}"


def _sum_of_squares(e, claim) -> str:
    tail = r"; every coefficient $\geq 0$ and every weight a product of positive quantities"
    if e.get("engine") == "laurent":
        count = e.get("squares", 0)
        return f"identity with {count} weighted square{'s' if count != 1 else ''} expanded and compared" + tail
    return "identity " + _rules(e.get("rules", ())) + tail


def _form(claim) -> str:
    """The quadratic form the claim is about, as math: v^T H v with the claim's own names."""
    from .statement import math

    matrix = getattr(claim, "matrix", None)
    vector = getattr(claim, "vector", None)
    name = math(matrix) if getattr(matrix, "is_symbol", False) else "H"
    v = math(vector) if vector is not None else "v"
    return rf"{v}^\top {name}\, {v}"


def _psd(e, claim) -> str:
    v = _form(claim).partition("^")[0]
    named = getattr(getattr(claim, "matrix", None), "is_symbol", False)
    return (rf"a used step bounds ${_form(claim)} \geq 0$" + ("" if named else r" ($H$ the matrix of this step)")
            + rf" for a test vector ${v}$ that nothing constrains: the definition of positive semidefinite")


def _form_zeros(e, claim) -> str:
    linked = e.get("linked")
    how = (r"its squares $(v_i - v_j)^2$ run over every pair $i, j$, each with a weight $> 0$" if linked == "every-pair"
           else f"its squares link all {linked} indices, each with a weight $> 0$")
    return (rf"every term of a used certificate is $\geq 0$, so all vanish; {how}, so ${_form(claim)} = 0$ forces all "
            r"$v_i$ equal")


def _definite(e, claim) -> str:
    value = e.get("normal-times-direction")
    return (rf"a used step shows ${_form(claim)} \geq 0$ and another that it vanishes only on multiples of $d$; "
            rf"$\sum_i a_i d_i {_number(value)} \neq 0$, so no multiple $c\, d \neq 0$ lies in the subspace")


SHOWN_BITS = 3000
"""A number the kernel computed with more bits than this (about 900 digits: only a hostile certificate makes
one) is shown by its size; Python will not even write one of more than 4300 digits (C18-2)."""


def _number(value) -> str:
    """"= 7/3" for a number of reasonable size, else "≈ 1.2346 · 10^{4749}" (about 5 digits of it)."""
    from .statement import math

    number = sympy.Integer(value) if isinstance(value, int) else value
    if isinstance(number, sympy.Rational) and max(abs(number.p).bit_length(), number.q.bit_length()) > SHOWN_BITS:
        return rf"\approx {sympy.latex(sympy.Float(number, 5))}"
    return f"= {math(number)}"


def _affine(e, claim) -> str:
    return r"the entry is the used definition, a polynomial of degree $\leq 1$ in the variables whose coefficients are data"


def _interval(value) -> str:
    """[low, high] as prose math, with a breakable space after the comma (a line may end there)."""
    def number(text) -> str:
        mantissa, _, exponent = text.partition("E")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}" if exponent else mantissa

    low, high = value
    return f"$[{number(low)},$ ${number(high)}]$"


def _counterexample(e, claim) -> str:
    name = str(claim.of) if claim is not None and claim.of is not None else "f"
    bits = e.get("bits")
    if "second_derivative" in e:
        return (rf"${name}(x + s d)$ differentiated twice in $s$ with sympy.diff and evaluated at $s = 0$ by interval "
                rf"arithmetic (mpmath iv, {bits} bits, bounds rounded outward): the second derivative lies in "
                rf"{_interval(e['second_derivative'])}, below 0")
    t = e.get("t")
    return (rf"interval arithmetic (mpmath iv, {bits} bits, bounds rounded outward): "
            rf"${name}(x_t) \in$ {_interval(e['f_mid'])} and $t\,{name}(x_1) + (1 - t)\,{name}(x_2) \in$ "
            rf"{_interval(e['chord'])} with $x_t = t x_1 + (1 - t) x_2$, $t = {t}$; the intervals do not overlap, so "
            "the strict inequality holds")


def _citation(e, claim) -> str:
    return "trusted: " + claim.theorem.citation if claim is not None else "trusted"


def _statement(e, claim) -> str:
    return "the steps it uses establish exactly the properties of the statement, about its function written out"


WRITERS = {
    "definition": _definition, "positivity": _positivity, "identity": _identity, "sympy.diff": _derivative,
    "sum-of-squares": _sum_of_squares, "psd": _psd, "form-zeros": _form_zeros, "definite-on-subspace": _definite,
    "affine": _affine, "interval-arithmetic": _counterexample, "citation": _citation, "statement": _statement,
}
"""The words of each check method the kernel reports."""
