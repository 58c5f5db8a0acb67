"""The LaTeX renderer: claims as aligned math, and whole proofs as a document or a fragment.

A standalone document needs only TeX Live's base and recommended collections
(article, geometry, amsmath, amssymb, amsthm). A fragment is the theorem and
proof environments alone, for ``\\input`` into a paper that loads amsmath,
amssymb and amsthm. The output is pure ASCII, so any LaTeX engine reads it.
"""

from __future__ import annotations

import re
import shlex

import sympy

from ..kernel.claims import Conclusion
from .display import Prose, claim_parts, wants_explicit
from .brief import brief_steps, chained, closing_line
from .meaning import idea, meaning
from .methods import method_text
from .printers import ProofLatexPrinter
from .statement import premise_text, theorem_parts
from .prose import to_latex

EXPLICIT_UP_TO = 6
"""Largest K written out entry by entry on a page; larger K use the entry pattern (index notation)."""

TERMS_PER_LINE = 2
ROW_CHARACTERS = 90
"""A row longer than this (in LaTeX source, without braces and \\left/\\right) breaks before its relation."""
RELATIONS = {" := ": ":=", " = ": "=", " > ": ">"}
OPERATORS = {" ≥ 0": r" \geq 0", " > 0": " > 0", ",  ": r",\quad ", " ⪰ 0": r" \succeq 0", " < 0": " < 0"}


def claim_latex(claim, notation, statement=None) -> str:
    """The claim as one line of LaTeX math (JSON's ``claim``)."""
    return " ".join(row.replace("&", "") for row in claim_rows(claim, notation, statement=statement))


def claim_rows(claim, notation, explicit_up_to: int = EXPLICIT_UP_TO, statement=None) -> list[str]:
    """The claim as rows of an ``aligned`` block: one relation per row, long sums wrapped."""
    return parts_rows(claim_parts(claim, notation, explicit=wants_explicit(notation, explicit_up_to), statement=statement))


def parts_rows(parts: list) -> list[str]:
    """Words and SymPy parts (``display.claim_parts``) as rows of an ``aligned`` block."""
    printer = ProofLatexPrinter()
    rows: list[str] = []
    current, aligned, left_wrapped = "", False, False
    for n, part in enumerate(parts):
        if isinstance(part, Prose):
            words = to_latex(part).strip().lstrip(",").strip().replace("  ", " ")
            follows_math = n + 1 < len(parts) and not isinstance(parts[n + 1], str)
            if follows_math and current:  # "…, entries X = Y": the entry formula gets its own row
                rows.append(current + ",")
                current, aligned = r"&\quad \text{with " + words + r"} \quad ", True
            else:
                current += r"\quad \text{" + words + "}"
        elif part in RELATIONS:
            if aligned and not current.startswith(r"&\quad \text{with"):
                rows.append(current)
                current = ""
            current += rf"&\quad {RELATIONS[part]} " if left_wrapped and not current else \
                f" {'' if aligned and current else '&'}{RELATIONS[part]} "
            aligned, left_wrapped = True, False
        elif isinstance(part, str):
            current += OPERATORS[part]
        else:
            lines = _wrapped(printer, part)
            if len(lines) > 1 and not aligned:  # a left side that wraps: every row starts at &, and its
                current, aligned, left_wrapped = "&" + current, True, True  # relation opens a row of its own
            current += lines[0]
            for line in lines[1:]:
                rows.append(current)
                current = r" &\quad " + line
    rows.append(current)
    return [piece.strip() for row in rows for piece in _broken(row.strip())]


def theorem_latex(statement, notation) -> str:
    """The theorem as LaTeX, its function displayed: long sums wrap (TERMS_PER_LINE terms a row), where
    inline math could not break."""
    before, equation, after = theorem_parts(statement, notation)
    printer = ProofLatexPrinter()
    lines = _wrapped(printer, equation.rhs)
    rows = [f"{printer.doprint(equation.lhs)} &= {lines[0]}", *(rf"&\quad {line}" for line in lines[1:])]
    display = "\\[\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}\\]"
    return f"{to_latex(before)}\n{display}\n{to_latex(after.lstrip(', '))}"


def _broken(row: str) -> list[str]:
    """A long row with a relation as two left-aligned rows: the left side, then the relation and
    the right side, indented (aligning them at the relation would add both widths)."""
    if _visible(row) <= ROW_CHARACTERS or "bmatrix" in row or " &" not in row or row.startswith("&"):
        return [row]
    left, right = row.split(" &", 1)
    return ["&" + left, r"&\quad " + right]


def _wrapped(printer, expr) -> list[str]:
    """A long sum as several lines, terms packed greedily up to ROW_CHARACTERS visible characters and at
    most TERMS_PER_LINE + 1 terms a line; anything else as one line."""
    whole = printer.doprint(expr)
    if not isinstance(expr, sympy.Add) or (len(expr.args) <= TERMS_PER_LINE + 1 and _visible(whole) <= ROW_CHARACTERS):
        return [whole]
    terms = printer._as_ordered_terms(expr)
    lines: list[list[str]] = [[]]
    for n, term in enumerate(terms):
        negative = term.could_extract_minus_sign()
        body = printer._print(-term if negative else term)
        if isinstance(-term if negative else term, sympy.Add):
            body = rf"\left({body}\right)"
        piece = ("- " if negative else ("+ " if n else "")) + body
        line = lines[-1]
        if line and (len(line) > TERMS_PER_LINE - 1 or _visible(" ".join(line + [piece])) > ROW_CHARACTERS):
            lines.append([])
        lines[-1].append(piece)
    return [" ".join(line) for line in lines]


