"""Check a whole proof: the statement, the shape of the chain, and every step against only the steps
it uses. This is the kernel's one entry point; ``verify`` returns one CheckResult per step."""

from __future__ import annotations

from sympy import Symbol

from .chain import chain_problems
from .checks import check_claim
from .facts import Facts
from .budget import OverBudget, proof_budget
from .proof import CheckResult, Proof
from .wellformed import Malformed, check_data, statement_problems

PARALLEL_FROM = 150
"""Smallest explicit K checked in parallel. It matters only for a certificate checked entry by entry (its
arrays not checkable by their entry formulas): the three derivative checks dominate and stay in one worker
(they share a memo of sympy.diff), so two workers gain little (measured on 2 cores: K = 200 about 5 %
faster in two); ceproof's own certificates from K = 12 on are checked by entry formula in about a second."""


def verify(proof: Proof, workers: int = 1) -> tuple:
    """See ``_verify``: inside one budget of work for the whole proof (``budget.py``)."""
    with proof_budget():
        return _verify(proof, workers)


def _verify(proof: Proof, workers: int = 1) -> tuple:
    """Every step's check result, in order. A step fails when the statement is malformed (the last
    step), when the chain is broken at it, when its claim is malformed or does not hold, or when it
    uses a step that failed.

    A step's own check reads only claims, never other results, so with ``workers`` > 1 the checks of
    an explicit proof with K ≥ PARALLEL_FROM run in that many forked processes (same results, same order)."""
    steps = tuple(proof.steps)
    problems: dict = {}
    last = steps[-1].id if steps else None
    for problem in statement_problems(proof.statement, proof.notation):
        problems.setdefault(last, f"the statement: {problem}")
    for problem in chain_problems(proof.premise_ids, steps):
        problems.setdefault(problem.step if problem.step is not None else last, problem.message)
    name = proof.statement.name
    families = frozenset({name.name}) if isinstance(name, Symbol) else frozenset()
    for step in steps:
        try:
            check_data(step.claim, proof.notation, families=families)
        except Malformed as problem:
            problems.setdefault(step.id, f"malformed claim: {problem}")
        except RecursionError:
            problems.setdefault(step.id, "malformed claim: nested too deeply")
        except MemoryError:
            raise  # resources, not a verdict
        except Exception as error:  # noqa: BLE001 - a claim that cannot even be inspected is malformed
            problems.setdefault(step.id, f"malformed claim: it cannot be inspected ({type(error).__name__})")
    tasks = _tasks(proof)
    ready = [n for n, step in enumerate(steps) if step.id not in problems]
    notation = proof.notation
    worth_it = notation.is_explicit and notation.classes >= PARALLEL_FROM
    done = _check_in_parallel(tasks, ready, workers) if workers > 1 and len(ready) > 1 and worth_it else {}
    failed: set = set()
    results = []
    for n, step in enumerate(steps):
        broken = [u for u in step.uses if u in failed]
        if step.id in problems:
            result = CheckResult("failed", "chain", detail=problems[step.id])
        elif broken:
            result = CheckResult("failed", "dependencies", detail=f"uses step {broken[0]}, whose check failed")
        else:
            result = done[n] if n in done else _own_check(tasks[n])
        if not result.ok:
            failed.add(step.id)
        results.append(result)
    return tuple(results)


def check_in_context(notation, claim, used=(), ancestors=(), earlier=(), statement=None) -> CheckResult:
    """One claim checked as a step would be: well-formed first, then against the facts of ``used``
    (claims and premises), with ``earlier`` the claims before it (for freshness). For tests and tools
    that check a claim outside a whole proof."""
    families = frozenset({statement.name.name}) if statement is not None and isinstance(statement.name, Symbol) \
        else frozenset()
    try:
        check_data(claim, notation, families=families)
    except Malformed as problem:
        return CheckResult("failed", "chain", detail=f"malformed claim: {problem}")
    except MemoryError:
        raise  # resources, not a verdict
    except Exception as error:  # noqa: BLE001 - as in verify
        return CheckResult("failed", "chain", detail=f"malformed claim: it cannot be inspected ({type(error).__name__})")
    reserved = frozenset() if statement is None else (
        frozenset(str(p.subject) for p in statement.premises) | {str(v) for v in statement.variables})
    with proof_budget():
        return _own_check((notation, claim, tuple(used), tuple(ancestors), tuple(earlier) or tuple(used), reserved,
                           statement))


def _tasks(proof: Proof) -> list:
    """For each step, what its check sees: the claim, the claims (and premises) it uses, every one they
    rest on, every earlier one, the names no step may define, and the statement."""
    statement = proof.statement
    by_id = dict(proof.premise_ids)
    reserved = frozenset(str(p.subject) for p in statement.premises) | {str(v) for v in statement.variables}
    closure = {ident: {ident} for ident in by_id}
    earlier: list = list(by_id.values())
    tasks = []
    for step in proof.steps:
        known = [u for u in step.uses if u in by_id]
        closure[step.id] = {step.id}.union(*(closure[u] for u in known))
        ancestors = [by_id[a] for a in sorted(closure[step.id] - {step.id}) if a in by_id]
        tasks.append((proof.notation, step.claim, tuple(by_id[u] for u in known), tuple(ancestors), tuple(earlier),
                      reserved, statement))
        by_id.setdefault(step.id, step.claim)
        earlier.append(step.claim)
    return tasks


def _own_check(task: tuple) -> CheckResult:
    """One step's check from the facts of its uses; facts that cannot even be gathered (a malformed
    claim) fail the step instead of the run."""
    notation, claim, used, ancestors, earlier, reserved, statement = task
    try:
        facts = Facts.from_claims(notation, used, ancestors, earlier, reserved, statement)
    except MemoryError:
        raise  # resources, not a verdict
    except OverBudget as over:
        return CheckResult("failed", "facts", detail=str(over))
    except Exception as error:  # noqa: BLE001 - any failure here is the proof's, reported on its step
        return CheckResult("failed", "facts", detail=f"the steps it uses cannot be read as facts: {type(error).__name__}")
    return check_claim(claim, facts)


_WEIGHTS = {"DerivativeEquality": 8, "Equality": 3, "NonNegative": 3, "Counterexample": 3}
"""Rough relative cost of checking each claim kind (others 1), to balance the workers."""

_TASKS: list = []
"""The tasks of the running parallel check, inherited by the forked workers."""


def _check_group(indices: list) -> list:
    return [_own_check(_TASKS[n]) for n in indices]


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
