"""What a notebook calls: ``derive``, ``prove`` and ``check`` return checked proofs.

Producers (``derivations/``) build a proof of the family's canonical statement; the kernel checks
it here; the result is a CheckedProof. Errors are BadInput, in Python terms.
"""

from __future__ import annotations

from . import family
from .checked import CheckedProof
from .errors import BadInput


def derive(classes: int | None = None, label: int | None = None) -> CheckedProof:
    """The softmax Jacobian, the cross-entropy gradient p − y and Hessian diag(p) − ppᵀ, checked."""
    from .derivations.cross_entropy import derivation
    from .kernel.verify import verify

    notation, statement = family.derivation(classes, label)
    proof = derivation(notation, statement)
    parameters = (("classes", notation.classes), ("label", notation.label))
    return CheckedProof(proof, verify(proof), family.DERIVATION_TITLE, "ce", parameters)


def prove(classes: int | None = None, label: int | None = None, loss: str | None = None, expr: str | None = None,
          variables: tuple = (), positive: tuple = (), given=(), **parameters):
    """A checked proof (or refutation) of convexity for ``loss`` (see ``losses()``); the default is
    softmax cross-entropy in the logits. ``classes`` and ``label`` are the loss's parameters too.

    ``expr``: a loss typed as text instead (``"log(1 + exp(-x))"``), with ``variables`` declared as
    ``"z:3"`` (z ∈ ℝ³) or ``"x"`` (none: every free name is a real scalar), ``positive`` names on (0, ∞) and
    ``given`` constants ({"gamma": 2} or pairs). The answer is a CheckedProof the kernel verified in full, or
    an ``Undecided`` (verdict "unknown") saying where each route stopped."""
    from .kernel.verify import verify

    if expr is not None:
        given_loss = {"loss": loss, "classes": classes, "label": label, **parameters}
        clash = next((name for name, value in given_loss.items() if value is not None), None)
        if clash is not None:
            raise BadInput(f"{{expr}} and {{{clash}}} exclude each other: a typed loss carries its own variables")
        return _prove_typed(expr, variables, positive, given)
    if variables or positive or given:
        raise BadInput("{var}, {positive} and {given} apply to {expr}, a typed loss")
    loss = "ce" if loss is None else loss
    if not isinstance(loss, str):
        raise BadInput(f"{{loss}} must be a name, got {loss!r}")
    given = {"classes": classes, "label": label, **parameters}
    spec, values = family.resolve(loss, {k: v for k, v in given.items() if v is not None or k in ("classes", "label")})
    notation, statement = family.canonical(spec, values)
    proof = family.recipe(spec)(notation, statement, **values)
    note = (f"K = {values['classes']} is the default: a counterexample is a point, so a refutation needs a "
            "number of classes." if spec.verdict == "not convex" and classes is None and "classes" in values else "")
    return CheckedProof(proof, verify(proof), spec.title, spec.name, tuple(values.items()), note)


def _prove_typed(text, variables, positive, given):
    """``prove(expr=…)``: parse with the whitelisting reader, then the routes of ``expr.decide``."""
    from .expr.decide import Decided, decide
    from .expr.parse import parse, variable_of

    if isinstance(variables, str) or isinstance(positive, str):
        raise BadInput("{var} and {positive} take a list of names")
    pairs = tuple(given.items()) if isinstance(given, dict) else tuple(given)
    parsed = parse(text, tuple(variable_of(v) for v in variables), tuple(positive), pairs)
    answer = decide(parsed)
    if not isinstance(answer, Decided):
        return answer
    legend = "; ".join(f"{typed} is written {kernel}" for typed, kernel in answer.renamed.legend())
    note = f"The loss as typed: {parsed.text}." + (f" In the statement, {legend}." if legend else "")
    options = (("expr", parsed.text), *(("var", str(v)) for v in variables), *(("positive", str(x)) for x in positive),
               *(("given", f"{name}={value}") for name, value in pairs))
    return CheckedProof(answer.proof, answer.results, "A typed loss", "", (), note, options)


def losses() -> dict:
    """Every loss of the family: name -> ceproof.family.Loss."""
    return dict(family.LOSSES)


def check(data: bytes, workers: int = 1) -> CheckedProof:
    """The proof a certificate states, every step checked again by the kernel from the file alone (and,
    when it names a loss, its statement held to the loss's canonical statement)."""
    from .certificate import check_certificate

    return CheckedProof(*check_certificate(data, workers))
