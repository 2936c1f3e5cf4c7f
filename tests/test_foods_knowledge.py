"""Food knowledge: components with grades and sources, fiber, grams, personal mappings."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gutbrain.domain.entries import Entry, Kind
from gutbrain.foods import COMPONENTS, knowledge
from gutbrain.foods.tables import load_tables


@pytest.fixture(scope="module")
def know():  # type: ignore[no-untyped-def]
    return knowledge()


def test_issue_example_components(know) -> None:  # type: ignore[no-untyped-def]
    wine, pizza, kimchi = (
        know.describe(t) for t in ("2 glasses of red wine", "pepperoni pizza", "kimchi")
    )
    assert {"alcohol", "histamine"} <= set(wine.components)
    assert "nitrite" in pizza.components
    assert any(t.component == "nitrite" and "pepperoni" in t.via for t in pizza.tags)
    assert {"fermented", "histamine", "tyramine"} <= set(kimchi.components)
    for analysis in (wine, pizza, kimchi):
        assert all(t.grade and t.source for t in analysis.tags)


def test_every_component_name_is_from_the_contract(know) -> None:  # type: ignore[no-untyped-def]
    tables = load_tables()
    assert {r.component for r in tables.rules} <= set(COMPONENTS)
    for name in list(tables.curated)[:400]:
        assert set(know.components(name)) <= set(COMPONENTS)


def test_gluten_only_when_asked(know) -> None:  # type: ignore[no-untyped-def]
    assert "gluten" not in know.components("white bread")
    assert "gluten" in know.with_personal({}, analyse_gluten=True).components("white bread")
    assert "gluten" in knowledge(analyse_gluten=True).components("pepperoni pizza")


def test_lentils_fiber_per_cup_and_day_total_is_sum(know) -> None:  # type: ignore[no-untyped-def]
    lentils = know.describe("1 cup cooked lentils")
    assert lentils.grams == pytest.approx(198)
    assert 15.0 <= (lentils.fiber_g or 0) <= 16.0
    items = know.describe_meal("1 cup cooked lentils, an apple and 2 slices of wholemeal bread")
    assert sum(i.fiber_g or 0 for i in items) == pytest.approx(
        sum(
            (know.describe(t).fiber_g or 0)
            for t in ("1 cup cooked lentils", "an apple", "2 slices of wholemeal bread")
        )
    )


def test_caffeine_from_fdc_scales_with_amount(know) -> None:  # type: ignore[no-untyped-def]
    one = know.describe("a cup of coffee").caffeine_mg
    two = know.describe("2 cups of coffee").caffeine_mg
    assert one is not None and two == pytest.approx(2 * one)
    assert know.describe("water").caffeine_mg == 0


def test_caffeine_mg_of_an_entry_uses_its_amount(know) -> None:  # type: ignore[no-untyped-def]
    entry = Entry(
        id=uuid.uuid4(), diary_id=uuid.uuid4(), kind=Kind.DRINK, name="espresso",
        start=datetime(2026, 3, 1, 8, tzinfo=UTC), tz="UTC", amount=60, unit="ml",
    )  # fmt: skip
    # FDC espresso: 212 mg/100 g, density ~1 g/ml.
    assert know.caffeine_mg(entry) == pytest.approx(127, rel=0.03)


def test_canonical_names_and_typos(know) -> None:  # type: ignore[no-untyped-def]
    assert know.canonical_name("choc cake") == "chocolate cake"
    assert know.canonical_name("2 glasses of merlot") == "red wine"
    assert know.canonical_name("pepperonni pizza") == "pepperoni pizza"
    assert know.canonical_name("chickpea curry") != "curry"  # not "chicken curry"


def test_unknown_food_is_kept_as_typed(know) -> None:  # type: ignore[no-untyped-def]
    analysis = know.describe("grandma's zuppa")
    assert not analysis.known and analysis.food == "grandma's zuppa"
    assert analysis.fiber_g is None and analysis.components == ()


def test_personal_mappings_alias_recipe_and_definition(know) -> None:  # type: ignore[no-untyped-def]
    mine = know.with_personal(
        {
            "grandma's zuppa": {"recipe": [["lentils", 150], ["tomato", 100], ["parmesan", 10]]},
            "the usual": {"as": "red wine"},
            "protein shake": {
                "define": {"components": ["aspartame"], "fiber_g_per_100g": 1, "serving_g": 300}
            },
        }
    )
    zuppa = mine.describe("grandma's zuppa")
    assert zuppa.via == "recipe" and zuppa.grams == pytest.approx(260)
    assert {"tyramine", "histamine"} <= set(zuppa.components)
    assert zuppa.plants == ("lentil", "tomato")
    assert mine.components("a glass of the usual") == know.components("red wine")
    shake = mine.describe("protein shake")
    assert shake.components == ("aspartame",) and shake.fiber_g == pytest.approx(3)


def test_composite_dish_inherits_parts(know) -> None:  # type: ignore[no-untyped-def]
    falafel_wrap = know.describe("hummus wrap")
    assert falafel_wrap.via == "contained"
    assert set(falafel_wrap.plants) >= {"chickpea", "wheat"}  # hummus + wrap
    fdc_only = know.describe("chocolate pudding")
    assert fdc_only.fdc_id is not None and "chocolate" in fdc_only.components


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("150 g lentils", 150),
        ("a slice of sourdough", 32),
        ("handful of almonds", 28),
        ("2 glasses of red wine", 296),
        ("a large apple", 223),
        ("half a pizza", 304),
        ("6 chicken nuggets", 96),
        ("500 ml water", 500.5),
        ("1 lb potatoes", 453.6),
    ],
)
def test_grams(know, text: str, grams: float) -> None:  # type: ignore[no-untyped-def]
    assert know.describe(text).grams == pytest.approx(grams, rel=0.01)


def test_curated_table_is_consistent() -> None:
    tables = load_tables()
    for food in tables.curated.values():
        assert food.serving_g > 0
        assert food.nova in (None, 1, 2, 3, 4)
        assert food.fdc_id is not None or food.name in tables.composites or food.name in (
            "kombucha", "oat milk", "msg",
        ), f"{food.name} has neither FDC nutrients nor parts"  # fmt: skip
    targets = {r.target for r in tables.rules}
    classes = {c for f in tables.curated.values() for c in f.classes}
    for target in targets:
        kind, _, value = target.partition(":")
        assert kind in ("class", "food", "nova")
        if kind == "class":
            assert value in classes, f"rule for unused class {value}"
        if kind == "food":
            assert value in tables.curated


# -- issue 15: what a person reads about a food ---------------------------------------------
def test_pizza_cheese_is_mozzarella_not_aged_cheddar() -> None:
    from gutbrain.services.foods import grouped_tags

    pizza = knowledge().describe("pepperoni pizza")
    vias = " ".join(t.via for t in pizza.tags)
    assert "cheddar" not in vias and "aged cheese" not in vias
    tyramine = [t for t in pizza.tags if t.component == "tyramine"]
    assert [t.via for t in tyramine] == ["pepperoni (part of pepperoni pizza)"]
    groups = grouped_tags(pizza.tags)
    assert len({g.component for g in groups}) == len(groups)  # each component listed once
    (histamine,) = [g for g in groups if g.component == "histamine"]
    assert len(histamine.vias) == 2 and len(histamine.sources) == 2
    assert "tyramine" not in knowledge().describe("cheese pizza").components


def test_every_grade_is_explained_and_every_source_is_primary_or_a_review() -> None:
    import csv

    from gutbrain.foods.components import GRADES

    data = Path(__file__).resolve().parent.parent / "src/gutbrain/foods/data"
    rows = list(csv.DictReader((data / "components.csv").open()))
    info = list(csv.DictReader((data / "component_info.csv").open()))
    assert {r["grade"] for r in rows} | {r["grade"] for r in info} <= set(GRADES)
    assert "N/C" in {r["grade"] for r in rows}
    # News write-ups, consumer lists and unattributed trigger lists are not sources.
    not_sources = ("summar", "consumer", "ynetnews", "healthsense", "arhealth", "integrative",
                   "press", "unknown", "webmd")  # fmt: skip
    for row in [*rows, *({"source": r["sources"]} for r in info)]:
        assert not any(word in row["source"].lower() for word in not_sources), row
