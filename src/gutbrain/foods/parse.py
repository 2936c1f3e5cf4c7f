"""Meal text → items with quantity and unit.

People type meals the way they say them ("pepperoni pizza, 2 glasses of red wine and some
kimchi").  This module only *splits and reads amounts*; which food an item is, and how many grams
it weighs, is decided later by ``match`` and ``portions``.  It is pure and has no data files, so
``gutbrain log food`` can call :func:`split_meal` without loading any table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

#: Dishes whose name contains a separator word; they are never split.
KEEP_TOGETHER: frozenset[str] = frozenset(
    {
        "mac and cheese",
        "macaroni and cheese",
        "fish and chips",
        "salt and vinegar crisps",
        "salt and vinegar chips",
        "cheese and onion crisps",
        "peanut butter and jelly sandwich",
        "peanut butter and jelly",
        "pb and j",
        "sweet and sour chicken",
        "sweet and sour pork",
        "strawberries and cream",
        "bangers and mash",
        "ham and cheese sandwich",
        "cheese and ham sandwich",
        "bacon and eggs",
        "eggs and bacon",
        "cookies and cream ice cream",
        "rice and peas",
        "half and half",
        "avocado on toast",
        "beans on toast",
        "cheese on toast",
        "fruit and nut chocolate",
    }
)

#: Canonical unit for every spelling people use.
UNIT_ALIASES: dict[str, str] = {}
for _canon, _spellings in {
    "g": ("g", "gr", "grs", "gram", "grams", "gramme", "grammes", "gm", "gms"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"),
    "mg": ("mg", "milligram", "milligrams"),
    "ml": ("ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"),
    "cl": ("cl", "centilitre", "centilitres", "centiliter", "centiliters"),
    "dl": ("dl", "decilitre", "decilitres", "deciliter", "deciliters"),
    "l": ("l", "litre", "litres", "liter", "liters", "ltr"),
    "oz": ("oz", "ounce", "ounces"),
    "fl oz": ("fl oz", "floz", "fluid ounce", "fluid ounces", "fl. oz", "fl. oz."),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "cup": ("cup", "cups", "cupful", "cupfuls"),
    "mug": ("mug", "mugs", "mugful"),
    "glass": ("glass", "glasses", "glassful"),
    "bottle": ("bottle", "bottles"),
    "can": ("can", "cans", "tin", "tins"),
    "pint": ("pint", "pints", "pt"),
    "shot": ("shot", "shots", "measure", "measures"),
    "tbsp": (
        "tbsp",
        "tbsps",
        "tbs",
        "tablespoon",
        "tablespoons",
        "tablespoonful",
        "spoonful",
        "spoonfuls",
        "spoon",
        "spoons",
    ),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons", "teaspoonful"),
    "slice": ("slice", "slices", "sl"),
    "piece": ("piece", "pieces", "pc", "pcs", "bit", "bits", "chunk", "chunks"),
    "bowl": ("bowl", "bowls", "bowlful"),
    "plate": ("plate", "plates", "plateful", "platefuls"),
    "handful": ("handful", "handfuls"),
    "serving": ("serving", "servings", "portion", "portions", "helping", "helpings"),
    "bar": ("bar", "bars"),
    "square": ("square", "squares"),
    "scoop": ("scoop", "scoops"),
    "clove": ("clove", "cloves"),
    "pot": ("pot", "pots", "tub", "tubs"),
    "packet": ("packet", "packets", "pack", "packs", "bag", "bags", "sachet", "sachets"),
    "stick": ("stick", "sticks"),
    "leaf": ("leaf", "leaves"),
}.items():
    for _s in _spellings:
        UNIT_ALIASES[_s] = _canon

SIZES: dict[str, str] = {
    "small": "small",
    "little": "small",
    "medium": "medium",
    "regular": "medium",
    "large": "large",
    "big": "large",
    "huge": "large",
    "extra large": "large",
}

_NUMBER_WORDS: dict[str, float] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "a dozen": 12,
    "half": 0.5,
    "half a": 0.5,
    "half an": 0.5,
    "a half": 0.5,
    "quarter": 0.25,
    "a quarter": 0.25,
    "quarter of a": 0.25,
    "a quarter of a": 0.25,
    "a couple": 2,
    "a couple of": 2,
    "couple": 2,
    "couple of": 2,
    "a pair of": 2,
    "double": 2,
    "a few": 3,
    "few": 3,
    "several": 3,
}

_UNICODE_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}

#: Leading words that say "an unspecified amount": the quantity stays unknown.
_VAGUE = (
    "a bit of",
    "a little bit of",
    "a little",
    "a lot of",
    "lots of",
    "loads of",
    "plenty of",
    "some more",
    "some",
    "bit of",
    "more",
    "extra",
    "leftover",
    "leftovers",
    "the rest of the",
    "the rest of",
)

_NUM = r"(?:\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|[½¼¾⅓⅔⅛])"
_NUM_RE = re.compile(
    rf"^(?P<num>(?:\d+\s+\d+\s*/\s*\d+)|(?:\d+\s*[½¼¾⅓⅔⅛])|{_NUM})"
    r"(?:\s+and\s+(?:a\s+)?half)?"
)
_MULT_RE = re.compile(
    r"^(?P<n>\d+(?:\.\d+)?)\s*x\s+|\s+x\s*(?P<m>\d+(?:\.\d+)?)$|\s+\(?x(?P<k>\d+)\)?$"
)
_TRAILING_QTY_RE = re.compile(
    r"^(?P<food>.+?)\s*[(\-–,]?\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>[a-z][a-z. ]*?)\)?$"
)
#: Dishes whose "with …" is cooked into them (toppings, fillings, the milk in a latte): one
#: item, "pizza with mushrooms and peppers"; a sandwich's sauce or a side stays its own item.
_FILLED = re.compile(
    r"\b(?:pizza|omelette|omelet|omelettes|nachos|stir[- ]?fry|latte|cappuccino|flat white)"
    r"\s+(?:with|w/)\s+[^,;+\n]+",
    re.IGNORECASE,
)
#: "tuna and sweetcorn sandwich", "cheese and onion pasty": two fillings named before the dish
#: are one item (the first word is not a drink: "coffee and a cheese sandwich" is two).
_DISH_NOUNS = (
    r"sandwich(?:es)?|sarnies?|butty|wraps?|rolls?|baguettes?|paninis?|toasties?|pasty|pasties|"
    r"pies?|soups?|salads?|curry|stew|pizzas?|quiche|bake|risotto|omelettes?|burgers?|subs?|"
    r"bagels?|tarts?|crumble|pasta|lasagne|sauce|crisps|chips|muffins?|cake|samosas?|"
    r"fritters?|kebabs?|skewers?|casserole|hotpot|pudding"
)
_NOT_A_FILLING = (
    r"(?:tea|coffee|beer|wine|water|juice|cola|coke|milk|lager|cider|gin|vodka|sushi|rice|"
    rf"noodles|toast|bread|beans|chips|fries|{_DISH_NOUNS})\b"
)
_FILLINGS = re.compile(
    rf"(?<![\w'])(?!{_NOT_A_FILLING})[a-z'’-]+\s+(?:and|&|n)\s+"
    r"(?!(?:a|an|the|some|two|three|\d+)\b)[a-z'’-]+(?:\s+[a-z'’-]+)?\s+"
    rf"(?:{_DISH_NOUNS})\b",
    re.IGNORECASE,
)
#: A meal's name alone is not an item ("a glass of wine with dinner").
_MEAL_NAMES = frozenset({"breakfast", "brunch", "lunch", "dinner", "supper"})
_SEPARATORS = re.compile(
    r"\s*(?:[;\n+&]|(?<!\d),|,(?!\d)|\bw/\s*|\b(?:and|with|plus|also|then|on|in)\b)\s*"
)


@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One item of a meal as the person typed it.

    Attributes:
        text: the item's own text, trimmed ("2 glasses of red wine").
        food: the food phrase without amount words ("red wine").
        quantity: how many ``unit``s (or pieces/servings when ``unit`` is None); None when the
            person did not say ("some kimchi").
        unit: canonical unit (see ``UNIT_ALIASES``) or None.
        size: small | medium | large when said ("a large glass").
    """

    text: str
    food: str
    quantity: float | None = None
    unit: str | None = None
    size: str | None = None


