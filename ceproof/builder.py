"""Assemble a proof step by step and check every step against only the steps it uses."""

from __future__ import annotations

import dataclasses

from .chain import chain_problems, final_results
from .checks import check_claim
from .claims import Conclusion
from .facts import Facts
from .notation import Notation
from .proof import Assumption, CheckResult, Proof, Step


class ProofBuilder:
    """Collects assumptions and steps under short keys; ``build`` numbers and checks them."""

    def __init__(self, kind: str, theorem: str, notation: Notation, title: str = ""):
        self.kind = kind
        self.title = title
        self.theorem = theorem
        self.notation = notation
        self.assumptions: list[Assumption] = []
        self.steps: list[Step] = []
        self.ids: dict[str, str] = {}

    def assume(self, key: str, text: str, claim) -> str:
        ident = f"A{len(self.assumptions) + 1}"
        self.assumptions.append(Assumption(ident, text, claim))
        self.ids[key] = ident
        return ident

    def add(self, key: str, claim, rule: str, explanation: str = "", uses: tuple = ()) -> str:
        """Append a step; ``uses`` are keys of earlier steps or assumptions."""
        missing = [u for u in uses if u not in self.ids]
        if missing:
            raise ValueError(f"step {key!r} uses unknown or later steps {missing}")
        if key in self.ids:
            raise ValueError(f"step key {key!r} used twice")
        ident = str(len(self.steps) + 1)
        used = sorted((self.ids[u] for u in uses), key=lambda i: (i.startswith("A"), int(i.lstrip("A"))))
        self.steps.append(Step(ident, key, claim, rule, explanation, tuple(used)))
        self.ids[key] = ident
        return ident

    def _conclusion(self) -> Step:
        """The last step: the theorem, resting on every final result."""
        ident = str(len(self.steps) + 1)
        return Step(ident, "theorem", Conclusion(self.theorem), "the theorem",
                    "It collects the final results of the proof.", final_results(self.steps))

    def build(self, parameters: tuple = ()) -> Proof:
        """State the theorem as the last step, then check every step in order (see ``check_steps``)."""
        steps = (*self.steps, self._conclusion())
        return Proof(
            kind=self.kind,
            title=self.title,
            theorem=self.theorem,
            notation=self.notation,
            assumptions=tuple(self.assumptions),
            steps=steps,
            results=check_steps(self.kind, self.notation, self.theorem, self.assumptions, steps),
            parameters=parameters,
        )


def recheck(proof: Proof, workers: int = 1) -> Proof:
    """``proof`` with every step checked again from its claims alone (its stored results ignored)."""
    return dataclasses.replace(proof, results=check_steps(proof.kind, proof.notation, proof.theorem,
                                                          proof.assumptions, proof.steps, workers))


def check_steps(kind: str, notation: Notation, theorem: str, assumptions, steps, workers: int = 1) -> tuple:
    """Check every step against only the steps it uses, after the shape of the chain; a failed
    check is recorded, never hidden, and a step that uses a failed step fails too.

    A step's own check reads only claims, never other results, so with ``workers`` > 1 the checks
    run in that many forked processes (the results are the same, in the same order)."""
    problems: dict = {}
    for problem in chain_problems(kind, theorem, assumptions, steps):
        problems.setdefault(problem.step if problem.step is not None else steps[-1].id if steps else None,
                            problem.message)
    tasks = _tasks(notation, assumptions, steps)
    ready = [n for n, step in enumerate(steps) if step.id not in problems]
    worth_it = notation.is_explicit and notation.classes >= PARALLEL_FROM
    done = _check_in_parallel(tasks, ready, workers) if workers > 1 and len(ready) > 1 and worth_it else {}
    failed: set = set()
    results = []
    for n, step in enumerate(steps):
        broken = [u for u in step.uses if u in failed]
        if step.id in problems:
            result = CheckResult("failed", "chain", problems[step.id])
        elif broken:
            result = CheckResult("failed", "dependencies", f"uses step {broken[0]}, whose check failed")
        else:
            result = done[n] if n in done else _own_check(tasks[n])
        if not result.ok:
            failed.add(step.id)
        results.append(result)
    return tuple(results)


def _tasks(notation: Notation, assumptions, steps) -> list:
    """For each step, what its check sees: the notation, the claim, the claims of its uses and of
    every step they rest on, and every earlier claim."""
    by_id = {a.id: a.claim for a in assumptions}
    closure = {a.id: {a.id} for a in assumptions}
    earlier: list = [a.claim for a in assumptions]
    tasks = []
    for step in steps:
        known = [u for u in step.uses if u in by_id]
        closure[step.id] = {step.id}.union(*(closure[u] for u in known))
        ancestors = [by_id[a] for a in sorted(closure[step.id] - {step.id}) if a in by_id]
        tasks.append((notation, step.claim, tuple(by_id[u] for u in known), tuple(ancestors), tuple(earlier)))
        by_id.setdefault(step.id, step.claim)
        earlier.append(step.claim)
    return tasks


def _own_check(task: tuple) -> CheckResult:
    """One step's check from the facts of its uses; facts that cannot even be gathered (a claim of
    a malformed certificate) fail the step instead of the run."""
    notation, claim, used, ancestors, earlier = task
    try:
        facts = Facts.from_claims(notation, used, ancestors)
    except Exception as error:  # noqa: BLE001 - any failure here is the certificate's, reported on its step
        return CheckResult("failed", "facts", f"the steps it uses cannot be read as facts: {type(error).__name__}")
    return check_claim(claim, facts, earlier)


PARALLEL_FROM = 20
"""Smallest explicit K checked in parallel: below it (and for every K) a check takes well under a
second, less than starting the workers saves."""

_WEIGHTS = {"DerivativeEquality": 8, "Equality": 3, "NonNegative": 3, "Counterexample": 3}
"""Rough relative cost of checking each claim kind (others 1), to balance the workers."""

_TASKS: list = []
"""The tasks of the running parallel check, inherited by the forked workers."""


def _check_task(n: int) -> CheckResult:
    return _own_check(_TASKS[n])


def _check_group(indices: list) -> list:
    return [_check_task(n) for n in indices]


def _groups(tasks: list, indices: list, workers: int) -> list:
    """Indices split into ``workers`` groups of similar cost, claims of one kind kept together: the
    derivative checks share their memo of sympy.diff, which a worker only has for what it checked."""
    kinds: dict = {}
    for n in indices:
        kinds.setdefault(type(tasks[n][1]).__name__, []).append(n)
    bins = [[] for _ in range(workers)]
    cost = [0] * workers
    for kind, members in sorted(kinds.items(), key=lambda item: -_WEIGHTS.get(item[0], 1) * len(item[1])):
        lightest = cost.index(min(cost))
        bins[lightest] += members
        cost[lightest] += _WEIGHTS.get(kind, 1) * len(members)
    return [sorted(group) for group in bins if group]


def _check_in_parallel(tasks: list, indices: list, workers: int) -> dict:
    """Step index -> own check result, from forked workers; empty (check in-process) where the
    platform cannot fork."""
    import multiprocessing

    global _TASKS
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        return {}
    _TASKS = tasks
    tasks[0][0].concrete_map  # built once here, inherited by every worker
    groups = _groups(tasks, indices, workers)
    try:
        with context.Pool(len(groups)) as pool:
            return {n: result for group, results in zip(groups, pool.map(_check_group, groups))
                    for n, result in zip(group, results)}
    finally:
        _TASKS = []
