"""Experiments through the services and the CLI on a real SQLite diary (and PostgreSQL in CI):
plan from the person's own rate, follow, pause/resume/extend/stop recorded, result."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from gutbrain.cli import main
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.services import diary as svc
from gutbrain.services import experiment_result
from gutbrain.services import experiments as ex
from gutbrain.services.experiment_json import result_json, status_json, trend_json
from gutbrain.services.experiment_report import experiment_html
from gutbrain.services.experiment_trend import trend_result
from gutbrain.settings import Settings

TZ = ZoneInfo("Europe/Berlin")


def _attack(ctx: svc.Context, day: date, days: int = 1) -> None:
    start = datetime.combine(day, time(9), TZ)
    end = datetime.combine(day + timedelta(days=days - 1), time(20), TZ)
    svc.add_entry(ctx, svc.new_entry(ctx, kind="attack", name="migraine", start=start, end=end,
                                     intensity=6))  # fmt: skip


def _diary_with_attacks(ctx: svc.Context, first: date, last: date, every: int = 6) -> None:
    day = first
    while day <= last:
        _attack(ctx, day)
        day += timedelta(days=every)
    # a sleep entry on the last day so the diary covers it
    svc.add_entry(ctx, svc.new_entry(ctx, kind="sleep", name="sleep", start=datetime.combine(
        last, time(7), TZ), amount=7.5, unit="h"))  # fmt: skip


def test_plan_uses_the_persons_rate_and_is_reproducible(ctx: svc.Context) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=120), today - timedelta(days=1))
    exp = ex.plan(ctx, "Red  wine", period="1w", blocks=3, washout="2d", seed=11,
                  exposure="one glass on three evenings")  # fmt: skip
    assert exp.factor == "Red wine" and exp.start_day == today + timedelta(days=1)
    base = exp.plan["baseline"]
    assert base["attack_onsets"] == 20
    assert 0.1 < base["onsets_per_at_risk_day"] < 0.25
    assert exp.plan["warnings"]  # 3 blocks of a week cannot show much: said so
    st = ex.status(ctx)
    assert st.state == "planned" and len(st.periods) == 6
    # allocation concealed: no arm is shown before its period starts
    assert all(p["arm"] is None for p in status_json(st)["periods"])
    later = ex.status(ctx, exp.id, day=exp.start_day + timedelta(days=8))
    shown = [p["arm"] for p in status_json(later)["periods"]]
    assert None not in shown[:2] and shown[2:] == [None] * 4
    again = ex.status(ctx, exp.id)
    assert [p[1] for p in again.periods] == [p[1] for p in st.periods]
    with pytest.raises(GutbrainError, match="still running"):
        ex.plan(ctx, "chocolate")
    with pytest.raises(GutbrainError, match="7d or 2w"):
        ex.preview(ctx, period="a week")
    with pytest.raises(GutbrainError, match="wash-out"):
        ex.preview(ctx, period="3d", washout="3d")


def test_follow_pause_extend_stop_are_recorded(ctx: svc.Context) -> None:
    today = ctx.now().date()
    start = today - timedelta(days=10)
    _diary_with_attacks(ctx, today - timedelta(days=90), today, every=5)
    exp = ex.plan(ctx, "aged cheese", start=start, seed=3, blocks=4)
    st = ex.status(ctx)
    assert st.state == "active" and st.today is not None
    assert st.today.arm in ("A", "B") and st.today.instruction
    ex.record_check(ctx, False, note="birthday dinner")
    ex.record_check(ctx, True, day=today - timedelta(days=1))
    ex.record_check(ctx, True, day=today - timedelta(days=2))
    ex.record_check(ctx, False, day=today - timedelta(days=2), note="changed my mind")  # replaces
    with pytest.raises(GutbrainError, match="future"):
        ex.record_check(ctx, True, day=today + timedelta(days=1))
    with pytest.raises(GutbrainError, match="not a day"):
        ex.record_check(ctx, True, day=start - timedelta(days=1))
    st = ex.status(ctx)
    assert {d: v[0] for d, v in st.checks.items()} == {
        today: False,
        today - timedelta(days=1): True,
        today - timedelta(days=2): False,
    }
    ex.extend(ctx, 2, "more data")
    ex.pause(ctx, "holiday")
    assert ex.status(ctx).state == "paused" and ex.status(ctx).last_day is None
    with pytest.raises(GutbrainError, match="already paused"):
        ex.pause(ctx)
    ex.resume(ctx)
    ex.stop(ctx, "enough")
    st = ex.status(ctx, exp.id)
    assert st.state == "stopped" and st.design.blocks == 6
    assert [e.kind for e in st.events] == ["planned", "extended", "paused", "resumed", "stopped"]
    assert st.events[1].detail == {"from_blocks": 4, "to_blocks": 6}
    st, res = experiment_result.result(ctx, exp.id)
    assert res.days_observed == 11
    assert len(res.deviations) == 2
    data = result_json(st, res)
    json.dumps(data, default=str, allow_nan=False)
    assert data["checks"]["deviations"][0]["note"] == "changed my mind"
    assert data["design"]["stopped_on"] == today
    with pytest.raises(GutbrainError, match="no experiment is running"):
        ex.stop(ctx)
    # a new one can start once the old one is stopped
    assert ex.plan(ctx, "chocolate").factor == "chocolate"


def test_probiotic_before_during_is_trend_adjusted_and_called_weaker(ctx: svc.Context) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=150), today, every=4)
    exp = ex.plan(ctx, "probiotic", design="before-during", period="8w", washout="14d",
                  start=today - timedelta(days=60))  # fmt: skip
    assert exp.blocks == 1 and "weaker" in exp.plan["warnings"][0]
    st = ex.status(ctx)
    assert st.state == "finished" and len(st.periods) == 1
    with pytest.raises(GutbrainError, match="its own result"):
        experiment_result.result(ctx, exp.id)
    st, tr = trend_result(ctx, exp.id)
    assert tr.before_last == exp.start_day - timedelta(days=1)
    assert tr.during_first == exp.start_day + timedelta(days=14)
    u = tr.trend.unadjusted
    assert u.onsets_a > 0 and u.onsets_b > 0 and 0 < u.days_a <= 42
    data = trend_json(st, tr)
    json.dumps(data, default=str, allow_nan=False)
    assert "weaker" in data["method"]["design_note"]
    assert "weaker" in experiment_html(ctx, exp.id)


def test_the_factor_logged_on_an_avoidance_day_is_a_deviation(ctx: svc.Context) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=60), today)
    exp = ex.plan(ctx, "red wine", start=today - timedelta(days=13), seed=8, blocks=1)
    st = ex.status(ctx)
    avoid = next(first for _, arm, first, _ in st.periods if arm == "B") + timedelta(days=3)
    have = next(first for _, arm, first, _ in st.periods if arm == "A") + timedelta(days=3)
    for day in (avoid, have):
        svc.add_entry(ctx, svc.new_entry(ctx, kind="drink", name="2 glasses of merlot",
                                         start=datetime.combine(day, time(20), TZ)))  # fmt: skip
    ex.record_check(ctx, True, day=avoid)  # said yes, but the diary says otherwise
    _, res = experiment_result.result(ctx, exp.id)
    assert res.deviations_from_diary == (avoid,)
    assert avoid in res.deviations and have not in res.deviations


def test_no_experiment_says_how_to_start(ctx: svc.Context) -> None:
    with pytest.raises(NotFoundError, match="experiment plan"):
        ex.status(ctx)


def test_cli_plan_check_result(db_path: Path) -> None:
    runner = CliRunner()
    start = (date.today() - timedelta(days=3)).isoformat()
    db = ["--db", str(db_path), "--tz", "Europe/Berlin"]
    out = runner.invoke(main, [*db, "experiment", "plan", "red wine", "--period", "7d",
                               "--blocks", "2", "--start", start, "--seed", "4",
                               "--dose", "one glass on three evenings"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "one glass on three evenings" in out.output and "Warning" in out.output
    out = runner.invoke(main, [*db, "experiment", "check", "yes"])
    assert out.exit_code == 0 and "followed" in out.output
    out = runner.invoke(main, [*db, "experiment", "status", "--json"])
    data = json.loads(out.output)
    assert data["factor"] == "red wine" and data["checks"]["followed"] == 1
    assert data["today"]["arm"] in ("exposure", "avoidance")
    out = runner.invoke(main, [*db, "experiment", "result", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["method"]["test"].startswith("exact conditional")
    bad = runner.invoke(main, [*db, "experiment", "check", "maybe"])
    assert bad.exit_code == 2
    bad = runner.invoke(main, [*db, "experiment", "plan", "cheese", "--period", "x"])
    assert bad.exit_code == 1 and "still running" in bad.output


@pytest.mark.postgres
def test_experiments_on_postgresql(pg_schema_url: str) -> None:
    ctx = svc.open_context(Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"))
    try:
        today = ctx.now().date()
        _diary_with_attacks(ctx, today - timedelta(days=60), today)
        exp = ex.plan(ctx, "red wine", start=today - timedelta(days=5), seed=9)
        ex.record_check(ctx, False, note="wedding")
        ex.pause(ctx)
        ex.resume(ctx)
        st, res = experiment_result.result(ctx, exp.id)
        assert [e.kind for e in st.events] == ["planned", "paused", "resumed"]
        assert res.deviations == (today,)
        assert status_json(st)["checks"]["deviations"][0]["note"] == "wedding"
    finally:
        ctx.close()
