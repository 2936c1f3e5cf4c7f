"""Bearable's CSV export (origin and sample: docs/imports.md): one row per logged item,
``date, weekday, time of day, category, rating/amount, detail, notes`` (some exports add
``date formatted``).

Its spellings: dates ``8th Dec 2021``; sleep ``6:15`` (h:mm) with ``Asleep 00:45 - 07:00`` in
the detail; symptoms ``Bloating (Mild)`` rated 0–4; nutrition ``Meals: Pasta | Salad`` and
``Amount eaten – Moderate`` (a rating of the day's eating, not a food).  Time-of-day segments
are not clock times, so entries are date-only (the segment is kept in ``details``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from gutbrain.domain.entries import GI_SYMPTOMS, Kind
from gutbrain.io.app_csv import AppFormat, RowContext, column, number
from gutbrain.io.app_values import (
    BEARABLE_SEVERITY,
    BRISTOL,
    SEVERITY_WORDS,
    dose,
    is_headache,
    severity_suffix,
)
from gutbrain.io.loose_time import parse_clock, parse_duration

_ASLEEP = re.compile(r"asleep\s+(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})", re.I)
#: ``Amount eaten – Moderate``: a rating of the day's eating (label – value).
_RATED = re.compile(r"^([^–\-:|]+?)\s+[–\-—]\s+(.+)$")


def _hours(text: str) -> float | None:
    """Sleep as Bearable writes it: ``6:15`` (h:mm) or ``6.25`` hours."""
    if ":" in text:
        return parse_duration(text) / timedelta(hours=1)
    return number(text, "sleep hours")


def _symptom(base: dict[str, Any], detail: str, rating: str,
             ctx: RowContext) -> list[dict[str, Any]]:  # fmt: skip
    name, word = severity_suffix(detail)
    level = number(rating, "rating")
    if level is not None and (level != int(level) or int(level) not in BEARABLE_SEVERITY):
        raise ValueError(f"symptom rating {rating!r} is not 0–4")
    if level == 0 or word == "none":
        ctx.mapped("symptom rated 0 (none) → nothing")
        return []
    intensity = BEARABLE_SEVERITY[int(level)] if level is not None else None
    if intensity is None and word:
        intensity = SEVERITY_WORDS[word]
    if word:
        ctx.mapped("severity suffix → intensity")
    if is_headache(name):
        return [{**base, "kind": Kind.ATTACK, "name": name.lower(), "intensity": intensity}]
    tags = ["gi"] if name.lower() in GI_SYMPTOMS else []
    return [{**base, "kind": Kind.SYMPTOM, "name": name, "intensity": intensity, "tags": tags}]


def _sleep(base: dict[str, Any], detail: str, rating: str,
           ctx: RowContext) -> list[dict[str, Any]]:  # fmt: skip
    entry = {**base, "kind": Kind.SLEEP, "name": "sleep", "amount": _hours(rating), "unit": "h"}
    asleep = _ASLEEP.search(detail)
    if asleep:  # the night ending on this day: asleep the evening before when it is later
        day = base["start"]
        fell, woke = parse_clock(asleep.group(1)), parse_clock(asleep.group(2))
        end = day.replace(hour=woke.hour, minute=woke.minute)
        start = day.replace(hour=fell.hour, minute=fell.minute)
        if start >= end:
            start -= timedelta(days=1)
        entry.update(start=start, end=end, start_has_time=True)
        if entry["amount"] is None:
            entry["amount"] = round((end - start) / timedelta(hours=1), 2)
        ctx.mapped("Asleep hh:mm - hh:mm → sleep start and end")
    return [entry]


def _nutrition(base: dict[str, Any], detail: str, rating: str,
               ctx: RowContext) -> list[dict[str, Any]]:  # fmt: skip
    if detail.lower().startswith("meals:"):
        items = [i.strip() for i in detail.split(":", 1)[1].split("|") if i.strip()]
        ctx.mapped("Meals: a | b → one food entry each", len(items))
        return [{**base, "kind": Kind.FOOD, "name": item} for item in items]
    rated = _RATED.match(detail)
    if rated:
        ctx.mapped(f"{rated.group(1).strip()} – … → factor (a rating, not a food)")
        return [{**base, "kind": Kind.FACTOR,
                 "name": f"{rated.group(1).strip().lower()}: {rated.group(2).strip().lower()}",
                 "amount": number(rating, "rating/amount")}]  # fmt: skip
    return [{**base, "kind": Kind.FOOD, "name": detail}]


def bearable_row(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    start, has_time = ctx.moment(column(record, "date formatted", "date"),
                                 column(record, "time"))  # fmt: skip
    category = column(record, "category").lower()
    detail = column(record, "detail", "details", "name")
    rating = column(record, "rating/amount", "rating", "amount")
    column(record, "weekday")  # implied by the date
    base: dict[str, Any] = {"start": start, "start_has_time": has_time,
                            "notes": column(record, "notes", "note"),
                            "details": {"time_of_day": column(record, "time of day") or None}}  # fmt: skip
    if category in ("symptom", "symptoms"):
        return _symptom(base, detail, rating, ctx)
    if category == "sleep":
        return _sleep(base, detail, rating, ctx)
    if category in ("medication", "medications"):
        name, amount, unit = dose(detail)
        return [{**base, "kind": Kind.MEDICATION, "name": name, "amount": amount, "unit": unit}]
    if category in ("nutrition", "food", "meals", "diet"):
        return _nutrition(base, detail, rating, ctx)
    if category in ("bowel movements", "bowel movement", "bowels"):
        found = BRISTOL.search(detail) or BRISTOL.search(f"type {rating}")
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
    ctx.mapped(f"category {category!r} → factor")
    name = detail if category in ("factors", "factor") else f"{category}: {detail}".rstrip(": ")
    return [{**base, "kind": Kind.FACTOR, "name": name or category,
             "amount": number(rating, "rating/amount")}]  # fmt: skip


BEARABLE = AppFormat(
    "Bearable",
    "Settings → Export data CSV, one row per logged item: date, weekday, time of day, "
    "category, rating/amount, detail, notes (date formatted in some exports)",
    {"date": ("date formatted", "date"), "category": ("category",),
     "rating/amount": ("rating/amount", "rating", "amount")},
    ("date formatted", "date"),
    bearable_row,
)  # fmt: skip
