"""What the pages and the JSON API do with what a person typed, in one place so both do
exactly the same thing (they pass their validated form fields as plain mappings).

Each function validates fully before writing anything and raises ``GutbrainError`` (shown
as a 4xx with a message) for bad input.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.domain.errors import EntryError
from gutbrain.services import diary, imports, log, today, transfer, upload_limits
from gutbrain.services.diary import Context
from gutbrain.services.meals import UnderstoodItem, preview_meal
from gutbrain.services.when import parse_when

#: Upload limit for CSV import: a 10-year diary with 50 rows a day is ~20 MB.
MAX_UPLOAD_BYTES = upload_limits.MAX_UPLOAD_BYTES


def create_entry(ctx: Context, fields: Mapping[str, Any]) -> Entry:
    """A new entry from the entry form's fields (``start``/``end`` as typed)."""
    start, start_has_time = parse_when(fields["start"], ctx.now(), "start")
    end, end_has_time = (None, True)
    if fields.get("end"):
        end, end_has_time = parse_when(fields["end"], ctx.now(), "end")
    entry = diary.new_entry(
        ctx,
        kind=fields.get("kind"),
        name=fields.get("name"),
        start=start,
        start_has_time=start_has_time,
        end=end,
        end_has_time=end_has_time,
        amount=fields.get("amount"),
        unit=fields.get("unit"),
        intensity=fields.get("intensity"),
        tags=fields.get("tags"),
        notes=fields.get("notes"),
        details=fields.get("details"),
    )
    return diary.add_entry(ctx, entry)


def _now_in(ctx: Context, entry: Entry) -> datetime:
    """Now in the entry's own zone: an edited time without offset is in the zone it was
    logged in."""
    return ctx.now().astimezone(entry.zone)


def change_entry(ctx: Context, ref: str | uuid.UUID, fields: Mapping[str, Any]) -> Entry:
    """Apply the fields the person sent (only those) to an entry."""
    changes: dict[str, Any] = dict(fields)
    current = diary.get_entry(ctx, ref)
    if "start" in changes:
        if changes["start"] is None:
            raise EntryError(["start cannot be empty"])
        changes["start"], changes["start_has_time"] = parse_when(
            changes["start"], _now_in(ctx, current), "start"
        )
    if "end" in changes:
        if changes["end"]:
            changes["end"], changes["end_has_time"] = parse_when(
                changes["end"], _now_in(ctx, current), "end"
            )
        else:
            changes["end"], changes["end_has_time"] = None, True
    for key in ("name", "kind", "tags", "notes", "details"):
        if key in changes and changes[key] is None:
            raise EntryError([f"{key} cannot be null"])
    return diary.update_entry(ctx, current.id, **changes)


def day_entries(ctx: Context, day: date) -> list[Entry]:
    return diary.list_entries(ctx, since=day, until=day)


def check_in(ctx: Context, fields: Mapping[str, Any]) -> list[Entry]:
    """Log the day's check-in, replacing what an earlier check-in of that day logged."""
    values = dict(fields)
    factors = tuple(values.pop("factors", None) or ())
    form = today.CheckIn(**values, factors=factors)
    return today.check_in(ctx, form)


@dataclass(frozen=True, slots=True)
class MealResult:
    items: list[UnderstoodItem]
    logged: list[Entry]


def log_meal(ctx: Context, text: str, at: str | None = None) -> MealResult:
    """Log one food or drink entry per item, exactly as ``gutbrain log meal`` does."""
    when, has_time = (ctx.now(), True) if not at else parse_when(at, ctx.now(), "at")
    logged = log.log_meal(ctx, text, when=when, has_time=has_time)
    return MealResult(items=preview_meal(ctx, text), logged=logged)


# -- import / export -------------------------------------------------------------------
def import_upload(ctx: Context, raw: bytes) -> transfer.ImportResult:
    """Validate the whole file first (line-numbered errors, nothing written), then add;
    rows already in the diary are skipped."""
    upload_limits.check_upload(raw)  # size, a zip's real unpacked size and ratio, lines
    # a diary CSV, another app's CSV, or a phone export (invalid UTF-8 reported with its line)
    with upload_limits.one_import_per_diary(ctx.diary_id):
        result = imports.import_upload(ctx, raw)
    return transfer.ImportResult(rows=result.rows, added=result.added,
                                 bad_records=tuple(str(p) for p in result.problems))  # fmt: skip
