"""Tamper resistance: random semantic mutations of valid certificates, each of which must be rejected.

Mutations reach every part of a version-2 certificate: the claims of the steps (numbers, signs, indices,
squares, counterexample points, citations), the formal statement (its function, abbreviations,
properties and premises), the loss, parameters and notation it names, the uses of the steps, their ids
and their order. A mutation of the statement is sometimes made with the loss name removed too, so that
only the kernel's own checks (not the comparison with the loss's canonical statement) stand between it
and acceptance.

A mutation that leaves the mathematics unchanged (swapping j and k in a symmetric matrix, negating
the inside of a square) is recognised here by an independent numeric comparison of the original and
the mutated claim or statement (SymPy's own Sum.doit and evalf at pseudo-random points, not ceproof's
engine), and is counted apart, never as a rejection.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import multiprocessing
import random
from collections import Counter
from fractions import Fraction

import pytest
import sympy

from ceproof import api
from ceproof.certificate import Unreadable, read_certificate
from ceproof.family import LOSSES
from ceproof.kernel.arrays import IndexedArray
from ceproof.kernel.citations import KNOWN_THEOREMS
from ceproof.kernel.claims import Cited, Definition, Equality, FormZeros, SquareTerm
from ceproof.kernel.verify import verify

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
PER_KIND = 4
"""Mutations of each kind for each base certificate (fewer where a kind finds fewer targets)."""

STRUCTURAL = ("index", "vector", "variables", "of")
"""Fields whose expression the reader requires to be a bare name: negating it only tests the reader."""

STATEMENT = "statement"
"""The target of a mutation of the statement: it is a no-op only if the statement means the same."""
USES = "uses"
"""The target (with a step's index) of a step left without uses: a no-op only if its claim is an identity
that holds whatever its names mean, so that it needs no step."""


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


def _number_tree(value: Fraction) -> list:
    return ["Integer", value.numerator] if value.denominator == 1 else ["Rational", value.numerator, value.denominator]


def _mutate_expression(places: list, rng) -> str | None:
    """Negate a value subtree, or change a number, somewhere under ``root[key]`` for one (root, key) of
    ``places``."""
    targets = [(root, (key, *path), node) for root, key in places for path, node in _value_trees(root[key])]
    if not targets:
        return None
    root, path, node = rng.choice(targets)
    if node[0] in ("Integer", "Rational") and rng.random() < 0.5:
        value = Fraction(node[1], node[2] if node[0] == "Rational" else 1)
        new = rng.choice([value + 1, value - 1, 2 * value + 1])
        _set(root, path, _number_tree(new))
        return f"{path[0]}: {value} -> {new}"
    _set(root, path, ["Mul", ["Integer", -1], node])
    return f"{path[0]}: negated {json.dumps(node)[:50]}"


def change_statement(doc, rng):
    """The statement's function, abbreviations, properties or premises changed. Half the time the loss
    name is removed as well: then only the kernel's checks of the last step can refuse it."""
    statement = doc["statement"]
    blank = rng.random() < 0.5
    choice = rng.choice(["function", "function", "property", "property", "premise", "where"])
    if choice == "function":
        description = _mutate_expression([(statement, "function")], rng)
    elif choice == "where":
        description = _mutate_expression([(d, "rhs") for d in statement["where"]], rng)
    elif choice == "property":
        description = _mutate_property(statement, rng)
    else:
        description, blank = _mutate_premise(doc, rng), False  # a changed premise may be another true theorem
    if description is None:
        return None
    if blank:
        doc["loss"], doc["parameters"] = "", {}
    return STATEMENT, f"statement {description}" + (" (loss removed)" if blank else "")


def _mutate_property(statement: dict, rng) -> str | None:
    properties = statement["properties"]
    n = rng.randrange(len(properties))
    prop = properties[n]
    options = ["duplicate", "retype", "variables"] + (["drop"] if len(properties) > 1 else [])
    if prop["type"] == "Derivative":
        options = ["duplicate", "order", "result", "of"] + (["drop"] if len(properties) > 1 else [])
    if prop["type"] == "StrictlyConvex" and prop["on"] is not None:
        options.append("everywhere")
    choice = rng.choice(options)
    if choice == "drop":
        properties.pop(n)
        return f"drops the property {prop['type']}"
    if choice == "duplicate":
        properties.append(copy.deepcopy(prop))
        return f"asserts {prop['type']} twice"
    if choice == "retype":
        other = {"Convex": "StrictlyConvex", "StrictlyConvex": "Convex", "NotStrictlyConvex": "StrictlyConvex",
                 "NotConvex": "Convex", "ConvexMean": "Convex"}[prop["type"]]
        properties[n] = {"type": other, "variables": prop["variables"],
                         **({"on": None} if other == "StrictlyConvex" else {})}
        return f"asserts {other} instead of {prop['type']}"
    if choice == "variables":
        variables = prop["variables"]
        prop["variables"] = variables[:-1] if len(variables) > 1 else [["IndexedBase", "y", "real"]]
        return f"{prop['type']} in other variables"
    if choice == "everywhere":
        prop["on"] = None
        return "strictly convex everywhere, not only on the affine set"
    if choice == "order":
        prop["order"] = 3 - prop["order"]
        return f"a derivative of order {prop['order']}"
    if choice == "of":
        prop["of"] = ["Symbol", "S"] if prop["of"] != ["Symbol", "S"] else ["Symbol", "L"]
        return f"a derivative of {prop['of'][1]}"
    return _mutate_expression([(prop["result"], "entry")], rng)


def _mutate_premise(doc: dict, rng) -> str | None:
    premises = doc["statement"]["premises"]
    n = rng.randrange(len(premises))
    premise = premises[n]
    choice = rng.choice(["label", "retype", "drop"] if premise["type"] == "OneHotLabel" else ["retype", "drop"])
    if choice == "label":
        premise["label"] = (premise["label"] + 1) % (doc["notation"]["classes"] or 2)
        return f"y = e_{premise['label']}"
    if choice == "drop":
        premises.pop(n)
        return f"drops premise A{n + 1} ({premise['type']})"
    others = ["RealData", "NonnegativeData", "SimplexLabel", "PositiveOrthant", "RealSpace"]
    new = rng.choice([t for t in others if t != premise["type"]])
    premises[n] = {"type": new, "subject": premise["subject"]}
    return f"premise A{n + 1} is {new} instead of {premise['type']}"


def change_naming(doc, rng):
    """The loss, a parameter or the notation the certificate names, its statement kept: the statement is
    then not the canonical one of what it names."""
    choice = rng.choice(["loss", "parameter", "parameter", "notation", "notation"])
    if choice == "loss":
        doc["loss"] = rng.choice(sorted(set(LOSSES) - {doc["loss"]}) + ["ce2"])
        return None, f"names the loss {doc['loss']}"
    parameters, notation = doc["parameters"], doc["notation"]
    if choice == "parameter":
        if parameters and rng.random() < 0.7:
            key = rng.choice(sorted(parameters))
            value = parameters[key]
            if isinstance(value, int):
                parameters[key] = value + 1
            elif value is None:
                parameters[key] = 2 if key == "classes" else 1
            elif key == "activation":
                parameters[key] = "relu" if value != "relu" else "identity"
            else:
                parameters[key] = str(Fraction(value) / 2)
            return None, f"parameter {key}: {value} -> {parameters[key]}"
        key = rng.choice(sorted({"epsilon", "gamma", "weight", "temperature"} - set(parameters)))
        parameters[key] = "1/2"
        return None, f"adds the parameter {key}"
    key = rng.choice(["classes", "label", "one_hot"])
    if key == "one_hot":
        notation[key] = "e" if notation[key] == "y" else "y"
    elif notation[key] is None:
        notation[key] = 2 if key == "classes" else 0
        if key == "label" and notation["classes"] is None:
            notation["classes"] = 2
    elif key == "classes":
        notation[key] = notation[key] + 1
    else:
        notation[key] = (notation[key] + 1) % notation["classes"]
    return None, f"notation {key} -> {notation[key]}"


def change_citation(doc, rng):
    """A cited step cites another theorem, or speaks of another function or of fewer variables."""
    cited = [(n, step) for n, step in enumerate(doc["steps"]) if step["claim"]["type"] == "Cited"]
    if not cited:
        return None
    n, step = rng.choice(cited)
    claim = step["claim"]
    choice = rng.choice(["theorem", "subject", "variables"])
    if choice == "theorem":
        others = sorted(k for k in KNOWN_THEOREMS if k != claim["theorem"]) + ["folklore"]
        claim["theorem"] = rng.choice(others)
        return n, f"step {step['id']} cites {claim['theorem']}"
    if choice == "subject":
        claim["subject"] = ["Symbol", rng.choice(["Q", "G", "F"])]
        return n, f"step {step['id']} is about {claim['subject'][1]}"
    variables = claim["variables"]
    claim["variables"] = variables[:-1] if len(variables) > 1 else [["IndexedBase", "y", "real"]]
    return n, f"step {step['id']} is about other variables"


NEEDS_ITS_USES = ("Equality", "DerivativeEquality", "NonNegative", "PositiveSemidefinite", "Cited", "FormZeros",
                  "PositiveDefiniteOn")
"""Claims about named quantities (S, p, L, H, …) that no check can confirm without the steps defining them."""


def change_uses(doc, rng):
    """The uses of a step changed: the last step rests on one property fewer or on a step that
    establishes none; a step uses a later step, itself, nothing that exists, or nothing at all."""
    steps, last = doc["steps"], doc["steps"][-1]
    choice = rng.choice(["final-drop", "final-add", "forward", "self", "unknown", "none"])
    if choice == "final-drop":
        dropped = last["uses"].pop(rng.randrange(len(last["uses"])))
        return None, f"the last step no longer uses {dropped}"
    if choice == "final-add":
        others = [s["id"] for s in steps[:-1] if s["id"] not in last["uses"]
                  and s["claim"]["type"] in ("Definition", "Positivity", "Equality")]
        if not others:
            return None
        extra = rng.choice(others)
        last["uses"] = sorted(last["uses"] + [extra], key=int)
        return None, f"the last step also uses step {extra}"
    n = rng.randrange(len(steps) - 1)
    step = steps[n]
    if choice == "forward":
        step["uses"].append(steps[rng.randrange(n + 1, len(steps))]["id"])
        return None, f"step {step['id']} uses the later step {step['uses'][-1]}"
    if choice == "self":
        step["uses"].append(step["id"])
        return None, f"step {step['id']} uses itself"
    if choice == "unknown":
        step["uses"].append(rng.choice(["A9", str(len(steps) + 7), "0"]))
        return None, f"step {step['id']} uses {step['uses'][-1]}, which does not exist"
    candidates = [s for s in steps[:-1] if s["uses"] and s["claim"]["type"] in NEEDS_ITS_USES]
    if not candidates:
        return None
    step = rng.choice(candidates)
    step["uses"] = []
    return (USES, steps.index(step)), f"step {step['id']} ({step['key']}) uses nothing"


def change_ids(doc, rng):
    """A step's id renamed (its users not told), duplicated, or two ids exchanged."""
    steps = doc["steps"]
    n = rng.randrange(1, len(steps))
    choice = rng.choice(["rename", "duplicate", "exchange"])
    if choice == "rename":
        old, steps[n]["id"] = steps[n]["id"], str(len(steps) + 10 + n)
        return None, f"step {old} renamed {steps[n]['id']}"
    if choice == "duplicate":
        steps[n]["id"] = steps[n - 1]["id"]
        return None, f"step {n + 1} takes the id {steps[n]['id']}"
    steps[n]["id"], steps[n - 1]["id"] = steps[n - 1]["id"], steps[n]["id"]
    return None, f"steps {n} and {n + 1} exchange ids"


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


MUTATIONS = (change_coefficient, flip_sign, swap_indices, drop_square, move_point, change_citation, change_statement,
             change_naming, change_uses, change_ids, delete_used_step, reorder_steps)


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


def _holds_without_uses(claim: dict) -> bool:
    """Whether a claim is an equality without constraints whose two sides agree at two pseudo-random
    points with every name (p, S, …) free: an identity that needs no definition."""
    try:
        claim = _claim_of(claim)
    except Unreadable:
        return False
    return (isinstance(claim, Equality) and not claim.constraints
            and all(_same(_meaning(claim.lhs, seed), _meaning(claim.rhs, seed)) for seed in ("first", "second")))


def _proof_of(doc: dict):
    return read_certificate(json.dumps(doc).encode())[0]


def _same_statement(original: dict, mutated: dict) -> bool:
    """Whether two certificates state the same theorem: statements that mean the same at two
    pseudo-random points, and the same notation (the loss name is only a label for the statement)."""
    try:
        a, b = _proof_of(original), _proof_of(mutated)
    except Unreadable:
        return False
    return a.notation == b.notation and all(_same(_meaning(a.statement, seed), _meaning(b.statement, seed))
                                            for seed in ("first", "second"))


def _definitions(proof) -> tuple:
    scalars, indexed = {}, {}
    for step in proof.steps:
        if isinstance(step.claim, Definition):
            if isinstance(step.claim.lhs, sympy.Indexed):
                indexed[step.claim.lhs.base] = (step.claim.index, step.claim.rhs)
            else:
                scalars[step.claim.lhs] = step.claim.rhs
    return scalars, indexed


def _through_definitions(expr, scalars: dict, indexed: dict):
    """``expr`` with the certificate's definitions substituted (sums written out) until none is left."""
    for _ in range(30):
        written = _written_out(expr.xreplace(scalars)).replace(
            lambda e: isinstance(e, sympy.Indexed) and e.base in indexed,
            lambda e: indexed[e.base][1].subs(indexed[e.base][0], e.indices[0]))
        if written == expr:
            break
        expr = written
    return expr


def _one_hot(notation) -> dict:
    if notation.classes is None or notation.label is None:
        return {}
    label = notation.bases[notation.one_hot]
    return {label[r]: sympy.Integer(int(r == notation.label)) for r in range(notation.classes)}


def _theorem_values(doc, seed: str):
    """What the certificate proves, as numbers at a pseudo-random point (a one-hot label as its 0s
    and 1): the statement's function; the definition of its name written out through every
    definition of the certificate; each of the statement's abbreviations (``where``) and the
    certificate's definition of that name, written out; and each final cited result's function,
    written out, with its theorem and variables."""
    proof = _proof_of(doc)
    statement, n = proof.statement, proof.notation
    scalars, indexed = _definitions(proof)
    one_hot = _one_hot(n)

    def value(expr, through=True):
        """``expr`` written out (through the definitions, or only its sums), the label's entries set."""
        written = _through_definitions(expr, scalars, indexed) if through else _through_definitions(expr, {}, {})
        return _evaluate(written.xreplace(one_hot), seed)

    found = [value(statement.function, through=False), value(statement.name)]
    for where in statement.where:
        if isinstance(where.lhs, sympy.Indexed):
            r = sympy.Integer(_number(seed + str(where.lhs), 0, 2))
            found.append((value(where.rhs.subs(where.index, r), through=False), value(where.lhs.base[r])))
        else:
            found.append((value(where.rhs, through=False), value(where.lhs)))
    finals = proof.steps[-1].uses
    for step in proof.steps:
        if step.id in finals and isinstance(step.claim, Cited):
            found.append((step.claim.theorem.key, tuple(map(str, step.claim.variables)), value(step.claim.subject)))
    return found


def _same_theorem(original: dict, mutated: dict) -> bool:
    try:
        return all(_same(tuple(_theorem_values(original, seed)), tuple(_theorem_values(mutated, seed)))
                   for seed in ("first", "second"))
    except Unreadable:
        return False


# ---------------------------------------------------------------- the test

def _redefined_harmlessly(original: dict, mutated: dict, step: int) -> bool:
    """A definition is never false, only different: a changed definition that leaves the statement's
    function, its abbreviations and the final results unchanged where they are defined (p₁ of a one-hot
    label's refutation that reads only p₀) gives another valid proof of the same theorem, not a forgery."""
    return mutated["steps"][step]["claim"]["type"] == "Definition" and _same_theorem(original, mutated)


def _verdict(doc) -> tuple:
    """("valid" | "invalid" | "unreadable" | "crashed", how): for an invalid certificate, "kernel" when
    the kernel's own checks refuse it and "canonical" when only the comparison with the canonical
    statement of the loss it names does; for a crash, the exception."""
    data = json.dumps(doc).encode()
    try:
        proof = api.check(data)
    except Unreadable:
        return "unreadable", "reader"
    except Exception as error:  # noqa: BLE001 - a crash is neither acceptance nor rejection: reported apart
        return "crashed", f"{type(error).__name__}: {error}"
    if proof.first_failure is None:
        return "valid", ""
    kernel = verify(read_certificate(data)[0])
    return "invalid", "kernel" if not all(r.ok for r in kernel) else "canonical"


def _no_op(original: dict, mutated: dict, target) -> bool:
    """Whether an accepted mutation changes nothing, by the independent comparison."""
    if target is None:
        return False
    if target == STATEMENT:
        return _same_statement(original, mutated)
    if isinstance(target, tuple) and target[0] == USES:
        return _holds_without_uses(mutated["steps"][target[1]]["claim"])
    return (_unchanged(original["steps"][target]["claim"], mutated["steps"][target]["claim"])
            or _redefined_harmlessly(original, mutated, target))


@pytest.fixture(scope="module")
def outcomes():
    """Every mutation with its verdict: the mutations are made in one seeded order, then checked two at a time
    in forked processes (each check stands alone; the suite must fit CI's 2 cores and 5 minutes)."""
    rng = random.Random(20261128)
    made_all = []  # (name, kind, original, mutated, target, description)
    for name, make in BASES.items():
        original = json.loads(make().to_certificate())
        assert _verdict(original) == ("valid", ""), name
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
                made_all.append((name, mutate.__name__, original, doc, *change))
    with multiprocessing.get_context("fork").Pool(2) as pool:
        verdicts = pool.map(_verdict, [doc for _, _, _, doc, _, _ in made_all], chunksize=4)
    return [(name, kind, description, verdict, verdict == "valid" and _no_op(original, doc, target), method)
            for (name, kind, original, doc, target, description), (verdict, method) in zip(made_all, verdicts)]


def _checked(outcomes) -> list:
    """The outcomes whose check ran to a verdict (a crash is reported by its own test)."""
    return [o for o in outcomes if o[3] != "crashed"]


def test_at_least_255_mutations_of_every_kind_are_made(outcomes):
    kinds = Counter(kind for _, kind, *_ in outcomes)
    assert len(outcomes) >= 255, len(outcomes)
    assert min(kinds.values()) >= 10, kinds
    assert set(kinds) == {m.__name__ for m in MUTATIONS}, kinds
    assert len({name for name, *_ in outcomes}) == len(BASES)


def test_every_mutation_that_changes_the_mathematics_is_rejected(outcomes):
    accepted = [(name, kind, description) for name, kind, description, verdict, no_op, _ in outcomes
                if verdict == "valid" and not no_op]
    assert not accepted, accepted


def test_mutations_that_change_nothing_are_recognised_not_counted(outcomes):
    checked = _checked(outcomes)
    no_ops = [o for o in checked if o[4]]
    rejected = [o for o in checked if o[3] != "valid"]
    assert len(rejected) >= 200, len(rejected)
    assert len(rejected) + len(no_ops) == len(checked)
    assert len(no_ops) < len(outcomes) // 10, (len(no_ops), no_ops[:5])


def test_most_rejections_are_the_kernels_not_only_the_canonical_statement(outcomes):
    """Comparing a certificate with its loss's canonical statement refuses any change to the statement
    at once; the rejections must not rest on that alone: the reader or the kernel's own checks refuse
    at least 200 mutations, among them every statement mutation made with the loss name removed."""
    kernel = [o for o in _checked(outcomes) if o[3] != "valid" and o[5] != "canonical"]
    assert len(kernel) >= 200, len(kernel)
    unnamed = [o for o in outcomes if o[1] == "change_statement" and "(loss removed)" in o[2]]
    assert len(unnamed) >= 10, unnamed
    assert all(o[3] in ("invalid", "unreadable") and o[5] in ("kernel", "reader") for o in unnamed), unnamed


def test_no_mutation_crashes_the_checker(outcomes):
    crashed = [o for o in outcomes if o[3] == "crashed"]
    assert not crashed, crashed


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


def test_the_statement_detector_tells_a_changed_statement_from_the_same():
    original = json.loads(api.prove(2).to_certificate())
    same = copy.deepcopy(original)
    same["loss"], same["parameters"] = "", {}
    assert _same_statement(original, same)
    changed = copy.deepcopy(original)
    changed["statement"]["function"] = ["Mul", ["Integer", 2], changed["statement"]["function"]]
    assert not _same_statement(original, changed)
    label = copy.deepcopy(original)
    label["statement"]["premises"][1]["label"] = 1
    assert not _same_statement(original, label)


def test_a_mutated_certificate_names_the_first_failing_step():
    doc = json.loads(api.prove(2).to_certificate())
    hessian = next(s for s in doc["steps"] if s["key"] == "hessian")
    hessian["claim"]["result"]["entry"] = ["Mul", ["Integer", 2], hessian["claim"]["result"]["entry"]]
    proof = api.check(json.dumps(doc).encode())
    step, result = proof.first_failure
    assert step.key == "hessian" and result.status == "failed"
    assert _proof_of(doc).steps[int(step.id) - 1].key == "hessian"


def test_the_uses_detector_accepts_only_identities_that_need_no_definition():
    doc = json.loads(api.prove(3).to_certificate())
    claims = {step["key"]: step["claim"] for step in doc["steps"]}
    assert _holds_without_uses(claims["jacobian"])  # p_i(δ_ij − p_j) = p_i δ_ij − p_i p_j for any p
    assert not _holds_without_uses(claims["sum-p"])  # Σ p_i = 1 needs the softmax
    assert not _holds_without_uses(claims["logsumexp"])  # needs p's definition and Σ y_i = 1


@pytest.mark.parametrize("name", sorted(BASES))
def test_each_base_defines_the_function_of_its_statement_by_the_independent_evaluation(name):
    """The detector of harmless redefinitions agrees with the kernel on every unmutated certificate:
    the statement's name, written out through the definitions, is its function at the same points."""
    original = json.loads(BASES[name]().to_certificate())
    for seed in ("first", "second"):
        function, written, *_ = _theorem_values(original, seed)
        assert isinstance(function, complex) and _same(function, written), (function, written)
    doubled = copy.deepcopy(original)
    definition = next(s for s in doubled["steps"] if s["claim"]["type"] == "Definition"
                      and s["claim"]["lhs"] == original["statement"]["name"])
    definition["claim"]["rhs"] = ["Mul", ["Integer", 2], definition["claim"]["rhs"]]
    assert _same_theorem(original, copy.deepcopy(original)) and not _same_theorem(original, doubled)
