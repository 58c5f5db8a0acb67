"""The checks the loss family added: derivatives in named variables, affine maps, closed-form
identities, positivity over a common denominator, real squares with positive denominators, and
what a cited conclusion may claim. Each is shown to pass when the claim holds and to fail when not."""

import pytest
import sympy
from sympy import Abs, Integer, KroneckerDelta, Rational, Sum, exp, log

from ceproof.arrays import IndexedArray, QuadraticForm
from ceproof.checks import check_claim
from ceproof.citations import (AFFINE_PRECOMPOSITION, NONNEGATIVE_SUMS, NORM_CONVEXITY, SECOND_ORDER_CONDITION,
                               SECOND_ORDER_STRICT)
from ceproof.claims import (Affine, Assumed, Cited, Definition, DerivativeEquality, Equality, NonNegative,
                            PositiveSemidefinite, Positivity, SquareTerm, SumOfSquares)
from ceproof.derivations.linear_model import LinearNotation
from ceproof.derivations.predicted import DistributionNotation
from ceproof.facts import Facts
from ceproof.notation import Notation

s = sympy.Symbol("s", real=True)
y = sympy.Symbol("y", real=True)
sigma, ell = sympy.symbols("sigma ell")
j, k = sympy.symbols("j k", integer=True, nonnegative=True)
LOGISTIC = Notation(2, None)
DOMAIN = Assumed("real")


def check(n, claim, *used, earlier=()):
    return check_claim(claim, Facts.from_claims(n, used, ancestors=used), tuple(earlier) + tuple(used))


def verified(result):
    assert result.status == "verified", result.detail
    return True


def failed(result, *phrases):
    assert result.status == "failed", result.method
    for phrase in phrases:
        assert phrase in result.detail, result.detail
    return True


def logistic_definitions(n=LOGISTIC):
    return Definition(n.S, exp(s) + 1), Definition(sigma, exp(s) / n.S)


def scalar(entry, order=2):
    shape = (1,) * order
    return IndexedArray(shape, (j, k)[:order], entry)


# ---------------------------------------------------------------- derivatives in named variables

def test_a_second_derivative_in_s_is_recomputed_and_compared():
    S_def, sigma_def = logistic_definitions()
    loss = -y * log(sigma) - (1 - y) * log(1 - sigma)
    right = DerivativeEquality(loss, 2, scalar(sigma * (1 - sigma)), variables=(s,))
    assert verified(check(LOGISTIC, right, S_def, sigma_def))
    for wrong in (sigma * (1 + sigma), sigma ** 2, sigma * (1 - sigma) * y, 1 - sigma):
        assert failed(check(LOGISTIC, DerivativeEquality(loss, 2, scalar(wrong), variables=(s,)), S_def, sigma_def),
                      "not 0")


def test_a_gradient_in_s_claimed_with_the_wrong_sign_fails():
    S_def, sigma_def = logistic_definitions()
    loss = -y * log(sigma) - (1 - y) * log(1 - sigma)
    assert verified(check(LOGISTIC, DerivativeEquality(loss, 1, scalar(sigma - y, 1), variables=(s,)), S_def, sigma_def))
    assert failed(check(LOGISTIC, DerivativeEquality(loss, 1, scalar(y - sigma, 1), variables=(s,)), S_def, sigma_def))


def test_a_symbol_defined_earlier_but_not_used_is_not_held_fixed():
    S_def, sigma_def = logistic_definitions()
    claim = DerivativeEquality(-log(sigma), 1, scalar(sigma - 1, 1), variables=(s,))
    # σ is defined by an earlier step, but this step does not use its definition: its dependence on s is unknown
    assert failed(check_claim(claim, Facts.from_claims(LOGISTIC, (S_def,)), (S_def, sigma_def)), "dependence")


def test_a_variable_that_an_earlier_step_defines_is_refused():
    t = sympy.Symbol("t", real=True)
    definition = Definition(t, s ** 2)
    claim = DerivativeEquality(t ** 2, 1, scalar(2 * t, 1), variables=(t,))
    assert failed(check(LOGISTIC, claim, definition), "not a free variable")


def test_the_shape_must_match_the_number_of_variables():
    claim = DerivativeEquality(s ** 2 + y * s, 2, IndexedArray((2, 2), (j, k), Integer(2)), variables=(s,))
    assert failed(check(LOGISTIC, claim), "shape")


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_hessian_in_the_vector_q_is_checked(classes):
    n = DistributionNotation(classes, None)
    i = n.indices[0]
    f = -Sum(n.p[i] * log(n.q[i]), n.bounds(i))
    right = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2)
    wrong = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j])
    assert verified(check(n, DerivativeEquality(f, 2, right, variables=n.q)))
    assert failed(check(n, DerivativeEquality(f, 2, wrong, variables=n.q)))


