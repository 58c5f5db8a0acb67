"""The checks the loss family added: derivatives in named variables, affine maps, closed-form
identities, positivity over a common denominator, real squares with positive denominators, and
what a cited conclusion may claim. Each is shown to pass when the claim holds and to fail when not."""

import pytest
import sympy
from sympy import Abs, Integer, KroneckerDelta, Rational, Sum, exp, log

from ceproof import family
from ceproof.derivations.linear_model import vec_w
from ceproof.kernel.arrays import IndexedArray, QuadraticForm
from ceproof.kernel.citations import (AFFINE_PRECOMPOSITION, NONNEGATIVE_SUMS, NORM_CONVEXITY, SECOND_ORDER_CONDITION,
                                      SECOND_ORDER_STRICT)
from ceproof.kernel.claims import (Affine, Cited, Conclusion, Definition, DerivativeEquality, Equality, NonNegative,
                                   PositiveSemidefinite, Positivity, SquareTerm, SumOfSquares)
from ceproof.kernel.notation import Notation
from ceproof.kernel.premises import NonnegativeData, PositiveOrthant, RealSpace
from ceproof.kernel.proof import Proof, Step
from ceproof.kernel.statement import Derivative, Statement
from ceproof.kernel.verify import verify
from support import check

s = sympy.Symbol("s", real=True)
y = sympy.Symbol("y0", real=True)  # the logistic label (a plain y would clash with the vector y)
sigma, ell = sympy.symbols("sigma ell")
j, k = sympy.symbols("j k", integer=True, nonnegative=True)
LOGISTIC = Notation(2)
DOMAIN = RealSpace(s)
LOSS = -y * log(sigma) - (1 - y) * log(1 - sigma)


def verified(result):
    assert result.status == "verified", result.detail
    return True


def failed(result, *phrases):
    assert result.status == "failed", result.method
    for phrase in phrases:
        assert phrase in result.detail, result.detail
    return True


def cited(result):
    assert result.status == "cited", result.detail
    return True


def logistic_definitions(n=LOGISTIC):
    return Definition(n.S, exp(s) + 1), Definition(sigma, exp(s) / n.S)


def scalar(entry, order=2):
    shape = (1,) * order
    return IndexedArray(shape, (j, k)[:order], entry)


# ---------------------------------------------------------------- derivatives in named variables

def test_a_second_derivative_in_s_is_recomputed_and_compared():
    S_def, sigma_def = logistic_definitions()
    named = Definition(ell, LOSS)
    right = DerivativeEquality(LOSS, 2, scalar(sigma * (1 - sigma)), of=ell, variables=(s,))
    assert verified(check(LOGISTIC, right, S_def, sigma_def, named))
    for wrong in (sigma * (1 + sigma), sigma ** 2, sigma * (1 - sigma) * y, 1 - sigma):
        claim = DerivativeEquality(LOSS, 2, scalar(wrong), of=ell, variables=(s,))
        assert failed(check(LOGISTIC, claim, S_def, sigma_def, named), "not 0")


def test_a_gradient_in_s_claimed_with_the_wrong_sign_fails():
    S_def, sigma_def = logistic_definitions()
    named = Definition(ell, LOSS)
    assert verified(check(LOGISTIC, DerivativeEquality(LOSS, 1, scalar(sigma - y, 1), of=ell, variables=(s,)),
                          S_def, sigma_def, named))
    assert failed(check(LOGISTIC, DerivativeEquality(LOSS, 1, scalar(y - sigma, 1), of=ell, variables=(s,)),
                        S_def, sigma_def, named), "not 0")


def test_a_symbol_defined_earlier_but_not_used_is_not_held_fixed():
    S_def, sigma_def = logistic_definitions()
    named = Definition(ell, -log(sigma))
    claim = DerivativeEquality(-log(sigma), 1, scalar(sigma - 1, 1), of=ell, variables=(s,))
    assert verified(check(LOGISTIC, claim, S_def, sigma_def, named))
    # σ is defined by an earlier step, but this step does not use its definition: its dependence on s is unknown
    assert failed(check(LOGISTIC, claim, S_def, named, earlier=(S_def, sigma_def, named)), "dependence")


