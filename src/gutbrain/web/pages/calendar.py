"""Calendar: a month of attack, medication, period and missing days; a day's entries."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from gutbrain.services import edits
from gutbrain.web.api.weather import day_weather
from gutbrain.web.calendar import month_view
from gutbrain.web.deps import Ctx, Reads
from gutbrain.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/calendar", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    ctx: Ctx,
    reads: Reads,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    month: Annotated[int | None, Query(ge=1, le=12)] = None,
) -> HTMLResponse:
    today = ctx.now().date()
    y, m = year or today.year, month or today.month
    view = month_view(reads, y, m)
    return page(
        request,
        ctx,
        "calendar.html",
        title=view.title,
        active="/calendar",
        json_url=f"/api/v1/calendar/{y}/{m}",
        view=view,
        today=today,
    )


@router.get("/day/{day}", response_class=HTMLResponse)
def day_page(request: Request, ctx: Ctx, day: Annotated[date, Path()]) -> HTMLResponse:
    return page(
        request,
        ctx,
        "day.html",
        title=f"{day:%A %d %B %Y}",
        active="/calendar",
        json_url=f"/api/v1/days/{day.isoformat()}",
        day=day,
        entries=edits.day_entries(ctx, day),
        weather=day_weather(ctx, day),
    )
