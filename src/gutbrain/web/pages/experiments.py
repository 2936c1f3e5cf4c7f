"""Experiments: plan one (from Triggers → "test this"), follow it (the Today panel with its
one-tap adherence check), pause/resume/extend/stop, and the result page."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from gutbrain.domain.errors import GutbrainError
from gutbrain.services import experiment_report, experiment_result
from gutbrain.services import experiments as ex
from gutbrain.services.experiment_json import result_json
from gutbrain.services.experiment_trend import trend_result
from gutbrain.services.experiments import BEFORE_DURING, DESIGNS
from gutbrain.web.deps import Ctx, Holder
from gutbrain.web.render import is_htmx, page, partial, redirect

router = APIRouter(include_in_schema=False)
Factor = Annotated[str, Form(min_length=1, max_length=200)]
ARM_WORDS = {"A": "have it", "B": "leave it out"}


#: Days after an experiment ends during which Today still points to its result.
RESULT_SHOWN_DAYS = 7


def _today_panel(ctx: Ctx) -> dict[str, Any]:
    exp = ex.current(ctx)
    st = None if exp is None else ex.status(ctx, exp.id)
    ended = None
    if exp is None:
        latest = next(iter(ex.experiments(ctx).all_for(ctx.diary_id)), None)
        last = None if latest is None else ex.status(ctx, latest.id)
        if last is not None and last.state in ("finished", "stopped") and last.last_day and (
            ctx.now().date() - last.last_day
        ).days <= RESULT_SHOWN_DAYS:  # fmt: skip
            ended = last
    return {"st": st, "ended": ended, "arm_words": ARM_WORDS, "instruction": ex.instruction}


@router.get("/experiments", response_class=HTMLResponse)
def experiments_page(request: Request, ctx: Ctx) -> HTMLResponse:
    current = ex.current(ctx)
    every = [ex.status(ctx, e.id) for e in ex.experiments(ctx).all_for(ctx.diary_id)]
    return page(
        request, ctx, "experiments.html", title="Experiments", active="/experiments",
        json_url="/api/v1/experiments", current=current, experiments=every,
    )  # fmt: skip


@router.get("/experiments/new", response_class=HTMLResponse)
def new_experiment(
    request: Request,
    ctx: Ctx,
    factor: Annotated[str, Query(max_length=200)] = "",
    reason: Annotated[str, Query(max_length=300)] = "",
    confirmed: Annotated[str, Query(max_length=3)] = "",
) -> HTMLResponse:
    """The plan form, pre-filled from a Triggers row, with the numbers of the default plan;
    a confirmed trigger, or short sleep, comes with a caution: the "have it" periods mean
    provoking attacks on purpose."""
    return page(
        request, ctx, "experiment_new.html", title="Plan an experiment", active="/experiments",
        factor=factor, reason=reason, designs=(*DESIGNS, BEFORE_DURING), preview=_preview(ctx, {}),
        running=ex.current(ctx), confirmed=confirmed == "yes", sleep="sleep" in factor.lower(),
    )  # fmt: skip


def _preview(ctx: Ctx, fields: dict[str, Any]) -> dict[str, Any]:
    try:
        design, summary, base = ex.preview(ctx, **fields)
    except GutbrainError as exc:
        return {"problem": str(exc)}
    return {"design": design, "summary": summary, "base": base}


@router.post("/experiments/preview", response_class=HTMLResponse)
def preview_plan(
    request: Request,
    ctx: Ctx,
    design: Annotated[str, Form(max_length=20)] = "random-blocks",
    period: Annotated[str, Form(max_length=20)] = "7d",
    blocks: Annotated[str, Form(max_length=4)] = "4",
    washout: Annotated[str, Form(max_length=20)] = "2d",
    days_per_week: Annotated[str, Form(max_length=4)] = "7",
    accept_weak: Annotated[str, Form(max_length=4)] = "",
) -> HTMLResponse:
    """The expected attacks and power for the form's current values (htmx, as you type);
    a ticked "start anyway" stays ticked when the preview is drawn again."""
    fields: dict[str, Any] = {"design": design, "period": period, "washout": washout}
    try:
        fields["blocks"] = int(blocks)
        fields["days_per_week"] = int(days_per_week)
    except ValueError:
        return partial(request, "_experiment_preview.html",
                       preview={"problem": "pairs and days a week: whole numbers"})  # fmt: skip
    return partial(
        request, "_experiment_preview.html", preview=_preview(ctx, fields),
        accepted_weak=accept_weak == "yes",
    )  # fmt: skip


@router.post("/experiments")
def plan_experiment(
    ctx: Ctx,
    holder: Holder,
    factor: Factor,
    design: Annotated[str, Form(max_length=20)] = "random-blocks",
    period: Annotated[str, Form(max_length=20)] = "7d",
    blocks: Annotated[int, Form(ge=1, le=26)] = 4,
    washout: Annotated[str, Form(max_length=20)] = "2d",
    start: Annotated[date | None, Form()] = None,
    dose: Annotated[str, Form(max_length=500)] = "",
    avoid: Annotated[str, Form(max_length=500)] = "",
    days_per_week: Annotated[int, Form(ge=1, le=7)] = 7,
) -> Response:
    exp = ex.plan(ctx, factor, design=design, period=period, blocks=blocks, washout=washout,
                  start=start, exposure=dose, avoidance=avoid,
                  days_per_week=days_per_week)  # fmt: skip
    holder.bump()
    return redirect(f"/experiments/{exp.id}", f"Experiment on {exp.factor} planned.")


@router.get("/experiments/today", response_class=HTMLResponse)
def today_panel(request: Request, ctx: Ctx) -> HTMLResponse:
    """The Today page's experiment panel (loaded into Today by htmx)."""
    return partial(request, "_experiment_today.html", **_today_panel(ctx))


