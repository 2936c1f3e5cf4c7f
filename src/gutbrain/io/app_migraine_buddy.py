"""Migraine Buddy's CSV export (origin and sample: docs/imports.md).

The export starts with a section of ongoing events (``"Date","Time Period","Description",
"Notes"``), a blank line, then one row per attack under ``"#","Started","Lasted",…``:
``Started`` is the local wall clock (``11/16/24 14:30``) with ``Start UTC Offset (min)``,
``Lasted`` the duration (``01h 00m``, ``1d 02h 15m``), medications sit in four columns by how
much they helped.  Older and hand-made files with ``Start Date``/``Duration``/``Medication``
columns are read too.

Attack types decide the kind: a migraine (or an unclassified headache) is an ``attack``; a
tension-type or cluster headache is a ``symptom`` (it is not the outcome the trigger analysis
studies).  Pain level 0 is not an attack: the episode is kept as a note.  Triggers the app asks
about *during* attacks go into the attack's notes, never into exposures: a factor recorded only
on attack days would look like a trigger whatever its true effect (recall bias).
"""

from __future__ import annotations

from typing import Any

from gutbrain.domain.entries import Kind
from gutbrain.io.app_csv import AppFormat, RowContext, column, split_list
from gutbrain.io.app_values import (
    dose,
    medication_effect,
    offset_zone,
    severity,
    symptom_tags,
    yes,
)
from gutbrain.io.loose_time import parse_duration

#: Migraine Buddy's medication columns and the diary's ``effect`` each one means.
MEDICATION_COLUMNS = {
    "helpful medication": "good", "somewhat helpful medication": "some",
    "unhelpful medication": "none", "unsure medication": None,
    "medication": None, "medications": None, "acute medication": None, "drugs": None,
}  # fmt: skip
#: Attack types that are not migraine: kept as a symptom of that name.
NOT_MIGRAINE = ("tension", "cluster", "sinus", "hangover", "cervicogenic")
NONE_WORDS = ("no medication", "none", "no idea", "")
#: Lines of the attack's notes: column → label.
NOTE_COLUMNS = {
    "attack location": "Where", "affected activities": "Affected activities",
    "most bothersome symptom": "Most bothersome symptom",
    "premonitory symptoms": "Premonitory symptoms",
}  # fmt: skip


def _attack_kind(types: str, ctx: RowContext) -> tuple[Kind, str]:
    words = [t.lower() for t in split_list(types)]
    if not words or any("migraine" in w for w in words):
        return Kind.ATTACK, "migraine"
    other = next((w for w in words if any(n in w for n in NOT_MIGRAINE)), None)
    if other:
        ctx.mapped(f"attack type {other!r} → symptom (not a migraine attack)")
        return Kind.SYMPTOM, other
    return Kind.ATTACK, "headache" if "headache" in words[0] else "migraine"


def _side(positions: list[str]) -> str | None:
    sides = {s for p in positions for s in ("left", "right") if s in p.lower()}
    both = any("both" in p.lower() for p in positions)
    return "both" if both or len(sides) == 2 else next(iter(sides), None)


def _medications(record: dict[str, str], start: Any, has_time: bool, ctx: RowContext,
                 tz: str) -> list[dict[str, Any]]:  # fmt: skip
    out = []
    for name, effect in MEDICATION_COLUMNS.items():
        for item in split_list(column(record, name)):
            if item.lower() in NONE_WORDS:
                continue
            named, said = medication_effect(item)
            drug, amount, unit = dose(named)
            out.append({"kind": Kind.MEDICATION, "name": drug, "start": start, "tz": tz,
                        "start_has_time": has_time, "amount": amount, "unit": unit,
                        "tags": ["acute"], "details": {"effect": effect or said}})  # fmt: skip
            if effect or said:
                ctx.mapped(f"medication helpfulness → effect {effect or said}")
    return out


def migraine_buddy_row(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    start, has_time = ctx.moment(column(record, "started", "start date", "date", "start"),
                                 column(record, "start time", "time"))  # fmt: skip
    tz = ctx.tz
    offset = column(record, "start utc offset (min)")
    if offset and has_time:
        start, tz = offset_zone(start, offset, ctx.tz)
        ctx.mapped("start UTC offset → exact instant and zone")
    end, end_has_time = None, True
    end_day = column(record, "end date", "end", "ended")
    lasted = column(record, "lasted", "duration")
    if end_day:
        end, end_has_time = ctx.moment(end_day, column(record, "end time"))
    elif lasted:
        end = start + parse_duration(lasted)
        ctx.mapped("Lasted → end time")
    tags = symptom_tags(column(record, "symptoms"))
    aura = column(record, "aura", "auras")
    if (aura and yes(aura)) or any("aura" in t for t in tags):
        tags = [t for t in tags if "aura" not in t] + ["aura"]
    notes = [column(record, "notes", "note", "comments")]
    notes += [f"{label}: {column(record, name)}" for name, label in NOTE_COLUMNS.items()
              if column(record, name)]  # fmt: skip
    triggers = column(record, "potential triggers", "triggers")
    if triggers and triggers.lower() not in NONE_WORDS:
        notes.append(f"suspected triggers: {triggers}")
    positions = split_list(column(record, "pain positions", "pain position", "pain location"))
    pain = severity(column(record, "pain level", "pain", "intensity", "pain intensity"),
                    "pain level")  # fmt: skip
    kind, name = _attack_kind(column(record, "attack types", "attack type", "type"), ctx)
    text = "\n".join(n for n in notes if n)
    meds = _medications(record, start, has_time, ctx, tz)
    if pain == 0:
        ctx.mapped("pain level 0 → note (not an attack)")
        summary = "; ".join(x for x in (name, ", ".join(tags), text) if x)
        return [{"kind": Kind.NOTE, "name": "migraine buddy: episode without pain",
                 "start": start, "start_has_time": has_time, "tz": tz,
                 "notes": summary}, *meds]  # fmt: skip
    episode: dict[str, Any] = {
        "kind": kind, "name": name, "start": start, "start_has_time": has_time, "tz": tz,
        "intensity": pain, "notes": text,
    }  # fmt: skip
    if kind is Kind.ATTACK:
        episode.update(end=end, end_has_time=end_has_time, tags=tags,
                       details={"location": ", ".join(positions) or None,
                                "side": _side(positions)})  # fmt: skip
    else:
        episode.update(tags=["headache", *tags], notes="\n".join(
            x for x in (text, f"lasted {lasted}" if lasted else "",
                        f"pain positions: {', '.join(positions)}" if positions else "") if x))  # fmt: skip
    return [episode, *meds]


MIGRAINE_BUDDY = AppFormat(
    "Migraine Buddy",
    "attack list CSV after an ongoing-events preamble: #, Started, Lasted, Start/End UTC "
    "Offset (min), Geohash, Attack Types, Attack Location, Pain Level, Affected Activities, "
    "Potential Triggers, Symptoms, Most Bothersome Symptom, Premonitory Symptoms, Pain "
    "Positions, Helpful / Somewhat Helpful / Unhelpful / Unsure Medication, Notes",
    {"start": ("started", "start date", "date", "start"),
     "pain level": ("pain level", "pain", "intensity", "pain intensity")},
    ("started", "start date", "date", "start", "end date", "end", "ended"),
    migraine_buddy_row,
)  # fmt: skip
