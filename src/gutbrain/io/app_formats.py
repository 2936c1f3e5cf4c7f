"""Migraine Buddy, Bearable and mySymptoms CSV exports (formats and their origin:
docs/imports.md).  None of these apps documents its export publicly; the column names below are
the ones their exports are known to use, with the common variants, and unknown columns are
never needed.  Files that differ are still importable through ``--map``.

Attack triggers that a migraine app asks about *during* attacks are kept as notes on the
attack, never as exposures: a factor recorded only on attack days would look like a trigger
whatever its true effect (recall bias; statistics.md on exposure ascertainment).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from gutbrain.domain.entries import GI_SYMPTOMS, Kind
from gutbrain.io.app_csv import AppFormat, RowContext, column, number, split_list
from gutbrain.io.loose_time import parse_duration

#: Severity words → 0–10 (band midpoints mild 1–3, moderate 4–6, severe 7–10; as
#: io.health_samples); "extreme"/"unbearable" is the top of the scale.
SEVERITY_WORDS = {"none": 0, "mild": 2, "low": 2, "moderate": 5, "medium": 5, "severe": 8,
                  "high": 8, "extreme": 10, "unbearable": 10, "very severe": 10}  # fmt: skip
#: Bearable rates symptoms 0–4 (none, mild, moderate, severe, unbearable).
BEARABLE_SEVERITY = {0: 0, 1: 2, 2: 5, 3: 8, 4: 10}
SYMPTOM_TAGS = {
    "sensitivity to light": "photophobia", "light sensitivity": "photophobia",
    "sensitivity to sound": "phonophobia", "sound sensitivity": "phonophobia",
    "noise sensitivity": "phonophobia", "sensitivity to smell": "osmophobia",
    "smell sensitivity": "osmophobia", "throbbing": "pulsating", "pulsating pain": "pulsating",
    "tiredness": "fatigue", "one side": "unilateral", "stiff neck": "neck pain",
}  # fmt: skip
EFFECTS = (("not helpful", "none"), ("unhelpful", "none"), ("didn't help", "none"),
           ("no effect", "none"), ("no relief", "none"), ("somewhat", "some"),
           ("a little", "some"), ("partly", "some"), ("complete", "complete"),
           ("very helpful", "good"), ("helpful", "good"), ("helped", "good"))  # fmt: skip
_DOSE = re.compile(
    r"^(.*?)\s*(\d+(?:[.,]\d+)?)\s*(mg|g|mcg|µg|ml|iu|units?|tablets?|pills?)$", re.I
)
_QUANTITY = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([^\d\s].*)?$")
_BRISTOL = re.compile(r"(?:type|bristol)\s*(\d)", re.I)


def is_headache(name: str) -> bool:
    lowered = name.lower()
    return "migraine" in lowered or "headache" in lowered


def severity(text: str, what: str = "intensity") -> int | None:
    """A 0–10 intensity from a word (mild, severe, …) or a number 0–10."""
    raw = text.strip().lower()
    if not raw:
        return None
    if raw in SEVERITY_WORDS:
        return SEVERITY_WORDS[raw]
    value = number(raw, what)
    if value is None or value != int(value) or not 0 <= value <= 10:
        raise ValueError(f"{what} {text.strip()!r} is not a word like mild/severe or 0–10")
    return int(value)


def symptom_tags(text: str) -> list[str]:
    return [SYMPTOM_TAGS.get(s.lower(), s.lower()) for s in split_list(text)]


def dose(text: str) -> tuple[str, float | None, str | None]:
    """``Sumatriptan 50mg`` → ("Sumatriptan", 50, "mg")."""
    match = _DOSE.match(text.strip())
    if not match:
        return text.strip(), None, None
    return (
        match.group(1).strip() or text.strip(),
        float(match.group(2).replace(",", ".")),
        match.group(3).lower(),
    )


def medication_effect(text: str) -> tuple[str, str | None]:
    """``Sumatriptan 50mg (helpful)`` → ("Sumatriptan 50mg", "good")."""
    match = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", text)
    if not match:
        return text.strip(), None
    said = match.group(2).lower()
    return match.group(1).strip(), next((e for word, e in EFFECTS if word in said), None)


def medications(text: str, start: datetime, has_time: bool) -> list[dict[str, Any]]:
    out = []
    for item in split_list(text):
        named, effect = medication_effect(item)
        name, amount, unit = dose(named)
        out.append({"kind": Kind.MEDICATION, "name": name, "start": start,
                    "start_has_time": has_time, "amount": amount, "unit": unit,
                    "tags": ["acute"], "details": {"effect": effect}})  # fmt: skip
    return out


def _yes(text: str) -> bool:
    return text.strip().lower() not in ("", "no", "none", "false", "0", "n")


# -- Migraine Buddy ------------------------------------------------------------------------
def _migraine_buddy(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    start, has_time = ctx.moment(column(record, "start date", "date", "start", "started"),
                                 column(record, "start time", "time"))  # fmt: skip
    end, end_has_time = None, True
    end_day = column(record, "end date", "end", "ended")
    if end_day:
        end, end_has_time = ctx.moment(end_day, column(record, "end time"))
    elif column(record, "duration"):
        end = start + parse_duration(column(record, "duration"))
    tags = symptom_tags(column(record, "symptoms"))
    aura = column(record, "aura", "auras")
    if aura and _yes(aura):
        tags.append("aura")
    notes = [column(record, "notes", "note", "comments")]
    triggers = column(record, "triggers", "potential triggers")
    if triggers and triggers.lower() not in ("no idea", "none"):
        notes.append(f"suspected triggers: {triggers}")
    position = column(record, "pain position", "pain location", "position", "location")
    attack = {
        "kind": Kind.ATTACK, "name": "migraine", "start": start, "start_has_time": has_time,
        "end": end, "end_has_time": end_has_time, "tags": tags,
        "intensity": severity(column(record, "pain level", "pain", "intensity", "pain intensity"),
                              "pain level"),
        "notes": "\n".join(n for n in notes if n),
        "details": {"location": position or None},
    }  # fmt: skip
    meds = medications(column(record, "medication", "medications", "acute medication", "drugs"),
                       start, has_time)  # fmt: skip
    return [attack, *meds]


MIGRAINE_BUDDY = AppFormat(
    "Migraine Buddy",
    "attack list CSV (Date/Start, Time, End or Duration, Pain Level, Symptoms, Aura, Triggers, "
    "Medication, Notes); not documented by Healint — from observed exports and the community "
    "parser's field list",
    {"start": ("start date", "date", "start", "started"),
     "pain level": ("pain level", "pain", "intensity", "pain intensity")},
    ("start date", "date", "start", "started", "end date", "end", "ended"),
    _migraine_buddy,
)  # fmt: skip


# -- Bearable ------------------------------------------------------------------------------
def _bearable(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    start, has_time = ctx.moment(column(record, "date formatted", "date"),
                                 column(record, "time"))  # fmt: skip
    category = column(record, "category").lower()
    detail = column(record, "detail", "details", "name")
    rating = column(record, "rating/amount", "rating", "amount")
    base: dict[str, Any] = {"start": start, "start_has_time": has_time,
                            "notes": column(record, "notes", "note"),
                            "details": {"time_of_day": column(record, "time of day") or None}}  # fmt: skip
    if category in ("symptom", "symptoms"):
        level = number(rating, "rating")
        if level is not None and (level != int(level) or int(level) not in BEARABLE_SEVERITY):
            raise ValueError(f"symptom rating {rating!r} is not 0–4")
        if level == 0:
            return []  # rated "none": not present
        intensity = None if level is None else BEARABLE_SEVERITY[int(level)]
        if is_headache(detail):
            return [{**base, "kind": Kind.ATTACK, "name": detail.lower(), "intensity": intensity}]
        tags = ["gi"] if detail.lower() in GI_SYMPTOMS else []
        return [{**base, "kind": Kind.SYMPTOM, "name": detail, "intensity": intensity,
                 "tags": tags}]  # fmt: skip
    if category == "sleep":
        return [{**base, "kind": Kind.SLEEP, "name": "sleep", "amount": number(rating, "sleep hours"),
                 "unit": "h"}]  # fmt: skip
    if category in ("medication", "medications"):
        name, amount, unit = dose(detail)
        return [{**base, "kind": Kind.MEDICATION, "name": name, "amount": amount, "unit": unit}]
    if category in ("nutrition", "food", "meals", "diet"):
        return [{**base, "kind": Kind.FOOD, "name": detail}]
    if category in ("bowel movements", "bowel movement", "bowels"):
        found = _BRISTOL.search(detail) or _BRISTOL.search(f"type {rating}")
        if not found:
            raise ValueError(f"bowel movement {detail!r} has no Bristol type")
        return [{**base, "kind": Kind.SYMPTOM, "name": "stool", "amount": int(found.group(1)),
                 "unit": "bristol", "tags": ["gi"]}]  # fmt: skip
    if category == "stress":
        level = number(rating, "stress")
        return [{**base, "kind": Kind.STRESS, "name": detail or "stress",
                 "intensity": None if level is None else round(level * 2)}]  # fmt: skip
    if category in ("notes", "note", "gratitude", "journal"):
        text = "\n".join(x for x in (detail, base["notes"]) if x)
        return [{**base, "kind": Kind.NOTE, "name": f"bearable {category}", "notes": text}]
    # mood, energy, factors, health measurements and anything new: a factor, never dropped
    name = detail if category in ("factors", "factor") else f"{category}: {detail}".rstrip(": ")
    return [{**base, "kind": Kind.FACTOR, "name": name or category,
             "amount": number(rating, "rating/amount")}]  # fmt: skip


BEARABLE = AppFormat(
    "Bearable",
    "Settings → Export data CSV, one row per logged item: date, weekday, time of day, "
    "category, rating/amount, detail, notes; not publicly documented — from observed exports",
    {"date": ("date formatted", "date"), "category": ("category",)},
    ("date formatted", "date"),
    _bearable,
)


# -- mySymptoms ----------------------------------------------------------------------------
def _quantity(text: str) -> tuple[float | None, str | None]:
    match = _QUANTITY.match(text.strip())
    if not match:
        return None, None
    return float(match.group(1).replace(",", ".")), (match.group(2) or "").strip() or None


def _mysymptoms(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    start, has_time = ctx.moment(column(record, "date"), column(record, "time"))
    kind = column(record, "type", "event type", "category").lower()
    name = column(record, "name", "item", "description", "event")
    duration = column(record, "duration")
    end = start + parse_duration(duration) if duration else None
    amount, unit = _quantity(column(record, "quantity", "amount"))
    base: dict[str, Any] = {"start": start, "start_has_time": has_time, "end": end,
                            "notes": column(record, "notes", "note", "comments")}  # fmt: skip
    intensity_text = column(record, "intensity", "severity")
    if kind in ("food", "meal", "breakfast", "lunch", "dinner", "snack"):
        return [{**base, "kind": Kind.FOOD, "name": name, "amount": amount, "unit": unit}]
    if kind == "drink":
        return [{**base, "kind": Kind.DRINK, "name": name, "amount": amount, "unit": unit}]
    if kind in ("medication", "medicine"):
        named, dose_amount, dose_unit = dose(name)
        return [{**base, "kind": Kind.MEDICATION, "name": named,
                 "amount": dose_amount if dose_amount is not None else amount,
                 "unit": dose_unit or unit}]  # fmt: skip
    if kind == "supplement":
        return [{**base, "kind": Kind.SUPPLEMENT, "name": name, "amount": amount, "unit": unit}]
    if kind in ("bowel movement", "bowel movements", "bm"):
        found = _BRISTOL.search(name) or _BRISTOL.search(f"type {intensity_text}")
        if not found:
            raise ValueError(f"bowel movement {name!r} has no Bristol type")
        return [{**base, "kind": Kind.SYMPTOM, "name": "stool", "amount": int(found.group(1)),
                 "unit": "bristol", "tags": ["gi"], "end": None}]  # fmt: skip
    level = severity(intensity_text)
    if kind == "symptom":
        if level == 0:
            return []
        if is_headache(name):
            return [{**base, "kind": Kind.ATTACK, "name": name.lower(), "intensity": level}]
        tags = ["gi"] if name.lower() in GI_SYMPTOMS else []
        return [{**base, "kind": Kind.SYMPTOM, "name": name, "intensity": level, "tags": tags,
                 "end": None}]  # fmt: skip
    if kind == "sleep":
        return [{**base, "kind": Kind.SLEEP, "name": "sleep", "intensity": level}]
    if kind in ("exercise", "activity"):
        minutes = None if end is None else (end - start) / timedelta(minutes=1)
        return [{**base, "kind": Kind.EXERCISE, "name": name or "exercise",
                 "details": {"minutes": minutes}}]  # fmt: skip
    if kind == "stress":
        return [{**base, "kind": Kind.STRESS, "name": name or "stress", "intensity": level,
                 "end": None}]  # fmt: skip
    if kind in ("note", "notes"):
        return [{**base, "kind": Kind.NOTE, "name": name or "mysymptoms note", "end": None}]
    # environment, other, and anything new: a factor, never dropped
    label = f"{kind}: {name}" if kind and kind not in ("other", "factor") else name
    return [{**base, "kind": Kind.FACTOR, "name": label or kind, "amount": amount,
             "unit": unit, "intensity": level}]  # fmt: skip


MYSYMPTOMS = AppFormat(
    "mySymptoms",
    "Export → CSV diary: Date, Time, Type, Name, Intensity, Duration, Quantity, Notes; not "
    "publicly documented by SkyGazer Labs — from observed exports",
    {"date": ("date",), "type": ("type", "event type", "category"),
     "name": ("name", "item", "description", "event")},
    ("date",),
    _mysymptoms,
)  # fmt: skip

FORMATS = {"migraine-buddy": MIGRAINE_BUDDY, "bearable": BEARABLE, "mysymptoms": MYSYMPTOMS}
