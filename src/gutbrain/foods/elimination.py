"""Elimination diets (low-tyramine, low-histamine): what they exclude, and what they cost.

A plan excludes every everyday food tagged with its component (so its exclusions are exactly as
sourced as the tags).  While a plan runs, the check lists logged items that break it and warns
when plant diversity or fiber falls compared with the weeks before it began: restrictive diets
narrow what people eat, and eating >30 plant types a week went with higher gut-microbiome
diversity (McDonald 2018 mSystems); fiber target per Reynolds 2019 Lancet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from gutbrain.domain.entries import DiarySettings, Entry, Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.foods.gut import WeekGut, daily_gut, described, weekly_gut
from gutbrain.foods.lookup import FoodKnowledge

PLANS: dict[str, str] = {"low-tyramine": "tyramine", "low-histamine": "histamine"}
#: A fall of this share or more against the weeks before the plan triggers a warning.
DROP_SHARE = 0.2
#: Weeks compared before and during the plan.
COMPARE_WEEKS = 4


@dataclass(frozen=True, slots=True)
class Breach:
    day: date
    text: str
    food: str
    via: str


@dataclass(frozen=True, slots=True)
class PlanCheck:
    """How a plan is going: breaches, and before/during means with their week counts."""

    plan: str
    started: date
    breaches: tuple[Breach, ...]
    plants_before: float | None
    plants_during: float | None
    fiber_before: float | None
    fiber_during: float | None
    weeks_before: int
    weeks_during: int
    warnings: tuple[str, ...]


def component_of(plan: str) -> str:
    try:
        return PLANS[plan]
    except KeyError:
        known = ", ".join(PLANS)
        raise GutbrainError(f"unknown elimination plan {plan!r}: use one of {known}") from None


def plan_excludes(plan: str, know: FoodKnowledge) -> dict[str, tuple[str, ...]]:
    """Everyday foods the plan leaves out, with the reasons (tag sources) for each."""
    component = component_of(plan)
    out: dict[str, tuple[str, ...]] = {}
    for name in sorted(know.tables.curated):
        tags = [t for t in know.describe(name).tags if t.component == component]
        if tags:
            out[name] = tuple(dict.fromkeys(f"{t.via}: {t.source}" for t in tags))
    return out


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def check_plan(
    entries: Sequence[Entry],
    plan: str,
    started: date,
    know: FoodKnowledge,
    settings: DiarySettings,
) -> PlanCheck:
    """Breaches since ``started`` and the plant/fiber comparison with the weeks before."""
    component = component_of(plan)
    breaches = tuple(
        Breach(e.day, e.name, a.food, ", ".join(t.via for t in a.tags if t.component == component))
        for e in entries
        if e.kind in (Kind.FOOD, Kind.DRINK) and e.day >= started
        for a in [know.describe(e)]
        if component in a.components
    )
    weeks = weekly_gut(daily_gut(entries, described(know)), settings)
    monday = started - timedelta(days=started.weekday())
    before = [w for w in weeks if w.week_start < monday and w.food_days >= 4][-COMPARE_WEEKS:]
    during = [w for w in weeks if w.week_start >= monday and w.food_days >= 4][-COMPARE_WEEKS:]
    check = PlanCheck(
        plan=plan,
        started=started,
        breaches=breaches,
        plants_before=_mean([w.plant_points for w in before]),
        plants_during=_mean([w.plant_points for w in during]),
        fiber_before=_mean([w.fiber_mean_g for w in before if w.fiber_mean_g is not None]),
        fiber_during=_mean([w.fiber_mean_g for w in during if w.fiber_mean_g is not None]),
        weeks_before=len(before),
        weeks_during=len(during),
        warnings=(),
    )
    return _with_warnings(check, during, settings)


def _with_warnings(check: PlanCheck, during: list[WeekGut], settings: DiarySettings) -> PlanCheck:
    warnings: list[str] = []
    pairs = (
        ("plant diversity", check.plants_before, check.plants_during, "plants/week"),
        ("fiber", check.fiber_before, check.fiber_during, "g/day"),
    )
    for label, before, now, unit in pairs:
        if before and now is not None and now <= before * (1 - DROP_SHARE):
            warnings.append(
                f"{label} fell from {before:.1f} to {now:.1f} {unit} since the plan began "
                f"({check.weeks_before} vs {check.weeks_during} weeks): restrictive diets can "
                "narrow what feeds your gut bacteria"
            )
    if during and check.plants_during is not None and check.plants_during < settings.plants_target:
        warnings.append(
            f"{check.plants_during:.1f} plants/week during the plan, below the "
            f"{settings.plants_target} that went with higher microbiome diversity (McDonald 2018)"
        )
    if during and check.fiber_during is not None and check.fiber_during < settings.fiber_target_g:
        warnings.append(
            f"fiber {check.fiber_during:.1f} g/day during the plan, below your "
            f"{settings.fiber_target_g:g} g target (Reynolds 2019)"
        )
    return replace(check, warnings=tuple(warnings))
