"""Hostile certificate files from the adversarial reviews: each is refused in one line with exit 2,
within the time allowed, never with a traceback or an exit 3 (review round 2, C2-*)."""

from __future__ import annotations

import json
import os
import time

import pytest
from click.testing import CliRunner

from ceproof import api
from ceproof.cli import cli


@pytest.fixture(scope="module")
def document():
    return json.loads(api.prove(3).to_certificate())


def check_file(tmp_path, text: str, *options):
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    started = time.perf_counter()
    result = CliRunner().invoke(cli, ["check", str(path), *options])
    return result, time.perf_counter() - started


def assert_unreadable(result, phrase: str):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and phrase in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def with_step_rhs(document, tree):
    changed = json.loads(json.dumps(document))
    changed["steps"][0]["claim"]["rhs"] = tree
    return json.dumps(changed)


def test_c2_7_duplicate_keys_are_refused(tmp_path, document):
    text = json.dumps(document).replace('"version": 2', '"version": 1, "version": 2', 1)
    assert_unreadable(check_file(tmp_path, text)[0], "the same key twice")


def test_c2_5_text_that_is_not_unicode_is_refused(tmp_path, document):
    text = json.dumps(document).replace('"key": "S"', '"key": "\\ud800"', 1)
    assert_unreadable(check_file(tmp_path, text)[0], "not valid Unicode text")


@pytest.mark.parametrize("tree, phrase", [
    (["Pow", ["Mul", ["Integer", 2], ["Symbol", "x", "real"]], ["Integer", 10 ** 99]], "a power above 64"),
    (["Pow", ["Integer", 2], ["Rational", 1, 10 ** 99]], "a fractional power of a number"),
    (["Pow", ["Symbol", "x", "real"], ["Rational", 1, 10 ** 9]], "an exponent with more than"),
], ids=["(2x)^(10^99)", "2^(1/10^99)", "x^(1/10^9)"])
def test_c2_6_c2_17_power_bombs_are_refused_on_reading(tmp_path, document, tree, phrase):
    result, elapsed = check_file(tmp_path, with_step_rhs(document, tree))
    assert_unreadable(result, phrase)
    assert elapsed < 5


def test_c2_16_too_many_steps_are_refused(tmp_path, document):
    changed = json.loads(json.dumps(document))
    changed["steps"] = changed["steps"][:1] * 2001
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "more than 2000 steps")


def test_c2_2_sums_that_add_up_to_too_many_terms_are_refused(tmp_path, document):
    i = ["Symbol", "i", "integer", "nonnegative"]
    z_i = ["Indexed", ["IndexedBase", "z", "real"], i]
    def sums(top):
        return ["Add", ["Sum", z_i, [i, ["Integer", 0], ["Integer", top]]],
                ["Sum", ["Pow", z_i, ["Integer", 2]], [i, ["Integer", 0], ["Integer", top]]]]

    assert_unreadable(check_file(tmp_path, with_step_rhs(document, sums(10 ** 7)))[0], "more than 10000000 terms")
    result, _ = check_file(tmp_path, with_step_rhs(document, sums(99999)))  # read, then refused by the kernel
    assert result.exit_code == 1 and "not an entry of z" in result.output


def test_c2_4_a_parameter_with_thousands_of_digits_is_invalid_not_a_crash(tmp_path):
    document = json.loads(api.prove(loss="label-smoothing").to_certificate())
    document["parameters"]["epsilon"] = "1e-5000"
    result, _ = check_file(tmp_path, json.dumps(document))
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "parameters" in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_c2_13_a_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    result = CliRunner().invoke(cli, ["check", str(fifo), "--timeout", "5"])
    assert result.exit_code == 2 and "not a regular file" in result.output


# ---------------------------------------------------------------- review round 3 (C3-*)

X = ["Symbol", "x", "real"]


@pytest.mark.parametrize("name", ["Alpha", "lamda", "xHat", "Chi", "xTilde", "Kappa", "sabs", "delta_ij",
                                  "s\U0001d7f7", "z_0"])
