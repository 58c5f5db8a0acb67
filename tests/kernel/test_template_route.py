"""From TEMPLATE_FROM classes on, an array claim at an explicit K is checked once by its entry formula
(the every-K rewrite rules with K a number), entry by entry only if that fails; a counterexample's
curvature is taken with the parts that stay constant along the line frozen. Both must agree with the
entry-by-entry route and with numbers."""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy
from sympy import Integer, KroneckerDelta, Sum, exp, log

from ceproof import prove
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.checks import common
from ceproof.kernel.claims import Definition, DerivativeEquality, Positivity
from ceproof.kernel.notation import Notation

from support import check

WRONG_HESSIANS = {
    "right": lambda p, j, k: KroneckerDelta(j, k) * p[j] - p[j] * p[k],
    "sign of the outer product": lambda p, j, k: KroneckerDelta(j, k) * p[j] + p[j] * p[k],
    "diagonal squared": lambda p, j, k: KroneckerDelta(j, k) * p[j] ** 2 - p[j] * p[k],
    "one entry off": lambda p, j, k: KroneckerDelta(j, k) * p[j] - p[j] * p[k] + KroneckerDelta(j, 0) * KroneckerDelta(k, 1),
    "transposed δ shift": lambda p, j, k: KroneckerDelta(j, k + 1) * p[j] - p[j] * p[k],
}


def _hessian_claim(n, entry):
    i, j, k, l = n.indices
    S, L = n.S, sympy.Symbol("L")
    steps = (Definition(S, Sum(exp(n.z[l]), (l, 0, n.K - 1))), Definition(n.p[i], exp(n.z[i]) / S, index=i),
             Positivity((S, n.p[i]), index=i))
    function = log(S) - Sum(n.y[i] * n.z[i], (i, 0, n.K - 1))
    steps += (Definition(L, function),)
    claim = DerivativeEquality(of=L, function=function, order=2,
                               result=IndexedArray((n.K, n.K), (j, k), entry(n.p, j, k)))
    return claim, steps


@pytest.mark.parametrize("name", sorted(WRONG_HESSIANS))
@pytest.mark.parametrize("classes", [common.TEMPLATE_FROM - 1, common.TEMPLATE_FROM, 40])
def test_the_template_route_agrees_with_the_entry_route(name, classes, monkeypatch):
    """The same Hessian claims, right and wrong, at K below and from the threshold: one verdict, and the
    verdict entry by entry (threshold raised) is the same."""
    n = Notation(classes, 0)
    claim, steps = _hessian_claim(n, WRONG_HESSIANS[name])
    by_template = check(n, claim, *steps).status
    monkeypatch.setattr(common, "TEMPLATE_FROM", 10 ** 9)
    entrywise = check(n, claim, *steps).status
    assert by_template == entrywise == ("verified" if name == "right" else "failed")


def test_large_k_proofs_use_the_template_and_small_k_compare_every_entry():
    small, large = prove(common.TEMPLATE_FROM - 1), prove(common.TEMPLATE_FROM)
    assert dict(small.result("hessian").evidence)["engine"] == "laurent"
    assert dict(large.result("hessian").evidence)["engine"] == "rewrite"
    assert small.verdict == large.verdict == "proved"