def _visible(latex: str) -> int:
    r"""Roughly how wide a row of LaTeX prints: its source without braces, \left and \right."""
    return len(re.sub(r"\\left|\\right|[{}]", "", latex))


# ---------------------------------------------------------------- documents

def to_latex_document(proof, standalone: bool = True, brief: bool = False, figure: tuple | None = None) -> str:
    """The proof as a complete article, or (``standalone=False``) as theorem and proof environments;
    ``brief``: the steps grouped as a textbook would; ``figure``: (file name, caption) of a picture to include
    (graphicx)."""
    if proof.verdict not in ("proved", "refuted"):
        raise ValueError("only a proof whose every check passed can be exported")
    body = _fragment(proof, "S" if standalone else FRAGMENT_TAG, labelled=not standalone, brief=brief, figure=figure)
    if not standalone:
        return body
    references = sorted({t.source for t in proof.trusted_base}, key=lambda r: r.key)
    lines = [
        f"% {_origin(proof, brief)}",
        r"\documentclass[11pt]{article}",
        r"\usepackage[margin=2.5cm]{geometry}",
        r"\usepackage{amsmath,amssymb,amsthm}",
        *([r"\usepackage{graphicx}"] if figure else []),
        r"\begin{document}",
        rf"\section*{{{to_latex(proof.title)}}}",
        "",
        body,
        *([r"\section*{References}", r"\begin{itemize}",
           *(rf"\item {to_latex(r.authors)}, \emph{{{to_latex(r.title)}}}, {to_latex(r.publisher)}, {r.year}."
             for r in references),
           r"\end{itemize}"] if references else []),
        r"\end{document}",
        "",
    ]
    return "\n".join(lines)


def command(proof) -> str:
    """The ceproof command that produces ``proof`` (without --format): for a loss of the family,
    ``ceproof prove --loss NAME`` with every parameter it used; for a typed loss, ``ceproof prove --expr …``."""
    if proof.typed:
        return "ceproof prove" + "".join(f" --{name} {shlex.quote(value)}" for name, value in proof.typed)
    if proof.loss not in ("", "ce"):
        options = "".join(f" --{name} {value}" for name, value in proof.parameters if value is not None)
        return f"ceproof prove --loss {proof.loss}{options}"
    n = proof.notation
    options = f" --classes {n.classes} --label {n.label}" if n.is_explicit else ""
    return f"ceproof {'derive' if proof.kind == 'derive' else 'prove'}{options}"


def _scope(proof) -> str:
    """The theorem's optional argument: the K it is stated for (none for a typed loss, which has no classes)."""
    if proof.typed:
        return ""
    return f"[$K = {proof.notation.classes}$]" if proof.notation.is_explicit else "[every $K$]"


def _origin(proof, brief: bool = False) -> str:
    return f"Generated by ceproof: {command(proof)}{' --brief' if brief else ''} --format latex"


def _label(proof, ident: str) -> str:
    n = proof.notation
    loss = f"{proof.loss}:" if proof.loss not in ("", "ce") else ""
    scope = "expr" if proof.typed else f"K{n.classes}" if n.is_explicit else "all"
    return f"ceproof:{proof.kind}:{loss}{scope}:{ident}"


FRAGMENT_TAG = r"\thetheorem.S"
"""A fragment's steps are tagged (1.S3), (2.S3), … by the number of the theorem they prove, so that two
fragments in one paper never show the same tag; a standalone document has one theorem: (S3)."""


def _fragment(proof, tag: str, labelled: bool = True, brief: bool = False, figure: tuple | None = None) -> str:
    r"""The theorem and proof environments, with the idea before and what it means after. ``labelled``: with a
    \label on the theorem and each step, for a host paper's \ref (a standalone document refers to steps by
    tag and has none, so one pdflatex run ends without "Rerun to get cross-references right")."""
    n = proof.notation
    label = (lambda ident: rf"\label{{{_label(proof, ident)}}}") if labelled else (lambda ident: "")
    out = [
        f"% {_origin(proof, brief)}",
        r"\providecommand{\ceproofstep}[1]{\par\medskip\noindent\textbf{Step #1}}",
        r"\makeatletter\@ifundefined{theorem}{\newtheorem{theorem}{Theorem}}{}\makeatother",
        rf"\begin{{theorem}}{_scope(proof)}"
        rf"{label('theorem')}\emergencystretch=3em",
        theorem_latex(proof.statement, n),
        *([rf"\par\noindent\emph{{{to_latex(proof.note)}}}"] if proof.note else []),
        "",
        r"\noindent Premises:",
        r"\begin{itemize}",
        *(rf"\item[(A{k})] {to_latex(premise_text(a, n))}" for k, a in enumerate(proof.statement.premises, 1)),
        r"\end{itemize}",
        r"\end{theorem}",
        *(["", rf"\par\medskip\noindent\textbf{{Idea.}} {to_latex(idea(proof))}"] if idea(proof) else []),
        "",
    ]
    out += _brief_proof(proof) if brief else _full_proof(proof, tag, label)
    if figure:
        name, caption = figure
        out += ["", r"\begin{figure}[!htbp]", r"\centering", rf"\includegraphics[width=\linewidth]{{{_figure_name(name)}}}",
                rf"\caption{{{to_latex(caption)}}}", r"\end{figure}"]
    if meaning(proof):
        out += ["", rf"\par\medskip\noindent\textbf{{What this means.}} {to_latex(meaning(proof))}"]
    return "\n".join(out + [""])


