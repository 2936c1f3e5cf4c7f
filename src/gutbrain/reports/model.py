"""What the doctor report shows, as plain records: one ``ReportData`` feeds the HTML page, the
PDF and the JSON twin, so the three can never disagree."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from gutbrain.analysis.clinical.criteria import ChronicCheck, OveruseCheck
from gutbrain.analysis.clinical.endpoints import Frequency, Period, Stretch
from gutbrain.analysis.clinical.periods import Course, MenstrualPattern
from gutbrain.analysis.triggers.verdicts import INCONCLUSIVE, PROTECTOR, TRIGGER, TriggerRow
from gutbrain.reports.experiment_model import ExperimentReport
from gutbrain.reports.medication import AcuteResponse, PreventiveDose


@dataclass(frozen=True, slots=True)
class Patient:
    """Optional identification printed in the header (never required)."""

    name: str = ""
    id: str = ""
    birth_date: date | None = None


@dataclass(frozen=True, slots=True)
class CalendarDay:
    """One cell of the calendar strip."""

    day: date
    intensity: int | None  # highest attack pain that day, None when no attack
    acute: bool  # acute headache medication taken
    menstruation: bool
    missing: bool


@dataclass(frozen=True, slots=True)
class TriggerSummary:
    """The verdict table: ``tested`` rows all count in the FDR; ``rows`` are the ones shown."""

    available: bool
    rows: tuple[TriggerRow, ...] = ()
    tested: int = 0
    fdr: float = 0.10
    attack_onsets: int | None = None
    at_risk_days: int | None = None
    note: str = ""

    @property
    def found(self) -> tuple[TriggerRow, ...]:
        """Triggers and protectors: what page 1 leads with."""
        return tuple(r for r in self.rows if r.verdict in (TRIGGER, PROTECTOR))

    @property
    def worth_testing(self) -> tuple[TriggerRow, ...]:
        """Inconclusive signals (the engine says why): candidates for an N-of-1 experiment."""
        return tuple(r for r in self.rows if r.verdict == INCONCLUSIVE)


@dataclass(frozen=True, slots=True)
class Span:
    """A named stretch of days (an antibiotic course)."""

    name: str
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class GutSummary:
    """Gut habits over the period; None where the diary cannot tell."""

    available: bool
    fiber_g_per_day: float | None = None
    fiber_target_g: float = 25.0
    plants_per_week: float | None = None
    plants_target: int = 30
    fermented_per_week: float | None = None
    upf_share: float | None = None
    antibiotics: tuple[Span, ...] = ()
    note: str = ""
    conditions: tuple[str, ...] = ()
    #: Days with any GI symptom, and the commonest symptoms with their day counts.
    gi_days: int = 0
    gi_symptoms: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything on the report.  ``previous`` is the period of the same length just before."""

    patient: Patient
    period: Period
    generated_on: date
    version: str
    timezone: str
    current: Frequency
    previous: Frequency | None
    windows: tuple[Stretch, ...]
    overuse: OveruseCheck
    chronic: ChronicCheck
    menstrual: MenstrualPattern
    preventives: tuple[Course, ...]
    probiotics: tuple[Course, ...]
    calendar: tuple[CalendarDay, ...]
    triggers: TriggerSummary
    gut: GutSummary
    warnings: tuple[str, ...] = field(default=())
    acute_response: tuple[AcuteResponse, ...] = field(default=())
    preventive_doses: tuple[PreventiveDose, ...] = field(default=())
    experiments: tuple[ExperimentReport, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates ISO, durations in hours, no NaN/Infinity)."""
        out = jsonable(self)
        assert isinstance(out, dict)
        return out


def jsonable(value: Any) -> Any:
    """Recursively turn report records into JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in ("mmd", "comparable", "verdict", "met", "completeness", "attacks_28"):
            if name not in out and hasattr(type(value), name):
                out[name] = jsonable(getattr(value, name))
        return out
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 3)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
