"""``--brief``: a checked proof as a textbook presents it, a few numbered steps, each a group of the
proof's own checked steps (never new mathematics), by one table from step key to part."""

from __future__ import annotations

from dataclasses import dataclass

from ..kernel.claims import Conclusion

PARTS = (
    ("setting", "Notation and first facts"),
    ("jacobian", "The softmax Jacobian"),
    ("gradient", "The gradient"),
    ("hessian", "The Hessian"),
    ("form", "The quadratic form is nonnegative"),
    ("convex", "Convexity"),
    ("not-strict", "Not strictly convex"),
    ("strict", "Strict convexity"),
    ("counterexample", "The counterexample"),
)
"""Every part a brief proof can have, in the order it shows them, with its title."""

PART_OF = {
    **dict.fromkeys(("S", "p", "positive", "sum-p", "L", "logsumexp", "epsilon", "epsilon-range", "y", "y-nonnegative",
                     "y-positive", "sum-y", "Y", "Y-nonnegative", "w", "w-nonnegative", "tau", "tau-positive", "G",
                     "logits", "affine", "s", "sigma", "sigmoid", "ell", "softmax", "H", "P", "R", "F", "F-form",
                     "norm"), "setting"),
    **dict.fromkeys(("jacobian-entries", "jacobian"), "jacobian"),
    **dict.fromkeys(("gradient", "gradient-q", "gradient-s"), "gradient"),
    **dict.fromkeys(("hessian", "hessian-q", "hessian-s", "unit-mass", "hessian-normalized", "hessian-theta",
                     "hessian-W"), "hessian"),
    **dict.fromkeys(("quadratic-form", "sum-of-squares", "nonnegative", "psd", "curvature", "form-theta",
                     "nonnegative-theta", "psd-theta", "form-W", "nonnegative-W", "psd-W"), "form"),
    **dict.fromkeys(("convex", "composition", "convex-theta", "mean", "examples", "convex-F"), "convex"),
    **dict.fromkeys(("kernel", "shift", "not-strict"), "not-strict"),
    **dict.fromkeys(("form-zeros", "definite", "strict"), "strict"),
    **dict.fromkeys(("counterexample", "not-convex"), "counterexample"),
}
"""The part each step of the family's proofs belongs to, by its key. A step whose key is not here joins
the part of the step before it; the conclusion, which restates the theorem, closes the last part."""

TITLES = dict(PARTS)
HIDDEN = frozenset({"jacobian"})
"""Steps a brief proof counts but does not show: the Jacobian's matrix form restates its entries."""


@dataclass(frozen=True)
class BriefStep:
    """One numbered step of a brief proof: its title and the proof's steps it groups, with their results."""

    number: int
    title: str
    steps: tuple
    results: tuple

    @property
    def shown(self) -> tuple:
        """(step, result) of every step whose claim is shown: all but the conclusion, which is the theorem, and
        the HIDDEN restatements."""
        return tuple((s, r) for s, r in zip(self.steps, self.results)
                     if not isinstance(s.claim, Conclusion) and s.key not in HIDDEN)

    @property
    def step_ids(self) -> str:
        """"steps 11–14", "step 9" or "steps 1–4, 7": the full proof's steps it groups."""
        numbers = [int(s.id) for s in self.steps if s.id.isdigit()]
        runs: list[list[int]] = []
        for n in numbers:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        text = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
        return f"step{'s' if len(numbers) > 1 else ''} {text}"


def brief_steps(proof) -> tuple:
    """The proof's steps grouped into parts, in the order of PARTS (a part with no step is left out)."""
    grouped: dict = {}
    part = PARTS[0][0]
    for step, result in zip(proof.steps, proof.results):
        if isinstance(step.claim, Conclusion) and grouped:
            part = max(grouped, key=_order)
        else:
            part = PART_OF.get(step.key, part)
        grouped.setdefault(part, []).append((step, result))
    ordered = sorted(grouped.items(), key=lambda item: _order(item[0]))
    return tuple(BriefStep(n, TITLES[name], tuple(s for s, _ in pairs), tuple(r for _, r in pairs))
                 for n, (name, pairs) in enumerate(ordered, 1))


def _order(part: str) -> int:
    return [name for name, _ in PARTS].index(part)


def closing_line(proof) -> str:
    """How many steps were checked and what was cited, as prose."""
    verified, cited = proof.count("verified"), proof.count("cited")
    line = f"The full proof has {len(proof.steps)} steps: {verified} checked by ceproof's kernel"
    if proof.trusted_base:
        names = "; ".join(f"{t.name} ({t.citation})" for t in proof.trusted_base)
        return line + f" and {cited} cited from the literature, the trusted base: {names}."
    return line + ", none cited."


def chained(parts_of_claims: list) -> list:
    """The claims' parts (``display.claim_parts``), a run of claims about one left side written as one chain:
    vᵀHv = Σpᵢvᵢ² − (Σpᵢvᵢ)² and vᵀHv = ½ΣΣ… and vᵀHv = ½ΣΣ… ≥ 0 become vᵀHv = Σpᵢvᵢ² − (Σpᵢvᵢ)² = ½ΣΣ… ≥ 0.
    Only equalities and bounds of the same left side are joined, so each link is one of the claims."""
    lines: list = []
    for parts in parts_of_claims:
        previous = lines[-1] if lines else None
        joinable = (previous is not None and len(parts) >= 3 and parts[1] == " = " and previous[1] == " = "
                    and _same(parts[0], previous[0]) and _is_chain(previous) and _is_chain(parts))
        if not joinable:
            lines.append(list(parts))
            continue
        rest = parts[2:]
        if _same(rest[0], _last_side(previous)):  # vᵀHv = B ≥ 0 after vᵀHv = … = B: only "≥ 0" is new
            rest = rest[1:]
        else:
            rest = [" = ", *rest]
        if previous[-1] in (" ≥ 0", " > 0"):  # a bound ends a chain
            lines.append(list(parts))
            continue
        previous.extend(rest)
    return lines


def _same(a, b) -> bool:
    return type(a) is type(b) and a == b


def _is_chain(parts) -> bool:
    """Only math and the relations =, ≥ 0, > 0: no words (an entry pattern's ", entries …")."""
    return all(not isinstance(p, str) or p in (" = ", " ≥ 0", " > 0") for p in parts)


def _last_side(parts):
    return next(p for p in reversed(parts) if not isinstance(p, str))
