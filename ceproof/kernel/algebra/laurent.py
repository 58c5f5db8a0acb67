"""Sparse Laurent polynomials with exact rational coefficients.

The identities of an explicit (concrete-K) proof have O(K^2) terms; SymPy's
``expand`` and its dense polynomial rings grow like K^3 there. A monomial is
stored sparsely as a sorted tuple of ``(atom, exponent)`` pairs, so checking an
identity costs time proportional to its number of terms.

Atoms are opaque SymPy expressions (symbols, ``exp(z0)``, ``log(S)``, indexed
symbols, Kronecker deltas): two polynomials are equal as polynomials in
independent atoms, which is a sound (sufficient) test of the identity. An atom
may carry a rational exponent (√x·x^{3/2} = x²: principal powers of one base
multiply so wherever the base is ≠ 0, and a negative power is shown ≠ 0 by the
check that divides).
"""

from __future__ import annotations

import itertools

from fractions import Fraction
from typing import Callable, Iterable, Mapping

import sympy

from ..budget import spend

Monomial = tuple  # tuple[tuple[int, int | Fraction], ...]: (atom id, exponent), sorted by atom id

_ATOM_IDS: dict = {}
_ATOMS: list = []


def _atom_id(atom: sympy.Expr) -> int:
    """Intern an atom: a memo so monomials are tuples of small integers."""
    found = _ATOM_IDS.get(atom)
    if found is None:
        found = _ATOM_IDS[atom] = len(_ATOMS)
        _ATOMS.append(atom)
    return found


MAX_PRODUCT = 1_000_000
"""Most pairs of terms one product may multiply: (Σ pᵢvᵢ)² at K = 200 needs 40 200, the most any proof
of the family needs; a hostile certificate's (z0 + z1 + …)¹⁰⁰⁰ must fail, not run for hours."""
MAX_TERMS = 500_000
"""Most terms one polynomial may hold (about 150 MB): the family needs 40 200 at K = 200. Bounding
each product is not enough, a sum of many allowed products would fill the memory."""
MAX_POWER = 64
MAX_COEFFICIENT_BITS = 12_000
"""Most bits (numerator and denominator) one coefficient may reach: (z₀/a¹² + z₁/b¹² + z₂/c¹²)⁶⁴ with 330-bit
a, b, c multiplies fractions of 250 000 bits for minutes at a charge of a few pairs (A19-1). The family's
coefficients have a few dozen bits; a certificate's numbers have at most 4096; and a number under 12 000
bits can still be written (Python writes no integer of more than 4300 digits)."""


def _bits(c) -> int:
    """The bits of a coefficient (an int or a Fraction): what multiplying or adding it costs."""
    if isinstance(c, int):
        return c.bit_length() if c >= 0 else (-c).bit_length()
    return abs(c.numerator).bit_length() + c.denominator.bit_length()


def _largest_bits(poly: "Laurent") -> int:
    return max((_bits(c) for c in poly.terms.values()), default=0)


def _bounded_coefficient(c):
    """``c``, unless it has more than MAX_COEFFICIENT_BITS bits."""
    if _bits(c) > MAX_COEFFICIENT_BITS:
        raise NotALaurentPolynomial(f"a coefficient would have more than {MAX_COEFFICIENT_BITS} bits")
    return c


def _bounded_power_bits(c, n: int) -> None:
    """Refuse c**n before computing it when it would have more than MAX_COEFFICIENT_BITS bits."""
    if _bits(c) * abs(n) > MAX_COEFFICIENT_BITS:
        raise NotALaurentPolynomial(f"a coefficient would have more than {MAX_COEFFICIENT_BITS} bits")


class NotALaurentPolynomial(ValueError):
    """The expression has a part (a symbolic power, a non-atomic function) we cannot expand."""


def _bounded(terms: dict) -> None:
    if len(terms) > MAX_TERMS:
        raise NotALaurentPolynomial(f"a polynomial of more than {MAX_TERMS} terms is too large to hold")


def _monomial_mul(a: Monomial, b: Monomial) -> Monomial:
    if not a:
        return b
    if not b:
        return a
    powers = dict(a)
    for atom, exp in b:
        new = powers.get(atom, 0) + exp
        if new:
            powers[atom] = new
        else:
            del powers[atom]
    return tuple(sorted(powers.items()))


def _atoms(poly: "Laurent") -> int:
    """The atoms of all the monomials of ``poly``: what multiplying each of its terms once costs."""
    return sum(len(m) for m in poly.terms)


