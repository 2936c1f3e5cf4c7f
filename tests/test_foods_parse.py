"""Meal splitting and amount reading: targeted cases plus a never-crash property."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gutbrain.foods import split_meal
from gutbrain.foods.parse import parse_item


@pytest.mark.parametrize(
    ("text", "food", "qty", "unit", "size"),
    [
        ("2 glasses of red wine", "red wine", 2.0, "glass", None),
        ("a slice of sourdough", "sourdough", 1.0, "slice", None),
        ("150g lentils", "lentils", 150.0, "g", None),
        ("lentils 150 g", "lentils", 150.0, "g", None),
        ("handful of almonds", "almonds", 1.0, "handful", None),
        ("some kimchi", "kimchi", None, None, None),
        ("a large glass of merlot", "merlot", 1.0, "glass", "large"),
        ("1 1/2 cups oats", "oats", 1.5, "cup", None),
        ("one and a half cups of rice", "rice", 1.5, "cup", None),
        ("½ avocado", "avocado", 0.5, None, None),
        ("half a pizza", "pizza", 0.5, None, None),
        ("a couple of beers", "beers", 2.0, None, None),
        ("coffee x2", "coffee", 2.0, None, None),
        ("2x espresso", "espresso", 2.0, None, None),
        ("1,5 l water", "water", 1.5, "l", None),
        ("33cl beer", "beer", 33.0, "cl", None),
        ("water (500 ml)", "water", 500.0, "ml", None),
        ("a dozen oysters", "oysters", 12.0, None, None),
        ("2 tablespoons olive oil", "olive oil", 2.0, "tbsp", None),
    ],
)
def test_amounts(
    text: str, food: str, qty: float | None, unit: str | None, size: str | None
) -> None:
    item = parse_item(text)
    assert (item.food, item.quantity, item.unit, item.size) == (food, qty, unit, size)


def test_separators_and_protected_names() -> None:
    foods = [i.food for i in split_meal("mac and cheese + coke; toast with butter\nsugar in tea")]
    assert foods == ["mac and cheese", "coke", "toast", "butter", "sugar", "tea"]
    assert [i.food for i in split_meal("avocado on toast and sardines on toast")] == [
        "avocado on toast", "sardines", "toast",
    ]  # fmt: skip
    assert [i.food for i in split_meal("nan bread", keep_together=["nan bread"])] == ["nan bread"]
    assert split_meal("  , ; and ") == []


@given(st.text(max_size=200))
def test_split_meal_never_crashes_and_keeps_items_non_empty(text: str) -> None:
    for item in split_meal(text):
        assert item.food.strip()
        assert item.quantity is None or item.quantity >= 0
