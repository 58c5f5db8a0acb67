"""The functions ``benchmarks/expr.py`` asks ceproof and CVXPY about (issue 13), each with its known verdict: classic
machine-learning losses written raw, CVXPY's differentiable atoms written out by hand, and non-convex traps.

Each entry: (text, variables, positive names, verdict, why). ``variables`` are ``--var`` declarations ("z:3",
"x"); none means every free name is a real scalar. The verdict is "convex" or "not convex" in all the variables
jointly, on the domain the declarations give (ℝ, or (0, ∞) for a positive name).
"""

from __future__ import annotations

FUNCTIONS = (
    # ---------------------------------------------------------------- machine-learning losses, raw
    ("-log(exp(z[0])/(exp(z[0]) + exp(z[1]) + exp(z[2])))", ("z:3",), (), "convex", "softmax cross-entropy"),
    ("logsumexp(z) - z[1]", ("z:4",), (), "convex", "cross-entropy as log-sum-exp minus the true logit"),
    ("log(1 + exp(-x))", (), (), "convex", "logistic loss at label +1"),
    ("softplus(x)", (), (), "convex", "softplus"),
    ("log(1 + exp(x)) - 0.3*x", (), (), "convex", "binary cross-entropy in the logit, label 0.3"),
    ("x**2", (), (), "convex", "squared error"),
    ("(x - 3)**2 + (y + 1)**2", (), (), "convex", "squared error in two outputs"),
    ("sqrt(1 + x**2) - 1", (), (), "convex", "pseudo-Huber loss"),
    ("log(cosh(x))", (), (), "convex", "log-cosh loss"),
    ("abs(x)", (), (), "convex", "absolute error"),
    ("max(0, 1 - x)", (), (), "convex", "hinge loss"),
    ("max(0, 1 - x)**2", (), (), "convex", "squared hinge loss"),
    ("max(x, 0) + 0.1*x**2", (), (), "convex", "ReLU plus a ridge"),
    ("logsumexp(z)", ("z:3",), (), "convex", "log-sum-exp"),
    ("sum(z**2) + logsumexp(z)", ("z:3",), (), "convex", "cross-entropy-like with L2 penalty"),
    ("exp(x) - x - 1", (), (), "convex", "exponential loss shifted"),
    ("exp(-x)", (), (), "convex", "exponential loss"),
    ("x*log(x) - x", (), ("x",), "convex", "negative entropy term"),
    ("x*log(x/y)", (), ("x", "y"), "convex", "relative entropy (joint)"),
    ("x*log(x/y) - x + y", (), ("x", "y"), "convex", "generalized KL divergence"),
    ("-log(x)", (), ("x",), "convex", "log barrier"),
    ("1/x", (), ("x",), "convex", "reciprocal"),
    ("x**2/y", (), ("y",), "convex", "quadratic over linear"),
    ("exp(x + y) + exp(x - y)", (), (), "convex", "sum of exponentials of affine maps"),
    ("(x + 2*y - 1)**2 + 0.5*(x**2 + y**2)", (), (), "convex", "ridge regression in two weights"),
    ("log(1 + exp(-(2*a - b)))", (), (), "convex", "logistic loss of an affine score"),
    ("sum(softplus(z))", ("z:3",), (), "convex", "sum of softplus"),
    ("x**4 + y**4", (), (), "convex", "quartic"),
    ("cosh(x)", (), (), "convex", "hyperbolic cosine"),
    ("max(x, y)", (), (), "convex", "maximum"),
    ("abs(x - y) + abs(x)", (), (), "convex", "sum of absolute values"),
    ("sqrt(x**2 + y**2)", (), (), "convex", "Euclidean norm"),
    # ---------------------------------------------------------------- non-convex traps
    ("log(1 + exp(-a*b))", (), (), "not convex", "logistic loss of a product of two variables"),
    ("x*y", (), (), "not convex", "bilinear"),
    ("x**3", (), (), "not convex", "odd power"),
    ("sigmoid(x)", (), (), "not convex", "sigmoid"),
    ("-(1 - sigmoid(x))**2*log(sigmoid(x))", (), (), "not convex", "focal loss, gamma = 2, in the logit"),
    ("sum((softmax(z) - 1)**2)", ("z:3",), (), "not convex", "squared error on softmax probabilities"),
    ("-softmax(z)[0]", ("z:3",), (), "not convex", "negated probability of the true class"),
    ("tanh(x)**2", (), (), "not convex", "squared tanh"),
    ("-abs(x)", (), (), "not convex", "negated absolute value"),
    ("min(x, y)", (), (), "not convex", "minimum"),
    ("sqrt(x)", (), ("x",), "not convex", "square root (concave)"),
    ("log(x)", (), ("x",), "not convex", "logarithm (concave)"),
    ("exp(-x**2)", (), (), "not convex", "Gaussian bump"),
    ("x**2*y**2", (), (), "not convex", "product of squares"),
    ("(x*y - 1)**2", (), (), "not convex", "matrix-factorization loss"),
    ("x**4 - x**2", (), (), "not convex", "double well"),
    ("log(1 + x**2)", (), (), "not convex", "Cauchy loss"),
    ("1 - exp(-x**2)", (), (), "not convex", "Welsch loss"),
    ("x**2/(1 + x**2)", (), (), "not convex", "Geman-McClure loss"),
    ("max(x, 0)*max(y, 0)", (), (), "not convex", "product of ReLUs"),
    ("softplus(x) - 2*softplus(x - 1)", (), (), "not convex", "difference of convex functions"),
)
