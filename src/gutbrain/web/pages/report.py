"""Report page: the doctor report in the browser, its PDF and HTML downloads, and the
``/api/v1/report`` JSON twin.  All four call ``gutbrain.services.report``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from pydantic import BeforeValidator

from gutbrain.domain.errors import GutbrainError
from gutbrain.services import refresh
from gutbrain.services import report as report_svc
from gutbrain.services.diary import Context
from gutbrain.services.reads import DiaryReads
from gutbrain.services.report import Patient, PdfUnavailableError, ReportData
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import ContextHolder, Ctx, Holder, background
from gutbrain.web.render import page

router = APIRouter()


def _blank_is_none(value: object) -> object:
    """An empty form field means "not given" (the page promises "empty dates mean the last
    year"); a browser submits it as ``from=``."""
    return None if value == "" else value


Blank = BeforeValidator(_blank_is_none)
Start = Annotated[
    date | None, Blank, Query(alias="from", description="first day (default: a year back)")
]
End = Annotated[
    date | None, Blank, Query(alias="to", description="last day (default: the diary's last)")
]
Birth = Annotated[date | None, Blank, Query()]
Text = Annotated[str, Query(max_length=120)]
Paper = Annotated[Literal["a4", "letter"], Query()]


def _reads(request: Request, ctx: Context, holder: ContextHolder) -> DiaryReads:
    return DiaryReads(ctx=ctx, generation=holder.generation, cache=request.app.state.cache)


def _data(
    request: Request, ctx: Context, holder: ContextHolder, start: date | None,
    end: date | None, patient: Patient | None = None,
) -> ReportData:  # fmt: skip
    """The report's numbers, cached per period and diary state (the trigger engine and the
    food tables take seconds); the patient fields are only printed, so they are not a key."""
    data = _reads(request, ctx, holder).report(start, end, ctx.now().date())
    return data if patient is None else replace(data, patient=patient)


def _query(**params: Any) -> str:
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


@router.get("/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(
    request: Request, ctx: Ctx, holder: Holder, start: Start = None, end: End = None, name: Text = "",
    patient_id: Text = "", birth_date: Birth = None, paper: Paper = "a4",
) -> HTMLResponse:  # fmt: skip
    form = {"from": start, "to": end, "name": name, "patient_id": patient_id,
            "birth_date": birth_date, "paper": paper}  # fmt: skip
    body: Markup | None = None
    problem: str | None = None
    default = not (start or end or name.strip() or patient_id.strip() or birth_date)
    if background(request) and default and paper == "a4":
        # server mode: the worker's stored report, never computed in the request
        html, problem, updating = refresh.stored_report_body(ctx)
        return page(
            request, ctx, "report_page.html", title="Report", active="/report",
            json_url="/api/v1/report", form=form, query=_query(**form),
            body=Markup(html) if html else None, problem=problem, updating=updating,
        )  # fmt: skip
    try:
        reads = _reads(request, ctx, holder)
        data = _data(
            request, ctx, holder, start, end, Patient(name.strip(), patient_id.strip(), birth_date)
        )
        charts = reads.report_charts(start, end, ctx.now().date())
        body = Markup(report_svc.report_html(data, paper=paper, standalone=False, charts=charts))
    except GutbrainError as exc:
        problem = str(exc)
    return page(
        request, ctx, "report_page.html", title="Report", active="/report",
        json_url="/api/v1/report?" + _query(**{"from": start, "to": end}),
        form=form, body=body, problem=problem,
    )  # fmt: skip


def _download(content: bytes, media: str, data: ReportData, suffix: str) -> Response:
    name = f"gutbrain-report-{data.period.first}-{data.period.last}.{suffix}"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get("/report.pdf", include_in_schema=False)
def report_pdf(
    request: Request, ctx: Ctx, holder: Holder, start: Start = None, end: End = None, name: Text = "", patient_id: Text = "",
    birth_date: Birth = None, paper: Paper = "a4",
) -> Response:  # fmt: skip
    data = _data(
        request, ctx, holder, start, end, Patient(name.strip(), patient_id.strip(), birth_date)
    )
    try:
        pdf = report_svc.report_pdf(data, paper=paper)
    except PdfUnavailableError as exc:
        raise HTTPException(503, str(exc)) from exc
    return _download(pdf, "application/pdf", data, "pdf")


@router.get("/report.html", include_in_schema=False)
def report_html_file(
    request: Request, ctx: Ctx, holder: Holder, start: Start = None, end: End = None, name: Text = "", patient_id: Text = "",
    birth_date: Birth = None, paper: Paper = "a4",
) -> Response:  # fmt: skip
    data = _data(
        request, ctx, holder, start, end, Patient(name.strip(), patient_id.strip(), birth_date)
    )
    charts = _reads(request, ctx, holder).report_charts(start, end, ctx.now().date())
    html = report_svc.report_html(data, paper=paper, charts=charts)
    return _download(html.encode("utf-8"), "text/html; charset=utf-8", data, "html")


@router.get("/api/v1/report", response_model=dict[str, Any], tags=["report"], responses=ERRORS)
def report_json(
    request: Request, ctx: Ctx, holder: Holder, start: Start = None, end: End = None
) -> dict[str, Any]:
    """Every number of the doctor report: ICHD-3 counts, 8.2 overuse, 1.3 and menstrual checks,
    treatment courses with rate ratios, calendar days, trigger rows and gut habits."""
    return report_svc.report_json(_data(request, ctx, holder, start, end))