def test_a_variable_that_an_earlier_step_defines_is_refused():
    # The derivative step alone is now accepted by design (the linear model defines z := Wx + b, then
    # differentiates L in z); what must not happen is that it proves a false theorem. Here L(s) = s³ with
    # r = s², so dL/dr = (3/2)·s, yet the partial derivative of r·s in r with s held fixed, s, is concluded.
    n = LOGISTIC
    r, L = sympy.Symbol("h", real=True), sympy.Symbol("L")
    result = IndexedArray((Integer(1),), (j,), s)
    statement = Statement(L, s ** 3, (s,), (RealSpace(s),), (Derivative(L, 1, result, (r,)),),
                          where=(Definition(r, s ** 2),))
    steps = (Step("1", "r", Definition(r, s ** 2), uses=("A1",)),
             Step("2", "L", Definition(L, r * s), uses=("1",)),
             Step("3", "gradient", DerivativeEquality(r * s, 1, result, of=L, variables=(r,)), uses=("1", "2")),
             Step("4", "conclusion", Conclusion(), uses=("3",)))
    results = verify(Proof(statement, n, steps))
    assert not all(result.ok for result in results)
    assert "every entry of some of the statement's variables" in results[-1].detail


def test_the_shape_must_match_the_number_of_variables():
    function = s ** 2 + y * s
    claim = DerivativeEquality(function, 2, IndexedArray((2, 2), (j, k), Integer(2)), of=ell, variables=(s,))
    assert failed(check(LOGISTIC, claim, Definition(ell, function)), "shape")
    assert verified(check(LOGISTIC, DerivativeEquality(function, 2, scalar(Integer(2)), of=ell, variables=(s,)),
                          Definition(ell, function)))


@pytest.mark.parametrize("classes", [None, 3], ids=["every-K", "K=3"])
def test_a_hessian_in_the_vector_q_is_checked(classes):
    n = Notation(classes)
    i = n.indices[0]
    H = sympy.Symbol("H")
    f = -Sum(n.p[i] * log(n.q[i]), n.bounds(i))
    used = (Definition(H, f), PositiveOrthant(n.q), NonnegativeData(n.p))
    right = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2)
    wrong = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j])
    assert verified(check(n, DerivativeEquality(f, 2, right, of=H, variables=n.q), *used))
    assert failed(check(n, DerivativeEquality(f, 2, wrong, of=H, variables=n.q), *used), "not 0")


def proof_of(name, **given):
    """The (unchecked) proof the family's recipe builds for the loss ``name`` and its canonical statement."""
    loss, values = family.resolve(name, given)
    notation, statement = family.canonical(loss, values)
    return family.recipe(loss)(notation, statement, **values)


def recheck(proof, key, claim):
    """``claim`` checked in place of the step ``key`` of a built proof, with that step's uses."""
    index = next(n for n, step in enumerate(proof.steps) if step.key == key)
    claims = dict(proof.premise_ids) | {step.id: step.claim for step in proof.steps}
    used = [claims[u] for u in proof.steps[index].uses]
    earlier = tuple(proof.statement.premises) + tuple(step.claim for step in proof.steps[:index])
    return check(proof.notation, claim, *used, earlier=earlier, statement=proof.statement)


def test_a_linear_model_hessian_without_its_outer_product_or_its_rank_one_term_fails():
    built = proof_of("linear", classes=2, features=1)
    claim = next(step for step in built.steps if step.key == "hessian-theta").claim
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
    n = Notation(None) if features is None else Notation(3, None, features)
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
    n = Notation(3, None, 2)
    definition, claim = linear_map(n, entry(n, n.indices[0]))
    assert failed(check(n, claim, definition), "degree")


def test_an_affine_map_must_be_the_used_definition():
    n = Notation(3, None, 2)
    i = n.indices[0]
    definition, _ = linear_map(n, n.W[i, 0] * n.x[0] + n.b[i])
    claim = Affine(n.z, IndexedArray((n.K,), (i,), n.W[i, 1] * n.x[1] + n.b[i]), (n.W, n.b))
    assert failed(check(n, claim, definition), "not the used definition")
    assert failed(check(n, claim), "no used step defines")


def test_an_affine_map_whose_coefficient_is_defined_through_the_variables_fails():
    n = Notation(3, None, 2)
    i = n.indices[0]
    coefficient = Definition(n.x[i], n.W[i, 0], index=i)  # x is no longer data: it depends on W
    definition, claim = linear_map(n, n.W[i, 0] * n.x[0] + n.b[i])
    assert verified(check(n, claim, definition))
    assert failed(check(n, claim, definition, earlier=(coefficient, definition)), "defines")