def test_c3_4_c4_3_c4_6_c4_7_names_that_would_print_as_something_else_are_refused(tmp_path, document, name):
    assert_unreadable(check_file(tmp_path, with_step_rhs(document, ["Symbol", name, "real"]))[0], "plain name")


@pytest.mark.parametrize("depth", [1, 14])
def test_c3_5_a_number_too_long_to_print_is_refused_however_sympy_makes_it(tmp_path, document, depth):
    if depth == 1:  # SymPy distributes the power: (10⁹⁹·x)⁶⁴ = 10⁶³³⁶·x⁶⁴
        tree = ["Pow", ["Mul", ["Integer", 10 ** 99], X], ["Integer", 64]]
    else:  # nested products multiply their coefficients
        tree = X
        for _ in range(depth):
            tree = ["Mul", ["Integer", 10 ** 99], tree]
    result, elapsed = check_file(tmp_path, with_step_rhs(document, tree))
    assert_unreadable(result, "more than 4096 bits")
    assert elapsed < 5


def test_c3_6_running_out_of_memory_is_one_line_and_exit_2(tmp_path, document, monkeypatch):
    def exhausted(data, workers=1):
        raise MemoryError

    monkeypatch.setattr(api, "check", exhausted)
    assert_unreadable(check_file(tmp_path, json.dumps(document))[0], "more memory")


def test_c3_7_a_check_uses_at_most_two_processes(tmp_path, document, monkeypatch):
    used = []
    real_check = api.check

    def recording(data, workers=1):
        used.append(workers)
        return real_check(data, 1)

    monkeypatch.setattr(api, "check", recording)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert check_file(tmp_path, json.dumps(document))[0].exit_code == 0
    assert used == [2]


# ---------------------------------------------------------------- review round 4 (C4-*)

@pytest.mark.parametrize("field, value, phrase", [
    ("key", "\u001b[2J\u001b[Hasserts", "U+001B"), ("key", "[/bold]", "a step key must be"),
    ("rule", "ok\u202eevil", "U+202E"), ("explanation", "line\u2028break", "U+2028"), ("id", "1 ", "a step id must be"),
], ids=["escape-codes", "rich-markup", "bidi-override", "line-separator", "space-in-id"])
def test_c4_8_c4_10_text_a_report_would_misprint_is_refused(tmp_path, document, field, value, phrase):
    changed = json.loads(json.dumps(document))
    changed["steps"][0][field] = value
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], phrase)


def test_c4_2b_a_used_id_is_a_plain_label(tmp_path, document):
    changed = json.loads(json.dumps(document))
    changed["steps"][1]["uses"] = ["$\\mu$"]
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "a used step id must be")


def test_c4_9_the_statement_is_named_by_a_symbol(tmp_path, document):
    changed = json.loads(json.dumps(document))
    changed["statement"]["name"] = ["Integer", 7]
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "must be a plain symbol")


def test_c4_4c_a_premise_speaks_of_a_name(tmp_path, document):
    changed = json.loads(json.dumps(document))
    changed["statement"]["premises"][0]["subject"] = ["Add", X, ["Symbol", "s", "real"]]
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "must be a plain symbol or a vector")


# ---------------------------------------------------------------- review round 5 (C5-*)

def test_c5_4_mod_floor_max_abs_and_delta_of_anything_but_polynomials_are_never_built(tmp_path, document):
    bomb = ["Mod", ["Add", X, ["exp", X]], ["exp", ["Symbol", "b", "real"]]]
    result, elapsed = check_file(tmp_path, with_step_rhs(document, bomb))
    assert_unreadable(result, "only to polynomials")
    assert elapsed < 5



def test_c7_parameters_without_a_loss_are_refused(tmp_path, document):
    changed = dict(document, loss="", parameters={"classes": 200, "label": 7})
    result, _ = check_file(tmp_path, json.dumps(changed))
    assert_unreadable(result, "parameters without a loss")


