"""Month view of the diary: which days had attacks (and how bad), medication, a period, or
were not kept. Pure: works on entries and the coverage the diary service reports."""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from gutbrain.domain.entries import Entry, Kind

#: Pain bands for the colour of an attack day (0–10 scale; 1–3 mild, 4–6 moderate, 7–10
#: severe, the usual NRS banding used by headache diaries).
BANDS = ((7, "severe"), (4, "moderate"), (1, "mild"), (0, "unrated"))


@dataclass(slots=True)
class DayCell:
    """What the calendar shows for one day."""

    day: date
    in_month: bool
    attacks: int = 0
    max_intensity: int | None = None
    medication: bool = False
    period: bool = False
    missing: bool = False
    covered: bool = False

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
        cells = self.days()
        return {
            "attack_days": sum(1 for c in cells if c.attacks),
            "attacks": sum(c.attacks for c in cells),
            "medication_days": sum(1 for c in cells if c.medication),
            "period_days": sum(1 for c in cells if c.period),
            "missing_days": sum(1 for c in cells if c.missing),
        }


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of the grid (whole weeks, Monday first) around a month."""
    first = date(year, month, 1)
    last = date(year, month, _cal.monthrange(year, month)[1])
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def build_month(
    year: int,
    month: int,
    entries: Iterable[Entry],
    *,
    missing: Iterable[date] = (),
    first_day: date | None = None,
    last_day: date | None = None,
) -> MonthView:
    """Fold entries of (at least) the grid's date range into day cells."""
    start, end = month_bounds(year, month)
    cells = {
        start + timedelta(days=i): DayCell(day=start + timedelta(days=i), in_month=False)
        for i in range((end - start).days + 1)
    }
    for cell in cells.values():
        cell.in_month = cell.day.month == month
        cell.covered = (
            first_day is not None and last_day is not None and first_day <= cell.day <= last_day
        )
    for day in missing:
        if day in cells:
            cells[day].missing = True
    for entry in entries:
        _fold(cells, entry)
    view = MonthView(year=year, month=month)
    ordered = [cells[d] for d in sorted(cells)]
    view.weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
    return view


def _fold(cells: dict[date, DayCell], entry: Entry) -> None:
    day = entry.day
    if entry.kind is Kind.ATTACK and day in cells:
        cell = cells[day]
        cell.attacks += 1
        if entry.intensity is not None:
            cell.max_intensity = max(cell.max_intensity or 0, entry.intensity)
    elif entry.kind is Kind.MEDICATION and day in cells:
        cells[day].medication = True
    elif entry.kind is Kind.MENSTRUATION:
        # A date-only end means the whole of that day, so the end day itself counts.
        last = entry.end_day or day
        current = day
        while current <= last:
            if current in cells:
                cells[current].period = True
            current += timedelta(days=1)
