"""ICHD-3 rules, written from the criteria text (statistics.md §4), with their boundaries."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from gutbrain.analysis.clinical.criteria import chronic_check, overuse_check
from gutbrain.analysis.clinical.endpoints import (
    Period,
    attack_days,
    build_episodes,
    classify_days,
    frequency,
    is_migraine_attack,
    mmd_windows,
)
from gutbrain.analysis.clinical.periods import (
    menstrual_pattern,
    preventive_courses,
    probiotic_courses,
    rate_ratio,
)
from gutbrain.domain.entries import Entry
from gutbrain.domain.rules import make_entry

DIARY = uuid.UUID(int=1)
TZ = "Europe/Berlin"
YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


def entry(kind: str, name: str, day: date, hour: int = 9, **kw: Any) -> Entry:
    start = datetime(day.year, day.month, day.day, hour)
    if "hours" in kw:
        kw["end"] = start + timedelta(hours=kw.pop("hours"))
    return make_entry(diary_id=DIARY, kind=kind, name=name, start=start, tz=TZ, **kw)


def migraine(day: date, hours: float = 6, **kw: Any) -> Entry:
    return entry("attack", "migraine", day, hours=hours, intensity=kw.pop("intensity", 6), **kw)


def med(day: date, name: str, **kw: Any) -> Entry:
    return entry("medication", name, day, hour=10, tags=kw.pop("tags", ("acute",)), **kw)


def days_in_month(year: int, month: int, n: int, offset: int = 0) -> list[date]:
    return [date(year, month, 1 + offset + i) for i in range(n)]


def months(n: int, per_month: int, first_month: int = 1, offset: int = 0) -> list[date]:
    return [
        d
        for m in range(first_month, first_month + n)
        for d in days_in_month(2025, m, per_month, offset)
    ]


# -- days and attacks -----------------------------------------------------------------------


def test_attack_shorter_than_30_minutes_makes_no_headache_day() -> None:
    d = date(2025, 3, 3)
    days = classify_days([migraine(d, hours=0.4)], YEAR)
    assert d not in days.headache
    assert not days.episodes
    days = classify_days([migraine(d, hours=0.5)], YEAR)
    assert d in days.headache
    assert d in days.migraine


def test_attack_over_midnight_touches_both_days_but_not_a_day_it_ends_at_midnight_of() -> None:
    e = entry("attack", "migraine", date(2025, 3, 3), hour=20, hours=10)
    assert attack_days(e) == (date(2025, 3, 3), date(2025, 3, 4))
    ends_midnight = entry("attack", "migraine", date(2025, 3, 3), hour=20, hours=4)
    assert attack_days(ends_midnight) == (date(2025, 3, 3),)


def test_migraine_vs_headache_attack() -> None:
    plain = entry("attack", "headache", date(2025, 3, 3), hours=3, intensity=3)
    assert not is_migraine_attack(plain)
    # ICHD-3 1.1 C (≥ 2 of 4) and D (nausea, or photophobia and phonophobia)
    featured = plain.evolve(intensity=6, tags=("pulsating", "nausea"))
    assert is_migraine_attack(featured)
    only_photo = plain.evolve(intensity=6, tags=("pulsating", "photophobia"))
    assert not is_migraine_attack(only_photo)
    assert is_migraine_attack(only_photo.evolve(tags=("pulsating", "photophobia", "phonophobia")))
    assert is_migraine_attack(plain.evolve(tags=("aura",)))


def test_triptan_day_is_a_migraine_day_and_nsaid_day_only_a_headache_day() -> None:
    t, n = date(2025, 3, 3), date(2025, 3, 10)
    days = classify_days([med(t, "sumatriptan 50 mg"), med(n, "ibuprofen")], YEAR)
    assert t in days.migraine
    assert t in days.headache
    assert n in days.headache
    assert n not in days.migraine
    assert days.acute == {"nsaid": frozenset({n}), "triptan": frozenset({t})}


def test_preventive_and_antiemetic_are_not_acute_headache_days() -> None:
    d = date(2025, 3, 3)
    days = classify_days(
        [med(d, "topiramate", tags=("preventive",)), med(d, "metoclopramide")], YEAR
    )
    assert d not in days.headache
    assert set(days.acute) == {"antiemetic"}


def test_explicit_drug_class_wins_over_the_name_table() -> None:
    d = date(2025, 3, 3)
    days = classify_days([med(d, "my pill", details={"drug_class": "triptan"})], YEAR)
    assert days.acute == {"triptan": frozenset({d})}


def test_attacks_on_consecutive_days_or_one_free_day_apart_are_one_attack() -> None:
    a = entry("attack", "migraine", date(2025, 3, 3), hour=8, hours=4)
    b = entry("attack", "migraine", date(2025, 3, 4), hour=11, hours=4)  # next day
    c = entry("attack", "migraine", date(2025, 3, 6), hour=15, hours=4)  # one free day between
    d = entry("attack", "migraine", date(2025, 3, 9), hour=15, hours=4)  # two free days between
    episodes = build_episodes([d, c, a, b])
    assert [e.day for e in episodes] == [date(2025, 3, 3), date(2025, 3, 9)]
    assert episodes[0].days == (date(2025, 3, 3), date(2025, 3, 4), date(2025, 3, 6))
    assert episodes[0].duration == timedelta(hours=12)  # time in pain, not the free day


def test_missing_days_leave_numerator_and_denominator() -> None:
    period = Period(date(2025, 3, 1), date(2025, 3, 28))
    missing = [date(2025, 3, d) for d in range(15, 29)]  # half the days missing
    entries = [migraine(date(2025, 3, 2)), migraine(date(2025, 3, 20))]  # 2nd on a missing day
    f = frequency(classify_days(entries, period, missing), period)
    assert f.documented_days == 14
    assert f.completeness == 0.5
    assert f.migraine_days == 1
    assert f.attacks == 1
    assert f.mmd == pytest.approx(2.0)  # 1 day per 14 documented = 2 per 28


def test_frequency_features() -> None:
    period = Period(date(2025, 3, 1), date(2025, 3, 28))
    entries = [
        migraine(date(2025, 3, 2), hours=4, intensity=4, tags=("aura",)),
        migraine(date(2025, 3, 10), hours=8, intensity=8),
    ]
    f = frequency(classify_days(entries, period), period)
    assert (f.attacks, f.migraine_attacks, f.mmd) == (2, 2, 2.0)
    assert f.mean_intensity == 6
    assert f.mean_duration_h == 6
    assert f.aura_share == 0.5


def test_mmd_windows_count_back_from_the_end_and_need_half_documented() -> None:
    period = Period(date(2025, 1, 1), date(2025, 3, 10))  # 69 days: 28 + 28 + a leftover 13
    missing = [date(2025, 1, 14) + timedelta(days=i) for i in range(15)]
    days = classify_days([migraine(date(2025, 3, 1))], period, missing)
    first, second = mmd_windows(days, period)  # the 13-day leftover is dropped
    assert (first.first, first.last) == (date(2025, 1, 14), date(2025, 2, 10))
    assert first.documented_days == 13
    assert first.mmd is None  # under half of the window documented
    assert (second.first, second.last) == (date(2025, 2, 11), date(2025, 3, 10))
    assert second.mmd == 1.0


# -- ICHD-3 8.2 medication overuse ----------------------------------------------------------


def _overuse(entries: list[Entry], period: Period = YEAR) -> dict[str, bool]:
    check = overuse_check(classify_days(entries, period), period)
    return {r.rule.key: r.met for r in check.rules}


def test_triptan_on_10_days_for_exactly_3_months_is_not_overuse() -> None:
    result = _overuse([med(d, "sumatriptan") for d in months(3, 10)])
    assert not result["triptan"]


def test_triptan_on_10_days_for_4_months_is_overuse() -> None:
    result = _overuse([med(d, "sumatriptan") for d in months(4, 10)])
    assert result["triptan"]
    assert not result["multiple"]


def test_triptan_on_9_days_for_4_months_is_not_overuse() -> None:
    assert not _overuse([med(d, "rizatriptan") for d in months(4, 9)])["triptan"]


def test_overuse_months_must_be_consecutive() -> None:
    days = months(2, 10, first_month=1) + months(2, 10, first_month=4)
    check = overuse_check(classify_days([med(d, "sumatriptan") for d in days], YEAR), YEAR)
    triptan = next(r for r in check.rules if r.rule.key == "triptan")
    assert triptan.months_at_threshold == 4
    assert triptan.longest_run == 2
    assert not triptan.met


def test_two_triptan_doses_on_one_day_count_once() -> None:
    entries = [med(d, "sumatriptan") for d in months(4, 9)]
    entries += [med(d, "sumatriptan").evolve(id=uuid.uuid4()) for d in months(4, 9)]
    assert not _overuse(entries)["triptan"]


def test_simple_analgesics_threshold_is_15_days_and_pools_nsaid_and_paracetamol() -> None:
    assert not _overuse([med(d, "ibuprofen") for d in months(4, 14)])["simple"]
    assert _overuse([med(d, "ibuprofen") for d in months(4, 15)])["simple"]
    pooled = [med(d, "ibuprofen") for d in months(4, 8)]
    pooled += [med(d, "paracetamol") for d in months(4, 7, offset=8)]
    assert _overuse(pooled)["simple"]


def test_opioid_ergot_and_combination_thresholds_are_10_days() -> None:
    for name, key in (("codeine", "opioid"), ("ergotamine", "ergot"), ("excedrin", "combination")):
        assert _overuse([med(d, name) for d in months(4, 10)])[key], name
        assert not _overuse([med(d, name) for d in months(4, 9)])[key], name


def test_several_classes_together_on_10_days_is_8_2_6() -> None:
    entries = [med(d, "sumatriptan") for d in months(4, 5)]
    entries += [med(d, "ibuprofen") for d in months(4, 5, offset=5)]
    result = _overuse(entries)
    assert result["multiple"]
    assert not result["triptan"]
    assert not result["simple"]
    # one class alone below its own threshold is not "several classes"
    assert not _overuse([med(d, "ibuprofen") for d in months(4, 12)])["multiple"]


def test_headache_15_days_criterion_is_reported() -> None:
    entries = [migraine(d) for d in months(2, 15)]
    check = overuse_check(classify_days(entries, YEAR), YEAR)
    assert check.headache_15_months == 2


# -- ICHD-3 1.3 chronic migraine ------------------------------------------------------------


def _chronic(n_months: int, headache: int, migraine_days: int) -> bool:
    entries = [migraine(d) for d in months(n_months, migraine_days)]
    tension = months(n_months, headache - migraine_days, offset=migraine_days)
    entries += [entry("attack", "headache", d, hours=3, intensity=3) for d in tension]
    return chronic_check(classify_days(entries, YEAR), YEAR).met


def test_chronic_migraine_needs_more_than_3_months() -> None:
    assert not _chronic(3, 15, 8)
    assert _chronic(4, 15, 8)


def test_chronic_migraine_needs_15_headache_days_and_8_migraine_days() -> None:
    assert not _chronic(4, 14, 8)
    assert not _chronic(4, 15, 7)
    assert _chronic(4, 20, 8)


# -- menstrual migraine (A1.1.1 / A1.1.2) ---------------------------------------------------


def _period(day1: date) -> Entry:
    return entry(
        "menstruation",
        "period",
        day1,
        end=datetime.combine(day1 + timedelta(days=4), datetime.min.time()),
        end_has_time=False,
    )


CYCLES = [date(2025, 1, 10), date(2025, 2, 7), date(2025, 3, 7)]


def _pattern(entries: list[Entry], period: Period = YEAR) -> str:
    all_entries = [_period(d) for d in CYCLES] + entries
    return menstrual_pattern(all_entries, classify_days(all_entries, period), period).verdict


def test_attacks_in_2_of_3_cycles_only_is_pure_menstrual_migraine() -> None:
    attacks = [migraine(CYCLES[0] - timedelta(days=2)), migraine(CYCLES[1] + timedelta(days=2))]
    assert _pattern(attacks) == "pure"  # day −2 and day +3 are inside the window


def test_attacks_in_2_of_3_cycles_and_at_other_times_is_menstrually_related() -> None:
    attacks = [migraine(CYCLES[0]), migraine(CYCLES[1]), migraine(date(2025, 1, 25))]
    assert _pattern(attacks) == "menstrually_related"


def test_attack_on_day_minus_3_or_plus_4_is_outside_the_window() -> None:
    attacks = [migraine(CYCLES[0] - timedelta(days=3)), migraine(CYCLES[1] + timedelta(days=3))]
    assert _pattern(attacks) == "not_menstrual"


def test_1_of_3_cycles_is_not_menstrual_migraine() -> None:
    assert _pattern([migraine(CYCLES[0])]) == "not_menstrual"


def test_two_cycles_are_not_enough() -> None:
    period = Period(date(2025, 1, 1), date(2025, 2, 28))
    assert _pattern([migraine(CYCLES[0]), migraine(CYCLES[1])], period) == "not_enough_cycles"


def test_a_cycle_with_a_missing_window_day_is_not_documented() -> None:
    entries = [_period(d) for d in CYCLES] + [migraine(CYCLES[0]), migraine(CYCLES[1])]
    days = classify_days(entries, YEAR, missing=[CYCLES[2] + timedelta(days=1)])
    pattern = menstrual_pattern(entries, days, YEAR)
    assert len(pattern.documented) == 2
    assert pattern.verdict == "not_enough_cycles"


def test_no_periods_logged() -> None:
    days = classify_days([migraine(date(2025, 1, 1))], YEAR)
    assert menstrual_pattern([], days, YEAR).verdict == "no_periods"


# -- treatment courses ----------------------------------------------------------------------


def test_rate_ratio_point_estimate_and_exact_ci() -> None:
    rr = rate_ratio(10, 90, 20, 90)
    assert rr is not None
    assert rr.ratio == pytest.approx(0.5)
    assert rr.ci_low < 0.5 < (rr.ci_high or 0)
    assert rr.ci_low == pytest.approx(0.21, abs=0.02)
    assert rr.ci_high == pytest.approx(1.1, abs=0.05)
    swapped = rate_ratio(20, 90, 10, 90)
    assert swapped is not None
    assert swapped.ci_high is not None
    assert swapped.ci_low == pytest.approx(1 / rr.ci_high)
    assert swapped.p == pytest.approx(rr.p)


def test_rate_ratio_with_zero_counts() -> None:
    none_during = rate_ratio(0, 60, 8, 60)
    assert none_during is not None
    assert none_during.ratio == 0
    assert none_during.ci_low == 0
    none_before = rate_ratio(5, 60, 0, 60)
    assert none_before is not None
    assert none_before.ratio is None
    assert none_before.ci_high is None
    assert rate_ratio(0, 60, 0, 60) is None


def test_probiotic_course_compares_attacks_before_and_during() -> None:
    start = date(2025, 5, 1)
    probiotic = [
        entry("supplement", "L. rhamnosus GG", start + timedelta(days=i), tags=("probiotic",))
        for i in range(60)
    ]
    before = [migraine(start - timedelta(days=6 * i + 3)) for i in range(8)]
    during = [migraine(start + timedelta(days=20 * i + 5)) for i in range(3)]
    entries = probiotic + before + during
    (course,) = probiotic_courses(entries, classify_days(entries, YEAR), YEAR)
    assert (course.first, course.last, course.intake_days) == (start, date(2025, 6, 29), 60)
    assert course.before.attacks == 8
    assert course.during.attacks == 3
    assert course.comparable
    assert course.comparison is not None
    assert course.comparison.ratio == pytest.approx(3 / 8)


def test_monthly_preventive_injections_are_one_course() -> None:
    shots = [date(2025, 2, 1), date(2025, 3, 3), date(2025, 4, 2)]
    entries = [med(d, "erenumab 70 mg", tags=("preventive",)) for d in shots]
    entries.append(med(date(2025, 9, 1), "erenumab 140 mg", tags=("preventive",)))
    found = preventive_courses(entries, classify_days(entries, YEAR), YEAR)
    assert [(c.name, c.first, c.last) for c in found] == [
        ("erenumab", date(2025, 2, 1), date(2025, 4, 2)),
        ("erenumab", date(2025, 9, 1), date(2025, 9, 1)),
    ]
    assert not found[1].comparable


def test_a_preventive_logged_once_is_ongoing_to_the_end_of_the_diary() -> None:
    start = date(2025, 6, 1)
    entries = [med(start, "propranolol 40 mg", tags=("preventive",))]
    entries += [migraine(date(2025, 3, 5) + timedelta(days=7 * i)) for i in range(12)]
    entries += [migraine(start + timedelta(days=30 * i + 3)) for i in range(7)]
    (course,) = preventive_courses(entries, classify_days(entries, YEAR), YEAR)
    assert (course.first, course.last) == (start, YEAR.last)
    assert course.before.first == start - timedelta(days=90)
    assert course.before.attacks == 12
    assert course.during.attacks == 7