def split_meal(text: str, keep_together: Iterable[str] = ()) -> list[ParsedItem]:
    """Split a meal description into items with their amounts.

    Separators are commas, semicolons, new lines, "+", "&", "and", "with", "plus", "on", "in"
    ("sardines on toast", "sugar in coffee"); names in
    ``KEEP_TOGETHER`` (and ``keep_together``) are never split, nor is "one and a half".
    Empty pieces are dropped; an empty meal gives an empty list.
    """
    protected = _protected_pattern(frozenset(k.lower() for k in keep_together))
    work = " ".join(text.replace("\u2019", "'").replace("\n", " ; ").split())
    placeholders: dict[str, str] = {}

    def protect(match: re.Match[str]) -> str:
        key = f"\x00{len(placeholders)}\x00"
        placeholders[key] = match.group(0)
        return key

    work = re.sub(r"\band\s+(?:a\s+)?half\b", protect, work, flags=re.IGNORECASE)
    work = protected.sub(protect, work)
    work = _FILLED.sub(protect, work)
    work = _FILLINGS.sub(protect, work)
    items: list[ParsedItem] = []
    for piece in _SEPARATORS.split(work):
        for key, original in placeholders.items():
            piece = piece.replace(key, original)
        piece = piece.strip(" .!?:-–\"'")
        if piece and piece.lower() not in _MEAL_NAMES:
            item = parse_item(piece)
            if item.food:
                items.append(item)
    return items


