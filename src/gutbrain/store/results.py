"""Reads and writes of cached analysis results, and the diary-state fingerprint they hang on.

The fingerprint changes with every write that can change an analysis: entries (count and the
latest ``updated_at`` — an insert or edit moves the latter, a delete the former), conditions,
food mappings, the fetched weather, and the diary's own settings and time zone.  A few indexed
aggregate queries, so checking it costs milliseconds even on a ten-year diary.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from gutbrain.store.cache_tables import ResultRow
from gutbrain.store.repo import Store
from gutbrain.store.tables import ConditionRow, DiaryRow, EntryRow, FoodAliasRow
from gutbrain.store.weather import weather_stamp


def diary_fingerprint(store: Store, diary_id: uuid.UUID) -> str:
    """A short digest of everything in the diary an analysis may read."""
    with store.session() as s:
        entries = s.execute(
            select(func.count(), func.max(EntryRow.updated_at)).where(EntryRow.diary_id == diary_id)
        ).one()
        conditions = sorted(
            s.scalars(select(ConditionRow.name).where(ConditionRow.diary_id == diary_id))
        )
        aliases = s.execute(
            select(func.count(), func.max(FoodAliasRow.updated_at)).where(
                FoodAliasRow.diary_id == diary_id
            )
        ).one()
        diary = s.execute(
            select(DiaryRow.timezone, DiaryRow.settings).where(DiaryRow.id == diary_id)
        ).one()
    weather = weather_stamp(store, diary_id)
    text = repr(
        (tuple(entries), conditions, tuple(aliases), diary.timezone, diary.settings, weather)
    )
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def get_result(store: Store, diary_id: uuid.UUID, key: str, fingerprint: str) -> str | None:
    """The cached payload for ``key`` if it was computed for this fingerprint."""
    with store.session() as s:
        row = s.get(ResultRow, (diary_id, key))
        return row.payload if row is not None and row.fingerprint == fingerprint else None


def put_result(store: Store, diary_id: uuid.UUID, key: str, fingerprint: str, payload: str) -> None:
    """Replace the cached payload for ``key`` (one transaction)."""
    with store.session() as s:
        s.execute(delete(ResultRow).where(ResultRow.diary_id == diary_id, ResultRow.key == key))
        s.add(
            ResultRow(
                diary_id=diary_id,
                key=key,
                fingerprint=fingerprint,
                payload=payload,
                computed_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
