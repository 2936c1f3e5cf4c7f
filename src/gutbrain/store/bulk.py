"""Fast bulk insert of entry rows (imports of 100,000 rows)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert

from gutbrain.store.tables import EntryRow

#: Rows per executemany call (well under SQLite's variable limit).
BATCH = 500


def bulk_insert_entries(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert many entry rows with one prepared statement and the driver's executemany.

    The statement is compiled once for the connection's dialect and each value goes through
    its column type's own bind processor, so stored values are exactly what the ORM would
    write, on SQLite and PostgreSQL alike; this skips SQLAlchemy's per-row bookkeeping, which
    dominated bulk imports (100,000 rows).
    """
    if not rows:
        return
    table = EntryRow.__table__
    assert isinstance(table, Table)
    dialect = connection.dialect
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or []) if compiled.positional else keys
    # (key, processor) in statement order; only columns whose type converts values
    steps = [(k, table.c[k].type.dialect_impl(dialect).bind_processor(dialect)) for k in order]

    def convert(row: dict[str, Any]) -> list[Any]:
        return [row[k] if p is None or row[k] is None else p(row[k]) for k, p in steps]

    sql = str(compiled)
    for i in range(0, len(rows), BATCH):
        batch = [convert(r) for r in rows[i : i + BATCH]]
        params: list[Any] = (
            [tuple(v) for v in batch]
            if compiled.positional
            else [dict(zip(order, v, strict=True)) for v in batch]
        )
        connection.exec_driver_sql(sql, params)
