"""Allocation concealment (CENT 2015 items 9/10): before a period starts, nothing gutbrain shows
— status and result JSON, the CLI, the web pages and API, the CENT report — depends on that
period's arm.  Two diaries with identical data run experiments whose secrets give the same
first pair and different later pairs: every output must be identical until the second pair
starts, and differ once it has (so the test can fail)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from click.testing import CliRunner
from fastapi.testclient import TestClient

from gutbrain.analysis.experiments.design import Design, schedule
from gutbrain.cli import main
from gutbrain.services import diary as svc
from gutbrain.services import experiments as ex
from gutbrain.settings import Settings
from gutbrain.web.app import create_app

TZ = "Europe/Berlin"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
BLOCKS = 4


def _secrets() -> tuple[str, str]:
    """Two secrets whose schedules agree on pair 1 and differ on every later pair."""
    found: dict[tuple[str, ...], str] = {}
    for i in range(10_000):
        secret = f"{i:064x}"
        order = schedule(Design("random-blocks", 7, BLOCKS, 2, secret=secret))
        found.setdefault(order, secret)
    for a, sa in found.items():
        for b, sb in found.items():
            if a[:2] == b[:2] and all(a[k] != b[k] for k in range(2, 2 * BLOCKS)):
                return sa, sb
    raise AssertionError("no such pair of secrets")


def _diary(path: Path, secret: str, today: date) -> str:
    ctx = svc.open_context(Settings.from_env(db=path, timezone=TZ))
    try:
        for i in range(120, -40, -5):  # attacks before and during the experiment
            start = datetime.combine(today - timedelta(days=i), time(10), ZoneInfo(TZ))
            svc.add_entry(ctx, svc.new_entry(ctx, kind="attack", name="migraine", start=start,
                                             end=start + timedelta(hours=8), intensity=6))  # fmt: skip
        exp = ex.plan(ctx, "red wine", period="7d", blocks=BLOCKS, washout="2d", secret=secret)
        return str(exp.id)
    finally:
        ctx.close()


def _everything(path: Path, exp_id: str) -> str:
    """Every output a person (or anyone with the file) can get, ids masked."""
    db = ["--db", str(path), "--tz", TZ]
    runner = CliRunner()
    parts = []
    for args in (["status"], ["status", "--json"], ["result"], ["result", "--json"], ["report"]):
        out = runner.invoke(main, [*db, "experiment", *args])
        parts.append(out.output)
    with TestClient(create_app(Settings.from_env(db=path, timezone=TZ))) as client:
        for url in ("/experiments", f"/experiments/{exp_id}", f"/experiments/{exp_id}/result",
                    f"/experiments/{exp_id}/report", "/experiments/today",
                    "/api/v1/experiments", f"/api/v1/experiments/{exp_id}",
                    f"/api/v1/experiments/{exp_id}/result"):  # fmt: skip
            parts.append(client.get(url).text)
    text = "\n".join(parts).replace(exp_id, "ID")
    return UUID.sub("UUID", re.sub(r"csrf[^\"']*[\"'][^\"']*[\"']", "csrf", text))


def test_nothing_shown_before_a_period_starts_reveals_it(tmp_path: Path, clock: Any) -> None:
    first, second = _secrets()
    today = clock.day
    ids = [_diary(tmp_path / f"{i}.sqlite", s, today) for i, s in enumerate((first, second))]
    start = today + timedelta(days=1)
    # planned, in the first period, and on the last day of the first pair: identical outputs
    for offset in (-1, 0, 3, 8, 13):
        clock.day = start + timedelta(days=offset)
        a, b = (_everything(tmp_path / f"{i}.sqlite", ids[i]) for i in range(2))
        assert a == b, f"day {offset}: an output depends on a period that has not started"
        assert first not in a and second not in b  # the secret stays in the diary
    # the day the second pair starts, its first arm is shown: the outputs differ
    clock.day = start + timedelta(days=14)
    a, b = (_everything(tmp_path / f"{i}.sqlite", ids[i]) for i in range(2))
    assert a != b
    # once it is over, the secret is shown so anyone can check the order
    clock.day = start + timedelta(days=14 * BLOCKS)
    assert first in _everything(tmp_path / "0.sqlite", ids[0])
