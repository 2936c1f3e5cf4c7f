"""What one logged entry means: its food factors (the person's own names kept together),
food or drink, components, caffeine, alcohol, and whether it is a known early symptom.

``Understanding`` is built from the diary's settings and food knowledge — both required, so no
path can leave them out — and memoises per entry content; ``EntryMeaning`` is the stored form
(``to_json``/``from_json``) the write hook in ``services.knowledge`` keeps per entry content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gutbrain.analysis.triggers.premonitory import premonitory_reason
from gutbrain.domain.entries import DiarySettings, Entry, Kind
from gutbrain.domain.names import normalise_name
from gutbrain.domain.weather import WeatherDay
from gutbrain.foods.lookup import FoodAnalysis, FoodKnowledge
from gutbrain.foods.parse import ParsedItem, split_meal
from gutbrain.meaning import words

FOOD_KINDS = (Kind.FOOD, Kind.DRINK)


@dataclass(frozen=True, slots=True)
class GutItem:
    """One eaten item's gut facts (what ``foods.gut.daily_gut`` counts)."""

    food: str
    grams: float
    fiber_g: float | None
    nova: int | None
    plants: tuple[str, ...]
    classes: tuple[str, ...]
    fermented: bool

    @classmethod
    def of(cls, a: FoodAnalysis) -> GutItem:
        return cls(a.food, a.grams, a.fiber_g, a.nova, a.plants, a.classes, a.fermented)


