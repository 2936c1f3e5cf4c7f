"""JSON API: the Today page's taps — attack started/ended, details, medication, check-in,
meals."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, status

from gutbrain.services import edits, today
from gutbrain.services.meals import UnderstoodItem, preview_meal
from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Ctx, Holder, Reads
from gutbrain.web.schemas import (
    AttackStart,
    AttackUpdate,
    CheckInCreate,
    DoseResponse,
    EntryPublic,
    MealItemPublic,
    MealPublic,
    MealText,
    MedicationTaken,
    TodayPublic,
)

router = APIRouter(prefix="/api/v1", tags=["today"], responses=ERRORS)


@router.get("/today", response_model=TodayPublic)
def get_today(ctx: Ctx, reads: Reads, day: date | None = None) -> TodayPublic:
    """Today's entries, the ongoing attack (if any) and one-tap medication names."""
    when = day or ctx.now().date()
    attack = today.current_attack(ctx)
    return TodayPublic(
        day=when,
        open_attack=None if attack is None else EntryPublic.of(attack),
        quick_medications=reads.quick_medications(),
        doses_to_rate=[EntryPublic.of(d) for d in today.doses_to_rate(ctx)],
        entries=[EntryPublic.of(e) for e in edits.day_entries(ctx, when)],
    )


@router.post("/attacks", response_model=EntryPublic, status_code=status.HTTP_201_CREATED)
def start_attack(ctx: Ctx, holder: Holder, data: AttackStart | None = None) -> EntryPublic:
    """ "Attack started now", with intensity, aura and symptoms if given. Returns the ongoing
    attack (with those details set) if one is already open."""
    entry = today.start_attack(ctx)
    if data is not None and data.model_fields_set:
        entry = today.update_attack(ctx, entry.id, **data.model_dump())
    holder.bump()
    return EntryPublic.of(entry)


@router.patch("/attacks/{attack_id}", response_model=EntryPublic)
def update_attack(
    ctx: Ctx, holder: Holder, attack_id: uuid.UUID, data: AttackUpdate
) -> EntryPublic:
    """Set intensity, aura, symptoms; ``ended: true`` ends it now."""
    entry = today.update_attack(ctx, attack_id, **data.model_dump())
    holder.bump()
    return EntryPublic.of(entry)


@router.post("/medications", response_model=EntryPublic, status_code=status.HTTP_201_CREATED)
def take_medication(ctx: Ctx, holder: Holder, data: MedicationTaken) -> EntryPublic:
    """An acute medication taken now."""
    entry = today.take_medication(ctx, data.name, data.amount, data.unit)
    holder.bump()
    return EntryPublic.of(entry)


@router.post("/medications/{dose_id}/response", response_model=EntryPublic)
def rate_dose(ctx: Ctx, holder: Holder, dose_id: uuid.UUID, data: DoseResponse) -> EntryPublic:
    """Did the dose help at 2 h: ``pain-free``, ``better`` or ``no-better``."""
    entry = today.rate_dose(ctx, dose_id, data.response)
    holder.bump()
    return EntryPublic.of(entry)


@router.post("/checkin", response_model=list[EntryPublic], status_code=status.HTTP_201_CREATED)
def check_in(ctx: Ctx, holder: Holder, data: CheckInCreate) -> list[EntryPublic]:
    entries = edits.check_in(ctx, data.model_dump())
    holder.bump()
    return [EntryPublic.of(e) for e in entries]


@router.post("/meals/parse", response_model=MealPublic)
def parse_meal(ctx: Ctx, data: MealText) -> MealPublic:
    """What the app understands from a meal text, without logging anything: items, amounts,
    food or drink, and (``notes``) the food it is taken to be, grams, fiber, components."""
    items = preview_meal(ctx, data.text)
    return MealPublic(items=[_item(i) for i in items])


@router.post("/meals", response_model=MealPublic, status_code=status.HTTP_201_CREATED)
def log_meal(ctx: Ctx, holder: Holder, data: MealText) -> MealPublic:
    result = edits.log_meal(ctx, data.text, data.at)
    holder.bump()
    return MealPublic(
        items=[_item(i) for i in result.items], logged=[EntryPublic.of(e) for e in result.logged]
    )


def _item(item: UnderstoodItem) -> MealItemPublic:
    return MealItemPublic(
        text=item.text,
        food=item.food,
        kind=item.kind.value,
        quantity=item.quantity,
        unit=item.unit,
        size=item.size,
        notes=list(item.notes),
    )
