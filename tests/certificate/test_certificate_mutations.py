"""Tamper resistance: random semantic mutations of valid certificates, each of which must be rejected.

A mutation that leaves the mathematics unchanged (swapping j and k in a symmetric matrix, negating
the inside of a square) is recognised here by an independent numeric comparison of the original and
the mutated claim (SymPy's own Sum.doit and evalf at pseudo-random points, not ceproof's engine), and
is counted apart, never as a rejection.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import random
from collections import Counter
from fractions import Fraction

import pytest
import sympy

from ceproof import api
from ceproof.arrays import IndexedArray
from ceproof.certificate import Unreadable, check_certificate, read_certificate
from ceproof.claims import Cited, Definition, FormZeros, SquareTerm
from ceproof.citations import KNOWN_THEOREMS

BASES = {
    "prove K=2": lambda: api.prove(2),
    "prove every K": lambda: api.prove(),
    "derive K=3": lambda: api.derive(3),
    "ce-centered K=3": lambda: api.prove(3, loss="ce-centered"),
    "mse-softmax": lambda: api.prove(loss="mse-softmax"),
    "focal": lambda: api.prove(loss="focal"),
    "softmax-prob": lambda: api.prove(loss="softmax-prob"),
    "two-layer tanh": lambda: api.prove(loss="two-layer", activation="tanh"),
}
PER_KIND = 5
"""Mutations of each kind for each base certificate (fewer where a kind finds fewer targets)."""

STRUCTURAL = ("index", "vector", "variables", "of")
"""Fields whose expression the reader requires to be a bare name: negating it only tests the reader."""


# ---------------------------------------------------------------- finding targets in the JSON

def _trees(value, path=()):
    """(path, node) for every expression node under ``value``, with the path of keys and indices."""
    if isinstance(value, list) and value and isinstance(value[0], str):
        yield path, value
        if value[0] in ("Symbol", "IndexedBase", "MatrixSymbol"):
            return
        for n, item in enumerate(value[1:], 1):
            if value[0] == "Sum" and n > 1:  # a limit [index, low, high]
                for m, bound in enumerate(item[1:], 1):
                    yield from _trees(bound, path + (n, m))
            else:
                yield from _trees(item, path + (n,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _trees(item, path + (n,))
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "type":
                yield from _trees(item, path + (key,))


def _objects(value, kind, path=()):
    if isinstance(value, dict):
        if value.get("type") == kind:
            yield path, value
        for key, item in value.items():
            yield from _objects(item, kind, path + (key,))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _objects(item, kind, path + (n,))


def _get(root, path):
    for key in path:
        root = root[key]
    return root


def _set(root, path, value):
    _get(root, path[:-1])[path[-1]] = value


def _claims(doc):
    """(step index, claim) for every step but the theorem's own."""
    return [(n, step["claim"]) for n, step in enumerate(doc["steps"][:-1])]


def _value_trees(claim):
    """Expression nodes in value positions: not an IndexedBase, not the base of an entry, not a bare
    name in a field that must hold one."""
    found = []
    for path, node in _trees(claim):
        if node[0] == "IndexedBase" or (path and path[-1] == 1 and _get(claim, path[:-1])[0] == "Indexed"):
            continue
        if node[0] == "Symbol" and path and path[0] in STRUCTURAL:
            continue
        found.append((path, node))
    return found


# ---------------------------------------------------------------- the mutations

def change_coefficient(doc, rng):
    targets = [(n, path, node) for n, claim in _claims(doc) for path, node in _trees(claim)
               if node[0] in ("Integer", "Rational") and "bounds" not in path]
    if not targets:
        return None
    n, path, node = rng.choice(targets)
    value = Fraction(node[1], node[2] if node[0] == "Rational" else 1)
    new = rng.choice([value + 1, value - 1, 2 * value + 1, value / 2 + Fraction(1, 3)])
    tree = ["Integer", new.numerator] if new.denominator == 1 else ["Rational", new.numerator, new.denominator]
    _set(doc["steps"][n]["claim"], path, tree)
    return n, f"step {doc['steps'][n]['id']}: {value} -> {new}"


def flip_sign(doc, rng):
    targets = [(n, path, node) for n, claim in _claims(doc) for path, node in _value_trees(claim) if path]
    if not targets:
        return None
    n, path, node = rng.choice(targets)
    _set(doc["steps"][n]["claim"], path, ["Mul", ["Integer", -1], node])
    return n, f"step {doc['steps'][n]['id']}: negated {json.dumps(node)[:60]}"


