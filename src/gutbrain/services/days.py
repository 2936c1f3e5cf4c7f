"""One counting of days: attack, migraine, headache and medication days, computed once with
the ICHD-3 rules the doctor report uses (``analysis.clinical.endpoints.classify_days``:
van der Arend migraine days, attacks under 30 min are not headache days, a triptan or ergot day
is a migraine day) and read by the calendar (page and JSON API), Today and the report.

A multi-day attack counts — and is coloured — on every local day it touches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.analysis.clinical.endpoints import (
    Period,
    attack_days,
    build_episodes,
    classify_days,
)
from gutbrain.analysis.clinical.periods import bleeding_days
from gutbrain.domain.entries import Entry, Kind
from gutbrain.services import diary as svc

#: Kinds a day count reads (reading only these keeps a month's query small).
COUNTED_KINDS = (Kind.ATTACK, Kind.MEDICATION, Kind.MENSTRUATION)
#: How far before a window an attack or a period may have begun and still touch it.
REACH = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class DayFacts:
    """One diary day as every face counts it."""

    day: date
    attacks: int = 0  # attacks touching the day (a 3-day attack touches 3 days)
    onsets: int = 0  # attacks that began that day
    max_intensity: int | None = None
    headache: bool = False
    migraine: bool = False
    acute: bool = False  # acute headache medication (antiemetics are not one)
    medication: bool = False  # any medication logged
    period: bool = False
    missing: bool = False
    covered: bool = False


def count_days(
    entries: Iterable[Entry],
    first: date,
    last: date,
    *,
    diary_first: date | None,
    diary_last: date | None,
    missing: Iterable[date] = (),
) -> dict[date, DayFacts]:
    """Every day in [first, last] from ``entries`` (those from ``REACH`` before ``first`` on);
    ``diary_first``/``diary_last`` bound the days the diary covers."""
    rows = list(entries)
    gone = frozenset(missing)
    span: Period | None = None
    if diary_first is not None and diary_last is not None:
        lo, hi = max(first - REACH, diary_first), min(last, diary_last)
        span = Period(lo, hi) if lo <= hi else None
    clinical = classify_days(rows, span, gone) if span is not None else None
    attacks: dict[date, int] = {}
    onsets: dict[date, int] = {}
    pain: dict[date, int] = {}
    medication: set[date] = set()
    for e in rows:
        if e.kind is Kind.ATTACK:
            onsets[e.day] = onsets.get(e.day, 0) + 1
            for d in attack_days(e):
                attacks[d] = attacks.get(d, 0) + 1
                if e.intensity is not None:
                    pain[d] = max(pain.get(d, 0), e.intensity)
        elif e.kind is Kind.MEDICATION:
            medication.add(e.day)
    bleeding = bleeding_days(rows)
    out: dict[date, DayFacts] = {}
    for i in range((last - first).days + 1):
        d = first + timedelta(days=i)
        covered = (
            diary_first is not None and diary_last is not None and diary_first <= d <= diary_last
        )
        out[d] = DayFacts(
            day=d,
            attacks=attacks.get(d, 0),
            onsets=onsets.get(d, 0),
            max_intensity=pain.get(d),
            headache=clinical is not None and d in clinical.headache,
            migraine=clinical is not None and d in clinical.migraine,
            acute=clinical is not None and d in clinical.acute_any,
            medication=d in medication,
            period=d in bleeding,
            missing=d in gone,
            covered=covered,
        )
    return out


def summary(days: Iterable[DayFacts]) -> dict[str, int]:
    """The counts a month (or any window) shows: one definition for the calendar page, the
    JSON API and the report's monthly rows."""
    cells = list(days)
    return {
        "attack_days": sum(1 for c in cells if c.attacks),
        "attacks": sum(c.onsets for c in cells),
        "migraine_days": sum(1 for c in cells if c.migraine),
        "headache_days": sum(1 for c in cells if c.headache),
        "acute_medication_days": sum(1 for c in cells if c.acute),
        "medication_days": sum(1 for c in cells if c.medication),
        "period_days": sum(1 for c in cells if c.period),
        "missing_days": sum(1 for c in cells if c.missing),
    }


def diary_days(
    ctx: svc.Context, first: date, last: date, cov: svc.Coverage | None
) -> dict[date, DayFacts]:
    """The diary's days in [first, last] (the calendar grid, a month); ``cov`` is
    ``diary.coverage(ctx)`` (pages pass their cached copy)."""
    entries = svc.list_entries(ctx, since=first - REACH, until=last, kinds=list(COUNTED_KINDS))
    return count_days(
        entries, first, last,
        diary_first=cov.first_day if cov else None,
        diary_last=cov.last_day if cov else None,
        missing=cov.missing if cov else (),
    )  # fmt: skip


def onsets(entries: Iterable[Entry]) -> int:
    """Attacks as the report and the trigger engine count them (entries < 24 h apart and a
    single free day between attack days merge into one)."""
    return len(build_episodes(e for e in entries if e.kind is Kind.ATTACK))