# ---------------------------------------------------------------- closed-form identities and positivity

def test_the_logistic_loss_is_the_binary_softmax_cross_entropy():
    S_def, sigma_def = logistic_definitions()
    softmax = -y * log(exp(s) / (exp(s) + 1)) - (1 - y) * log(1 / (exp(s) + 1))
    swapped = -(1 - y) * log(exp(s) / (exp(s) + 1)) - y * log(1 / (exp(s) + 1))
    assert verified(check(LOGISTIC, Equality(LOSS, softmax), S_def, sigma_def))
    assert failed(check(LOGISTIC, Equality(LOSS, swapped), S_def, sigma_def))
    assert failed(check(LOGISTIC, Equality(LOSS, softmax), S_def))  # σ's definition not used


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
    n = Notation(classes)
    i = n.indices[0]
    hessian = IndexedArray((n.K, n.K), (j, k), n.p[j] * KroneckerDelta(j, k) / n.q[j] ** 2)
    certificate = SumOfSquares((SquareTerm(Integer(1), (n.p[i],), n.v[i] / n.q[i], (n.bounds(i),)),))
    claim = NonNegative(QuadraticForm(hessian, n.v), certificate)
    q_positive = PositiveOrthant(n.q)
    p_nonnegative = NonnegativeData(n.p)
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
    n = Notation(None)
    L = sympy.Symbol("L")
    domain = RealSpace(n.z)
    hessian, psd = convex_in_z(n, L)
    assert cited(check(n, Cited(SECOND_ORDER_CONDITION, L, (n.z,)), hessian, psd, domain))
    assert failed(check(n, Cited(SECOND_ORDER_CONDITION, sympy.Symbol("G"), (n.z,)), hessian, psd, domain),
                  "do not establish")
    assert failed(check(n, Cited(SECOND_ORDER_CONDITION, L, (n.W, n.b)), hessian, psd, domain), "do not establish")
    assert failed(check(n, Cited(SECOND_ORDER_CONDITION, None, (n.z,)), hessian, psd, domain), "must name")


def test_composition_needs_the_affine_map_and_the_outer_convexity():
    n = Notation(None)
    i, m = n.indices[0], n.m
    L = sympy.Symbol("L")
    definition, affine = linear_map(n, Sum(n.W[i, m] * n.x[m], (m, 0, n.d - 1)) + n.b[i])
    outer = Cited(SECOND_ORDER_CONDITION, L, (n.z,))
    claim = Cited(AFFINE_PRECOMPOSITION, L, (n.W, n.b))
    logsumexp = log(Sum(exp(n.z[i]), n.bounds(i)))
    defined = Definition(L, logsumexp)
    assert cited(check(n, claim, outer, affine, defined))
    assert failed(check(n, claim, outer, affine), "do not establish")  # L undefined: what it depends on is unknown
    assert failed(check(n, claim, outer, affine, Definition(L, logsumexp + n.b[0] ** 2)),
                  "do not establish")  # b outside z
    assert failed(check(n, claim, outer, defined), "affine")
    assert failed(check(n, claim, affine, defined), "do not establish")  # no outer convexity
    assert failed(check(n, Cited(AFFINE_PRECOMPOSITION, L, (n.W,)), outer, affine, defined), "establish")
    assert failed(check(n, Cited(AFFINE_PRECOMPOSITION, None, (n.W, n.b)), outer, affine, defined), "must name")
    unnamed = Cited(SECOND_ORDER_CONDITION, None, (n.z,))
    assert failed(check(n, claim, unnamed, affine, defined), "do not establish")


def test_strict_convexity_needs_a_positive_definite_hessian():
    S_def, sigma_def = logistic_definitions()
    hessian = DerivativeEquality(LOSS, 2, scalar(sigma * (1 - sigma)), of=ell, variables=(s,))
    positive = Positivity((sigma * (1 - sigma),))
    claim = Cited(SECOND_ORDER_STRICT, ell, (s,))
    assert cited(check(LOGISTIC, claim, hessian, positive, DOMAIN))
    # the kernel no longer names which premise is missing: a definite Hessian, or the domain
    assert failed(check(LOGISTIC, claim, hessian, Positivity((sigma,)), DOMAIN), "do not establish")
    assert failed(check(LOGISTIC, claim, hessian, Positivity((sigma * (1 - sigma),), strict=False), DOMAIN),
                  "do not establish")
    assert failed(check(LOGISTIC, claim, hessian, positive), "do not establish")


