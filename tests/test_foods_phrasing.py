"""What people type, understood: context stripped, dish names kept whole, fillings joined to
their dish, typos, who made it (home vs packaged), drinks and their components."""

from __future__ import annotations

import pytest

from gutbrain.foods import knowledge, split_meal
from gutbrain.foods.lookup import FoodKnowledge
from gutbrain.foods.phrasing import strip_context


@pytest.fixture(scope="module")
def know() -> FoodKnowledge:
    return knowledge(analyse_gluten=True)


@pytest.mark.parametrize(
    ("typed", "food"),
    [
        ("for lunch had a cheese sandwich at work", "a cheese sandwich"),
        ("at 7pm: pasta", "pasta"),
        ("popcorn at the cinema", "popcorn"),
        ("sweet and sour chicken from the chinese", "sweet and sour chicken"),
        ("leek and potato soup from scratch", "leek and potato soup"),
        ("chamomile tea before bed", "chamomile tea"),
        ("tea", "tea"),  # a drink, not the meal called tea
    ],
)
def test_context_is_not_food(typed: str, food: str) -> None:
    assert strip_context(typed) == food


def test_dish_names_and_fillings_stay_one_item(know: FoodKnowledge) -> None:
    assert [i.food for i in know.describe_meal("gin and tonic, toad in the hole")] == [
        "gin and tonic",
        "toad in the hole",
    ]
    assert len(split_meal("homemade pizza with mushrooms and peppers")) == 1
    assert len(split_meal("omelette with ham and cheese")) == 1
    assert len(split_meal("chicken curry with rice and naan")) == 3  # sides stay items
    assert [i.text for i in split_meal("a glass of white wine with dinner")] == [
        "a glass of white wine"
    ]
    # two fillings before the dish are one item; a drink or a dish before "and" is not
    assert len(split_meal("tuna and sweetcorn sandwich")) == 1
    assert len(split_meal("a cheese and onion pasty")) == 1
    assert len(split_meal("coffee and cheese sandwich")) == 2
    assert len(split_meal("tomato soup and a cheese sandwich")) == 2
    assert len(split_meal("sushi and miso soup")) == 2


def test_typos_are_read_word_by_word(know: FoodKnowledge) -> None:
    assert know.canonical_name("choclate biscuits") == "chocolate biscuits"
    assert know.canonical_name("spagetti bolognaise") == "spaghetti bolognese"
    assert not know.describe("grandma's zuppa").known  # not "cuppa"


def test_who_made_it_decides_ultra_processed(know: FoodKnowledge) -> None:
    home = know.describe("homemade lentil soup")
    assert home.food == "lentil soup" and home.fiber_g is not None and home.fiber_g > 5
    assert "msg" not in home.components and "ultra-processed" not in home.components
    assert "ultra-processed" not in know.components("leftover lasagne")
    frozen = know.describe("frozen lasagne")
    assert "ultra-processed" in frozen.components and frozen.nova == 4
    assert "ultra-processed" not in know.components("frozen peas")  # a plain food
    tinned = know.components("heinz tomato soup")
    assert "msg" in tinned and "ultra-processed" in tinned


def test_a_sandwich_is_what_is_in_it(know: FoodKnowledge) -> None:
    cheddar = know.describe("cheddar sandwich")
    assert cheddar.fdc_id is None  # not a frozen stuffed sandwich
    assert {"tyramine", "gluten"} <= set(cheddar.components)
    assert {"nitrite", "gluten"} <= set(know.components("ham salad roll"))


@pytest.mark.parametrize(
    ("drink", "has", "has_not"),
    [
        ("a pint of lager", {"alcohol"}, set()),
        ("alcohol free beer", set(), {"alcohol"}),
        ("ginger beer", set(), {"alcohol", "caffeine"}),
        ("decaf tea", set(), {"caffeine"}),
        ("peppermint tea", set(), {"caffeine"}),
        ("coke", {"caffeine"}, {"aspartame"}),
        ("diet coke", {"caffeine", "aspartame"}, set()),
        ("two digestive biscuits", {"gluten"}, {"caffeine"}),
        ("a glass of orange juice", {"citrus", "histamine"}, set()),
        ("espresso martini", {"alcohol", "caffeine"}, set()),
        ("glass of alcohol-free wine", set(), {"alcohol"}),
        ("margarita at the bar", {"alcohol"}, {"gluten"}),
    ],
)
def test_drinks_and_snacks_carry_only_what_is_in_them(
    know: FoodKnowledge, drink: str, has: set[str], has_not: set[str]
) -> None:
    components = set(know.components(drink))
    assert has <= components and not has_not & components, components


def test_citrus_claims_have_a_source(know: FoodKnowledge) -> None:
    tags = [t for t in know.describe("orange").tags if t.component == "citrus"]
    assert tags and tags[0].grade == "C" and "Duelo" in tags[0].source
