"""Gut health: fiber, plants per week, fermented foods, ultra-processed share, water,
probiotics and antibiotics over time, with targets."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from gutbrain.services.gut import MIN_WEEK_FOOD_DAYS
from gutbrain.web.api.gut import Weeks
from gutbrain.web.bars import bar_chart_svg
from gutbrain.web.deps import Ctx, Reads
from gutbrain.web.render import page

router = APIRouter(include_in_schema=False)


@router.get("/gut", response_class=HTMLResponse)
def gut_page(request: Request, ctx: Ctx, reads: Reads, weeks: Weeks = 12) -> HTMLResponse:
    view = reads.gut(weeks)
    labels = [w.week_start.strftime("%d %b") for w in view.weeks]
    fed = [w.food_days > 0 for w in view.weeks]
    partial = [not w.complete for w in view.weeks]

    def chart(title: str, values: list[float | None], target: float | None, unit: str) -> str:
        shown = [v if f else None for v, f in zip(values, fed, strict=True)]
        return bar_chart_svg(title, labels, shown, target=target, unit=unit, partial=partial)

    s = view.settings
    fiber = chart(
        "Fiber, mean g/day per week",
        [w.fiber_mean_g for w in view.weeks],
        s.fiber_target_g,
        "g/day",
    )
    plants = chart(
        "Plant points per week", [w.plant_points for w in view.weeks], s.plants_target, "plants"
    )
    fermented = chart(
        "Fermented servings per week",
        [float(w.fermented_servings) for w in view.weeks],
        None,
        "servings",
    )
    return page(
        request, ctx, "gut.html", title="Gut health", active="/gut",
        json_url=f"/api/v1/gut?weeks={weeks}", v=view, weeks=weeks, fiber=fiber, plants=plants,
        fermented=fermented, min_days=MIN_WEEK_FOOD_DAYS,
    )  # fmt: skip
