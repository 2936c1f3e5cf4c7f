"""Triggers: verdict groups, a forest plot of RR with CIs, a sentence per factor, and the
days behind each number."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.services import refresh
from gutbrain.web.deps import Ctx, Reads, background
from gutbrain.web.forest import forest_plot_narrow, forest_plot_svg
from gutbrain.web.render import page
from gutbrain.web.triggers_view import (
    VERDICT_ORDER,
    VERDICT_TITLES,
    days_behind,
    forest_rows,
    row_href,
    rows_by_verdict,
)

router = APIRouter(include_in_schema=False)


@router.get("/triggers", response_class=HTMLResponse)
def triggers_page(request: Request, ctx: Ctx, reads: Reads) -> HTMLResponse:
    if background(request):  # server mode: the worker's stored result, never computed here
        view, problem, updating = refresh.stored_trigger_view(ctx)
        return page(
            request, ctx, "triggers.html", title="Triggers", active="/triggers",
            json_url="/api/v1/triggers", report=view, problem=problem, updating=updating,
            groups=rows_by_verdict(view) if view else {}, order=VERDICT_ORDER,
            titles=VERDICT_TITLES, row_href=row_href,
            forest=forest_plot_svg(forest_rows(view)) if view else "",
            forest_narrow=forest_plot_narrow(forest_rows(view)) if view else "",
        )  # fmt: skip
    try:
        report = reads.trigger_view()
    except GutbrainError as exc:
        return page(
            request, ctx, "triggers.html", title="Triggers", active="/triggers",
            json_url="/api/v1/triggers", report=None, problem=str(exc),
        )  # fmt: skip
    return page(
        request, ctx, "triggers.html", title="Triggers", active="/triggers",
        json_url="/api/v1/triggers", report=report, groups=rows_by_verdict(report),
        order=VERDICT_ORDER, titles=VERDICT_TITLES, forest=forest_plot_svg(forest_rows(report)),
        forest_narrow=forest_plot_narrow(forest_rows(report)),
        row_href=row_href,
    )  # fmt: skip


@router.get("/triggers/days", response_class=HTMLResponse)
def trigger_days_page(
    request: Request,
    ctx: Ctx,
    reads: Reads,
    factor: Annotated[str, Query(min_length=1, max_length=200)],
    kind: Annotated[str, Query(min_length=1, max_length=40)],
    lag: Annotated[int, Query(ge=0, le=14)],
) -> HTMLResponse:
    try:
        behind = days_behind(reads.triggers(), factor, kind, lag)
    except GutbrainError as exc:
        raise NotFoundError(str(exc)) from exc
    query = urlencode({"factor": factor, "kind": kind, "lag": lag})
    return page(
        request, ctx, "trigger_days.html", title=f"Days behind: {factor}", active="/triggers",
        json_url=f"/api/v1/triggers/days?{query}", b=behind,
    )  # fmt: skip
