"""Diary entries → outcome events and exposures (logged and derived factors).

Derived factors and their thresholds (documented with sources in docs/triggers.md):

* short / long sleep: a night ≥ 1.5 h shorter / longer than the person's median (the person's
  own usual, Turner 2019 "surprisal"; Houle 2012 sleep duration), on the wake-up day;
* high stress: a rating in the upper third of the person's own ratings and ≥ 5/10 (Köhler
  1990); stress let-down: a drop of ≥ 3 points after a high-stress day (Lipton 2014);
* fasting: ≥ 8 h between logged intakes while awake (ICHD-3 10.5);
* caffeine withdrawal: intake below half the usual after ≥ 12 of 14 days of regular use
  (ICHD-3 8.3.1), given per-day caffeine mg from the food knowledge;
* perimenstrual window: days −2..+3 around the first bleeding day (ICHD-3 A1.1.1);
* barometric pressure drop ≥ 5 hPa from the day before.

What an entry *means* (its food names, drink or food, alcohol type, caffeine, whether it breaks
a fast) is decided by ``gutbrain.meaning``, which hands it in as callables.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

import numpy as np

from gutbrain.analysis.attacks import OutcomeEvent
from gutbrain.analysis.exposures import normalise_name
from gutbrain.domain.entries import ACUTE_TAG, GI_SYMPTOMS, GI_TAG, Entry, Kind
from gutbrain.domain.exposure import Exposure
from gutbrain.domain.weather import PRESSURE_DROP_HPA

OUTCOMES = ("attack", "gi")
#: GI outcome day: a GI symptom rated ≥ 4/10 or a Bristol 6–7 stool (loose stool).
GI_MIN_SEVERITY = 4
LOOSE_STOOL = (6.0, 7.0)
SLEEP_DEVIATION_H = 1.5
MIN_NIGHTS, MIN_RATED_DAYS = 14, 14
STRESS_FLOOR, LETDOWN_DROP = 5, 3
FASTING_MIN = 8 * 60
WITHDRAWAL_SHARE, WITHDRAWAL_MIN_USUAL_MG = 0.5, 100.0
REGULAR_WINDOW, REGULAR_DAYS = 14, 12
#: Caffeine withdrawal is judged this long after the person's usual first intake.
WITHDRAWAL_CHECK_AFTER = 3 * 60


def minute_of(entry: Entry) -> int | None:
    """Local minute of the day, None for a date-only entry."""
    if not entry.start_has_time:
        return None
    local = entry.local_start
    return local.hour * 60 + local.minute


def coverage_of(entries: Iterable[Entry]) -> tuple[date, date, frozenset[date]] | None:
    """(first day, last day, missing days) by the CSV contract's coverage rule."""
    first: date | None = None
    last: date | None = None
    missing: set[date] = set()
    for e in entries:
        d = e.day
        end = e.end_day or d
        first = d if first is None or d < first else first
        last = max(end, d) if last is None else max(last, end, d)
        if e.is_missing_day_marker:
            missing.add(d)
    if first is None or last is None:
        return None
    return first, last, frozenset(missing)


def is_gi_symptom(entry: Entry) -> bool:
    return (
        entry.kind is Kind.SYMPTOM
        and not entry.is_stool
        and (GI_TAG in entry.tags or normalise_name(entry.name) in GI_SYMPTOMS)
    )


