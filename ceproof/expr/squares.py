"""The Hessian route's search for a loss the user typed: vᵀHv as weighted squares of linear forms in v,
vᵀHv = Σₖ wₖ·(formₖ)², each weight expected ≥ 0. Untrusted: the kernel checks the identity by expansion and
each weight by its own sign rules; a wrong decomposition fails there.

Two decompositions are tried: a symbolic LDLᵀ (the weights are its pivots) and the diagonally dominant split
vᵀHv = Σᵢ<ⱼ |Hᵢⱼ|(vᵢ ± vⱼ)² + Σᵢ (Hᵢᵢ − Σⱼ≠ᵢ |Hᵢⱼ|) vᵢ², whose weights are entries of H (the softmax
Hessian diag(p) − ppᵀ is of this kind, with every row sum 0). The algebra runs with each exponential eᵘ
replaced by a positive symbol, so that entries are rational functions that ``cancel`` decides exactly.

The kernel reads an identity as Laurent polynomials, with no sum in a denominator; a loss such as
log(1 + eˣ) or the softmax cross-entropy divides by one. The decomposition is then written with the notation's
S standing for D, the product of the distinct sums the divisors hold (the proof defines S := D and shows
S > 0), and the identity holds up to a multiple of the known zero S − D, whose multiplier is computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

import sympy

from .parse import shown_sign

MAX_VARIABLES = 12
"""Largest number of scalar variables the symbolic decompositions are tried on (LDLᵀ pivots grow each step)."""
MAX_ORDERS = 24
"""Most orders of the variables LDLᵀ tries when a pivot vanishes before its row does."""


@dataclass(frozen=True)
class Squares:
    """vᵀ·matrix·v = Σ weight·form² + multiplier·(S − normalizer) over ``terms`` ((weight, form) pairs, forms
    linear in ``directions``). ``matrix`` is the Hessian as the proof states it: with S for the normalizer
    when there is one (then ``normalizer`` is D and S := D), else as given and ``multiplier`` 0."""

    terms: tuple
    directions: tuple
    matrix: sympy.Matrix
    normalizer: sympy.Expr | None = None
    multiplier: sympy.Expr = sympy.Integer(0)


def weighted_squares(matrix: sympy.Matrix, directions: tuple, variables: tuple = (),
                     S: sympy.Symbol | None = None) -> Squares | None:
    """vᵀ·matrix·v as weighted squares: LDLᵀ in up to MAX_ORDERS orders of the variables, then the
    diagonally dominant split; the first whose divisors are monomials, or powers of one sum written with
    ``S`` (when given), is returned; None when none is. ``variables``: the unknowns, so that e^{2z₀ − z₁}
    is seen as E₀²/E₁ and cancels with e^{z₀}."""
    n = matrix.shape[0]
    if n > MAX_VARIABLES:
        return None
    opened, closing = _positive_exponentials(matrix, variables)
    if opened.has(sympy.DiracDelta, sympy.Heaviside, sympy.Abs, sympy.Max, sympy.Min):
        return None  # a kink: no Hessian there, and no decomposition of one
    if n == 1 and _root_of_sum(matrix) and shown_sign(matrix[0, 0], "nonnegative"):
        return Squares(((matrix[0, 0], directions[0]),), directions, matrix)  # (1 + x²)^{3/4}: f'' itself
    best = None
    for terms in _decompositions(opened, directions):
        try:
            found = _written_with_normalizer(opened, terms, directions, S)
        except sympy.PolynomialError:
            found = None  # a divisor that is not a polynomial in the positive symbols (√(1 + x²))
        if found is not None and (best is None or _score(found, S) < _score(best, S)):
            best = found  # weights of known sign first, then the fewest sums in S (a smaller identity)
        if best is not None and _score(best, S) <= (0, 1):
            break
    if best is None:
        return None
    terms, H, D, multiplier = best
    close = lambda x: x.xreplace(closing)  # noqa: E731
    return Squares(tuple((close(w), close(f)) for w, f in terms), directions, H.applyfunc(close),
                   None if D is None else close(D), close(multiplier))


def _root_of_sum(matrix: sympy.Matrix) -> bool:
    """Whether the matrix holds a fractional power of a sum, which the search by polynomials cannot divide by."""
    return any(not p.exp.is_Integer and p.base.is_Add for p in matrix.atoms(sympy.Pow))


def _score(found, S) -> tuple:
    """(weights whose sign the coefficients do not decide, sums S stands for): the smaller, the likelier the
    kernel verifies the decomposition, and the cheaper. S, a sum of positive terms, counts as positive."""
    terms, D = found[0], found[2]
    positive = {S: sympy.Dummy("S", positive=True)} if S is not None else {}
    undecided = sum(1 for weight, _ in terms if _sign(weight.xreplace(positive)) != 1)
    return undecided, 0 if D is None else len(sympy.Mul.make_args(D))


def _decompositions(opened: sympy.Matrix, directions: tuple):
    """Candidate lists of (weight, form): the diagonally dominant split (cheap, and its weights are entries of
    H, as for diag(p) − ppᵀ), then the first LDLᵀ that completes."""
    terms = _diagonally_dominant(opened, directions)
    if terms is not None:
        yield terms
    n = opened.shape[0]
    for count, order in enumerate(permutations(range(n))):
        if count >= MAX_ORDERS:
            break
        terms = _ldl(opened, order, directions)
        if terms is not None:
            yield terms
            break


def _ldl(matrix: sympy.Matrix, order: tuple, directions: tuple):
    A = [[matrix[i, j] for j in order] for i in order]
    v = [directions[i] for i in order]
    n = len(order)
    terms = []
    for k in range(n):
        pivot = sympy.factor(_cancel(A[k][k]))
        row = [_cancel(A[k][j]) for j in range(k + 1, n)]
        if pivot == 0:
            if any(entry != 0 for entry in row):
                return None
            continue
        form = v[k] + sympy.Add(*(_cancel(entry / pivot) * v[j] for entry, j in zip(row, range(k + 1, n))))
        terms.append((pivot, form))
        for i in range(k + 1, n):
            for j in range(k + 1, n):
                A[i][j] = _cancel(A[i][j] - A[i][k] * A[k][j] / pivot)
    return terms


def _diagonally_dominant(matrix: sympy.Matrix, directions: tuple):
    """Σᵢ<ⱼ |Hᵢⱼ|(vᵢ + sᵢⱼvⱼ)² + Σᵢ rᵢvᵢ² with sᵢⱼ the sign of Hᵢⱼ and rᵢ = Hᵢᵢ − Σⱼ≠ᵢ |Hᵢⱼ|, when every
    off-diagonal sign is decided and no rᵢ is negative by its coefficients; else None."""
    n = matrix.shape[0]
    entries = [[_cancel(matrix[i, j]) for j in range(n)] for i in range(n)]
    terms, size = [], {}
    for i in range(n):
        for j in range(i + 1, n):
            if entries[i][j] == 0:
                continue
            sign = _sign(entries[i][j])
            if sign is None:
                return None
            size[i, j] = size[j, i] = sign * entries[i][j]
            terms.append((size[i, j], directions[i] + sign * directions[j]))
    for i in range(n):
        rest = _cancel(entries[i][i] - sympy.Add(*(size.get((i, j), 0) for j in range(n) if j != i)))
        if rest == 0:
            continue
        if _sign(rest) == -1:
            return None
        terms.append((rest, directions[i]))
    return terms


def _sign(expr: sympy.Expr) -> int | None:
    """+1 or −1 when a rational function of positive symbols has numerator and denominator each with
    coefficients of one sign; None otherwise (0 has no sign here)."""
    numerator, denominator = sympy.fraction(_cancel(expr))
    signs = []
    for part in (numerator, denominator):
        try:
            coefficients = sympy.Poly(part, *sorted(part.free_symbols, key=str)).coeffs() if part.free_symbols \
                else [part]
        except sympy.PolynomialError:
            return None
        if all(c > 0 for c in coefficients):
            signs.append(1)
        elif all(c < 0 for c in coefficients):
            signs.append(-1)
        else:
            return None
    if not all(s.is_positive for s in (numerator * denominator).free_symbols):
        return None
    return signs[0] * signs[1]


@lru_cache(maxsize=4096)
def _cancel(expr: sympy.Expr) -> sympy.Expr:
    """sympy.cancel, once per expression: the split, the divisors and the rewriting with S cancel the same entries."""
    return sympy.cancel(expr)


MAX_SUMS = 4
"""Most distinct sums the divisors may hold; S then stands for their product (Σ softplus(zₖ) has one per k)."""


def _written_with_normalizer(opened: sympy.Matrix, terms: list, directions: tuple, S):
    """(terms, matrix, D, multiplier) with the divisors written as powers of S, which stands for D, the product
    of the distinct sums D₁, …, Dₘ found in them (each piece num/(c·Π Dᵢ^pᵢ) as num·Π Dᵢ^(P − pᵢ)/(c·S^P)), and
    multiplier·(S − D) = vᵀHv − Σ w·f² in those terms; D None (and multiplier 0) when every divisor is a
    monomial; None with more than MAX_SUMS sums, or sums and no ``S``."""
    pieces = [*opened, *(w for w, _ in terms)]
    for _, form in terms:
        pieces += [form.coeff(d) for d in directions]
    sums = {_monic(factor) for piece in pieces for factor in _sum_divisors(piece)}
    if not sums:
        return terms, opened, None, sympy.Integer(0)
    if len(sums) > MAX_SUMS or S is None:
        return None
    factors = sorted(sums, key=sympy.default_sort_key)
    D = sympy.Mul(*factors)

    def with_S(expr):
        numerator, denominator = sympy.fraction(_cancel(expr))
        powers = []
        for factor in factors:
            power = 0
            while True:
                quotient, remainder = sympy.div(denominator, factor, *sorted(factor.free_symbols, key=str))
                if remainder != 0:
                    break
                denominator, power = quotient, power + 1
            powers.append(power)
        if sympy.factor(denominator).has(sympy.Add):
            raise ValueError("a divisor other than the sums")
        top = max(powers)
        spare = sympy.Mul(*(factor ** (top - power) for factor, power in zip(factors, powers)))
        return sympy.expand(numerator * spare) / denominator / S ** top

    try:
        written = [(with_S(w), sum((with_S(form.coeff(d)) * d for d in directions), sympy.Integer(0)))
                   for w, form in terms]
        H = opened.applyfunc(with_S)
    except ValueError:
        return None
    multiplier = _multiplier(H, written, directions, S, D)
    return None if multiplier is None else (written, H, D, multiplier)


def _multiplier(H, terms, directions: tuple, S, D):
    """m with vᵀHv − Σ w·f² = m·(S − D) as rational functions in S (a polynomial quotient), or None."""
    n = H.shape[0]
    difference = sympy.expand(sum((H[i, j] * directions[i] * directions[j] for i in range(n) for j in range(n)),
                                  sympy.Integer(0)) - sum((w * f ** 2 for w, f in terms), sympy.Integer(0)))
    numerator, denominator = sympy.fraction(sympy.together(difference))
    atoms = {e: sympy.Dummy() for e in sorted((numerator.atoms(sympy.exp) | D.atoms(sympy.exp)),
                                                key=sympy.default_sort_key)}  # each exponential as an unknown
    numerator, D = numerator.xreplace(atoms), D.xreplace(atoms)
    others = sorted((numerator.free_symbols | D.free_symbols) - {S}, key=sympy.default_sort_key)
    try:  # S first in lex order: dividing by S − D, whose leading term is S, is division in S over the others
        quotient, remainder = sympy.div(sympy.expand(numerator), S - sympy.expand(D), S, *others)
    except sympy.PolynomialError:
        return None  # S inside a function (log S, from softplus(x)²): not a polynomial in S
    back = {unknown: e for e, unknown in atoms.items()}
    quotient, remainder = quotient.xreplace(back), remainder.xreplace(back)
    if sympy.expand(remainder) != 0:
        return None
    return sympy.expand(quotient) / denominator


def through_normalizer(squares: Squares, function, variables: tuple, S) -> Squares:
    """``squares`` with its matrix recomputed as the kernel differentiates the function written with S for
    its one sum D: by the chain rule through S (so that the kernel compares the Hessian as polynomials in the
    exponentials and S, not as closed forms), and the multiplier of S − D recomputed for it. Unchanged when
    the function does not hold D, S stands for a product, or no multiplier is found."""
    D = squares.normalizer
    if D is None or len(sympy.Mul.make_args(D)) != 1 or not function.has(D):
        return squares
    if any(_integer_combination(e.args[0], variables) is None for e in function.atoms(sympy.exp)):
        return squares  # e^{x/2} or e^{x − 1}: the kernel reads them as atoms that polynomials would not relate
    written = function.xreplace({D: S})
    n = len(variables)
    dD = [sympy.diff(D, x) for x in variables]

    def derivative(g, r):
        return sympy.diff(g, variables[r]) + sympy.diff(g, S) * dD[r]

    gradient = [derivative(written, r) for r in range(n)]
    H = sympy.Matrix(n, n, lambda r, c: sympy.expand(derivative(gradient[r], c)))
    if any(_sum_divisors(entry) for entry in H):
        return squares  # another sum divides (log(1 + e^{−x}) next to log(1 + e^x)): keep the closed forms
    multiplier = _multiplier(H, squares.terms, squares.directions, S, D)
    if multiplier is None:
        return squares
    return Squares(squares.terms, squares.directions, H, D, multiplier)


def _sum_divisors(expr: sympy.Expr) -> list:
    """The factors of ``expr``'s denominator that are sums (each sum in it factored once: the matrix entries
    share their divisors)."""
    denominator = sympy.fraction(_cancel(expr))[1]
    bases = {factor.as_base_exp()[0] for factor in sympy.Mul.make_args(denominator)}
    return [factor for base in sorted(bases, key=sympy.default_sort_key) if base.is_Add
            for factor in _factors_of_sum(base)]


@lru_cache(maxsize=256)
def _factors_of_sum(total: sympy.Expr) -> tuple:
    """The factors of a sum that are sums."""
    return tuple(factor for factor, _ in sympy.factor_list(total)[1] if factor.is_Add)


def _monic(polynomial: sympy.Expr) -> sympy.Expr:
    """A sum up to a constant factor, made unique: its content and sign taken out."""
    _, primitive = sympy.Poly(polynomial, *sorted(polynomial.free_symbols, key=str)).primitive()
    expr = primitive.as_expr()
    return -expr if sympy.Poly(expr, *sorted(expr.free_symbols, key=str)).LC() < 0 else expr


def _positive_exponentials(matrix: sympy.Matrix, variables: tuple):
    """The matrix with each eˣ of a variable x replaced by a positive symbol Eₓ (e^{2x − y} by Eₓ²/E_y), every
    other exponential by a positive symbol of its own, each fractional power of a positive sum b by a power of a
    positive symbol R for b^{1/q} ((x + y)^{−1/2} is R⁻¹), and the map back."""
    base = {x: sympy.Symbol(f"_E{n}", positive=True) for n, x in enumerate(variables)}
    table: dict = {}
    others = 0
    for e in sorted(matrix.atoms(sympy.exp), key=sympy.default_sort_key):
        powers = _integer_combination(e.args[0], variables)
        if powers is not None:
            table[e] = sympy.Mul(*(base[x] ** c for x, c in powers.items()))
        else:
            table[e] = sympy.Symbol(f"_X{others}", positive=True)
            others += 1
    closing = {E: sympy.exp(x) for x, E in base.items()}
    closing.update({s: e for e, s in table.items() if s.is_Symbol and s.name.startswith("_X")})
    opened = matrix.xreplace(table)
    roots: dict = {}  # a positive sum b -> the lcm q of the denominators of its exponents: b^{p/q'} is R^{pq/q'}
    for power in opened.atoms(sympy.Pow):
        if power.base.is_Add and power.exp.is_Rational and not power.exp.is_Integer and power.base.is_positive:
            roots[power.base] = sympy.ilcm(roots.get(power.base, 1), power.exp.q)
    powers = {}
    for n, (total, q) in enumerate(sorted(roots.items(), key=lambda item: sympy.default_sort_key(item[0]))):
        R = sympy.Symbol(f"_R{n}", positive=True)  # stands for b^{1/q}, which the search sees as any positive
        closing[R] = sympy.Pow(total.xreplace(closing), sympy.Rational(1, q))
        powers.update({p: R ** int(p.exp * q) for p in opened.atoms(sympy.Pow) if p.base == total})
    return opened.xreplace(powers), closing


def _integer_combination(argument: sympy.Expr, variables: tuple) -> dict | None:
    """{x: c} when ``argument`` is Σ c·x over the variables with integer c and no constant term, else None."""
    if not variables:
        return None
    try:
        poly = sympy.Poly(sympy.expand(argument), *variables)
    except sympy.PolynomialError:
        return None
    if poly.total_degree() != 1 or any(not c.is_Integer for c in poly.coeffs()):
        return None
    found = {}
    for monomial, c in poly.terms():
        if sum(monomial) == 0:
            return None
        found[variables[monomial.index(1)]] = c
    return found
