"""Pydantic models of the JSON API, one per direction (create / update / public)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from gutbrain.domain.entries import Entry, Kind
from gutbrain.services.when import format_instant

Intensity = Field(default=None, ge=0, le=10, description="0–10")


class ComponentGrade(BaseModel):
    """One trigger component a food carries, with the evidence grade and its citation."""

    component: str
    grade: str
    source: str
    via: str


class FoodUnderstanding(BaseModel):
    """What a food or drink entry was understood as (``services.understanding``)."""

    food: str
    known: bool
    matched_by: str
    score: float
    grams: float
    grams_basis: str
    fiber_g: float | None
    caffeine_mg: float | None
    alcohol_g: float | None
    components: list[ComponentGrade]
    plants: list[str]
    fdc_id: int | None
    fdc_description: str | None


class EntryPublic(BaseModel):
    """A diary entry as the API returns it (times in the entry's own zone, ISO 8601); food and
    drink entries from the entries endpoints carry ``understood_as``."""

    id: uuid.UUID
    kind: Kind
    name: str
    day: date
    start: str
    end: str | None
    tz: str
    amount: float | None
    unit: str | None
    intensity: int | None
    tags: list[str]
    notes: str
    details: dict[str, Any]
    understood_as: FoodUnderstanding | None = None

    @classmethod
    def of(cls, entry: Entry, understood: dict[str, Any] | None = None) -> EntryPublic:
        return cls(
            understood_as=None if understood is None else FoodUnderstanding(**understood),
            id=entry.id,
            kind=entry.kind,
            name=entry.name,
            day=entry.day,
            start=format_instant(entry.start, entry.tz, entry.start_has_time),
            end=None
            if entry.end is None
            else format_instant(entry.end, entry.tz, entry.end_has_time),
            tz=entry.tz,
            amount=entry.amount,
            unit=entry.unit,
            intensity=entry.intensity,
            tags=list(entry.tags),
            notes=entry.notes,
            details=dict(entry.details),
        )


class EntryCreate(BaseModel):
    """A new entry. ``start``/``end``: ``2026-03-04`` (date only) or ``2026-03-04T08:15``
    (local to the diary's zone unless an offset is given)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    name: str = Field(min_length=1, max_length=200)
    start: str = Field(min_length=1, max_length=40)
    end: str | None = Field(default=None, max_length=40)
    amount: float | None = Field(default=None, allow_inf_nan=False)
    unit: str | None = Field(default=None, max_length=32)
    intensity: int | None = Intensity
    tags: list[str] = Field(default_factory=list, max_length=50)
    notes: str = Field(default="", max_length=5000)
    details: dict[str, Any] = Field(default_factory=dict)


class EntryUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are (send ``end: null`` to clear it)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    start: str | None = Field(default=None, min_length=1, max_length=40)
    end: str | None = Field(default=None, max_length=40)
    amount: float | None = Field(default=None, allow_inf_nan=False)
    unit: str | None = Field(default=None, max_length=32)
    intensity: int | None = Intensity
    tags: list[str] | None = Field(default=None, max_length=50)
    notes: str | None = Field(default=None, max_length=5000)
    details: dict[str, Any] | None = None


class EntryPage(BaseModel):
    offset: int
    limit: int
    entries: list[EntryPublic]


class AttackStart(BaseModel):
    """ "Attack started now", optionally with what the page can set at once; a field the API
    does not read is refused (422), never dropped."""

    model_config = ConfigDict(extra="forbid")

    intensity: int | None = Intensity
    aura: bool | None = None
    symptoms: list[str] | None = Field(default=None, max_length=20)


class AttackUpdate(BaseModel):
    """Details of the ongoing attack, tap by tap; omitted fields stay unchanged."""

    model_config = ConfigDict(extra="forbid")

    intensity: int | None = Intensity
    aura: bool | None = None
    symptoms: list[str] | None = Field(default=None, max_length=20)
    ended: bool = False


class MedicationTaken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    amount: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    unit: str | None = Field(default=None, max_length=32)


class DoseResponse(BaseModel):
    """How a dose worked 2 h after it was taken (pain-free at 2 h is the trial endpoint)."""

    model_config = ConfigDict(extra="forbid")

    response: str = Field(pattern="^(pain-free|better|no-better)$")


class CheckInCreate(BaseModel):
    """The daily check-in; only filled-in fields are logged, re-saving corrects the day."""

    model_config = ConfigDict(extra="forbid")

    day: date
    sleep_hours: float | None = Field(default=None, gt=0, le=24, allow_inf_nan=False)
    sleep_quality: int | None = Intensity
    stress: int | None = Intensity
    exercise_minutes: float | None = Field(default=None, ge=0, le=1440, allow_inf_nan=False)
    water_ml: float | None = Field(default=None, ge=0, le=20000, allow_inf_nan=False)
    gi_symptom: str | None = Field(default=None, max_length=100)
    gi_severity: int | None = Intensity
    stool_type: int | None = Field(default=None, ge=1, le=7)
    period: bool = False
    flow: str | None = Field(default=None, pattern="^(spotting|light|medium|heavy)$")
    factors: list[str] = Field(default_factory=list, max_length=50)


class MealText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)
    at: str | None = Field(default=None, max_length=40, description="when eaten; default now")


class MealItemPublic(BaseModel):
    text: str
    food: str
    kind: str
    quantity: float | None
    unit: str | None
    size: str | None
    notes: list[str]


class MealPublic(BaseModel):
    items: list[MealItemPublic]
    logged: list[EntryPublic] = Field(default_factory=list)


class TodayPublic(BaseModel):
    day: date
    open_attack: EntryPublic | None
    quick_medications: list[str]
    doses_to_rate: list[EntryPublic] = Field(
        default_factory=list, description="acute doses 2–24 h old whose effect at 2 h is not told"
    )
    entries: list[EntryPublic]


class SettingsPublic(BaseModel):
    timezone: str
    fiber_target_g: float
    plants_target: int
    fdr: float
    tracked_factors: list[str]
    usual_medications: list[str]
    elimination_diet: str
    conditions: list[str]


class SettingsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timezone: str | None = Field(default=None, max_length=64)
    fiber_target_g: float | None = Field(default=None, ge=5, le=100, allow_inf_nan=False)
    plants_target: int | None = Field(default=None, ge=1, le=100)
    fdr: float | None = Field(default=None, gt=0, le=0.5, allow_inf_nan=False)
    tracked_factors: list[str] | None = Field(default=None, max_length=50)
    usual_medications: list[str] | None = Field(
        default=None,
        max_length=12,
        description='own acute medications with dose, "rizatriptan 10 mg"',
    )
    elimination_diet: str | None = Field(default=None, pattern="^(|low-tyramine|low-histamine)$")


class ConditionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100)
    since: date | None = None


class ImportResult(BaseModel):
    read: int
    added: int
    #: Another app's records that could not be read: skipped, each with its position and reason
    #: (the diary CSV is all-or-nothing and never has any).
    skipped_records: list[str] = []


class Problem(BaseModel):
    """Error body of every 4xx answer."""

    detail: str
    problems: list[str]
