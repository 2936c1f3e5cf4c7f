"""Fast logging: one call per thing a person wants to record, with sensible defaults.

Each function builds validated entries in the diary's time zone and stores them.  Times are
local ``datetime``s (aware) as produced by ``gutbrain.services.when.parse_when``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from gutbrain.domain.drugs import drug_class_for
from gutbrain.domain.entries import (
    ACUTE_TAG,
    ANTIBIOTIC_TAG,
    GI_TAG,
    PREVENTIVE_TAG,
    PROBIOTIC_TAG,
    Entry,
    Kind,
)
from gutbrain.domain.errors import EntryError, GutbrainError
from gutbrain.services import diary as svc
from gutbrain.services.meaning import understanding

_DOSE = re.compile(
    r"^(?P<name>.*?)\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>mg|g|mcg|µg|ml|iu|cfu)?$", re.I
)


def _store(ctx: svc.Context, entries: Sequence[Entry]) -> list[Entry]:
    for entry in entries:
        svc.add_entry(ctx, entry)
    return list(entries)


def log_attack(
    ctx: svc.Context,
    *,
    start: datetime,
    intensity: int | None = None,
    aura: bool = False,
    aura_type: str | None = None,
    symptoms: Sequence[str] = (),
    location: str | None = None,
    side: str | None = None,
    disability: str | None = None,
    end: datetime | None = None,
    notes: str = "",
) -> Entry:
    """Record an attack; without ``end`` it stays open until ``end_attack``."""
    if end is None and svc.open_attack(ctx) is not None:
        raise GutbrainError(
            "an attack is already going on; end it first (gutbrain log attack --end)"
        )
    tags = (["aura"] if aura or aura_type else []) + [s.lower() for s in symptoms]
    entry = svc.new_entry(
        ctx, kind=Kind.ATTACK, name="migraine", start=start, end=end, intensity=intensity,
        tags=tags, notes=notes,
        details={"aura_type": aura_type, "location": location, "side": side, "disability": disability},
    )  # fmt: skip
    return svc.add_entry(ctx, entry)


def end_attack(ctx: svc.Context, *, end: datetime, intensity: int | None = None) -> Entry:
    """Close the attack that is still going on."""
    attack = svc.open_attack(ctx)
    if attack is None:
        raise GutbrainError("no attack is going on (log one with: gutbrain log attack)")
    changes: dict[str, Any] = {"end": end}
    if intensity is not None:
        changes["intensity"] = max(intensity, attack.intensity or 0)
    return svc.update_entry(ctx, attack.id, **changes)


def log_meal(
    ctx: svc.Context, text: str, *, when: datetime, has_time: bool = True, notes: str = ""
) -> list[Entry]:
    """Split free text into items (the person's own names kept together, ``gutbrain.meaning``);
    each item becomes one food or drink entry named as typed (amount words moved to
    ``amount``/``unit``, the whole meal text kept in ``details``)."""
    meaning = understanding(ctx)
    items = meaning.split(text)
    if not items:
        raise EntryError(["the meal is empty"])
    entries = [
        svc.new_entry(
            ctx,
            kind=meaning.kind_of(item),
            name=item.food,
            start=when,
            start_has_time=has_time,
            amount=item.quantity,
            unit=item.unit,
            notes=notes,
            # the person's own words stay with every item (nothing typed is lost)
            details={"meal": " ".join(text.split()), "size": item.size},
        )
        for item in items
    ]
    svc.add_entries(ctx, entries)
    return entries


def split_dose(text: str) -> tuple[str, float | None, str | None]:
    """``sumatriptan 50mg`` → ("sumatriptan", 50.0, "mg")."""
    match = _DOSE.match(text.strip())
    if not match or not match.group("name"):
        return " ".join(text.split()), None, None
    amount = float(match.group("amount").replace(",", "."))
    unit = (match.group("unit") or "mg").lower()
    return " ".join(match.group("name").split()), amount, "CFU" if unit == "cfu" else unit


def log_medication(
    ctx: svc.Context,
    text: str,
    *,
    when: datetime,
    role: str = ACUTE_TAG,
    effect: str | None = None,
    relief_minutes: int | None = None,
    end: datetime | None = None,
    notes: str = "",
) -> Entry:
    """Acute dose (default), preventive regimen (``role='preventive'``, open-ended until
    ``end``) or antibiotic course (``role='antibiotic'``)."""
    name, amount, unit = split_dose(text)
    klass = "antibiotic" if role == ANTIBIOTIC_TAG else drug_class_for(name)
    if role == PREVENTIVE_TAG and klass is None:
        klass = "preventive"
    entry = svc.new_entry(
        ctx, kind=Kind.MEDICATION, name=name, start=when, end=end, amount=amount, unit=unit,
        tags=[role], notes=notes,
        details={"drug_class": klass, "effect": effect, "relief_minutes": relief_minutes},
    )  # fmt: skip
    return svc.add_entry(ctx, entry)


def log_sleep(
    ctx: svc.Context, *, bedtime: datetime, wake: datetime, quality: int | None = None
) -> Entry:
    if wake <= bedtime:
        wake += timedelta(days=1)
    entry = svc.new_entry(
        ctx, kind=Kind.SLEEP, name="sleep", start=bedtime, end=wake, intensity=quality
    )
    return svc.add_entry(ctx, entry)


def log_simple(
    ctx: svc.Context,
    kind: Kind,
    name: str,
    *,
    when: datetime,
    has_time: bool = True,
    end: datetime | None = None,
    amount: float | None = None,
    unit: str | None = None,
    intensity: int | None = None,
    tags: Sequence[str] = (),
    notes: str = "",
    details: dict[str, Any] | None = None,
) -> Entry:
    """Any other kind (stress, exercise, symptom, factor, weather, note, supplement, …)."""
    entry = svc.new_entry(
        ctx, kind=kind, name=name, start=when, start_has_time=has_time, end=end, amount=amount,
        unit=unit, intensity=intensity, tags=tags, notes=notes, details=details or {},
    )  # fmt: skip
    return svc.add_entry(ctx, entry)


def log_gi(ctx: svc.Context, symptom: str, severity: int, *, when: datetime) -> Entry:
    return log_simple(
        ctx, Kind.SYMPTOM, symptom.lower(), when=when, intensity=severity, tags=[GI_TAG]
    )


def log_stool(ctx: svc.Context, bristol: int, *, when: datetime) -> Entry:
    return log_simple(
        ctx, Kind.SYMPTOM, "stool", when=when, amount=bristol, unit="bristol", tags=[GI_TAG]
    )


def log_period(
    ctx: svc.Context, *, day: date, end_day: date | None = None, flow: str | None = None
) -> Entry:
    """A period day (or range of days), date-only as cycle days are counted by date."""
    return log_simple(
        ctx, Kind.MENSTRUATION, "period", when=ctx.midnight(day), has_time=False,
        end=None if end_day is None else ctx.midnight(end_day),
        details={"flow": flow},
    )  # fmt: skip


def log_supplement(
    ctx: svc.Context,
    text: str,
    *,
    when: datetime,
    probiotic: bool = False,
    strain: str | None = None,
) -> Entry:
    name, amount, unit = split_dose(text)
    tags = [PROBIOTIC_TAG] if probiotic or unit == "CFU" else []
    return log_simple(
        ctx, Kind.SUPPLEMENT, name, when=when, amount=amount, unit=unit, tags=tags,
        details={"strain": strain},
    )  # fmt: skip
