"""The house keeps its shape: data flows one way through the stage folders, the core imports no Streamlit, no module
imports itself back through others, and a long module says why it is long.

These read the package's source with `ast`, so they check every import, including those inside functions.
docs/architecture.md draws the same rules.
"""

from __future__ import annotations

import ast
from importlib.resources import files
from pathlib import Path

import pytest

PACKAGE = Path(str(files("econ_ties")))
#: used by every stage; they import no stage, only one another (language reads its catalogs where bundled says)
ROOT_MODULES = {"settings", "caches", "bundled", "language"}
#: which stages each stage may import (besides itself and the root modules): the arrows of docs/architecture.md
ALLOWED = {
    "model": set(),
    "io": {"model"},
    "checks": {"model", "io"},
    "store": {"model", "io", "checks"},
    "present": {"model", "io", "checks"},
    "export": {"model", "io", "checks", "present"},
    "services": {"model", "io", "checks", "store"},
    "cli": {"model", "io", "checks", "store", "present", "export", "services"},
    "app": {"model", "io", "checks", "store", "present", "export", "services"},
}
MAX_LINES = 400
LONG_REASON = "Longer than 400 lines because"


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        found["econ_ties" + ("." + name if name else "")] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES)
    return names


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_belongs_to_a_stage_or_is_a_root_module() -> None:
    strays = [m for m in MODULES if m != "econ_ties" and _stage(m) not in ALLOWED and _stage(m) not in ROOT_MODULES]
    assert strays == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module: str) -> None:
    stage = _stage(module)
    wrong = []
    for imported in sorted(_imports(MODULES[module])):
        if not imported.startswith("econ_ties.") or imported == "econ_ties":
            continue
        target = _stage(imported)
        if target == stage:
            continue
        if stage in ROOT_MODULES:
            if target not in ROOT_MODULES:
                wrong.append(imported)  # a root module stands under every stage: it imports none of them
        elif target not in ROOT_MODULES and target not in ALLOWED.get(stage, set()):
            wrong.append(imported)
    assert wrong == [], f"{module} ({stage}) may not import {wrong}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _stage(m) != "app"))
def test_the_core_imports_no_streamlit(module: str) -> None:
    assert not any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(MODULES[module]))


def test_no_import_cycles() -> None:
    graph = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    # a package's __init__ naming its own modules is not a cycle of behaviour
    graph = {m: {i for i in targets if not (i.startswith(m + ".") and MODULES[m].name == "__init__.py")} for m, targets in graph.items()}
    visiting, done, cycles = set(), set(), []

    def visit(node: str, trail: list[str]) -> None:
        visiting.add(node)
        for nxt in sorted(graph[node]):
            if nxt in visiting:
                cycles.append([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
            elif nxt not in done:
                visit(nxt, [*trail, nxt])
        visiting.discard(node)
        done.add(node)

    for module in sorted(graph):
        if module not in done:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_long_module_says_why(module: str) -> None:
    text = MODULES[module].read_text(encoding="utf-8")
    lines = text.count("\n")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= MAX_LINES or LONG_REASON in docstring, f"{module} has {lines} lines and its docstring does not say why"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_says_what_it_is_for(module: str) -> None:
    path = MODULES[module]
    if path.name == "__main__.py":
        return
    assert ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))), f"{module} has no docstring"