def recheck(proof, key, claim):
    """``claim`` checked in place of the step ``key`` of a built proof, with that step's uses."""
    index = next(n for n, step in enumerate(proof.steps) if step.key == key)
    claims = {a.id: a.claim for a in proof.assumptions} | {step.id: step.claim for step in proof.steps}
    used = [claims[u] for u in proof.steps[index].uses]
    earlier = tuple(a.claim for a in proof.assumptions) + tuple(step.claim for step in proof.steps[:index])
    return check_claim(claim, Facts.from_claims(proof.notation, used), earlier)


def test_a_linear_model_hessian_without_its_outer_product_or_its_rank_one_term_fails():
    from ceproof.derivations import linear_model as lm

    built = lm.linear(classes=2, features=1)
    claim = built.step("hessian-theta").claim
    assert verified(recheck(built, "hessian-theta", claim))
    r, c = claim.result.indices
    n = built.notation
    p, J, K = n.p, sympy.floor(r / 2), sympy.floor(c / 2)
    for entry in ((p[J] * KroneckerDelta(J, K) - p[J] * p[K]) * KroneckerDelta(sympy.Mod(r, 2), sympy.Mod(c, 2)),
                  p[J] * KroneckerDelta(J, K) * n.xtilde[sympy.Mod(r, 2)] * n.xtilde[sympy.Mod(c, 2)],
                  2 * claim.result.entry):
        wrong = IndexedArray(claim.result.shape, (r, c), entry)
        assert failed(recheck(built, "hessian-theta", DerivativeEquality(claim.function, 2, wrong, of=claim.of,
                                                                         variables=claim.variables)), "not 0")


# ---------------------------------------------------------------- affine maps

def linear_map(n, entry):
    i = n.indices[0]
    return Definition(n.z[i], entry, index=i), Affine(n.z, IndexedArray((n.K,), (i,), entry), (n.W, n.b))


@pytest.mark.parametrize("features", [None, 2], ids=["every-d", "d=2"])
def test_wx_plus_b_is_affine_in_w_and_b(features):
    n = LinearNotation(None if features is None else 3, None, features)
    i, m = n.indices[0], n.m
    entry = Sum(n.W[i, m] * n.x[m], (m, 0, n.d - 1)) + n.b[i]
    definition, claim = linear_map(n, entry)
    assert verified(check(n, claim, definition))


@pytest.mark.parametrize("entry", [
    lambda n, i: n.W[i, 0] ** 2 * n.x[0] + n.b[i],
    lambda n, i: exp(n.W[i, 0]) + n.b[i],
    lambda n, i: n.W[i, 0] * n.b[i],
    lambda n, i: Abs(n.W[i, 0]) * n.x[0] + n.b[i],
], ids=["square", "exp", "product", "abs"])
def test_a_map_that_is_not_affine_fails(entry):
    n = LinearNotation(3, None, 2)
    definition, claim = linear_map(n, entry(n, n.indices[0]))
    assert failed(check(n, claim, definition), "degree")


def test_an_affine_map_must_be_the_used_definition():
    n = LinearNotation(3, None, 2)
    i = n.indices[0]
    definition, _ = linear_map(n, n.W[i, 0] * n.x[0] + n.b[i])
    claim = Affine(n.z, IndexedArray((n.K,), (i,), n.W[i, 1] * n.x[1] + n.b[i]), (n.W, n.b))
    assert failed(check(n, claim, definition), "not the used definition")
    assert failed(check(n, claim), "no used step defines")


def test_an_affine_map_whose_coefficient_is_defined_through_the_variables_fails():
    n = LinearNotation(3, None, 2)
    i = n.indices[0]
    coefficient = Definition(n.x[i], n.W[i, 0], index=i)  # x is no longer data: it depends on W
    definition, claim = linear_map(n, n.W[i, 0] * n.x[0] + n.b[i])
    assert failed(check_claim(claim, Facts.from_claims(n, (definition,)), (coefficient, definition)), "defines")


# ---------------------------------------------------------------- closed-form identities and positivity

def test_the_logistic_loss_is_the_binary_softmax_cross_entropy():
    S_def, sigma_def = logistic_definitions()
    loss = -y * log(sigma) - (1 - y) * log(1 - sigma)
    softmax = -y * log(exp(s) / (exp(s) + 1)) - (1 - y) * log(1 / (exp(s) + 1))
    swapped = -(1 - y) * log(exp(s) / (exp(s) + 1)) - y * log(1 / (exp(s) + 1))
    assert verified(check(LOGISTIC, Equality(loss, softmax), S_def, sigma_def))
    assert failed(check(LOGISTIC, Equality(loss, swapped), S_def, sigma_def))
    assert failed(check(LOGISTIC, Equality(loss, softmax), S_def))  # σ's definition not used


