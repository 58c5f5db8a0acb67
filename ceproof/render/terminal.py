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
from .brief import brief_steps, chained, closing_line
from .meaning import idea, meaning
from .methods import method_text
from .order import TextbookTerms, bare_log, ordered_factors
from .prose import SUBSCRIPT, to_unicode
from .linear import unicode_math
from .statement import premise_text, theorem_text

MARKS = {"verified": ("✓ verified", "green"), "cited": ("◆ cited", "yellow"), "failed": ("✗ FAILED", "bold red")}


class ProofPrettyPrinter(TextbookTerms, PrettyPrinter):
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
        if denominator.is_Integer and denominator != 1 and numerator.has(sympy.Sum):  # ½ ΣᵢΣⱼ …, not Σ…/2
            coefficient = prettyForm("½") if denominator == 2 else self._print(sympy.Rational(1, denominator))
            return prettyForm.__mul__(coefficient, self._product(numerator))
        top = self._product(numerator)
        if denominator == 1:
            return top
        return prettyForm.__truediv__(top, self._product(denominator))

    def _product(self, expr):
        """Factors in textbook order (yᵢ log pᵢ, pᵢ(δᵢⱼ − pⱼ)); a log written without brackets goes last or
        gets them."""
        if not expr.is_Mul:  # a product of one factor: −log p₀
            self._bare_log = expr
            try:
                return self._print(expr)
            finally:
                self._bare_log = None
        coefficient, factors = expr.as_coeff_mul()
        forms = [self._print(coefficient)] if coefficient != 1 else []
        ordered = ordered_factors(factors)
        for n, factor in enumerate(ordered):
            self._bare_log = factor if n == len(ordered) - 1 else None  # log pᵢ bare only as the last factor
            try:
                form = self._print(factor)
            finally:
                self._bare_log = None
            if precedence(factor) < PRECEDENCE["Mul"]:
                form = prettyForm(*form.parens())
            forms.append(form)
        return prettyForm.__mul__(*forms)


    def _print_log(self, expr):
        """log pᵢ for the log of a symbol or an entry as the last factor of a product; anywhere else (a power,
        a quotient, a sum's term) with brackets: log z₀² would read as log(z₀²) (B19-1)."""
        bare, self._bare_log = getattr(self, "_bare_log", None) is expr, None
        if bare and bare_log(expr):
            return prettyForm(*prettyForm("log ").right(self._print(expr.args[0])))
        return self._print_Function(expr)

    def _print_KroneckerDelta(self, expr):
        """δᵢⱼ when both indices have Unicode subscripts, else SymPy's δ with its indices below."""
        shown = "".join(str(i) for i in expr.args)
        if all(i.is_Symbol and len(i.name) == 1 for i in expr.args) and shown.translate(SUBSCRIPT) != shown and all(
                a != b for a, b in zip(shown.translate(SUBSCRIPT), shown)):
            return prettyForm("δ" + shown.translate(SUBSCRIPT))
        return super()._print_KroneckerDelta(expr)

    def _print_Symbol(self, expr, bold_name=False):
        if expr.name == "ell":  # ℓ, as LaTeX writes \ell
            return prettyForm("ℓ")
        return super()._print_Symbol(expr, bold_name)

    def _print_Indexed(self, expr):
        from sympy import Symbol

        indices = "".join(str(i) if i.is_Atom else f"({i})" for i in expr.indices)  # u_(3*i + 1)
        subscript = indices.translate(SUBSCRIPT)
        if expr.base.name.isalpha() and all(a != b for a, b in zip(subscript, indices)):  # pⱼ, as pᵢ
            return self._print(Symbol(expr.base.name + subscript))
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


def render_proof(proof, width: int, brief: bool = False):
    """Yield rich renderables: theorem, idea, steps (``brief``: grouped as a textbook would, without the
    engine's lines), what it means, summary."""
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
    if idea(proof):
        yield Panel(Text(to_unicode(idea(proof))), title="Idea", title_align="left")
    if brief:
        yield from _brief_steps(proof, inner)
    else:
        yield from _steps(proof, inner)
    if meaning(proof):
        yield Panel(Text(to_unicode(meaning(proof))), title="What this means", title_align="left")
    yield summary(proof) if not brief else Panel(Text(to_unicode(closing_line(proof))), title="Checked",
                                                 title_align="left")


def _steps(proof, inner: int):
    for step, result in zip(proof.steps, proof.results):
        mark, style = MARKS[result.status]
        text, note = claim_text(step, proof.notation, inner, proof.statement)
        claim = Text(text, no_wrap=not _is_prose(step), overflow="ellipsis")
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


def _brief_steps(proof, inner: int):
    """One panel per brief step: its checked claims (a run about one left side as one chain), and which
    steps of the full proof it groups."""
    for part in brief_steps(proof):
        shown = [Text(text, no_wrap=True, overflow="ellipsis") for text in _brief_lines(proof, part, inner)]
        for step, result in part.shown:
            if result.status == "cited":
                shown.append(Text(f"◆ cited: {step.claim.theorem.name}", style="yellow"))
        shown.append(Text(f"({part.step_ids} of the full proof)", style="dim"))
        yield Panel(Group(*shown), title=f"{part.number} · {escape(part.title)}", title_align="left",
                    border_style="none" if all(r.ok for r in part.results) else "red")


def _brief_lines(proof, part, width: int) -> list:
    """The brief step's claims as text: written out when every line fits ``width``, else by entry pattern
    (with a note), wrapped; words (a cited conclusion) wrap at the width."""
    def lines(explicit: bool) -> list:
        return chained([claim_parts(s.claim, proof.notation, explicit=explicit, statement=proof.statement)
                        for s, _ in part.shown])

    if wants_explicit(proof.notation):
        texts = [pretty_parts(line) for line in lines(True)]
        if all(max(map(len, t.splitlines() or [""])) <= width for t in texts):
            return [_wrapped_words(t, width) for t in texts]
    return [_wrapped_words(_chain_text(line, width), width) for line in lines(False)]


def _chain_text(parts: list, width: int) -> str:
    """A chain a = b = c ≥ 0 on one line when it fits ``width``, else one row per relation, each row after
    the first starting with its "=" (and a row still too wide wrapped)."""
    whole = pretty_parts(parts)
    relations = [n for n, p in enumerate(parts) if p == " = "]
    if max(map(len, whole.splitlines() or [""])) <= width or len(relations) < 2:
        return pretty_parts(parts, width)
    cuts = relations[1:] + [len(parts)]
    rows = [parts[:relations[1]]] + [[Prose("    "), *parts[a:b]] for a, b in zip(cuts, cuts[1:])]
    return "\n".join(pretty_parts(row, width) for row in rows)


def _wrapped_words(text: str, width: int) -> str:
    """A line of words (one row, no drawing) wrapped at ``width``; a drawing as it is."""
    if "\n" in text or len(text) <= width:
        return text
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _is_prose(step) -> bool:
    """Words wrap; mathematics is drawn as it is."""
    return isinstance(step.claim, (Conclusion, Cited))


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


def to_text(proof, width: int = 100, brief: bool = False) -> str:
    """The terminal rendering as plain text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False, color_system=None)
    console.print(Group(*render_proof(proof, width, brief)))
    return buffer.getvalue()


def to_html(proof, width: int = 100) -> str:
    """The terminal rendering as HTML with inline styles, for notebooks."""
    console = Console(file=io.StringIO(), width=width, record=True, highlight=False)
    console.print(Group(*render_proof(proof, width)))
    return console.export_html(inline_styles=True)
