"""``gutbrain weather``: opt in with a coarse place, back-fill the diary's days from Open-Meteo,
show the cached weather, or switch it off (which forgets the place and every fetched day)."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.weather import PRESSURE_DROP_HPA, WeatherDay
from gutbrain.services import weather as svc
from gutbrain.services.when import parse_when


def _fetch(state: AppState) -> None:
    try:
        done = svc.backfill(state.ctx)
    except svc.WeatherUnavailableError as exc:
        if state.as_json:
            state.emit_json({"fetched": False, "reason": str(exc)})
        else:
            state.console.print(
                f"No weather fetched: {exc}. Your diary is unchanged and works as before; "
                "run `gutbrain weather fetch` again later."
            )
        raise SystemExit(1) from exc
    if state.as_json:
        state.emit_json(
            {
                "fetched": True,
                "place": str(done.place),
                "requests": done.requests,
                "days_stored": done.days_stored,
                "days_missing": done.days_wanted,
            }
        )
    elif done.days_wanted == 0:
        state.console.print("Every diary day already has its weather.")
    else:
        state.console.print(
            f"Fetched the weather of {done.days_stored} day(s) for {done.place} "
            f"in {done.requests} request(s) to Open-Meteo."
        )


@click.group("weather", invoke_without_command=True)
@click.pass_context
def weather(click_ctx: click.Context) -> None:
    """Barometric pressure, its 24 h change, temperature and humidity per diary day.

    Off until you set a place: `gutbrain weather place 52.5 13.4`. Only that place, rounded
    to 0.1° (about 11 km), and the dates are sent to Open-Meteo (free, no account).
    """
    if click_ctx.invoked_subcommand is not None:
        return
    state = click_ctx.find_object(AppState)
    assert state is not None
    where = svc.place(state.ctx)
    days = svc.cached_days(state.ctx)
    if state.as_json:
        state.emit_json({"place": None if where is None else str(where), "days": len(days)})
    elif where is None:
        state.console.print("Weather is off. Turn it on with `gutbrain weather place LAT LON`.")
    else:
        span = f", {days[0].day} to {days[-1].day}" if days else ""
        state.console.print(f"Weather is on for {where}: {len(days)} day(s) cached{span}.")


@weather.command("place")
@click.argument("latitude", type=click.FloatRange(-90, 90))
@click.argument("longitude", type=click.FloatRange(-180, 180))
@click.option("--no-fetch", is_flag=True, help="Only save the place; fetch later.")
@pass_state
def place_cmd(state: AppState, latitude: float, longitude: float, no_fetch: bool) -> None:
    """Turn weather on for a place (decimal degrees; e.g. 52.5 13.4 for Berlin).

    Negative numbers need `--` first: `gutbrain weather place -- -33.9 151.2`.
    """
    state._ctx = svc.set_place(state.ctx, latitude, longitude)
    where = svc.place(state.ctx)
    if not state.as_json:
        state.console.print(f"Weather is on for {where} (rounded to 0.1°).")
    if not no_fetch:
        _fetch(state)


@weather.command("fetch")
@pass_state
def fetch_cmd(state: AppState) -> None:
    """Fetch the weather of every diary day that lacks it (one request per year)."""
    _fetch(state)


@weather.command("off")
@pass_state
def off_cmd(state: AppState) -> None:
    """Turn weather off: forget the place and every fetched day."""
    state._ctx = svc.switch_off(state.ctx)
    if not state.as_json:
        state.console.print("Weather is off; the place and the fetched days are deleted.")


def _json(d: WeatherDay) -> dict[str, Any]:
    return {
        "day": d.day.isoformat(),
        "pressure_hpa": d.pressure_hpa,
        "pressure_change_24h_hpa": d.pressure_change_hpa,
        "pressure_drop": d.pressure_drop,
        "temperature_c": d.temperature_c,
        "humidity_pct": d.humidity_pct,
        "source": d.source,
    }


def _num(value: float | None, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


@weather.command("show")
@click.option("--since", metavar="DAY", help="From this day (e.g. 2026-03-01, -30d).")
@click.option("--until", metavar="DAY", help="Up to this day.")
@pass_state
def show_cmd(state: AppState, since: str | None, until: str | None) -> None:
    """The cached weather, one line per day."""
    first = parse_when(since, state.ctx.now())[0].date() if since else None
    last = parse_when(until, state.ctx.now())[0].date() if until else None
    days = svc.cached_days(state.ctx, first, last)
    if state.as_json:
        state.emit_json([_json(d) for d in days])
        return
    table = Table(title=f"Weather (drop: a fall of ≥ {PRESSURE_DROP_HPA:g} hPa within 24 h)")
    for column in ("day", "hPa", "24 h change", "°C", "humidity %", "source"):
        table.add_column(column, justify="left" if column in ("day", "source") else "right")
    for d in days:
        change = _num(d.pressure_change_hpa, "+.1f") + (" drop" if d.pressure_drop else "")
        table.add_row(
            d.day.isoformat(),
            _num(d.pressure_hpa, ".1f"),
            change,
            _num(d.temperature_c, ".1f"),
            _num(d.humidity_pct, ".0f"),
            d.source,
        )
    state.console.print(table)


def after_import(_result: object) -> None:
    """``import``'s result callback: with weather on, fetch the imported days' weather (one
    request per year); offline, say so — the import itself stands."""
    state = click.get_current_context().find_object(AppState)
    if state is None or not state.opened:
        return
    try:
        done = svc.backfill_after_import(state.ctx, state.started)
    except svc.WeatherUnavailableError as exc:
        click.echo(f"No weather fetched for the new days: {exc}. "
                   "Run `gutbrain weather fetch` later.", err=state.as_json)  # fmt: skip
        return
    if done is not None and done.days_stored and not state.as_json:  # JSON output stays clean
        state.console.print(
            f"Fetched the weather of {done.days_stored} day(s) for {done.place} "
            f"in {done.requests} request(s) to Open-Meteo."
        )


COMMANDS = [weather]
