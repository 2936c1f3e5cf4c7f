"""Weather for the diary, opt-in: the person sets a coarse place, and the days the diary covers
are back-filled from Open-Meteo (one archive request per calendar year, one forecast request for
the last days) and cached in the diary file.

Nothing is sent while no place is set.  When the service cannot be reached the diary is left as
it was and the caller gets a ``WeatherUnavailableError`` with a plain reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from gutbrain.domain.weather import ARCHIVE, Place, WeatherDay
from gutbrain.io import open_meteo
from gutbrain.io.open_meteo import WeatherUnavailableError
from gutbrain.services import diary as svc
from gutbrain.store import weather as cache

if TYPE_CHECKING:
    import httpx

__all__ = [
    "Backfill",
    "WeatherUnavailableError",
    "backfill",
    "backfill_after_import",
    "cached_days",
    "days_to_fetch",
    "place",
    "set_place",
    "switch_off",
]


@dataclass(frozen=True, slots=True)
class Backfill:
    """What one back-fill did: the place, the requests sent and the days stored."""

    place: Place
    requests: int
    days_stored: int
    days_wanted: int


def place(ctx: svc.Context) -> Place | None:
    """The place the weather is fetched for, or None when weather is off."""
    s = ctx.diary.settings
    if s.weather_latitude is None or s.weather_longitude is None:
        return None
    return Place(s.weather_latitude, s.weather_longitude)


def set_place(ctx: svc.Context, latitude: float, longitude: float) -> svc.Context:
    """Switch weather on for a place, rounded to 0.1° before it is stored or sent."""
    coarse = Place.coarse(latitude, longitude)
    return svc.update_settings(
        ctx, weather_latitude=coarse.latitude, weather_longitude=coarse.longitude
    )


def switch_off(ctx: svc.Context) -> svc.Context:
    """Switch weather off: forget the place and every fetched day."""
    cache.forget_days(ctx.store, ctx.diary_id)
    return svc.update_settings(ctx, weather_latitude=None, weather_longitude=None)


def cached_days(
    ctx: svc.Context, since: date | None = None, until: date | None = None
) -> list[WeatherDay]:
    """The fetched weather of the diary's days (for its current place), oldest first."""
    where = place(ctx)
    if where is None:
        return []
    return cache.cached_days(ctx.store, ctx.diary_id, where, since, until)


def days_to_fetch(ctx: svc.Context, where: Place, today: date) -> list[date]:
    """Diary days with no final weather yet: not cached for this place, or cached from the
    forecast service but old enough for the archive."""
    span = svc.coverage(ctx)
    if span is None:
        return []
    last = min(span.last_day, today)
    have = cache.cached_sources(ctx.store, ctx.diary_id, where, span.first_day, last)
    archive_end = today - timedelta(days=open_meteo.ARCHIVE_LAG_DAYS)
    days = [span.first_day + timedelta(days=i) for i in range((last - span.first_day).days + 1)]
    return [d for d in days if d not in have or (have[d] != ARCHIVE and d <= archive_end)]


def _client(transport: httpx.BaseTransport | None) -> httpx.Client:
    """The HTTP client (a factory, so tests can hand in recorded answers)."""
    import httpx

    return httpx.Client(transport=transport)


def backfill(
    ctx: svc.Context,
    *,
    transport: httpx.BaseTransport | None = None,
    today: date | None = None,
    days: Sequence[date] | None = None,
) -> Backfill:
    """Fetch and cache the weather of every diary day that lacks it (or of ``days``).

    All requests are answered before anything is written, and the days are written in one
    transaction: offline or refused, the diary is unchanged.  ``transport`` replaces the
    network (tests use recorded answers).
    """
    where = place(ctx)
    if where is None:
        raise WeatherUnavailableError(
            "weather is off: set your town's coordinates first "
            "(`gutbrain weather place LAT LON`, or Settings → Weather)"
        )
    today = today or ctx.now().date()
    wanted = list(days) if days is not None else days_to_fetch(ctx, where, today)
    requests = open_meteo.plan_requests(where, wanted, today)
    fetched: list[WeatherDay] = []
    with _client(transport) as client:
        for request in requests:
            payload = open_meteo.get(request, client)
            fetched += open_meteo.weather_days(payload, request, ZoneInfo(ctx.tz))
    wanted_set = set(wanted)
    keep = [d for d in fetched if d.day in wanted_set]
    stored = cache.put_days(ctx.store, ctx.diary_id, where, keep)
    return Backfill(where, len(requests), stored, len(wanted))


def backfill_after_import(ctx: svc.Context, started: datetime) -> Backfill | None:
    """After an import that wrote entries (since ``started``), fetch the weather of the days
    that lack it — when weather is on; None when there was nothing to do.  A dry run or a
    refused file writes no entries, so it never reaches the network."""
    if place(ctx) is None or not cache.entries_written_since(ctx.store, ctx.diary_id, started):
        return None
    return backfill(ctx)
