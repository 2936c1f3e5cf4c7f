"""Diaries whose heavy results (trigger report, doctor report) are due to be recomputed, as
rows every server process and the background worker see; and the newest stored result of a
key whatever diary state it was computed for (served, marked "being updated", meanwhile)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from gutbrain.store.cache_tables import ResultRow
from gutbrain.store.repo import Store

#: The pending request is a row of ``analysis_results`` under this key (one per diary; its
#: ``computed_at`` is when it was asked for), so no table of its own is needed.
REQUEST_KEY = "refresh:requested"


def request_refresh(store: Store, diary_id: uuid.UUID, now: datetime) -> None:
    """Ask for a recomputation (nothing if one is already pending)."""
    try:
        with store.session() as s:
            if s.get(ResultRow, (diary_id, REQUEST_KEY)) is None:
                s.add(ResultRow(diary_id=diary_id, key=REQUEST_KEY, fingerprint="",
                                payload="", computed_at=now))  # fmt: skip
    except IntegrityError:
        return  # another process asked at the same moment


def claim_refresh(store: Store, older_than: datetime) -> uuid.UUID | None:
    """Take the oldest request made before ``older_than`` (so a burst of writes settles
    first); on PostgreSQL, SKIP LOCKED lets several workers take different diaries."""
    lock = " FOR UPDATE SKIP LOCKED" if store.engine.dialect.name == "postgresql" else ""
    query = text(
        "DELETE FROM analysis_results WHERE key = :k AND diary_id = (SELECT diary_id FROM "
        "analysis_results WHERE key = :k AND computed_at < :t ORDER BY computed_at LIMIT 1"
        f"{lock}) RETURNING diary_id"
    )
    with store.engine.begin() as conn:
        found = conn.execute(query, {"k": REQUEST_KEY, "t": older_than}).scalar()
    if found is None:
        return None
    return found if isinstance(found, uuid.UUID) else uuid.UUID(str(found))


def pending_refreshes(store: Store) -> int:
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(ResultRow).where(ResultRow.key == REQUEST_KEY)
        return conn.scalar(query) or 0


def latest_result(store: Store, diary_id: uuid.UUID, key: str) -> tuple[str, str] | None:
    """(fingerprint, payload) of the stored result of ``key``, current or not."""
    with store.session() as s:
        row = s.get(ResultRow, (diary_id, key))
        return None if row is None else (row.fingerprint, row.payload)
