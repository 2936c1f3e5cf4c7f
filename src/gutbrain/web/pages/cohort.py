"""The cohort page: what a clinic's consenting diaries say about each factor, and one's own
consent and "people like you" prior.

Multi-user server mode only (``gutbrain serve --multi-user``); a local, one-person diary has no
cohort and answers 404.  Every signed-in account sees the clinic part: aggregates only — counts
and the estimated population distribution per factor, none over fewer than ``MIN_CELL`` people —
so it shows no individual's data.  Only a person sees the "your diary" part, for their own diary
(through ``services.access`` like every diary page): its consent, which only they can give or
withdraw, and its own cohort rows with the population prior labelled as a prior.  A clinician
viewing a shared diary sees the aggregates, never that person's cohort rows.  Results are read
from the folder in ``GUTBRAIN_COHORT_RESULTS`` (`gutbrain cohort analyse`).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from gutbrain.domain.accounts import AccessDeniedError, Role
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import cohort
from gutbrain.services.accounts import LoginSession
from gutbrain.services.diary import Context
from gutbrain.web.deps import Ctx, Holder, get_ctx
from gutbrain.web.pages.account import require_login
from gutbrain.web.render import page, redirect

router = APIRouter(include_in_schema=False)
RESULTS_ENV = "GUTBRAIN_COHORT_RESULTS"


def server_only(request: Request) -> None:
    if getattr(request.app.state, "server", None) is None:
        raise HTTPException(
            404, "Cohort mode runs on a clinic's multi-user server; see docs/cohort.md"
        )


ServerOnly = Annotated[None, Depends(server_only)]
Login = Annotated[LoginSession, Depends(require_login)]


def _own_context(request: Request, login: LoginSession) -> Context | None:
    """A person's own diary (via services.access); None for clinicians and admins."""
    if login.user.role is not Role.PERSON or login.user.diary_id is None:
        return None
    return get_ctx(request)


def cohort_view(ctx: Context | None) -> dict[str, Any]:
    """Aggregates for everyone; consent and own rows only for the person's own diary."""
    folder = os.environ.get(RESULTS_ENV)
    view: dict[str, Any] = {
        "consent": None if ctx is None else cohort.consent_json(cohort.consent_status(ctx)),
        "summary": None,
        "mine": None,
    }
    if folder:
        try:
            view["summary"] = cohort.read_summary(Path(folder))
            if ctx is not None:
                view["mine"] = cohort.person_view(Path(folder), ctx.diary_id)["rows"]
        except GutbrainError:
            pass  # configured but not analysed yet: the page says so
    return view


def distribution_svg(weights: list[float], grid: list[float], label: str) -> str:
    """A small bar chart of the estimated population distribution of RR (log scale); ``grid``
    is the log-RR of each weight (the summary's ``method.grid_log_rr``, 85 points)."""
    bins = 17  # 85 grid points, 5 per bar: RR 1/8 … 8
    w = [sum(weights[i * 5 : i * 5 + 5]) for i in range(bins)]
    top = max(w) or 1.0
    bars = []
    for i, v in enumerate(w):
        h = 30 * v / top
        mid = math.exp(grid[i * 5 + 2])
        colour = "var(--severe)" if mid >= 1.2 else "var(--missing)"
        bars.append(
            f'<rect x="{i * 6}" y="{30 - h:.1f}" width="5" height="{h:.1f}" style="fill:{colour}">'
            f"<title>RR ≈ {mid:.2g}: {v:.0%}</title></rect>"
        )
    one = 8 * 6 + 2.5  # bar 8 holds RR = 1
    return (
        f'<svg viewBox="0 0 102 34" style="width:100%;max-width:102px;height:auto" role="img" '
        f'aria-label="{label}">'
        f'{"".join(bars)}<line x1="{one}" x2="{one}" y1="0" y2="34" stroke="currentColor" '
        'stroke-dasharray="2 2"/></svg>'
    )


@router.get("/cohort", response_class=HTMLResponse)
def cohort_page(request: Request, _server: ServerOnly, login: Login) -> HTMLResponse:
    ctx = _own_context(request, login)
    view = cohort_view(ctx)
    charts = {}
    if view["summary"]:
        for f in view["summary"]["factors"]:
            pop = f.get("population")
            if pop:
                label = f"Estimated spread of RR among people, {f['factor']}, lag {f['lag_days']}"
                grid = view["summary"]["method"]["grid_log_rr"]
                charts[(f["factor"], f["lag_days"])] = distribution_svg(pop["weights"], grid, label)
    return page(
        request, ctx, "cohort.html", title="Cohort", active="/cohort",
        json_url="/api/v1/cohort", v=view, charts=charts, results_env=RESULTS_ENV,
    )  # fmt: skip


@router.get("/api/v1/cohort")
def cohort_json(request: Request, _server: ServerOnly, login: Login) -> JSONResponse:
    return JSONResponse(cohort_view(_own_context(request, login)))


@router.post("/cohort/consent")
def set_consent(
    _server: ServerOnly,
    login: Login,
    ctx: Ctx,
    holder: Holder,
    action: Annotated[str, Form(pattern="^(give|withdraw)$")],
) -> Response:
    if login.user.role is not Role.PERSON:
        raise AccessDeniedError("only the person who keeps a diary gives or withdraws its consent")
    if action == "give":
        cohort.give_consent(ctx)
        message = "Consent given: your diary joins the next cohort snapshot."
    else:
        cohort.withdraw_consent(ctx)
        message = "Consent withdrawn: your diary leaves the next snapshot and analysis."
    holder.bump()
    return redirect("/cohort", message)
