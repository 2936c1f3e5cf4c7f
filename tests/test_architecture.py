"""Layers point one way (docs/architecture.md): the faces (cli, web) reach the lower layers
only through services; analysis, foods, io, store, microbiome and reports never reach up; a
heavy third-party library stays in the layer that owns it; and no two modules import each other
at import time. A new back-arrow fails here, naming it.

The scanner reads every module with ``ast`` and sees every way a module gets imported: plain and
``from`` imports, relative imports (resolved against the package), ``from gutbrain.x import
module`` (an edge to the module, not only to its package), imports inside ``try:``/``if``/``with``
blocks and class bodies (they run at import time), and ``importlib.import_module("…")`` or
``__import__("…")`` with a literal name. Each of those is planted in a throwaway package below
and must be caught.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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

#: Third-party libraries that belong to one layer: anywhere else they are a leak (the web app
#: talking SQL, the store computing statistics, SciPy loaded by a page import).
THIRD_PARTY_HOMES: dict[str, frozenset[str]] = {
    "sqlalchemy": frozenset({"store"}),
    "alembic": frozenset({"store"}),
    "psycopg": frozenset({"store"}),
    "fastapi": frozenset({"web"}),
    "starlette": frozenset({"web"}),
    "click": frozenset({"cli"}),
    "rich": frozenset({"cli"}),
    "scipy": frozenset({"analysis", "foods"}),
    "statsmodels": frozenset({"analysis"}),
    "weasyprint": frozenset({"reports"}),
    "matplotlib": frozenset({"reports"}),
    "rapidfuzz": frozenset({"foods"}),
}

#: Edges that break the rules today and who is removing them. Keep this empty: each entry
#: names its issue, and the owner deletes it when the edge is gone.
KNOWN_LAYER_EXCEPTIONS: dict[tuple[str, str], str] = {}

#: Import-time cycles between modules being broken right now.
KNOWN_CYCLES: dict[frozenset[str], str] = {}


@dataclass(frozen=True, slots=True)
class Import:
    target: str  # dotted module (or package) name
    line: int
    at_import_time: bool  # runs when the module is imported (not inside a function)


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module under the package directory ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(body: list[ast.stmt], at_import_time: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node with whether it runs at import time: function bodies and ``if
    TYPE_CHECKING:`` blocks do not; ``try``/``if``/``with``/``for`` blocks and class bodies do."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for node in ast.walk(stmt):
                yield node, False
            continue
        if isinstance(stmt, ast.If) and _is_type_checking(stmt):
            for node in ast.walk(stmt):
                yield node, False
            continue
        yield stmt, at_import_time
        nested = [getattr(stmt, f) for f in ("body", "orelse", "finalbody") if hasattr(stmt, f)] + [
            h.body for h in getattr(stmt, "handlers", [])
        ]
        if nested:
            for child in ast.iter_child_nodes(stmt):
                if not isinstance(child, ast.stmt):
                    yield from ((n, at_import_time) for n in ast.walk(child))
            for block in nested:
                yield from _walk(block, at_import_time)
        else:
            for child in ast.iter_child_nodes(stmt):
                yield from ((n, at_import_time) for n in ast.walk(child))


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[Import]:
    """Everything ``path`` (module ``name``) imports, resolved to dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node, now in _walk(tree.body, True):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno, now)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                # ``from gutbrain.web import actions`` imports the module gutbrain.web.actions
                yield Import(sub if sub in known else base, node.lineno, now)
        elif isinstance(node, ast.Call) and _dynamic_import(node) is not None:
            yield Import(_dynamic_import(node) or "", node.lineno, now)


def _dynamic_import(call: ast.Call) -> str | None:
    func = call.func
    named = (isinstance(func, ast.Attribute) and func.attr == "import_module") or (
        isinstance(func, ast.Name) and func.id in {"import_module", "__import__"}
    )
    if named and call.args and isinstance(call.args[0], ast.Constant):
        value = call.args[0].value
        return value if isinstance(value, str) else None
    return None


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def layer_violations(root: Path) -> list[str]:
    """Imports of one part of the package by a part the table does not allow."""
    known = modules(root)
    top = root.name
    wrong = []
    for name, path in known.items():
        part = _part(name)
        for imp in imports(name, path, known):
            if not imp.target.startswith(top + ".") or _part(imp.target) == part:
                continue
            if _part(imp.target) in ALLOWED.get(part, frozenset()):
                continue
            if (name, imp.target) in KNOWN_LAYER_EXCEPTIONS:
                continue
            wrong.append(f"{path.relative_to(root.parent)}:{imp.line} {part} → {imp.target}")
    return wrong


