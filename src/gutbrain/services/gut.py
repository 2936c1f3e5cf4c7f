"""Gut-health use cases: the weekly report behind ``gutbrain gut``, the gut factors for the
trigger engine, and the elimination-plan check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.domain.entries import DiarySettings
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.exposure import Exposure
from gutbrain.foods import gut
from gutbrain.foods.elimination import PLANS as PLANS
from gutbrain.foods.elimination import PlanCheck as PlanCheck
from gutbrain.foods.elimination import check_plan
from gutbrain.foods.elimination import plan_excludes as plan_excludes
from gutbrain.meaning.exposures import gut_days
from gutbrain.services import diary as svc
from gutbrain.services.foods import food_knowledge
from gutbrain.services.meaning import understanding

#: Short, sourced explanations shown next to each target (docs/foods.md has the long form).
EXPLANATIONS: dict[str, str] = {
    "fiber": "Fiber: 25–29 g a day gave the largest risk reductions across 185 cohort studies and "
    "58 trials (Reynolds 2019, Lancet); the UK recommends 30 g (SACN). Most people eat < 20 g.",
    "plants": "Plants: people reporting > 30 different plants a week had a more diverse gut "
    "microbiome than those eating ≤ 10 (McDonald 2018, mSystems; observational). Each plant "
    "counts once a week in any form; herbs, spices, coffee, tea and cocoa count ¼.",
    "fermented": "Fermented foods: ~6 servings a day for 10 weeks raised microbiome diversity and "
    "lowered 19 inflammatory markers (Wastyk 2021, Cell; n = 36). Many are also tyramine/"
    "histamine-tagged — your own data decides.",
    "ultra-processed": "Ultra-processed (NOVA 4): industrial formulations with additives of no "
    "culinary use (Monteiro 2016); share of items with a known NOVA group.",
    "probiotics": "Probiotics in migraine: one RCT positive (Martami 2019, 4×10⁹ CFU/day, 8–10 "
    "weeks), one null (de Roos 2017); adherence = days taken / days in the course.",
    "antibiotics": "Antibiotics: the 4 weeks after a course are marked so their effect on your "
    "gut and symptoms can be checked (a gutbrain window, not a clinical rule).",
    "water": "Water: extra 1.5 L/day improved migraine quality of life but not headache days "
    "(Spigt 2012, n = 102); counts plain water only.",
}


#: Antibiotic courses that ended up to this long before the first week shown still matter
#: (the post-antibiotic window is 28 days, ``gutbrain.foods.gut.POST_ANTIBIOTIC_DAYS``).
LOOKBACK = timedelta(days=60)
#: The partial-week rule (``gutbrain.foods.gut``), for the faces to print.
MIN_WEEK_FOOD_DAYS = gut.MIN_WEEK_FOOD_DAYS


@dataclass(frozen=True, slots=True)
class GutReport:
    """The gut habits of the last weeks, as the CLI, the web page and the API show them.

    Weeks with fewer than ``gut.MIN_WEEK_FOOD_DAYS`` days of meals are listed (marked
    ``complete=False``) but left out of averages and trends: one rule everywhere.
    """

    first_week: date
    last_day: date
    settings: DiarySettings
    weeks: list[gut.WeekGut]
    days: list[gut.DayGut]
    averages: gut.GutAverages
    fiber_trend: gut.Trend
    plants_trend: gut.Trend
    antibiotic_courses: list[gut.Course]
    probiotic_courses: list[gut.Course]
    plan: PlanCheck | None

    @property
    def food_weeks(self) -> int:
        return sum(1 for w in self.weeks if w.food_days)

    @property
    def probiotic_days(self) -> int:
        return sum(w.probiotic_days for w in self.weeks)


def gut_report(ctx: svc.Context, weeks: int = 8, *, with_plan: bool = True) -> GutReport:
    """The last ``weeks`` ISO weeks up to today (or the diary's last day, if earlier), with
    averages, trends and courses. Only those weeks (and two months before them, for antibiotic
    courses) are read, so it stays fast on a long diary."""
    if not 1 <= weeks <= 260:
        raise GutbrainError("--weeks must be between 1 and 260")
    cov = svc.coverage(ctx)
    today = ctx.now().date()
    last = min(today, cov.last_day) if cov else today
    first_week = last - timedelta(days=last.weekday()) - timedelta(weeks=weeks - 1)
    entries = svc.list_entries(ctx, since=first_week - LOOKBACK, until=last)
    settings = svc.get_settings(ctx)
    days = [d for d in gut_days(entries, understanding(ctx)) if d.day >= first_week]
    antibiotics = gut.antibiotic_courses(entries)
    shown = gut.weekly_gut(days, settings, antibiotics)
    probiotic = gut.courses(
        [d.day for d in days if d.probiotic],
        {d.day: d.probiotic_strains for d in days if d.probiotic},
    )
    return GutReport(
        first_week=first_week,
        last_day=last,
        settings=settings,
        weeks=shown,
        days=days,
        averages=gut.averages(days, shown),
        fiber_trend=gut.trend("fiber", shown),
        plants_trend=gut.trend("plants", shown),
        antibiotic_courses=[c for c in antibiotics if c.last >= first_week - LOOKBACK],
        probiotic_courses=probiotic,
        plan=plan_check(ctx) if with_plan and settings.elimination_diet else None,
    )


def gut_factor_exposures(ctx: svc.Context) -> list[Exposure]:
    """Gut factors (low fiber day, high UPF share, post-antibiotic weeks, probiotic period)."""
    entries = svc.list_entries(ctx)
    meaning = understanding(ctx)
    return gut.gut_exposures(gut_days(entries, meaning), entries, meaning.settings)


def parse_plan(setting: str) -> tuple[str, date | None]:
    """``"low-tyramine"`` or ``"low-tyramine since 2026-10-01"`` → (plan, start)."""
    match = re.fullmatch(r"\s*([a-z-]+)(?:\s+since\s+(\d{4}-\d{2}-\d{2}))?\s*", setting.lower())
    if not match or match.group(1) not in PLANS:
        raise GutbrainError(
            f"elimination diet {setting!r}: use {' or '.join(PLANS)} "
            "(optionally followed by 'since YYYY-MM-DD')"
        )
    return match.group(1), None if match.group(2) is None else date.fromisoformat(match.group(2))


def plan_check(ctx: svc.Context, plan: str | None = None, since: date | None = None) -> PlanCheck:
    """Check a plan (default: the diary's setting); without a start date the last 4 weeks
    are compared with the 4 before them."""
    settings = svc.get_settings(ctx)
    name, start = parse_plan(plan or settings.elimination_diet)
    started = since or start
    if started is None:
        cov = svc.coverage(ctx)
        if cov is None:
            raise GutbrainError("the diary is empty")
        started = cov.last_day - timedelta(days=27)
    return check_plan(svc.list_entries(ctx), name, started, food_knowledge(ctx), settings)