def outcome_events(entries: Iterable[Entry], outcome: str = "attack") -> list[OutcomeEvent]:
    """Attacks (default) or GI-symptom days as outcome events."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r} (one of: {', '.join(OUTCOMES)})")
    events = []
    for e in entries:
        if outcome == "attack" and e.kind is Kind.ATTACK:
            events.append(OutcomeEvent(e.day, minute_of(e), e.end_day or e.day))
        elif outcome == "gi" and _is_gi_outcome(e):
            events.append(OutcomeEvent(e.day, minute_of(e), e.day))
    return events


def _is_gi_outcome(e: Entry) -> bool:
    if e.is_stool:
        return e.amount in LOOSE_STOOL
    return is_gi_symptom(e) and (e.intensity or 0) >= GI_MIN_SEVERITY


def logged_exposures(
    entries: Iterable[Entry],
    outcome: str = "attack",
    food_names: Callable[[Entry], Sequence[str]] | None = None,
) -> list[Exposure]:
    """Foods, drinks, custom factors, symptoms, supplements, non-acute medication, exercise.

    ``food_names`` gives a food/drink entry's food factors (a meal typed as one row, "salmon,
    rice and broccoli", gives three); by default the normalised text itself.
    Acute medication is left out (it is taken *because* of an attack), and so are the outcome's
    own events.  Courses with an end (antibiotics, supplements) count on every day they run.
    """
    out: list[Exposure] = []
    for e in entries:
        kind = _exposure_kind(e, outcome)
        if kind is None:
            continue
        minute = minute_of(e)
        if kind in ("food", "drink") and food_names is not None:
            out.extend(Exposure(n, kind, e.day, minute, e.amount) for n in food_names(e))
            continue
        name = normalise_name(e.name)
        out.append(Exposure(name, kind, e.day, minute, e.amount))
        if kind in ("medication", "supplement") and e.end_day and e.end_day > e.day:
            for k in range(1, (e.end_day - e.day).days + 1):
                out.append(Exposure(name, kind, e.day + timedelta(days=k), 0, e.amount))
    return out


def _exposure_kind(e: Entry, outcome: str) -> str | None:
    if e.kind in (Kind.FOOD, Kind.DRINK, Kind.SUPPLEMENT, Kind.EXERCISE):
        return e.kind.value
    if e.kind is Kind.FACTOR:
        return "factor" if e.amount is None or e.amount > 0 else None
    if e.kind is Kind.MEDICATION:
        return None if ACUTE_TAG in e.tags else "medication"
    if e.kind is Kind.SYMPTOM and not e.is_stool:
        if is_gi_symptom(e):
            return None if outcome == "gi" else "gut"
        return "symptom"
    return None


def sleep_exposures(entries: Iterable[Entry]) -> list[Exposure]:
    """Short and long sleep relative to the person's median night (wake-up day, wake time)."""
    nights: dict[date, tuple[float, int | None]] = {}
    for e in entries:
        if e.kind is not Kind.SLEEP:
            continue
        if e.end is not None and e.start_has_time and e.end_has_time:
            hours = (e.end - e.start).total_seconds() / 3600
            day = e.end_day or e.day
            local_end = e.local_end
            minute = None if local_end is None else local_end.hour * 60 + local_end.minute
        elif e.amount is not None and (e.unit or "h").lower() in ("h", "hours", "hour"):
            hours, day, minute = e.amount, e.day, None
        else:
            continue
        if day not in nights or hours > nights[day][0]:  # the main sleep, not a nap
            nights[day] = (hours, minute)
    if len(nights) < MIN_NIGHTS:
        return []
    usual = float(np.median([h for h, _ in nights.values()]))
    out = []
    for day, (hours, minute) in sorted(nights.items()):
        if hours <= usual - SLEEP_DEVIATION_H:
            out.append(Exposure("short sleep", "sleep", day, minute, hours))
        elif hours >= usual + SLEEP_DEVIATION_H:
            out.append(Exposure("long sleep", "sleep", day, minute, hours))
    return out


def wake_minutes(entries: Iterable[Entry]) -> dict[date, int]:
    """Each day's wake-up minute from the main (longest) timed sleep ending that day."""
    best: dict[date, tuple[float, int]] = {}
    for e in entries:
        if e.kind is not Kind.SLEEP or e.end is None or not (e.start_has_time and e.end_has_time):
            continue
        local_end = e.local_end
        if local_end is None:
            continue
        hours = (e.end - e.start).total_seconds() / 3600
        day = local_end.date()
        if day not in best or hours > best[day][0]:
            best[day] = (hours, local_end.hour * 60 + local_end.minute)
    return {day: minute for day, (_, minute) in best.items()}


def stress_exposures(entries: Iterable[Entry]) -> list[Exposure]:
    """High stress (upper third of own ratings, ≥ 5) and let-down (drop ≥ 3 after high)."""
    rated: dict[date, tuple[int, int | None]] = {}
    for e in entries:
        if e.kind is Kind.STRESS and e.intensity is not None:
            old = rated.get(e.day)
            if old is None or e.intensity > old[0]:
                rated[e.day] = (e.intensity, minute_of(e))
    if len(rated) < MIN_RATED_DAYS:
        return []
    upper_third = float(np.quantile([v for v, _ in rated.values()], 2 / 3))

    def high(value: int) -> bool:
        return value > upper_third and value >= STRESS_FLOOR

    out = []
    for day, (value, minute) in sorted(rated.items()):
        if high(value):
            out.append(Exposure("high stress", "stress", day, minute, float(value)))
        before = rated.get(day - timedelta(days=1))
        if before is not None and high(before[0]) and before[0] - value >= LETDOWN_DROP:
            out.append(Exposure("stress let-down", "stress", day, minute, float(before[0] - value)))
    return out


