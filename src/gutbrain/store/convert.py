"""Row ⇄ domain record conversion (instants are stored as naive UTC, portable everywhere)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row

from gutbrain.domain.entries import Condition, Diary, DiarySettings, Entry, Kind
from gutbrain.store.tables import ConditionRow, DiaryRow, EntryRow

#: Enum lookup by value is slow in bulk; a dict is not.
_KINDS = {k.value: k for k in Kind}


def to_naive_utc(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def from_naive_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def entry_values(entry: Entry, now: datetime) -> dict[str, Any]:
    """Column values of an entry, for bulk inserts and updates."""
    return {
        "id": entry.id,
        "diary_id": entry.diary_id,
        "kind": entry.kind.value,
        "name": entry.name,
        "start_utc": to_naive_utc(entry.start),
        "start_has_time": entry.start_has_time,
        "end_utc": None if entry.end is None else to_naive_utc(entry.end),
        "end_has_time": entry.end_has_time,
        "tz": entry.tz,
        "day": entry.day,
        "amount": entry.amount,
        "unit": entry.unit,
        "intensity": entry.intensity,
        "tags": ";".join(entry.tags),
        "notes": entry.notes,
        "details": dict(entry.details),
        "natural_key": entry.natural_key(),
        "updated_at": now,
    }


def entry_from_row(row: EntryRow | Row[Any]) -> Entry:
    return Entry(
        id=row.id,
        diary_id=row.diary_id,
        kind=_KINDS[row.kind],
        name=row.name,
        start=from_naive_utc(row.start_utc),
        tz=row.tz,
        start_has_time=row.start_has_time,
        end=None if row.end_utc is None else from_naive_utc(row.end_utc),
        end_has_time=row.end_has_time,
        amount=row.amount,
        unit=row.unit,
        intensity=row.intensity,
        tags=tuple(t for t in row.tags.split(";") if t),
        notes=row.notes,
        details=dict(row.details or {}),
    )


def settings_from_json(data: dict[str, Any]) -> DiarySettings:
    known = {k: v for k, v in data.items() if k in DiarySettings.__slots__}
    for name in ("tracked_factors", "usual_medications"):
        if name in known:
            known[name] = tuple(known[name])
    return DiarySettings(**known)


def settings_to_json(settings: DiarySettings) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name in DiarySettings.__slots__
        for value in [getattr(settings, name)]
    }


def diary_from_row(row: DiaryRow) -> Diary:
    return Diary(
        id=row.id,
        name=row.name,
        timezone=row.timezone,
        settings=settings_from_json(row.settings or {}),
    )


def condition_from_row(row: ConditionRow) -> Condition:
    return Condition(
        id=row.id, diary_id=row.diary_id, name=row.name, since=row.since, notes=row.notes
    )
