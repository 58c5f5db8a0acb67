"""The ``ceproof`` command line: click commands that parse, call the API and pick a renderer.

Importing this module must stay cheap: SymPy is imported only when a command runs.
"""

from __future__ import annotations

import os
import sys

import click

EXIT_PROVED, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_CHECK_FAILED, EXIT_UNDECIDED = 0, 1, 2, 3, 4
EXIT_INVALID = 1
"""``ceproof check``: the certificate does not check."""


class CeproofGroup(click.Group):
    """A group whose usage errors are one line on stderr with exit code 2, never a traceback."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo("ceproof: aborted", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as error:
            click.echo(f"ceproof: error: {error.format_message()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except Exception as error:  # a bug must not pass for a refutation (exit 1)
            click.echo(f"ceproof: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_CHECK_FAILED)
        sys.exit(code or 0)


def run() -> None:
    """Console entry point: run the CLI, flush, and leave without tearing the interpreter down.

    Freeing SymPy's caches at exit takes ~0.3 s and achieves nothing for a finished command.
    """
    try:
        cli(prog_name="ceproof")
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            click.echo(done.code, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


FORMATS = ("text", "json", "latex", "markdown", "certificate", "coq")
EXTENSIONS = ((".certificate.json", ("certificate",)), (".json", ("json", "certificate")), (".tex", ("latex",)),
              (".md", ("markdown",)), (".markdown", ("markdown",)), (".txt", ("text",)), (".v", ("coq",)))
"""What an output file's name says of its format: a certificate is JSON too, so .json allows both and
means json when --format is not given; .certificate.json means a certificate."""


def output_format(fmt: str | None, output: str | None) -> str:
    """The format to write: --format, else the one the output's extension names, else text on stdout.
    A --format the extension contradicts, or a file whose extension names no format, is a usage error."""
    if output is None:
        return fmt or "text"
    if output == "":
        raise click.UsageError("-o/--output is empty; give a file name")
    allowed = next((formats for suffix, formats in EXTENSIONS if output.lower().endswith(suffix)), None)
    if allowed is None:
        if fmt is None:
            raise click.UsageError(f"cannot tell a format from the name {click.format_filename(output)!r}: "
                                   "end it in .txt, .json, .certificate.json, .tex, .md or .v, or give --format")
        return fmt
    if fmt is not None and fmt not in allowed:
        raise click.UsageError(f"--format {fmt} contradicts the name {click.format_filename(output)!r}, "
                               f"which says {' or '.join(allowed)}")
    return fmt or allowed[0]


def proof_options(command):
    """The options shared by every command that emits a proof."""
    command = click.option("--brief", is_flag=True,
                           help="The same checked proof as a textbook gives it: a few numbered steps, each a group "
                                "of checked steps, without the engine's lines (text, latex, markdown).")(command)
    command = click.option("--force", is_flag=True, help="Overwrite the --output (and --plot) file if it exists.")(command)
    command = click.option("--standalone/--fragment", "standalone", default=None,
                           help="LaTeX: a complete document (the default with -o) or only the theorem and "
                                "proof environments, to \\input into a paper (the default on stdout).")(command)
    command = click.option("-o", "--output", type=click.Path(dir_okay=True), default=None, metavar="FILE",
                           help="Write to FILE (atomically) instead of stdout; its extension gives the format: "
                                ".txt text, .json json, .certificate.json certificate, .tex latex, "
                                ".md markdown, .v coq.")(command)
    command = click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
                           help="text (the default on stdout): the proof as in the terminal; json: "
                                "machine-readable; latex; markdown (GitHub); certificate: a file `ceproof check` "
                                "re-verifies; coq: a file `coqc` checks (cross-entropy and its convex variants).")(command)
    command = click.option("--label", type=int, default=None, metavar="C",
                           help="The true class c of the one-hot label (0 … K−1, default 0); needs --classes.")(command)
    command = click.option("--classes", type=int, default=None, metavar="K",
                           help="An explicit number of classes, 2 … 1000. Omit it for the proof for every K.")(command)
    return command


@click.group(cls=CeproofGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ceproof")
def cli():
    """Machine-checked proofs about softmax cross-entropy.

    Every step is checked by the engine (SymPy and explicit rewrite rules) or
    cited from a named theorem. Exit codes: 0 proved, 1 refuted, 2 bad input,
    3 an internal check failed, 4 unknown (prove --expr: neither proved nor
    refuted); `check`: 0 valid, 1 invalid, 2 unreadable.
    """


@cli.command()
@proof_options
def derive(classes, label, fmt, output, standalone, force, brief):
    """Derive the softmax Jacobian, the gradient p − y and the Hessian diag(p) − ppᵀ.

    Example: ceproof derive --classes 3
    """
    return _emit("derive", classes, label, fmt, output, standalone, force, brief=brief)


MAX_WORKERS = 2
"""Processes a check may use: measured, a second gains about 5 % at K = 200 and more gain nothing (the
derivative checks dominate and stay together), while each holds its own polynomials in memory."""

LOSS_PARAMETERS = ("epsilon", "weight", "temperature", "gamma", "features", "lam", "activation")


def loss_options(command):
    """--loss and the loss parameters (parsed and checked by ceproof.family, not here), each with its
    meaning, range, default and the losses that take it."""
    from .family import LOSSES, PARAMETERS

    for name in reversed(LOSS_PARAMETERS):
        takers = ", ".join(loss.name for loss in LOSSES.values() if name in loss.parameters)
        default = PARAMETERS[name].default
        shown = "" if default is None else f"; default {default}"
        command = click.option(f"--{name}", default=None, metavar="VALUE",
                               help=f"{PARAMETERS[name].help}{shown}. For: {takers}.")(command)
    command = click.option("--given", multiple=True, metavar="NAME=VALUE",
                           help="With --expr: fix a constant (--given gamma=2; exact: 0.1 is 1/10).")(command)
    command = click.option("--positive", multiple=True, metavar="NAME",
                           help="With --expr: the variable NAME ranges over (0, ∞) (each entry of a vector).")(command)
    command = click.option("--var", "var", multiple=True, metavar="NAME[:K]",
                           help="With --expr: declare a variable, a real scalar (x) or a vector in ℝᴷ (z:3). "
                                "Without --var, every free name is a real scalar.")(command)
    command = click.option("--expr", default=None, metavar="TEXT",
                           help="Your own loss, typed as an expression in Python syntax: + - * / **, exact numbers, "
                                "exp log sqrt abs max min tanh sigmoid softplus cosh logsumexp softmax sum, z[0] "
                                "for an entry. Proved (exit 0), refuted (1) or unknown (4). Excludes --loss.")(command)
    return click.option("--loss", default=None, metavar="NAME", shell_complete=_loss_names,
                        help="Which loss (default ce): `ceproof losses` lists them.")(command)


def _loss_names(context, parameter, incomplete: str) -> list:
    """Shell completion of --loss: the names of the family that start with what was typed."""
    from .family import LOSSES

    return [name for name in LOSSES if name.startswith(incomplete)]


@cli.command()
@proof_options
@click.option("--plot", default=None, metavar="FILE",
              help="Also draw a picture to FILE (.png, .svg or .pdf): the loss along a line with a chord, and the "
                   "smallest Hessian eigenvalue, or the counterexample. With --format latex -o the document includes "
                   "it; markdown links it. Needs matplotlib (pip install 'ceproof[plot]').")
@loss_options
def prove(classes, label, fmt, output, standalone, force, brief, plot, loss, expr, var, positive, given,
          **parameters):
    """Prove that a loss is convex (exit 0), or refute it with a certified counterexample (exit 1).

    The default is softmax cross-entropy in the logits: convex, not strictly. With --expr, your own loss:
    exit 4 when it is neither proved nor refuted (unknown, with the routes tried).

    Example: ceproof prove --classes 3

    Example: ceproof prove --expr "log(1 + exp(-x))"
    """
    if expr is None:
        if var or positive or given:
            raise click.UsageError("--var, --positive and --given apply to --expr")
        return _emit("prove", classes, label, fmt, output, standalone, force, brief=brief, plot=plot, loss=loss,
                     **parameters)
    if plot is not None:
        raise click.UsageError("--plot draws a loss of the family; it does not apply to --expr yet")
    pairs = []
    for item in given:
        name, equals, value = item.partition("=")
        if not equals:
            raise click.UsageError(f"--given {item}: write NAME=VALUE (--given gamma=2)")
        pairs.append((name.strip(), value.strip()))
    return _emit("prove", classes, label, fmt, output, standalone, force, brief=brief, loss=loss, expr=expr,
                 variables=var, positive=positive, given=tuple(pairs), **parameters)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def losses(fmt):
    """List every loss ceproof can prove or refute, with its variable and verdict.

    Example: ceproof losses
    """
    from .family import LOSSES
    from .render.prose import to_unicode

    from .family import PARAMETERS

    table = LOSSES
    if fmt == "json":
        import json

        click.echo(json.dumps([{"name": l.name, "variable": l.variable, "verdict": l.verdict,
                                "statement": l.summary, "parameters": list(l.parameters),
                                "defaults": {p: _plain(PARAMETERS[p].default) for p in l.parameters
                                             if PARAMETERS[p].default is not None}}
                               for l in table.values()], ensure_ascii=False, indent=2))
        return EXIT_PROVED
    from rich.console import Console, Group
    from rich.padding import Padding
    from rich.text import Text

    blocks = []
    for l in table.values():
        options = ", ".join(f"--{p}" + ("" if PARAMETERS[p].default is None else f" (default {PARAMETERS[p].default})")
                            for p in l.parameters)
        head = Text.assemble((l.name, "bold"), f"  {l.verdict} in {to_unicode(l.variable)}")
        body = Text(f"{to_unicode(l.summary)}\nparameters: {options or 'none'}")
        blocks.append(Group(head, Padding(body, (0, 0, 1, 2), expand=False)))
    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    Console(highlight=False, no_color=plain, file=sys.stdout).print(Group(*blocks))
    return EXIT_PROVED


def _plain(value):
    """A parameter's value as JSON shows it: an integer as a number, a fraction as exact text ("1/10")."""
    from fractions import Fraction

    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else str(value)
    return value


