"""JSON API: the fetched weather (read-only; turning it on or fetching is a Settings action)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from gutbrain.domain.weather import WeatherDay
from gutbrain.services import weather
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Ctx

router = APIRouter(prefix="/api/v1", tags=["weather"], responses=ERRORS)


class WeatherDayPublic(BaseModel):
    """One diary day's weather; ``pressure_drop`` is a fall of ≥ 5 hPa within 24 h."""

    day: date
    pressure_hpa: float | None
    pressure_change_24h_hpa: float | None
    pressure_drop: bool
    temperature_c: float | None
    humidity_pct: float | None
    source: str

    @classmethod
    def of(cls, d: WeatherDay) -> WeatherDayPublic:
        return cls(
            day=d.day,
            pressure_hpa=d.pressure_hpa,
            pressure_change_24h_hpa=d.pressure_change_hpa,
            pressure_drop=d.pressure_drop,
            temperature_c=d.temperature_c,
            humidity_pct=d.humidity_pct,
            source=d.source,
        )


class WeatherPublic(BaseModel):
    """The coarse place (None: weather is off) and the cached days asked for."""

    place: str | None
    days: list[WeatherDayPublic]


@router.get("/weather", response_model=WeatherPublic)
def get_weather(
    ctx: Ctx,
    since: Annotated[date | None, Query()] = None,
    until: Annotated[date | None, Query()] = None,
) -> WeatherPublic:
    where = weather.place(ctx)
    days = weather.cached_days(ctx, since, until)
    return WeatherPublic(
        place=None if where is None else str(where), days=[WeatherDayPublic.of(d) for d in days]
    )


def day_weather(ctx: Ctx, day: date) -> WeatherDayPublic | None:
    """The weather of one day, for the day page and its JSON twin."""
    found = weather.cached_days(ctx, day, day)
    return WeatherDayPublic.of(found[0]) if found else None
