"""The terminal renderer: a rich Panel per step, then a summary of what was checked and trusted."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text
import sympy
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.pretty_symbology import pretty_use_unicode
from sympy.printing.pretty.stringpict import prettyForm, stringPict

from ..kernel.claims import Cited, Conclusion
from .display import Prose, claim_parts, wants_explicit
from .methods import method_text
from .prose import to_unicode
from .linear import unicode_math
from .statement import premise_text, theorem_text

MARKS = {"verified": ("✓ verified", "green"), "cited": ("◆ cited", "yellow"), "failed": ("✗ FAILED", "bold red")}


class ProofPrettyPrinter(PrettyPrinter):
    """SymPy's Unicode pretty printer, with z[i] written as zᵢ and matrix sums in stored order."""

    def __init__(self):
        super().__init__({"use_unicode": True, "wrap_line": False})

    def _print_MatAdd(self, expr):
        """Terms in stored order, a negative term written with a minus sign: diag(p) − p⋅pᵀ."""
        out = None
        for term in expr.args:
            negative = term.could_extract_minus_sign()
            form = self._print(-term if negative else term)
            if out is None:
                out = prettyForm(*prettyForm("-").right(form)) if negative else form
            else:
                out = prettyForm(*out.right(" - " if negative else " + ", form))
        return out

    def _print_Mul(self, product):
        """a⋅b/c with parentheses where needed (SymPy's own version imports its units package,
        which costs a fifth of a second at start-up)."""
        if product.could_extract_minus_sign():
            return prettyForm(*prettyForm("-").right(self._print_Mul_positive(-product)))
        return self._print_Mul_positive(product)

    def _print_Mul_positive(self, product):
        numerator, denominator = product.as_numer_denom()
        top = self._product(numerator)
        if denominator == 1:
            return top
        return prettyForm.__truediv__(top, self._product(denominator))

    def _product(self, expr):
        if not expr.is_Mul:
            return self._print(expr)
        coefficient, factors = expr.as_coeff_mul()
        forms = [self._print(coefficient)] if coefficient != 1 else []
        for factor in sorted(factors, key=sympy.default_sort_key):
            form = self._print(factor)
            if precedence(factor) < PRECEDENCE["Mul"]:
                form = prettyForm(*form.parens())
            forms.append(form)
        return prettyForm.__mul__(*forms)

    def _print_Symbol(self, expr, bold_name=False):
        if expr.name == "ell":  # ℓ, as LaTeX writes \ell
            return prettyForm("ℓ")
        return super()._print_Symbol(expr, bold_name)

    def _print_Indexed(self, expr):
        from sympy import Symbol

        indices = "".join(str(i) if i.is_Atom else f"({i})" for i in expr.indices)  # u_(3*i + 1)
        return self._print(Symbol(f"{expr.base.name}_{indices}"))


def pretty_parts(parts, width: int | None = None) -> str:
    """Print words and SymPy objects side by side on a common baseline; with ``width``, a picture wider
    than it is broken into chunks of that width, stacked (SymPy's own line wrapping), never cut.

    SymPy's symbol tables follow a process-wide Unicode switch that it sets from the
    encoding of sys.stdout; we always draw in Unicode and restore the switch after.
    """
    previous = pretty_use_unicode(True)
    try:
        printer = ProofPrettyPrinter()
        forms = [prettyForm(to_unicode(p) if isinstance(p, Prose) else p) if isinstance(p, str)
                 else printer._print(p) for p in parts]
        picture = prettyForm(*stringPict.next(*forms))
        if width is None or picture.width() <= width:
            return picture.render(wrap_line=False)
        return picture.render(wrap_line=True, num_columns=width, use_unicode=True)
    finally:
        pretty_use_unicode(previous)


def claim_text(step, notation, width: int, statement=None) -> tuple:
    """``(text, note)``: the claim written out in full when that fits ``width``, else by its entry pattern
    with a note that says so; a picture wider than ``width`` is wrapped, never cut."""
    if isinstance(step.claim, Conclusion):
        return to_unicode(theorem_text(statement, notation, unicode_math)), ""
    note = ""
    if wants_explicit(notation):
        text = pretty_parts(claim_parts(step.claim, notation, explicit=True, statement=statement))
        if max(map(len, text.splitlines() or [""])) <= width:
            return text, ""
        if text != pretty_parts(claim_parts(step.claim, notation, explicit=False, statement=statement)):
            note = f"Written out entry by entry this is wider than {width} columns, so it is shown by its entry pattern."
    return pretty_parts(claim_parts(step.claim, notation, explicit=False, statement=statement), width), note


def render_proof(proof, width: int):
    """Yield rich renderables: theorem, steps, summary."""
    inner = max(width - 4, 20)
    header = Text()
    header.append("Theorem. ", style="bold")
    header.append(to_unicode(theorem_text(proof.statement, proof.notation, unicode_math)) + "\n")
    if proof.note:
        header.append(proof.note + "\n", style="italic")
    header.append("Premises.", style="bold")
    for k, premise in enumerate(proof.statement.premises, 1):
        header.append(f"\n  A{k}. {to_unicode(premise_text(premise, proof.notation))}")
    yield Panel(header, title=f"ceproof {proof.kind}" + (f" · {escape(proof.title)}" if proof.title else ""),
                title_align="left")
    for step, result in zip(proof.steps, proof.results):
        mark, style = MARKS[result.status]
        prose = isinstance(step.claim, (Conclusion, Cited))  # words wrap; mathematics is drawn as it is
        text, note = claim_text(step, proof.notation, inner, proof.statement)
        claim = Text(text, no_wrap=not prose, overflow="ellipsis")
        notes = Text()
        if note:
            notes.append(note + "\n", style="dim")
        if step.explanation:
            notes.append(to_unicode(step.explanation), style="italic")
        if step.uses:
            notes.append("\nuses: " + ", ".join(step.uses), style="dim")
        detail = to_unicode(method_text(result, step.claim))
        notes.append(f"\n{mark}", style=style)
        notes.append(f" — {detail}", style="dim" if result.ok else style)
        yield Panel(Group(claim, notes), title=f"Step {step.id} · {escape(step.rule)}", title_align="left",
                    border_style="red" if not result.ok else "none")
    yield summary(proof)


def summary(proof) -> Panel:
    text = Text()
    verdict = proof.verdict
    text.append(f"{verdict.upper()}", style="bold green" if verdict == "proved" else "bold red")
    text.append(f": {proof.count('verified')} steps verified by the engine, {proof.count('cited')} cited")
    if proof.count("failed"):
        text.append(f", {proof.count('failed')} failed", style="bold red")
    text.append(".")
    if proof.trusted_base:
        text.append("\nTrusted base (cited, not checked):")
        for theorem in proof.trusted_base:
            text.append(f"\n  • {theorem.name} — {theorem.citation}.")
    return Panel(text, title="Summary", title_align="left")


def to_text(proof, width: int = 100) -> str:
    """The terminal rendering as plain text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, color_system=None)
    console.print(Group(*render_proof(proof, width)))
    return buffer.getvalue()


def to_html(proof, width: int = 100) -> str:
    """The terminal rendering as HTML with inline styles, for notebooks."""
    console = Console(file=io.StringIO(), width=width, record=True, highlight=False)
    console.print(Group(*render_proof(proof, width)))
    return console.export_html(inline_styles=True)