@lru_cache(maxsize=64)
def _protected_pattern(extra: frozenset[str]) -> re.Pattern[str]:
    """One regex for every name kept together, longest first (so "ham and cheese toastie"
    wins over "ham and cheese"); compiled once per set of names, not per meal."""
    names = sorted({*KEEP_TOGETHER, *extra}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)


def parse_item(text: str) -> ParsedItem:
    """Read the amount, unit and size of one item ("a large glass of red wine")."""
    original = " ".join(text.split())
    rest = original.lower()
    quantity: float | None = None
    unit: str | None = None
    size: str | None = None

    mult = _MULT_RE.search(rest)
    if mult:
        quantity = float(mult.group("n") or mult.group("m") or mult.group("k"))
        rest = (rest[: mult.start()] + " " + rest[mult.end() :]).strip()

    vague = False
    for words in _VAGUE:
        if rest.startswith(words + " "):
            rest, vague = rest[len(words) + 1 :], True
            break

    num, rest = _leading_number(rest)
    if num is not None:
        quantity = num if quantity is None else quantity * num
    size, rest = _leading_size(rest)
    unit, rest = _leading_unit(rest)
    if unit is not None:
        if quantity is None and not vague:
            quantity = 1.0  # "handful of almonds", "glass of wine"
        rest = re.sub(r"^(?:of|o')\s+", "", rest)
        if size is None:
            size, rest = _leading_size(rest)
        # "a cup of half a ..." is rare; "2 slices of 1 ..." never happens: stop here.
    elif num is not None:
        rest = re.sub(r"^of\s+(?:the\s+)?", "", rest)

    if quantity is None and unit is None:
        trailing = _TRAILING_QTY_RE.match(rest)
        if trailing and trailing.group("unit").strip().rstrip(".") in UNIT_ALIASES:
            quantity = _to_float(trailing.group("num"))
            unit = UNIT_ALIASES[trailing.group("unit").strip().rstrip(".")]
            rest = trailing.group("food")

    food = re.sub(r"^(?:the|my|of)\s+", "", rest).strip(" ,.()-–")
    qty = None if quantity is None else float(quantity)
    return ParsedItem(text=original, food=food, quantity=qty, unit=unit, size=size)


def _leading_number(rest: str) -> tuple[float | None, str]:
    match = _NUM_RE.match(rest)
    if match:
        value = _to_float(match.group("num"))
        if re.search(r"and\s+(?:a\s+)?half$", match.group(0)):
            value += 0.5
        return value, rest[match.end() :].lstrip()
    for words in sorted(_NUMBER_WORDS, key=len, reverse=True):
        if rest.startswith(words + " "):
            value = _NUMBER_WORDS[words]
            rest = rest[len(words) + 1 :]
            half = re.match(r"^and\s+(?:a\s+)?half\s+", rest)
            if half:
                value += 0.5
                rest = rest[half.end() :]
            # "a dozen", "half a", "a couple of" read as one number; "two dozen" multiplies.
            if rest.startswith("dozen "):
                value *= 12
                rest = rest[6:]
            return value, rest
    return None, rest


def _leading_size(rest: str) -> tuple[str | None, str]:
    for word in sorted(SIZES, key=len, reverse=True):
        if rest.startswith(word + " "):
            return SIZES[word], rest[len(word) + 1 :]
    return None, rest


def _leading_unit(rest: str) -> tuple[str | None, str]:
    """A unit at the start of ``rest``, glued ("150g") numbers having been split off already."""
    for spelling in sorted(UNIT_ALIASES, key=len, reverse=True):
        if rest == spelling:
            continue
        if re.match(rf"^{re.escape(spelling)}(?:\s+|$)", rest):
            following = rest[len(spelling) :].lstrip()
            # A bare "l" or "g" only counts when something follows it ("1 l water").
            if following:
                return UNIT_ALIASES[spelling], following
    return None, rest


def _to_float(text: str) -> float:
    text = text.strip()
    if text in _UNICODE_FRACTIONS:
        return _UNICODE_FRACTIONS[text]
    mixed = re.fullmatch(r"(\d+)\s+(\d+)\s*/\s*(\d+)", text)
    if mixed:
        return int(mixed.group(1)) + int(mixed.group(2)) / int(mixed.group(3))
    glued = re.fullmatch(r"(\d+)\s*([½¼¾⅓⅔⅛])", text)
    if glued:
        return int(glued.group(1)) + _UNICODE_FRACTIONS[glued.group(2)]
    frac = re.fullmatch(r"(\d+)\s*/\s*(\d+)", text)
    if frac:
        denominator = int(frac.group(2))
        return int(frac.group(1)) / denominator if denominator else 0.0
    return float(text.replace(",", "."))
