"""Calendar: a month of attack, medication, period and missing days; a day's entries."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from gutbrain.web import actions
from gutbrain.web.api.weather import day_weather
from gutbrain.web.deps import Ctx
from gutbrain.web.queries import Reads
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
    view = reads.month(y, m)
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
        entries=actions.day_entries(ctx, day),
        weather=day_weather(ctx, day),
    )
