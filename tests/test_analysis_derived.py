"""Derived factors and outcome events from diary entries (analysis/derived.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from gutbrain.analysis import derived
from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.rules import make_entry

TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
DIARY = uuid.UUID("00000000-0000-4000-8000-000000000001")
D0 = date(2026, 3, 2)


def at(day: int, hour: float) -> datetime:
    d = D0 + timedelta(days=day)
    return datetime(d.year, d.month, d.day, tzinfo=ZONE) + timedelta(hours=hour)


def entry(kind: Kind, name: str, day: int, hour: float | None = 12, **kw: object) -> Entry:
    return make_entry(diary_id=DIARY, kind=kind, name=name, start=at(day, hour or 0), tz=TZ,
                      start_has_time=hour is not None, **kw)  # type: ignore[arg-type]  # fmt: skip


def names(exposures: list[object]) -> list[tuple[str, date]]:
    return [(e.factor, e.day) for e in exposures]  # type: ignore[attr-defined]


def test_sleep_relative_to_own_median_on_the_wake_up_day() -> None:
    nights = [entry(Kind.SLEEP, "sleep", d, -0.5, end=at(d, 7)) for d in range(20)]  # 7.5 h
    nights.append(entry(Kind.SLEEP, "sleep", 20, 1.5, end=at(20, 7)))  # 5.5 h
    nights.append(entry(Kind.SLEEP, "sleep", 21, -2.5, end=at(21, 7)))  # 9.5 h
    out = derived.sleep_exposures(nights)
    assert names(out) == [("short sleep", D0 + timedelta(20)), ("long sleep", D0 + timedelta(21))]
    assert out[0].minute == 7 * 60


def test_high_stress_and_let_down() -> None:
    ratings = [3, 2, 3, 4, 3, 2, 3, 3, 4, 2, 3, 8, 4, 3, 2, 3]
    out = derived.stress_exposures(
        [entry(Kind.STRESS, "stress", d, None, intensity=v) for d, v in enumerate(ratings)]
    )
    assert names(out) == [
        ("high stress", D0 + timedelta(11)),
        ("stress let-down", D0 + timedelta(12)),
    ]


def test_fasting_needs_eight_hours_between_intakes_while_awake() -> None:
    es = [
        entry(Kind.SLEEP, "sleep", 0, -1, end=at(0, 7)),
        entry(Kind.FOOD, "toast", 0, 7.5),
        entry(Kind.DRINK, "water", 0, 12),  # water does not break a fast
        entry(Kind.FOOD, "pasta", 0, 16),
        entry(Kind.FOOD, "toast", 1, 7.5),
        entry(Kind.FOOD, "salad", 1, 12.5),
        entry(Kind.FOOD, "soup", 1, 19),
    ]
    out = derived.fasting_exposures(es, lambda e: e.kind is Kind.FOOD or e.name != "water")
    assert names(out) == [("fasting", D0)]
    assert out[0].minute == int(7.5 * 60) + 8 * 60


def test_caffeine_withdrawal_after_two_weeks_of_regular_use() -> None:
    daily = [(D0 + timedelta(d), None, 200.0) for d in range(14)]
    daily.append((D0 + timedelta(14), None, 50.0))
    covered = [D0 + timedelta(d) for d in range(16)]
    out = derived.caffeine_withdrawal_exposures(daily, covered)
    assert names(out) == [
        ("caffeine withdrawal", D0 + timedelta(14)),
        ("caffeine withdrawal", D0 + timedelta(15)),
    ]
    assert all(e.minute is None for e in out)  # date-only: no same-day row
    assert derived.caffeine_withdrawal_exposures(daily, covered[:14]) == []


def test_caffeine_withdrawal_is_judged_by_the_morning_when_intakes_are_timed() -> None:
    # coffee at 07:30 and 14:00 every day; on day 14 the morning cup is missed, on day 15 only
    # the afternoon one is (an attack in the afternoon must not make the day "withdrawal")
    intakes = [(D0 + timedelta(d), m, 100.0) for d in range(16) for m in (450, 840)]
    intakes = [x for x in intakes if not (x[0] == D0 + timedelta(14) and x[1] == 450)]
    intakes = [x for x in intakes if not (x[0] == D0 + timedelta(15) and x[1] == 840)]
    covered = [D0 + timedelta(d) for d in range(16)]
    out = derived.caffeine_withdrawal_exposures(intakes, covered)
    assert names(out) == [("caffeine withdrawal", D0 + timedelta(14))]
    assert out[0].minute == 450 + 180  # judged at the usual first cup + 3 h


def test_perimenstrual_window_is_day_minus_2_to_plus_3() -> None:
    period = entry(Kind.MENSTRUATION, "period", 10, None, end=at(14, 0), end_has_time=False)
    window = derived.perimenstrual_days([period])
    assert window == {D0 + timedelta(d) for d in range(8, 13)}


def test_logged_exposures_skip_acute_medication_and_spread_courses() -> None:
    es = [
        entry(Kind.MEDICATION, "sumatriptan", 0, 9, tags=["acute"]),
        entry(Kind.MEDICATION, "amoxicillin", 1, 9, end=at(3, 21), tags=["antibiotic"]),
        entry(Kind.FACTOR, "Bright  Light", 2, 13),
        entry(Kind.SYMPTOM, "bloating", 2, 20, intensity=6, tags=["gi"]),
    ]
    got = {(e.factor, (e.day - D0).days, e.kind) for e in derived.logged_exposures(es)}
    assert ("sumatriptan", 0, "medication") not in got
    assert {("amoxicillin", d, "medication") for d in (1, 2, 3)} <= got
    assert ("bright light", 2, "factor") in got and ("bloating", 2, "gut") in got
    assert all(e.factor != "bloating" for e in derived.logged_exposures(es, outcome="gi"))


def test_outcome_events_for_attacks_and_gi_days() -> None:
    es = [
        entry(Kind.ATTACK, "migraine", 0, 14, end=at(1, 3)),
        entry(Kind.SYMPTOM, "bloating", 2, 20, intensity=3, tags=["gi"]),
        entry(Kind.SYMPTOM, "bloating", 3, 20, intensity=6, tags=["gi"]),
        entry(Kind.SYMPTOM, "stool", 4, 8, amount=7, unit="bristol"),
    ]
    (attack,) = derived.outcome_events(es)
    assert (attack.start_minute, (attack.end_day - D0).days) == (14 * 60, 1)
    gi = [(e.start_day - D0).days for e in derived.outcome_events(es, "gi")]
    assert gi == [3, 4]


def test_coverage_from_entries_and_missing_days() -> None:
    es = [entry(Kind.FOOD, "toast", 0), entry(Kind.NOTE, "no entry", 2, None),
          entry(Kind.ATTACK, "migraine", 4, 20, end=at(5, 2))]  # fmt: skip
    assert derived.coverage_of(es) == (D0, D0 + timedelta(5), frozenset({D0 + timedelta(2)}))
