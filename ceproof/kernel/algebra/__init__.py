"""The exact algebra the checks stand on: Laurent polynomials, rewrite rules for sums, interval arithmetic,
and bounds on what SymPy is asked to expand."""

from .sign_queries import bound_sign_queries

bound_sign_queries()
