"""Migrations: the fast-path revision constant matches Alembic, and a new file migrates."""

from __future__ import annotations

from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from gutbrain.store import open_store
from gutbrain.store.engine import SCHEMA_REVISION, alembic_config, current_revision, make_engine


def test_revision_constant_is_alembic_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == SCHEMA_REVISION


def test_new_file_is_created_migrated_and_reopened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sub' / 'diary.sqlite'}"
    store = open_store(url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"diaries", "entries", "conditions", "food_aliases", "microbiome_samples"} <= tables
    assert current_revision(store.engine) == SCHEMA_REVISION
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    open_store(url).close()  # opening again is a no-op, not an error


def test_a_diary_from_the_first_schema_is_upgraded_in_place(tmp_path: Path) -> None:
    from alembic import command

    from gutbrain.services import diary as svc
    from gutbrain.settings import Settings

    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    command.upgrade(alembic_config(engine), "0001")
    engine.dispose()
    ctx = svc.open_context(Settings.from_env(db=path, timezone="UTC"))
    try:
        assert current_revision(ctx.store.engine) == SCHEMA_REVISION
        names = {ix["name"] for ix in inspect(ctx.store.engine).get_indexes("entries")}
        assert {"ix_entries_diary_start", "ix_entries_diary_end"} <= names
    finally:
        ctx.close()