def test_c7_max_takes_two_to_four_arguments_and_mod_a_small_polynomial():
    """Up to four arguments (the multiclass hinge), at most 2 000 units of SymPy's pairwise comparison (pairs × nodes
    and terms multiplied out): a max of three 286-term powers is over."""
    from ceproof.certificate.expressions import Reader, Unreadable

    symbols = [["Symbol", f"a{k}", "real"] for k in range(1, 13)]
    assert len(Reader().decode(["Max", *symbols[:4]]).args) == 4
    with pytest.raises(Unreadable, match="two to 4"):
        Reader().decode(["Max", *symbols[:5]])
    big = ["Pow", ["Add", *symbols[:3], ["Integer", 1]], ["Integer", 10]]  # 286 terms: 3 pairs × 3 × 286 > 2 000
    with pytest.raises(Unreadable, match="Max takes"):
        Reader().decode(["Max", big, ["Add", big, symbols[0]], ["Add", big, symbols[1]]])
    power = ["Pow", ["Add", *symbols[:4]], ["Integer", 40]]  # 12 341 terms in 4 symbols, of degree 40
    with pytest.raises(Unreadable, match="degree at most 4"):
        Reader().decode(["Mod", power, ["Integer", 2]])


def test_c8_1_a_remainder_of_a_polynomial_in_many_symbols_is_refused_before_sympy_builds_it():
    from ceproof.certificate.expressions import Reader, Unreadable

    u = ["Add", *(["Symbol", f"u{k}", "real"] for k in range(30))]
    v = ["Add", *(["Symbol", f"v{k}", "real"] for k in range(30))]
    started = time.perf_counter()
    with pytest.raises(Unreadable, match="at most 4 symbols"):
        Reader().decode(["Mod", ["Mul", u, v], ["Integer", 3]])
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("tree, phrase", [
    (["Max", ["Max", ["Symbol", "a1", "real"], ["Symbol", "a2", "real"]], ["Symbol", "a3", "real"]], "Max inside a Max"),
    (["Mod", ["Symbol", "a1", "real"], ["Add", ["Symbol", "u1", "real"], ["Symbol", "u2", "real"]]], "positive number"),
    (["Mod", ["Pow", ["Add", ["Symbol", "a1", "real"], ["Symbol", "a2", "real"]], ["Integer", 36]], ["Integer", 3]],
     "degree at most 4"),
    (["exp", ["Mul", ["Integer", 100000000], ["log", ["Integer", 3]]]], "constant that is not a rational"),
    (["Pow", ["Mul", ["Integer", 10 ** 20], ["Symbol", "x", "real"]], ["Rational", 999999, 2]], "a product with a number"),
])
def test_c9_constructors_sympy_would_run_for_minutes_are_refused_before_they_run(tree, phrase):
    from ceproof.certificate.expressions import Reader, Unreadable

    started = time.perf_counter()
    with pytest.raises(Unreadable, match=phrase):
        Reader().decode(tree)
    assert time.perf_counter() - started < 2


def test_c9_5_a_parameter_in_scientific_notation_is_refused_at_once():
    from ceproof import prove
    from ceproof.errors import BadInput

    started = time.perf_counter()
    with pytest.raises(BadInput, match="not a number"):
        prove(loss="label-smoothing", epsilon="1e100000000")
    assert time.perf_counter() - started < 2


def test_c11_1_fractional_powers_never_nest():
    from ceproof.certificate.expressions import Reader, Unreadable

    tree = ["Symbol", "x", "real"]
    for _ in range(16):
        tree = ["Pow", tree, ["Rational", 3, 2]]
    started = time.perf_counter()
    with pytest.raises(Unreadable, match="fractional power of a fractional power"):
        Reader().decode(tree)
    assert time.perf_counter() - started < 2


# ---------------------------------------------------------------- round 12: sign queries that isolate real roots

def _polynomial_tree(u, coefficients):
    """Σ c_k u^k as a certificate tree (SymPy's canonical Add: one number at most)."""
    terms = [["Integer", coefficients[0]]] + [
        ["Mul", ["Integer", c], ["Pow", u, ["Integer", k]]] for k, c in enumerate(coefficients) if k and c]
    return ["Add", *terms]


