"""What the words of an item rule out, whatever the matched food carries: "decaf" has no
caffeine to speak of, "virgin", "alcohol-free" or "0.0%" no alcohol.

A dish resolved to its parts ("decaf latte" → espresso + milk, "virgin mojito" → a mojito)
would otherwise inherit the caffeine or alcohol of a part the person explicitly said was not
there.  One place for these words: ``gutbrain.meaning`` reads them from here too.
"""

from __future__ import annotations

import re

#: Words that make a drink name non-alcoholic ("ginger ale", "alcohol-free beer").
NOT_ALCOHOL = frozenset(
    {"ginger", "non-alcoholic", "alcohol-free", "zero", "0.0%", "0.0", "0%", "root",
     "nonalcoholic", "virgin", "mocktail", "alcoholfree"}
)  # fmt: skip
#: The same said in two words ("alcohol free lager", "non alcoholic beer", "low alcohol").
NOT_ALCOHOL_PHRASE = re.compile(r"\b(?:alcohol free|non alcoholic|low alcohol|no alcohol)\b")
_DECAF = re.compile(r"\b(?:decaf|decaff?einated|caffeine[- ]free|no caffeine|unleaded)\b")

#: Caffeine left in decaffeinated coffee: 1 mg per 100 g (USDA FDC SR Legacy 171889,
#: "Beverages, coffee, brewed, prepared with tap water, decaffeinated", nutrient 1057).
DECAF_CAFFEINE_MG_PER_100G = 1.0


def says_no_alcohol(text: str) -> bool:
    """The text says the drink has no alcohol ("virgin mojito", "alcohol free lager")."""
    low = text.lower().replace("’", "'")
    words = set(re.findall(r"[\w.%'-]+", low))
    return bool(words & NOT_ALCOHOL) or NOT_ALCOHOL_PHRASE.search(low.replace("-", " ")) is not None


def says_decaf(text: str) -> bool:
    """The text says the drink is decaffeinated ("decaf latte", "caffeine-free cola")."""
    return _DECAF.search(text.lower()) is not None