class Laurent:
    """An immutable sum of rational coefficients times monomials in opaque atoms."""

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[Monomial, Fraction] | None = None):
        self.terms = {m: c for m, c in (terms or {}).items() if c}

    @classmethod
    def _owning(cls, terms: dict) -> "Laurent":
        """Wrap a dict built here (and used by nobody else), dropping zero coefficients in place."""
        for m in [m for m, c in terms.items() if not c]:
            del terms[m]
        _bounded(terms)
        for c in terms.values():  # sums of products grow denominators too (A19-1)
            _bounded_coefficient(c)
        poly = cls.__new__(cls)
        poly.terms = terms
        return poly

    @classmethod
    def constant(cls, value) -> "Laurent":
        """``value`` is an int or a Fraction; ints stay ints, which is faster."""
        return cls({(): value})

    @classmethod
    def atom(cls, atom: sympy.Expr, exponent: int | Fraction = 1) -> "Laurent":
        """``atom`` to an integer or rational exponent (a base's fractional powers share its atom)."""
        return cls({((_atom_id(atom), exponent),): 1}) if exponent else cls.constant(1)

    def is_zero(self) -> bool:
        return not self.terms

    def __add__(self, other: "Laurent") -> "Laurent":
        return self._combined(other, 1)

    def _combined(self, other: "Laurent", sign: int) -> "Laurent":
        terms = dict(self.terms)
        get = terms.get
        for m, c in other.terms.items():
            terms[m] = _bounded_coefficient(get(m, 0) + sign * c)
        return Laurent._owning(terms)

    def __neg__(self) -> "Laurent":
        return Laurent({m: -c for m, c in self.terms.items()})

    def __sub__(self, other: "Laurent") -> "Laurent":
        return self._combined(other, -1)

    def __mul__(self, other: "Laurent") -> "Laurent":
        if len(self.terms) * len(other.terms) > MAX_PRODUCT:
            raise NotALaurentPolynomial(f"a product of {len(self.terms)} and {len(other.terms)} terms is too large "
                                        "to expand")
        # every product in a proof counts (A16-1, A17-1), by the work it does: each pair of terms costs its
        # atoms, and a monomial of 1000 atoms is 1000 times one of a single atom (A18-1)
        bits = _largest_bits(self) + _largest_bits(other)
        if bits > MAX_COEFFICIENT_BITS:
            raise NotALaurentPolynomial(f"a coefficient would have more than {MAX_COEFFICIENT_BITS} bits")
        pairs = len(self.terms) * len(other.terms)  # … and by the size of its numbers (A19-1)
        spend("terms", pairs * (1 + bits // 256) ** 2 + len(other.terms) * _atoms(self) + len(self.terms) * _atoms(other))
        terms: dict = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = _monomial_mul(m1, m2)
                terms[m] = terms.get(m, 0) + c1 * c2
        return Laurent._owning(terms)

    def __pow__(self, n: int) -> "Laurent":
        if n < 0:
            if len(self.terms) != 1:
                raise NotALaurentPolynomial("negative power of a sum")
            ((m, c),) = self.terms.items()
            _bounded_power_bits(c, n)
            return Laurent({tuple((a, e * n) for a, e in m): _inverse_power(c, -n)})
        if len(self.terms) == 1:
            ((m, c),) = self.terms.items()
            _bounded_power_bits(c, n)
            return Laurent({tuple((a, e * n) for a, e in m): c ** n}) if n else Laurent.constant(1)
        if n > MAX_POWER:
            raise NotALaurentPolynomial(f"a sum to the power {n} is too large to expand")
        result = Laurent.constant(1)
        for _ in range(n):
            result = result * self
        return result

    def __eq__(self, other) -> bool:
        return isinstance(other, Laurent) and (self - other).is_zero()

    __hash__ = None

    def head(self, count: int) -> "Laurent":
        """The first ``count`` terms (to show a large polynomial without building all of it)."""
        return Laurent(dict(itertools.islice(self.terms.items(), count)))

    def to_sympy(self) -> sympy.Expr:
        return sympy.Add(*(
            sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*(_ATOMS[a] ** e for a, e in m))
            for m, c in self.terms.items()
        ))

    def __repr__(self) -> str:
        return f"Laurent({self.to_sympy()})"


def from_sympy(expr: sympy.Expr, cache: dict | None = None) -> Laurent:
    """Convert a SymPy expression built from +, ×, integer powers and atoms."""
    if cache is not None and expr in cache:
        return cache[expr]
    if expr.is_Integer:
        result = Laurent.constant(int(expr))
    elif expr.is_Rational:
        result = Laurent.constant(Fraction(int(expr.p), int(expr.q)))
    elif expr.is_Add:
        terms: dict = {}
        for arg in expr.args:
            for m, c in from_sympy(arg, cache).terms.items():
                terms[m] = terms.get(m, 0) + c
        result = Laurent._owning(terms)
    elif expr.is_Mul:
        result = Laurent.constant(1)
        for arg in expr.args:
            result = result * from_sympy(arg, cache)
    elif isinstance(expr, sympy.exp):
        result = _exp_to_laurent(expr.args[0])
    elif expr == sympy.E:  # exp(1), which SymPy writes as the number e
        result = Laurent.atom(sympy.E, 1)
    elif expr.is_Pow:
        base, exp = expr.args
        if exp.is_Rational and not exp.is_Integer:  # the atom b to a rational exponent: b^r·b^s = b^{r+s} for
            result = Laurent.atom(base, Fraction(int(exp.p), int(exp.q)))  # principal powers, b ≠ 0 (a negative
        elif not exp.is_Integer:  # power is shown ≠ 0 by the checks that divide), and for r, s > 0 at b = 0
            raise NotALaurentPolynomial(f"non-integer power {expr}")
        elif _is_atom(base):
            result = Laurent.atom(base, int(exp))
        else:
            result = from_sympy(base, cache) ** int(exp)
    elif _is_atom(expr):
        result = Laurent.atom(expr)
    else:
        raise NotALaurentPolynomial(f"cannot expand {type(expr).__name__}: {expr}")
    if cache is not None:
        cache[expr] = result
    return result


def _exp_to_laurent(arg: sympy.Expr) -> Laurent:
    """exp(c + n1*x1 + n2*x2) with integer n's as the monomial e^c·exp(x1)^n1·exp(x2)^n2, e^c as a power of the
    atom e when c is an integer (e^{−2} = e⁻², so that e^{2u} and (e^u)² agree) and as an atom of its own
    otherwise. Any other exp(u) of plain symbols (a fractional coefficient: e^{−3a/2}) is an atom of its own. An
    identity that holds with these as independent unknowns holds at their values; relations not seen (e^{a/2}·
    e^{a/2} = e^{a}) may fail a true identity, never pass a false one."""
    if arg.has(sympy.Sum, sympy.Indexed) and not all(
            term.as_coeff_Mul()[0].is_Integer and not term.as_coeff_Mul()[1].is_Number
            for term in sympy.Add.make_args(arg)):
        raise NotALaurentPolynomial(f"cannot expand exp({arg})")
    result = Laurent.constant(1)
    for term in sympy.Add.make_args(arg):
        coeff, rest = term.as_coeff_Mul()
        if rest.is_Number:  # the constant c = coeff
            if not coeff.is_Rational:
                raise NotALaurentPolynomial(f"cannot expand exp({arg})")
            factor = Laurent.atom(sympy.E, int(coeff)) if coeff.is_Integer else Laurent.atom(sympy.exp(coeff), 1)
        elif coeff.is_Integer:
            factor = Laurent.atom(sympy.exp(rest), int(coeff))
        else:
            return Laurent.atom(sympy.exp(arg), 1)
        result = result * factor
    return result


def _is_atom(expr: sympy.Expr) -> bool:
    return (
        expr.is_Symbol
        or isinstance(expr, (sympy.Indexed, sympy.KroneckerDelta, sympy.Sum))
        or (isinstance(expr, sympy.log) and not expr.args[0].is_Number)
    )


def _inverse_power(c, n: int):
    """1 / c**n, exactly; an int when c is ±1."""
    power = c ** n
    return power if power in (1, -1) else Fraction(1, 1) / power


def merge_monomials(parts) -> Monomial:
    """The product of monomials given as ``(monomial, power)`` pairs."""
    powers: dict = {}
    for monomial, power in parts:
        for atom_id, exp in monomial:
            powers[atom_id] = powers.get(atom_id, 0) + exp * power
    return tuple(sorted(item for item in powers.items() if item[1]))


def monomial_of(expr: sympy.Expr) -> Monomial:
    """The monomial of a product of atoms (``v0*v3``)."""
    ((monomial, _),) = from_sympy(expr).terms.items()
    return monomial


class Template:
    """A polynomial whose atoms carry free indices, evaluated fast at many integer index values.

    ``image(atom, values)`` gives the polynomial an atom becomes when ``indices`` take ``values``
    (``p[j]`` -> ``p3``); it is computed once per atom and distinct values of the indices it
    depends on. A Kronecker delta of two of the indices is evaluated inline (0 or 1).
    """

    def __init__(self, poly: Laurent, indices: tuple, image: Callable):
        self.image = image
        self.indices = indices
        self.powers: dict = {}  # (atom, index values it depends on, power) -> the image's power, made once
        self.terms = []
        for monomial, coeff in poly.terms.items():
            atoms = []
            for atom_id, power in monomial:
                atom = _ATOMS[atom_id]
                if isinstance(power, Fraction) and power.denominator == 1:
                    power = int(power)  # √x·√x: a whole power of x
                if isinstance(atom, sympy.KroneckerDelta) and all(a in indices for a in atom.args):
                    if power < 0:
                        raise NotALaurentPolynomial("division by a Kronecker delta")
                    atoms.append((None, power, tuple(indices.index(a) for a in atom.args), None))
                    continue
                free = atom.free_symbols
                deps = tuple(n for n, s in enumerate(indices) if s in free)
                atoms.append((atom_id, power, deps, {}))  # the last item caches the atom's images
            self.terms.append((coeff, atoms))
        self.cost = sum(1 + len(atoms) for _, atoms in self.terms)
        """What evaluating the template once costs: each term and each of its atoms (A18-2)."""

    def _image(self, atom_id: int, deps: tuple, values: tuple, cache: dict):
        key = tuple(values[n] for n in deps)
        found = cache.get(key)
        if found is None:
            poly = self.image(_ATOMS[atom_id], values)
            if len(poly.terms) == 1:
                ((m, c),) = poly.terms.items()
                found = (m, c, None)
            else:
                found = ((), 0, poly) if poly.terms else ((), 0, None)
            cache[key] = found
        return found

    def add_into(self, acc: dict, values: tuple, monomial: Monomial = (), scale=1) -> None:
        """acc += scale · monomial · (template at ``values``); every evaluation counts against the proof's
        budget of terms (a 1001-term template at each of 3600 entries: 2.2 GB, A18-2)."""
        spend("terms", self.cost)
        for coeff, atoms in self.terms:
            c = coeff * scale
            parts = [(monomial, 1)]
            sums = []
            for atom_id, power, deps, cache in atoms:
                if atom_id is None:  # Kronecker delta
                    if values[deps[0]] != values[deps[1]]:
                        c = 0
                        break
                    continue
                m, k, poly = self._image(atom_id, deps, values, cache)
                if not isinstance(power, int) and (poly is not None or k != 1 or len(m) != 1 or m[0][1] != 1):
                    if deps:  # √(a² + j) at j = 0 is |a|, not a (A51-1): (bʳ)ˢ is not bʳˢ
                        raise NotALaurentPolynomial("a fractional power of an entry whose value is not one unknown")
                    m, k, poly = ((atom_id, 1),), 1, None  # √(1 + a²): the atom itself, the same at every index
                if poly is not None:  # (Σ z)⁸ is 43 758 terms: made once, not at each of K² entries (C15-3)
                    key = (atom_id, tuple(values[n] for n in deps), power)
                    if key not in self.powers:
                        self.powers[key] = poly ** power
                    sums.append(self.powers[key])
                    continue
                if k == 0:
                    if power < 0:
                        raise NotALaurentPolynomial("division by an entry that is 0")
                    c = 0
                    break
                if k != 1:
                    _bounded_power_bits(k, power)
                    c = _bounded_coefficient(c * (k ** power if power >= 0 else _inverse_power(k, -power)))
                parts.append((m, power))
            if c == 0:
                continue
            if sums:
                term = Laurent({merge_monomials(parts): c})
                for poly in sums:
                    term = term * poly
                for m, k in term.terms.items():
                    acc[m] = _bounded_coefficient(acc.get(m, 0) + k)
                _bounded(acc)
            else:
                m = merge_monomials(parts)
                acc[m] = _bounded_coefficient(acc.get(m, 0) + c)
        _bounded(acc)

    def at(self, values: tuple) -> Laurent:
        acc: dict = {}
        self.add_into(acc, values)
        return Laurent._owning(acc)
