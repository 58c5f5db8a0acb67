"""Unit tests for ceproof.laurent: sparse Laurent polynomials and index templates."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import IndexedBase, Integer, KroneckerDelta, Rational, exp, symbols

from ceproof.kernel.algebra.laurent import (Laurent, NotALaurentPolynomial, Template, from_sympy, monomial_of)

x, y, z = symbols("x y z", real=True)
j, k = symbols("j k", integer=True, nonnegative=True)
p = IndexedBase("p")
P = symbols("p0:3")
v0, v1 = symbols("v0 v1", real=True)


def agrees_with_expand(poly: Laurent, expr: sympy.Expr) -> bool:
    return sympy.expand(poly.to_sympy() - expr) == 0


# ---------------------------------------------------------------- from_sympy

def test_sum_of_atoms_has_one_term_per_atom():
    poly = from_sympy(x + 2 * y + 3)
    assert len(poly.terms) == 3
    assert poly == Laurent.atom(x) + Laurent.constant(2) * Laurent.atom(y) + Laurent.constant(3)


def test_product_of_sums_is_multiplied_out():
    product = sympy.Mul(x + y, x - y, evaluate=False)
    assert from_sympy(product) == from_sympy(x ** 2 - y ** 2)


def test_integer_power_of_a_sum_is_multiplied_out():
    poly = from_sympy((x + y) ** 3)
    assert len(poly.terms) == 4
    assert agrees_with_expand(poly, (x + y) ** 3)


def test_negative_power_of_an_atom_is_one_monomial():
    poly = from_sympy(y / x ** 2)
    assert len(poly.terms) == 1
    assert poly * from_sympy(x ** 2) == from_sympy(y)


def test_negative_power_of_a_monomial_inverts_its_coefficient():
    monomial = Laurent.constant(2) * Laurent.atom(x) * Laurent.atom(y, -1)
    assert monomial ** -2 == from_sympy(Rational(1, 4) * y ** 2 / x ** 2)


def test_rational_coefficients_are_exact_fractions():
    poly = from_sympy(x / 3 + x / 6)
    assert list(poly.terms.values()) == [Fraction(1, 2)]


def test_exp_of_a_multiple_equals_the_power_of_exp():
    assert from_sympy(exp(2 * z)) == from_sympy(exp(z)) ** 2


def test_exp_of_a_sum_is_the_product_of_exps():
    assert from_sympy(exp(x - 2 * y)) == from_sympy(exp(x)) * from_sympy(exp(y)) ** -2


def test_identity_difference_is_zero():
    assert (from_sympy((x + y) ** 2) - from_sympy(x ** 2 + 2 * x * y + y ** 2)).is_zero()


def test_non_identity_is_nonzero():
    difference = from_sympy((x + y) ** 2) - from_sympy(x ** 2 + y ** 2)
    assert not difference.is_zero()
    assert difference == from_sympy(2 * x * y)


def test_polynomials_differing_in_one_coefficient_are_not_equal():
    assert from_sympy(x ** 2 + 2 * x * y) != from_sympy(x ** 2 + 3 * x * y)


def test_indexed_entries_and_kronecker_deltas_are_atoms():
    poly = from_sympy(p[j] * KroneckerDelta(j, k) - p[j] * p[k])
    assert len(poly.terms) == 2
    assert agrees_with_expand(poly, p[j] * KroneckerDelta(j, k) - p[j] * p[k])


def test_an_exponential_with_a_constant_or_a_fraction_is_read_soundly():
    """e^{1+z} is e·e^z, e^{2z − 2} is (e^{z − 1})² (so a Hessian of log(1 + e^{2z − 1}) compares), and e^{z/2} is an
    atom of its own: e^{z/2}·e^{z/2} = e^z is a relation the engine does not see, so it fails a true identity
    that needs it — never passes a false one."""
    assert from_sympy(exp(1 + z)) == from_sympy(sympy.E * exp(z))
    assert from_sympy(exp(2 * z - 2)) == from_sympy(exp(z - 1)) ** 2
    half = from_sympy(exp(z / 2))
    assert half * half != from_sympy(exp(z)) and half != from_sympy(exp(z))
    assert (from_sympy(exp(z / 2) * exp(-z / 2) - 1)).is_zero()  # SymPy itself writes this product as 1
    assert not from_sympy(sympy.diff(exp(z / 2), z) - exp(z / 2)).is_zero()  # a false derivative stays false
    assert from_sympy(sympy.diff(exp(3 * z / 2 - 1), z) - Rational(3, 2) * exp(3 * z / 2 - 1)).is_zero()


@pytest.mark.parametrize("expr", [
    x ** y,
    x ** sympy.pi,
    sympy.sin(x),
    1 / (x + y),
], ids=["x**y", "x**pi", "sin(x)", "1/(x+y)"])
def test_non_laurent_expressions_are_rejected(expr):
    with pytest.raises(NotALaurentPolynomial):
        from_sympy(expr)


def test_to_sympy_round_trips():
    expr = 3 * x ** 2 / y - Rational(1, 2) * exp(z) + 7
    assert from_sympy(from_sympy(expr).to_sympy()) == from_sympy(expr)


# ---------------------------------------------------------------- Template

def _image(mapping, indices):
    def image(atom, values):
        bound = atom.xreplace({s: Integer(n) for s, n in zip(indices, values)})
        return from_sympy(bound.xreplace(mapping))
    return image


def _reference(entry, indices, values, mapping) -> Laurent:
    bound = entry.xreplace({s: Integer(n) for s, n in zip(indices, values)})
    return from_sympy(sympy.expand(bound.xreplace(mapping)))


MAPPINGS = {
    "p->p_r": {p[r]: P[r] for r in range(3)},
    "p->2p_r": {p[r]: 2 * P[r] for r in range(3)},
    "p->p_r+1": {p[r]: P[r] + 1 for r in range(3)},
}

ENTRIES = {
    "diag-outer": p[j] * KroneckerDelta(j, k) - p[j] * p[k],
    "delta-with-constant": KroneckerDelta(j, 0) * p[k] + 2 * KroneckerDelta(j, k),
    "delta-times-power": KroneckerDelta(j, k) * p[j] ** 3 - Rational(1, 3) * p[k] ** 2,
}


@pytest.mark.parametrize("mapping", MAPPINGS.values(), ids=MAPPINGS.keys())
@pytest.mark.parametrize("entry", ENTRIES.values(), ids=ENTRIES.keys())
def test_template_at_matches_sympy_substitution(entry, mapping):
    indices = (j, k)
    template = Template(from_sympy(entry), indices, _image(mapping, indices))
    for values in [(r, c) for r in range(3) for c in range(3)]:
        assert template.at(values) == _reference(entry, indices, values, mapping), values


@pytest.mark.parametrize("mapping", [MAPPINGS["p->p_r"], MAPPINGS["p->2p_r"]], ids=["p->p_r", "p->2p_r"])
def test_template_at_handles_negative_powers(mapping):
    entry = p[j] ** 2 * KroneckerDelta(j, k) / p[k] - 1 / p[j]
    indices = (j, k)
    template = Template(from_sympy(entry), indices, _image(mapping, indices))
    for values in [(0, 0), (0, 2), (2, 1)]:
        assert template.at(values) == _reference(entry, indices, values, mapping), values


def test_template_add_into_scales_multiplies_and_accumulates():
    entry = p[j] * KroneckerDelta(j, k) - p[j] * p[k]
    indices = (j, k)
    mapping = MAPPINGS["p->p_r+1"]
    template = Template(from_sympy(entry), indices, _image(mapping, indices))
    acc: dict = {}
    template.add_into(acc, (1, 1), monomial_of(v0 * v1), scale=-2)
    template.add_into(acc, (0, 2))
    expected = (Laurent.constant(-2) * from_sympy(v0 * v1) * _reference(entry, indices, (1, 1), mapping)
                + _reference(entry, indices, (0, 2), mapping))
    assert Laurent(acc) == expected


def test_template_delta_of_distinct_values_is_zero():
    template = Template(from_sympy(KroneckerDelta(j, k) * p[j]), (j, k), _image(MAPPINGS["p->p_r"], (j, k)))
    assert template.at((0, 1)).is_zero()
    assert template.at((1, 1)) == Laurent.atom(P[1])


# ---------------------------------------------------------------- against sympy.expand

ATOMS = (x, y, exp(z))

monomials = st.builds(
    lambda numerator, denominator, powers: Rational(numerator, denominator)
    * sympy.Mul(*(atom ** e for atom, e in zip(ATOMS, powers))),
    st.integers(-3, 3),
    st.sampled_from([1, 2, 3]),
    st.tuples(*(st.integers(-2, 2) for _ in ATOMS)),
)
polynomials = st.lists(monomials, min_size=1, max_size=3).map(lambda terms: sympy.Add(*terms))


@settings(max_examples=40, deadline=None)
@given(polynomials, polynomials, st.integers(0, 2))
def test_expansion_agrees_with_sympy_expand(a, b, power):
    expr = sympy.Mul(a, b ** power, evaluate=False) - a
    expanded = sympy.expand(expr)
    poly = from_sympy(expr)
    assert poly == from_sympy(expanded)
    assert agrees_with_expand(poly, expanded)


def test_a_rational_power_is_a_power_of_its_base_atom():
    """√x is x to the exponent 1/2 (tests/kernel/test_fractional_powers.py has the rest): √x·√x is x."""
    assert (from_sympy(sympy.Mul(sympy.sqrt(x), sympy.sqrt(x), evaluate=False)) - from_sympy(x)).is_zero()
