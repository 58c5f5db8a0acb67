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


def prove(classes: int | None = None, label: int | None = None, loss: str = "ce", **parameters) -> CheckedProof:
    """A checked proof (or refutation) of convexity for ``loss`` (see ``losses()``); the default is
    softmax cross-entropy in the logits. ``classes`` and ``label`` are the loss's parameters too."""
    from .kernel.verify import verify

    if not isinstance(loss, str):
        raise BadInput(f"{{loss}} must be a name, got {loss!r}")
    given = {"classes": classes, "label": label, **parameters}
    spec, values = family.resolve(loss, {k: v for k, v in given.items() if v is not None or k in ("classes", "label")})
    notation, statement = family.canonical(spec, values)
    proof = family.recipe(spec)(notation, statement, **values)
    note = (f"K = {values['classes']} is the default: a counterexample is a point, so a refutation needs a "
            "number of classes." if spec.verdict == "not convex" and classes is None and "classes" in values else "")
    return CheckedProof(proof, verify(proof), spec.title, spec.name, tuple(values.items()), note)


def losses() -> dict:
    """Every loss of the family: name -> ceproof.family.Loss."""
    return dict(family.LOSSES)


def check(data: bytes, workers: int = 1) -> CheckedProof:
    """The proof a certificate states, every step checked again by the kernel from the file alone (and,
    when it names a loss, its statement held to the loss's canonical statement)."""
    from .certificate import check_certificate

    return CheckedProof(*check_certificate(data, workers))
