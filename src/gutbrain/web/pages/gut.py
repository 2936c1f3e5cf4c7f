"""Gut health: fiber, plants per week, fermented foods, ultra-processed share, water,
probiotics and antibiotics over time, with targets."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gutbrain.web.api.gut import Weeks
from gutbrain.web.bars import bar_chart_svg
from gutbrain.web.deps import Ctx
from gutbrain.web.queries import Reads
from gutbrain.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/gut", response_class=HTMLResponse)
def gut_page(request: Request, ctx: Ctx, reads: Reads, weeks: Weeks = 12) -> HTMLResponse:
    view = reads.gut(weeks)
    labels = [w.week_start.strftime("%d %b") for w in view.weeks]
    fed = [w.food_days > 0 for w in view.weeks]
    fiber = bar_chart_svg(
        "Fiber, mean g/day per week",
        labels,
        [w.fiber_mean_g if f else None for w, f in zip(view.weeks, fed, strict=True)],
        target=view.settings.fiber_target_g,
        unit="g/day",
    )
    plants = bar_chart_svg(
        "Plant points per week",
        labels,
        [w.plant_points if f else None for w, f in zip(view.weeks, fed, strict=True)],
        target=float(view.settings.plants_target),
        unit="plants",
    )
    fermented = bar_chart_svg(
        "Fermented servings per week", labels,
        [float(w.fermented_servings) if f else None for w, f in zip(view.weeks, fed, strict=True)],
        target=None, unit="servings",
    )  # fmt: skip
    return page(
        request, ctx, "gut.html", title="Gut health", active="/gut",
        json_url=f"/api/v1/gut?weeks={weeks}", v=view, weeks=weeks, fiber=fiber, plants=plants,
        fermented=fermented,
    )  # fmt: skip
