"""What the Today page logs, as pure builders of diary entries from a few taps.

Kept free of the store so the page and the JSON API build exactly the same entries, and so
the rules (what a check-in becomes in the diary) are testable without a server.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gutbrain.domain.entries import AURA_TAG, GI_TAG, Entry, Kind
from gutbrain.domain.errors import EntryError
from gutbrain.domain.rules import make_entry

#: Offered as one-tap medication buttons when the diary has no history yet.
DEFAULT_MEDICATIONS = ("ibuprofen", "paracetamol", "sumatriptan")
#: Medications that are never offered as a one-tap attack medication.
NOT_ACUTE = frozenset({"preventive", "antibiotic", "probiotic"})
#: Symptoms offered as chips during an attack: the ICHD-3 migraine criteria features.
QUICK_SYMPTOMS = ("nausea", "vomiting", "photophobia", "phonophobia", "osmophobia", "allodynia")


def quick_medications(entries: Iterable[Entry], limit: int = 4) -> list[str]:
    """The person's most-used acute medications, else a short default list."""
    counts = Counter(
        e.name
        for e in entries
        if e.kind is Kind.MEDICATION
        and not (NOT_ACUTE & set(e.tags))
        and e.details.get("drug_class") not in NOT_ACUTE
    )
    names = [name for name, _ in counts.most_common(limit)]
    return names or list(DEFAULT_MEDICATIONS)


def update_attack(
    attack: Entry,
    *,
    intensity: int | None = None,
    aura: bool | None = None,
    symptoms: Sequence[str] | None = None,
    ended_at: datetime | None = None,
) -> Entry:
    """A copy of the attack with the given details set (None leaves a detail unchanged)."""
    tags = list(attack.tags)
    if aura is not None:
        tags = [t for t in tags if t != AURA_TAG] + ([AURA_TAG] if aura else [])
    if symptoms is not None:
        keep = [t for t in tags if t not in QUICK_SYMPTOMS]
        tags = keep + [s.strip().lower() for s in symptoms if s.strip()]
    return make_entry(
        id=attack.id,
        diary_id=attack.diary_id,
        kind=attack.kind,
        name=attack.name,
        start=attack.start,
        tz=attack.tz,
        start_has_time=attack.start_has_time,
        end=ended_at if ended_at is not None else attack.end,
        end_has_time=attack.end_has_time,
        amount=attack.amount,
        unit=attack.unit,
        intensity=intensity if intensity is not None else attack.intensity,
        tags=tags,
        notes=attack.notes,
        details=attack.details,
    )


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's short form. Every field is optional: only what was filled in is logged.

    Attributes:
        sleep_hours: hours slept the night before the day; sleep_quality 0–10.
        stress: 0–10.  exercise_minutes: minutes of exercise.  water_ml: water drunk.
        gi_symptom/gi_severity: a GI symptom and its severity 0–10.  stool_type: Bristol 1–7.
        period: menstruating that day; flow: spotting | light | medium | heavy.
        factors: tracked custom factors that were present.
    """

    day: date
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    exercise_minutes: float | None = None
    water_ml: float | None = None
    gi_symptom: str | None = None
    gi_severity: int | None = None
    stool_type: int | None = None
    period: bool = False
    flow: str | None = None
    factors: tuple[str, ...] = field(default_factory=tuple)


def checkin_entries(diary_id: uuid.UUID, tz: str, form: CheckIn) -> list[Entry]:
    """Turn a check-in into date-only entries of that day (the time of day is unknown).

    Sleep is the exception: it is logged as the night ending on the morning of ``day`` (ending
    07:00 local, starting ``sleep_hours`` earlier) because sleep is a timed span in the diary
    contract and the trigger engine reads short sleep from its duration.

    Raises ``EntryError`` listing every problem at once.
    """
    zone = ZoneInfo(tz)
    midnight = datetime.combine(form.day, time(0, 0), zone)
    entries: list[Entry] = []
    problems: list[str] = []

    def add(**kwargs: object) -> None:
        try:
            entries.append(
                make_entry(diary_id=diary_id, tz=tz, **kwargs)  # type: ignore[arg-type]
            )
        except EntryError as exc:
            problems.extend(exc.problems)

    if form.sleep_hours is not None:
        if not 0 < form.sleep_hours <= 24:
            problems.append(f"sleep {form.sleep_hours:g} h is outside 0–24 hours")
        else:
            wake = datetime.combine(form.day, time(7, 0), zone)
            add(
                kind=Kind.SLEEP,
                name="sleep",
                start=wake - timedelta(hours=form.sleep_hours),
                end=wake,
                intensity=form.sleep_quality,
            )
    common = {"start": midnight, "start_has_time": False}
    if form.stress is not None:
        add(kind=Kind.STRESS, name="stress", intensity=form.stress, **common)
    if form.exercise_minutes:
        add(
            kind=Kind.EXERCISE,
            name="exercise",
            amount=form.exercise_minutes,
            unit="min",
            details={"minutes": form.exercise_minutes},
            **common,
        )
    if form.water_ml:
        add(kind=Kind.DRINK, name="water", amount=form.water_ml, unit="ml", **common)
    if form.gi_symptom:
        add(
            kind=Kind.SYMPTOM,
            name=form.gi_symptom,
            intensity=form.gi_severity,
            tags=[GI_TAG],
            **common,
        )
    if form.stool_type is not None:
        add(
            kind=Kind.SYMPTOM,
            name="stool",
            amount=form.stool_type,
            unit="bristol",
            tags=[GI_TAG],
            **common,
        )
    if form.period:
        add(kind=Kind.MENSTRUATION, name="period", details={"flow": form.flow}, **common)
    for factor in form.factors:
        add(kind=Kind.FACTOR, name=factor, **common)
    if problems:
        raise EntryError(problems)
    return entries


def replaced_by_checkin(existing: Iterable[Entry], new: Iterable[Entry]) -> list[Entry]:
    """Entries of the same day a new check-in supersedes (same kind and name, so re-saving
    the form corrects the day instead of doubling it)."""
    keys = {_checkin_key(e) for e in new}
    return [e for e in existing if _checkin_key(e) in keys]


def _checkin_key(entry: Entry) -> tuple[Kind, str, date]:
    # Sleep belongs to the morning it ends on; everything else to its own day.
    return entry.kind, entry.name.lower(), entry.end_day or entry.day
