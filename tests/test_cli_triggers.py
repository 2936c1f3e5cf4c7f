"""``gutbrain triggers`` and ``gutbrain explain`` through Click's runner on the demo diary."""

from __future__ import annotations

import json

from click.testing import CliRunner

from gutbrain.cli import main
from gutbrain.services import diary as svc


def run(ctx: svc.Context, *args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, ["--db", str(ctx.settings.db_path), *args])
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0
        assert "Traceback" not in result.output
    return result.output


def test_triggers_table_groups_by_verdict_with_readings(demo_ctx: svc.Context) -> None:
    out = run(demo_ctx, "triggers")
    assert "Triggers" in out and "Not enough data yet" in out
    assert "red wine" in out and "times as often" in out and "95 % CI" in out


def test_triggers_json_is_the_contract(demo_ctx: svc.Context) -> None:
    data = json.loads(run(demo_ctx, "triggers", "--json"))
    assert {"diary", "method", "factors"} <= data.keys()
    assert json.loads(run(demo_ctx, "--json", "triggers")) == data
    wine = next(r for r in data["factors"] if r["factor"] == "red wine" and r["lag_days"] == 1)
    assert wine["verdict"] == "trigger"


def test_explain_shows_table_days_checks_and_what_would_change(demo_ctx: svc.Context) -> None:
    out = run(demo_ctx, "explain", "red wine")
    assert "Lag 1" in out and "with it" in out and "Onsets after it:" in out
    assert "permutation" in out and "What would change it:" in out
    data = json.loads(run(demo_ctx, "explain", "olives", "--json"))
    lag1 = next(x for x in data["lags"] if x["lag_days"] == 1)
    assert len(lag1["exposed_onset_days"]) == lag1["exposed_onsets"]


def test_unknown_factor_and_bad_options_are_clear_errors(demo_ctx: svc.Context) -> None:
    out = run(demo_ctx, "explain", "unicorn", ok=False)
    assert "no factor called 'unicorn'" in out
    run(demo_ctx, "triggers", "--outcome", "mood", ok=False)


def test_gi_outcome(demo_ctx: svc.Context) -> None:
    data = json.loads(run(demo_ctx, "triggers", "--outcome", "gi", "--json"))
    assert data["method"]["outcome"] == "GI symptom day"
