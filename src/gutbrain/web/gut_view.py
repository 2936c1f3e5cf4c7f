"""The Gut health page's numbers: weekly fiber, plants, fermented foods, ultra-processed
share, water, probiotics and antibiotic courses against the diary's targets.

Built on ``gutbrain.foods.gut`` (pure) and the diary's food knowledge from
``gutbrain.services.foods``; only the weeks shown (plus two months before, for antibiotic
courses) are read, so the page stays fast on a long diary.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.domain.entries import DiarySettings
from gutbrain.foods.gut import (
    Course,
    Trend,
    WeekGut,
    antibiotic_courses,
    daily_gut,
    trend,
    weekly_gut,
)
from gutbrain.services import diary
from gutbrain.services import foods as food_service
from gutbrain.services.diary import Context

#: Antibiotic courses that ended up to this long before the first week shown still matter
#: (the post-antibiotic window is 28 days, ``gutbrain.foods.gut.POST_ANTIBIOTIC_DAYS``).
LOOKBACK = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class GutView:
    first_week: date
    last_day: date
    settings: DiarySettings
    weeks: list[WeekGut]
    courses: list[Course]
    fiber_trend: Trend
    plants_trend: Trend

    def mean(self, attr: str) -> float | None:
        values = [
            getattr(w, attr) for w in self.weeks if w.food_days and getattr(w, attr) is not None
        ]
        return sum(values) / len(values) if values else None

    @property
    def food_weeks(self) -> int:
        return sum(1 for w in self.weeks if w.food_days)

    @property
    def probiotic_days(self) -> int:
        return sum(w.probiotic_days for w in self.weeks)


def gut_view(ctx: Context, weeks: int) -> GutView:
    """The last ``weeks`` ISO weeks up to today (or the diary's last day, if earlier)."""
    cov = diary.coverage(ctx)
    today = ctx.now().date()
    last = min(today, cov.last_day) if cov else today
    first_week = last - timedelta(days=last.weekday()) - timedelta(weeks=weeks - 1)
    entries = diary.list_entries(ctx, since=first_week - LOOKBACK, until=last)
    settings = diary.get_settings(ctx)
    days = [d for d in daily_gut(entries, food_service.food_knowledge(ctx)) if d.day >= first_week]
    courses = antibiotic_courses(entries)
    rows = weekly_gut(days, settings, courses)
    return GutView(
        first_week=first_week,
        last_day=last,
        settings=settings,
        weeks=rows,
        courses=[c for c in courses if c.last >= first_week - LOOKBACK],
        fiber_trend=trend("fiber", rows),
        plants_trend=trend("plants", rows),
    )