def test_the_sigmoid_has_its_familiar_form_and_not_another():
    S_def, sigma_def = logistic_definitions()
    assert verified(check(LOGISTIC, Equality(sigma, 1 / (1 + exp(-s))), S_def, sigma_def))
    assert failed(check(LOGISTIC, Equality(sigma, 1 / (1 + exp(s))), S_def, sigma_def))


def test_positivity_over_a_common_denominator():
    S_def, sigma_def = logistic_definitions()
    assert verified(check(LOGISTIC, Positivity((sigma * (1 - sigma), 1 - sigma)), S_def, sigma_def))
    for wrong in (2 * sigma - 1, 1 - 2 * sigma, sigma - sigma ** 2 - Rational(1, 4)):
        assert failed(check(LOGISTIC, Positivity((wrong,)), S_def, sigma_def), "cannot show")


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_square_with_a_denominator_is_real_only_where_it_is_shown_positive(classes):
    n = DistributionNotation(classes, None)
    i = n.indices[0]
    hessian = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2)
    certificate = SumOfSquares((SquareTerm(Integer(1), (n.p[i],), n.v[i] / n.q[i], (n.bounds(i),)),))
    claim = NonNegative(QuadraticForm(hessian, n.v), certificate)
    q_positive = Assumed("q > 0", (Positivity((n.q[i],), index=i),))
    p_nonnegative = Assumed("p ≥ 0", (Positivity((n.p[i],), index=i, strict=False),))
    assert verified(check(n, claim, q_positive, p_nonnegative))
    assert failed(check(n, claim, p_nonnegative), "real")
    assert failed(check(n, claim, q_positive), "not shown positive")


# ---------------------------------------------------------------- what a cited conclusion may claim

def convex_in_z(n, name):
    """A Hessian of ``name`` in z that a used step shows PSD: enough for the second-order condition."""
    H = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) - n.p[j] * n.p[k])
    hessian = DerivativeEquality(Integer(0), 2, H, of=name)
    return hessian, PositiveSemidefinite(H, n.v)


def test_second_order_conclusions_name_the_function_of_the_hessian():
    n = LinearNotation(None, None, None)
    L = sympy.Symbol("L")
    hessian, psd = convex_in_z(n, L)
    assert check(n, Cited("", SECOND_ORDER_CONDITION, subject=L, variables=(n.z,)), hessian, psd, DOMAIN).ok
    assert failed(check(n, Cited("", SECOND_ORDER_CONDITION, subject=sympy.Symbol("G"), variables=(n.z,)),
                        hessian, psd, DOMAIN), "do not establish")
    assert failed(check(n, Cited("", SECOND_ORDER_CONDITION, subject=L, variables=(n.W, n.b)), hessian, psd, DOMAIN),
                  "do not establish")
    assert failed(check(n, Cited("", SECOND_ORDER_CONDITION), hessian, psd, DOMAIN), "must name")


def test_composition_needs_the_affine_map_and_the_outer_convexity():
    n = LinearNotation(None, None, None)
    i, m = n.indices[0], n.m
    L = sympy.Symbol("L")
    definition, affine = linear_map(n, Sum(n.W[i, m] * n.x[m], (m, 0, n.d - 1)) + n.b[i])
    outer = Cited("", SECOND_ORDER_CONDITION, subject=L, variables=(n.z,))
    claim = Cited("", AFFINE_PRECOMPOSITION, subject=L, variables=(n.W, n.b))
    logsumexp = log(Sum(exp(n.z[i]), n.bounds(i)))
    assert check(n, claim, outer, affine, Definition(L, logsumexp)).ok
    assert failed(check(n, claim, outer, affine), "convex")  # L undefined: what it depends on is unknown
    assert failed(check(n, claim, outer, affine, Definition(L, logsumexp + n.b[0] ** 2)), "convex")  # b outside z
    assert failed(check(n, claim, outer), "affine")
    assert failed(check(n, claim, affine), "convex")
    defined = Definition(L, logsumexp)
    assert failed(check(n, Cited("", AFFINE_PRECOMPOSITION, subject=L, variables=(n.W,)), outer, affine, defined),
                  "establish")
    assert failed(check(n, Cited("", AFFINE_PRECOMPOSITION), outer, affine, defined), "must name")
    unnamed = Cited("", SECOND_ORDER_CONDITION)
    assert failed(check(n, claim, unnamed, affine, defined), "convex")


