"""The trigger service on the seeded demo diary: planted truths, decoys and the JSON contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gutbrain.analysis.triggers.engine import TRIGGER, TriggerReport
from gutbrain.demo import DemoDiary
from gutbrain.domain.entries import DiarySettings, Entry
from gutbrain.domain.errors import GutbrainError
from gutbrain.meaning.entries import Understanding
from gutbrain.services import diary as svc
from gutbrain.services.triggers import report_from_entries, to_json, trigger_report

#: Foods as typed, default settings (no food tables): the engine's own behaviour.
AS_TYPED = Understanding(DiarySettings(), None)

GOLDEN = Path(__file__).parent / "golden" / "triggers" / "demo.json"
CONTRACT_ROW_KEYS = {
    "factor", "kind", "lag_days", "exposed_days", "exposed_onsets", "unexposed_days",
    "unexposed_onsets", "rr", "ci_low", "ci_high", "p", "q", "verdict", "reason", "group",
    "flags",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_report(demo_ctx: svc.Context) -> TriggerReport:
    return trigger_report(demo_ctx)


def row(report: TriggerReport, factor: str, lag: int) -> Any:
    return next(r for r in report.rows_for(factor) if r.lag_days == lag)


def test_planted_triggers_point_the_right_way_and_the_strongest_is_found(
    demo_report: TriggerReport, demo_diary: DemoDiary
) -> None:
    assert row(demo_report, "red wine", 1).verdict == TRIGGER
    for planted in demo_diary.planted:
        if planted.role == "trigger":
            r = row(demo_report, planted.factor, planted.lag_days)
            assert r.rr is not None and r.rr > 1, planted.factor


def test_decoys_are_not_called_triggers(demo_report: TriggerReport, demo_diary: DemoDiary) -> None:
    for planted in demo_diary.planted:
        if planted.role == "decoy":
            assert all(r.verdict != TRIGGER for r in demo_report.rows_for(planted.factor))
    olives = row(demo_report, "olives", 1)
    assert any(f.startswith("confounded_by:") for f in olives.flags)
    # issue 10: a real signal explained by red wine is inconclusive, never "not enough data"
    assert olives.verdict == "inconclusive"
    assert olives.reason is not None and "red wine" in olives.reason


def test_demo_red_wine_wine_and_alcohol_are_one_line(demo_report: TriggerReport) -> None:
    from gutbrain.services.triggers import one_per_group

    wine = row(demo_report, "red wine", 1)
    assert wine.group is not None and wine.group_label is not None
    assert {"red wine", "wine", "alcohol"} <= set(wine.group_label.split(" · "))
    assert {row(demo_report, f, 1).group for f in ("wine", "alcohol")} == {wine.group}
    lines = one_per_group(demo_report.by_verdict(TRIGGER))
    assert sum(1 for r in lines if r.group == wine.group) == 1


def test_demo_planted_derived_factors_are_found(demo_report: TriggerReport) -> None:
    # short sleep (RR 3.5, same day) and the perimenstrual window (RR 2.5) are planted
    assert row(demo_report, "short sleep", 0).verdict == TRIGGER
    assert row(demo_report, "short sleep", 0).landmark_minute is None  # anchored at waking
    assert row(demo_report, "perimenstrual window", 0).verdict == TRIGGER


def test_json_follows_the_contract(demo_report: TriggerReport, demo_diary: DemoDiary) -> None:
    data = to_json(demo_report)
    json.dumps(data, allow_nan=False)  # plain numbers only: no NaN, no Infinity
    diary = data["diary"]
    assert diary["first_day"] == demo_diary.first_day.isoformat()
    # attacks a day or less apart are one attack (statistics.md §0), so ≤ the generator's count
    assert 0 < diary["attack_onsets"] <= demo_diary.onsets
    assert diary["days_missing"] == demo_diary.missing_days
    assert data["method"]["fdr"] == 0.10
    assert "Benjamini-Hochberg" in data["method"]["multiplicity"]
    for r in data["factors"]:
        assert r.keys() >= CONTRACT_ROW_KEYS
        assert r["verdict"] in {
            "trigger",
            "protector",
            "inconclusive",
            "no_association",
            "not_enough_data",
        }
        if r["verdict"] in ("inconclusive", "not_enough_data"):
            assert r["reason"], r["factor"]
        if r["q"] is not None and r["q"] <= data["method"]["fdr"]:
            assert r["verdict"] != "not_enough_data", r["factor"]
    tested = [r for r in data["factors"] if r["p"] is not None]
    assert len(tested) == data["method"]["tests"]


def test_demo_report_matches_golden(demo_report: TriggerReport, snapshot_update: bool) -> None:
    data = to_json(demo_report)
    data["factors"] = [
        {k: v for k, v in r.items() if k in CONTRACT_ROW_KEYS | {"sentence", "more_days"}}
        for r in data["factors"]
    ]
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if snapshot_update or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == json.loads(text), (
        "trigger report changed; regenerate with `pytest --snapshot-update` if intended"
    )


def test_gi_outcome_uses_the_same_machinery(demo_entries: list[Entry]) -> None:
    report = report_from_entries(demo_entries, AS_TYPED, outcome="gi")
    assert report.outcome == "GI symptom day"
    assert report.diary.attack_onsets > 0
    assert not report.rows_for("bloating")  # the outcome is not its own exposure


def test_bad_input_is_a_clear_error(demo_entries: list[Entry]) -> None:
    with pytest.raises(GutbrainError, match="unknown outcome"):
        report_from_entries(demo_entries, AS_TYPED, outcome="mood")
    with pytest.raises(GutbrainError, match="empty"):
        report_from_entries([], AS_TYPED)
