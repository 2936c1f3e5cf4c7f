"""Weather: opt-in place, one Open-Meteo request per year from recorded answers (no network),
local days cut in the diary's zone, the cache, offline and refused answers, and the CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from gutbrain.cli import main
from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import EntryError
from gutbrain.domain.weather import Place
from gutbrain.io import open_meteo
from gutbrain.services import diary as svc
from gutbrain.services import weather
from gutbrain.services.weather import WeatherUnavailableError
from gutbrain.store.results import diary_fingerprint
from weather_replay import RECORDED, Replay

YEAR_END = date(2026, 1, 10)  # "today" for a diary that covers 2025


def _log_days(ctx: svc.Context, first: date, last: date, step: int = 1) -> None:
    day = first
    while day <= last:
        start = ctx.midnight(day).replace(hour=8)
        svc.add_entry(ctx, svc.new_entry(ctx, kind=Kind.FOOD, name="toast", start=start))
        day += timedelta(days=step)
    svc.add_entry(ctx, svc.new_entry(ctx, kind=Kind.FOOD, name="toast",
                                     start=ctx.midnight(last).replace(hour=9)))  # fmt: skip


@pytest.fixture
def year(ctx: svc.Context) -> svc.Context:
    """A diary that covers 2025, with weather on for Berlin."""
    _log_days(ctx, date(2025, 1, 1), date(2025, 12, 31), step=5)
    return weather.set_place(ctx, 52.52, 13.41)


def test_a_recorded_year_back_fills_in_one_request(year: svc.Context) -> None:
    replay = Replay()
    done = weather.backfill(year, transport=replay.transport(), today=YEAR_END)
    assert done.requests == 1 and len(replay.requests) == 1
    sent = replay.requests[0].url
    assert sent.host == "archive-api.open-meteo.com"
    # only the coarse place and the dates leave the machine
    assert dict(sent.params) == {
        "latitude": "52.5", "longitude": "13.4", "start_date": "2024-12-30",
        "end_date": "2026-01-01", "hourly": "pressure_msl,temperature_2m,relative_humidity_2m",
        "timezone": "GMT", "timeformat": "unixtime",
    }  # fmt: skip
    days = weather.cached_days(year)
    assert done.days_stored == len(days) == 365
    assert [d.day for d in days] == [date(2025, 1, 1) + timedelta(i) for i in range(365)]
    assert all(d.source == "archive" and d.pressure_change_hpa is not None for d in days)
    assert all(990 < (d.pressure_hpa or 0) < 1035 and 0 < (d.humidity_pct or 0) <= 100
               for d in days)  # fmt: skip
    drops = [d for d in days if d.pressure_drop]
    assert 0 < len(drops) < len(days) / 2
    # a second back-fill has nothing to ask
    again = weather.backfill(year, transport=replay.transport(), today=YEAR_END)
    assert again.requests == 0 and len(replay.requests) == 1


def test_two_years_are_two_requests_and_recent_days_ask_the_forecast() -> None:
    where = Place(52.5, 13.4)
    days = [date(2024, 3, 1) + timedelta(i) for i in range(0, 660, 3)] + [date(2026, 1, 8)]
    plan = open_meteo.plan_requests(where, days, today=date(2026, 1, 9))
    assert [(r.source, r.first.year) for r in plan] == [
        ("archive", 2024), ("archive", 2025), ("forecast", 2026)]  # fmt: skip
    assert plan[-1].params["start_date"] == "2026-01-06"
    # a future day is never asked for
    assert open_meteo.plan_requests(where, [date(2026, 2, 1)], today=date(2026, 1, 9)) == []


def _expected_day(day: date) -> tuple[float, float, int]:
    """Mean pressure, steepest 24 h change and hour count of a Berlin day, straight from the
    recorded file (independent of the parser)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    hourly = json.loads((RECORDED / "archive_2025.json").read_text())["hourly"]
    at = dict(zip(hourly["time"], hourly["pressure_msl"], strict=True))
    zone = ZoneInfo("Europe/Berlin")
    mine = [t for t in hourly["time"]
            if datetime.fromtimestamp(t, UTC).astimezone(zone).date() == day]  # fmt: skip
    values = [at[t] for t in mine if at[t] is not None]
    changes = [at[t] - at[t - 86400] for t in mine
               if at[t] is not None and at.get(t - 86400) is not None]  # fmt: skip
    return round(sum(values) / len(values), 1), round(min(changes), 1), len(mine)


