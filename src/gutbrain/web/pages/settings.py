"""Settings: time zone, fiber target, FDR level, conditions, tracked factors, the opt-in
weather place; the theme."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.entries import KNOWN_CONDITIONS
from gutbrain.services import diary, weather
from gutbrain.web.api.settings import settings_public
from gutbrain.web.deps import Ctx, Holder
from gutbrain.web.pages.forms import opt_float, opt_int, validated
from gutbrain.web.render import AFTER_ATTACK_COOKIE, THEME_COOKIE, page, redirect
from gutbrain.web.schemas import SettingsUpdate

router = APIRouter(include_in_schema=False)
OptStr = Annotated[str | None, Form()]


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, ctx: Ctx) -> HTMLResponse:
    return page(
        request,
        ctx,
        "settings.html",
        title="Settings",
        active="/settings",
        json_url="/api/v1/settings",
        s=settings_public(ctx),
        known_conditions=sorted(KNOWN_CONDITIONS),
        weather_place=weather.place(ctx),
        weather_days=weather.cached_days(ctx),
    )


@router.post("/settings")
def save_settings(
    ctx: Ctx,
    holder: Holder,
    timezone: OptStr = None,
    fiber_target_g: OptStr = None,
    plants_target: OptStr = None,
    fdr: OptStr = None,
    tracked_factors: OptStr = None,
    usual_medications: OptStr = None,
    elimination_diet: OptStr = None,
) -> Response:
    fields = {
        "timezone": (timezone or "").strip() or None,
        "fiber_target_g": opt_float(fiber_target_g, "fiber target"),
        "plants_target": opt_int(plants_target, "plants target"),
        "fdr": opt_float(fdr, "FDR level"),
        "tracked_factors": _list(tracked_factors),
        "usual_medications": _list(usual_medications),
        "elimination_diet": elimination_diet,
    }
    data = validated(SettingsUpdate, fields)
    holder.replace(diary.update_settings(ctx, **data.model_dump(exclude_none=True)))
    return redirect("/settings", "Settings saved.")


def _list(text: str | None) -> list[str] | None:
    """A comma- (or semicolon-) separated field; None when the form did not have it."""
    if text is None:
        return None
    return [f.strip() for f in text.replace(";", ",").split(",") if f.strip()]


@router.post("/settings/conditions")
def add_condition(ctx: Ctx, name: Annotated[str, Form(max_length=100)]) -> Response:
    condition = diary.add_condition(ctx, name)
    return redirect("/settings#conditions", f"Added {condition.name}.")


@router.post("/settings/conditions/remove")
def remove_condition(ctx: Ctx, name: Annotated[str, Form(max_length=100)]) -> Response:
    diary.remove_condition(ctx, name)
    return redirect("/settings#conditions", f"Removed {name}.")


@router.post("/theme")
def set_theme(theme: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    """Normal or dark attack theme; remembered in a cookie (attack mode also switches on by
    itself while an attack is ongoing)."""
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = redirect(target)
    response.set_cookie(
        THEME_COOKIE,
        "attack" if theme == "attack" else "normal",
        max_age=3600 * 24 * 365,
        samesite="lax",
    )
    response.delete_cookie(AFTER_ATTACK_COOKIE)
    return response


@router.post("/settings/weather")
def weather_on(
    ctx: Ctx,
    holder: Holder,
    latitude: Annotated[str, Form()],
    longitude: Annotated[str, Form()],
) -> Response:
    """Opt in: store the rounded place, then back-fill the diary's days."""
    lat, lon = opt_float(latitude, "latitude"), opt_float(longitude, "longitude")
    if lat is None or lon is None:
        return redirect("/settings#weather", "Give both latitude and longitude.", "error")
    new = weather.set_place(ctx, lat, lon)
    holder.replace(new)
    return _fetch(new)


@router.post("/settings/weather/fetch")
def weather_fetch(ctx: Ctx) -> Response:
    return _fetch(ctx)


def _fetch(ctx: diary.Context) -> Response:
    try:
        done = weather.backfill(ctx)
    except weather.WeatherUnavailableError as exc:
        return redirect(
            "/settings#weather",
            f"No weather fetched: {exc}. Your diary is unchanged; try again later.",
            "error",
        )
    return redirect(
        "/settings#weather",
        f"Weather on for {done.place}: {done.days_stored} day(s) fetched "
        f"in {done.requests} request(s).",
    )


@router.post("/settings/weather/off")
def weather_off(ctx: Ctx, holder: Holder) -> Response:
    holder.replace(weather.switch_off(ctx))
    return redirect("/settings#weather", "Weather is off; the place and fetched days are deleted.")