def third_party_violations(root: Path) -> list[str]:
    """A layer-owned library imported outside its home layers."""
    known = modules(root)
    wrong = []
    for name, path in known.items():
        part = _part(name)
        for imp in imports(name, path, known):
            lib = imp.target.split(".")[0]
            homes = THIRD_PARTY_HOMES.get(lib)
            if homes is not None and part not in homes:
                wrong.append(f"{path.relative_to(root.parent)}:{imp.line} {part} → {lib}")
    return wrong


def import_cycles(root: Path, *, deferred: bool = True) -> list[frozenset[str]]:
    """Loops among the imports; with ``deferred`` (the rule) imports inside functions count
    too: a lazy import back is still two modules that need each other (web/app ↔
    web/multiuser ↔ web/pages was one), only hidden from the interpreter."""
    known = modules(root)
    graph = {
        name: {
            i.target
            for i in imports(name, path, known)
            if (deferred or i.at_import_time) and i.target in known and i.target != name
        }
        for name, path in known.items()
    }
    # importing a package runs its __init__: a module importing its own package is not a loop
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    return [c for c in _cycles(graph) if c not in KNOWN_CYCLES]


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
        for w in sorted(graph.get(v, ())):
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


# -- the real package -------------------------------------------------------------------
def test_layers_point_one_way() -> None:
    wrong = layer_violations(PACKAGE)
    assert not wrong, "imports against the layer rules (docs/architecture.md):\n" + "\n".join(wrong)


def test_layer_owned_libraries_stay_home() -> None:
    wrong = third_party_violations(PACKAGE)
    assert not wrong, "a library outside its layer (docs/architecture.md):\n" + "\n".join(wrong)


def test_every_part_has_a_rule() -> None:
    parts = {_part(name) for name in modules(PACKAGE)}
    assert parts <= set(ALLOWED), f"add a layer rule for {sorted(parts - set(ALLOWED))}"


def test_no_import_cycles() -> None:
    found = import_cycles(PACKAGE)
    assert not found, f"import cycles: {[sorted(c) for c in found]}"


# -- planted violations: each must be caught --------------------------------------------
def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "gutbrain"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(root).parents:
            (root / parent / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    "source",
    [
        "from gutbrain.store import tables\n",
        "import gutbrain.store.tables\n",
        "from ..store import tables\n",  # relative
        "from .. import store\n",  # relative, the package itself
        "try:\n    from gutbrain.store import tables\nexcept ImportError:\n    pass\n",
        "import importlib\nimportlib.import_module('gutbrain.store.tables')\n",
        "def later():\n    from gutbrain.store.tables import T\n",  # still a dependency
        "class C:\n    from gutbrain.store import tables\n",
    ],
)
def test_a_planted_back_arrow_is_caught(tmp_path: Path, source: str) -> None:
    root = _plant(tmp_path, {"web/page.py": source, "store/tables.py": "T = 1\n"})
    assert any("web → gutbrain.store" in w for w in layer_violations(root))


def test_an_allowed_import_is_not_flagged(tmp_path: Path) -> None:
    root = _plant(
        tmp_path,
        {"web/page.py": "from gutbrain.services import diary\n", "services/diary.py": ""},
    )
    assert layer_violations(root) == []


@pytest.mark.parametrize(
    "source",
    [
        "import sqlalchemy\n",
        "from sqlalchemy import text\n",
        "try:\n    import scipy.stats\nexcept ImportError:\n    pass\n",
        "def f():\n    import matplotlib.pyplot\n",
    ],
)
def test_a_planted_library_leak_is_caught(tmp_path: Path, source: str) -> None:
    root = _plant(tmp_path, {"web/page.py": source})
    assert third_party_violations(root)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("from gutbrain.web import b\n", "from gutbrain.web import a\n"),  # module via package
        ("from . import b\n", "from .a import X\n"),  # relative both ways
        (
            "try:\n    import gutbrain.web.b\nexcept ImportError:\n    pass\n",
            "import gutbrain.web.a\n",
        ),
        (
            "import importlib\nB = importlib.import_module('gutbrain.web.b')\n",
            "from gutbrain.web.a import B\n",
        ),
    ],
)
def test_a_planted_cycle_is_caught(tmp_path: Path, a: str, b: str) -> None:
    root = _plant(tmp_path, {"web/a.py": a + "X = 1\n", "web/b.py": b})
    assert import_cycles(root) == [frozenset({"gutbrain.web.a", "gutbrain.web.b"})]


def test_a_deferred_import_back_is_a_cycle_too(tmp_path: Path) -> None:
    root = _plant(
        tmp_path,
        {
            "web/a.py": "from gutbrain.web import b\n",
            "web/b.py": "def f():\n    from gutbrain.web import a\n",
        },
    )
    assert import_cycles(root) == [frozenset({"gutbrain.web.a", "gutbrain.web.b"})]
    assert import_cycles(root, deferred=False) == []


def test_the_cycle_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset({"a", "b", "c"})]