def test_c12_1_a_power_of_a_power_is_bounded_as_built(tmp_path, document):
    """C12-1: (u⁶⁴)⁶⁴ is u⁴⁰⁹⁶; each exponent was ≤ 64 as written, and SymPy then isolated the real roots of
    a degree-4095 polynomial under Abs for minutes."""
    u = ["Symbol", "x", "positive"]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Abs", ["Add", ["Pow", ["Pow", u, ["Integer", 64]], ["Integer", 64]],
                                                ["Mul", ["Integer", -3], u], ["Integer", 1]]]
    result, seconds = check_file(tmp_path, json.dumps(changed))
    assert_unreadable(result, "a power above 64")
    assert seconds < 10


def test_c12_1b_polynomials_of_high_degree_in_one_signed_symbol_are_not_root_isolated(tmp_path, document):
    """C12-1b/c: log and Abs of dense degree-64 polynomials in a positive symbol took 10–80 s each while
    reading (SymPy's sign rule isolates the roots of the derivative); now their sign is unknown at once."""
    import sympy

    u = ["Symbol", "x", "positive"]
    x = sympy.Symbol("x")
    changed = json.loads(json.dumps(document))
    nodes = []
    for shift in range(1, 5):
        product = sympy.Poly(sympy.prod([x - k for k in range(shift, shift + 64)]) + 1, x)
        coefficients = [int(c) for c in reversed(product.all_coeffs())]
        nodes.append(["log", _polynomial_tree(u, coefficients)])
    changed["statement"]["function"] = ["Add", *nodes]
    result, seconds = check_file(tmp_path, json.dumps(changed))
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert seconds < 20, seconds


def test_c12_sign_queries_stay_sound_and_quick():
    """The bound makes SymPy answer "unknown", never a wrong sign; low degrees keep their answers."""
    import time

    import sympy

    import ceproof.kernel.algebra  # noqa: F401  (installs the bound)

    u = sympy.Symbol("u", positive=True)
    started = time.perf_counter()
    assert sympy.expand(sympy.prod([u - k for k in range(1, 65)]) + 1).is_positive is None
    assert time.perf_counter() - started < 2
    assert (u + 1).is_positive and (u ** 2 + 2 * u + 1).is_positive and (u ** 64 + 1).is_positive
    assert (u ** 2 - 2 * u + 1).is_positive is None and (-(u ** 3) - u - 1).is_negative


def test_c16_1_a_sum_or_product_of_many_large_fractions_is_refused_before_sympy_builds_it(tmp_path, document):
    """C16-1/1b: 1000 fractions over distinct 100-digit primes (or x^(1/q) over 9000 primes) were added over
    one growing denominator while reading, for minutes; refused before building."""
    from sympy import nextprime

    z0 = ["Indexed", ["IndexedBase", "z", "real"], ["Integer", 0]]
    q = 10 ** 99
    terms = []
    for _ in range(300):
        q = int(nextprime(q))
        terms.append(["Mul", ["Rational", 1, q], z0])
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", *terms]
    result, seconds = check_file(tmp_path, json.dumps(changed))
    assert_unreadable(result, "numbers of one Add node")
    assert seconds < 10


def _primes(count: int, start: int = 10 ** 98) -> list:
    from sympy import nextprime

    found = []
    for _ in range(count):
        start = int(nextprime(start))
        found.append(start)
    return found


Z0 = ["Indexed", ["IndexedBase", "z", "real"], ["Integer", 0]]


@pytest.mark.parametrize("function, phrase", [
    (["Add", *(["Add", ["Mul", ["Rational", 1, q], Z0], ["Symbol", f"s{k}", "real"]] for k, q in enumerate(_primes(400)))],
     "numbers of one Add node"),  # C18-1: each term a sum, merged by SymPy over one growing denominator
    (["Mul", *(["exp", ["Mul", ["Rational", 1, q], Z0]] for q in _primes(60))], "more than 4096 bits"),  # C18-3
    (["Mul", *(["Pow", ["Symbol", "s", "positive"], ["Mul", ["Rational", 1, q], Z0]] for q in _primes(60))],
     "more than 4096 bits"),  # C18-3b: s^(z₀/p) merged into one exponent
])
def test_c18_1_c18_3_numbers_sympy_merges_from_inner_sums_and_exponents_are_counted(tmp_path, document, function,
                                                                                      phrase):
    """C18-1: a sum of 1200 two-term sums z₀/pₖ + sₖ took 84 s (the inner sums' coefficients were not counted);
    C18-3: exp(z₀/p₁)·…·exp(z₀/p₆₀) is one exp holding a 6000-digit number, which crashed the report."""
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = function
    result, seconds = check_file(tmp_path, json.dumps(changed))
    assert_unreadable(result, phrase)
    assert seconds < 10