def test_days_are_cut_in_the_diary_zone_with_daylight_saving(year: svc.Context) -> None:
    weather.backfill(year, transport=Replay().transport(), today=YEAR_END)
    by_day = {d.day: d for d in weather.cached_days(year)}
    for day, hours in ((date(2025, 3, 30), 23), (date(2025, 10, 26), 25), (date(2025, 7, 1), 24)):
        mean, change, n = _expected_day(day)
        assert n == hours
        assert by_day[day].pressure_hpa == mean and by_day[day].pressure_change_hpa == change


def test_forecast_days_are_replaced_by_the_archive_later(ctx: svc.Context) -> None:
    _log_days(ctx, date(2025, 12, 20), date(2026, 1, 8))
    ctx = weather.set_place(ctx, 52.5, 13.4)
    replay = Replay()
    done = weather.backfill(ctx, transport=replay.transport(), today=date(2026, 1, 9))
    assert [r.url.host for r in replay.requests] == [
        "archive-api.open-meteo.com", "archive-api.open-meteo.com", "api.open-meteo.com"]  # fmt: skip
    # 2025-12-20..31 from the archive; 2026-01-01..04 too (archive has them, but the recording
    # stops on 2026-01-01, so those days come back without hours and are not stored)
    sources = {d.day: d.source for d in weather.cached_days(ctx)}
    assert sources[date(2026, 1, 8)] == "forecast" and sources[date(2025, 12, 31)] == "archive"
    assert done.days_stored == len(sources)
    # a week on, the forecast days are old enough for the archive: asked again, from it
    later = weather.days_to_fetch(ctx, Place(52.5, 13.4), today=date(2026, 1, 16))
    assert date(2026, 1, 8) in later and date(2025, 12, 31) not in later


def test_offline_says_so_and_changes_nothing(year: svc.Context) -> None:
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known", request=request)

    before = diary_fingerprint(year.store, year.diary_id)
    with pytest.raises(WeatherUnavailableError, match="are you offline"):
        weather.backfill(year, transport=httpx.MockTransport(offline), today=YEAR_END)
    assert weather.cached_days(year) == []
    assert diary_fingerprint(year.store, year.diary_id) == before
    # the diary stays usable
    svc.add_entry(year, svc.new_entry(year, kind=Kind.FOOD, name="apple",
                                      start=year.midnight(date(2025, 6, 1)).replace(hour=12)))  # fmt: skip


def test_a_refused_or_odd_answer_is_a_clear_error(year: svc.Context) -> None:
    refused = httpx.MockTransport(lambda _r: httpx.Response(
        400, json={"error": True, "reason": "Parameter 'start_date' is out of allowed range"}))  # fmt: skip
    with pytest.raises(WeatherUnavailableError, match="400: Parameter 'start_date'"):
        weather.backfill(year, transport=refused, today=YEAR_END)
    odd = httpx.MockTransport(lambda _r: httpx.Response(200, json={"hourly": {"time": [1]}}))
    with pytest.raises(WeatherUnavailableError, match="no pressure_msl series"):
        weather.backfill(year, transport=odd, today=YEAR_END)
    html = httpx.MockTransport(lambda _r: httpx.Response(503, text="<html>busy</html>"))
    with pytest.raises(WeatherUnavailableError, match="answered 503"):
        weather.backfill(year, transport=html, today=YEAR_END)
    assert weather.cached_days(year) == []


def test_off_by_default_sends_nothing_and_off_forgets(ctx: svc.Context) -> None:
    _log_days(ctx, date(2025, 1, 1), date(2025, 1, 31))
    replay = Replay()
    assert weather.place(ctx) is None
    with pytest.raises(WeatherUnavailableError, match="weather is off"):
        weather.backfill(ctx, transport=replay.transport(), today=YEAR_END)
    assert replay.requests == []
    with pytest.raises(EntryError, match="latitude"):
        weather.set_place(ctx, 95, 0)
    ctx = weather.set_place(ctx, 52.5249, 13.4049)
    assert weather.place(ctx) == Place(52.5, 13.4)
    weather.backfill(ctx, transport=replay.transport(), today=YEAR_END)
    assert len(weather.cached_days(ctx)) == 31
    ctx = weather.switch_off(ctx)
    assert weather.place(ctx) is None and weather.cached_days(ctx) == []
    # moving the place asks again for every day
    ctx = weather.set_place(ctx, 48.1, 11.6)
    assert len(weather.days_to_fetch(ctx, Place(48.1, 11.6), YEAR_END)) == 31