def swap_indices(doc, rng):
    """Mostly one subscript changed to another index of the claim (p[j] -> p[k] in one place);
    sometimes two indices exchanged throughout one term, which is a no-op when the term is symmetric."""
    targets = []
    for n, claim in _claims(doc):
        names = _index_names(claim)
        for path, node in _value_trees(claim):
            if node[0] == "Indexed" and len(names) >= 2:
                targets.append((n, path, node, names))
    if not targets:
        return None
    n, path, node, names = rng.choice(targets)
    if rng.random() < 0.3 and len(_index_names(node)) < 2:
        parent = _get(doc["steps"][n]["claim"], path[:-1]) if path else None
        if isinstance(parent, list) and parent and parent[0] in ("Add", "Mul") and len(_index_names(parent)) >= 2:
            a, b = rng.sample(sorted(_index_names(parent)), 2)
            _set(doc["steps"][n]["claim"], path[:-1], _swapped(parent, a, b))
            return n, f"step {doc['steps'][n]['id']}: exchanged {a} and {b} in {json.dumps(parent)[:60]}"
    old = json.dumps(node[2])
    new = rng.choice(sorted(names - {old}))
    _set(doc["steps"][n]["claim"], path + (2,), json.loads(new))
    return n, f"step {doc['steps'][n]['id']}: subscript {old} of {node[1][1]} -> {new}"


def _index_names(node) -> set:
    """Index symbols and explicit integer indices (as their trees) used inside ``node``."""
    found = set()
    for _, sub in _trees(node):
        if sub[0] == "Indexed":
            for index in sub[2:]:
                found.add(json.dumps(index))
        if sub[0] == "Symbol" and "integer" in sub[2:]:
            found.add(json.dumps(sub))
    return found


def _swapped(node, a: str, b: str):
    text = json.dumps(node)
    return json.loads(text.replace(a, "\0").replace(b, a).replace("\0", b))


def drop_square(doc, rng):
    targets = [(n, path, sos) for n, claim in _claims(doc) for path, sos in _objects(claim, "SumOfSquares")
               if sos["terms"]]
    if not targets:
        return None
    n, path, sos = rng.choice(targets)
    dropped = sos["terms"].pop(rng.randrange(len(sos["terms"])))
    return n, f"step {doc['steps'][n]['id']}: dropped the square {json.dumps(dropped['square'])[:60]}"


def move_point(doc, rng):
    targets = [(n, example) for n, claim in _claims(doc) for _, example in _objects(claim, "Counterexample")]
    if not targets:
        return None
    n, example = rng.choice(targets)
    fields = [f for f in ("x1", "x2", "point", "direction") if example[f]] + (["t"] if example["t"] else [])
    field = rng.choice(fields)
    shift = rng.choice([Fraction(1), Fraction(-1), Fraction(1, 2), Fraction(-1, 3), Fraction(1, 1000)])
    if field == "t":
        old = Fraction(*example["t"][1:]) if example["t"][0] == "Rational" else Fraction(example["t"][1])
        new = old * rng.choice([Fraction(1, 2), Fraction(3, 2)])
        example["t"] = ["Rational", new.numerator, new.denominator]
    else:
        coordinate = rng.randrange(len(example[field]))
        tree = example[field][coordinate]
        old = Fraction(*tree[1:]) if tree[0] == "Rational" else Fraction(tree[1])
        new = old + shift
        example[field][coordinate] = (["Integer", new.numerator] if new.denominator == 1
                                      else ["Rational", new.numerator, new.denominator])
    return n, f"step {doc['steps'][n]['id']}: moved {field}"