def test_c18_2_a_huge_number_the_kernel_computed_is_shown_by_its_size(tmp_path):
    """C18-2: the normal (j + 10⁹⁹)⁻¹² of the centered proof's subspace is verified, and Σ aⱼdⱼ, a rational of
    4750 digits, crashed the JSON report (Python writes no integer of more than 4300 digits)."""
    document = json.loads(api.prove(4, loss="ce-centered").to_certificate())
    normal = next(s for s in document["steps"] if s["claim"]["type"] == "PositiveDefiniteOn")["claim"]["normal"]
    normal["entry"] = ["Pow", ["Add", normal["indices"][0], ["Integer", 10 ** 99]], ["Integer", -12]]
    result, _ = check_file(tmp_path, json.dumps(document), "--format", "json")
    assert result.exit_code in (0, 1) and "Traceback" not in result.output and "internal error" not in result.output
    assert r"\approx" in result.output


def test_c19_1_a_number_base_sympy_merges_is_counted(tmp_path, document):
    """C19-1: p₁^z₀·…·p₆₀^z₀ over 100-digit primes is built as (p₁⋯p₆₀)^z₀, a 6000-digit base that crashed the
    report (exit 3); the bases are now counted."""
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Mul", *(["Pow", ["Integer", q], Z0] for q in _primes(60))]
    result, _ = check_file(tmp_path, json.dumps(changed))
    assert_unreadable(result, "bits")


N99 = ["Integer", 10 ** 99 + 7]


@pytest.mark.parametrize("function, phrase", [
    (["Pow", ["E"], ["Mul", N99, ["log", ["Integer", 7]]]], "constant that is not a rational"),  # C20-1: E^(N log 7)
    (["Pow", ["exp", N99], ["log", ["Rational", 1, 7]]], "exp of a constant"),  # C20-1b: exp(N)^log(1/7)
    (["Add", ["tanh", ["exp", N99]], Z0], "exp of a constant"),  # C20-2: printing overflowed mpmath (exit 3)
    (["Add", ["tanh", ["exp", ["exp", N99]]], Z0], "exp of a constant"),  # C20-3: printing ran for minutes
])
def test_c20_exponentials_of_huge_constants_are_refused_however_they_are_written(tmp_path, document, function, phrase):
    """C20: SymPy builds E^x and exp(a)^b as exp(…), which turned E^(N·log 7) into 7^N while reading, and it
    evaluates exp(10⁹⁹) numerically to print it; such exponents are refused on reading, in one line."""
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = function
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "30")
    assert_unreadable(result, phrase)
    assert seconds < 10


E20 = ["exp", ["Integer", 2 ** 20]]


@pytest.mark.parametrize("function, phrase", [
    (["Add", ["Pow", ["Rational", 1, 2], ["Mul", E20, E20]], Z0], "constant that is not a rational"),  # C21-1
    (["Add", ["Pow", ["Rational", 1, 2], E20], ["Pow", ["Rational", 1, 3], E20], Z0], "constant that is not"),  # 1b
    (["Add", ["tanh", ["Mul", *([E20] * 40)]], Z0], "constant that is not a rational"),  # C21-2: exp(2²⁰)⁴⁰
])
def test_c21_constants_sympy_would_evaluate_to_print_are_refused_however_they_are_built(tmp_path, document, function,
                                                                                      phrase):
    """C21: (1/2)^(e^(2²⁰)·e^(2²⁰)) printed for 120 s, and a product of exp(2²⁰) built as exp(9·10⁹) took 3.6 GB
    to print; a constant exponent must be rational, and what a product builds is held to the exp rules."""
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = function
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "30")
    assert_unreadable(result, phrase)
    assert seconds < 10