def test_cli_place_fetch_show_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replay = Replay()
    monkeypatch.setattr(weather, "_client", lambda _t: httpx.Client(transport=replay.transport()))
    db = str(tmp_path / "d.sqlite")
    run = CliRunner().invoke
    assert (
        run(main, ["log", "food", "toast", "--at", "2025-06-01 08:00", "--db", db]).exit_code == 0
    )
    assert (
        run(main, ["log", "food", "toast", "--at", "2025-06-30 08:00", "--db", db]).exit_code == 0
    )
    off = run(main, ["weather", "--db", db])
    assert "Weather is off" in off.output
    on = run(main, ["weather", "place", "52.52", "13.41", "--db", db])
    assert on.exit_code == 0, on.output
    assert "52.5, 13.4" in on.output and "30 day(s)" in on.output
    shown = run(main, ["weather", "show", "--since", "2025-06-10", "--json", "--db", db])
    rows = json.loads(shown.output)
    assert rows[0]["day"] == "2025-06-10" and len(rows) == 21
    assert set(rows[0]) >= {"pressure_hpa", "pressure_change_24h_hpa", "temperature_c",
                            "humidity_pct", "pressure_drop"}  # fmt: skip
    table = run(main, ["weather", "show", "--db", db])
    assert "24 h change" in table.output and "2025-06-30" in table.output

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    monkeypatch.setattr(weather, "_client", lambda _t: httpx.Client(transport=httpx.MockTransport(offline)))  # fmt: skip
    assert (
        run(main, ["log", "food", "toast", "--at", "2025-07-02 08:00", "--db", db]).exit_code == 0
    )
    failed = run(main, ["weather", "fetch", "--db", db])
    assert failed.exit_code == 1 and "diary is unchanged" in failed.output
    assert run(main, ["list", "--db", db]).exit_code == 0
    gone = run(main, ["weather", "off", "--db", db])
    assert gone.exit_code == 0 and "deleted" in gone.output
    assert "Weather is off" in run(main, ["weather", "--db", db]).output