def change_theorem(doc, rng):
    last = doc["steps"][-1]
    cited = [(n, step) for n, step in enumerate(doc["steps"]) if step["claim"]["type"] == "Cited"]
    options = ["text", "statement", "kind", "drop-final"] + (["citation", "subject"] if cited else [])
    choice = rng.choice(options)
    if choice == "text":
        doc["theorem"] = doc["theorem"].replace("convex", "strictly convex", 1) + rng.choice(["", " for every K"])
        if doc["theorem"] == last["claim"]["statement"]:
            doc["theorem"] += " (and more)"
        return None, "theorem text changed"
    if choice == "statement":
        last["claim"]["statement"] = "It is strictly convex."
        return len(doc["steps"]) - 1, "the last step states another theorem"
    if choice == "kind":
        doc["kind"] = "refute" if doc["kind"] != "refute" else "prove"
        return None, f"kind changed to {doc['kind']}"
    if choice == "drop-final":
        if len(last["uses"]) < 1:
            return None
        last["uses"].pop(rng.randrange(len(last["uses"])))
        return len(doc["steps"]) - 1, "the theorem no longer rests on one final result"
    n, step = rng.choice(cited)
    if choice == "citation":
        others = sorted(k for k in KNOWN_THEOREMS if k != step["claim"]["theorem"]) + ["folklore"]
        step["claim"]["theorem"] = rng.choice(others)
        return n, f"step {step['id']} cites {step['claim']['theorem']}"
    step["claim"]["subject"] = ["Symbol", rng.choice(["Q", "L", "G", "F", "P"])] \
        if step["claim"]["subject"] != ["Symbol", "Q"] else ["Symbol", "R"]
    step["claim"]["variables"] = step["claim"]["variables"][:1]
    return n, f"step {step['id']} is about another function or fewer variables"


def delete_used_step(doc, rng):
    used = {u for step in doc["steps"] for u in step["uses"]}
    targets = [n for n, step in enumerate(doc["steps"][:-1]) if step["id"] in used]
    if not targets:
        return None
    n = rng.choice(targets)
    removed = doc["steps"].pop(n)
    return None, f"deleted step {removed['id']} ({removed['key']}), which another step uses"


def reorder_steps(doc, rng):
    steps = doc["steps"]
    if rng.random() < 0.5:  # swap two steps, ids kept
        n = rng.randrange(len(steps) - 1)
        steps[n], steps[n + 1] = steps[n + 1], steps[n]
        return None, f"swapped steps {steps[n + 1]['id']} and {steps[n]['id']}"
    # move a step before one it uses, numbering everything again
    candidates = [(n, m) for n, step in enumerate(steps) for m, other in enumerate(steps[:n])
                  if other["id"] in step["uses"]]
    if not candidates:
        return None
    n, m = rng.choice(candidates)
    moved = steps.pop(n)
    steps.insert(m, moved)
    renumber = {step["id"]: str(k) for k, step in enumerate(steps, 1)}
    for step in steps:
        step["id"] = renumber[step["id"]]
        step["uses"] = sorted((renumber.get(u, u) for u in step["uses"]),
                              key=lambda u: (u.startswith("A"), int(u.lstrip("A"))))
    return None, f"moved step {moved['key']} before a step it uses"


MUTATIONS = (change_coefficient, flip_sign, swap_indices, drop_square, move_point, change_theorem,
             delete_used_step, reorder_steps)


# ---------------------------------------------------------------- the independent no-op test

def _number(key: str, low: int, high: int) -> int:
    return low + int(hashlib.sha256(key.encode()).hexdigest(), 16) % (high - low + 1)