def test_c22_1_a_huge_constant_factor_is_neither_built_nor_evaluated_to_print(tmp_path, document):
    """C22-1: z₀·tanh(M) with M = (1 + (1 + e^(2²⁰))⁶⁴)⁶⁴… ≈ e^(6·10⁹): SymPy's term order evaluated tanh(M) (2.5 GB,
    85 s over 30 terms); a power of a constant that is not rational is refused on reading, and a sum with any
    such constant in it is printed in stored order."""
    import sympy

    from ceproof.render.linear import unicode_math

    big = ["Pow", ["Add", ["Integer", 1], ["exp", ["Integer", 2 ** 20]]], ["Integer", 64]]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", ["Mul", Z0, ["tanh", big]], ["Indexed", ["IndexedBase", "z", "real"],
                                                                         ["Integer", 1]]]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "30")
    assert_unreadable(result, "constant that is not a rational")
    z0, z1 = sympy.symbols("z0 z1", real=True)
    started = time.perf_counter()
    huge = sympy.tanh(sympy.exp(sympy.Integer(9_000_000_000), evaluate=False))
    assert "tanh" in unicode_math(z0 * huge + z1)
    assert time.perf_counter() - started < 5



def test_c23_1_no_constant_but_a_rational_number_is_built_at_all(tmp_path, document):
    """C23-1: SymPy builds x·x as x², so a product of equal constant factors got around the rule for powers of
    constants, and tanh(1 + 2·tanh(H)) with H ≈ e^(6·10⁹) was evaluated while reading (2.5 GB); a node that is a
    constant but not a rational number is refused as soon as it is built (the kernel refuses them anyway)."""
    X = ["Pow", ["Add", ["Integer", 1], E20], ["Integer", 64]]
    H = ["Mul", ["Pow", ["Add", ["Integer", 1], X], ["Integer", 64]], ["Pow", ["Add", ["Integer", 2], X], ["Integer", 2]]]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", Z0, ["tanh", ["Add", ["Integer", 1], ["Mul", ["Integer", 2], ["tanh", H]]]]]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "30")
    assert_unreadable(result, "constant that is not a rational")
    assert seconds < 10
    for constant in (["exp", ["Integer", 2]], ["tanh", ["Integer", 3]], ["log", ["Integer", 5]]):
        changed["statement"]["function"] = ["Add", Z0, constant]
        assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "constant")


def test_c24_1_a_certificate_holds_a_bounded_number_of_function_nodes(tmp_path, document):
    """C24-1: Max(2, i) + Max(3, i) + … over 15 000 numbers took 122 s to read (SymPy asks signs to build each Max);
    a certificate may hold 1000 distinct function nodes, and a Σ over numbers that is a constant is refused too."""
    i = ["Symbol", "i", "integer", "nonnegative"]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", *(["Max", ["Integer", k], i] for k in range(2, 1500))]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "60")
    assert_unreadable(result, "distinct function nodes")
    assert seconds < 30
    changed["statement"]["function"] = ["Sum", ["exp", ["Mul", ["Integer", 10 ** 20], i]], [i, ["Integer", 1],
                                                                                            ["Integer", 2]]]
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "constant that is not a rational")


def test_c25_1_powers_of_sums_to_fractional_exponents_count_as_function_nodes(tmp_path, document):
    """C25-1: 6000 terms (1 + (z₀ − z₁ + i)²)^(1/2) took 57 s to read and check, no function node among them
    (SymPy asks the signs of a compound base to build its fractional power, 9 ms each); they count against the
    same 1000 as exp, log and Max."""
    z0, z1 = ["Symbol", "z0", "real"], ["Symbol", "z1", "real"]

    def root(i, exponent):
        inner = ["Add", z0, ["Mul", ["Integer", -1], z1], ["Integer", i]]
        return ["Pow", ["Add", ["Pow", inner, ["Integer", 2]], ["Integer", 1]], exponent]

    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", *(root(i, ["Rational", (-1) ** i, 2]) for i in range(1001))]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "60")
    assert_unreadable(result, "powers of compound bases")
    assert seconds < 20