def test_web_settings_turn_weather_on_fetch_and_off(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    from gutbrain.settings import Settings
    from gutbrain.web.app import create_app

    replay = Replay()
    monkeypatch.setattr(weather, "_client", lambda _t: httpx.Client(transport=replay.transport()))
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as client:
        client.post("/api/v1/entries", json={"kind": "food", "name": "toast",
                                             "start": "2025-05-01T08:00:00+02:00"})  # fmt: skip
        client.post("/api/v1/entries", json={"kind": "food", "name": "toast",
                                             "start": "2025-05-10T08:00:00+02:00"})  # fmt: skip
        page = client.get("/settings").text
        assert 'id="weather"' in page and "Turn on and fetch" in page
        bad = client.post("/settings/weather", data={"latitude": "north", "longitude": "13.4"})
        assert bad.status_code == 422 and replay.requests == []
        on = client.post("/settings/weather", data={"latitude": "52,52", "longitude": "13.41"})
        assert on.status_code == 200 and "10 day(s) fetched in 1 request(s)" in on.text
        assert "On for <strong>52.5, 13.4</strong>: 10 day(s)" in on.text
        again = client.post("/settings/weather/fetch")
        assert "0 day(s) fetched in 0 request(s)" in again.text
        api = client.get("/api/v1/weather", params={"since": "2025-05-10"}).json()
        assert api["place"] == "52.5, 13.4" and [d["day"] for d in api["days"]] == ["2025-05-10"]
        day = client.get("/day/2025-05-10").text
        assert 'data-testid="day-weather"' in day and "hPa in 24 h" in day
        twin = client.get("/api/v1/days/2025-05-10").json()["weather"]
        assert twin == api["days"][0] and set(twin) >= {"pressure_change_24h_hpa", "pressure_drop"}
        off = client.post("/settings/weather/off")
        assert "Weather is off" in off.text and "Turn on and fetch" in off.text
        assert client.get("/api/v1/weather").json() == {"place": None, "days": []}
        assert client.get("/api/v1/days/2025-05-10").json()["weather"] is None
        assert 'data-testid="day-weather"' not in client.get("/day/2025-05-10").text


def test_the_triggers_table_gains_the_pressure_drop_factor(year: svc.Context) -> None:
    """Attacks that follow the recorded year's pressure drops: the fetched days reach the
    engine through the one exposure owner and "pressure drop" comes out as a weather trigger."""
    import numpy as np

    from gutbrain.services.triggers import to_json, trigger_report

    for day in (date(2025, 1, 1) + timedelta(i) for i in range(365)):
        svc.add_entry(year, svc.new_entry(year, kind=Kind.FOOD, name="rice",
                                          start=year.midnight(day).replace(hour=12)))  # fmt: skip
    weather.backfill(year, transport=Replay().transport(), today=YEAR_END)
    drops = {d.day for d in weather.cached_days(year) if d.pressure_drop}
    rng = np.random.default_rng(3)
    for day in (date(2025, 1, 2) + timedelta(i) for i in range(364)):
        after_drop = day - timedelta(days=1) in drops
        if rng.random() < (0.45 if after_drop else 0.04):
            start = year.midnight(day).replace(hour=15)
            svc.add_entry(year, svc.new_entry(year, kind=Kind.ATTACK, name="migraine",
                                              start=start, intensity=6))  # fmt: skip
    rows = to_json(trigger_report(year))["factors"]
    drop = [r for r in rows if r["factor"] == "pressure drop"]
    assert drop and {r["kind"] for r in drop} == {"weather"}
    lag1 = next(r for r in drop if r["lag_days"] == 1)
    assert 0.6 * len(drops) <= lag1["exposed_days"] <= len(drops)
    assert lag1["rr"] > 3 and lag1["verdict"] == "trigger", lag1
    # switched off, the factor is gone with the fetched days
    year = weather.switch_off(year)
    rows = to_json(trigger_report(year))["factors"]
    assert not [r for r in rows if r["factor"] == "pressure drop"]


def test_an_import_back_fills_its_days(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With weather on, `gutbrain import` fetches the imported history's weather (one request
    per year); a dry run or a refused file never reaches the network."""
    replay = Replay()
    monkeypatch.setattr(weather, "_client", lambda _t: httpx.Client(transport=replay.transport()))
    db = str(tmp_path / "d.sqlite")
    run = CliRunner().invoke
    assert (
        run(main, ["log", "food", "toast", "--at", "2025-03-01 08:00", "--db", db]).exit_code == 0
    )
    assert run(main, ["weather", "place", "52.5", "13.4", "--db", db]).exit_code == 0
    assert len(replay.requests) == 1
    history = tmp_path / "history.csv"
    rows = [f"2025-{m:02d}-{d:02d}T12:00,food,soup,,,,,," for m in (4, 5) for d in (1, 15)]
    history.write_text("start,kind,name,end,amount,unit,intensity,tags,notes\n" + "\n".join(rows))
    imported = run(main, ["import", "csv", str(history), "--db", db])
    assert imported.exit_code == 0, imported.output
    assert "Fetched the weather of 75 day(s)" in imported.output and len(replay.requests) == 2
    again = run(main, ["import", "csv", str(history), "--db", db])  # nothing new: no request
    assert again.exit_code == 0 and len(replay.requests) == 2
    more = tmp_path / "more.csv"
    more.write_text("start,kind,name,end,amount,unit,intensity,tags,notes\n"
                    "2025-06-01T12:00,food,soup,,,,,,\n")  # fmt: skip
    quiet = run(main, ["import", "csv", str(more), "--json", "--db", db])
    assert json.loads(quiet.stdout) == {"rows": 1, "added": 1, "skipped": 0}  # fetched quietly
    assert len(replay.requests) == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("start,kind,name\n2025-06-01T12:00,food,\n")
    assert run(main, ["import", "csv", str(bad), "--db", db]).exit_code == 1
    dry = run(main, ["import", "apple-health", str(RECORDED.parent / "apple_health" / "export.xml"),
                     "--dry-run", "--db", db])  # fmt: skip
    assert dry.exit_code == 0, dry.output
    assert len(replay.requests) == 3


def test_the_cache_on_postgresql(pg_schema_url: str) -> None:
    """Server mode: the same back-fill, cache and switch-off on a real PostgreSQL."""
    from gutbrain.settings import Settings

    ctx = svc.open_context(Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"))
    try:
        _log_days(ctx, date(2025, 1, 1), date(2025, 12, 31), step=7)
        ctx = weather.set_place(ctx, 52.5, 13.4)
        replay = Replay()
        done = weather.backfill(ctx, transport=replay.transport(), today=YEAR_END)
        assert done.requests == 1 and done.days_stored == 365
        assert weather.backfill(ctx, transport=replay.transport(), today=YEAR_END).requests == 0
        ctx = weather.switch_off(ctx)
        assert weather.place(ctx) is None and weather.cached_days(ctx) == []
    finally:
        ctx.close()
