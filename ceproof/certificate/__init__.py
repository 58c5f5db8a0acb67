"""Proof certificates: a versioned JSON file holding everything needed to check a proof again.

``certificate_text(proof)`` writes one; ``check_certificate(data)`` reads it back, within limits on
size, nesting and numbers, without evaluating any text, and re-runs every check and the chain check.
"""

from __future__ import annotations

import json

from .document import FORMAT, VERSION, from_document, parameter_text, to_document
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


def read_certificate(data: bytes) -> tuple:
    """``(proof, loss, parameters)``: the proof a certificate states, unchecked, and the loss and parameter
    values it names; Unreadable (one line) when it is not a certificate."""
    if len(data) > MAX_BYTES:
        raise Unreadable(f"the file is larger than {MAX_BYTES // 2 ** 20} MB, the most a certificate may be")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("the file is not UTF-8 text") from None
    try:
        document = json.loads(text, parse_int=_integer, parse_float=_no_float, parse_constant=_no_constant,
                              object_pairs_hook=_no_duplicates)
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


def check_certificate(data: bytes, workers: int = 1) -> tuple:
    """``(proof, results, title, loss, parameters)``: the proof a certificate states, every step checked
    again by the kernel from the file alone (its independent step checks spread over ``workers``
    processes). When it names a loss of the family, its notation and statement must be exactly the
    canonical ones for the parameters it names, else its last step fails."""
    from ..kernel.proof import CheckResult
    from ..kernel.verify import verify

    proof, loss, parameters = read_certificate(data)
    results = verify(proof, workers)
    problem, title = _canonical_problem(proof, loss, parameters)
    if problem and results and results[-1].ok:
        results = (*results[:-1], CheckResult("failed", "statement", detail=problem))
    return proof, results, title, loss, parameters


def _canonical_problem(proof, loss: str, parameters: tuple) -> tuple:
    """("", title) when the certificate names no loss or carries the loss's canonical notation and
    statement; else (why not, title)."""
    from .. import family
    from ..errors import BadInput

    if not loss:
        return "", ""
    if loss not in family.LOSSES:
        return f"it names the loss {loss!r}, which ceproof does not know", ""
    given = dict(parameters)
    try:
        if proof.statement.kind == "derive":
            if loss != "ce" or set(given) - {"classes", "label"}:
                return "a derivation is of the loss ce, with classes and label only", family.DERIVATION_TITLE
            expected = family.derivation(given.get("classes"), given.get("label"))
            title = family.DERIVATION_TITLE
        else:
            spec, values = family.resolve(loss, given)
            if {k: parameter_text(v) for k, v in values.items()} != given:
                return (f"its parameters are not those ceproof completes them to "
                        f"({', '.join(f'{k}={v}' for k, v in values.items())})"), spec.title
            expected = family.canonical(spec, values)
            title = spec.title
    except BadInput as error:
        return f"its parameters for the loss {loss!r} are not valid: {error}", ""
    if expected[0] != proof.notation:
        return f"its notation is not the one of the loss {loss!r} with these parameters", title
    if expected[1] != proof.statement:
        return f"its statement is not the canonical statement of the loss {loss!r} with these parameters", title
    return "", title


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Unreadable(f"an integer has more than {MAX_DIGITS} digits")
    return int(text)


def _no_duplicates(pairs) -> dict:
    """A JSON object whose keys are distinct: a reader that kept the first of two would see another file."""
    found = dict(pairs)
    if len(found) != len(pairs):
        raise Unreadable("an object has the same key twice")
    return found


def _no_float(text: str):
    raise Unreadable(f"a certificate holds exact numbers only, found the float {text[:40]}")


def _no_constant(text: str):
    raise Unreadable(f"a certificate holds exact numbers only, found {text}")
