"""Parity (issue 18): one diary — personal food names, non-default settings, multi-day
attacks, a running experiment — gives the same exposures, verdicts and day counts through
every door: the CLI, the JSON API, the web page, the PDF's data, `explain`, the experiment's
factor days and the cohort snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from gutbrain.cli import main
from gutbrain.demo import DemoDiary
from gutbrain.services import diary as svc
from gutbrain.services import experiments as ex
from gutbrain.services import foods as food_svc
from gutbrain.services import report as report_svc
from gutbrain.services.cohort import diary_arrays
from gutbrain.services.demo import load_demo
from gutbrain.services.experiment_result import factor_days
from gutbrain.services.log import log_meal
from gutbrain.services.triggers import explain_factor, trigger_report
from gutbrain.settings import Settings
from gutbrain.web.app import create_app

TZ = "Europe/Berlin"
STEW = "stew and dumplings"


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory, demo_diary: DemoDiary) -> Path:
    path = tmp_path_factory.mktemp("parity") / "diary.sqlite"
    ctx = svc.open_context(Settings.from_env(db=path, timezone=TZ))
    ctx = svc.update_settings(load_demo(ctx, demo_diary), fiber_target_g=35, fdr=0.2)
    food_svc.map_food(ctx, STEW, define={"components": ["histamine"], "serving_g": 400})
    cov = svc.coverage(ctx)
    assert cov is not None
    for k in range(30, cov.days_total, 9):
        day = cov.first_day + timedelta(days=k)
        log_meal(ctx, f"{STEW}, water", when=datetime(day.year, day.month, day.day, 19,
                                                       tzinfo=ctx.midnight(day).tzinfo))  # fmt: skip
    with pytest.MonkeyPatch.context() as mp:  # planned on the day it starts (not in the past)
        mp.setattr(svc.Context, "now", lambda c: c.midnight(date(2026, 10, 1)))
        ex.plan(ctx, STEW, start=date(2026, 10, 1), secret="05" * 32)
    ctx.close()
    return path


@pytest.fixture(scope="module")
def ctx(diary: Path) -> Iterator[svc.Context]:
    context = svc.open_context(Settings.from_env(db=diary, timezone=TZ))
    yield context
    context.close()


def _rows(factors: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[Any, ...]]:
    return {
        (r["factor"], r["lag_days"]): (r["verdict"], r["exposed_days"], r["exposed_onsets"])
        for r in factors
    }


def test_every_door_gives_the_same_verdicts_and_days(diary: Path, ctx: svc.Context) -> None:
    cli = CliRunner().invoke(main, ["--db", str(diary), "triggers", "--json"])
    assert cli.exit_code == 0, cli.output
    from_cli = _rows(json.loads(cli.output)["factors"])
    assert (STEW, 1) in from_cli and ("histamine", 1) in from_cli
    assert ("stew", 1) not in from_cli  # the personal name is one factor
    with TestClient(create_app(ctx.settings)) as web:
        from_api = _rows(web.get("/api/v1/triggers").json()["factors"])
        page = web.get("/triggers").text
        cov = svc.coverage(ctx)
        assert cov is not None
        month = web.get(f"/api/v1/calendar/{cov.last_day.year}/{cov.last_day.month - 1}").json()
    assert from_api == from_cli
    report = trigger_report(ctx)
    from_engine = {
        (r.factor, r.lag_days): (r.verdict, r.exposed_days, r.exposed_onsets) for r in report.rows
    }
    assert from_engine == from_cli
    for (factor, _lag), (verdict, _n, _a) in from_cli.items():
        if verdict == "trigger":
            assert factor in page
    # the PDF's data (same period as the diary)
    data = report_svc.report_data(ctx, start=cov.first_day, end=cov.last_day)
    for r in data.triggers.rows:
        assert (r.verdict, r.exposed_days, r.exposed_onsets) == from_cli[(r.factor, r.lag_days)]
    # explain
    for factor in (STEW, "histamine", "low fiber day"):
        for lag in explain_factor(report, factor).lags:
            r = lag.row
            assert (r.verdict, r.exposed_days, r.exposed_onsets) == from_cli[(factor, r.lag_days)]
    # the experiment's factor days are the engine's exposure days
    matrix = report.matrix
    for factor in (STEW, "histamine"):
        row = matrix.row(factor)
        assert row is not None
        engine_days = {
            matrix.first_day + timedelta(days=int(i)) for i in np.flatnonzero(matrix.present[row])
        }
        assert factor_days(ctx, factor, cov.first_day, cov.last_day) == engine_days
    # the cohort snapshot carries the same factors on the same days
    arrays = diary_arrays(ctx)
    assert arrays is not None
    assert arrays.factors == matrix.factors and np.array_equal(arrays.present, matrix.present)
    # day counts: the calendar's month is the report's month
    y, m = cov.last_day.year, cov.last_day.month - 1
    first = date(y, m, 1)
    last = date(y, m + 1, 1) - timedelta(days=1)
    counted = report_svc.report_data(ctx, start=first, end=last).current
    s = month["summary"]
    assert (s["migraine_days"], s["headache_days"]) == (
        counted.migraine_days,
        counted.headache_days,
    )
    assert any(d["attacks"] and not d["onsets"] for d in month["days"])  # multi-day attacks


def test_the_running_experiment_reads_the_same_meanings(ctx: svc.Context) -> None:
    st = ex.status(ctx)
    assert st.experiment.factor == STEW and st.experiment.status == "active"
    logged = factor_days(ctx, STEW, st.experiment.start_day, st.plan.end)
    assert logged  # the personal name is found on its days, not split into stew / dumplings
    assert all(d >= st.experiment.start_day for d in logged)
