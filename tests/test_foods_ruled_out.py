"""Words that rule a component out win over the matched food: decaf has no caffeine and a
virgin cocktail no alcohol, even when the dish's parts would carry them (held-out meal set,
benchmarks/data/heldout_meals.txt: both were forbidden claims)."""

from __future__ import annotations

import pytest

from gutbrain.foods import knowledge
from gutbrain.foods.ruled_out import says_decaf, says_no_alcohol


@pytest.mark.parametrize(
    "text", ["decaf latte", "a decaffeinated flat white", "caffeine-free coke"]
)
def test_decaf_drinks_carry_no_caffeine(text: str) -> None:
    found = knowledge().describe(text)
    assert "caffeine" not in found.components
    assert found.caffeine_mg is None or found.caffeine_mg < 5


@pytest.mark.parametrize("text", ["virgin mojito", "alcohol free lager", "a mocktail", "0.0% beer"])
def test_alcohol_free_drinks_carry_no_alcohol(text: str) -> None:
    found = knowledge().describe(text)
    assert "alcohol" not in found.components
    assert not found.alcohol_g


@pytest.mark.parametrize(("text", "component"), [("latte", "caffeine"), ("mojito", "alcohol")])
def test_without_those_words_the_component_stays(text: str, component: str) -> None:
    assert component in knowledge().describe(text).components


def test_the_words() -> None:
    assert says_decaf("Decaf cappuccino") and not says_decaf("cappuccino")
    assert says_no_alcohol("non-alcoholic beer") and says_no_alcohol("Virgin Mary")
    assert not says_no_alcohol("bloody mary") and not says_no_alcohol("a pint of bitter")
