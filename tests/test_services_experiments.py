"""Experiments through the services and the CLI on a real SQLite diary (and PostgreSQL in CI):
plan from the person's own rate, follow, pause/resume/extend/stop recorded, result."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from gutbrain.analysis.experiments.design import Design
from gutbrain.analysis.experiments.power import plan_summary
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
SECRET = "5e" * 32  # a fixed randomisation secret (tests only)


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
    exp = ex.plan(ctx, "Red  wine", period="1w", blocks=3, washout="2d", secret=SECRET,
                  exposure="one glass each evening")  # fmt: skip
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
    # an experiment starts today or later: past data is the observational Triggers analysis
    with pytest.raises(GutbrainError, match=r"today or later.*observational"):
        ex.preview(ctx, start=today - timedelta(days=1))
    # the power is for the dose the plan asks for: fewer days a week with it, less power
    every_day = plan_summary(Design("random-blocks", 14, 12, 2, secret=SECRET), 0.07)
    three_days = plan_summary(Design("random-blocks", 14, 12, 2, secret=SECRET,
                                     exposure_days=3), 0.07)  # fmt: skip
    assert three_days.scenarios[2].power < every_day.scenarios[2].power - 0.2
    assert ex.dose_text("red wine", 3) == "have red wine on 3 days each week, your usual amount"
    assert (
        exp.plan["scenarios"][0]["attacks_per_100_at_risk_days_exposure"]
        > (exp.plan["scenarios"][0]["attacks_per_100_at_risk_days_avoidance"])
    )


def _planned_on(clock: Any, day: date, ctx: svc.Context, factor: str, **kw: Any) -> Any:
    """Plan on ``day`` (an experiment starts the day it is planned or later), back to today."""
    today, clock.day = clock.day, day
    try:
        return ex.plan(ctx, factor, start=day, secret=SECRET, **kw)
    finally:
        clock.day = today


def test_follow_pause_extend_stop_are_recorded(ctx: svc.Context, clock: Any) -> None:
    today = ctx.now().date()
    start = today - timedelta(days=10)
    _diary_with_attacks(ctx, today - timedelta(days=90), today, every=5)
    exp = _planned_on(clock, start, ctx, "aged cheese", blocks=4)
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
    assert st.events[1].detail["to_blocks"] == 6
    assert "p ≤" in st.events[1].detail["cost"] and "above 5 %" in st.events[1].detail["cost"]
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


def test_probiotic_before_during_is_trend_adjusted_and_called_weaker(
    ctx: svc.Context, clock: Any
) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=150), today, every=4)
    exp = _planned_on(clock, today - timedelta(days=60), ctx, "probiotic",
                      design="before-during", period="8w", washout="14d")  # fmt: skip
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


def test_the_factor_logged_on_an_avoidance_day_is_a_deviation(ctx: svc.Context, clock: Any) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=60), today)
    exp = _planned_on(clock, today - timedelta(days=13), ctx, "red wine", blocks=1)
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


def test_cli_plan_check_result(db_path: Path, clock: Any) -> None:
    runner = CliRunner()
    today = clock.day
    db = ["--db", str(db_path), "--tz", "Europe/Berlin"]
    late = runner.invoke(main, [*db, "experiment", "plan", "red wine", "--start",
                                (today - timedelta(days=1)).isoformat()])  # fmt: skip
    assert late.exit_code == 1 and "today or later" in late.output
    clock.day = today - timedelta(days=3)
    out = runner.invoke(main, [*db, "experiment", "plan", "red wine", "--period", "7d",
                               "--blocks", "2", "--start", clock.day.isoformat(),
                               "--days-per-week", "3"])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert "Warning" in out.output
    assert "per 100 at-risk days" in out.output and "3 of 7 days" in out.output
    clock.day = today
    out = runner.invoke(main, [*db, "experiment", "check", "yes"])
    assert out.exit_code == 0 and "followed" in out.output
    out = runner.invoke(main, [*db, "experiment", "status", "--json"])
    data = json.loads(out.output)
    assert data["factor"] == "red wine" and data["checks"]["followed"] == 1
    assert data["today"]["arm"] in ("exposure", "avoidance")
    assert data["design"]["secret"] is None and data["design"]["seed"] is None
    assert (
        data["instructions"]["exposure"] == "have red wine on 3 days each week, your usual amount"
    )
    out = runner.invoke(main, [*db, "experiment", "status"])
    assert "1 days followed, 0 deviations, 3 days not checked (unknown)" in out.output
    out = runner.invoke(main, [*db, "experiment", "result", "--json"])
    assert out.exit_code == 0, out.output
    res = json.loads(out.output)
    assert res["method"]["test"].startswith("exact conditional")
    assert res["interim"] is True and res["look"]["completed_pairs"] == 0
    out = runner.invoke(main, [*db, "experiment", "result"])
    assert "INTERIM" in out.output
    bad = runner.invoke(main, [*db, "experiment", "check", "maybe"])
    assert bad.exit_code == 2
    bad = runner.invoke(main, [*db, "experiment", "plan", "cheese", "--period", "x"])
    assert bad.exit_code == 1 and "still running" in bad.output


@pytest.mark.postgres
def test_experiments_on_postgresql(pg_schema_url: str, clock: Any) -> None:
    ctx = svc.open_context(Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"))
    try:
        today = ctx.now().date()
        _diary_with_attacks(ctx, today - timedelta(days=60), today)
        exp = _planned_on(clock, today - timedelta(days=5), ctx, "red wine")
        ex.record_check(ctx, False, note="wedding")
        ex.pause(ctx)
        ex.resume(ctx)
        st, res = experiment_result.result(ctx, exp.id)
        assert [e.kind for e in st.events] == ["planned", "paused", "resumed"]
        assert res.deviations == (today,)
        assert status_json(st)["checks"]["deviations"][0]["note"] == "wedding"
    finally:
        ctx.close()


def test_stop_does_not_change_the_analysis_of_the_same_days(ctx: svc.Context, clock: Any) -> None:
    today = ctx.now().date()
    _diary_with_attacks(ctx, today - timedelta(days=200), today, every=4)
    exp = _planned_on(clock, today - timedelta(days=66), ctx, "red wine", period="1w", blocks=6)
    _, before = experiment_result.result(ctx, exp.id)
    assert before.look == 4 and before.interim and before.days_not_yet_analysed == 11
    ex.stop(ctx, "enough")
    st, after = experiment_result.result(ctx, exp.id)
    assert after.randomisation == before.randomisation and after.itt == before.itt
    assert after.look == 4 and after.conclusion.startswith("Stopped early after 4 of 6 pairs")
    # once over, the secret is shown so the order can be checked
    assert status_json(st)["design"]["secret"] == SECRET
