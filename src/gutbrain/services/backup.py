"""``gutbrain backup`` / ``restore``: the whole database (every diary, account, share and
experiment) to one JSON-lines file and back, between SQLite and PostgreSQL in either direction.
A single person's diary has its own export (``gutbrain export --format json``)."""

from __future__ import annotations

from pathlib import Path

from gutbrain.domain.errors import GutbrainError
from gutbrain.settings import Settings
from gutbrain.store import backup as dump
from gutbrain.store.engine import make_engine, migrate


def backup(settings: Settings, path: Path) -> dict[str, int]:
    """Rows written per table."""
    if path.exists() and path.is_dir():
        raise GutbrainError(f"{path} is a folder; give a file name (…/gutbrain.jsonl.gz)")
    engine = make_engine(settings.db_url)
    try:
        migrate(engine)
        return dump.backup(engine, path)
    finally:
        engine.dispose()


def restore(settings: Settings, path: Path) -> dict[str, int]:
    """Rows restored per table (into an empty database; all or nothing)."""
    if not path.is_file():
        raise GutbrainError(f"no backup file {path}")
    engine = make_engine(settings.db_url)
    try:
        return dump.restore(engine, path)
    finally:
        engine.dispose()
