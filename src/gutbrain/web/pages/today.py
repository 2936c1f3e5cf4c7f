"""Today: one-tap attack logging, the meal box and the daily check-in."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.entries import NO_AURA_TAG, Entry
from gutbrain.domain.errors import EntryError
from gutbrain.services import diary, edits, today
from gutbrain.services.meals import preview_meal
from gutbrain.web.deps import Ctx, Holder, Reads
from gutbrain.web.pages.forms import opt_float, opt_int, validated
from gutbrain.web.render import (
    AFTER_ATTACK_COOKIE,
    AFTER_ATTACK_SECONDS,
    is_htmx,
    page,
    partial,
    redirect,
)
from gutbrain.web.schemas import CheckInCreate

router = APIRouter(include_in_schema=False)
OptStr = Annotated[str | None, Form()]


def _clock(value: str | None, what: str) -> time | None:
    """ "HH:MM" from a time field; None when left empty."""
    if not value or not value.strip():
        return None
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise EntryError([f"{what} time {value!r} is not a time like 14:30"]) from None


def _attack_data(ctx: Ctx, reads: Reads, attack: Entry | None) -> dict[str, Any]:
    return {
        "attack": attack,
        "medications": reads.quick_medications(),
        "symptoms": today.QUICK_SYMPTOMS,
        "no_aura_tag": NO_AURA_TAG,
        "doses": [] if attack is None else today.doses_since(ctx, attack.start),
    }


def _today_data(ctx: Ctx, reads: Reads) -> dict[str, Any]:
    day = ctx.now().date()
    return {
        "day": day,
        **_attack_data(ctx, reads, today.current_attack(ctx)),
        "to_rate": today.doses_to_rate(ctx),
        "progress": today.progress(ctx, reads.coverage()),
        "entries": edits.day_entries(ctx, day),
        "tracked": diary.get_settings(ctx).tracked_factors,
    }


@router.get("/", response_class=HTMLResponse)
def today_page(request: Request, ctx: Ctx, reads: Reads) -> HTMLResponse:
    return page(
        request,
        ctx,
        "today.html",
        title="Today",
        active="/",
        json_url="/api/v1/today",
        **_today_data(ctx, reads),
    )


@router.post("/today/attack")
def start_attack(ctx: Ctx, holder: Holder) -> Response:
    today.start_attack(ctx)
    holder.bump()
    return redirect("/#attack", "Attack logged. Add details below when you can.")


Symptoms = Annotated[list[str] | None, Form()]


def _symptoms(symptoms: list[str] | None, sent: str | None) -> list[str] | None:
    """The ticked symptoms when the attack form was sent (none ticked is an answer too)."""
    return (symptoms or []) if sent else None


@router.post("/today/attack/{attack_id}")
def update_attack(
    request: Request,
    ctx: Ctx,
    holder: Holder,
    reads: Reads,
    attack_id: uuid.UUID,
    intensity: OptStr = None,
    aura: OptStr = None,
    symptoms: Symptoms = None,
    symptoms_sent: OptStr = None,
    ended: OptStr = None,
    set_start: OptStr = None,
    started: OptStr = None,
    ended_at: OptStr = None,
) -> Response:
    """Each tap sends the whole attack form; htmx swaps the tapped block, plain forms
    redirect. The start time is applied only by its own button (every tap resends it)."""
    attack = today.update_attack(
        ctx,
        attack_id,
        intensity=opt_int(intensity, "intensity"),
        aura=None if aura is None else aura == "yes",
        symptoms=_symptoms(symptoms, symptoms_sent),
        ended=ended == "yes",
        started_at=_clock(started, "start") if set_start == "yes" else None,
        ended_at=_clock(ended_at, "end") if ended == "yes" else None,
    )
    holder.bump()
    if ended == "yes":
        # The dark theme stays a while: light still hurts after the pain has gone.
        response = redirect("/", "Attack ended. Rest well.")
        response.set_cookie(AFTER_ATTACK_COOKIE, "1", max_age=AFTER_ATTACK_SECONDS, samesite="lax")
        return response
    if is_htmx(request):
        return partial(request, "_attack.html", **_attack_data(ctx, reads, attack), saved="saved")
    return redirect("/#attack", "Saved.")


@router.post("/today/medication")
def take_medication(
    request: Request,
    ctx: Ctx,
    holder: Holder,
    reads: Reads,
    name: Annotated[str | None, Form(max_length=200)] = None,
    other: Annotated[str | None, Form(max_length=200)] = None,
    attack: OptStr = None,
    symptoms: Symptoms = None,
    symptoms_sent: OptStr = None,
) -> Response:
    """A dose taken now: a one-tap button (``name``) or typed in (``other``). Sent from the
    attack form, it saves the ticked symptoms too, so a medication tap never loses them."""
    text = (name or other or "").strip()
    if not text:
        raise EntryError(["medication name is empty"])
    current = None
    if attack:
        current = today.update_attack(ctx, attack, symptoms=_symptoms(symptoms, symptoms_sent))
    entry = today.take_medication(ctx, text)
    holder.bump()
    taken = f"{entry.name} logged at {entry.local_start:%H:%M}"
    if current is not None and is_htmx(request):
        data = _attack_data(ctx, reads, current)
        return partial(request, "_attack.html", **data, saved=taken)
    return redirect("/#attack", f"{taken}.")


@router.post("/today/medication/{dose_id}/response")
def rate_dose(
    ctx: Ctx, holder: Holder, dose_id: uuid.UUID, response: Annotated[str, Form()]
) -> Response:
    """How a dose worked at 2 h (pain-free, better, no better)."""
    dose = today.rate_dose(ctx, dose_id, response)
    holder.bump()
    return redirect("/#doses", f"Thanks: {dose.name} at {dose.local_start:%H:%M} noted.")


@router.post("/today/meal/preview", response_class=HTMLResponse)
def meal_preview(
    request: Request, ctx: Ctx, text: Annotated[str, Form(max_length=2000)] = ""
) -> HTMLResponse:
    items = preview_meal(ctx, text)
    return partial(request, "_meal_items.html", items=items, text=text)


@router.post("/today/meal")
def log_meal(
    ctx: Ctx,
    holder: Holder,
    text: Annotated[str, Form(max_length=2000)] = "",
    at: OptStr = None,
) -> Response:
    result = edits.log_meal(ctx, text, at or None)
    holder.bump()
    names = ", ".join(i.describe() for i in result.items)
    return redirect("/#meal", f"Meal logged: {names}.")


@router.post("/today/checkin")
def check_in(
    ctx: Ctx,
    holder: Holder,
    day: Annotated[date, Form()],
    sleep_hours: OptStr = None,
    sleep_quality: OptStr = None,
    stress: OptStr = None,
    exercise_minutes: OptStr = None,
    water_ml: OptStr = None,
    gi_symptom: OptStr = None,
    gi_severity: OptStr = None,
    stool_type: OptStr = None,
    period: OptStr = None,
    flow: OptStr = None,
    factors: Annotated[list[str] | None, Form()] = None,
) -> Response:
    data = validated(
        CheckInCreate,
        {
            "day": day,
            "sleep_hours": opt_float(sleep_hours, "sleep hours"),
            "sleep_quality": opt_int(sleep_quality, "sleep quality"),
            "stress": opt_int(stress, "stress"),
            "exercise_minutes": opt_float(exercise_minutes, "exercise minutes"),
            "water_ml": opt_float(water_ml, "water"),
            "gi_symptom": (gi_symptom or "").strip() or None,
            "gi_severity": opt_int(gi_severity, "GI severity"),
            "stool_type": opt_int(stool_type, "stool type"),
            "period": period == "yes",
            "flow": flow or None,
            "factors": factors or [],
        },
    )
    entries = edits.check_in(ctx, data.model_dump())
    holder.bump()
    return redirect("/#checkin", f"Check-in saved ({len(entries)} entries for {day:%d %b}).")
