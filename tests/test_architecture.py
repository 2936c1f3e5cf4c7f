"""Layers point one way (docs/architecture.md): the faces (cli, web) reach the lower layers
only through services; analysis, foods, io, store, microbiome and reports never reach up; and
no two modules import each other at import time. A new back-arrow fails here, naming it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gutbrain"

#: What each top-level part of ``gutbrain`` may import (besides itself). The table in
#: docs/architecture.md is this one in words; change both together.
ALLOWED: dict[str, frozenset[str]] = {
    "cli": frozenset({"services", "domain", "settings", "web", "__version__"}),
    "web": frozenset({"services", "domain", "settings", "__version__"}),
    "services": frozenset(
        {
            "analysis",
            "foods",
            "meaning",
            "reports",
            "io",
            "store",
            "microbiome",
            "demo",
            "domain",
            "settings",
            "__version__",
        }
    ),
    "reports": frozenset({"analysis", "domain", "__version__"}),
    "demo": frozenset({"analysis", "domain"}),
    "meaning": frozenset({"analysis", "foods", "domain"}),
    "analysis": frozenset({"domain"}),
    "foods": frozenset({"domain"}),
    "io": frozenset({"domain", "__version__"}),
    "store": frozenset({"domain"}),
    "microbiome": frozenset({"domain"}),
    "domain": frozenset(),
    "settings": frozenset({"domain"}),
    "__init__": frozenset(),
    "__main__": frozenset({"cli"}),
}

#: Edges that break the rules today and who is removing them. Keep this empty: each entry
#: names its issue, and the owner deletes it when the edge is gone.
KNOWN_LAYER_EXCEPTIONS: dict[tuple[str, str], str] = {}

#: Import-time cycles between modules being broken right now.
#: (issue 10 broke analysis.triggers ↔ analysis.wording: verdict types in analysis.verdicts.)
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _imports(path: Path, *, top_level_only: bool) -> Iterator[tuple[str, int]]:
    """``gutbrain...`` modules imported by ``path`` (with line numbers). ``top_level_only``
    skips imports inside functions and ``if TYPE_CHECKING:`` blocks (they do not run at
    import time, so they cannot make a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "gutbrain":
                for alias in node.names:
                    yield f"gutbrain.{alias.name}", node.lineno
            else:
                yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_layers_point_one_way() -> None:
    wrong = []
    for name, path in _modules():
        part = _part(name)
        for target, line in _imports(path, top_level_only=False):
            if not target.startswith("gutbrain.") or _part(target) == part:
                continue
            if _part(target) in ALLOWED[part] or (name, target) in KNOWN_LAYER_EXCEPTIONS:
                continue
            wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {part} → {target}")
    assert not wrong, "imports against the layer rules (docs/architecture.md):\n" + "\n".join(wrong)


def test_every_part_has_a_rule() -> None:
    parts = {_part(name) for name, _ in _modules()}
    assert parts <= set(ALLOWED), f"add a layer rule for {sorted(parts - set(ALLOWED))}"


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(frozenset(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    modules = dict(_modules())
    graph = {
        name: {t for t, _ in _imports(path, top_level_only=True) if t in modules and t != name}
        for name, path in modules.items()
    }
    # importing a package runs its __init__: a module importing its own package is not a loop
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    found = [c for c in _cycles(graph) if c not in KNOWN_CYCLES]
    assert not found, f"import cycles: {[sorted(c) for c in found]}"


def test_the_cycle_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
