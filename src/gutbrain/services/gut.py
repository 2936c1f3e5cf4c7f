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
from gutbrain.foods.elimination import PLANS, PlanCheck, check_plan
from gutbrain.services import diary as svc
from gutbrain.services.foods import food_knowledge

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


@dataclass(frozen=True, slots=True)
class GutReport:
    settings: DiarySettings
    weeks: list[gut.WeekGut]
    days: list[gut.DayGut]
    fiber_trend: gut.Trend
    plants_trend: gut.Trend
    antibiotic_courses: list[gut.Course]
    probiotic_courses: list[gut.Course]
    plan: PlanCheck | None


def gut_report(ctx: svc.Context, weeks: int = 8) -> GutReport:
    """The last ``weeks`` ISO weeks of gut habits with trends and courses."""
    if not 1 <= weeks <= 260:
        raise GutbrainError("--weeks must be between 1 and 260")
    entries = svc.list_entries(ctx)
    settings = svc.get_settings(ctx)
    know = food_knowledge(ctx)
    days = gut.daily_gut(entries, know)
    if not days:
        raise GutbrainError('no meals logged yet: try gutbrain log food "porridge and coffee"')
    antibiotics = gut.antibiotic_courses(entries)
    all_weeks = gut.weekly_gut(days, settings, antibiotics)
    last = all_weeks[-1].week_start
    shown = [w for w in all_weeks if w.week_start > last - timedelta(weeks=weeks)]
    probiotic = gut.courses(
        [d.day for d in days if d.probiotic],
        {d.day: d.probiotic_strains for d in days if d.probiotic},
    )
    return GutReport(
        settings=settings,
        weeks=shown,
        days=[d for d in days if d.day >= shown[0].week_start],
        fiber_trend=gut.trend("fiber", shown),
        plants_trend=gut.trend("plants", shown),
        antibiotic_courses=antibiotics,
        probiotic_courses=probiotic,
        plan=plan_check(ctx) if settings.elimination_diet else None,
    )


def gut_factor_exposures(ctx: svc.Context) -> list[Exposure]:
    """Gut factors (low fiber day, high UPF share, post-antibiotic weeks, probiotic period)."""
    return gut.gut_exposures(svc.list_entries(ctx), svc.get_settings(ctx), food_knowledge(ctx))


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
