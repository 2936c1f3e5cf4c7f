"""A diary's entries → every exposure the trigger engine tests, and the day-level factors.

Foods as named, food components, alcohol by drink type, caffeine withdrawal, fasting, the gut
factors from the person's own targets, and the entry-only factors of ``analysis.derived``
(sleep, stress, cycle, logged weather), and the fetched weather days (a pressure drop).  Every
path that needs exposures (triggers, report, explain, experiments, cohort) calls
``diary_exposures`` with an ``Understanding``, so none can leave out the settings, the food
knowledge or the weather.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from gutbrain.analysis import derived
from gutbrain.analysis.weather import weather_day_exposures
from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.exposure import Exposure
from gutbrain.foods import gut
from gutbrain.meaning.entries import FOOD_KINDS, Understanding


def food_exposures(entries: Iterable[Entry], understanding: Understanding) -> list[Exposure]:
    """Components and alcohol (by drink type and as "alcohol") of every food/drink entry."""
    out: list[Exposure] = []
    for e, meaning in understanding.meanings(entries):
        minute = derived.minute_of(e)
        out.extend(Exposure(c, "component", e.day, minute) for c in meaning.components)
        amount = e.amount if e.kind is Kind.DRINK else None
        for label in meaning.drinks:
            out.append(Exposure(label, "drink", e.day, minute, amount))
            out.append(Exposure("alcohol", "component", e.day, minute, amount))
    return out


def caffeine_intakes(
    entries: Iterable[Entry], understanding: Understanding
) -> list[tuple[date, int | None, float]]:
    """(day, local minute or None, mg) of every caffeinated entry."""
    return [
        (e.day, derived.minute_of(e), m.caffeine_mg)
        for e, m in understanding.meanings(entries)
        if m.caffeine_mg
    ]


def gut_days(entries: Iterable[Entry], understanding: Understanding) -> list[gut.DayGut]:
    """Each day's gut habits from the entries' meanings ([] without food knowledge)."""
    if understanding.knowledge is None:
        return []
    return gut.daily_gut(entries, lambda e: understanding.of(e).gut or ())


def diary_exposures(
    entries: Sequence[Entry],
    understanding: Understanding,
    *,
    outcome: str,
    covered: Iterable[date],
) -> list[Exposure]:
    """Every exposure of the diary, for the trigger engine's matrix."""
    meaning = understanding.of
    exposures = [
        *derived.logged_exposures(entries, outcome, lambda e: meaning(e).foods),
        *food_exposures(entries, understanding),
        *derived.derived_exposures(entries),
        *derived.fasting_exposures(
            entries, lambda e: e.kind in FOOD_KINDS and meaning(e).breaks_fast
        ),
        *derived.caffeine_withdrawal_exposures(caffeine_intakes(entries, understanding), covered),
        *weather_day_exposures(understanding.weather),
    ]
    if understanding.knowledge is not None:
        # Day-level diet shares leave out craving foods for the same reason as components.
        plain = [e for e in entries if e.kind not in FOOD_KINDS or not meaning(e).premonitory]
        exposures += gut.gut_exposures(
            gut_days(plain, understanding), plain, understanding.settings
        )
    return exposures
