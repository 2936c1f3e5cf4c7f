"""Month view of the diary: which days had attacks (and how bad), medication, a period, or
were not kept. Pure: lays out the days ``services.days`` counted (one counting for the
calendar, its JSON, Today and the report; a multi-day attack colours every day it touches)."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from gutbrain.services.days import DayFacts, summary
from gutbrain.services.reads import DiaryReads

#: Pain bands for the colour of an attack day (0–10 scale; 1–3 mild, 4–6 moderate, 7–10
#: severe, the usual NRS banding used by headache diaries).
BANDS = ((7, "severe"), (4, "moderate"), (1, "mild"), (0, "unrated"))


@dataclass(slots=True)
class DayCell:
    """What the calendar shows for one day."""

    day: date
    in_month: bool
    facts: DayFacts

    @property
    def attacks(self) -> int:
        return self.facts.attacks

    @property
    def max_intensity(self) -> int | None:
        return self.facts.max_intensity

    @property
    def medication(self) -> bool:
        return self.facts.medication

    @property
    def period(self) -> bool:
        return self.facts.period

    @property
    def missing(self) -> bool:
        return self.facts.missing

    @property
    def covered(self) -> bool:
        return self.facts.covered

    @property
    def band(self) -> str | None:
        """Colour band of the worst attack, or None on attack-free days."""
        if not self.attacks:
            return None
        level = self.max_intensity or 0
        return next(name for floor, name in BANDS if level >= floor)

    def describe(self) -> str:
        """Plain words for screen readers and tooltips."""
        bits: list[str] = []
        if self.missing:
            bits.append("diary not kept")
        if self.attacks:
            pain = "" if self.max_intensity is None else f", worst pain {self.max_intensity}/10"
            bits.append(f"{self.attacks} attack{'s' if self.attacks > 1 else ''}{pain}")
            if not self.facts.onsets:
                bits.append("attack going on from an earlier day")
        if self.facts.migraine:
            bits.append("migraine day")
        elif self.facts.headache:
            bits.append("headache day")
        if self.medication:
            bits.append("medication")
        if self.period:
            bits.append("period")
        return "; ".join(bits) or ("no attack" if self.covered else "no entries")


@dataclass(slots=True)
class MonthView:
    year: int
    month: int
    weeks: list[list[DayCell]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{_cal.month_name[self.month]} {self.year}"

    @property
    def prev(self) -> tuple[int, int]:
        return (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)

    @property
    def next(self) -> tuple[int, int]:
        return (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)

    def days(self) -> list[DayCell]:
        return [c for week in self.weeks for c in week if c.in_month]

    def summary(self) -> dict[str, int]:
        return summary(c.facts for c in self.days())


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of the grid (whole weeks, Monday first) around a month."""
    first = date(year, month, 1)
    last = date(year, month, _cal.monthrange(year, month)[1])
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def build_month(year: int, month: int, days: Mapping[date, DayFacts]) -> MonthView:
    """Lay out the grid's days (``days`` holds at least ``month_bounds``)."""
    start, end = month_bounds(year, month)
    grid = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    ordered = [DayCell(d, d.month == month, days.get(d) or DayFacts(d)) for d in grid]
    view = MonthView(year=year, month=month)
    view.weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    return view


def month_view(reads: DiaryReads, year: int, month: int) -> MonthView:
    """The month grid of the diary ``reads`` looks at."""
    start, end = month_bounds(year, month)
    return build_month(year, month, reads.days(start, end))
