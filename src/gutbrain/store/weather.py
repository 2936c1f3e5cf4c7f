"""The weather cache: one row per diary day, fetched for the place stored with it.

Rows are replaced whole (a forecast day by its archive value later, every day when the person
moves the place), in one transaction per back-fill.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    String,
    Uuid,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.domain.weather import Place, WeatherDay
from gutbrain.store.repo import Store
from gutbrain.store.tables import Base, EntryRow

#: Days per DELETE ... IN / INSERT statement (well under SQLite's and PostgreSQL's limits).
CHUNK = 1000


class WeatherDayRow(Base):
    __tablename__ = "weather_days"

    diary_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("diaries.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    pressure_hpa: Mapped[float | None] = mapped_column(Float, nullable=True)
    pressure_change_hpa: Mapped[float | None] = mapped_column(Float, nullable=True)
    temperature_c: Mapped[float | None] = mapped_column(Float, nullable=True)
    humidity_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)


def _day(row: WeatherDayRow) -> WeatherDay:
    return WeatherDay(
        day=row.day,
        pressure_hpa=row.pressure_hpa,
        pressure_change_hpa=row.pressure_change_hpa,
        temperature_c=row.temperature_c,
        humidity_pct=row.humidity_pct,
        source=row.source,
    )


def cached_days(
    store: Store,
    diary_id: uuid.UUID,
    place: Place | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[WeatherDay]:
    """Cached days in order (only those fetched for ``place`` when it is given)."""
    query = select(WeatherDayRow).where(WeatherDayRow.diary_id == diary_id)
    if place is not None:
        query = query.where(
            WeatherDayRow.latitude == place.latitude, WeatherDayRow.longitude == place.longitude
        )
    if since is not None:
        query = query.where(WeatherDayRow.day >= since)
    if until is not None:
        query = query.where(WeatherDayRow.day <= until)
    with store.session() as s:
        return [_day(r) for r in s.scalars(query.order_by(WeatherDayRow.day))]


def cached_sources(
    store: Store, diary_id: uuid.UUID, place: Place, since: date, until: date
) -> dict[date, str]:
    """Day → source of the cached days for ``place`` (two columns: what a back-fill checks)."""
    query = select(WeatherDayRow.day, WeatherDayRow.source).where(
        WeatherDayRow.diary_id == diary_id,
        WeatherDayRow.latitude == place.latitude,
        WeatherDayRow.longitude == place.longitude,
        WeatherDayRow.day >= since,
        WeatherDayRow.day <= until,
    )
    with store.session() as s:
        return {row.day: row.source for row in s.execute(query)}


def put_days(store: Store, diary_id: uuid.UUID, place: Place, days: Iterable[WeatherDay]) -> int:
    """Replace the cached rows of these days (one transaction, bulk statements); returns how
    many."""
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {
            "diary_id": diary_id,
            "day": d.day,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "pressure_hpa": d.pressure_hpa,
            "pressure_change_hpa": d.pressure_change_hpa,
            "temperature_c": d.temperature_c,
            "humidity_pct": d.humidity_pct,
            "source": d.source,
            "fetched_at": now,
        }
        for d in days
    ]
    with store.session() as s:
        for i in range(0, len(rows), CHUNK):
            chunk = rows[i : i + CHUNK]
            s.execute(
                delete(WeatherDayRow).where(
                    WeatherDayRow.diary_id == diary_id,
                    WeatherDayRow.day.in_([r["day"] for r in chunk]),
                )
            )
            s.execute(insert(WeatherDayRow), chunk)
    return len(rows)


def forget_days(store: Store, diary_id: uuid.UUID) -> int:
    """Delete the whole weather cache of a diary (the person switched weather off)."""
    with store.session() as s:
        result = s.execute(delete(WeatherDayRow).where(WeatherDayRow.diary_id == diary_id))
        return int(getattr(result, "rowcount", 0))


def weather_stamp(store: Store, diary_id: uuid.UUID) -> tuple[int, datetime | None]:
    """Row count and newest fetch time: part of the diary fingerprint of cached analyses."""
    with store.session() as s:
        count, newest = s.execute(
            select(func.count(), func.max(WeatherDayRow.fetched_at)).where(
                WeatherDayRow.diary_id == diary_id
            )
        ).one()
    return int(count), newest


def entries_written_since(store: Store, diary_id: uuid.UUID, moment: datetime) -> bool:
    """Whether any entry was added or changed at or after ``moment`` (aware)."""
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    with store.session() as s:
        newest = s.scalar(
            select(func.max(EntryRow.updated_at)).where(EntryRow.diary_id == diary_id)
        )
    return newest is not None and newest >= naive
