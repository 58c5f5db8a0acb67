"""How each kind of claim is verified: ``CHECKERS``, the one table from claim type to checker.

A checker reads the claim and the facts of the steps it uses, raises CheckFailure with the reason
when the claim does not hold as stated, and otherwise returns its evidence: named values it computed.
"""

from __future__ import annotations

from .. import claims as c
from ..algebra.laurent import NotALaurentPolynomial
from ..budget import OverBudget
from ..proof import CheckResult
from .citations import check_cited
from .common import CheckFailure
from .conclusion import check_conclusion
from .counterexamples import check_counterexample
from .definitions import check_definition, check_positivity
from .derivatives import check_derivative
from .forms import check_form_zeros, check_positive_definite_on, check_psd
from .identities import check_equality, check_nonnegative
from .maps import check_affine

CHECKERS = {
    c.Definition: ("definition", check_definition),
    c.Positivity: ("positivity", check_positivity),
    c.Equality: ("identity", check_equality),
    c.DerivativeEquality: ("sympy.diff", check_derivative),
    c.NonNegative: ("sum-of-squares", check_nonnegative),
    c.PositiveSemidefinite: ("psd", check_psd),
    c.FormZeros: ("form-zeros", check_form_zeros),
    c.PositiveDefiniteOn: ("definite-on-subspace", check_positive_definite_on),
    c.Affine: ("affine", check_affine),
    c.Counterexample: ("interval-arithmetic", check_counterexample),
    c.Cited: ("citation", check_cited),
    c.Conclusion: ("statement", check_conclusion),
}
"""Claim type -> (method identifier, checker)."""


def check_claim(claim, facts) -> CheckResult:
    """Verify ``claim`` using only ``facts``: ``cited`` for a citation whose premises hold, ``verified``
    for any other claim that holds, ``failed`` with the reason otherwise (never an exception)."""
    method, checker = CHECKERS.get(type(claim), (None, None))
    if checker is None:
        return CheckResult("failed", "claim kind", detail=f"a {type(claim).__name__} cannot stand as a step")
    try:
        evidence = checker(claim, facts)
    except (CheckFailure, NotALaurentPolynomial, OverBudget) as failure:
        return CheckResult("failed", method, detail=str(failure))
    except RecursionError:
        return CheckResult("failed", method, detail="cannot check: the expressions are nested too deeply")
    except MemoryError:
        raise  # not a verdict on the claim: the check could not be done here
    except Exception as error:  # a malformed claim must fail its check, never pass or crash the proof
        return CheckResult("failed", method, detail=f"cannot check: {type(error).__name__}: {error}"[:500])
    return CheckResult("cited" if isinstance(claim, c.Cited) else "verified", method, tuple(evidence))
