"""Periods that matter to a clinician: menstrual cycles, preventive and probiotic courses.

* Menstrual migraine (ICHD-3 appendix A1.1.1 / A1.1.2, statistics.md §4.1): migraine attacks
  starting on day 1 ± 2 of menstruation (days −2 to +3; day 1 = first day of bleeding, there is
  no day 0) in at least 2 of 3 cycles, documented over at least 3 cycles. *Pure* when no attack
  starts at other times, *menstrually related* otherwise.  With more than three cycles we ask for
  the same share (≥ 2/3 of the documented cycles).
* Treatment periods: attack frequency during a course vs the same length (at most 90 days)
  before it, as a rate ratio of attack onsets per documented day with an exact conditional
  (binomial, Clopper–Pearson) 95 % CI, which stays valid with zero counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.analysis.clinical.endpoints import (
    DiaryDays,
    Period,
    Stretch,
    medication_class,
    stretch,
)
from gutbrain.domain.drugs import drug_name_key
from gutbrain.domain.entries import PREVENTIVE_TAG, PROBIOTIC_TAG, Entry, Kind

WINDOW_BEFORE = 2  # day −2 (two days before day 1)
WINDOW_AFTER = 2  # day +3 is two calendar days after day 1 (no day 0)
MIN_CYCLES = 3  # "documented prospectively over ≥ 3 consecutive cycles"
NEW_PERIOD_GAP = 3  # bleeding days further apart than this start a new period
MIN_COMPARE_DAYS = 28  # at least one 28-day window documented on each side of a comparison
MAX_BASELINE_DAYS = 90  # the baseline before a course: its own length, at most 90 days


@dataclass(frozen=True, slots=True)
class Cycle:
    """One menstrual period and whether a migraine attack started in its window."""

    day1: date
    window: Period
    documented: bool
    attack: bool


@dataclass(frozen=True, slots=True)
class MenstrualPattern:
    """The A1.1.1 / A1.1.2 check over the cycles logged in the period."""

    cycles: tuple[Cycle, ...]
    attacks_in_windows: int
    attacks_outside: int

    @property
    def documented(self) -> tuple[Cycle, ...]:
        return tuple(c for c in self.cycles if c.documented)

    @property
    def cycles_with_attack(self) -> int:
        return sum(c.attack for c in self.documented)

    @property
    def enough_cycles(self) -> bool:
        return len(self.documented) >= MIN_CYCLES

    @property
    def met(self) -> bool:
        n = len(self.documented)
        return n >= MIN_CYCLES and 3 * self.cycles_with_attack >= 2 * n

    @property
    def verdict(self) -> str:
        """pure | menstrually_related | not_menstrual | not_enough_cycles | no_periods."""
        if not self.cycles:
            return "no_periods"
        if not self.enough_cycles:
            return "not_enough_cycles"
        if not self.met:
            return "not_menstrual"
        return "pure" if self.attacks_outside == 0 else "menstrually_related"


def bleeding_days(entries: Iterable[Entry]) -> set[date]:
    """Every day a menstruation entry covers (start day to end day)."""
    bleeding: set[date] = set()
    for e in entries:
        if e.kind is Kind.MENSTRUATION:
            last = e.end_day or e.day
            bleeding.update(e.day + timedelta(days=i) for i in range((last - e.day).days + 1))
    return bleeding


def period_starts(entries: Iterable[Entry]) -> list[date]:
    """Day 1 of each period: the first bleeding day after a gap of more than 3 days."""
    starts: list[date] = []
    previous: date | None = None
    for day in sorted(bleeding_days(entries)):
        if previous is None or (day - previous).days > NEW_PERIOD_GAP:
            starts.append(day)
        previous = day
    return starts


def menstrual_pattern(
    entries: Iterable[Entry], days: DiaryDays, period: Period
) -> MenstrualPattern:
    """Which cycles of the period had a migraine onset on days −2..+3."""
    cycles: list[Cycle] = []
    migraine_onsets = [e.day for e in days.episodes if e.migraine and e.day in period]
    for day1 in period_starts(entries):
        if day1 not in period:
            continue
        window = Period(day1 - timedelta(days=WINDOW_BEFORE), day1 + timedelta(days=WINDOW_AFTER))
        documented = all(d in days.documented and d in period for d in window.dates())
        cycles.append(Cycle(day1, window, documented, any(d in window for d in migraine_onsets)))
    inside = sum(1 for d in migraine_onsets if any(d in c.window for c in cycles))
    return MenstrualPattern(
        cycles=tuple(cycles),
        attacks_in_windows=inside,
        attacks_outside=len(migraine_onsets) - inside,
    )


@dataclass(frozen=True, slots=True)
class RateRatio:
    """Attack rate during / before with an exact conditional 95 % CI (None = unbounded)."""

    ratio: float | None
    ci_low: float
    ci_high: float | None
    p: float


def rate_ratio(count: int, exposure: int, base_count: int, base_exposure: int) -> RateRatio | None:
    """Poisson rate ratio (count/exposure) / (base_count/base_exposure).

    Conditional on the total, ``count`` is binomial with p = e·r / (e·r + e0); the Clopper–Pearson
    interval for p maps one-to-one onto r.  None when there is nothing to compare.
    """
    total = count + base_count
    if total == 0 or exposure <= 0 or base_exposure <= 0:
        return None
    from scipy.stats import binomtest  # SciPy only when a cycle is tested (page imports stay light)

    test = binomtest(count, total, exposure / (exposure + base_exposure))
    ci = test.proportion_ci(confidence_level=0.95, method="exact")
    scale = base_exposure / exposure

    def to_ratio(p: float) -> float | None:
        return None if p >= 1 else p / (1 - p) * scale

    ratio = to_ratio(count / total)
    high = to_ratio(float(ci.high))
    return RateRatio(
        ratio=ratio,
        ci_low=float(to_ratio(float(ci.low)) or 0.0),
        ci_high=None if high is None or math.isinf(high) else high,
        p=float(test.pvalue),
    )


@dataclass(frozen=True, slots=True)
class Course:
    """A treatment course with attacks before vs during it."""

    name: str
    first: date
    last: date
    intake_days: int
    before: Stretch
    during: Stretch
    comparison: RateRatio | None

    @property
    def comparable(self) -> bool:
        return min(self.before.documented_days, self.during.documented_days) >= MIN_COMPARE_DAYS


def is_preventive(entry: Entry) -> bool:
    return entry.kind is Kind.MEDICATION and (
        entry.has_tag(PREVENTIVE_TAG) or medication_class(entry) == "preventive"
    )


def is_probiotic(entry: Entry) -> bool:
    """Same rule as the gut-habit view (``foods.gut.is_probiotic``)."""
    return entry.kind in (Kind.SUPPLEMENT, Kind.MEDICATION) and entry.has_tag(PROBIOTIC_TAG)


def courses(
    entries: Iterable[Entry],
    days: DiaryDays,
    period: Period,
    *,
    select: Callable[[Entry], bool],
    name_of: Callable[[Entry], str],
    gap_days: int,
    ongoing_if_single: bool = False,
) -> tuple[Course, ...]:
    """Courses of the selected entries (same name, intakes ≤ ``gap_days`` apart) in the period.

    Preventives often come as monthly injections, so callers pick the gap.  With
    ``ongoing_if_single`` a drug logged once, without an end, is taken as started that day and
    still going at the end of the diary (how people log "I started propranolol").
    """
    by_name: dict[str, set[date]] = {}
    logged: dict[str, list[Entry]] = {}
    for e in entries:
        if select(e):
            last = e.end_day or e.day
            span = (e.day + timedelta(days=i) for i in range((last - e.day).days + 1))
            by_name.setdefault(name_of(e), set()).update(span)
            logged.setdefault(name_of(e), []).append(e)
    diary_end = max(days.documented, default=period.last)
    found: list[Course] = []
    for name, intake in sorted(by_name.items()):
        ordered = sorted(intake)
        runs: list[list[date]] = [[ordered[0]]]
        for day in ordered[1:]:
            if (day - runs[-1][-1]).days > gap_days:
                runs.append([])
            runs[-1].append(day)
        only = logged[name]
        if ongoing_if_single and len(only) == 1 and only[0].end is None:
            # one dated entry with no end reads "started on this day": ongoing to the diary's end
            runs = [[only[0].day, max(diary_end, only[0].day)]]
        for run in runs:
            first, last = run[0], run[-1]
            if last < period.first or first > period.last:
                continue
            length = min((last - first).days + 1, MAX_BASELINE_DAYS)
            before = stretch(days, first - timedelta(days=length), first - timedelta(days=1))
            during = stretch(days, first, last)
            found.append(
                Course(
                    name=name,
                    first=first,
                    last=last,
                    intake_days=len(intake & set(Period(first, last).dates())),
                    before=before,
                    during=during,
                    comparison=rate_ratio(
                        during.attacks,
                        during.documented_days,
                        before.attacks,
                        before.documented_days,
                    ),
                )
            )
    return tuple(sorted(found, key=lambda c: (c.first, c.name)))


def preventive_courses(
    entries: Iterable[Entry], days: DiaryDays, period: Period
) -> tuple[Course, ...]:
    """Preventive drugs by name; intakes up to 45 days apart (monthly injections) are one course,
    and a drug logged once without an end is ongoing."""
    return courses(
        entries,
        days,
        period,
        select=is_preventive,
        name_of=lambda e: drug_name_key(e.name),
        gap_days=45,
        ongoing_if_single=True,
    )


def probiotic_courses(
    entries: Iterable[Entry], days: DiaryDays, period: Period
) -> tuple[Course, ...]:
    """All probiotic intakes pooled; a week without one ends the course."""
    return courses(
        entries, days, period, select=is_probiotic, name_of=lambda _e: "probiotic", gap_days=7
    )
