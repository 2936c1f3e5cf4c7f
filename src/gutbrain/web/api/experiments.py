"""JSON API: N-of-1 experiments — plan, follow (daily check), state and result."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from gutbrain.services import experiment_result
from gutbrain.services import experiments as ex
from gutbrain.services.experiment_json import result_json, status_json, trend_json
from gutbrain.services.experiment_trend import trend_result
from gutbrain.services.experiments import BEFORE_DURING
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Ctx, Holder

router = APIRouter(prefix="/api/v1", tags=["experiments"], responses=ERRORS)
Json = dict[str, Any]


class ExperimentPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    factor: Annotated[str, Field(min_length=1, max_length=200)]
    design: Literal["random-blocks", "abab", "before-during"] = "random-blocks"
    period: Annotated[str, Field(max_length=20)] = "7d"
    blocks: Annotated[int, Field(ge=1, le=26)] = 4
    washout: Annotated[str, Field(max_length=20)] = "2d"
    start: date | None = None
    dose: Annotated[str, Field(max_length=500)] = ""
    avoid: Annotated[str, Field(max_length=500)] = ""
    days_per_week: Annotated[int, Field(ge=1, le=7)] = 7


class ExperimentCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    followed: bool
    day: date | None = None
    note: Annotated[str, Field(max_length=500)] = ""


@router.get("/experiments")
def list_experiments(ctx: Ctx) -> list[Json]:
    """Every experiment of the diary, newest first, with its state and schedule."""
    return [status_json(ex.status(ctx, e.id)) for e in ex.experiments(ctx).all_for(ctx.diary_id)]


@router.post("/experiments", status_code=status.HTTP_201_CREATED)
def plan_experiment(ctx: Ctx, holder: Holder, data: ExperimentPlan) -> Json:
    """Randomise and store a schedule; the answer includes the expected attacks and power."""
    exp = ex.plan(ctx, data.factor, design=data.design, period=data.period, blocks=data.blocks,
                  washout=data.washout, start=data.start, exposure=data.dose,
                  avoidance=data.avoid, days_per_week=data.days_per_week)  # fmt: skip
    holder.bump()
    return status_json(ex.status(ctx, exp.id))


@router.post("/experiments/check")
def check(ctx: Ctx, holder: Holder, data: ExperimentCheck) -> Json:
    """The running experiment's adherence check for a day (default today)."""
    st = ex.record_check(ctx, data.followed, day=data.day, note=data.note)
    holder.bump()
    return status_json(st)


@router.get("/experiments/{experiment_id}")
def get_experiment(ctx: Ctx, experiment_id: uuid.UUID) -> Json:
    return status_json(ex.status(ctx, experiment_id))


@router.get("/experiments/{experiment_id}/result")
def get_result(ctx: Ctx, experiment_id: uuid.UUID) -> Json:
    """The analysis of the days so far (rate ratio, randomisation test, posterior)."""
    if ex.status(ctx, experiment_id).design.design == BEFORE_DURING:
        return trend_json(*trend_result(ctx, experiment_id))
    st, res = experiment_result.result(ctx, experiment_id)
    return result_json(st, res)