def _full_proof(proof, tag: str, label) -> list:
    out = [
        r"\begin{proof}\emergencystretch=3em % local to the proof: lets lines with long inline math break",
        "Every step below was either checked by ceproof (\\emph{checked}) or taken from the literature "
        "(\\emph{cited}); the cited results are the proof's trusted base.",
    ]
    for step, result in zip(proof.steps, proof.results):
        out += _step(proof, step, result, tag, label(step.id))
    out += [
        "",
        r"\par\medskip\noindent\emph{Trusted base.} "
        + ("; ".join(f"{to_latex(t.name)} ({_cite(t)})" for t in proof.trusted_base) + "."
           if proof.trusted_base else "None: every step is machine-checked, none is cited."),
        r"\end{proof}",
    ]
    return out


def _brief_proof(proof) -> list:
    """The proof in a few numbered steps, each the claims of a group of checked steps (a run about one left
    side as one chain) in one display, without the engine's lines; one closing line says what was checked and
    what cited."""
    out = [r"\begin{proof}\emergencystretch=3em"]
    for part in brief_steps(proof):
        lines = chained([claim_parts(s.claim, proof.notation, explicit=wants_explicit(proof.notation, EXPLICIT_UP_TO),
                                     statement=proof.statement) for s, _ in part.shown])
        cited = [s.claim.theorem for s, r in part.shown if r.status == "cited"]
        out += ["", rf"\par\medskip\noindent\textbf{{{part.number}. {to_latex(part.title)}.}}"]
        blocks = [r"\begin{aligned}" + " \\\\\n".join(parts_rows(line)) + r"\end{aligned}"
                  for line in lines if not all(isinstance(p, Prose) for p in line)]
        if blocks:  # one display, each claim (or chain) centred on its own row and aligned at its relations
            out += [r"\[\begin{gathered}", " \\\\[2pt]\n".join(blocks), r"\end{gathered}\]"]
        words = [" ".join(to_latex(p) for p in line).strip() for line in lines if all(isinstance(p, Prose) for p in line)]
        for sentence in words:
            out.append(sentence[0].upper() + sentence[1:] + "."
                       + "".join(f" By the {to_latex(t.name[0].lower() + t.name[1:])} ({_cite(t)})." for t in cited))
            cited = []
        out.append(rf"{{\small ({to_latex(part.step_ids.capitalize())} of the full proof.)}}")
    out += ["", rf"\par\medskip\noindent\emph{{Checked.}} {to_latex(closing_line(proof))}", r"\end{proof}"]
    return out


def _figure_name(path: str) -> str:
    r"""The picture's file name as \includegraphics wants it: relative, forward slashes."""
    return path.replace("\\", "/")


def _cite(theorem) -> str:
    source = theorem.source
    return rf"{to_latex(source.authors)}, \emph{{{to_latex(source.title)}}}, Sec.~{theorem.section}"


def _step(proof, step, result, tag: str, label: str) -> list[str]:
    r"""A step as a tagged equation; the steps it uses are named by their tags as text, not \eqref, so
    that one pdflatex run prints them (a \label stays for the host paper's own references)."""
    uses = ", ".join(f"({tag}{u})" if not u.startswith("A") else f"({u})" for u in step.uses)
    if result.status == "cited":
        status = rf"\emph{{Cited}} (trusted): {to_latex(step.claim.theorem.name)}, {_cite(step.claim.theorem)}."
    else:
        status = rf"\emph{{Checked}}: {to_latex(method_text(result, step.claim))}."
    heading = (rf"\ceproofstep{{{step.id}}} ({to_latex(step.rule)}). {to_latex(step.explanation)}"
               + (f" Uses {uses}." if uses else ""))
    if isinstance(step.claim, Conclusion):  # prose that must wrap: a paragraph, not an equation
        return ["", heading, rf"\par\noindent\emph{{Theorem}}: {theorem_latex(proof.statement, proof.notation)}",
                r"\par\noindent " + status]
    rows = claim_rows(step.claim, proof.notation, statement=proof.statement)
    return [
        "",
        heading,
        r"\begin{equation}" + rf"\tag{{{tag}{step.id}}}{label}",
        r"\begin{aligned}",
        " \\\\\n".join(rows),
        r"\end{aligned}",
        r"\end{equation}",
        status,
    ]
