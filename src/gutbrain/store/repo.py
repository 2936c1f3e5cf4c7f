"""The store: every read and write of a diary, one short transaction each.

All queries are scoped by ``diary_id`` and use portable SQL only, so the same code runs on the
local SQLite file and on a PostgreSQL server.  Multi-row writes (imports) happen in one
transaction: a crash mid-import leaves the previous state.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from gutbrain.domain.entries import (
    MISSING_DAY_NAME,
    Condition,
    Diary,
    DiarySettings,
    Entry,
    Kind,
)
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.store.bulk import BATCH, bulk_insert_entries
from gutbrain.store.convert import (
    condition_from_row,
    diary_from_row,
    entry_from_row,
    entry_values,
    from_naive_utc,
    settings_to_json,
)
from gutbrain.store.engine import make_engine, migrate
from gutbrain.store.tables import (
    ConditionRow,
    DiaryRow,
    EntryRow,
    FoodAliasRow,
    MicrobiomeSampleRow,
)


class DuplicateEntryError(GutbrainError):
    """An identical entry (same start, kind, name, end, amount, unit) is already in the diary."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class MicrobiomeSample:
    """A stored microbiome profile."""

    id: uuid.UUID
    diary_id: uuid.UUID
    collected_on: date | None
    label: str
    source_format: str
    abundance_kind: str
    db_version: str
    taxa: list[Any]
    metrics: dict[str, Any]