@router.post("/experiments/check")
def check(
    request: Request,
    ctx: Ctx,
    holder: Holder,
    followed: Annotated[str, Form(pattern="^(yes|no)$")],
    day: Annotated[date | None, Form()] = None,
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """One tap: saved at once; htmx swaps the panel, a plain form goes back."""
    ex.record_check(ctx, followed == "yes", day=day, note=note)
    holder.bump()
    if is_htmx(request):
        return partial(request, "_experiment_today.html", saved=True, **_today_panel(ctx))
    return redirect(request.headers.get("referer") or "/", "Saved.")


@router.get("/experiments/{experiment_id}", response_class=HTMLResponse)
def experiment_page(request: Request, ctx: Ctx, experiment_id: uuid.UUID) -> HTMLResponse:
    st = ex.status(ctx, experiment_id)
    return page(
        request, ctx, "experiment.html", title=f"Experiment: {st.experiment.factor}",
        active="/experiments", json_url=f"/api/v1/experiments/{experiment_id}", st=st,
        arm_words=ARM_WORDS, instruction=ex.instruction,
        deviations=[(d, note) for d, (ok, note) in sorted(st.checks.items()) if not ok],
        followed=sum(1 for ok, _ in st.checks.values() if ok),
    )  # fmt: skip


@router.post("/experiments/{experiment_id}/{action}")
def change(
    ctx: Ctx,
    holder: Holder,
    experiment_id: uuid.UUID,
    action: str,
    note: Annotated[str, Form(max_length=500)] = "",
    blocks: Annotated[int, Form(ge=1, le=25)] = 2,
) -> Response:
    """Pause, resume, extend or stop the running experiment (each recorded with the note)."""
    exp = ex.status(ctx, experiment_id).experiment
    if ex.current(ctx) is None or ex.current(ctx) != exp:
        raise GutbrainError("this experiment is not running")
    if action == "extend":
        ex.extend(ctx, blocks, note)
    elif action in ("pause", "resume", "stop"):
        getattr(ex, action)(ctx, note)
    else:
        raise GutbrainError(f"unknown action {action!r}")
    holder.bump()
    return redirect(f"/experiments/{experiment_id}", f"Experiment {action} recorded.")


@router.get("/experiments/{experiment_id}/report", response_class=HTMLResponse)
def report_page(request: Request, ctx: Ctx, experiment_id: uuid.UUID) -> HTMLResponse:
    """The CENT report inside the app (navigation, a way back, a phone's width); the PDF is
    the standalone document."""
    st = ex.status(ctx, experiment_id)
    body = Markup(experiment_report.experiment_html(ctx, experiment_id, standalone=False))
    return page(
        request, ctx, "experiment_report.html", title=f"CENT report: {st.experiment.factor}",
        active="/experiments", e=st.experiment, body=body,
    )  # fmt: skip


@router.get("/experiments/{experiment_id}/report.pdf")
def report_pdf(ctx: Ctx, experiment_id: uuid.UUID) -> Response:
    pdf = experiment_report.experiment_pdf(ctx, experiment_id)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="experiment-{experiment_id.hex[:8]}.pdf"'
        },
    )


@router.get("/experiments/{experiment_id}/result", response_class=HTMLResponse)
def result_page(request: Request, ctx: Ctx, experiment_id: uuid.UUID) -> HTMLResponse:
    if ex.status(ctx, experiment_id).design.design == BEFORE_DURING:
        return _trend_page(request, ctx, experiment_id)
    try:
        st, res = experiment_result.result(ctx, experiment_id)
    except GutbrainError as exc:
        st = ex.status(ctx, experiment_id)
        return page(
            request, ctx, "experiment_result.html", title=f"Result: {st.experiment.factor}",
            active="/experiments", st=st, res=None, problem=str(exc), arm_words=ARM_WORDS,
        )  # fmt: skip
    return page(
        request, ctx, "experiment_result.html", title=f"Result: {st.experiment.factor}",
        active="/experiments", json_url=f"/api/v1/experiments/{experiment_id}/result",
        st=st, res=res, data=result_json(st, res), arm_words=ARM_WORDS,
    )  # fmt: skip


def _trend_page(request: Request, ctx: Ctx, experiment_id: uuid.UUID) -> HTMLResponse:
    try:
        st, tr = trend_result(ctx, experiment_id)
    except GutbrainError as exc:
        st, tr, problem = ex.status(ctx, experiment_id), None, str(exc)
    else:
        problem = ""
    return page(
        request, ctx, "experiment_trend.html", title=f"Result: {st.experiment.factor}",
        active="/experiments", json_url=f"/api/v1/experiments/{experiment_id}/result", st=st,
        tr=tr, problem=problem,
    )  # fmt: skip
