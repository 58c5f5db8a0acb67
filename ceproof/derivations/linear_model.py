"""The linear model z = Wx + b under cross-entropy: convex in (W, b), with L2 and L1 regularization."""

LOSSES = ()