def test_a25_1_each_derivative_of_a_hessian_is_priced_before_it_is_taken(tmp_path):
    """A25-1: a Hessian of tanh(z₀ + tanh(z₀ + …)) 30 deep was priced on the function alone, which has no product;
    its first derivative is the A24 chain of products nested 30 deep, and the second ran past 120 s. Each
    derivative is now priced before it is taken, so the second is refused at once (here 16 deep)."""
    derivation = json.loads(api.derive().to_certificate())
    z0 = ["Indexed", ["IndexedBase", "z", "real"], ["Integer", 0]]
    chain = ["tanh", ["Add", z0, z0]]
    for _ in range(15):  # 16 deep, the most the reader accepts (30 deep is now refused on reading: C36)
        chain = ["tanh", ["Add", z0, chain]]
    hessian = next(s for s in derivation["steps"] if s["key"] == "hessian")
    definition = {"id": "", "key": "G", "rule": "definition", "explanation": "", "uses": [],
                  "claim": {"type": "Definition", "lhs": ["Symbol", "G"], "rhs": chain, "index": None}}
    hessian["claim"] |= {"function": chain, "of": ["Symbol", "G"]}
    steps = derivation["steps"]
    at = steps.index(hessian)
    renumbered = {s["id"]: str(int(s["id"]) + 1) for s in steps[at:]}
    for step in steps[at:]:
        step["id"] = renumbered[step["id"]]
        step["uses"] = [renumbered.get(u, u) for u in step["uses"]]
    definition["id"] = str(int(hessian["id"]) - 1)
    hessian["uses"] = [definition["id"]]
    steps.insert(at, definition)
    result, seconds = check_file(tmp_path, json.dumps(derivation), "--timeout", "60")
    assert result.exit_code == 1 and "nest more than 8 deep" in " ".join(result.output.split()), result.output
    assert seconds < 20


def test_c27_1_powers_of_e_count_as_the_exponentials_they_are_built_as(tmp_path, document):
    """C27-1: Σₖ E^((z₀ + z₁ + k)²) over 5194 numbers took 73 s: SymPy builds E^u as exp(u), asking signs, but
    the reader counted nodes by their head (Pow of an atom), not by what was built."""
    z0, z1 = ["Symbol", "z0", "real"], ["Symbol", "z1", "real"]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Add", *(["Pow", ["E"], ["Pow", ["Add", z0, z1, ["Integer", k]], ["Integer", 2]]]
                                                 for k in range(1, 1002))]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "60")
    assert_unreadable(result, "distinct function nodes")
    assert seconds < 20


def test_c29_1_a_sum_has_few_limits_and_sums_nest_few_indices(tmp_path, document):
    """C29-1: one Σ with 7000 limits (a_k, 0, 0) ran past 120 s, each limit checked against every one outside it;
    C29-2: 800 limits whose bounds are products of indices, 84 s. A Σ has at most 8 limits."""
    limits = [[["Symbol", f"a{k}", "integer", "nonnegative"], ["Integer", 0], ["Integer", 0]] for k in range(9)]
    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["Sum", ["Symbol", "z0", "real"], *limits]
    assert_unreadable(check_file(tmp_path, json.dumps(changed))[0], "at most 8 limits")


def test_c36_1_powers_to_symbolic_exponents_do_not_nest_and_count_as_function_nodes(tmp_path, document):
    """C36-1: 12 chains a₀^(3·a₁^(3·…)) 99 deep (101 kB) took 74 s to read: SymPy walks the whole exponent to build
    each level, and a power of a plain symbol was not counted. A power whose exponent holds a power to a symbolic
    exponent is refused, such powers count as function nodes, and functions nest at most 16 deep (a chain
    e^{3a·e^{3a·…}} 99 deep took 3 s each to read)."""
    def chain(j, depth, head):
        tree = ["Symbol", f"h{j}", "real"]
        for _ in range(depth):
            product = ["Mul", ["Integer", 3], ["Symbol", "a", "real"], tree]
            tree = ["exp", product] if head == "exp" else ["Pow", ["Symbol", "s", "real"], product]
        return tree

    for head, phrase in (("Pow", "symbolic exponent is refused"), ("exp", "functions nest more than 16 deep")):
        changed = json.loads(json.dumps(document))
        changed["statement"]["function"] = ["Add", *(chain(j, 99, head) for j in range(9))]
        result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "60")
        assert_unreadable(result, phrase)
        assert seconds < 20


