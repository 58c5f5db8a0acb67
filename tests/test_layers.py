"""The shape of the package: the kernel is closed, imports run one way down the layers, no module
imports itself back through others, and checking a certificate loads no recipe and no renderer."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import ceproof

PACKAGE = Path(ceproof.__file__).parent

LAYERS = (
    ("ceproof.kernel",),
    ("ceproof.errors", "ceproof.files", "ceproof.family"),
    ("ceproof.derivations", "ceproof.expr", "ceproof.certificate", "ceproof.render"),
    ("ceproof.checked",),
    ("ceproof.api",),
    ("ceproof.gallery", "ceproof"),
    ("ceproof.cli", "ceproof.__main__"),
)
"""From the bottom up: a module may import its own layer's and lower layers' modules, never a higher one."""

ALLOWED_OUTSIDE = {"sympy", "mpmath", "__future__", "dataclasses", "functools", "fractions", "typing", "re",
                   "decimal", "math", "contextlib", "multiprocessing", "collections", "itertools"}
"""What the kernel may import besides itself: SymPy, mpmath and the standard library it uses."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict:
    """Module -> the modules it imports (at any depth: lazy imports count), resolved to full names."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    module = f"{base}.{node.module}" if node.module else base
                else:
                    module = node.module
                for alias in node.names:  # from . import claims -> ceproof.kernel.claims when it is a module
                    candidate = Path(*f"{module}.{alias.name}".split("."))
                    is_module = (PACKAGE.parent / candidate).with_suffix(".py").exists() or (
                        PACKAGE.parent / candidate).is_dir()
                    targets.add(f"{module}.{alias.name}" if is_module else module)
        found[name] = targets
    return found


def layer(module: str) -> int:
    best = None
    for n, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (n, len(prefix))
    assert best is not None, f"{module} has no layer"
    return best[0]


def test_the_kernel_imports_nothing_outside_itself():
    for module, targets in imports().items():
        if module.startswith("ceproof.kernel"):
            outside = {t for t in targets if not t.startswith("ceproof.kernel") and t.split(".")[0] not in ALLOWED_OUTSIDE}
            assert not outside, f"{module} imports {sorted(outside)}"


def test_imports_never_climb_a_layer():
    climbs = [(m, t) for m, targets in imports().items() for t in targets
              if t.startswith("ceproof") and layer(t) > layer(m)]
    assert not climbs, climbs


def test_no_import_cycles():
    graph = {m: {t for t in targets if t.startswith("ceproof") and t != m} for m, targets in imports().items()}
    graph = {m: {t for t in targets if t in graph} for m, targets in graph.items()}
    state: dict = {}
    cycles = []

    def visit(node, path):
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                cycles.append(path[path.index(target):] + [target] if target in path else [node, target])
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, cycles


def test_checking_a_certificate_loads_no_recipe_and_no_renderer(tmp_path):
    from ceproof import api

    path = tmp_path / "ce3.json"
    path.write_text(api.prove(3).to_certificate())
    script = (
        "import sys, json\n"
        "from ceproof.certificate import check_certificate\n"
        f"proof, results, *_ = check_certificate(open({str(path)!r}, 'rb').read())\n"
        "assert all(r.ok for r in results)\n"
        "checked = sorted(m for m in sys.modules if m.startswith('ceproof'))\n"
        "from ceproof.render import check_report\n"
        "from ceproof.api import check\n"
        "check_report.report(check(open(" + repr(str(path)) + ", 'rb').read()), 'x')\n"
        "reported = sorted(m for m in sys.modules if m.startswith('ceproof'))\n"
        "print(json.dumps([checked, reported]))\n"
    )
    checked, reported = json.loads(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                                  check=True).stdout)
    assert not [m for m in checked if m.startswith(("ceproof.derivations", "ceproof.render", "ceproof.api"))], checked
    assert not [m for m in reported if m.startswith("ceproof.derivations")], reported
    assert not {"ceproof.render.latex", "ceproof.render.markdown", "ceproof.render.json"} & set(reported), reported
