"""Proof certificates: a versioned JSON file holding everything needed to check a proof again.

``certificate_text(proof)`` writes one; ``check_certificate(data)`` reads it back, within limits on
size, nesting and numbers, without evaluating any text, and re-runs every check and the chain check.
"""

from __future__ import annotations

import json

from .document import FORMAT, VERSION, from_document, to_document
from .expressions import MAX_DIGITS, Unreadable

MAX_BYTES = 32 * 2 ** 20
"""Largest certificate read: that of ``prove --classes 200`` is far smaller."""

__all__ = ["FORMAT", "VERSION", "MAX_BYTES", "Unreadable", "certificate_text", "read_certificate", "check_certificate"]


def certificate_text(proof) -> str:
    """The certificate of a checked proof as JSON text: one line per step, the same bytes every time."""
    parts = []
    for key, value in to_document(proof).items():
        if key in ("assumptions", "steps"):
            rows = ",\n".join(f"  {_dumps(entry)}" for entry in value)
            parts.append(f" {json.dumps(key)}: [\n{rows}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {_dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def read_certificate(data: bytes):
    """The proof a certificate states, unchecked; Unreadable (one line) when it is not a certificate."""
    if len(data) > MAX_BYTES:
        raise Unreadable(f"the file is larger than {MAX_BYTES // 2 ** 20} MB, the most a certificate may be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("the file is not UTF-8 text") from None
    try:
        document = json.loads(text, parse_int=_integer, parse_float=_no_float, parse_constant=_no_constant)
    except RecursionError:
        raise Unreadable("the JSON is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise Unreadable(f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    try:
        return from_document(document)
    except RecursionError:
        raise Unreadable("the certificate is nested too deeply") from None
    except (TypeError, ValueError, AttributeError, IndexError, KeyError, NotImplementedError, ArithmeticError) as error:
        if isinstance(error, Unreadable):
            raise
        raise Unreadable(f"an object cannot be rebuilt ({type(error).__name__}: {str(error)[:80]})") from None


def check_certificate(data: bytes, workers: int = 1):
    """The proof a certificate states, with every step checked again from the file alone (its
    independent step checks spread over ``workers`` processes), and its kind held to the verdict
    ceproof's loss family gives the loss it names."""
    import dataclasses

    from ..builder import recheck
    from ..losses import all_losses
    from ..proof import CheckResult

    proof = recheck(read_certificate(data), workers)
    problem = ""
    if proof.loss and proof.loss not in all_losses():
        problem = f"it names the loss {proof.loss!r}, which ceproof does not know"
    elif proof.loss and (all_losses()[proof.loss].verdict == "not convex") != (proof.kind == "refute"):
        problem = (f"it names the loss {proof.loss!r}, which ceproof finds {all_losses()[proof.loss].verdict}, "
                   f"but its kind is {proof.kind!r}")
    if problem and proof.results[-1].ok:
        failed = CheckResult("failed", "chain", problem)
        proof = dataclasses.replace(proof, results=(*proof.results[:-1], failed))
    return proof


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Unreadable(f"an integer has more than {MAX_DIGITS} digits")
    return int(text)


def _no_float(text: str):
    raise Unreadable(f"a certificate holds exact numbers only, found the float {text[:40]}")


def _no_constant(text: str):
    raise Unreadable(f"a certificate holds exact numbers only, found {text}")
