"""JSON API: diary entries (list, search, read, create, change, delete), CSV import/export."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, UploadFile, status

from gutbrain.domain.entries import Entry, Kind
from gutbrain.services import diary, edits, transfer
from gutbrain.services.understanding import understood_as
from gutbrain.web.deps import Ctx, Holder, Reads
from gutbrain.web.schemas import (
    EntryCreate,
    EntryPage,
    EntryPublic,
    EntryUpdate,
    ImportResult,
    Problem,
)

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": Problem, "description": "the request body could not be read"},
    404: {"model": Problem, "description": "no such entry"},
    422: {"model": Problem, "description": "invalid input, with every problem listed"},
}
router = APIRouter(prefix="/api/v1", tags=["entries"], responses=ERRORS)


@router.get("/entries", response_model=EntryPage)
def list_entries(
    ctx: Ctx,
    reads: Reads,
    since: date | None = None,
    until: date | None = None,
    kind: Annotated[list[Kind] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> EntryPage:
    """Entries newest first, filtered by diary day, kind and a search text."""
    if since is None and until is None:
        rows = reads.newest(kinds=kind, search=q or None, limit=limit, offset=offset)
    else:
        rows = diary.list_entries(
            ctx, since=since, until=until, kinds=kind, search=q or None, limit=limit,
            offset=offset, newest_first=True,
        )  # fmt: skip
    return EntryPage(offset=offset, limit=limit, entries=public(ctx, rows))


def public(ctx: Ctx, entries: list[Entry]) -> list[EntryPublic]:
    """Entries for the API, food and drink ones with what they were understood as."""
    understood = understood_as(ctx, entries)
    return [EntryPublic.of(e, understood.get(e.id)) for e in entries]


@router.post("/entries", response_model=EntryPublic, status_code=status.HTTP_201_CREATED)
def create_entry(ctx: Ctx, holder: Holder, data: EntryCreate) -> EntryPublic:
    entry = edits.create_entry(ctx, data.model_dump())
    holder.bump()
    return public(ctx, [entry])[0]


@router.get("/entries/{entry_id}", response_model=EntryPublic)
def get_entry(ctx: Ctx, entry_id: uuid.UUID) -> EntryPublic:
    return public(ctx, [diary.get_entry(ctx, entry_id)])[0]


@router.patch("/entries/{entry_id}", response_model=EntryPublic)
def update_entry(ctx: Ctx, holder: Holder, entry_id: uuid.UUID, data: EntryUpdate) -> EntryPublic:
    entry = edits.change_entry(ctx, entry_id, data.model_dump(exclude_unset=True))
    holder.bump()
    return public(ctx, [entry])[0]


@router.delete("/entries/{entry_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_entry(ctx: Ctx, holder: Holder, entry_id: uuid.UUID) -> Response:
    diary.delete_entry(ctx, entry_id)
    holder.bump()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/import", response_model=ImportResult)
def import_csv(ctx: Ctx, holder: Holder, file: UploadFile) -> ImportResult:
    """Import a diary CSV (the contract format). Rejected whole, with line numbers, if any
    line is bad; duplicates of existing entries are skipped."""
    result = edits.import_upload(ctx, file.file.read(edits.MAX_UPLOAD_BYTES + 1))
    holder.bump()
    return ImportResult(read=result.rows, added=result.added,
                        skipped_records=list(result.bad_records))  # fmt: skip


@router.get(
    "/export.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the whole diary as CSV"}},
)
def export_csv(ctx: Ctx) -> Response:
    return Response(
        transfer.export_csv(ctx),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="gutbrain-diary.csv"'},
    )
