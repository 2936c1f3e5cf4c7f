"""Whole-database backup as JSON lines, portable between SQLite and PostgreSQL.

Line 1 is a header (format, version, schema revision, every table's columns); each further
line is ``[table, [values…]]``, tables in foreign-key order. Every table the schema knows is
included (diaries, entries, accounts, shares, links, audit log, experiments, …), so a
backup refuses to run if the database holds a table this code does not know (it would be
lost). Restore writes everything in one transaction into an empty database: all or nothing.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import pkgutil
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Column, Engine, Table, func, insert, inspect, select, text

from gutbrain.domain.errors import GutbrainError
from gutbrain.store.engine import SCHEMA_REVISION, migrate
from gutbrain.store.tables import Base

FORMAT = "gutbrain-backup"
VERSION = 1
BATCH = 2000


def _tables() -> list[Table]:
    """Every table declared anywhere in ``gutbrain.store`` (a module registers its tables on
    ``Base.metadata`` when imported, so a new table module is backed up without a change)."""
    import gutbrain.store as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name != "migrations":
            importlib.import_module(f"gutbrain.store.{module.name}")
    return list(Base.metadata.sorted_tables)


def _out(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _in(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    try:
        kind = column.type.python_type
    except NotImplementedError:
        return value
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    return value


def _open(path: Path, mode: str, *, gz: bool | None = None) -> IO[str]:
    if path.suffix == ".gz" if gz is None else gz:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


def backup(engine: Engine, path: Path) -> dict[str, int]:
    """Write every row to ``path`` (``.gz`` compresses). Returns rows per table. Written to a
    temporary file first, so a failed backup never leaves a half file under the name."""
    tables = _tables()
    known = {t.name for t in tables} | {"alembic_version"}
    unknown = sorted(set(inspect(engine).get_table_names()) - known)
    if unknown:
        raise GutbrainError(f"the database has tables this gutbrain does not know: {unknown}")
    counts: dict[str, int] = {}
    partial = path.with_name(path.name + ".partial")
    header = {
        "format": FORMAT, "version": VERSION, "schema_revision": SCHEMA_REVISION,
        "tables": {t.name: [c.name for c in t.columns] for t in tables},
    }  # fmt: skip
    # Password hashes and every diary: readable by the owner only (0600) from the first byte.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(partial, 0o600)
    # One read transaction (REPEATABLE READ on PostgreSQL): a consistent snapshot.
    with _open(partial, "w", gz=path.suffix == ".gz") as out, engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        out.write(json.dumps(header) + "\n")
        for table in tables:
            counts[table.name] = 0
            order = list(table.primary_key.columns)
            result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
            for row in result:
                out.write(json.dumps([table.name, [_out(v) for v in row]], default=str) + "\n")
                counts[table.name] += 1
        out.flush()
    os.replace(partial, path)
    return counts


def _lines(path: Path) -> Iterator[Any]:
    with _open(path, "r") as src:
        for number, line in enumerate(src, start=1):
            try:
                yield json.loads(line)
            except ValueError as exc:
                raise GutbrainError(f"{path}: line {number} is not JSON ({exc})") from exc


def restore(engine: Engine, path: Path) -> dict[str, int]:
    """Load a backup into an empty database (migrated first), in one transaction."""
    tables = {t.name: t for t in _tables()}
    lines = _lines(path)
    header = next(lines, None)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise GutbrainError(f"{path} is not a gutbrain backup")
    if header.get("version") != VERSION:
        raise GutbrainError(f"backup version {header.get('version')!r} is not supported")
    migrate(engine)
    columns: dict[str, list[Column[Any]]] = {}
    for name, names in header["tables"].items():
        if name not in tables:
            raise GutbrainError(f"the backup has a table this gutbrain does not know: {name}")
        missing = set(names) - set(tables[name].columns.keys())
        if missing:
            raise GutbrainError(f"table {name} has no columns {sorted(missing)} here")
        columns[name] = [tables[name].columns[c] for c in names]
    counts = dict.fromkeys(columns, 0)
    with engine.begin() as conn:
        for name in ("diaries", "users"):
            if conn.scalar(select(func.count()).select_from(tables[name])):
                raise GutbrainError("restore needs an empty database (this one has diaries)")
        batch: list[dict[str, Any]] = []
        current = ""
        for item in lines:
            name, values = item
            if name != current and batch:
                conn.execute(insert(tables[current]), batch)
                batch = []
            current = name
            batch.append({c.name: _in(c, v) for c, v in zip(columns[name], values, strict=True)})
            counts[name] += 1
            if len(batch) >= BATCH:
                conn.execute(insert(tables[current]), batch)
                batch = []
        if batch:
            conn.execute(insert(tables[current]), batch)
        if engine.dialect.name == "postgresql":
            _advance_sequences(conn, list(tables.values()))
    return counts


def _advance_sequences(conn: Any, tables: list[Table]) -> None:
    """Integer keys were inserted explicitly: move their sequences past them."""
    for table in tables:
        for column in table.primary_key.columns:
            if column.autoincrement is True or (
                column.autoincrement == "auto" and column.type.python_type is int
            ):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "
                        f"COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
                    )
                )
