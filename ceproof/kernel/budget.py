"""What one proof's check may spend in all, whatever its claims: nodes of sums written out, and entries
of arrays compared one by one. Per-expression bounds are not enough: a 20 kB certificate at K = 1000 made
each of its claims write out 10⁵ terms, or compare 10⁶ entries, for minutes (round 13, C13-1/2)."""

from __future__ import annotations

from contextlib import contextmanager

WRITTEN_NODES = 100_000
"""Most nodes the sums of one proof may be written out into (each term counted by its size: a term of
150 nodes costs SymPy 150 times one of a single node, C15-1/2). ceproof's own proofs write at most about
20 000 (a counterexample at K = 1000). The statement's printed expressions, written out through its abbreviations
to check that they are defined, are charged here too (C35-1)."""

COMPARED_ENTRIES = 50_000
"""Most array entries one proof may have checked one by one (explicit engine, sympy.diff per entry).
ceproof's own proofs compare at most about 20 000 (a linear model with K(d + 1) = 64, where every
Hessian entry is compared); from K = 12 on arrays are checked by their entry formulas."""

PRODUCED_TERMS = 4_000_000
"""Most work the explicit engine may do multiplying polynomials out, in all entries of one proof: each product
costs its pairs of terms and the atoms of their monomials, and each evaluation of an entry formula its terms
and atoms. A true 11 × 11 identity of (Σz)⁹ entries held 22 million terms (4 GB, A16-1); a product of two
1000-term polynomials of 1000-atom monomials took 210 s (A18-1); a 1001-term formula at 3600 entries, 2.2 GB
(A18-2). ceproof's own proofs need at most about 1 400 000 (L2-regularized linear model, K = 2, d = 31)."""

PRECISION_WORK = 100_000_000
"""Most interval work the counterexamples of one proof may do: each working precision costs the shared nodes it
evaluates times (bits/64)². Two equal sides of a 250-term function climbed to 32 768 bits for 132 s (A23-2); the
focal loss at γ = 1/10000, whose point is at −20003, needs about 60 million."""

EXPANDED_TERMS = 100_000
"""Most terms SymPy's expand may be asked to make in one proof's checks (each call charged the bound it is
allowed under): one (z₀ + … + z₁₉ + 1)⁶ makes 460 460 in 111 s (A31-1). ceproof's own proofs ask at most about
1 000 (linear-l2 at d = 31); the explicit engine multiplies its own polynomials, charged as "terms"."""

RANGE_ENDS = 20_000
"""Most ends of index ranges one proof's checks may try to show an index in range or a count ≥ 0: 600 entries
asking 255 ends each took 108 s (A29-1). ceproof's own proofs try at most about 1 300 (linear-l2, d = 31)."""

SIGN_NODES = 20_000
"""Most nodes of expressions whose sign (or realness) SymPy's assumptions may be asked in one proof's checks: each
query walks its expression at about 1 ms a node, and a log of a 3200-term sum of squares took 62 s to be shown
defined (A37-1). ceproof's own proofs ask about 3 000 in all (a whole gallery run), each under 60 nodes."""

_RUNNING: list = []
"""The budgets of the checks that are running, innermost last; empty outside a check."""


class OverBudget(Exception):
    """The proof asks for more work than one check may do; the claim that asked fails."""


@contextmanager
def proof_budget():
    """One budget for every claim checked inside (one proof, or one claim checked alone)."""
    _RUNNING.append({"nodes": WRITTEN_NODES, "entries": COMPARED_ENTRIES, "terms": PRODUCED_TERMS,
                     "precision": PRECISION_WORK, "ranges": RANGE_ENDS,
                     "expanded": EXPANDED_TERMS, "signs": SIGN_NODES})
    try:
        yield
    finally:
        _RUNNING.pop()