def test_a_frozen_part_leaves_the_second_derivative_along_the_line_unchanged():
    """_frozen replaces what the line does not move by a symbol standing for it; evaluated back, the second
    derivative is the one of the function itself (compared in 50-digit arithmetic at random points)."""
    from ceproof.kernel.algebra.intervals import evaluate
    from ceproof.kernel.checks.counterexamples import _frozen

    z = sympy.symbols("z0:6", real=True)
    S = sum(exp(v) for v in z)
    f = -(1 - exp(z[2]) / S) ** 2 * log(exp(z[2]) / S) + log(1 + z[0] ** 2 + exp(z[3]) * S)
    generator = random.Random(12)
    for _ in range(5):
        point = [sympy.Rational(generator.randint(-20, 20), 7) for _ in z]
        direction = [0, 0, 1, 0, sympy.Rational(1, 3), 0]
        moving = {v for v, d in zip(z, direction) if d}
        frozen, standing_for = _frozen(f, moving)
        assert len(frozen.atoms(sympy.Dummy)) >= 1
        s = sympy.Dummy("s", real=True)
        line = frozen.xreplace({v: v + d * s for v, d in zip(z, direction) if d})
        second = sympy.diff(line, s, s)
        enclosure = evaluate(second, {**dict(zip(z, point)), s: 0}, 200, standing_for)
        with mpmath.workdps(50):
            t = mpmath.mpf(0)
            g = sympy.lambdify([sympy.Symbol("t")], f.xreplace(
                {v: sympy.Float(p, 60) + d * sympy.Symbol("t") for v, p, d in zip(z, point, direction)}), "mpmath")
            numeric = mpmath.diff(g, t, 2)
            low, high = (mpmath.mp.make_mpf(end) for end in enclosure._mpi_)
            assert low - mpmath.mpf(10) ** -25 <= numeric <= high + mpmath.mpf(10) ** -25 and high - low < 1e-25


def test_b13_1_an_entry_symbol_is_no_constant_to_the_entry_formula_route():
    """B13-1/2: at K = 12, L = z0² "had gradient 0" and −z0² + Σ zᵢ²/2 "Hessian I": sympy.diff in z[j] took the
    entry symbol z0 for a constant. Such claims now go entry by entry, where they fail; a derivative in the
    one-hot label (fixed numbers) is refused too."""
    from ceproof.kernel.checks.derivatives import _in_index_form_only
    from ceproof.kernel.checks.common import CheckFailure

    for classes in (common.TEMPLATE_FROM, 40):
        n = Notation(classes, 0)
        i, j, k = n.indices[:3]
        L = sympy.Symbol("L")
        z0 = n.concrete(n.z[0])
        f = z0 ** 2
        gradient = DerivativeEquality(of=L, function=f, order=1, result=IndexedArray((n.K,), (j,), Integer(0)))
        assert check(n, gradient, Definition(L, f)).status == "failed"
        g = -z0 ** 2 + Sum(n.z[i] ** 2, (i, 0, n.K - 1)) / 2
        hessian = DerivativeEquality(of=L, function=g, order=2,
                                     result=IndexedArray((n.K, n.K), (j, k), KroneckerDelta(j, k)))
        assert check(n, hessian, Definition(L, g)).status == "failed"
        q0 = n.concrete(n.q[0])  # A13: the same for any K-vector variable
        gradient_q = DerivativeEquality(of=L, function=q0 ** 2, order=1, variables=n.q,
                                        result=IndexedArray((n.K,), (j,), Integer(0)))
        assert check(n, gradient_q, Definition(L, q0 ** 2)).status == "failed"
        with pytest.raises(CheckFailure, match="fixed numbers"):
            _in_index_form_only(n, n.y, Integer(0))


def test_b14_x_tilde_is_x_under_another_name_for_the_entry_formula_route():
    """B14 (kernel only; the reader caps K(d + 1) at 64): at K = d = 12, F = Σ x̃ₘ² "had gradient 0" in x, since
    sympy.diff in x[j] does not see x̃ = (x, 1). Such a claim now goes entry by entry, where it fails."""
    n = Notation(12, None, 12)
    m, j, k = n.m, n.indices[1], n.indices[2]
    F = sympy.Symbol("F")
    f = Sum(n.xtilde[m] ** 2, (m, 0, n.d - 1))
    for order, result in ((1, IndexedArray((n.K,), (j,), Integer(0))),
                          (2, IndexedArray((n.K, n.K), (j, k), Integer(0)))):
        claim = DerivativeEquality(f, order, result, of=F, variables=n.x)
        assert check(n, claim, Definition(F, f)).status == "failed"
