"""JSON API: what a food text is understood as (with the source of every component claim), and
corrections kept as the diary's own names ("not what you meant?", as on the pages)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from gutbrain.services import foods
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Ctx, Holder

router = APIRouter(prefix="/api/v1", tags=["foods"], responses=ERRORS)


class ComponentPublic(BaseModel):
    component: str
    grade: str = Field(description="evidence grade (A, B, C, N, N/C, C/N, gut)")
    because_of: list[str] = Field(description="what carries it, e.g. a part of the dish")
    sources: list[str]


class UnderstoodPublic(BaseModel):
    phrase: str = Field(description="the text without its amount: what a correction is kept as")
    food: str
    known: bool
    via: str
    grams: float
    grams_basis: str
    fiber_g: float | None
    nova: int | None
    fdc_id: int | None
    fdc_description: str | None
    own_name: bool = Field(description="this diary has its own meaning for the phrase")
    entries: int = Field(description="logged entries with this text (a correction re-reads all)")
    components: list[ComponentPublic]


class CorrectionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200)
    as_food: str = Field(min_length=1, max_length=200)


class CorrectionPublic(BaseModel):
    understood: UnderstoodPublic
    previous: dict[str, Any] | None = Field(description="the meaning it replaced (for undo)")


class CorrectionUndo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=200)
    previous: dict[str, Any] | None = None


def _public(view: foods.Understood) -> UnderstoodPublic:
    f = view.found
    return UnderstoodPublic(
        phrase=view.phrase, food=f.food, known=f.known, via=f.via, grams=round(f.grams, 1),
        grams_basis=f.grams_basis, fiber_g=None if f.fiber_g is None else round(f.fiber_g, 2),
        nova=f.nova, fdc_id=f.fdc_id, fdc_description=f.fdc_description,
        own_name=view.mapping is not None, entries=view.entries,
        components=[
            ComponentPublic(
                component=g.component, grade=g.grade, because_of=list(g.vias),
                sources=list(g.sources),
            )
            for g in view.groups
        ],
    )  # fmt: skip


@router.get("/foods/understood", response_model=UnderstoodPublic)
def understood(
    ctx: Ctx, text: Annotated[str, Query(min_length=1, max_length=200)]
) -> UnderstoodPublic:
    return _public(foods.understood(ctx, text))


@router.post("/foods/corrections", response_model=CorrectionPublic)
def correct(ctx: Ctx, holder: Holder, data: CorrectionCreate) -> CorrectionPublic:
    view, previous = foods.correct_food(ctx, data.text, data.as_food)
    holder.bump()
    return CorrectionPublic(understood=_public(view), previous=previous)


@router.post("/foods/corrections/undo", response_model=UnderstoodPublic)
def undo(ctx: Ctx, holder: Holder, data: CorrectionUndo) -> UnderstoodPublic:
    view = foods.undo_correction(ctx, data.text, data.previous)
    holder.bump()
    return _public(view)