def spend(kind: str, amount: int) -> None:
    """Take ``amount`` of ``kind`` ("nodes", "entries", "terms", "precision", "ranges", "expanded" or "signs") from the
    running budget; outside a check, nothing is counted (the renderers write out what a checked proof holds)."""
    if not _RUNNING:
        return
    left = _RUNNING[-1][kind] - amount
    _RUNNING[-1][kind] = left
    if left < 0:
        limit = {"nodes": WRITTEN_NODES, "entries": COMPARED_ENTRIES, "terms": PRODUCED_TERMS,
                 "precision": PRECISION_WORK, "ranges": RANGE_ENDS,
                 "expanded": EXPANDED_TERMS, "signs": SIGN_NODES}[kind]
        what = {"nodes": "nodes of sums written out", "entries": "array entries compared one by one",
                "terms": "units of polynomial and derivative work",
                "precision": "units of interval work (nodes evaluated × (bits/64)²)",
                "ranges": "ends of index ranges tried", "expanded": "terms SymPy's expand may make",
                "signs": "nodes SymPy may be asked a sign of"}[kind]
        raise OverBudget(f"the proof needs more than {limit} {what}, more than a check may spend")


def size(expr, cap: int = 10 ** 6) -> int:
    """The nodes of ``expr`` counted as a tree (at most ``cap``): what writing it out once costs."""
    count = 0
    stack = [expr]
    while stack and count < cap:
        node = stack.pop()
        count += 1
        stack.extend(getattr(node, "args", ()))
    return count


MAX_DERIVATIVE_WORK = 400_000
"""Most work one derivative may cost, estimated before SymPy takes it as the function's size times the square of the
most factors in one of its products: the second derivative of (z₀ + 1)(z₀ + 2)…(z₀ + 1000), 3000 nodes, has half a
million terms of a thousand factors (97 s in a curvature counterexample, A23-1; 68 s in a Hessian, A23-3). The
family's largest, the L2 linear model's function at K(d + 1) = 64, costs a few tens of thousands."""


def charge_derivative(expr) -> None:
    """Refuse to differentiate ``expr`` when its estimated work passes MAX_DERIVATIVE_WORK, else charge it to the
    proof's budget of terms."""
    nodes, largest, stack = 0, 1, [expr]
    while stack and nodes <= MAX_DERIVATIVE_WORK:
        node = stack.pop()
        nodes += 1
        args = getattr(node, "args", ())
        if getattr(node, "is_Mul", False):
            largest = max(largest, len(args))
        stack.extend(args)
    nesting = _product_nesting(expr)
    if nesting > MAX_PRODUCT_NESTING:
        raise OverBudget(f"differentiating a function whose products nest more than {MAX_PRODUCT_NESTING} deep "
                         "(a product of a sum of a product …) would cost more than a check may spend")
    work = nodes * max(largest, nesting) ** 2  # wide products, or deeply nested ones, multiply the work
    if work > MAX_DERIVATIVE_WORK:
        raise OverBudget(f"differentiating a function of {nodes} nodes with products of {largest} factors would cost "
                         f"more than {MAX_DERIVATIVE_WORK}, more than a check may spend")
    spend("terms", work)


MAX_PRODUCT_NESTING = 8
"""Most products one path of a differentiated function may pass through: the product rule re-differentiates the
inner chain at every level, so (z₀ + 60)((z₀ + 59)(…) + 1) + 1, a few hundred nodes of two-factor products, took
SymPy minutes (A24-1, A24-2). The family's functions nest a few products deep."""


def _product_nesting(expr, cap: int = MAX_PRODUCT_NESTING + 1) -> int:
    """The most Mul nodes on one path from the root of ``expr`` to a leaf (counting stops at ``cap``)."""
    deepest, stack, seen = 0, [(expr, 0)], set()
    while stack:
        node, depth = stack.pop()
        depth += 1 if getattr(node, "is_Mul", False) else 0
        deepest = max(deepest, depth)
        if deepest >= cap:
            return deepest
        if (node, depth) in seen:
            continue
        seen.add((node, depth))
        stack.extend((arg, depth) for arg in getattr(node, "args", ()))
    return deepest