def test_strict_convexity_needs_a_positive_definite_hessian():
    S_def, sigma_def = logistic_definitions()
    loss = -y * log(sigma) - (1 - y) * log(1 - sigma)
    hessian = DerivativeEquality(loss, 2, scalar(sigma * (1 - sigma)), of=ell, variables=(s,))
    positive = Positivity((sigma * (1 - sigma),))
    claim = Cited("", SECOND_ORDER_STRICT, subject=ell, variables=(s,))
    assert check(LOGISTIC, claim, hessian, positive, DOMAIN).ok
    assert failed(check(LOGISTIC, claim, hessian, Positivity((sigma,)), DOMAIN), "positive definite")
    assert failed(check(LOGISTIC, claim, hessian, Positivity((sigma * (1 - sigma),), strict=False), DOMAIN),
                  "positive definite")
    assert failed(check(LOGISTIC, claim, hessian, positive), "domain")


@pytest.mark.parametrize("shift, ok", [(Rational(1, 10), True), (Integer(0), False), (Rational(-1, 10), False)])
def test_a_hessian_above_c_times_the_identity_is_positive_definite_only_for_c_positive(shift, ok):
    n = LinearNotation(2, None, 1)
    F = sympy.Symbol("F")
    base = IndexedArray((2, 2), (j, k), n.p[j] * KroneckerDelta(j, k) - n.p[j] * n.p[k])
    H = IndexedArray((2, 2), (j, k), base.entry + shift * KroneckerDelta(j, k))
    hessian = DerivativeEquality(Integer(0), 2, H, of=F, variables=n.vec_w)
    result = check(n, Cited("", SECOND_ORDER_STRICT, subject=F, variables=(n.W,)), hessian,
                   PositiveSemidefinite(base, n.w), DOMAIN)
    assert result.ok is ok, result.detail


def test_a_nonnegative_sum_needs_convex_terms_and_nonnegative_weights():
    n = LinearNotation(None, None, None)
    L, R, F = sympy.symbols("L R F")
    j_, m = n.indices[1], n.m
    in_wb = Cited("", AFFINE_PRECOMPOSITION, subject=L, variables=(n.W, n.b))
    norm_def = Definition(R, Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))
    norm = Cited("", NORM_CONVEXITY, subject=R, variables=(n.W,))
    claim = Cited("", NONNEGATIVE_SUMS, subject=F, variables=(n.W, n.b))
    assert check(n, claim, Definition(F, L + Rational(1, 10) * R), norm_def, in_wb, norm).ok
    assert failed(check(n, claim, Definition(F, L - Rational(1, 10) * R), norm_def, in_wb, norm), "Σ wₖ fₖ")
    assert failed(check(n, claim, Definition(F, L + R), norm_def, in_wb), "Σ wₖ fₖ")  # R's convexity not used
    assert failed(check(n, claim, Definition(F, L * R), norm_def, in_wb, norm), "Σ wₖ fₖ")
    # R convex in W lifts to (W, b) only if R does not depend on b
    with_bias = Definition(R, Sum(Abs(n.b[j_]), n.bounds(j_)) + Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))
    assert failed(check(n, claim, Definition(F, L + R), with_bias,
                        in_wb, Cited("", NORM_CONVEXITY, subject=R, variables=(n.W,))), "Σ wₖ fₖ")


def test_a_norm_is_a_sum_of_absolute_values():
    n = LinearNotation(None, None, None)
    R = sympy.Symbol("R")
    j_, m = n.indices[1], n.m
    claim = Cited("", NORM_CONVEXITY, subject=R, variables=(n.W,))
    assert check(n, claim, Definition(R, Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))).ok
    assert failed(check(n, claim, Definition(R, Sum(Sum(Abs(n.W[j_, m]) ** 2, (m, 0, n.d - 1)), n.bounds(j_)))),
                  "norm")
    assert failed(check(n, claim, Definition(R, -Sum(Abs(n.W[j_, 0]), n.bounds(j_)))), "norm")


def test_a_mean_over_examples_needs_a_conclusion_for_any_example():
    L, mean = sympy.symbols("L Lbar")
    N = sympy.Symbol("N", integer=True, positive=True)
    t = sympy.Symbol("n", integer=True, positive=True)
    definition = Definition(mean, Sum(sympy.IndexedBase("L")[t], (t, 1, N)) / N)
    soft = LinearNotation(3, None, 2)
    claim = Cited("", NONNEGATIVE_SUMS, subject=mean, variables=(soft.W, soft.b))
    conclusion = Cited("", AFFINE_PRECOMPOSITION, subject=L, variables=(soft.W, soft.b))
    assert check(soft, claim, definition, conclusion).ok
    one_hot = Notation(3, 0)  # a conclusion for the label e_0 says nothing about examples of other classes
    assert failed(check(one_hot, Cited("", NONNEGATIVE_SUMS, subject=mean, variables=(one_hot.z,)), definition,
                        Cited("", SECOND_ORDER_CONDITION, subject=L, variables=(one_hot.z,))), "Σ wₖ fₖ")
