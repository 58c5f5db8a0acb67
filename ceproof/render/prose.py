"""Prose with inline math: the derivations write words with LaTeX between $…$.

LaTeX and Markdown keep the math as it is; the terminal gets Unicode
(``$\\sum_i y_i = 1$`` -> ``Σᵢ yᵢ = 1``). Only the macros listed here are known; an unknown one is
left as written (a certificate's prose is anyone's text, and must not stop a report), and a test
renders every proof ceproof makes to show none of its own prose reaches a user as raw LaTeX.
"""

from __future__ import annotations

import re

MACROS = {
    r"\sum": "Σ", r"\delta": "δ", r"\partial": "∂", r"\nabla": "∇", r"\sigma": "σ", r"\theta": "θ",
    r"\varepsilon": "ε", r"\alpha": "α", r"\beta": "β", r"\tau": "τ", r"\gamma": "γ", r"\omega": "ω", r"\lambda": "λ", r"\mathbb{R}": "ℝ",
    r"\succeq": "⪰", r"\geq": "≥", r"\leq": "≤", r"\neq": "≠", r"\cdot": "·", r"\top": "T",
    r"\in": "∈", r"\dots": "…", r"\tfrac12": "½", r"\log": "log", r"\exp": "exp", r"\otimes": "⊗",
    r"\Rightarrow": "⇒", r"\operatorname{diag}": "diag", r"\mathbf{1}": "𝟙", r"\quad": "  ",
    r"\,": " ", r"\;": " ", r"\|": "‖", r"\lvert": "|", r"\rvert": "|",
    r"\max": "max", r"\tanh": "tanh",
    r"\mapsto": "↦", r"\ell": "ℓ", r"\tilde{x}": "x̃", r"\succ": "≻", r"\times": "×",
    r"\lfloor": "⌊", r"\rfloor": "⌋", r"\bmod": "mod", r"\infty": "∞",
    r"\epsilon": "ε", r"\zeta": "ζ", r"\eta": "η", r"\iota": "ι", r"\kappa": "κ", r"\mu": "μ", r"\xi": "ξ",
    r"\rho": "ρ", r"\phi": "φ", r"\chi": "χ", r"\psi": "ψ", r"\Gamma": "Γ", r"\Delta": "Δ", r"\Theta": "Θ",
    r"\Lambda": "Λ", r"\Xi": "Ξ", r"\Phi": "Φ", r"\Psi": "Ψ", r"\Omega": "Ω",
}
DECORATIONS = {"bar": "\u0304", "hat": "\u0302", "tilde": "\u0303"}
"""Combining marks for the decorated names a statement may use (L̄, x̂, x̃)."""
SUBSCRIPT = str.maketrans("0123456789aehijklmnoprstuvx+-=()", "₀₁₂₃₄₅₆₇₈₉ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₊₋₌₍₎")
SUPERSCRIPT = str.maketrans("0123456789+-=()inKT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᴷᵀ")
_MATH = re.compile(r"\$([^$]*)\$")
_CODE = re.compile(r"`([^`]*)`")
_MACRO = re.compile("(" + "|".join(sorted(map(re.escape, MACROS), key=len, reverse=True)) + r"|\\[A-Za-z]+) *")
_SUB = re.compile(r"(_)(\{[^{}]*\}|.)")
_SUP = re.compile(r"(\^)(\{[^{}]*\}|.)")
_TIGHT = ("∂", "∇")  # LaTeX drops the space after a control word; these look wrong with it
_TEXT_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "§": "Sec.~",
                  "{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "^": r"\^{}", "$": r"\$",
                 "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", "–": "--", "—": "---"}


def to_unicode(text: str) -> str:
    """Prose for the terminal: each $…$ written in Unicode, `code` without its backticks."""
    return _CODE.sub(lambda m: m.group(1), _MATH.sub(lambda m: _math_to_unicode(m.group(1)), text))


def to_latex(text: str) -> str:
    """Prose for LaTeX: math as written, `code` in typewriter type, text-mode special characters escaped."""
    parts = _MATH.split(text)
    return "".join(f"${part}$" if odd else _CODE.sub(_code_latex, _escaped(part))
                   for odd, part in ((n % 2 == 1, p) for n, p in enumerate(parts)))


def _escaped(text: str) -> str:
    return "".join(_TEXT_SPECIALS.get(ch, ch) for ch in text)


def _code_latex(match) -> str:
    r"""`ceproof prove --loss x` as \texttt{ceproof prove -{}-loss x}: two hyphens stay two in typewriter type."""
    return r"\texttt{" + match.group(1).replace("--", "-{}-") + "}"


def to_markdown(text: str) -> str:
    """Prose for GitHub Markdown, which renders $…$ itself."""
    return text


_DECORATED = re.compile(r"\\(" + "|".join(DECORATIONS) + r")\{([^{}\\]|\\[A-Za-z]+)\}")


def _math_to_unicode(math: str) -> str:
    def macro(match):
        name = match.group(1)
        if name not in MACROS:
            return match.group(0)
        spaced = MACROS[name] not in _TIGHT and match.group(0) != name
        return MACROS[name] + (" " if spaced else "")

    def decorated(match):
        inner = match.group(2)
        return MACROS.get(inner, inner) + DECORATIONS[match.group(1)]

    text = _MACRO.sub(macro, _DECORATED.sub(decorated, _FRACTION.sub(_fraction, math)))
    text = _SUP.sub(_script, _SUB.sub(_script, text))
    return re.sub(" {2,}", " ", text.replace("{", "").replace("}", "").replace("-", "−"))


_FRACTION = re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}")
r"""\frac{22}{5} and its \tfrac, \dfrac forms, with simple numerator and denominator."""


def _fraction(match) -> str:
    """22/5 on one line; a compound part in brackets: (a + b)/2."""
    numerator, denominator = (part if re.fullmatch(r"[\w.\\]+", part) else f"({part})" for part in match.groups())
    return f"{numerator}/{denominator}"


def _script(match) -> str:
    kind, body = match.group(1), match.group(2).strip("{}")
    table = SUBSCRIPT if kind == "_" else SUPERSCRIPT
    converted = body.translate(table)
    if all(ch != orig or ch in " " for ch, orig in zip(converted, body)):
        return converted
    return f"{kind}({body})" if len(body) > 1 else f"{kind}{body}"