def _evaluate(expr, seed: str, K: int = 4):
    """``expr`` at a pseudo-random point: K = 4, sums written out by SymPy, every symbol and indexed
    entry a fixed rational (integers for integer symbols); a complex number, or its text if none."""
    expr = sympy.sympify(expr)
    names = {s.name: s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    sizes = {"K": K, "d": 2, "N": 3}
    expr = expr.xreplace({names[n]: sympy.Integer(v) for n, v in sizes.items() if n in names})
    integers = {s: sympy.Integer(_number(seed + s.name, 0, K - 1)) for s in expr.free_symbols
                if isinstance(s, sympy.Symbol) and s.is_integer and s.name not in sizes}
    expr = _written_out(expr.xreplace(integers))
    values = {}
    for atom in expr.atoms(sympy.Indexed):
        values[atom] = sympy.Rational(_number(seed + str(atom), -30, 30), 7)
    for symbol in expr.free_symbols:
        if isinstance(symbol, sympy.Symbol):
            values[symbol] = sympy.Rational(_number(seed + symbol.name, -30, 30), 11)
    try:
        return complex(sympy.N(expr.xreplace(values), 30))
    except (TypeError, ValueError, ZeroDivisionError):
        return str(expr)


def _written_out(expr):
    """Every Sum with numeric limits written out term by term, outer index first (SymPy's subs)."""
    if not isinstance(expr, sympy.Basic) or not expr.args:
        return expr
    if isinstance(expr, sympy.Sum):
        *inner, (index, low, high) = expr.limits
        if not (low.is_Integer and high.is_Integer):
            return expr.func(_written_out(expr.function), *expr.limits)
        terms = []
        for r in range(int(low), int(high) + 1):
            body = expr.function.subs(index, r)
            limits = [tuple(sympy.sympify(x).subs(index, r) for x in limit) for limit in inner]
            terms.append(_written_out(sympy.Sum(body, *limits) if limits else body))
        return sympy.Add(*terms)
    return expr.func(*(_written_out(a) for a in expr.args))


def _meaning(obj, seed: str):
    """What a claim says, as numbers: array entries at every position (K = 4), square terms as
    coefficient·weights·square² (so the sign inside a square does not count), expressions evaluated."""
    if isinstance(obj, IndexedArray):
        shape = [int(sympy.sympify(n).subs({sympy.Symbol("K", integer=True, positive=True): 4})) for n in obj.shape]
        positions = [(r,) for r in range(shape[0])] if len(shape) == 1 else \
            [(r, c) for r in range(shape[0]) for c in range(shape[1])]
        return tuple(_evaluate(obj.entry.xreplace(dict(zip(obj.indices, map(sympy.Integer, pos)))), seed)
                     for pos in positions)
    if isinstance(obj, FormZeros):  # "v is a multiple of d" is about the line through d, not d's length
        direction = _meaning(obj.direction, seed)
        scale = next((entry for entry in direction if entry != 0), 1)
        return _meaning(obj.matrix, seed), obj.vector.name, tuple(entry / scale for entry in direction)
    if isinstance(obj, SquareTerm):
        body = obj.coefficient * sympy.Mul(*obj.positive) * obj.square ** 2
        return _evaluate(sympy.Sum(body, *obj.over) if obj.over else body, seed)
    if dataclasses.is_dataclass(obj):
        return tuple(_meaning(getattr(obj, f.name), seed) for f in dataclasses.fields(obj))
    if isinstance(obj, tuple):
        return tuple(_meaning(item, seed) for item in obj)
    if isinstance(obj, sympy.IndexedBase):
        return obj.name
    if isinstance(obj, sympy.Basic):
        return _evaluate(obj, seed)
    return obj


def _same(a, b) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, complex) and isinstance(b, complex):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return a == b


def _unchanged(original_claim: dict, mutated_claim: dict) -> bool:
    """Whether two claims (JSON) mean the same at two pseudo-random points."""
    try:
        a, b = (_claim_of(claim) for claim in (original_claim, mutated_claim))
    except Unreadable:
        return False
    return all(_same(_meaning(a, seed), _meaning(b, seed)) for seed in ("first", "second"))


def _claim_of(claim: dict):
    from ceproof.certificate.document import CLAIMS, _ObjectReader

    return _ObjectReader().claim(claim, CLAIMS)


def _theorem_values(doc, seed: str):
    """What the theorem says, as numbers: for each final result about a named function, the function
    written out through every definition of the certificate (a one-hot label as its 0s and 1), at a
    pseudo-random point; with the theorem's text and citations."""
    proof = read_certificate(json.dumps(doc).encode())
    scalars, indexed = {}, {}
    for step in proof.steps:
        if isinstance(step.claim, Definition):
            if isinstance(step.claim.lhs, sympy.Indexed):
                indexed[step.claim.lhs.base] = (step.claim.index, step.claim.rhs)
            else:
                scalars[step.claim.lhs] = step.claim.rhs
    n = proof.notation
    one_hot = {}
    if type(n).__name__ == "Notation" and n.classes is not None and n.label is not None:
        one_hot = {n.y[r]: sympy.Integer(int(r == n.label)) for r in range(n.classes)}
    found = [proof.theorem]
    finals = proof.steps[-1].uses
    for step in proof.steps:
        claim = step.claim
        if step.id in finals and isinstance(claim, Cited) and claim.subject is not None:
            expr = claim.subject
            for _ in range(30):
                written = _written_out(expr.xreplace(scalars)).replace(
                    lambda e: isinstance(e, sympy.Indexed) and e.base in indexed,
                    lambda e: indexed[e.base][1].subs(indexed[e.base][0], e.indices[0]))
                if written == expr:
                    break
                expr = written
            found.append((claim.theorem.key, str(claim.subject), tuple(map(str, claim.variables)),
                          _evaluate(expr.xreplace(one_hot), seed)))
    return found


