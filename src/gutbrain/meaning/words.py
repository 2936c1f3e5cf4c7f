"""The words that decide what a logged item is: a drink or a food, which alcohol, a dish that
only contains wine, a drink that does not break a fast.  One place for each list; every path
(logging, the Today preview, the trigger engine, experiments) reads them through
``gutbrain.meaning``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from gutbrain.domain.names import normalise_name
from gutbrain.foods.ruled_out import NOT_ALCOHOL, NOT_ALCOHOL_PHRASE

#: Drinks recognised by name, so "coffee" logged as a meal item is stored as a drink.
DRINK_WORDS = (
    "water", "coffee", "espresso", "latte", "cappuccino", "tea", "wine", "beer", "cider", "juice",
    "soda", "cola", "coke", "lemonade", "milk", "kombucha", "kefir", "smoothie", "whisky",
    "whiskey", "vodka", "gin", "rum", "champagne", "prosecco", "cocktail", "energy drink",
    "sake", "spritz", "lager", "ale", "squash", "cordial", "ribena", "lucozade", "tonic",
    "milkshake", "shake", "hot chocolate", "cocoa", "iced tea", "mojito", "martini", "pimms",
    "pimm's", "shandy", "stout", "porter", "perry", "guinness", "rosé", "rose wine", "sherry",
    "port", "baileys", "g&t", "flat white", "americano", "mocha", "macchiato", "chai", "cuppa",
    "rooibos", "decaf", "lassi", "ginger beer", "ginger ale", "cocktail",
)  # fmt: skip
#: Units only a drink comes in.
DRINK_UNITS = ("ml", "cl", "dl", "l", "glass", "mug", "bottle", "can", "pint", "shot", "fl oz")
_DRINK = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in DRINK_WORDS) + r")\b")

#: Words that make wine or beer in a food line part of a dish, not a drink.
NOT_A_DRINK = frozenset(
    {"vinegar", "sauce", "braised", "battered", "batter", "cooked", "gravy", "jus", "glaze",
     "risotto", "stew", "bread"}
)  # fmt: skip
#: Drinks that do not break a fast (ICHD-3 10.5 counts food, not water or black coffee).
NON_CALORIC = frozenset(
    {"water", "sparkling water", "mineral water", "tea", "herbal tea", "green tea", "black tea",
     "black coffee", "coffee", "espresso", "diet soda", "diet coke"}
)  # fmt: skip
#: Alcohol by drink type: the derived factors "wine", "beer", "spirits" (and "alcohol").
ALCOHOL_TYPES: Mapping[str, tuple[str, ...]] = {
    "wine": ("wine", "prosecco", "champagne", "rosé", "rose", "cava", "sangria"),
    "beer": ("beer", "lager", "ale", "ipa", "stout", "pilsner", "cider", "porter", "perry",
             "guinness", "shandy"),
    "spirits": ("vodka", "gin", "whisky", "whiskey", "rum", "tequila", "brandy", "cognac",
                "liqueur", "schnapps", "cocktail", "mojito", "martini", "margarita", "pimms",
                "pimm's", "daiquiri", "negroni", "aperol", "campari", "sambuca", "baileys",
                "spritz", "spirits"),
}  # fmt: skip


def is_drink(food: str, unit: str | None) -> bool:
    """Whether a meal item is stored as a drink (by its unit or a drink word in its name)."""
    return unit in DRINK_UNITS or _DRINK.search(food.lower()) is not None


def in_a_dish(item: str) -> bool:
    """Wine or beer named as part of a dish ("red wine vinegar", "beer-battered fish")."""
    return bool(NOT_A_DRINK & set(item.lower().replace("-", " ").split()))


def breaks_fast(kind_is_drink: bool, name: str) -> bool:
    """Food always breaks a fast; a drink unless it is one of ``NON_CALORIC``."""
    return not kind_is_drink or normalise_name(name) not in NON_CALORIC


def drink_type(text: str, canonical: Callable[[str], str] | None = None) -> str | None:
    """ "wine", "beer", "spirits" or None; ``canonical`` (the food knowledge's name for the
    text) lets "merlot" count as wine."""
    words = normalise_name(text).split()
    if canonical is not None:
        words += canonical(text).replace(",", " ").split()
    if any(w in words for w in NOT_ALCOHOL) or NOT_ALCOHOL_PHRASE.search(" ".join(words)):
        return None
    for label, keys in ALCOHOL_TYPES.items():
        if any(k in words for k in keys):
            return label
    return None
