"""JSON API: weekly gut-health habits against the diary's targets."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Reads

router = APIRouter(prefix="/api/v1", tags=["gut"], responses=ERRORS)
Weeks = Annotated[int, Query(ge=4, le=156, description="how many ISO weeks, newest last")]


class WeekPublic(BaseModel):
    week_start: date
    food_days: int
    fiber_mean_g: float | None
    fiber_days_on_target: int
    plant_points: float
    fermented_servings: int
    upf_share: float | None
    water_mean_ml: float | None
    probiotic_days: int
    antibiotic_days: int
    post_antibiotic: bool
    complete: bool = Field(
        description="meals logged on enough days to count in averages and trends"
    )


class TrendPublic(BaseModel):
    metric: str
    n_weeks: int
    slope_per_week: float | None
    ci_low: float | None
    ci_high: float | None


class CoursePublic(BaseModel):
    first: date
    last: date
    names: list[str]
    days_taken: int


class GutPublic(BaseModel):
    fiber_target_g: float
    plants_target: int
    weeks: list[WeekPublic]
    antibiotic_courses: list[CoursePublic]
    trends: list[TrendPublic]


@router.get("/gut", response_model=GutPublic)
def gut(reads: Reads, weeks: Weeks = 12) -> GutPublic:
    """Fiber (g/day), plant points, fermented servings, ultra-processed share, water,
    probiotic and antibiotic days per ISO week, with descriptive trends (slope, 95 % CI).
    Weeks with meals on fewer than 5 days are listed with ``complete: false`` and are not
    counted in the trends."""
    view = reads.gut(weeks)
    return GutPublic(
        fiber_target_g=view.settings.fiber_target_g,
        plants_target=view.settings.plants_target,
        weeks=[
            WeekPublic(
                week_start=w.week_start, food_days=w.food_days, fiber_mean_g=w.fiber_mean_g,
                fiber_days_on_target=w.fiber_days_on_target, plant_points=w.plant_points,
                fermented_servings=w.fermented_servings, upf_share=w.upf_share,
                water_mean_ml=w.water_mean_ml, probiotic_days=w.probiotic_days,
                antibiotic_days=w.antibiotic_days, post_antibiotic=w.post_antibiotic,
                complete=w.complete,
            )
            for w in view.weeks
        ],
        antibiotic_courses=[
            CoursePublic(first=c.first, last=c.last, names=list(c.names), days_taken=c.days_taken)
            for c in view.antibiotic_courses
        ],
        trends=[
            TrendPublic(metric=t.metric, n_weeks=t.n, slope_per_week=t.slope_per_week,
                        ci_low=t.ci_low, ci_high=t.ci_high)
            for t in (view.fiber_trend, view.plants_trend)
        ],
    )  # fmt: skip
