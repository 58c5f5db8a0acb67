"""ceproof: machine-checked proofs about softmax cross-entropy.

``derive`` and ``prove`` return proofs whose steps the kernel (``ceproof.kernel``) has checked; they
render themselves in a terminal (rich) and in a notebook. SymPy is loaded on first use, so
``import ceproof`` stays cheap.
"""

__version__ = "0.2.0"
__all__ = ["derive", "prove"]


def derive(classes=None, label=None):
    """The softmax Jacobian, gradient p − y and Hessian diag(p) − ppᵀ, checked (see ceproof.api)."""
    from .api import derive as _derive

    return _derive(classes, label)


def prove(classes=None, label=None, loss="ce", **parameters):
    """A checked proof that cross-entropy (or another ``loss``, see ``ceproof losses``) is convex in
    the logits, or a certified refutation (see ceproof.api)."""
    from .api import prove as _prove

    return _prove(classes, label, loss, **parameters)