def test_a37_1_squares_of_sums_count_as_function_nodes_and_sign_queries_are_bounded(tmp_path, document):
    """A37-1: log(1 + Σ_{k=1}^{3200} (k·z₀ − (k + 1)·z₁ + k²)²) as a statement (826 kB) took 62 s: SymPy asks signs
    to build each square of a sum (12 ms each), and showing the log defined asked the sign of the whole sum,
    uncharged. A power of a compound base counts as a function node whatever its exponent, and no sign query is
    made of an expression over 2 000 nodes (each is charged to a budget of sign queries)."""
    z0, z1 = ["Symbol", "z0", "real"], ["Symbol", "z1", "real"]

    def square(k):
        inner = ["Add", ["Mul", ["Integer", k], z0], ["Mul", ["Integer", -(k + 1)], z1], ["Integer", k * k]]
        return ["Pow", inner, ["Integer", 2]]

    changed = json.loads(json.dumps(document))
    changed["statement"]["function"] = ["log", ["Add", ["Integer", 1], *(square(k) for k in range(1, 1201))]]
    result, seconds = check_file(tmp_path, json.dumps(changed), "--timeout", "60")
    assert_unreadable(result, "powers of compound bases")
    assert seconds < 20


def test_c54_1_the_maxima_of_a_file_are_bounded_one_by_one_and_in_all():
    """C54-1: two-argument maxima of 2 146-term polynomials (10 s each for SymPy to build) were read and written out
    uncharged: 62 s of CPU for 237 kB. One Max may cost at most 2 000 units, a file's maxima 20 000 in all."""
    from ceproof.certificate.expressions import MAX_READ_EVALUATION_WORK, Reader, Unreadable

    a, h = ["Symbol", "a", "real"], ["Symbol", "h", "real"]
    power = ["Pow", ["Add", a, h, ["Integer", 1]], ["Integer", 64]]  # 2 145 terms multiplied out
    start = time.process_time()
    with pytest.raises(Unreadable, match="two to 4"):
        Reader().decode(["Max", power, a])
    reader = Reader()
    medium = ["Pow", ["Add", a, h, ["Integer", 1]], ["Integer", 12]]  # 91 terms: about 100 units a Max
    with pytest.raises(Unreadable, match=str(MAX_READ_EVALUATION_WORK)):
        for k in range(MAX_READ_EVALUATION_WORK // 50):
            reader.decode(["Max", medium, ["Add", a, ["Integer", k]]])
    assert time.process_time() - start < 30


def test_c55_1_a_floor_of_a_long_polynomial_is_sized_before_sympy_builds_it():
    """C55-1: ⌊E⌋ + ⌊E + 1⌋ + ⌊E + 2⌋ with E a 2 080-term polynomial written out: SymPy rounds ⌊E⌋ on construction in a
    time that grows with the square of E's terms (92 s of CPU for 680 kB). floor, Mod, δ and |·| are sized as a Max
    is (at most 2 000 units each, 20 000 for a file)."""
    from ceproof.certificate.expressions import Reader, Unreadable

    a, h = ["Symbol", "a", "real"], ["Symbol", "h", "real"]
    terms = [["Mul", ["Integer", 1 + (i * j) % 7], ["Pow", a, ["Integer", i]], ["Pow", h, ["Integer", j]]]
             for i in range(1, 40) for j in range(1, 40 - i)]  # 703 terms written out
    start = time.process_time()
    for head in ("floor", "Abs"):
        with pytest.raises(Unreadable, match="2000 units"):
            Reader().decode([head, ["Add", *terms]])
    assert time.process_time() - start < 10