def fasting_exposures(
    entries: Iterable[Entry], is_intake: Callable[[Entry], bool]
) -> list[Exposure]:
    """Days with ≥ 8 h between logged intakes while awake (from wake-up to the last intake).

    ``is_intake`` says which entries break a fast (``gutbrain.meaning``: food, and drinks
    other than water, tea, black coffee).  Only days whose intakes all carry a time are judged; the exposure is timed at the moment
    the 8 h were reached.
    """
    intakes: dict[date, list[int | None]] = defaultdict(list)
    wake: dict[date, int] = {}
    for e in entries:
        if is_intake(e):
            intakes[e.day].append(minute_of(e))
        elif e.kind is Kind.SLEEP and e.end is not None and e.end_has_time:
            local_end = e.local_end
            if local_end is not None:
                wake[local_end.date()] = local_end.hour * 60 + local_end.minute
    out = []
    for day, minutes in sorted(intakes.items()):
        if any(m is None for m in minutes):
            continue
        times = sorted(m for m in minutes if m is not None)
        start = min(wake.get(day, times[0]), times[0])
        points = [start, *times]
        gaps = [(b - a, a) for a, b in itertools.pairwise(points)]
        longest, began = max(gaps, default=(0, start))
        if longest >= FASTING_MIN:
            out.append(Exposure("fasting", "diet", day, began + FASTING_MIN, longest / 60))
    return out


def caffeine_withdrawal_exposures(
    intakes: Iterable[tuple[date, int | None, float]], covered: Iterable[date]
) -> list[Exposure]:
    """Days with caffeine < half the usual after ≥ 12 of the previous 14 days with caffeine.

    ``intakes`` are (day, local minute or None, mg).  ICHD-3 8.3.1 puts the withdrawal headache
    within 24 h of the last intake, so the same day matters — but a day's *total* is shaped by
    that day's attack (nausea, lying down).  When intakes carry times, the day is judged by its
    morning only: caffeine taken before the check time M (the person's median first intake
    + 3 h, 08:00–14:00) against the usual by M; the exposure is timed at M, so the lag-0
    landmark counts only onsets after what decided it.  Date-only diaries fall back to daily
    totals (lags 1–2 only: no time, no same-day row).
    """
    daily: dict[date, float] = defaultdict(float)
    firsts: dict[date, int] = {}
    timed = untimed = 0
    for day, minute, mg in intakes:
        daily[day] += mg
        if minute is None:
            untimed += 1
        else:
            timed += 1
            firsts[day] = min(firsts.get(day, minute), minute)
    check: int | None = None
    if firsts and timed >= 4 * untimed:
        median_first = float(np.median(list(firsts.values())))
        check = int(min(max(median_first + WITHDRAWAL_CHECK_AFTER, 8 * 60), 14 * 60))
    by_check: dict[date, float] = defaultdict(float)
    if check is not None:
        for day, minute, mg in intakes:
            if minute is not None and minute < check:
                by_check[day] += mg
    judged = by_check if check is not None else daily
    out = []
    for day in sorted(covered):
        prior_days = [day - timedelta(days=k) for k in range(1, REGULAR_WINDOW + 1)]
        if sum(1 for d in prior_days if daily.get(d, 0.0) > 0) < REGULAR_DAYS:
            continue
        if float(np.median([daily.get(d, 0.0) for d in prior_days])) < WITHDRAWAL_MIN_USUAL_MG:
            continue
        usual = float(np.median([judged.get(d, 0.0) for d in prior_days]))
        today = judged.get(day, 0.0)
        if usual > 0 and today < WITHDRAWAL_SHARE * usual:
            out.append(Exposure("caffeine withdrawal", "diet", day, check, today))
    return out


def perimenstrual_days(entries: Iterable[Entry]) -> set[date]:
    """Days −2..+3 around each first bleeding day (day 1; there is no day 0)."""
    bleeding: set[date] = set()
    for e in entries:
        if e.kind is Kind.MENSTRUATION:
            end = e.end_day or e.day
            bleeding.update(e.day + timedelta(days=k) for k in range((end - e.day).days + 1))
    window: set[date] = set()
    for d in bleeding:
        if d - timedelta(days=1) not in bleeding:
            window.update(d + timedelta(days=k) for k in range(-2, 3))
    return window


def cycle_exposures(entries: Iterable[Entry]) -> list[Exposure]:
    """The perimenstrual window as a factor present from the start of each of its days."""
    return [
        Exposure("perimenstrual window", "cycle", d, 0) for d in sorted(perimenstrual_days(entries))
    ]


def weather_exposures(entries: Iterable[Entry]) -> list[Exposure]:
    """A fall in barometric pressure of ≥ 5 hPa from the day before."""
    pressure: dict[date, list[float]] = defaultdict(list)
    for e in entries:
        if e.kind is Kind.WEATHER and "pressure" in e.name.lower() and e.amount is not None:
            pressure[e.day].append(e.amount)
    out = []
    for day, values in sorted(pressure.items()):
        before = pressure.get(day - timedelta(days=1))
        if before and np.mean(before) - np.mean(values) >= PRESSURE_DROP_HPA:
            out.append(Exposure("pressure drop", "weather", day, None, float(np.mean(values))))
    return out


def derived_exposures(entries: Sequence[Entry]) -> list[Exposure]:
    """Every derived factor that needs nothing but the entries themselves."""
    return [
        *sleep_exposures(entries),
        *stress_exposures(entries),
        *cycle_exposures(entries),
        *weather_exposures(entries),
    ]
