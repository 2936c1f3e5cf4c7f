"""mySymptoms' CSV diary report (origin and sample: docs/imports.md).

Rows have a variable number of fields: date (``12/26/2017``), time, event type, then the
event's items —
``12/26/2017, 10:00, Symptom, Stomach cramping, Intensity: 3, Duration: 6:00`` or
``12/26/2017, 10:55, Breakfast, "Porridge", "Porridge oats", "Chicken egg", "[ x 2 ]"``.
A ``[ … ]`` cell is the quantity of the item before it (``[ 200 mg ]``, ``[ x 2 ]``);
``Intensity: n`` (0–10) and ``Duration: h:mm`` belong to the symptom before them.  The CSV
flattens recipes, so an ingredient is an item of its own (the app's own limitation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from gutbrain.domain.entries import GI_SYMPTOMS, Kind
from gutbrain.io.app_csv import AppFormat, RowContext, number
from gutbrain.io.app_values import BRISTOL, dose, is_headache, severity
from gutbrain.io.loose_time import parse_duration

MEALS = ("breakfast", "lunch", "dinner", "snack", "food", "foods", "meal")
_LABELLED = re.compile(r"^(intensity|duration|severity)\s*:\s*(.*)$", re.I)
_QUANTITY = re.compile(r"^\[\s*(?:x\s*)?(\d+(?:[.,]\d+)?)\s*([^\]]*?)\s*\]$", re.I)


@dataclass
class Item:
    """One named thing in an event, with what the cells after it said about it."""

    name: str
    amount: float | None = None
    unit: str | None = None
    intensity: int | None = None
    duration: timedelta | None = None
    lasted: str = ""


def items_of(cells: list[str]) -> list[Item]:
    """The event's items from its cells after the type (see the module docstring)."""
    items: list[Item] = []
    for raw in (c.strip() for c in cells):
        if not raw:
            continue
        labelled, quantity = _LABELLED.match(raw), _QUANTITY.match(raw)
        target = items[-1] if items else None
        if labelled or quantity:
            if target is None:
                target = Item("")
                items.append(target)
            if quantity:
                target.amount = number(quantity.group(1), "quantity")
                target.unit = quantity.group(2).strip() or ("serving" if "x" in raw else None)
            elif labelled and labelled.group(1).lower() == "duration":
                target.duration = parse_duration(labelled.group(2))
                target.lasted = labelled.group(2).strip()
            elif labelled:
                target.intensity = severity(labelled.group(2), "intensity")
            continue
        if raw.startswith("[") and raw.endswith("]"):
            raise ValueError(f"{raw!r} is not a quantity like [ 200 mg ] or [ x 2 ]")
        items.append(Item(raw))
    return items


def _symptom(base: dict[str, Any], item: Item, ctx: RowContext) -> list[dict[str, Any]]:
    if item.intensity == 0:
        ctx.mapped("symptom with intensity 0 → nothing")
        return []
    end = None if item.duration is None else base["start"] + item.duration
    if is_headache(item.name):
        return [{**base, "kind": Kind.ATTACK, "name": item.name.lower(),
                 "intensity": item.intensity, "end": end}]  # fmt: skip
    if item.duration is not None:
        ctx.mapped("symptom duration → notes")
    tags = ["gi"] if item.name.lower() in GI_SYMPTOMS else []
    lasted = f"lasted {item.lasted}" if item.lasted else ""
    return [{**base, "kind": Kind.SYMPTOM, "name": item.name, "intensity": item.intensity,
             "tags": tags, "notes": lasted}]  # fmt: skip


def _one(kind: str, base: dict[str, Any], item: Item, ctx: RowContext) -> list[dict[str, Any]]:
    fields = {**base, "name": item.name, "amount": item.amount, "unit": item.unit}
    if kind in MEALS:
        return [{**fields, "kind": Kind.FOOD}]
    if kind in ("drink", "drinks"):
        return [{**fields, "kind": Kind.DRINK}]
    if kind in ("medication", "medications", "medicine"):
        name, amount, unit = dose(item.name)
        return [{**fields, "kind": Kind.MEDICATION, "name": name,
                 "amount": amount if amount is not None else item.amount,
                 "unit": unit or item.unit}]  # fmt: skip
    if kind in ("supplement", "supplements"):
        return [{**fields, "kind": Kind.SUPPLEMENT}]
    if kind in ("symptom", "symptoms"):
        return _symptom(base, item, ctx)
    if kind in ("exercise", "exercises", "activity"):
        end = None if item.duration is None else base["start"] + item.duration
        return [{**base, "kind": Kind.EXERCISE, "name": item.name or "exercise", "end": end}]
    if kind in ("stress", "stressors"):
        return [{**base, "kind": Kind.STRESS, "name": item.name or "stress",
                 "intensity": item.intensity}]  # fmt: skip
    if kind in ("note", "notes"):
        return [{**base, "kind": Kind.NOTE, "name": "mysymptoms note", "notes": item.name}]
    # energy, environment, other and anything new: a factor, never dropped
    ctx.mapped(f"type {kind!r} → factor")
    return [{**fields, "kind": Kind.FACTOR, "name": f"{kind}: {item.name}".rstrip(": "),
             "intensity": item.intensity}]  # fmt: skip


def mysymptoms_row(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
    cells = [record[k] for k in record]  # by position: date, time, type, items…
    start, has_time = ctx.moment(cells[0], cells[1] if len(cells) > 1 else "")
    kind = cells[2].strip().lower() if len(cells) > 2 else ""
    if not kind:
        raise ValueError("no event type (third field)")
    items = items_of(cells[3:])
    base: dict[str, Any] = {"start": start, "start_has_time": has_time}
    if kind in ("bowel movement", "bowel movements", "bm"):
        text = " ".join(i.name for i in items)
        found = BRISTOL.search(text)
        if not found:
            raise ValueError(f"bowel movement {text!r} has no Bristol type")
        return [{**base, "kind": Kind.SYMPTOM, "name": "stool", "amount": int(found.group(1)),
                 "unit": "bristol", "tags": ["gi"]}]  # fmt: skip
    if kind in ("sleep", "sleep quality"):
        quality = next((i.intensity for i in items if i.intensity is not None), None)
        return [{**base, "kind": Kind.SLEEP, "name": "sleep", "intensity": quality}]
    if not items:
        raise ValueError(f"a {cells[2].strip()} event with no items")
    return [entry for item in items for entry in _one(kind, base, item, ctx)]


MYSYMPTOMS = AppFormat(
    "mySymptoms",
    "More → Diary Report → CSV: rows of any width — date, time, event type, then its items "
    "with [ quantity ], Intensity: n and Duration: h:mm cells",
    {"date": ("date",), "type": ("type",)},
    ("date",),
    mysymptoms_row,
    ragged=True,
    positions=("date", "time", "type"),
)
