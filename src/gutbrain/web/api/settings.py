"""JSON API: diary settings and conditions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response, status

from gutbrain.services import diary
from gutbrain.services.diary import Context
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Ctx, Holder
from gutbrain.web.schemas import ConditionCreate, SettingsPublic, SettingsUpdate

router = APIRouter(prefix="/api/v1", tags=["settings"], responses=ERRORS)


def settings_public(ctx: Context) -> SettingsPublic:
    s = diary.get_settings(ctx)
    return SettingsPublic(
        timezone=ctx.tz,
        fiber_target_g=s.fiber_target_g,
        plants_target=s.plants_target,
        fdr=s.fdr,
        tracked_factors=list(s.tracked_factors),
        usual_medications=list(s.usual_medications),
        elimination_diet=s.elimination_diet,
        conditions=[c.name for c in diary.list_conditions(ctx)],
    )


@router.get("/settings", response_model=SettingsPublic)
def get_settings(ctx: Ctx) -> SettingsPublic:
    return settings_public(ctx)


@router.patch("/settings", response_model=SettingsPublic)
def update_settings(ctx: Ctx, holder: Holder, data: SettingsUpdate) -> SettingsPublic:
    changes: dict[str, Any] = data.model_dump(exclude_unset=True, exclude_none=True)
    new_ctx = diary.update_settings(ctx, **changes)
    holder.replace(new_ctx)
    return settings_public(new_ctx)


@router.post("/conditions", response_model=SettingsPublic, status_code=status.HTTP_201_CREATED)
def add_condition(ctx: Ctx, data: ConditionCreate) -> SettingsPublic:
    diary.add_condition(ctx, data.name, since=data.since)
    return settings_public(ctx)


@router.delete("/conditions/{name}", status_code=status.HTTP_204_NO_CONTENT)
def remove_condition(ctx: Ctx, name: Annotated[str, Path(max_length=100)]) -> Response:
    diary.remove_condition(ctx, name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
