"""Shared helpers for importer tests: golden files and the benchmark's export generator."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).parent
DATA = ROOT / "data"
GOLDEN = ROOT / "golden" / "imports"


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare with tests/golden/imports/NAME; ``--snapshot-update`` rewrites it."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} is missing: run pytest --snapshot-update"
    assert path.read_bytes().decode("utf-8") == text, (
        f"{name} changed; if intended, regenerate with `pytest --snapshot-update`"
    )


def benchmark_module(name: str) -> ModuleType:
    """A script from benchmarks/ (the synthetic export generators), imported by path."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT.parent / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
