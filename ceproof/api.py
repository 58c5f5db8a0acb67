"""What a notebook calls: ``derive`` and ``prove`` return checked Proof objects."""

from __future__ import annotations

import dataclasses

from .errors import BadInput
from .losses import classes_problem, resolve


def _notation(classes, label):
    from .notation import Notation

    if classes is None:
        if label is not None:
            raise BadInput("--label needs --classes: the proof for every K covers every label y on the simplex")
        return Notation(None, None)
    if isinstance(classes, bool) or not isinstance(classes, int):
        raise BadInput(f"--classes must be an integer, got {classes!r}")
    problem = classes_problem(classes)
    if problem:
        raise BadInput(problem)
    label = 0 if label is None else label
    if isinstance(label, bool) or not isinstance(label, int) or not 0 <= label < classes:
        raise BadInput(f"--label must be an integer from 0 to {classes - 1}, got {label!r}")
    return Notation(classes, label)


def _parameters(notation) -> tuple:
    return (("classes", notation.classes), ("label", notation.label))


def derive(classes: int | None = None, label: int | None = None):
    """The softmax Jacobian, the cross-entropy gradient p − y and Hessian diag(p) − ppᵀ, checked."""
    from .builder import ProofBuilder
    from .derivations.cross_entropy import add_assumptions, add_cross_entropy
    from .derivations.softmax import add_softmax

    notation = _notation(classes, label)
    b = ProofBuilder("derive", r"The gradient of $L(z) = -\sum_i y_i \log \sigma_i(z)$ is $p - y$ and its Hessian is "
                     r"$\operatorname{diag}(p) - p p^\top$, where $p = \sigma(z)$; the Hessian does not depend on $y$.",
                     notation, title="Gradient and Hessian of softmax cross-entropy")
    add_assumptions(b)
    add_softmax(b)
    add_cross_entropy(b)
    return b.build(_parameters(notation))


def prove(classes: int | None = None, label: int | None = None, loss: str = "ce", **parameters):
    """A checked proof (or refutation) of convexity for ``loss`` (see ``ceproof losses``);
    the default is softmax cross-entropy in the logits."""
    spec, values = resolve(loss, {"classes": classes, "label": label, **parameters})
    proof = spec.builder()(**values)
    if values.get("label") is None and proof.notation.is_explicit and "label" in values:
        values["label"] = proof.notation.label
    if values.get("classes") is None and proof.notation.is_explicit and "classes" in values:
        values["classes"] = proof.notation.classes  # a refutation's default K
    if values.get("features") is None and "features" in values:
        values["features"] = getattr(proof.notation, "features", None)  # d = 2 with --classes; None: every d
    return dataclasses.replace(proof, loss=spec.name, parameters=tuple(values.items()))


def losses():
    """Every loss of the family: name -> ceproof.losses.Loss."""
    from .losses import all_losses

    return all_losses()


def prove_cross_entropy(classes: int | None = None, label: int | None = None):
    """A checked proof that softmax cross-entropy is convex (not strictly) in the logits."""
    from .builder import ProofBuilder
    from .derivations.convexity import add_convexity
    from .derivations.cross_entropy import add_assumptions, add_cross_entropy
    from .derivations.softmax import add_softmax

    notation = _notation(classes, label)
    b = ProofBuilder("prove", r"$L(z) = -\sum_i y_i \log \sigma_i(z)$ is convex in $z$ on $\mathbb{R}^K$, and not strictly convex.",
                     notation, title="Softmax cross-entropy is convex in the logits")
    add_assumptions(b)
    add_softmax(b)
    add_cross_entropy(b)
    add_convexity(b)
    return b.build(_parameters(notation))
