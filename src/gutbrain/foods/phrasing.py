"""How people phrase what they ate, apart from the food itself.

* Spelling: lower case, no punctuation, abbreviations and British/US variants expanded
  ("choc", "sarnie", "yoghurt") — ``normalise``.
* Context: "for lunch had a cheese sandwich at work", "at 7pm: pasta", "popcorn at the cinema"
  — meal names, times, places and shops are not food (``strip_context``).
* Dish names holding a separator word ("gin and tonic", "toad in the hole", "avocado on
  sourdough") are one item, never split (``kept_together_names``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from gutbrain.foods.tables import data_dir

_ABBREVIATIONS = {
    "choc": "chocolate",
    "veg": "vegetables",
    "sarnie": "sandwich",
    "sarny": "sandwich",
    "butty": "sandwich",
    "spag": "spaghetti",
    "yoghurt": "yogurt",
    "yoghurts": "yogurt",
    "cheesy": "cheese",
    "aubergines": "aubergine",
    "courgettes": "courgette",
}
_PUNCT = re.compile(r"[^\w\s&'%-]+")


def normalise(text: str) -> str:
    """Lower-case, punctuation-free, single-spaced, abbreviations expanded."""
    words = _PUNCT.sub(" ", text.lower().replace("’", "'")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


_MEALS = r"(?:breakfast|brunch|lunch|dinner|tea|supper|snack|elevenses|pudding|dessert|afters)"
_PLACES = (
    r"(?:work|the office|office|home|the pub|pub|a bar|the bar|bar|the cinema|cinema|canteen|"
    r"the canteen|a cafe|the cafe|cafe|café|a restaurant|the restaurant|restaurant|the chippy|chippy|"
    r"the chinese|chinese|the indian|indian|the thai|takeaway|a takeaway|the takeaway|the station|"
    r"the airport|a party|the party|party|the christmas market|the market|market|the gym|gym|"
    r"greggs|boots|pret|tesco|sainsbury's|m&s|costa|starbucks|nero|subway|the shop|a shop|"
    r"the supermarket|the deli|a deli|the bakery|a bakery|bakery|the van|a stall|the stall)"
)
_CONTEXT = (
    re.compile(rf"^(?:for|at)\s+(?:my\s+)?{_MEALS}\b\s*(?:at\s+{_PLACES}\s*)?[:,-]?\s*"),
    re.compile(rf"^{_MEALS}\s*(?:at\s+{_PLACES}\s*)?[:-]\s*"),
    re.compile(r"^(?:i\s+)?(?:had|ate|drank|grabbed)\s+"),
    re.compile(r"^(?:at\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|h)?\s*[:-]?\s+"),
    re.compile(r"\s+from\s+scratch\b"),
    re.compile(rf"\s+(?:at|from|in)\s+{_PLACES}(?:\s.*)?$"),
    re.compile(
        r"\s+(?:before|after|during|while|for)\s+(?:bed|work|the gym|gym|a run|running|"
        rf"training|the match|the film|the train|{_MEALS})\b.*$"
    ),
    re.compile(r"\s+(?:this|last|yesterday|tonight|today)\b.*$"),
    re.compile(r"\s+(?:from|at|in|for|with|on)$"),  # what a time phrase left behind
)
_SPLIT_WORDS = re.compile(r" (?:and|with|on|in|plus|&|\+) ")


@lru_cache(maxsize=1)
def kept_together_names() -> tuple[str, ...]:
    """Everyday names and aliases holding a word the meal splitter splits on ("gin and tonic",
    "toad in the hole", "avocado on sourdough"): one item each, never two.  Read from
    ``everyday.csv`` alone so splitting a meal never loads the USDA tables."""
    with (data_dir() / "everyday.csv").open(newline="", encoding="utf-8") as handle:
        names = [
            normalise(n)
            for row in csv.DictReader(handle)
            for n in (row["name"], *row["aliases"].split("|"))
        ]
    return tuple(dict.fromkeys(n for n in names if _SPLIT_WORDS.search(f" {n} ")))


def strip_context(text: str) -> str:
    """The food in "for lunch had a cheese sandwich at work" ("cheese sandwich"); the text
    itself when nothing but context would be left."""
    query = " ".join(text.lower().replace("’", "'").split())
    for pattern in _CONTEXT:
        stripped = pattern.sub("", query).strip(" :-,")
        query = stripped or query
    return query
