"""What a simulated year holds: the rows written down (a diary CSV per shared/spec/diary-csv.md)
and the truth behind them (attacks, days each cause was met, at-risk days, cravings)."""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from .people import Person

FIRST_DAY = date(2025, 1, 1)
COLUMNS = ("start", "kind", "name", "end", "amount", "unit", "intensity", "tags", "notes")


def at(day: date, hours: float) -> datetime:
    """Local clock time ``hours`` after midnight of ``day`` (to the minute)."""
    return datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))


@dataclass(slots=True)
class Row:
    """One CSV row; ``start`` is a local datetime or a date (whole day)."""

    start: datetime | date
    kind: str
    name: str
    end: datetime | date | None = None
    amount: float | None = None
    unit: str | None = None
    intensity: int | None = None
    tags: str = ""

    def cells(self) -> list[str]:
        def iso(x: datetime | date | None) -> str:
            if x is None:
                return ""
            return x.strftime("%Y-%m-%dT%H:%M") if isinstance(x, datetime) else x.isoformat()

        amount = "" if self.amount is None else f"{self.amount:g}"
        intensity = "" if self.intensity is None else str(self.intensity)
        return [iso(self.start), self.kind, self.name, iso(self.end), amount, self.unit or "",
                intensity, self.tags, ""]  # fmt: skip


@dataclass(slots=True)
class Attack:
    onset: datetime
    end: datetime
    intensity: int
    cause: str


@dataclass(slots=True)
class Diary:
    """A simulated year: what was written, and the truth behind it."""

    person: Person
    seed: int
    days: int
    rows: list[Row] = field(default_factory=list)
    attacks: list[Attack] = field(default_factory=list)
    missing: set[date] = field(default_factory=set)
    at_risk: set[date] = field(default_factory=set)
    exposed: dict[str, set[date]] = field(default_factory=dict)  # cause -> days truly met
    cravings: list[tuple[datetime, datetime]] = field(default_factory=list)  # (eaten, onset)
    baseline_hazard: float = 0.0

    def csv_text(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for day in sorted(self.missing):
            w.writerow(Row(day, "note", "no entry").cells())
        for row in sorted(self.rows, key=lambda r: (str(r.start), r.kind, r.name)):
            w.writerow(row.cells())
        return buf.getvalue()

    def onset_days(self) -> set[date]:
        return {a.onset.date() for a in self.attacks}

    def realised_rr(self, cause: str, lag: int) -> tuple[float, int, int]:
        """True-exposure risk ratio at ``lag`` over the simulation's at-risk days (not the log)."""
        onsets = self.onset_days()
        exp = {d + timedelta(days=lag) for d in self.exposed.get(cause, set())}
        a = [d for d in self.at_risk if d in exp]
        b = [d for d in self.at_risk if d not in exp]
        ra = sum(d in onsets for d in a) / max(len(a), 1)
        rb = sum(d in onsets for d in b) / max(len(b), 1)
        return (ra / rb if rb > 0 else math.inf), len(a), sum(d in onsets for d in a)
