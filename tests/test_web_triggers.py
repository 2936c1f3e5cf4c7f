"""Triggers and Gut pages on the seeded demo diary: verdict groups, forest plot, sentences,
"N more days", and a drill-down whose days add up to the row's numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary as svc
from gutbrain.services.days import count_days
from gutbrain.settings import Settings
from gutbrain.web.app import create_app
from gutbrain.web.calendar import build_month, month_bounds
from gutbrain.web.forest import ForestRow, forest_plot_svg


@pytest.fixture(scope="module")
def demo_client(demo_ctx: svc.Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo_ctx.settings)) as client:
        yield client


def test_triggers_page_groups_plot_and_sentences(demo_client: TestClient) -> None:
    html = demo_client.get("/triggers").text
    report = demo_client.get("/api/v1/triggers").json()
    triggers = [r for r in report["factors"] if r["verdict"] == "trigger"]
    assert triggers, "the demo diary has planted triggers"
    assert "red wine" in {r["factor"] for r in triggers}
    trigger_section = html.split('id="v-trigger"')[1].split("</section>")[0]
    lines = {r["group"] or r["factor"]: r for r in triggers}  # one line per group
    for row in lines.values():
        shown = row["group_label"] or row["sentence"].split(" (")[0]
        assert shown.replace("'", "&#39;") in trigger_section
    assert trigger_section.count('data-testid="verdict-trigger"') == len(lines)
    grouped = [r for r in triggers if r["group"]]
    assert grouped and "red wine" in grouped[0]["group_label"]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="forest"' in html
    assert html.count('<g class="fp-row fp-trigger"') == len(lines)  # desktop plot
    assert html.count('<li class="fp-row fp-trigger"') == len(lines)  # phone plot
    thin = [r for r in report["factors"] if r["verdict"] == "not_enough_data" and r["more_days"]]
    assert thin
    closest = min(r["more_days"] for r in thin)
    assert (f"about {closest} more days" if closest <= 365 else "more than a year") in html
    # Waits are honest: nothing like "about 2065 more days"; beyond a year it says so.
    assert all(int(n) <= 365 for n in re.findall(r"about (\d+) more days", html))
    if any(r["more_days"] > 365 for r in sorted(thin, key=lambda r: r["more_days"])[:8]):
        assert "more than a year at your current rate" in html


def test_a_fresh_app_shows_the_trigger_json_kept_in_the_diary(
    demo_ctx: svc.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold start (new app, empty result cache) on an analysed diary runs no engine: the
    page and the API read the JSON the diary keeps (``services.trigger_results``)."""
    from gutbrain.services import trigger_results, triggers

    kept = trigger_results.trigger_json(demo_ctx)  # computed once, kept in the diary

    def no_engine(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the trigger engine ran on a cold start")

    monkeypatch.setattr(triggers, "trigger_report", no_engine)
    with TestClient(create_app(demo_ctx.settings)) as client:
        assert client.get("/api/v1/triggers").json() == kept
        html = client.get("/triggers").text
    lines = {r["group"] or r["factor"] for r in kept["factors"] if r["verdict"] == "trigger"}
    assert html.count('<g class="fp-row fp-trigger"') == len(lines) > 0
    assert f"false-discovery level {kept['method']['fdr']}" in html


def test_the_start_up_warm_up_leaves_no_engine_run_for_a_page(
    demo_ctx: svc.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` warms the cache in the background: after it, the drill-down, Gut and the
    report open without computing anything (the first visitors of a fresh app wait for none)."""
    from gutbrain.services import gut, report, trigger_results, triggers
    from gutbrain.web.server import warm_up

    trigger_results.trigger_json(demo_ctx)  # an analysed diary (the restart case)
    app = create_app(demo_ctx.settings)
    warm_up(app)

    def nothing_computed(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a page computed what the warm-up should have")

    for module, name in ((triggers, "trigger_report"), (gut, "gut_report"),
                         (report, "report_data"), (report, "report_charts")):  # fmt: skip
        monkeypatch.setattr(module, name, nothing_computed)
    row = next(r for r in trigger_results.trigger_json(demo_ctx)["factors"] if r["exposed_days"])
    with TestClient(app) as client:
        days = {"factor": row["factor"], "kind": row["kind"], "lag": row["lag_days"]}
        for path, params in (("/triggers/days", days), ("/gut", {}), ("/report", {}),
                             ("/api/v1/report", {}), ("/triggers", {})):  # fmt: skip
            assert client.get(path, params=params).status_code == 200, path


def test_drill_down_days_add_up_to_the_row(demo_client: TestClient) -> None:
    rows = demo_client.get("/api/v1/triggers").json()["factors"]
    checked = 0
    for row in rows:
        if row["exposed_days"] == 0 or (row["lag_days"] == 0 and row["landmark"] is None):
            continue
        params = {"factor": row["factor"], "kind": row["kind"], "lag": row["lag_days"]}
        days = demo_client.get("/api/v1/triggers/days", params=params).json()
        assert len(days["exposed_onset_days"]) == row["exposed_onsets"]
        assert (
            len(days["exposed_onset_days"]) + len(days["exposed_quiet_days"]) == row["exposed_days"]
        )
        assert len(days["unexposed_onset_days"]) == row["unexposed_onsets"]
        checked += 1
        if checked == 25:
            break
    assert checked == 25
    page = demo_client.get(
        "/triggers/days", params={"factor": "red wine", "kind": "drink", "lag": 1}
    )
    assert page.status_code == 200
    assert "Attack days after red wine" in page.text
    missing = demo_client.get(
        "/triggers/days", params={"factor": "unicorn", "kind": "food", "lag": 1}
    )
    assert missing.status_code == 404


def test_gut_page_shows_weeks_against_targets(demo_client: TestClient) -> None:
    data = demo_client.get("/api/v1/gut", params={"weeks": 12}).json()
    assert len(data["weeks"]) == 12
    assert data["fiber_target_g"] == 25
    fed = [w for w in data["weeks"] if w["food_days"]]
    assert fed
    assert all(w["fiber_mean_g"] is None or 0 < w["fiber_mean_g"] < 80 for w in fed)
    assert {t["metric"] for t in data["trends"]} == {"fiber", "plants"}
    html = demo_client.get("/gut").text
    assert "g/day</strong> on average (target 25 g)" in html
    assert html.count('class="target"') == 2  # fiber and plant target lines
    assert demo_client.get("/gut", params={"weeks": 2}).status_code == 422


def test_empty_diary_triggers_page_explains(db_path: Path) -> None:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as c:
        page = c.get("/triggers")
        assert page.status_code == 200
        assert "empty" in page.text
        assert c.get("/gut").status_code == 200


def test_forest_plot_draws_arrows_for_unbounded_intervals() -> None:
    svg = forest_plot_svg(
        [
            ForestRow("red wine · day before", 3.4, 2.4, 4.8, "trigger", "/x?a=1&b=2"),
            ForestRow("rare <food>", 9.0, 1.1, None, "not_enough_data"),
            ForestRow("untested", None, None, None, "not_enough_data"),
        ]
    )
    assert svg.count('class="fp-arrow"') == 1
    assert "rare &lt;food&gt;" in svg
    assert 'href="/x?a=1&amp;b=2"' in svg
    assert "not enough data" in svg
    assert "3.4 (2.4–4.8)" in svg  # rounded as the row's text rounds it
    assert "9.0 (1.1, no upper limit)" in svg and "∞" not in svg


def test_month_grid_bands_and_period_span(ctx: svc.Context) -> None:
    entries = [
        svc.new_entry(ctx, kind="attack", name="m", start=_at(3, 4, 9), intensity=8),
        svc.new_entry(ctx, kind="attack", name="m", start=_at(3, 4, 20), intensity=3),
        svc.new_entry(ctx, kind="attack", name="m", start=_at(3, 9, 9)),
        svc.new_entry(
            ctx,
            kind="attack",
            name="migraine",
            start=_at(3, 12, 22),
            end=_at(3, 14, 8),
            intensity=6,
        ),
        svc.new_entry(ctx, kind="medication", name="ibuprofen", start=_at(3, 4, 10)),
        svc.new_entry(
            ctx,
            kind="menstruation",
            name="period",
            start=_at(2, 27, 0),
            start_has_time=False,
            end=_at(3, 2, 0),
            end_has_time=False,
        ),
    ]
    start, end = month_bounds(2026, 3)
    days = count_days(
        entries, start, end, diary_first=date(2026, 2, 1), diary_last=date(2026, 3, 31),
        missing=[date(2026, 3, 20)],
    )  # fmt: skip
    view = build_month(2026, 3, days)
    cells = {c.day: c for c in view.days()}
    assert cells[date(2026, 3, 4)].band == "severe"
    assert cells[date(2026, 3, 4)].attacks == 2
    assert cells[date(2026, 3, 4)].medication
    assert cells[date(2026, 3, 9)].band == "unrated"
    assert [d.day for d in view.days() if d.period] == [date(2026, 3, 1), date(2026, 3, 2)]
    assert cells[date(2026, 3, 20)].missing
    # a three-day attack colours every day it touches, and each is a migraine day
    assert [cells[date(2026, 3, d)].band for d in (12, 13, 14)] == ["moderate"] * 3
    assert "attack going on from an earlier day" in cells[date(2026, 3, 13)].describe()
    assert view.summary() == {
        "attack_days": 5,
        "attacks": 4,
        "migraine_days": 3,
        "headache_days": 5,
        "acute_medication_days": 1,
        "medication_days": 1,
        "period_days": 2,
        "missing_days": 1,
    }
    assert all(len(week) == 7 for week in view.weeks)
    assert view.weeks[0][0].day.weekday() == 0


def _at(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ZoneInfo("Europe/Berlin"))
