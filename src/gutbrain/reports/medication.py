"""Treatment as the clinician reads it: how each acute drug worked (pain-free at 2 h, the
primary endpoint of acute-treatment trials: IHS guidelines, Diener 2019 Cephalalgia) and which
preventive was taken at what dose. Pure: entries in, records out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gutbrain.analysis.clinical.endpoints import Period, acute_class
from gutbrain.analysis.clinical.periods import is_preventive
from gutbrain.domain.entries import Entry


@dataclass(frozen=True, slots=True)
class AcuteResponse:
    """One acute drug over the period: doses taken, doses rated at 2 h, and how many of
    those left the person pain-free (``effect`` complete or ``pain_free_2h``)."""

    drug: str
    drug_class: str
    doses: int
    rated: int
    pain_free: int
    some_relief: int

    @property
    def pain_free_share(self) -> float | None:
        return self.pain_free / self.rated if self.rated else None


@dataclass(frozen=True, slots=True)
class PreventiveDose:
    """A preventive as logged up to the period's end: its latest dose ("" when only the name
    was logged) and the first and last day it was logged."""

    drug: str
    dose: str
    logged: Period


def acute_responses(entries: Sequence[Entry], period: Period) -> tuple[AcuteResponse, ...]:
    """Acute drugs taken in the period, most-used first."""
    by: dict[str, list[Entry]] = {}
    for e in entries:
        if e.day in period and acute_class(e) is not None:
            by.setdefault(e.name.lower(), []).append(e)
    out = []
    for drug, doses in by.items():
        rated = [d for d in doses if d.details.get("effect") or "pain_free_2h" in d.details]
        free = [
            d for d in rated
            if d.details.get("pain_free_2h") is True or d.details.get("effect") == "complete"
        ]  # fmt: skip
        relief = [d for d in rated if d.details.get("effect") in ("some", "good")]
        klass = acute_class(doses[0]) or "other"
        out.append(AcuteResponse(drug, klass, len(doses), len(rated), len(free), len(relief)))
    return tuple(sorted(out, key=lambda r: (-r.doses, r.drug)))


def preventive_doses(entries: Sequence[Entry], period: Period) -> tuple[PreventiveDose, ...]:
    """Each preventive logged up to the end of the period, with its latest dose."""
    by: dict[str, list[Entry]] = {}
    for e in entries:
        if is_preventive(e) and e.day <= period.last:
            by.setdefault(e.name.lower(), []).append(e)
    out = []
    for drug, logged in sorted(by.items()):
        logged.sort(key=lambda e: e.start)
        last = logged[-1]
        dose = "" if last.amount is None else f"{last.amount:g} {last.unit or ''}".strip()
        out.append(PreventiveDose(drug, dose, Period(logged[0].day, last.day)))
    return tuple(out)
