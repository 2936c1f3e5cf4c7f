"""``gutbrain.meaning``: one owner of what an entry means, and the divergences it removed
(issue 18: a personal name split when logged; the report built without the settings)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from gutbrain.demo import DemoDiary
from gutbrain.domain.entries import DiarySettings, Entry, Kind
from gutbrain.foods import knowledge, lookup
from gutbrain.meaning.entries import Understanding
from gutbrain.meaning.exposures import food_exposures
from gutbrain.services import diary as svc
from gutbrain.services import foods as food_svc
from gutbrain.services import report as report_svc
from gutbrain.services.demo import load_demo
from gutbrain.services.log import log_meal, log_simple
from gutbrain.services.meals import preview_meal
from gutbrain.services.triggers import trigger_report
from gutbrain.settings import Settings
from gutbrain.store.meanings import stored_meanings
from test_analysis_derived import D0, entry

AS_TYPED = Understanding(DiarySettings(), None)


def _factors(entries: list[Entry], meaning: Understanding) -> list[tuple[str, int]]:
    return [(e.factor, (e.day - D0).days) for e in food_exposures(entries, meaning)]


def test_alcohol_by_drink_type_but_not_ginger_ale() -> None:
    es = [entry(Kind.DRINK, "red wine", 0), entry(Kind.DRINK, "IPA", 1),
          entry(Kind.DRINK, "ginger ale", 2), entry(Kind.DRINK, "gin and tonic", 3)]  # fmt: skip
    assert _factors(es, AS_TYPED) == [
        ("wine", 0),
        ("alcohol", 0),
        ("beer", 1),
        ("alcohol", 1),
        ("spirits", 3),
        ("alcohol", 3),
    ]


def test_wine_inside_a_food_line_counts_but_wine_in_a_dish_does_not() -> None:
    es = [
        entry(Kind.FOOD, "pepperoni pizza and red wine", 0, 19.5),
        entry(Kind.FOOD, "salad with red wine vinegar", 1, 12.5),
        entry(Kind.FOOD, "beer-battered fish", 2, 19),
    ]
    assert _factors(es, AS_TYPED) == [("wine", 0), ("alcohol", 0)]


def test_the_food_knowledge_names_the_drink_type() -> None:
    meaning = Understanding(DiarySettings(), knowledge())
    got = meaning.of(entry(Kind.DRINK, "2 glasses of merlot", 0))
    assert got.drinks == ("wine",) and "alcohol" in got.components
    assert got.foods == ("merlot",)


def test_a_stored_meaning_round_trips_and_is_used_as_stored() -> None:
    e = entry(Kind.FOOD, "pasta with tomato sauce", 0)
    first = Understanding(DiarySettings(), knowledge())
    fresh = first.of(e)
    assert type(fresh).from_json(fresh.to_json()) == fresh
    stored = Understanding(DiarySettings(), knowledge(), first.fresh)
    assert stored.of(e) == fresh and not stored.fresh  # read, not derived again
    stale = {k: (t, "an older knowledge", p) for k, (t, _v, p) in first.fresh.items()}
    again = Understanding(DiarySettings(), knowledge(), stale)
    assert again.of(e) == fresh and again.fresh  # derived again, to be stored


STEW = "stew and dumplings"
MONDAY = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_a_personal_name_is_kept_together_when_logged_and_reaches_the_engine(
    ctx: svc.Context,
) -> None:
    """Issue 18: the preview honoured "stew and dumplings" (= histamine), logging split it into
    "stew" and "dumplings", so the engine never saw the histamine."""
    food_svc.map_food(ctx, STEW, define={"components": ["histamine"], "serving_g": 400})
    assert [i.food for i in preview_meal(ctx, STEW)] == [STEW]
    days = range(0, 60, 3)
    for d in range(60):
        log_meal(ctx, "toast", when=MONDAY + timedelta(days=d, hours=-4))
    for d in days:
        logged = log_meal(ctx, f"{STEW}, water", when=MONDAY + timedelta(days=d, hours=7))
        assert [(x.name, x.kind) for x in logged] == [(STEW, Kind.FOOD), ("water", Kind.DRINK)]
        log_simple(ctx, Kind.ATTACK, "migraine", when=MONDAY + timedelta(days=d + 1))
    report = trigger_report(ctx)
    histamine = {r.lag_days: r.exposed_days for r in report.rows_for("histamine")}
    stew = {r.lag_days: r.exposed_days for r in report.rows_for(STEW)}
    assert histamine == stew and histamine[1] >= len(days) // 2  # at-risk days only
    assert not report.rows_for("stew") and not report.rows_for("dumplings")


@pytest.fixture(scope="module")
def high_target_ctx(
    tmp_path_factory: pytest.TempPathFactory, demo_diary: DemoDiary
) -> Iterator[svc.Context]:
    """The demo year with a 35 g fiber target."""
    path = tmp_path_factory.mktemp("fiber") / "demo.sqlite"
    context = svc.open_context(Settings.from_env(db=path, timezone="Europe/Berlin"))
    context = svc.update_settings(load_demo(context, demo_diary), fiber_target_g=35)
    yield context
    context.close()


def test_the_report_reads_the_fiber_target_like_the_trigger_command(
    high_target_ctx: svc.Context,
) -> None:
    """Issue 18: with a 35 g target `gutbrain triggers` counted 166 low-fiber days, the PDF
    (built without the settings) 70 and a different verdict."""
    cli = {(r.factor, r.lag_days): r for r in trigger_report(high_target_ctx).rows}
    pdf = report_svc.report_data(high_target_ctx).triggers
    assert pdf is not None and pdf.available
    shown = {(r.factor, r.lag_days): r for r in pdf.rows}
    low = shown[("low fiber day", 1)]
    assert (low.verdict, low.exposed_days) == (
        cli[("low fiber day", 1)].verdict,
        cli[("low fiber day", 1)].exposed_days,
    )
    default = svc.update_settings(high_target_ctx, fiber_target_g=25)
    try:
        fewer = {
            r.lag_days: r.exposed_days for r in trigger_report(default).rows_for("low fiber day")
        }
        assert fewer[1] < low.exposed_days  # the target really moves the factor
    finally:
        svc.update_settings(high_target_ctx, fiber_target_g=35)
    for key, row in shown.items():
        assert (row.verdict, row.exposed_days, row.exposed_onsets) == (
            cli[key].verdict,
            cli[key].exposed_days,
            cli[key].exposed_onsets,
        ), key


def _diary_with_meals(ctx: svc.Context) -> None:
    for d in range(40):
        when = MONDAY + timedelta(days=d, hours=7)
        log_meal(
            ctx, "pasta with tomato sauce, a glass of red wine" if d % 2 else "toast", when=when
        )
        if d % 5 == 0:
            log_simple(ctx, Kind.ATTACK, "migraine", when=when + timedelta(hours=5))


def test_an_analysis_reads_stored_meanings_without_the_food_tables(
    ctx: svc.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    _diary_with_meals(ctx)
    texts = {t for t, _v, _p in stored_meanings(ctx.store, ctx.diary_id).values()}
    assert {"toast", "red wine"} <= texts and len(texts) >= 3  # written with the entries

    def no_tables() -> None:
        raise AssertionError("the food tables were loaded")

    monkeypatch.setattr(lookup, "_default_base", no_tables)
    report = trigger_report(ctx)
    assert report.rows_for("wine") and report.rows_for("alcohol") and report.rows_for("toast")


def test_a_changed_mapping_rederives_only_the_entries_it_touches(ctx: svc.Context) -> None:
    _diary_with_meals(ctx)
    before = stored_meanings(ctx.store, ctx.diary_id)
    food_svc.map_food(ctx, "toast", define={"components": ["aspartame"]})
    after = stored_meanings(ctx.store, ctx.diary_id)
    changed = {after[k][0] for k in after if after[k] != before.get(k)}
    assert changed == {"toast"}
    assert json.loads(next(p for t, _v, p in after.values() if t == "toast"))["components"] == [
        "aspartame"
    ]
    report = trigger_report(ctx)
    days = {r.lag_days: r.exposed_days for r in report.rows_for("aspartame")}
    assert days and days == {r.lag_days: r.exposed_days for r in report.rows_for("toast")}


def test_a_knowledge_upgrade_rederives_every_meaning_once(
    ctx: svc.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    _diary_with_meals(ctx)
    monkeypatch.setattr(lookup, "data_version", lambda: "a newer knowledge")
    trigger_report(ctx)
    rows = stored_meanings(ctx.store, ctx.diary_id)
    assert {v for _t, v, _p in rows.values()} == {"a newer knowledge"}
