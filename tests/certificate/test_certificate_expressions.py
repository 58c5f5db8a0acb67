"""The expression trees of certificates: every whitelisted node round-trips; nothing else is read."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from ceproof.certificate.expressions import _BASIC, FUNCTIONS, MAX_DEPTH, Reader, Unreadable, encode
from ceproof.derivations.matrices import Diag
from ceproof.kernel.wellformed import NODES
from ceproof.kernel.wellformed import EXACT_ONLY, polynomial_arithmetic

i, j = sympy.symbols("i j", integer=True, nonnegative=True)
K = sympy.Symbol("K", integer=True, positive=True)
x, y = sympy.symbols("x y", real=True)
S = sympy.Symbol("S")
z = sympy.IndexedBase("z", real=True)
p = sympy.IndexedBase("p")

ATOMS = [x, y, S, K, z[i], p[j], z[0], sympy.Integer(3), sympy.Rational(2, 7), sympy.E]


def expressions():
    """Random expressions over the whitelisted node kinds."""
    unary = [sympy.exp, sympy.log, sympy.Abs, sympy.tanh]
    return st.recursive(
        st.sampled_from(ATOMS),
        lambda inner: st.one_of(
            st.tuples(inner, inner).map(lambda ab: ab[0] + ab[1]),
            st.tuples(inner, inner).map(lambda ab: ab[0] * ab[1]),
            st.tuples(inner, st.integers(-3, 3)).map(lambda ab: ab[0] ** ab[1] if ab[0] != 0 or ab[1] >= 0 else ab[0]),
            st.tuples(st.sampled_from(unary), inner).map(lambda fa: fa[0](fa[1])),
            st.tuples(inner, inner).map(lambda ab: sympy.Max(ab[0], ab[1])),
            inner.map(lambda a: sympy.Sum(a * p[i], (i, 0, K - 1))),
            inner.map(lambda a: sympy.KroneckerDelta(i, j) * a),
        ),
        max_leaves=12,
    ).filter(lambda e: not e.has(sympy.I, sympy.pi, sympy.zoo, sympy.nan, sympy.oo)  # log of a negative is complex
             and not e.has(sympy.re, sympy.im, sympy.arg, sympy.sign)  # |exp(S)| = exp(re(S)) for S not known real
             and not any(isinstance(node, sympy.exp) and node.args[0].has(sympy.log)  # refused: exp(k·log n)
                         or isinstance(node, sympy.Max) and node.has(*(m for m in node.args if isinstance(m, sympy.Max)))
                         for node in sympy.preorder_traversal(e))
             and all(polynomial_arithmetic(a) for node in sympy.preorder_traversal(e) if isinstance(node, EXACT_ONLY)
                     for a in node.args)  # as the kernel: SymPy evaluates these by comparing numbers
             and all(len(m.args) <= 2 for m in e.atoms(sympy.Max))  # max(a, b) only: SymPy's is quadratic
             and not any(isinstance(node, sympy.Expr) and node.is_number and not node.is_Rational  # refused: exp(2)
                         and not node.free_symbols for node in sympy.preorder_traversal(e)))


@settings(max_examples=150, deadline=None)
@given(expressions())
def test_every_expression_round_trips(expr):
    assert Reader().decode(encode(expr)) == expr


@pytest.mark.parametrize("expr", [
    sympy.floor(i / 2) + sympy.Mod(j, 3),
    sympy.Sum(z[i] * p[j], (j, i + 1, K - 1), (i, 0, K - 1)),
    sympy.Symbol("W_{0,1}", real=True),
    sympy.Max(x, 0) + sympy.Abs(y) * sympy.tanh(x),
])
def test_sums_functions_and_named_entries_round_trip(expr):
    assert Reader().decode(encode(expr)) == expr


@pytest.mark.parametrize("expr", [
    Diag(sympy.MatrixSymbol("p", K, 1)) - sympy.MatrixSymbol("p", K, 1) * sympy.MatrixSymbol("p", K, 1).T,
    sympy.KroneckerProduct(sympy.MatrixSymbol("A", 2, 2), sympy.MatrixSymbol("B", 3, 3)),
    sympy.ImmutableMatrix([[x, 1], [0, y]]),
    sympy.Identity(3),
    sympy.Min(x, y),
    sympy.Heaviside(x),
])
def test_matrices_and_functions_outside_the_kernels_whitelist_cannot_be_written(expr):
    """Version 2 writes only what the kernel accepts: arrays are IndexedArrays, never matrix expressions."""
    with pytest.raises(TypeError, match="no certificate node kind"):
        encode(expr)


def test_the_readers_node_kinds_are_exactly_the_kernels():
    """Every compound node a certificate may hold is one the kernel accepts (wellformed.NODES), and
    every compound node of the kernel can be written."""
    readable = {*FUNCTIONS.values(), *_BASIC.values()}
    compound = {node for node in NODES if node not in (sympy.Rational, sympy.Sum, sympy.Indexed, type(sympy.E))}
    assert readable == compound


@pytest.mark.parametrize("tree, reason", [
    (["Lambda", ["Symbol", "x"]], "unknown node kind"),
    (["Symbol", "os.system('x')"], "plain name"),
    (["Symbol", "x", "commutative"], "assumptions"),
    (["Integer", 10 ** 101], "digits"),
    (["Integer", "7"], "integer"),
    (["Rational", 1, 0], "denominator 0"),
    (["Pow", ["Integer", 2], ["Integer", 10 ** 6]], "power"),
    (["Pow", ["Integer", 0], ["Integer", -1]], "negative power"),
    (["Sum", ["Symbol", "x"], [["Symbol", "i", "integer"], ["Integer", 0], ["Integer", 10 ** 8]]], "terms"),
    (["Sum", ["Symbol", "x"], [["Integer", 1], ["Integer", 0], ["Integer", 3]]], "index must be a symbol"),
    (["Indexed", ["Symbol", "z"], ["Integer", 0]], "IndexedBase"),
    (["exp"], "argument"),
    (["exp", ["Symbol", "x"], ["Symbol", "y"]], "argument"),
    (["Matrix", 2, 2, ["Integer", 1]], "unknown node kind"),
    (["MatrixSymbol", "A", ["Integer", 2], ["Integer", 2]], "unknown node kind"),
    (["Identity", ["Integer", 3]], "unknown node kind"),
    (["Transpose", ["Symbol", "x"]], "unknown node kind"),
    (["Min", ["Symbol", "x"], ["Symbol", "y"]], "unknown node kind"),
    (["Heaviside", ["Symbol", "x"]], "unknown node kind"),
    ("x", "expression node"),
    ([], "expression node"),
])
def test_a_tree_outside_the_whitelist_is_unreadable(tree, reason):
    with pytest.raises(Unreadable, match=reason):
        Reader().decode(tree)


def test_nesting_beyond_the_limit_is_unreadable():
    tree = ["Symbol", "x"]
    for _ in range(MAX_DEPTH + 1):
        tree = ["exp", tree]
    with pytest.raises(Unreadable, match="nested"):
        Reader().decode(tree)


def test_nested_sums_are_limited_by_the_terms_they_write_out():
    limit = [["Symbol", "i", "integer"], ["Integer", 0], ["Integer", 999]]
    inner = ["Sum", ["Symbol", "x"], limit]
    assert Reader().decode(inner) is not None
    assert Reader().decode(["Sum", inner, [["Symbol", "j", "integer"], ["Integer", 0], ["Integer", 999]]]) is not None
    with pytest.raises(Unreadable, match="terms"):  # 10⁶ at K = 1000 is read; 10⁸ is not
        Reader().decode(["Sum", ["Sum", inner, [["Symbol", "j", "integer"], ["Integer", 0], ["Integer", 999]]],
                         [["Symbol", "k", "integer"], ["Integer", 0], ["Integer", 99]]])


def test_a_dummy_symbol_cannot_be_written():
    with pytest.raises(TypeError, match="dummy"):
        encode(sympy.Dummy("s"))


def test_known_symbols_are_reused_so_checks_meet_the_same_objects():
    reader = Reader(known=[z])
    assert reader.decode(encode(z)) is z


@pytest.mark.parametrize("tree", [
    ["Pow", ["Add", ["Symbol", "x"], ["Symbol", "y"]], ["Integer", 10 ** 6]],
    ["Mul", *[["Add", ["Symbol", "x"], ["Symbol", "y"]]] * 100],
])
def test_a_sum_to_a_huge_power_is_refused_however_it_is_written(tree):
    with pytest.raises(Unreadable, match="power"):
        Reader().decode(tree)


def test_sum_limits_must_be_integers():
    half = ["Rational", 1, 2]
    with pytest.raises(Unreadable, match="between integers"):
        Reader().decode(["Sum", ["Symbol", "x"], [["Symbol", "i", "integer"], half, ["Integer", 3]]])


def test_one_name_cannot_carry_two_declarations():
    reader = Reader()
    reader.decode(["Symbol", "s", "real"])
    with pytest.raises(Unreadable, match="declared twice"):
        reader.decode(["Symbol", "s", "positive"])
