"""Refuted variants: losses that are not convex, each with a certified counterexample."""

LOSSES = ()