@dataclass(frozen=True, slots=True)
class EntryMeaning:
    """What a food or drink entry means to the analysis.

    Attributes:
        foods: the food factors as the person named them (normalised, quantities stripped,
            a whole meal split into its items, personal names kept together).
        canonical: what the food knowledge recognises ("merlot" → "red wine").
        components: trigger components (none from a known early symptom, a craving).
        caffeine_mg: caffeine of the entry, None when none or unknown.
        drinks: alcohol by drink type ("wine", "beer", "spirits").
        breaks_fast: counts as an intake for the fasting factor.
        premonitory: a known early symptom (a chocolate craving): left out of day-level diet
            shares for the same reason as its components.
        gut: per-item gut facts, None without food knowledge.
    """

    foods: tuple[str, ...]
    canonical: str
    components: tuple[str, ...]
    caffeine_mg: float | None
    drinks: tuple[str, ...]
    breaks_fast: bool
    premonitory: bool
    gut: tuple[GutItem, ...] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "foods": list(self.foods),
            "canonical": self.canonical,
            "components": list(self.components),
            "caffeine_mg": self.caffeine_mg,
            "drinks": list(self.drinks),
            "breaks_fast": self.breaks_fast,
            "premonitory": self.premonitory,
            "gut": None
            if self.gut is None
            else [
                [g.food, g.grams, g.fiber_g, g.nova, list(g.plants), list(g.classes), g.fermented]
                for g in self.gut
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EntryMeaning:
        gut = data.get("gut")
        return cls(
            foods=tuple(data["foods"]),
            canonical=str(data["canonical"]),
            components=tuple(data["components"]),
            caffeine_mg=data.get("caffeine_mg"),
            drinks=tuple(data["drinks"]),
            breaks_fast=bool(data["breaks_fast"]),
            premonitory=bool(data["premonitory"]),
            gut=None
            if gut is None
            else tuple(
                GutItem(str(f), float(g), fi, nova, tuple(p), tuple(c), bool(fe))
                for f, g, fi, nova, p, c, fe in gut
            ),
        )


class Understanding:
    """The one owner of what a diary's entries mean (see ``gutbrain.meaning``).

    ``knowledge`` is the diary's food knowledge with its personal mappings; ``None`` is an
    explicit choice for simulations only: foods count as typed, no components, no gut factors.
    ``stored`` holds the meanings kept in the diary (``content_key`` → (text, version,
    JSON)); a row whose version is the knowledge's current one for its text is used as it is,
    so the food tables load only for entries without one.  What had to be derived is left in
    ``fresh`` for the caller to store (``services.meaning``).
    ``weather`` holds the diary's fetched days (opt-in, ``services.weather``): day-level data
    that becomes the "pressure drop" factor.
    """

    def __init__(
        self,
        settings: DiarySettings,
        knowledge: FoodKnowledge | None,
        stored: Mapping[str, tuple[str, str, str]] | None = None,
        *,
        weather: Sequence[WeatherDay] = (),
    ) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.weather = tuple(weather)
        self._keep = () if knowledge is None else knowledge.kept_together()
        self._stored = stored or {}
        self._memo: dict[tuple[Any, ...], EntryMeaning] = {}
        #: Derived here, not yet stored: content key → (text, version, JSON).
        self.fresh: dict[str, tuple[str, str, str]] = {}

    # -- meal text -------------------------------------------------------------------------
    def split(self, text: str) -> list[ParsedItem]:
        """A meal text's items, never splitting a name the person mapped ("stew and
        dumplings")."""
        return split_meal(text, self._keep)

    def kind_of(self, item: ParsedItem) -> Kind:
        """Food or drink, the one rule for logging and the Today preview."""
        return Kind.DRINK if words.is_drink(item.food, item.unit) else Kind.FOOD

    def describe(self, text: str) -> list[FoodAnalysis]:
        """The food knowledge's view of each item of a text ([] without knowledge)."""
        if self.knowledge is None:
            return []
        return [self.knowledge.describe(i.text) for i in self.split(text)]

    # -- entries ---------------------------------------------------------------------------
    def of(self, entry: Entry) -> EntryMeaning:
        """The meaning of a food or drink entry (stored when current, else derived)."""
        fields = _content(entry)
        found = self._memo.get(fields)
        if found is not None:
            return found
        key = content_key(entry)
        know = self.knowledge
        row = self._stored.get(key)
        if know is not None and row is not None and row[1] == know.version_for(entry.name):
            found = EntryMeaning.from_json(json.loads(row[2]))
        else:
            found = self.derive(entry)
            if know is not None:
                payload = json.dumps(found.to_json(), separators=(",", ":"))
                self.fresh[key] = (entry.name, know.version_for(entry.name), payload)
        self._memo[fields] = found
        return found

    def derive(self, entry: Entry) -> EntryMeaning:
        """Work out an entry's meaning from its text and the food knowledge."""
        items = self.split(entry.name)
        foods = tuple(dict.fromkeys(normalise_name(i.food) for i in items))
        foods = tuple(f for f in foods if f) or (normalise_name(entry.name),)
        drink = entry.kind is Kind.DRINK
        premonitory = premonitory_reason(entry.name) is not None
        know = self.knowledge
        if know is None:
            drinks = _drinks(entry, items, None)
            return EntryMeaning(
                foods, foods[0], (), None, drinks, words.breaks_fast(drink, entry.name),
                premonitory, None,
            )  # fmt: skip
        found = (
            [know.describe(entry)] if len(items) <= 1 else [know.describe(i.text) for i in items]
        )
        # A known early symptom (a chocolate craving) must not reach the engine through its
        # components either: histamine, caffeine or "ultra-processed" from the craving would
        # look like a trigger of the attack it announces.
        components = tuple(
            dict.fromkeys(c for f in found if not _premonitory(f) for c in f.components)
        )
        caffeinated = any(f.caffeine_mg for f in found) or "caffeine" in components
        caffeine = None
        if caffeinated:
            known = [f.caffeine_mg for f in found if f.caffeine_mg is not None]
            caffeine = sum(known) if known else None
        canonical = " ".join(normalise_name(f.food) for f in found)
        return EntryMeaning(
            foods=foods,
            canonical=canonical,
            components=components,
            caffeine_mg=caffeine,
            drinks=_drinks(entry, items, know),
            breaks_fast=words.breaks_fast(drink, entry.name),
            premonitory=premonitory,
            gut=tuple(GutItem.of(f) for f in found),
        )

    def meanings(self, entries: Iterable[Entry]) -> list[tuple[Entry, EntryMeaning]]:
        """Every food and drink entry with its meaning."""
        return [(e, self.of(e)) for e in entries if e.kind in FOOD_KINDS]


def _content(entry: Entry) -> tuple[Any, ...]:
    """What an entry's meaning depends on: kind, name, amount, unit, size."""
    return (entry.kind.value, entry.name, entry.amount, entry.unit, entry.details.get("size"))


def content_key(entry: Entry) -> str:
    """``_content`` as a short digest (the stored row's key)."""
    text = json.dumps(list(_content(entry)), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def _premonitory(found: FoodAnalysis) -> bool:
    return premonitory_reason(found.text) is not None or premonitory_reason(found.food) is not None


def _drinks(
    entry: Entry, items: Sequence[ParsedItem], know: FoodKnowledge | None
) -> tuple[str, ...]:
    """Alcohol by drink type: a drink entry by its name; in a food line, each item that is
    not part of a dish (the red wine in "pepperoni pizza and red wine", not "wine vinegar")."""
    canonical = None if know is None else know.canonical_name
    if entry.kind is Kind.DRINK:
        texts = [entry.name]
    else:
        texts = [i.text for i in items if not words.in_a_dish(i.text)]
    found = (words.drink_type(t, canonical) for t in texts)
    return tuple(dict.fromkeys(t for t in found if t is not None))