@pytest.mark.parametrize("shift, ok", [(Rational(1, 10), True), (Integer(0), False), (Rational(-1, 10), False)])
def test_a_hessian_above_c_times_the_identity_is_positive_definite_only_for_c_positive(shift, ok):
    n = Notation(2, None, 1)
    F = sympy.Symbol("F")
    base = IndexedArray((2, 2), (j, k), n.p[j] * KroneckerDelta(j, k) - n.p[j] * n.p[k])
    H = IndexedArray((2, 2), (j, k), base.entry + shift * KroneckerDelta(j, k))
    hessian = DerivativeEquality(Integer(0), 2, H, of=F, variables=vec_w(n))
    result = check(n, Cited(SECOND_ORDER_STRICT, F, (n.W,)), hessian, PositiveSemidefinite(base, n.w), RealSpace(n.W))
    assert result.ok is ok, result.detail


def test_a_nonnegative_sum_needs_convex_terms_and_nonnegative_weights():
    n = Notation(None)
    L, R, F = sympy.symbols("L R F")
    j_, m = n.indices[1], n.m
    in_wb = Cited(AFFINE_PRECOMPOSITION, L, (n.W, n.b))
    norm_def = Definition(R, Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))
    norm = Cited(NORM_CONVEXITY, R, (n.W,))
    claim = Cited(NONNEGATIVE_SUMS, F, (n.W, n.b))
    assert cited(check(n, claim, Definition(F, L + Rational(1, 10) * R), norm_def, in_wb, norm))
    assert failed(check(n, claim, Definition(F, L - Rational(1, 10) * R), norm_def, in_wb, norm), "Σ wₖ fₖ")
    assert failed(check(n, claim, Definition(F, L + R), norm_def, in_wb), "Σ wₖ fₖ")  # R's convexity not used
    assert failed(check(n, claim, Definition(F, L * R), norm_def, in_wb, norm), "Σ wₖ fₖ")
    # R convex in W lifts to (W, b) only if R does not depend on b
    with_bias = Definition(R, Sum(Abs(n.b[j_]), n.bounds(j_)) + Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))
    assert failed(check(n, claim, Definition(F, L + R), with_bias,
                        in_wb, Cited(NORM_CONVEXITY, R, (n.W,))), "Σ wₖ fₖ")


def test_a_norm_is_a_sum_of_absolute_values():
    n = Notation(None)
    R = sympy.Symbol("R")
    j_, m = n.indices[1], n.m
    claim = Cited(NORM_CONVEXITY, R, (n.W,))
    assert cited(check(n, claim, Definition(R, Sum(Sum(Abs(n.W[j_, m]), (m, 0, n.d - 1)), n.bounds(j_)))))
    assert failed(check(n, claim, Definition(R, Sum(Sum(Abs(n.W[j_, m]) ** 2, (m, 0, n.d - 1)), n.bounds(j_)))),
                  "norm")
    assert failed(check(n, claim, Definition(R, -Sum(Abs(n.W[j_, 0]), n.bounds(j_)))), "norm")


def test_a_mean_over_examples_needs_a_conclusion_for_any_example():
    L, mean = sympy.symbols("L Lbar")
    N = sympy.Symbol("N", integer=True, positive=True)
    t = sympy.Symbol("n", integer=True, positive=True)
    definition = Definition(mean, Sum(sympy.IndexedBase("L")[t], (t, 1, N)) / N)
    soft = Notation(3, None, 2)
    claim = Cited(NONNEGATIVE_SUMS, mean, (soft.W, soft.b))
    conclusion = Cited(AFFINE_PRECOMPOSITION, L, (soft.W, soft.b))
    assert cited(check(soft, claim, definition, conclusion))
    one_hot = Notation(3, 0)  # a conclusion for the label e_0 says nothing about examples of other classes
    assert failed(check(one_hot, Cited(NONNEGATIVE_SUMS, mean, (one_hot.z,)), definition,
                        Cited(SECOND_ORDER_CONDITION, L, (one_hot.z,))), "Σ wₖ fₖ")
