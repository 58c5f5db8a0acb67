"""The loss family: every loss ``ceproof prove --loss NAME`` knows — its parameters, its verdict, the
recipe that proves it and the canonical statement it must prove — in one table.

Importing this package imports neither SymPy nor any recipe: ``canonical`` builds a statement
(``statements.py``) and ``recipe`` finds the producer only when asked.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..errors import BadInput
from .parameters import MAX_CLASSES, MAX_VARIABLES, PARAMETERS

DEFAULT_REFUTATION_CLASSES = 3
"""K when a refutation is asked for without classes: a counterexample needs explicit points, and three
classes show that the failure is not an artefact of the binary case (any K from 2 to 1000 works)."""
DEFAULT_FEATURES = 2
"""d of the linear model when classes are given without features."""
DEFAULT_LINEAR_CLASSES = 3
"""K of the L2-regularized linear model, whose proof needs an explicit K and d, when classes are not given."""


@dataclass(frozen=True)
class Loss:
    """One loss: what it is convex (or not) in, the verdict, a one-line summary for ``ceproof losses``,
    its parameters, a title, and the names of its recipe (``module:function`` among the derivations)
    and of its canonical statement (a function of ``statements.py``)."""

    name: str
    variable: str
    verdict: str  # "convex", "strictly convex" or "not convex"
    summary: str  # prose with $…$ math
    parameters: tuple
    title: str
    recipe: str
    canonical: str


LOSSES = {loss.name: loss for loss in (
    Loss("ce", "logits $z$", "convex",
         r"$-\sum_i y_i \log \sigma_i(z)$ is convex in $z$; not strictly: constant along $\mathbf{1}$.",
         ("classes", "label"), "Softmax cross-entropy is convex in the logits",
         "ceproof.derivations.convexity:cross_entropy", "cross_entropy"),
    Loss("soft-labels", "logits $z$", "convex",
         r"$-\sum_i y_i \log \sigma_i(z)$ with every $y_i \geq 0$, of any total, is convex in $z$: Hessian "
         r"$(\sum_i y_i) (\operatorname{diag}(p) - p p^\top)$.",
         ("classes",), "Cross-entropy with soft labels is convex in the logits",
         "ceproof.derivations.variants:soft_labels", "soft_labels"),
    Loss("label-smoothing", "logits $z$", "convex",
         r"Cross-entropy with $y = (1 - \varepsilon) e_c + (\varepsilon / K) \mathbf{1}$, $\varepsilon \in [0, 1]$: "
         r"a soft label with $y \geq 0$, $\sum_i y_i = 1$.",
         ("classes", "label", "epsilon"), "Cross-entropy with label smoothing is convex in the logits",
         "ceproof.derivations.variants:label_smoothing", "label_smoothing"),
    Loss("weighted", "logits $z$", "convex",
         r"$-w \log \sigma_c(z)$ with a weight $w \geq 0$ on the true class is convex in $z$: Hessian "
         r"$w (\operatorname{diag}(p) - p p^\top)$.",
         ("classes", "label", "weight"), "Class-weighted cross-entropy is convex in the logits",
         "ceproof.derivations.variants:weighted", "weighted"),
    Loss("temperature", "logits $z$", "convex",
         r"$-\log \sigma_c(z / \tau)$ for $\tau > 0$ is convex in $z$: Hessian $\tau^{-2} (\operatorname{diag}(p) - "
         r"p p^\top)$, $p = \sigma(z / \tau)$.",
         ("classes", "label", "temperature"), "Cross-entropy at a temperature is convex in the logits",
         "ceproof.derivations.variants:temperature", "temperature"),
    Loss("listnet", "scores $z$", "convex",
         r"ListNet $-\sum_i \sigma_i(g) \log \sigma_i(z)$ for relevance grades $g$ is cross-entropy with a soft label, "
         r"convex in $z$.",
         ("classes",), "The ListNet ranking loss is convex in the scores",
         "ceproof.derivations.variants:listnet", "listnet"),
    Loss("ce-centered", r"logits $z$ with $\sum_i z_i = 0$", "strictly convex",
         r"$-\log \sigma_c(z)$ is strictly convex on $\sum_i z_i = 0$: $v^\top \nabla^2 L\, v = 0$ only for "
         r"multiples of $\mathbf{1}$, so the kernel of the Hessian is exactly the span of $\mathbf{1}$.",
         ("classes", "label"), "Softmax cross-entropy is strictly convex on centered logits",
         "ceproof.derivations.variants:centered", "centered"),
    Loss("logistic", "logit $s$", "strictly convex",
         r"$-y_0 \log \sigma(s) - (1 - y_0) \log(1 - \sigma(s))$, $y_0 \in [0, 1]$: $\ell'' = \sigma(1 - \sigma) > 0$; "
         r"the $K = 2$ softmax case at $z = (s, 0)$.", (), "The logistic loss is strictly convex",
         "ceproof.derivations.logistic:logistic", "logistic"),
    Loss("linear", "weights $(W, b)$ of $z = W x + b$", "convex",
         r"$-\sum_i y_i \log \sigma_i(W x + b)$ is convex in $(W, b)$: Hessian $(\operatorname{diag}(p) - p p^\top) "
         r"\otimes \tilde{x} \tilde{x}^\top$, and composition with an affine map; so is a mean over examples.",
         ("classes", "features"), "Cross-entropy of a linear model is convex in its weights",
         "ceproof.derivations.linear_model:linear", "linear"),
    Loss("linear-l2", "weights $W$ (convex in $(W, b)$)", "strictly convex",
         r"$L(W x + b) + (\lambda/2) \|W\|^2$, $\lambda > 0$: Hessian in $W$ $\succeq \lambda I$, so strictly "
         r"convex in $W$.", ("classes", "features", "lam"),
         "L2-regularized cross-entropy of a linear model is strictly convex in W",
         "ceproof.derivations.linear_model:linear_l2", "linear_l2"),
    Loss("linear-l1", "weights $(W, b)$", "convex",
         r"$L(W x + b) + \lambda \|W\|_1$: a sum of convex functions (not differentiable where $W_{jm} = 0$).",
         ("classes", "features", "lam"), "L1-regularized cross-entropy of a linear model is convex",
         "ceproof.derivations.linear_model:linear_l1", "linear_l1"),
    Loss("ce-in-q", "prediction $q > 0$", "convex",
         r"$-\sum_i p_i \log q_i$ for fixed $p_i \geq 0$ is convex in $q$: Hessian $\operatorname{diag}(p_i / q_i^2)$.",
         ("classes",), "Cross-entropy is convex in the predicted distribution",
         "ceproof.derivations.predicted:ce_in_q", "ce_in_q"),
    Loss("mse-softmax", "logits $z$", "not convex",
         r"$\|\sigma(z) - y\|^2$ is not convex in $z$: a chord along $z_c$ lies below it.",
         ("classes", "label"), "Squared error on softmax outputs is not convex in the logits",
         "ceproof.derivations.refutations:mse_softmax", "mse_softmax"),
    Loss("focal", "logits $z$", "not convex",
         r"The focal loss $-(1 - p_c)^\gamma \log p_c$, $\gamma > 0$, curves downward along $z_c$.",
         ("classes", "label", "gamma"), "The focal loss is not convex in the logits",
         "ceproof.derivations.refutations:focal", "focal"),
    Loss("two-layer", r"weights $(\alpha, \beta)$", "not convex",
         r"Cross-entropy of a network with one hidden layer (ReLU, tanh or identity) is not convex in its weights.",
         ("activation",), "Cross-entropy is not convex in the weights of a two-layer network",
         "ceproof.derivations.refutations:two_layer", "two_layer"),
    Loss("negated", "logits $z$", "not convex",
         r"$-L = \sum_i y_i \log \sigma_i(z)$ (maximizing cross-entropy) curves downward along $z_c$.",
         ("classes", "label"), "Negated cross-entropy is not convex in the logits",
         "ceproof.derivations.refutations:negated", "negated"),
    Loss("softmax-prob", "logits $z$", "not convex",
         r"The softmax probability $p_c = \sigma_c(z)$ is not convex in $z$: a chord lies below it.",
         ("classes", "label"), "A softmax probability is not convex in the logits",
         "ceproof.derivations.refutations:softmax_prob", "softmax_prob"),
)}
"""Every loss of the family, in the order ``ceproof losses`` lists them."""

DERIVATION_TITLE = "Gradient and Hessian of softmax cross-entropy"
LINEAR = ("linear", "linear-l2", "linear-l1")


def resolve(name: str, given: dict) -> tuple:
    """The Loss called ``name`` and all its parameter values: given ones parsed and checked, defaults
    filled (K = 3 for a refutation, d = 2 with classes, label 0 with classes). Unknown losses and
    parameters the loss does not take are BadInput."""
    if name not in LOSSES:
        raise BadInput(f"unknown loss {name!r}{_did_you_mean(name)}; these are known: {', '.join(LOSSES)}")
    loss = LOSSES[name]
    values = {}
    for key, text in given.items():
        if text is None:
            continue
        if key not in loss.parameters:
            named = f"{{{key}}}" if key in PARAMETERS else key
            raise BadInput(f"{named} does not apply to the loss {name} (it takes "
                           f"{', '.join('{' + p + '}' for p in loss.parameters) or 'no parameters'})")
        try:
            values[key] = PARAMETERS[key].parse(text)
        except BadInput as error:
            raise BadInput(f"{{{key}}}: {error.template}") from None
    for key in loss.parameters:
        values.setdefault(key, PARAMETERS[key].default)
        problem = PARAMETERS[key].check(values[key]) if values[key] is not None else ""
        if problem:
            raise BadInput(problem)
    return loss, _complete(loss, values)


def _did_you_mean(name: str) -> str:
    """" (did you mean 'focal'?)" for a name close to one of the family's (case, a typo), else ""."""
    import difflib

    close = difflib.get_close_matches(str(name).lower().replace("_", "-"), LOSSES, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _complete(loss: Loss, values: dict) -> dict:
    """The sizes a loss is proved for, checked together: K, the label's class and d."""
    if "classes" not in loss.parameters:
        return values
    if loss.verdict == "not convex" and values["classes"] is None:
        values["classes"] = DEFAULT_REFUTATION_CLASSES
    if loss.name in LINEAR:
        if values["classes"] is None and (values["features"] is not None or loss.name == "linear-l2"):
            if loss.name != "linear-l2":
                raise BadInput("{features} needs {classes}: without them the proof covers every K and d")
            values["classes"] = DEFAULT_LINEAR_CLASSES
        if values["classes"] is not None:
            values["features"] = DEFAULT_FEATURES if values["features"] is None else values["features"]
            if values["classes"] * (values["features"] + 1) > MAX_VARIABLES:
                raise BadInput(f"{{classes}} × ({{features}} + 1) must be at most {MAX_VARIABLES} for an explicit "
                               f"Hessian in (W, b), got {values['classes'] * (values['features'] + 1)}"
                               + ("" if loss.name == "linear-l2" else
                                  "; omit {classes} and {features} for the proof for every K and d"))
        return values
    if "label" in loss.parameters:
        values["label"] = checked_label(values["classes"], values["label"])
    return values


def checked_label(classes, label):
    """The label's class: None for every K (any label on the simplex), 0 by default, else 0 … K − 1."""
    if classes is None:
        if label is not None:
            raise BadInput("{label} needs {classes}: the proof for every K covers every label y on the simplex")
        return None
    label = 0 if label is None else label
    if isinstance(label, bool) or not isinstance(label, int) or not 0 <= label < classes:
        raise BadInput(f"{{label}} must be an integer from 0 to {classes - 1}, got {label!r}")
    return label


def checked_classes(classes):
    """K as given (None: every K), an integer from 2 to MAX_CLASSES."""
    if classes is None:
        return None
    if isinstance(classes, bool) or not isinstance(classes, int):
        raise BadInput(f"{{classes}} must be an integer, got {classes!r}")
    problem = PARAMETERS["classes"].check(classes)
    if problem:
        raise BadInput(problem)
    return classes


def canonical(loss: Loss, values: dict) -> tuple:
    """The notation and the statement that the proof of ``loss`` with these ``values`` must establish."""
    from . import statements

    return getattr(statements, loss.canonical)(**values)


def derivation(classes, label) -> tuple:
    """The notation and statement of ``ceproof derive``: the softmax Jacobian, gradient and Hessian."""
    from . import statements

    classes = checked_classes(classes)
    return statements.derivation(classes, checked_label(classes, label))


def recipe(loss: Loss):
    """The producer of ``loss``: a function of (notation, statement, **values) returning a Proof."""
    module, function = loss.recipe.split(":")
    return getattr(importlib.import_module(module), function)


__all__ = ["LOSSES", "Loss", "PARAMETERS", "MAX_CLASSES", "MAX_VARIABLES", "resolve", "canonical", "derivation",
           "recipe", "checked_label", "checked_classes", "DERIVATION_TITLE"]
