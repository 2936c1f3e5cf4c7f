"""Who made it: "homemade", "mum's", "leftover" and "from scratch" mean home cooking; "frozen",
"tinned", "ready meal" or a manufacturer's name mean an industrial product.

NOVA (Monteiro et al., *World Nutrition* 2016) classifies by processing, not by dish: a lasagne
cooked at home from pasta, mince and tomatoes is group 3 (processed culinary preparation), the
same lasagne bought frozen and reheated is group 4 (ultra-processed, "ready-to-heat" products).
So the words a person types decide the ultra-processed tag of a dish; nothing else is guessed.
"""

from __future__ import annotations

import re

from gutbrain.foods.components import ComponentTag

NOVA_SOURCE = "Monteiro 2016 World Nutrition (NOVA)"

_HOME = re.compile(
    r"\b(?:home[- ]?made|home[- ]?cooked|homecooked|from scratch|mum'?s|mom'?s|nan'?s|gran'?s|"
    r"grandma'?s|dad'?s|leftovers?|my own|made it myself)\b"
)
#: Packaged-food words and manufacturers whose products are NOVA 4 ready meals, soups or snacks.
_PACKAGED = re.compile(
    r"\b(?:frozen|tinned|canned|ready[- ]meal|microwave(?:able)?|instant|"
    r"shop[- ]bought|store[- ]bought|supermarket|heinz|campbell'?s|knorr|batchelors|baxters|"
    r"birds eye|findus|mccain|dr oetker|chicago town|goodfella'?s|iceland|tesco|sainsbury'?s|asda|"
    r"m&s|waitrose|co-op|aldi|lidl|greggs|pret|boots|wall'?s|richmond|quorn|linda mccartney)\b"
)


def said_home(text: str) -> bool:
    """The text says the food was cooked at home ("mum's stew", "leftover lasagne")."""
    return _HOME.search(text.lower().replace("’", "'")) is not None


def said_packaged(text: str) -> str | None:
    """The packaged-food word the text uses ("frozen", "heinz"), or None."""
    found = _PACKAGED.search(text.lower().replace("’", "'"))
    return None if found is None else found.group(0)


def made_by(
    text: str, tags: tuple[ComponentTag, ...], nova: int | None, is_dish: bool
) -> tuple[tuple[ComponentTag, ...], int | None]:
    """The tags and NOVA group once the words are read (see the module docstring).

    Home cooking drops ultra-processed (and caps NOVA at 3); a packaged word on a dish adds
    it (NOVA 4).  Plain foods ("frozen peas") keep their own group: freezing a vegetable is
    not ultra-processing.
    """
    word = said_packaged(text)
    if said_home(text) and not word:
        kept = tuple(t for t in tags if t.component != "ultra-processed")
        return kept, None if nova is None else min(nova, 3)
    if word and is_dish and not any(t.component == "ultra-processed" for t in tags):
        why = f"you said {word!r}: a ready-to-heat product"
        return (*tags, ComponentTag("ultra-processed", "gut", NOVA_SOURCE, why)), 4
    return tags, nova