def _same_theorem(original: dict, mutated: dict) -> bool:
    try:
        return all(_same(tuple(_theorem_values(original, seed)), tuple(_theorem_values(mutated, seed)))
                   for seed in ("first", "second"))
    except Unreadable:
        return False


# ---------------------------------------------------------------- the test

def _redefined_harmlessly(original: dict, mutated: dict, step: int) -> bool:
    """A definition is never false, only different: a changed definition that leaves the theorem's
    functions unchanged where they are defined (p₁ of a one-hot label's refutation that reads only p₀)
    gives another valid proof of the same theorem, not a forgery."""
    return mutated["steps"][step]["claim"]["type"] == "Definition" and _same_theorem(original, mutated)


def _verdict(doc) -> str:
    try:
        proof = check_certificate(json.dumps(doc).encode())
    except Unreadable:
        return "unreadable"
    return "invalid" if proof.first_failure is not None else "valid"


@pytest.fixture(scope="module")
def outcomes():
    rng = random.Random(20261128)
    found = []
    for name, make in BASES.items():
        original = json.loads(make().to_certificate())
        assert _verdict(original) == "valid", name
        for mutate in MUTATIONS:
            made = 0
            for _ in range(PER_KIND * 3):
                if made == PER_KIND:
                    break
                doc = copy.deepcopy(original)
                change = mutate(doc, rng)
                if change is None or doc == original:
                    continue
                made += 1
                step, description = change
                verdict = _verdict(doc)
                no_op = (verdict == "valid" and step is not None
                         and (_unchanged(original["steps"][step]["claim"], doc["steps"][step]["claim"])
                              or _redefined_harmlessly(original, doc, step)))
                found.append((name, mutate.__name__, description, verdict, no_op))
    return found


def test_at_least_200_mutations_of_every_kind_are_made(outcomes):
    kinds = Counter(kind for _, kind, _, _, _ in outcomes)
    assert len(outcomes) >= 200, len(outcomes)
    assert min(kinds.values()) >= 10, kinds
    assert set(kinds) == {m.__name__ for m in MUTATIONS}, kinds
    assert len({name for name, *_ in outcomes}) == len(BASES)


def test_every_mutation_that_changes_the_mathematics_is_rejected(outcomes):
    accepted = [(name, kind, description) for name, kind, description, verdict, no_op in outcomes
                if verdict == "valid" and not no_op]
    assert not accepted, accepted


def test_mutations_that_change_nothing_are_recognised_not_counted(outcomes):
    no_ops = [o for o in outcomes if o[4]]
    rejected = [o for o in outcomes if o[3] != "valid"]
    assert len(rejected) >= 200, len(rejected)
    assert len(rejected) + len(no_ops) == len(outcomes)
    assert len(no_ops) < len(outcomes) // 10, (len(no_ops), no_ops[:5])


def test_the_no_op_detector_sees_a_symmetric_swap_and_a_negated_square():
    j, k = sympy.symbols("j k", integer=True, nonnegative=True)
    p = sympy.IndexedBase("p")
    K = sympy.Symbol("K", integer=True, positive=True)
    H = IndexedArray((K, K), (j, k), sympy.KroneckerDelta(j, k) * p[j] - p[j] * p[k])
    transposed = dataclasses.replace(H, entry=H.entry.xreplace({j: k, k: j}))
    assert _same(_meaning(H, "s"), _meaning(transposed, "s"))
    lopsided = dataclasses.replace(H, entry=sympy.KroneckerDelta(j, k) * p[j] - p[j] * p[j])
    assert not _same(_meaning(H, "s"), _meaning(lopsided, "s"))
    v = sympy.IndexedBase("v")
    term = SquareTerm(sympy.Integer(1), (p[j],), v[j] - v[k])
    assert _same(_meaning(term, "s"), _meaning(dataclasses.replace(term, square=v[k] - v[j]), "s"))


def test_a_mutated_certificate_names_the_first_failing_step():
    doc = json.loads(api.prove(2).to_certificate())
    hessian = next(s for s in doc["steps"] if s["key"] == "hessian")
    hessian["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], hessian["claim"]["result"]["entry"]]
    proof = check_certificate(json.dumps(doc).encode())
    step, result = proof.first_failure
    assert step.key == "hessian" and result.status == "failed"
    assert read_certificate(json.dumps(doc).encode()).steps[int(step.id) - 1].key == "hessian"

