"""Diary: list, search, add, edit, delete entries; CSV import with line-numbered errors;
export downloads."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import diary, edits, transfer
from gutbrain.services.transfer import ImportRejectedError
from gutbrain.services.when import format_instant
from gutbrain.web.deps import Ctx, Holder, Reads
from gutbrain.web.pages.forms import opt_float, opt_int, validated
from gutbrain.web.render import page, redirect
from gutbrain.web.schemas import EntryCreate, EntryUpdate

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
OptStr = Annotated[str | None, Form()]


@router.get("/diary", response_class=HTMLResponse)
def diary_page(
    request: Request,
    ctx: Ctx,
    reads: Reads,
    q: Annotated[str | None, Query(max_length=200)] = None,
    kind: Annotated[Kind | None, Query()] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    offset = (page_no - 1) * PAGE_SIZE
    rows = reads.newest(
        kinds=[kind] if kind else None, search=q or None, limit=PAGE_SIZE + 1, offset=offset
    )
    query = urlencode({"q": q or "", "kind": kind.value if kind else ""})
    twin = {"limit": PAGE_SIZE, "offset": offset, **({"q": q} if q else {})}
    if kind:
        twin["kind"] = kind.value
    return page(
        request,
        ctx,
        "diary.html",
        title="Diary",
        active="/diary",
        json_url="/api/v1/entries?" + urlencode(twin),
        entries=rows[:PAGE_SIZE],
        has_more=len(rows) > PAGE_SIZE,
        page_no=page_no,
        q=q or "",
        kind=kind.value if kind else "",
        kinds=[k.value for k in Kind],
        query=query,
        show_day=True,
        import_errors=[],
    )


@router.post("/diary/import", response_class=HTMLResponse)
def import_page(
    request: Request, ctx: Ctx, holder: Holder, reads: Reads, file: UploadFile
) -> Response:
    """Whole-file validation: on any bad line nothing is written and every line is listed."""
    try:
        result = edits.import_upload(ctx, file.file.read(edits.MAX_UPLOAD_BYTES + 1))
    except ImportRejectedError as exc:
        problems = [str(p) for p in exc.problems]
        return _import_failed(request, ctx, reads, file.filename, problems)
    except GutbrainError as exc:
        return _import_failed(request, ctx, reads, file.filename, [str(exc)])
    holder.bump()
    skipped = result.bad_records
    note = (f"; {len(skipped)} bad record{'s' if len(skipped) != 1 else ''} skipped: "
            + "; ".join(skipped[:5]) + (" …" if len(skipped) > 5 else "")) if skipped else ""  # fmt: skip
    return redirect(
        "/diary",
        f"Imported {file.filename}: {result.rows} rows read, {result.added} new entries{note}.",
    )


def _import_failed(
    request: Request, ctx: Ctx, reads: Reads, filename: str | None, problems: list[str]
) -> HTMLResponse:
    rows = reads.newest(limit=PAGE_SIZE)
    return page(
        request,
        ctx,
        "diary.html",
        title="Diary",
        active="/diary",
        status_code=422,
        entries=rows,
        has_more=False,
        page_no=1,
        q="",
        kind="",
        kinds=[k.value for k in Kind],
        query="",
        show_day=True,
        import_errors=problems,
        import_name=filename or "the file",
    )


@router.get("/export/diary.csv")
def export_csv(ctx: Ctx) -> Response:
    return Response(
        transfer.export_csv(ctx),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gutbrain-diary.csv"'},
    )


@router.get("/export/diary.json")
def export_json(ctx: Ctx) -> Response:
    """The whole diary (entries, settings, conditions, food mappings, samples), versioned."""
    return Response(
        transfer.export_json(ctx),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="gutbrain-diary.json"'},
    )


@router.get("/entries/new", response_class=HTMLResponse)
def new_entry_page(request: Request, ctx: Ctx, day: date | None = None) -> HTMLResponse:
    when = (day or ctx.now().date()).isoformat()
    return page(
        request,
        ctx,
        "entry.html",
        title="New entry",
        active="/diary",
        entry=None,
        values={"start": when, "kind": "food"},
        kinds=[k.value for k in Kind],
    )


@router.get("/entries/{entry_id}", response_class=HTMLResponse)
def entry_page(request: Request, ctx: Ctx, entry_id: uuid.UUID) -> HTMLResponse:
    entry = diary.get_entry(ctx, entry_id)
    values = {
        "kind": entry.kind.value,
        "name": entry.name,
        "start": format_instant(entry.start, entry.tz, entry.start_has_time)[:16],
        "end": ""
        if entry.end is None
        else format_instant(entry.end, entry.tz, entry.end_has_time)[:16],
        "amount": "" if entry.amount is None else f"{entry.amount:g}",
        "unit": entry.unit or "",
        "intensity": "" if entry.intensity is None else str(entry.intensity),
        "tags": "; ".join(entry.tags),
        "notes": entry.notes,
    }
    return page(
        request,
        ctx,
        "entry.html",
        title=f"Edit: {entry.name}",
        active="/diary",
        json_url=f"/api/v1/entries/{entry.id}",
        entry=entry,
        values=values,
        kinds=[k.value for k in Kind],
    )


def _fields(
    kind: str,
    name: str,
    start: str,
    end: str | None,
    amount: str | None,
    unit: str | None,
    intensity: str | None,
    tags: str | None,
    notes: str | None,
) -> dict[str, object]:
    return {
        "kind": kind,
        "name": name,
        "start": start,
        "end": end or None,
        "amount": opt_float(amount, "amount"),
        "unit": unit or None,
        "intensity": opt_int(intensity, "intensity"),
        "tags": [t for t in (tags or "").replace(",", ";").split(";") if t.strip()],
        "notes": notes or "",
    }


@router.post("/entries/new")
def create_entry(
    ctx: Ctx,
    holder: Holder,
    kind: Annotated[str, Form()],
    name: Annotated[str, Form()],
    start: Annotated[str, Form()],
    end: OptStr = None,
    amount: OptStr = None,
    unit: OptStr = None,
    intensity: OptStr = None,
    tags: OptStr = None,
    notes: OptStr = None,
) -> Response:
    data = validated(
        EntryCreate, _fields(kind, name, start, end, amount, unit, intensity, tags, notes)
    )
    entry = edits.create_entry(ctx, data.model_dump())
    holder.bump()
    return redirect(f"/day/{entry.day.isoformat()}", f"Added {entry.kind.value}: {entry.name}.")


@router.post("/entries/{entry_id}")
def update_entry(
    ctx: Ctx,
    holder: Holder,
    entry_id: uuid.UUID,
    kind: Annotated[str, Form()],
    name: Annotated[str, Form()],
    start: Annotated[str, Form()],
    end: OptStr = None,
    amount: OptStr = None,
    unit: OptStr = None,
    intensity: OptStr = None,
    tags: OptStr = None,
    notes: OptStr = None,
) -> Response:
    data = validated(
        EntryUpdate, _fields(kind, name, start, end, amount, unit, intensity, tags, notes)
    )
    entry = edits.change_entry(ctx, entry_id, data.model_dump(exclude_unset=True))
    holder.bump()
    return redirect(f"/day/{entry.day.isoformat()}", f"Saved {entry.name}.")


@router.post("/entries/{entry_id}/delete")
def delete_entry(ctx: Ctx, holder: Holder, entry_id: uuid.UUID) -> Response:
    entry = diary.delete_entry(ctx, entry_id)
    holder.bump()
    return redirect(f"/day/{entry.day.isoformat()}", f"Deleted {entry.kind.value}: {entry.name}.")
