"""Gut metrics over a real diary: day totals, weekly rules, gut factors, plans, mappings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.foods import knowledge
from gutbrain.foods.gut import daily_gut, described, plant_points, weekly_gut
from gutbrain.services import diary as svc
from gutbrain.services import foods as food_svc
from gutbrain.services import gut as gut_svc
from gutbrain.services import microbiome as micro_svc
from gutbrain.services.log import log_meal

MONDAY = datetime(2026, 3, 2, 12, tzinfo=UTC)  # a Monday


def _meal(ctx: svc.Context, text: str, day: int, hour: int = 12) -> None:
    log_meal(ctx, text, when=MONDAY + timedelta(days=day, hours=hour - 12))


def _add(ctx: svc.Context, day: int, **fields: object) -> None:
    svc.add_entry(ctx, svc.new_entry(ctx, start=MONDAY + timedelta(days=day), **fields))


def test_day_fiber_is_the_sum_of_its_items(ctx: svc.Context) -> None:
    _meal(ctx, "1 cup cooked lentils and an apple", 0)
    _meal(ctx, "2 slices of wholemeal bread, kimchi", 0, 19)
    know = knowledge()
    day = daily_gut(svc.list_entries(ctx), described(know))[0]
    items = ("1 cup cooked lentils", "an apple", "2 slices of wholemeal bread", "kimchi")
    assert day.fiber_g == pytest.approx(sum(know.describe(t).fiber_g or 0 for t in items), rel=1e-6)
    assert day.items == 4 and day.fermented_servings == 1
    assert day.plants == {"lentil", "apple", "wheat", "cabbage"}


def test_plants_count_once_a_week_and_spices_a_quarter(ctx: svc.Context) -> None:
    _meal(ctx, "apple, lentils and a pinch of cinnamon", 0)
    _meal(ctx, "apple juice and lentil soup, coffee", 3)
    _meal(ctx, "an apple", 8)  # the next week
    weeks = weekly_gut(
        daily_gut(svc.list_entries(ctx), described(knowledge())), svc.get_settings(ctx)
    )
    assert [w.week_start for w in weeks] == [date(2026, 3, 2), date(2026, 3, 9)]
    # Lentil soup is a home recipe: lentils, carrot, onion, celery and olive oil.
    assert weeks[0].plants == {"apple", "lentil", "carrot", "onion", "celery", "olive"}
    assert weeks[0].plant_points == pytest.approx(6.5)  # cinnamon ¼ + coffee ¼
    assert weeks[1].plant_points == 1
    assert plant_points({"tea"}, {"tea"}) == 1


def test_gut_factors_for_the_trigger_engine(ctx: svc.Context) -> None:
    _meal(ctx, "white rice and butter, water", 0)  # low fiber day, no NOVA 4
    _meal(ctx, "3 cups cooked lentils, 2 pears", 1)  # high fiber day
    _meal(ctx, "instant noodles, crisps, cola, an apple", 2)  # 3 of 4 items NOVA 4
    _add(ctx, 3, kind=Kind.MEDICATION, name="amoxicillin", tags=("antibiotic",))
    _add(ctx, 4, kind=Kind.MEDICATION, name="amoxicillin", tags=("antibiotic",))
    for day in (10, 11, 13):
        _add(ctx, day, kind=Kind.SUPPLEMENT, name="bio-kult", tags=("probiotic",),
             amount=4e9, unit="CFU")  # fmt: skip
    exposures = gut_svc.gut_factor_exposures(ctx)
    by_factor: dict[str, list[date]] = {}
    for e in exposures:
        assert e.kind == "gut"
        by_factor.setdefault(e.factor, []).append(e.day)
    start = MONDAY.date()
    assert by_factor["low fiber day"] == [start, start + timedelta(days=2)]
    assert by_factor["high ultra-processed share"] == [start + timedelta(days=2)]
    post = by_factor["post-antibiotic weeks"]
    assert post[0] == start + timedelta(days=5) and len(post) == 28
    assert by_factor["probiotic period"] == [start + timedelta(days=d) for d in (10, 11, 12, 13)]


def test_gut_report_weeks_trends_and_courses(ctx: svc.Context) -> None:
    for day in range(0, 35):
        _meal(ctx, "porridge with blueberries, 2 glasses of water" if day % 2 else "toast", day)
    for day in (14, 15, 17):
        _add(ctx, day, kind=Kind.SUPPLEMENT, name="probiotic", tags=("probiotic",),
             details={"strain": "L. rhamnosus GG"})  # fmt: skip
    report = gut_svc.gut_report(ctx, weeks=4)
    assert len(report.weeks) == 4
    assert report.fiber_trend.n == 4 and report.fiber_trend.ci_low is not None
    assert report.weeks[-1].water_mean_ml > 0
    (course,) = report.probiotic_courses
    assert course.names == ("L. rhamnosus GG",) and course.adherence == pytest.approx(3 / 4)
    with pytest.raises(GutbrainError, match="weeks"):
        gut_svc.gut_report(ctx, weeks=0)


def test_gut_report_on_an_empty_diary_has_no_weeks(ctx: svc.Context) -> None:
    report = gut_svc.gut_report(ctx)
    assert report.food_weeks == 0 and report.averages.plants_per_week is None


STEADY = "lentils, apple, pear, carrot, oats, kimchi"


def test_partial_weeks_are_shown_but_not_counted(ctx: svc.Context) -> None:
    """Same meals every day for 5 weeks, then a week with 2 days logged: the partial week's
    plant count is lower only because fewer days were logged, and must not make a trend."""
    for day in range(35):
        _meal(ctx, STEADY if day % 2 else STEADY + ", kale, mango", day)
    for day in (35, 36):
        _meal(ctx, STEADY, day)
    report = gut_svc.gut_report(ctx, weeks=6)
    assert [w.complete for w in report.weeks] == [True] * 5 + [False]
    assert report.weeks[-1].plant_points < report.weeks[0].plant_points
    assert report.averages.complete_weeks == 5 and report.averages.partial_weeks == 1
    assert report.averages.plants_per_week == pytest.approx(report.weeks[0].plant_points)
    assert report.plants_trend.n == 5 and report.plants_trend.slope_per_week == 0.0
    assert report.averages.fermented_per_week == pytest.approx(7.0)


def test_cli_web_and_pdf_use_the_same_week_rule(ctx: svc.Context) -> None:
    from gutbrain.services.report import report_data

    for day in range(35):
        _meal(ctx, STEADY if day % 3 else STEADY + ", kale", day)
    for day in (35, 37, 38):
        _meal(ctx, STEADY, day)
    web = gut_svc.gut_report(ctx, weeks=6).averages
    pdf = report_data(ctx, start=MONDAY.date(), end=MONDAY.date() + timedelta(days=41)).gut
    assert pdf.plants_per_week == pytest.approx(web.plants_per_week)
    assert pdf.fermented_per_week == pytest.approx(web.fermented_per_week)
    assert pdf.fiber_g_per_day == pytest.approx(web.fiber_g_per_day)
    assert "1 partial weeks not counted" in pdf.note or "1 partial week" in pdf.note


def test_elimination_plan_breaches_and_diversity_warning(ctx: svc.Context) -> None:
    varied = "lentils, apple, pear, carrot, broccoli, spinach, oats, almonds, walnuts, kale"
    for day in range(28):
        _meal(ctx, varied if day % 7 else varied + ", quinoa, mango, kiwi, beetroot", day)
    for day in range(28, 56):
        _meal(ctx, "rice, chicken" + (", cheddar" if day == 40 else ""), day)
    check = gut_svc.plan_check(ctx, "low-tyramine since 2026-03-30")
    assert [b.food for b in check.breaches] == ["cheddar"]
    assert check.plants_during is not None and check.plants_before is not None
    assert check.plants_during < check.plants_before
    assert any("plant diversity fell" in w for w in check.warnings)
    with pytest.raises(GutbrainError, match="elimination diet"):
        gut_svc.parse_plan("paleo")


def test_gluten_needs_a_condition_or_the_setting(ctx: svc.Context) -> None:
    assert "gluten" not in food_svc.food_knowledge(ctx).components("white bread")
    svc.add_condition(ctx, "Celiac disease")
    assert "gluten" in food_svc.food_knowledge(ctx).components("white bread")


def test_unknown_foods_are_shown_once_and_mapping_is_remembered(ctx: svc.Context) -> None:
    _meal(ctx, "grandma's zuppa, an apple", 0)
    _meal(ctx, "grandma's zuppa", 1)
    (unknown,) = food_svc.unknown_foods(ctx)
    assert (unknown.text, unknown.times) == ("grandma's zuppa", 2)
    view = food_svc.map_food(ctx, "Grandma's zuppa", recipe="150 g lentils, 100 g tomato")
    assert view.via == "recipe" and view.fiber_g and view.fiber_g > 10
    assert food_svc.unknown_foods(ctx) == []
    food_svc.map_food(ctx, "the usual", as_food="merlot")
    assert food_svc.food_knowledge(ctx).canonical_name("the usual") == "red wine"
    with pytest.raises(GutbrainError, match="not a food gutbrain knows"):
        food_svc.map_food(ctx, "x", as_food="qwertyuiop")
    with pytest.raises(GutbrainError, match="exactly one"):
        food_svc.map_food(ctx, "x")
    food_svc.unmap_food(ctx, "the usual")
    with pytest.raises(GutbrainError, match="no mapping"):
        food_svc.unmap_food(ctx, "the usual")


def test_microbiome_import_stores_samples_and_never_mixes_kinds(ctx: svc.Context) -> None:
    data = Path(__file__).parent / "data" / "microbiome"
    micro_svc.import_microbiome(ctx, data / "sample.biom", collected_on=date(2026, 1, 5))
    micro_svc.import_microbiome(ctx, data / "sample.metaphlan.tsv", collected_on=date(2026, 2, 5))
    series = micro_svc.list_microbiome(ctx)
    assert set(series) == {"count", "cell_fraction"}
    assert [round(p.change, 3) if p.change else None for p in series["count"]] == [None, -0.078]
    assert series["cell_fraction"][0].change is None  # not compared with the BIOM counts
    stored = series["cell_fraction"][0].sample
    assert any(a["taxon"] == "Bifidobacterium" for a in stored.metrics["annotations"])
    assert micro_svc.sample_profile(stored).taxa[0].name == "Bacteria"


def test_a_bad_microbiome_file_stores_nothing(ctx: svc.Context, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("#clade_name\tNCBI_tax_id\trelative_abundance\nk__Bacteria\t2\tx\n")
    with pytest.raises(GutbrainError, match="line 2"):
        micro_svc.import_microbiome(ctx, bad)
    assert svc.list_microbiome_samples(ctx) == []