class Store:
    """Access to one database; create with ``open_store(url)``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def ping(self) -> None:
        """Raise unless the database answers a trivial query."""
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    # -- diaries -----------------------------------------------------------------------
    def get_or_create_diary(self, name: str, timezone: str) -> Diary:
        with self.session() as s:
            row = s.scalar(select(DiaryRow).where(DiaryRow.name == name))
            if row is None:
                row = DiaryRow(
                    id=uuid.uuid4(),
                    name=name,
                    timezone=timezone,
                    settings=settings_to_json(DiarySettings()),
                    created_at=_now(),
                )
                s.add(row)
            return diary_from_row(row)

    def get_diary(self, diary_id: uuid.UUID) -> Diary:
        with self.session() as s:
            row = s.get(DiaryRow, diary_id)
            if row is None:
                raise NotFoundError(f"no diary with id {diary_id}")
            return diary_from_row(row)

    def list_diaries(self) -> list[Diary]:
        with self.session() as s:
            return [diary_from_row(r) for r in s.scalars(select(DiaryRow).order_by(DiaryRow.name))]

    def save_diary(self, diary: Diary) -> None:
        with self.session() as s:
            s.execute(
                update(DiaryRow)
                .where(DiaryRow.id == diary.id)
                .values(
                    name=diary.name,
                    timezone=diary.timezone,
                    settings=settings_to_json(diary.settings),
                )
            )

    # -- entries -----------------------------------------------------------------------
    def add_entries(self, diary_id: uuid.UUID, entries: Iterable[Entry]) -> int:
        """Insert entries not already present (by natural key); all or nothing. Returns count."""
        now = _now()
        with self.session() as s:
            existing = set(
                s.scalars(select(EntryRow.natural_key).where(EntryRow.diary_id == diary_id))
            )
            rows: list[dict[str, Any]] = []
            for entry in entries:
                if entry.diary_id != diary_id:
                    raise GutbrainError("entry belongs to another diary")
                values = entry_values(entry, now)
                if values["natural_key"] in existing:
                    continue
                existing.add(values["natural_key"])
                rows.append(values)
            bulk_insert_entries(s.connection(), rows)
            return len(rows)

    def ids_taken(self, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these entry ids already exist (in any diary)."""
        found: set[uuid.UUID] = set()
        with self.session() as s:
            for i in range(0, len(ids), BATCH):
                chunk = list(ids[i : i + BATCH])
                found.update(s.scalars(select(EntryRow.id).where(EntryRow.id.in_(chunk))))
        return found

    def insert_entry(self, entry: Entry) -> Entry:
        """Insert one entry; refuse an exact duplicate with a clear message."""
        try:
            with self.session() as s:
                s.execute(insert(EntryRow), [entry_values(entry, _now())])
        except IntegrityError as exc:
            raise DuplicateEntryError(
                f"this {entry.kind.value} entry is already in the diary"
            ) from exc
        return entry

    def replace_entry(self, entry: Entry) -> Entry:
        values = entry_values(entry, _now())
        values.pop("id")
        try:
            with self.session() as s:
                result = s.execute(
                    update(EntryRow)
                    .where(EntryRow.id == entry.id, EntryRow.diary_id == entry.diary_id)
                    .values(**values)
                )
                if result.rowcount == 0:  # type: ignore[attr-defined]
                    raise NotFoundError(f"no entry with id {entry.id}")
        except IntegrityError as exc:
            raise DuplicateEntryError("an identical entry is already in the diary") from exc
        return entry

    def delete_entry(self, diary_id: uuid.UUID, entry_id: uuid.UUID) -> None:
        with self.session() as s:
            result = s.execute(
                delete(EntryRow).where(EntryRow.id == entry_id, EntryRow.diary_id == diary_id)
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no entry with id {entry_id}")

    def get_entry(self, diary_id: uuid.UUID, entry_id: uuid.UUID) -> Entry:
        with self.session() as s:
            row = s.scalar(
                select(EntryRow).where(EntryRow.id == entry_id, EntryRow.diary_id == diary_id)
            )
            if row is None:
                raise NotFoundError(f"no entry with id {entry_id}")
            return entry_from_row(row)

    def find_entries_by_prefix(self, diary_id: uuid.UUID, prefix: str) -> list[Entry]:
        """Entries whose id starts with ``prefix`` (people type the first 8 characters)."""
        wanted = prefix.lower().replace("-", "")
        with self.session() as s:
            # match on the ids alone; load only the entries that match
            ids = s.scalars(select(EntryRow.id).where(EntryRow.diary_id == diary_id))
            matched = [i for i in ids if i.hex.startswith(wanted)]
            if not matched:
                return []
            rows = s.scalars(select(EntryRow).where(EntryRow.id.in_(matched[:BATCH])))
            return [entry_from_row(r) for r in rows]

    def list_entries(
        self,
        diary_id: uuid.UUID,
        *,
        since: date | None = None,
        until: date | None = None,
        kinds: Sequence[Kind] | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = False,
    ) -> list[Entry]:
        """Entries of the diary by diary day, optionally filtered."""
        # Core rows, not ORM objects: reading a 3-year diary is several times faster this way.
        q = select(*EntryRow.__table__.columns).where(EntryRow.diary_id == diary_id)
        if since is not None:
            q = q.where(EntryRow.day >= since)
        if until is not None:
            q = q.where(EntryRow.day <= until)
        if kinds:
            q = q.where(EntryRow.kind.in_([k.value for k in kinds]))
        if search:
            pattern = f"%{search.lower()}%"
            q = q.where(
                or_(
                    func.lower(EntryRow.name).like(pattern),
                    func.lower(EntryRow.notes).like(pattern),
                    func.lower(EntryRow.tags).like(pattern),
                )
            )
        order = (
            (EntryRow.start_utc.desc(), EntryRow.id)
            if newest_first
            else (EntryRow.start_utc, EntryRow.id)
        )
        q = q.order_by(*order).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.session() as s:
            return [entry_from_row(r) for r in s.execute(q)]

    def count_entries(self, diary_id: uuid.UUID) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).where(EntryRow.diary_id == diary_id)) or 0)

    def day_span(self, diary_id: uuid.UUID) -> tuple[date, date] | None:
        """First and last diary day covered: earliest start to latest start or end."""
        with self.session() as s:
            first, last = s.execute(
                select(func.min(EntryRow.day), func.max(EntryRow.day)).where(
                    EntryRow.diary_id == diary_id
                )
            ).one()
            if first is None:
                return None
            end_row = s.execute(
                select(EntryRow.end_utc, EntryRow.tz)
                .where(EntryRow.diary_id == diary_id, EntryRow.end_utc.is_not(None))
                .order_by(EntryRow.end_utc.desc())
                .limit(1)
            ).first()
        if end_row is not None and end_row[0] is not None:
            end_day = from_naive_utc(end_row[0]).astimezone(ZoneInfo(end_row[1])).date()
            last = max(last, end_day)
        return first, last

    def missing_days(self, diary_id: uuid.UUID) -> list[date]:
        """Days marked "no entry": not kept, so excluded from every analysis."""
        with self.session() as s:
            days = s.scalars(
                select(EntryRow.day)
                .where(
                    EntryRow.diary_id == diary_id,
                    EntryRow.kind == Kind.NOTE.value,
                    func.lower(EntryRow.name) == MISSING_DAY_NAME,
                )
                .distinct()
                .order_by(EntryRow.day)
            )
            return list(days)

    # -- conditions --------------------------------------------------------------------
    def list_conditions(self, diary_id: uuid.UUID) -> list[Condition]:
        with self.session() as s:
            rows = s.scalars(
                select(ConditionRow)
                .where(ConditionRow.diary_id == diary_id)
                .order_by(ConditionRow.name)
            )
            return [condition_from_row(r) for r in rows]

    def add_condition(self, condition: Condition) -> Condition:
        try:
            with self.session() as s:
                s.add(
                    ConditionRow(
                        id=condition.id,
                        diary_id=condition.diary_id,
                        name=condition.name,
                        since=condition.since,
                        notes=condition.notes,
                    )
                )
        except IntegrityError as exc:
            raise DuplicateEntryError(f"{condition.name!r} is already recorded") from exc
        return condition

    def remove_condition(self, diary_id: uuid.UUID, name: str) -> None:
        with self.session() as s:
            result = s.execute(
                delete(ConditionRow).where(
                    ConditionRow.diary_id == diary_id, ConditionRow.name == name
                )
            )
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no condition named {name!r}")

    # -- food aliases ------------------------------------------------------------------
    def food_aliases(self, diary_id: uuid.UUID) -> dict[str, dict[str, Any]]:
        with self.session() as s:
            rows = s.scalars(select(FoodAliasRow).where(FoodAliasRow.diary_id == diary_id))
            return {r.text: dict(r.mapping) for r in rows}

    def set_food_alias(self, diary_id: uuid.UUID, text: str, mapping: dict[str, Any]) -> None:
        with self.session() as s:
            row = s.get(FoodAliasRow, (diary_id, text))
            if row is None:
                s.add(
                    FoodAliasRow(diary_id=diary_id, text=text, mapping=mapping, updated_at=_now())
                )
            else:
                row.mapping = mapping
                row.updated_at = _now()

    def delete_food_alias(self, diary_id: uuid.UUID, text: str) -> None:
        with self.session() as s:
            s.execute(
                delete(FoodAliasRow).where(
                    FoodAliasRow.diary_id == diary_id, FoodAliasRow.text == text
                )
            )

    # -- microbiome --------------------------------------------------------------------
    def add_microbiome_sample(self, sample: MicrobiomeSample) -> MicrobiomeSample:
        with self.session() as s:
            s.add(
                MicrobiomeSampleRow(
                    id=sample.id,
                    diary_id=sample.diary_id,
                    collected_on=sample.collected_on,
                    label=sample.label,
                    source_format=sample.source_format,
                    abundance_kind=sample.abundance_kind,
                    db_version=sample.db_version,
                    taxa=sample.taxa,
                    metrics=sample.metrics,
                    imported_at=_now(),
                )
            )
        return sample

    def list_microbiome_samples(self, diary_id: uuid.UUID) -> list[MicrobiomeSample]:
        with self.session() as s:
            rows = s.scalars(
                select(MicrobiomeSampleRow)
                .where(MicrobiomeSampleRow.diary_id == diary_id)
                .order_by(MicrobiomeSampleRow.collected_on, MicrobiomeSampleRow.imported_at)
            )
            return [
                MicrobiomeSample(
                    id=r.id,
                    diary_id=r.diary_id,
                    collected_on=r.collected_on,
                    label=r.label,
                    source_format=r.source_format,
                    abundance_kind=r.abundance_kind,
                    db_version=r.db_version,
                    taxa=list(r.taxa),
                    metrics=dict(r.metrics or {}),
                )
                for r in rows
            ]

    def delete_microbiome_sample(self, diary_id: uuid.UUID, sample_id: uuid.UUID) -> None:
        with self.session() as s:
            s.execute(
                delete(MicrobiomeSampleRow).where(
                    MicrobiomeSampleRow.diary_id == diary_id, MicrobiomeSampleRow.id == sample_id
                )
            )


def open_store(url: str) -> Store:
    """Open (creating and migrating if needed) the database at ``url``."""
    engine = make_engine(url)
    migrate(engine)
    return Store(engine)
