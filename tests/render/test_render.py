"""Renderers: the golden terminal output for K = 2, notebook hooks and wide-matrix patterns."""

import os
from pathlib import Path

import pytest

from ceproof import derive, prove
from ceproof.render.terminal import to_text

GOLDEN = Path(__file__).parent / "golden"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("CEPROOF_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; CEPROOF_UPDATE_GOLDEN=1 rewrites it"


def test_golden_prove_k2_at_width_80():
    check_golden("prove_k2_w80.txt", to_text(prove(2), width=80))


def test_wide_matrices_show_their_entry_pattern():
    text = to_text(derive(11), width=80)  # the largest K whose entries are each compared
    hessian = text.split("Step 10 · ")[1].split("Step 11 · ")[0]
    assert "∇²L = diag(p) - p⋅p" in hessian and "entries" in hessian and "δ" in hessian
    assert "p₁₀" not in hessian and "121 entries" in hessian


def test_small_matrices_are_written_out():
    text = to_text(derive(3), width=100)
    assert "p₀⋅p₁" in text


def test_notebook_and_rich_hooks():
    proof = prove(2)
    assert "<pre" in proof._repr_html_() or "<code" in proof._repr_html_()
    assert "PROVED" in str(proof)
    assert hasattr(proof, "__rich_console__")


def test_rendering_does_not_depend_on_the_encoding_of_sys_stdout(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdout", io.StringIO())  # no encoding: SymPy would fall back to ASCII
    text = to_text(prove(), width=100)
    assert "╲" in text and "ℯ" in text  # SymPy's unicode drawing of Σ and of e in the steps
    assert "Σᵢ₌₀ᴷ⁻¹" in text  # the statement's own unicode


def test_markdown_has_display_math_for_every_step_and_restates_the_theorem_last():
    from ceproof.render.statement import theorem_text

    proof = prove(3)
    text = proof.to_markdown()
    assert text.count("$$\n\\begin{aligned}") == len(proof.steps) - 1  # every step but the conclusion
    theorem = theorem_text(proof.statement, proof.notation)
    assert theorem.startswith("Let $L") and "Then $L$ is convex in $z$ and $L$ is not strictly convex in $z$." in theorem
    assert f"**Theorem** ($K = 3$, label $c = 0$). {theorem}" in text
    conclusion = text.split("### (19) the statement")[1].split("**Trusted base.**")[0]
    assert theorem in conclusion and "Uses (15), (18)." in conclusion
    assert "- (A1) $z \\in \\mathbb{R}^{3}$" in text and "- (A2) $y = e_{0}$, the one-hot vector of class 0" in text


def test_latex_repr_for_notebooks_is_math_only():
    text = prove(2)._repr_latex_()
    assert text.startswith("$$") and text.rstrip().endswith("$$") and "\\documentclass" not in text


def test_a_failed_proof_is_not_exported(monkeypatch):
    import sympy
    import pytest

    from ceproof.derivations import cross_entropy, softmax

    def wrong_hessian(n):
        right = softmax.diag_minus_outer(n, *n.indices[1:3])
        j, k = right.indices
        return type(right)(right.shape, right.indices, n.p[j] * sympy.KroneckerDelta(j, k), right.closed_form)

    monkeypatch.setattr(cross_entropy, "hessian_claim", wrong_hessian)
    proof = prove(2)
    assert proof.verdict == "check failed"
    with pytest.raises(ValueError):
        proof.to_latex()
    with pytest.raises(ValueError):
        proof.to_markdown()


def test_every_property_renders_in_words_and_in_unicode():
    """A statement of any shape renders (a derivative in named variables once crashed the report)."""
    import sympy

    from ceproof.kernel.arrays import AffineSet, IndexedArray
    from ceproof.kernel.notation import Notation
    from ceproof.kernel.premises import RealData, RealSpace
    from ceproof.kernel.statement import (Convex, ConvexMean, Derivative, EqualTo, NotConvex, NotStrictlyConvex,
                                          Statement, StrictlyConvex)
    from ceproof.render.linear import unicode_math
    from ceproof.render.statement import property_text, theorem_text

    n = Notation(2, None, 2)
    x, z, j = n.x, n.z, n.indices[1]
    gradient = IndexedArray((sympy.Integer(2),), (j,), 2 * x[j])
    ones = AffineSet(IndexedArray((n.K,), (j,), sympy.Integer(1)), sympy.Integer(0))
    properties = (Convex((z,)), StrictlyConvex((z,)), StrictlyConvex((z,), ones), NotStrictlyConvex((z,)),
                  NotConvex((z,)), ConvexMean((z,)), Derivative(sympy.Symbol("f"), 1, gradient, x),
                  EqualTo(z[0] + x[0]))
    statement = Statement(sympy.Symbol("f"), x[0] ** 2 + z[0], (z, x), (RealSpace(z), RealSpace(x)), properties)
    for m in (None, unicode_math):
        text = theorem_text(statement, n) if m is None else theorem_text(statement, n, m)
        assert all(property_text(p, statement, n) in theorem_text(statement, n) for p in properties) or m
        assert "Then" in text
    assert r"\nabla_{x}" in property_text(properties[6], statement, n)


def test_no_prose_of_ceproof_reaches_the_terminal_as_raw_latex():
    """Unknown macros are left as written (a certificate's text must not stop a report), so this test is
    what keeps a typo in ceproof's own prose from reaching a user."""
    from ceproof import api, family

    proofs = [derive(), derive(3), prove(3), api.prove(loss="linear-l2", classes=2, features=2)] + [
        api.prove(loss=name) for name in family.LOSSES]
    for proof in proofs:
        text = to_text(proof, 100)
        assert "\\" not in text, (proof.title, [line for line in text.splitlines() if "\\" in line][:3])


def test_c4_1_a_sum_raised_to_a_power_keeps_its_brackets():
    import sympy

    from ceproof.render.linear import unicode_math

    l, K = sympy.symbols("l K", integer=True)
    y, z = sympy.IndexedBase("y"), sympy.IndexedBase("z")
    total = sympy.Sum(y[l] * z[l], (l, 0, K - 1))
    assert unicode_math(total ** 2) == "(Σₗ₌₀ᴷ⁻¹ yₗ·zₗ)²"
    assert unicode_math(1 / total).startswith("1/(Σ")


def test_c4_2_every_name_a_statement_may_use_prints_and_unknown_macros_never_stop_a_report():
    import sympy

    from ceproof.kernel.wellformed import GREEK
    from ceproof.render.linear import unicode_math
    from ceproof.render.prose import to_unicode
    from ceproof.render.statement import math

    for name in (*GREEK, "ell", "Lbar", "thetahat2", "xtilde"):
        shown = to_unicode(f"${math(sympy.Symbol(name))}$")
        assert "\\" not in shown and shown == unicode_math(sympy.Symbol(name)), name
    assert to_unicode(r"$\frac{1}{2} \mu$") == "1/2 μ"  # a fraction on one line (issue 10)
    assert to_unicode(r"$\binom{1}{2} \mu$") == r"\binom12 μ"  # an unknown macro is left as written


def test_c4_4_a_huge_expression_prints_in_linear_memory_and_is_cut():
    import time

    import sympy

    from ceproof.render.statement import math

    big = sympy.Add(*sympy.symbols("q0:50000"))
    started = time.perf_counter()
    text = math(big)
    assert time.perf_counter() - started < 10 and len(text) < 4100 and text.endswith(r"\dots")


def test_c5_5_a_negated_mod_and_the_mod_of_a_negation_print_apart_in_latex():
    import sympy

    from ceproof.render.statement import math

    x = sympy.Symbol("x", real=True)
    assert math(sympy.Mod(-x, 2)) != math(-sympy.Mod(x, 2))


def test_c5_2_strict_convexity_on_a_set_names_its_variables():
    from ceproof import api

    assert "strictly convex in $z$ on the set where" in api.prove(loss="ce-centered").to_markdown()


def test_c7_subscripts_of_several_indices_never_run_together():
    import sympy

    from ceproof.render.linear import LinearPrinter

    W = sympy.IndexedBase("W")
    K, i, j = sympy.symbols("K i j", integer=True)
    printer = LinearPrinter()
    assert printer.doprint(W[1, 12]) != printer.doprint(W[11, 2])
    assert printer.doprint(W[0, 1]) == "W₀₁" and printer.doprint(sympy.KroneckerDelta(i, j)) == "δᵢⱼ"
    assert printer.doprint(sympy.KroneckerDelta(K, i + 1)) == "δ_(K, i + 1)"


@pytest.fixture(scope="module")
def every_proof():
    from ceproof import derive, prove
    from ceproof.family import LOSSES

    proofs = [prove(loss=name) for name in LOSSES] + [prove(3), prove(loss="ce-centered", classes=3),
                                                       prove(loss="temperature", classes=3), derive(3), derive()]
    return proofs


@pytest.mark.parametrize("width", [60, 80, 160])
def test_wrap_never_cut_at_any_width(every_proof, width):
    """Issue 10: no claim, theorem or note of any loss ends in "…" at 60, 80 or 160 columns; a matrix too
    wide is shown by its pattern with a line that says so."""
    from rich.cells import cell_len

    from ceproof.render.terminal import to_text

    for proof in every_proof:
        for brief in (False, True):  # the --brief form wraps the same way (issue 11)
            text = to_text(proof, width=width, brief=brief)
            cut = [line for line in text.splitlines() if line.rstrip().rstrip("│").rstrip().endswith("…")]
            assert not cut, (proof.title, width, brief, cut[:3])
            assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "so it is shown by its entry pattern" in to_text(every_proof[-3], width=60)


def test_b10_1_a_statement_too_large_or_irrational_to_write_out_is_reported_without_that_line():
    import sympy

    from ceproof.checked import CheckedProof
    from ceproof.kernel.notation import Notation
    from ceproof.kernel.premises import RealSpace
    from ceproof.kernel.proof import CheckResult, Proof
    from ceproof.kernel.statement import Convex, Statement
    from ceproof.render.check_report import statement_block

    n = Notation(1)
    h, a = sympy.symbols("h a", integer=True, nonnegative=True)
    for function in (sympy.Sum(sympy.exp(h) * n.z[0], (h, 0, 1)),):  # e once written out: the kernel never makes it
        statement = Statement(sympy.Symbol("L"), function, (n.z,), (RealSpace(n.z),), (Convex((n.z,)),))
        checked = CheckedProof(Proof(statement, n, ()), (CheckResult("verified", "test"),))
        text = statement_block(checked).plain
        assert "function" in text and "written out" not in text


def test_b10_2_a_sum_among_other_factors_is_bracketed():
    import sympy

    from ceproof.render.linear import unicode_math

    a, h = sympy.symbols("a h", integer=True, nonnegative=True)
    shown = unicode_math(sympy.Mul(sympy.Sum(1, (a, 0, 0)), sympy.Sum(a, (h, 0, 0)), evaluate=False))
    assert shown.startswith("(Σ") and ")·(Σ" in shown


def test_the_quadratic_form_in_a_checked_line_names_only_what_the_proof_defines(every_proof):
    """Issue 10: the check line of a positive-semidefinite step said "vᵀ M v ≥ 0" with M defined nowhere; it now
    names the step's own test vector and says what H is when the matrix has no name of its own."""
    from ceproof.render.methods import method_text

    texts = [method_text(proof.result(step.key), step.claim) for proof in every_proof for step in proof.steps
             if proof.result(step.key).method in ("psd", "form-zeros", "definite-on-subspace")]
    assert texts and not [t for t in texts if "M v" in t or "M\\, v" in t]
    assert any(r"$u^\top H\, u \geq 0$ ($H$ the matrix of this step)" in t for t in texts)


def test_the_check_report_states_the_one_hot_premise_in_words_not_as_its_facts(tmp_path):
    """Issue 10: the one-hot assumption was shown by its facts, which at an explicit K read "1 = 1"; every
    report of the premise says what it is."""
    import json

    from click.testing import CliRunner

    from ceproof.cli import cli

    path = tmp_path / "k3.certificate.json"
    path.write_text(prove(3, label=1).to_certificate(), encoding="utf-8")
    for options in ((), ("--format", "json")):
        result = CliRunner().invoke(cli, ["check", str(path), *options])
        assert result.exit_code == 0, result.output
        assert "1 = 1" not in result.output and "0 = 0" not in result.output
        assert "one-hot vector of class 1" in result.output
    premises = json.loads(CliRunner().invoke(cli, ["check", str(path), "--format", "json"]).output)["statement"]["premises"]
    assert [p["type"] for p in premises] == ["RealSpace", "OneHotLabel"]


def test_c14_2_the_written_out_line_of_the_report_is_bounded_by_its_terms():
    """C14-2: six nested sums over 0 … 5 (47 nodes) were written out into 46 656 terms for the report's
    "written out" line, for 79 s after the check; the line is now left out above 2 000 terms."""
    import time

    import sympy

    from ceproof.kernel.notation import Notation
    from ceproof.kernel.notation import expand_sums
    from ceproof.kernel.algebra.laurent import NotALaurentPolynomial
    from ceproof.render.check_report import WRITTEN_TERMS

    n = Notation(6, 0)
    indices = sympy.symbols("a b c e f h", integer=True, nonnegative=True)
    nested = sympy.Sum(sum(n.z[x] for x in indices), *((x, 0, 5) for x in indices))
    started = time.perf_counter()
    with pytest.raises(NotALaurentPolynomial):
        expand_sums(nested, [WRITTEN_TERMS])
    assert time.perf_counter() - started < 10


def test_b15_2_a_symbol_times_a_bracket_never_prints_as_a_function_call_in_latex():
    import sympy

    from ceproof.render.printers import ProofLatexPrinter

    G, f, z0 = sympy.Symbol("Gamma", real=True), sympy.Symbol("f", real=True), sympy.Symbol("z0", real=True)
    p = sympy.IndexedBase("p")
    printer = ProofLatexPrinter()
    assert printer.doprint(G * (z0 + 1)) == r"\Gamma \cdot \left(z_{0} + 1\right)"
    assert printer.doprint(f * (z0 + 1) ** 2) == r"f \cdot \left(z_{0} + 1\right)^{2}"
    assert printer.doprint(z0 * (1 - z0)) == r"z_{0} \left(1 - z_{0}\right)"  # an entry keeps juxtaposition
    assert r"\cdot" not in printer.doprint(p[0] * (1 - p[1]))
    f1, p1 = sympy.Symbol("f1", real=True), sympy.Symbol("p1")  # B16-1: a subscript alone does not make an entry
    assert printer.doprint(f1 * (z0 + 1)) == r"f_{1} \cdot \left(z_{0} + 1\right)"
    assert r"\cdot" not in printer.doprint(p1 * (1 - p1))
    assert r"\Gamma \cdot" in printer.doprint(G * sympy.Mod(z0, 2))  # B16-2: a remainder is bracketed too
    i = sympy.Symbol("i", integer=True, nonnegative=True)  # B17-1: a Σ or a power of one is bracketed too
    total = sympy.Sum(sympy.IndexedBase("z")[i], (i, 0, 1))
    assert printer.doprint(G * total ** 2).startswith(r"\Gamma \cdot \left(")
    assert printer.doprint(G * total * sympy.exp(z0)).count(r"\cdot") == 2


def test_b19_a_log_is_written_without_brackets_only_where_it_cannot_take_more_than_its_argument():
    """B19-1: z₁·(log z₀)² printed "z₁·log z₀²", read as z₁·log(z₀²); B19-1b: z₁·log(z₀)/2 printed
    "\\frac{\\log z_0 z_1}{2}" and "log z₀·z₁/2". A bare log pᵢ is now only the last factor of a product in
    textbook order (or, in LaTeX, a term of a sum); powers, quotients and arguments keep the brackets."""
    import sympy

    from ceproof.render.linear import unicode_math
    from ceproof.render.printers import ProofLatexPrinter
    from ceproof.render.terminal import pretty_parts

    z0, z1 = sympy.symbols("z0 z1", positive=True)
    y, p = sympy.IndexedBase("y"), sympy.IndexedBase("p")
    i = sympy.Symbol("i", integer=True, nonnegative=True)
    latex = ProofLatexPrinter().doprint
    for expr in (z1 * sympy.log(z0) ** 2, z1 * sympy.log(z0) / 2, 2 * sympy.log(z0) / z0, sympy.log(z0) ** -2,
                 sympy.log(z0) * sympy.log(z1) / z0, sympy.log(z0) ** sympy.Rational(1, 2)):
        assert r"\log{\left(z_{0} \right)}" in latex(expr) or r"\log^{" in latex(expr), latex(expr)
        assert "log(z₀)" in unicode_math(expr), unicode_math(expr)
        if expr.is_Pow or expr.has(sympy.Pow(sympy.log(z0), 2)):  # a stacked fraction is unambiguous in 2-D
            assert "log z₀" not in pretty_parts([expr]), pretty_parts([expr])
    assert latex(y[i] * sympy.log(p[i])) == r"y_{i} \log p_{i}"
    assert unicode_math(y[i] * sympy.log(p[i])) == "yᵢ·log pᵢ"
    assert latex(sympy.log(z0) - z1) == r"\log z_{0} - z_{1}"


def test_b20_1_a_sum_followed_by_more_terms_is_bracketed_in_every_printer():
    """B20-1: with positive terms first, Σᵢ zᵢ² − z₀² printed "Σᵢ₌₀⁶ zᵢ² − z₀²", which also reads as
    Σᵢ (zᵢ² − z₀²) (not convex); a Σ that more terms follow is now printed in brackets."""
    import sympy

    from ceproof.render.linear import unicode_math
    from ceproof.render.printers import ProofLatexPrinter
    from ceproof.render.terminal import pretty_parts

    i = sympy.Symbol("i", integer=True, nonnegative=True)
    z = sympy.IndexedBase("z")
    total = sympy.Sum(z[i] ** 2, (i, 0, 6))
    for expr in (total - z[0] ** 2, 2 * total - z[0] ** 2, total + sympy.Sum(z[i], (i, 0, 6))):
        latex, line, picture = ProofLatexPrinter().doprint(expr), unicode_math(expr), pretty_parts([expr])
        assert latex.startswith(r"\left(") or r"- \left(" in latex, latex
        assert line.startswith("(") or "− (" in line, line
        assert "⎛" in picture
    assert unicode_math(z[0] ** 2 - total) == "z₀² − Σᵢ₌₀⁶ zᵢ²"  # a Σ at the end closes with the line


def test_b21_1_a_sum_in_a_denominator_is_bracketed_on_one_line():
    """B21-1: exp(q₀)/(Σᵢ exp(qᵢ)) + z₀² − z₁ printed "exp(q₀)/Σᵢ₌₀⁶ exp(qᵢ) + z₀² − z₁", which also reads as
    exp(q₀)/Σᵢ (exp(qᵢ) + z₀² − z₁), a function that is not convex."""
    import sympy

    from ceproof.render.linear import unicode_math

    i = sympy.Symbol("i", integer=True, nonnegative=True)
    q, z = sympy.IndexedBase("q"), sympy.IndexedBase("z")
    expr = sympy.exp(q[0]) / sympy.Sum(sympy.exp(q[i]), (i, 0, 6)) + z[0] ** 2 - z[1]
    assert "/(Σᵢ₌₀⁶ exp(qᵢ))" in unicode_math(expr), unicode_math(expr)
    assert unicode_math(z[0] / sympy.Sum(z[i] ** 2, (i, 0, 6)) - z[1]) == "z₀/(Σᵢ₌₀⁶ zᵢ²) − z₁"


def test_c21_a_sum_with_a_number_sympy_cannot_cheaply_evaluate_is_printed_in_stored_order():
    """C21-1/2: SymPy's term order evaluates every numeric term in floating point (3.6 GB for tanh(e^(9·10⁹))); a sum
    with a number that is not rational is printed in stored order instead, at once."""
    import time

    import sympy

    from ceproof.render.linear import unicode_math
    from ceproof.render.printers import ProofLatexPrinter
    from ceproof.render.terminal import pretty_parts

    z0 = sympy.Symbol("z0", real=True)
    expr = sympy.tanh(sympy.exp(sympy.Integer(9_437_184_000))) + z0
    started = time.perf_counter()
    assert "tanh" in unicode_math(expr) and "tanh" in ProofLatexPrinter().doprint(expr) and "tanh" in pretty_parts([expr])
    assert time.perf_counter() - started < 5


def test_b22_1_a_sum_in_a_negative_quotient_is_bracketed_on_one_line():
    """B22-1: z₀² − exp(q₀)/(Σᵢ exp(qᵢ)) − z₁ printed "z₀² − exp(q₀)/Σᵢ₌₀⁶ exp(qᵢ) − z₁" (SymPy prints the factors of
    a negative product at the level of a sum, which skipped the B21-1 rule); also a Σ in a negative numerator."""
    import sympy

    from ceproof.render.linear import unicode_math

    i, j = (sympy.Symbol(n, integer=True, nonnegative=True) for n in "ij")
    q, z = sympy.IndexedBase("q"), sympy.IndexedBase("z")
    expr = z[0] ** 2 - sympy.exp(q[0]) / sympy.Sum(sympy.exp(q[i]), (i, 0, 6)) - z[1]
    assert unicode_math(expr) == "z₀² − exp(q₀)/(Σᵢ₌₀⁶ exp(qᵢ)) − z₁", unicode_math(expr)
    numerator = -sympy.Sum(sympy.exp(q[j]), (j, 0, 6)) / z[1] - sympy.Sum(z[i] ** 2, (i, 0, 6)) / z[0]
    assert unicode_math(numerator) == "−(Σⱼ₌₀⁶ exp(qⱼ))/z₁ − (Σᵢ₌₀⁶ zᵢ²)/z₀", unicode_math(numerator)


def test_b23_1_a_function_name_prints_as_its_symbol_does():
    """B23-1: the report's function line spelled "alpha1(z)" and "Lbar(z)" beside "α₁ is convex"."""
    import sympy

    from ceproof.render.linear import unicode_math

    z0 = sympy.Symbol("z0", real=True)
    assert unicode_math(sympy.Function("alpha1")(z0)) == "α₁(z₀)"
    assert unicode_math(sympy.Function("Lbar")(z0)) == "L̄(z₀)"


def test_b27_a_jacobian_in_another_variable_is_not_printed_as_one_in_z():
    """B27 (hardening): a first derivative with two indices printed "∂Lⱼ/∂zₘ" whatever it was taken in; only
    a Jacobian in z is written so, any other with ∇ and its variables."""
    import sympy

    from ceproof.kernel.arrays import IndexedArray
    from ceproof.kernel.notation import Notation
    from ceproof.kernel.statement import Derivative
    from ceproof.render.statement import derivative_text

    n = Notation(3)
    i, j = n.indices[:2]
    jacobian = IndexedArray((3, 3), (i, j), sympy.KroneckerDelta(i, j))
    assert r"\partial z_{j}" in derivative_text(Derivative(n.p, 1, jacobian), n)
    in_q = derivative_text(Derivative(n.p, 1, jacobian, n.q), n)
    assert r"\partial z" not in in_q and r"\nabla_{q}" in in_q, in_q


def test_b29_a_delta_of_long_arguments_is_written_with_a_comma():
    """B29 (cosmetic): δ(12, s) printed \\delta_{12 s}, which reads as δ(1, 2s); one-letter indices stay δ_{ij}."""
    import sympy

    from ceproof.render.printers import ProofLatexPrinter

    i, j, s = sympy.symbols("i j s", integer=True)
    printer = ProofLatexPrinter()
    assert printer.doprint(sympy.KroneckerDelta(12, s)) == r"\delta_{12, s}"
    assert printer.doprint(sympy.KroneckerDelta(i, j)) == r"\delta_{i j}"


def test_c31_the_report_writes_a_statement_out_only_when_its_written_size_is_small():
    """C31 (lead): Σ over four indices 0 … 5 and a = 1 … 11 of tanh(…) has 269 nodes but writes out into 1296
    terms of 11 tanh each, which SymPy took 93 s to build for the report's "written out" line; the line is left
    out above 20 000 written nodes, counted without writing."""
    import sympy

    from ceproof.kernel.notation import Notation
    from ceproof.render.check_report import WRITTEN_NODES, written_size

    n = Notation(6)
    z = n.z
    i, j, k, l = n.indices
    a = sympy.Symbol("a", integer=True, positive=True)
    big = sympy.Sum(sympy.Sum(sympy.tanh(a * z[i] + z[j] - z[k] * z[l] + a), (a, 1, 11)), (i, 0, 5), (j, 0, 5),
                    (k, 0, 5), (l, 0, 5))
    assert written_size(big) > WRITTEN_NODES
    assert written_size(sympy.Sum(z[i] ** 2, (i, 0, 5))) < 100