class CheckTimeout(BaseException):
    """The time allowed for ``ceproof check`` ran out (a BaseException: no checker may swallow it)."""


def _expire(signum, frame):
    raise CheckTimeout


@cli.command()
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timeout", type=click.IntRange(1, 86400), default=120, show_default=True, metavar="SECONDS",
              help="Give up (exit 2) when checking takes longer: a small hostile file can ask for much work.")
def check(file, fmt, timeout):
    """Check a proof certificate again, from the file alone.

    Rebuilds every expression from its tree (no text is evaluated), re-runs every
    step's check and the chain of uses. Exit codes: 0 valid, 1 invalid (the first
    failing step is named), 2 unreadable.

    Example: ceproof prove --classes 3 --format certificate -o ce3.json && ceproof check ce3.json
    """
    from .api import check as check_data
    from .certificate import MAX_BYTES, Unreadable

    if not os.path.isfile(file):
        raise click.UsageError(f"cannot read {file}: not a regular file")
    import signal

    alarm = hasattr(signal, "SIGALRM")
    if alarm:  # reading, checking and reporting all count: a hostile file may ask for work in each
        signal.signal(signal.SIGALRM, _expire)
        signal.alarm(timeout)
    try:
        try:
            with open(file, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise click.UsageError(f"cannot read {file}: {error.strerror or error}") from None
        with _sign_of_life(f"checking {file}", slow=len(data) > SLOW_BYTES):
            proof = check_data(data, workers=min(os.cpu_count() or 1, MAX_WORKERS))
        from .render import check_report

        if fmt == "json":
            import json

            text = json.dumps(check_report.to_dict(proof, file), ensure_ascii=False, indent=2)
        else:
            text = _console_text(check_report.report(proof, file))
    except Unreadable as error:
        raise click.UsageError(f"{file}: unreadable certificate: {error}") from None
    except CheckTimeout:
        raise click.UsageError(f"{file}: checking took more than {timeout} s; --timeout allows more") from None
    except (MemoryError, RecursionError):
        raise click.UsageError(f"{file}: the certificate asks for more memory or depth than a check may use") from None
    except ValueError as error:  # a number the reader let through that Python will not write (> 4300 digits)
        if "integer string conversion" not in str(error):
            raise
        raise click.UsageError(f"{file}: the certificate makes a number too long to print") from None
    except OverflowError:  # a number the reader let through that SymPy evaluates to print it (C20-2)
        raise click.UsageError(f"{file}: the certificate makes a number too large to print") from None
    finally:
        if alarm:
            signal.alarm(0)
    click.echo(text, nl=False)
    return EXIT_PROVED if proof.first_failure is None else EXIT_INVALID


SLOW_CLASSES, SLOW_BYTES = 30, 300_000
"""From these sizes a proof or a check takes about a second or more (benchmarks/prove.py, check.py)."""


class _sign_of_life:
    """A spinner with the elapsed time on stderr while slow work runs, only when stderr is a terminal:
    nothing reaches a pipe, a file or the JSON on stdout."""

    def __init__(self, what: str, slow: bool):
        self.what, self.progress = what, None
        if slow and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.progress = Progress(SpinnerColumn(), TextColumn("ceproof: {task.description}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=True)

    def __enter__(self):
        if self.progress is not None:
            self.progress.__enter__()
            self.progress.add_task(self.what, total=None)
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            self.progress.__exit__(*exc)
        return False


def _emit(kind: str, classes, label, fmt: str, output, standalone, force, brief=False, plot=None, **extra) -> int:
    from . import api
    from .errors import BadInput

    fmt = output_format(fmt, output)
    if standalone is not None and fmt != "latex":
        raise click.UsageError("--standalone/--fragment apply to --format latex")
    if brief and fmt not in ("text", "latex", "markdown"):
        raise click.UsageError(f"--brief applies to text, latex and markdown, not {fmt}")
    try:
        if plot is not None:
            from .render.plot import picture_format

            picture_format(plot)
            if output is not None and os.path.abspath(plot) == os.path.abspath(output):
                raise BadInput("{plot} and {output} name the same file")
            if fmt == "latex" and output is not None and os.path.splitext(os.path.abspath(plot))[0] == \
                    os.path.splitext(os.path.abspath(output))[0] and plot.lower().endswith(".pdf"):
                stem = os.path.splitext(plot)[0]
                raise BadInput(f"pdflatex on {output} writes {plot}, over the picture: name it otherwise, "
                               f"e.g. {{plot}} {stem}-plot.pdf")
        with _sign_of_life(f"{kind} K = {classes}" if classes else kind, slow=bool(classes and classes >= SLOW_CLASSES)):
            proof = getattr(api, kind)(classes=classes, label=label, **extra)
    except BadInput as error:
        raise click.UsageError(error.cli_message()) from None
    if getattr(proof, "verdict", None) == "unknown":
        return _emit_unknown(proof, fmt, output, force)
    failure = proof.first_failure
    if failure is not None:
        step, result = failure
        click.echo(f"ceproof: internal check failed at step {step.id} ({step.rule}): {result.detail}", err=True)
        return EXIT_CHECK_FAILED
    code = EXIT_REFUTED if proof.verdict == "refuted" else EXIT_PROVED
    try:
        figure = _write_plot(proof, plot, output, force, extra) if plot is not None else None
    except BadInput as error:
        raise click.UsageError(error.cli_message()) from None
    if fmt == "text" and output is None:
        _print_terminal(proof, brief)
        return code
    try:
        text = _render(proof, fmt, standalone if standalone is not None else output is not None, brief, figure)
    except BadInput as error:  # a format this proof has no export in (coq of a refutation)
        raise click.UsageError(error.cli_message()) from None
    _deliver(text, output, force)
    return code


def _deliver(text: str, output, force: bool) -> None:
    """``text`` on stdout, or written atomically to ``output`` (never over a file without --force)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    from .errors import BadInput
    from .files import write_atomically

    try:
        write_atomically(output, text, force)
    except BadInput as error:
        raise click.UsageError(error.cli_message()) from None


def _emit_unknown(answer, fmt: str, output, force: bool) -> int:
    """An --expr neither proved nor refuted: the routes tried, as text or JSON (stdout or the --output file); a
    format that exports a proof has nothing to write, so it says so on stderr and writes nothing."""
    from .render import undecided

    if fmt not in ("text", "json"):
        click.echo(f"ceproof: unknown: no proof to write as {fmt}", err=True)
        click.echo(undecided.to_text(answer), err=True, nl=False)
        return EXIT_UNDECIDED
    if fmt == "json":
        import json

        text = json.dumps(undecided.to_dict(answer), ensure_ascii=False, indent=2) + "\n"
    else:
        text = undecided.to_text(answer)
    _deliver(text, output, force)
    return EXIT_UNDECIDED


def _write_plot(proof, plot: str, output, force: bool, extra: dict) -> tuple:
    """Draw the proof's picture to ``plot``; returns (the name a document next to ``output`` uses, caption).
    A proof for every K is drawn at K = 3 (a line needs coordinates)."""
    from . import api
    from .errors import BadInput
    from .files import write_atomically
    from .render.picture import NotDrawable, picture_of
    from .render.plot import draw, picture_format

    example = None
    if proof.kind == "prove" and not proof.notation.is_explicit:
        given = {k: str(v) for k, v in proof.parameters if k not in ("classes", "label", "features") and v is not None}
        example = api.prove(classes=3, loss=proof.loss, **given)
    try:
        picture = picture_of(proof, example)
    except NotDrawable as error:
        raise BadInput(f"no picture: {error}") from None
    write_atomically(plot, draw(picture, picture_format(plot)), force)
    folder = os.path.dirname(os.path.abspath(output)) if output else os.getcwd()
    return os.path.relpath(os.path.abspath(plot), folder), picture.caption


def _render(proof, fmt: str, standalone: bool, brief: bool = False, figure: tuple | None = None) -> str:
    if fmt == "json":
        from .render.json import to_json

        return to_json(proof) + "\n"
    if fmt == "latex":
        return proof.to_latex(standalone, brief=brief, figure=figure)
    if fmt == "markdown":
        return proof.to_markdown(brief=brief, figure=figure)
    if fmt == "certificate":
        return proof.to_certificate()
    if fmt == "coq":
        from .render.coq import to_coq

        return to_coq(proof)
    from .render.terminal import to_text

    return to_text(proof, brief=brief)


def _print_terminal(proof, brief: bool = False) -> None:
    if not brief:
        _console().print(proof)
        return
    from rich.console import Group

    from .render.terminal import render_proof

    console = _console()
    console.print(Group(*render_proof(proof, console.width, brief=True)))


def _console_text(renderable) -> str:
    """What the console would print, captured first, so that only finished output reaches stdout."""
    console = _console()
    with console.capture() as capture:
        console.print(renderable)
    return capture.get()


def _console():
    """Rich on stdout: colourless plain text off a terminal or with NO_COLOR."""
    from rich.console import Console

    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(highlight=False, no_color=plain, color_system=None if plain else "auto", file=sys.stdout)
