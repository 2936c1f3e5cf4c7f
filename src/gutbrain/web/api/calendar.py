"""JSON API: month calendar and one day's entries."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from gutbrain.services import edits
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.api.weather import WeatherDayPublic, day_weather
from gutbrain.web.calendar import month_view
from gutbrain.web.deps import Ctx, Reads
from gutbrain.web.schemas import EntryPublic

router = APIRouter(prefix="/api/v1", tags=["calendar"], responses=ERRORS)


class DayPublic(BaseModel):
    day: date
    attacks: int
    onsets: int
    migraine: bool
    headache: bool
    acute_medication: bool
    max_intensity: int | None
    band: str | None
    medication: bool
    period: bool
    missing: bool
    covered: bool


class MonthPublic(BaseModel):
    year: int
    month: int
    summary: dict[str, int]
    days: list[DayPublic]


class DayEntries(BaseModel):
    day: date
    entries: list[EntryPublic]
    weather: WeatherDayPublic | None = None


@router.get("/calendar/{year}/{month}", response_model=MonthPublic)
def month(
    reads: Reads,
    year: Annotated[int, Path(ge=1900, le=2200)],
    month: Annotated[int, Path(ge=1, le=12)],
) -> MonthPublic:
    """Attack days by intensity band (every day an attack touches), migraine and headache
    days (ICHD-3, as the doctor report counts them), medication, period and missing days."""
    view = month_view(reads, year, month)
    return MonthPublic(
        year=year,
        month=month,
        summary=view.summary(),
        days=[
            DayPublic(
                day=c.day,
                attacks=c.attacks,
                onsets=c.facts.onsets,
                migraine=c.facts.migraine,
                headache=c.facts.headache,
                acute_medication=c.facts.acute,
                max_intensity=c.max_intensity,
                band=c.band,
                medication=c.medication,
                period=c.period,
                missing=c.missing,
                covered=c.covered,
            )
            for c in view.days()
        ],
    )


@router.get("/days/{day}", response_model=DayEntries)
def day_entries(ctx: Ctx, day: date) -> DayEntries:
    entries = [EntryPublic.of(e) for e in edits.day_entries(ctx, day)]
    return DayEntries(day=day, entries=entries, weather=day_weather(ctx, day))
