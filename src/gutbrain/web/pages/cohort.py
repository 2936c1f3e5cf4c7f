"""The cohort page: what a clinic's consenting diaries say about each factor, and one's own
consent and "people like you" prior.

Server mode only (a PostgreSQL diary database): a local, one-person diary has no cohort.  The
clinic part shows aggregates only — counts and the estimated population distribution per
factor, none over fewer than ``MIN_CELL`` people — so it shows no individual's data.  The
"your diary" part shows the diary of this app's context: its consent, and its own cohort rows
with the population prior labelled as a prior.  When server-mode logins reach the web app
(issue 13), the clinic part is for clinicians and the "your diary" part for the person.
Results are read from the folder in ``GUTBRAIN_COHORT_RESULTS`` (`gutbrain cohort analyse`).
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from gutbrain.analysis.cohort import GRID
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import cohort
from gutbrain.services.diary import Context
from gutbrain.web.deps import Ctx, Holder
from gutbrain.web.render import page, redirect

router = APIRouter(include_in_schema=False)
RESULTS_ENV = "GUTBRAIN_COHORT_RESULTS"


def _server_mode(ctx: Context) -> None:
    if not ctx.settings.db_url.startswith("postgresql"):
        raise HTTPException(
            404, "Cohort mode runs on a clinic's server database (PostgreSQL); see docs/cohort.md"
        )


def cohort_view(ctx: Context) -> dict[str, Any]:
    """Aggregates, this diary's consent and (if it was analysed) its own rows."""
    _server_mode(ctx)
    folder = os.environ.get(RESULTS_ENV)
    view: dict[str, Any] = {
        "consent": cohort.consent_json(cohort.consent_status(ctx)),
        "summary": None,
        "mine": None,
    }
    if folder:
        try:
            view["summary"] = cohort.read_summary(Path(folder))
            view["mine"] = cohort.person_view(Path(folder), ctx.diary_id)["rows"]
        except GutbrainError:
            pass  # configured but not analysed yet: the page says so
    return view


def distribution_svg(weights: list[float], label: str) -> str:
    """A small bar chart of the estimated population distribution of RR (log scale)."""
    bins = 17  # 85 grid points, 5 per bar: RR 1/8 … 8
    w = [sum(weights[i * 5 : i * 5 + 5]) for i in range(bins)]
    top = max(w) or 1.0
    bars = []
    for i, v in enumerate(w):
        h = 30 * v / top
        mid = math.exp(float(GRID[i * 5 + 2]))
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
def cohort_page(request: Request, ctx: Ctx) -> HTMLResponse:
    view = cohort_view(ctx)
    charts = {}
    if view["summary"]:
        for f in view["summary"]["factors"]:
            pop = f.get("population")
            if pop:
                label = f"Estimated spread of RR among people, {f['factor']}, lag {f['lag_days']}"
                charts[(f["factor"], f["lag_days"])] = distribution_svg(pop["weights"], label)
    return page(
        request, ctx, "cohort.html", title="Cohort", active="/cohort",
        json_url="/api/v1/cohort", v=view, charts=charts, results_env=RESULTS_ENV,
    )  # fmt: skip


@router.get("/api/v1/cohort")
def cohort_json(ctx: Ctx) -> JSONResponse:
    return JSONResponse(cohort_view(ctx))


@router.post("/cohort/consent")
def set_consent(
    ctx: Ctx, holder: Holder, action: Annotated[str, Form(pattern="^(give|withdraw)$")]
) -> Response:
    _server_mode(ctx)
    if action == "give":
        cohort.give_consent(ctx)
        message = "Consent given: your diary joins the next cohort snapshot."
    else:
        cohort.withdraw_consent(ctx)
        message = "Consent withdrawn: your diary leaves the next snapshot and analysis."
    holder.bump()
    return redirect("/cohort", message)
