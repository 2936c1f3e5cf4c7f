"""What the pages and the JSON API do, in one place so both do exactly the same thing.

Each function validates fully before writing anything and raises ``GutbrainError`` (shown
as a 4xx with a message) for bad input.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.domain.errors import EntryError
from gutbrain.services import diary, imports, log, today, transfer, upload_limits
from gutbrain.services.diary import Context
from gutbrain.services.meals import UnderstoodItem, preview_meal
from gutbrain.services.when import parse_when
from gutbrain.web.schemas import CheckInCreate, EntryCreate, EntryUpdate

#: Upload limit for CSV import: a 10-year diary with 50 rows a day is ~20 MB.
MAX_UPLOAD_BYTES = upload_limits.MAX_UPLOAD_BYTES


def create_entry(ctx: Context, data: EntryCreate) -> Entry:
    start, start_has_time = parse_when(data.start, ctx.now(), "start")
    end, end_has_time = (None, True)
    if data.end:
        end, end_has_time = parse_when(data.end, ctx.now(), "end")
    entry = diary.new_entry(
        ctx,
        kind=data.kind,
        name=data.name,
        start=start,
        start_has_time=start_has_time,
        end=end,
        end_has_time=end_has_time,
        amount=data.amount,
        unit=data.unit,
        intensity=data.intensity,
        tags=data.tags,
        notes=data.notes,
        details=data.details,
    )
    return diary.add_entry(ctx, entry)


def _now_in(ctx: Context, entry: Entry) -> datetime:
    """Now in the entry's own zone: an edited time without offset is in the zone it was
    logged in."""
    return ctx.now().astimezone(entry.zone)


def change_entry(ctx: Context, ref: str | uuid.UUID, data: EntryUpdate) -> Entry:
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
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


def check_in(ctx: Context, data: CheckInCreate) -> list[Entry]:
    """Log the day's check-in, replacing what an earlier check-in of that day logged."""
    form = today.CheckIn(**data.model_dump(exclude={"factors"}), factors=tuple(data.factors))
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
def import_csv(ctx: Context, raw: bytes) -> transfer.ImportResult:
    """Validate the whole file first (line-numbered errors, nothing written), then add;
    rows already in the diary are skipped."""
    upload_limits.check_upload(raw)  # size, a zip's real unpacked size and ratio, lines
    # a diary CSV, another app's CSV, or a phone export (invalid UTF-8 reported with its line)
    with upload_limits.one_import_per_diary(ctx.diary_id):
        result = imports.import_upload(ctx, raw)
    return transfer.ImportResult(rows=result.rows, added=result.added)
