"""``FoodKnowledge``: the one object the rest of gutbrain asks about foods.

Built by ``knowledge()`` (tables loaded once per process and cached; the object is cheap to
re-derive with one diary's personal mappings via ``with_personal``).  It turns an item text or
a food ``Entry`` into a ``FoodAnalysis``: canonical name, grams, fiber, caffeine, alcohol,
components with their reasons, plants and NOVA group.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.foods.components import (
    ComponentTag,
    component_names,
    curated_tags,
    fdc_tags,
)
from gutbrain.foods.madeby import made_by
from gutbrain.foods.match import Match, Matcher
from gutbrain.foods.parse import ParsedItem, parse_item, split_meal
from gutbrain.foods.phrasing import kept_together_names, normalise
from gutbrain.foods.portions import Grams, serving_grams, to_grams
from gutbrain.foods.ruled_out import DECAF_CAFFEINE_MG_PER_100G, says_decaf, says_no_alcohol
from gutbrain.foods.tables import FoodTables, data_version, fdc_plants, load_tables


@dataclass(frozen=True, slots=True)
class FoodAnalysis:
    """What gutbrain knows about one eaten item.

    ``fiber_g``/``caffeine_mg``/``alcohol_g`` are None when USDA has no value for the food (or
    it is unknown): unknown is never counted as zero.
    """

    text: str
    food: str
    via: str
    score: float
    known: bool
    grams: float
    grams_basis: str
    fiber_g: float | None
    caffeine_mg: float | None
    alcohol_g: float | None
    components: tuple[str, ...]
    tags: tuple[ComponentTag, ...]
    plants: tuple[str, ...]
    nova: int | None
    classes: tuple[str, ...]
    fdc_id: int | None
    fdc_description: str | None

    @property
    def fermented(self) -> bool:
        return any(t.component == "fermented" for t in self.tags)


@dataclass(frozen=True, slots=True)
class _Resolved:
    match: Match
    curated: str | None  # everyday-table name
    recipe: tuple[tuple[str, float], ...]  # (food phrase, grams) for personal recipes
    personal: Mapping[str, Any] | None  # a personal food definition


class FoodKnowledge:
    """Food lookups for one diary (personal mappings) over the shared tables."""

    def __init__(
        self,
        base: Callable[[], tuple[FoodTables, Matcher]],
        personal: Mapping[str, Mapping[str, Any]] | None = None,
        analyse_gluten: bool = False,
    ) -> None:
        # The tables load on first use: what a diary keeps together, its version and its
        # stored meanings are known without them (a cold ``gutbrain triggers`` never loads them).
        self._base = base
        self.analyse_gluten = analyse_gluten
        self._personal = {personal_key(k): v for k, v in (personal or {}).items()}
        self._cache: dict[tuple[str, float | None, str | None, str], FoodAnalysis] = {}
        self._compiled: dict[str, re.Pattern[str]] | None = None

    @property
    def tables(self) -> FoodTables:
        return self._base()[0]

    @property
    def matcher(self) -> Matcher:
        return self._base()[1]

    @property
    def base_version(self) -> str:
        """The shipped data and the gluten rule: what every stored meaning depends on."""
        return f"{data_version()}{'g' if self.analyse_gluten else ''}"

    def version_for(self, text: str) -> str:
        """The version a stored meaning of ``text`` must carry to be current: the shipped
        data, the gluten rule and the personal mappings that can touch the text (a mapping
        whose phrase it contains), so a new mapping makes only those meanings stale."""
        words = normalise(text)
        relevant = [
            (key, self._personal[key])
            for key, pattern in self._patterns().items()
            if pattern.search(words)
        ]
        if not relevant:
            return self.base_version
        digest = hashlib.sha256(repr(sorted(relevant, key=str)).encode()).hexdigest()[:16]
        return f"{self.base_version}:{digest}"

    def _patterns(self) -> dict[str, re.Pattern[str]]:
        if self._compiled is None:
            self._compiled = {
                k: re.compile(rf"(?<!\w){re.escape(k)}(?!\w)") for k in self._personal
            }
        return self._compiled

    def personal_keys(self) -> tuple[str, ...]:
        """The phrases this diary has mapped (normalised, no leading article)."""
        return tuple(self._personal)

    def kept_together(self) -> tuple[str, ...]:
        """Names that contain a separator word, so a meal text is never split inside them:
        the person's own ("stew and dumplings") and the everyday table's dishes ("gin and
        tonic", "toad in the hole"; read from ``everyday.csv`` alone, no FDC load)."""
        own = tuple(k for k in self._personal if " and " in k or " with " in k)
        return (*own, *kept_together_names())

    def with_personal(
        self, personal: Mapping[str, Mapping[str, Any]], analyse_gluten: bool | None = None
    ) -> FoodKnowledge:
        """The same knowledge plus a diary's own mappings (see ``docs/foods.md``)."""
        gluten = self.analyse_gluten if analyse_gluten is None else analyse_gluten
        return FoodKnowledge(self._base, personal, gluten)

    # -- the names the trigger engine calls --------------------------------------------
    def canonical_name(self, text: str) -> str:
        """The food an item text means ("2 glasses of merlot" → "red wine")."""
        return self.describe(text).food

    def components(self, text: str) -> tuple[str, ...]:
        """Component names of an item text, e.g. ("alcohol", "histamine")."""
        return self.describe(text).components

    def caffeine_mg(self, entry: Entry | str) -> float | None:
        """Caffeine of an entry from USDA FDC (mg); None when unknown."""
        return self.describe(entry).caffeine_mg

    def describe(self, item: Entry | str) -> FoodAnalysis:
        """Everything known about one food/drink entry or item text (memoised)."""
        key = (
            (item.name, item.amount, item.unit, str(item.details.get("size") or ""))
            if isinstance(item, Entry)
            else (item, None, None, "")
        )
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._describe(item)
        return cached

    def _describe(self, item: Entry | str) -> FoodAnalysis:
        if isinstance(item, Entry):
            parsed = self._name_wins(parse_item(item.name))
            size = item.details.get("size") or parsed.size
            if item.amount is not None or size != parsed.size:
                amount = parsed.quantity if item.amount is None else item.amount
                unit = parsed.unit if item.amount is None else item.unit
                parsed = ParsedItem(parsed.text, parsed.food, amount, unit, str(size))
        else:
            parsed = self._name_wins(parse_item(item))
        found = self._analyse(parsed, depth=0)
        is_dish = "composite" in found.classes or found.via in ("contained", "recipe")
        tags, nova = made_by(parsed.text, found.tags, found.nova, is_dish)
        caffeine, alcohol = found.caffeine_mg, found.alcohol_g
        if says_decaf(parsed.text):
            tags = tuple(t for t in tags if t.component != "caffeine")
            caffeine = found.grams * DECAF_CAFFEINE_MG_PER_100G / 100
        if says_no_alcohol(parsed.text):
            tags = tuple(t for t in tags if t.component != "alcohol")
            alcohol = 0.0
        if (tags, nova, caffeine, alcohol) == (
            found.tags,
            found.nova,
            found.caffeine_mg,
            found.alcohol_g,
        ):
            return found
        components = component_names(tags, self.analyse_gluten)
        return replace(
            found, tags=tags, nova=nova, components=components, caffeine_mg=caffeine,
            alcohol_g=alcohol,
        )  # fmt: skip

    def _name_wins(self, parsed: ParsedItem) -> ParsedItem:
        """A unit word inside a food's name ("pot noodle", "cup a soup") is the name."""
        if parsed.unit is None:
            return parsed
        whole = self.matcher.exact(parsed.text)
        if whole is None or whole == self.matcher.exact(parsed.food):
            return parsed
        return ParsedItem(parsed.text, whole, parsed.quantity or 1.0, None, parsed.size)

    def describe_meal(self, text: str) -> list[FoodAnalysis]:
        """Every item of a meal text, split as ``gutbrain log food`` splits it."""
        return [self.describe(item.text) for item in split_meal(text, self.kept_together())]

    # -- internals -----------------------------------------------------------------------
    def resolve(self, phrase: str) -> _Resolved:
        key = personal_key(phrase)
        mapping = self._personal.get(key)
        if mapping is not None:
            if "as" in mapping:
                inner = self.matcher.match(str(mapping["as"]))
                curated = inner.name if inner.name in self.tables.curated else None
                match = Match(key, inner.name, "personal", 100.0, inner.fdc_id)
                return _Resolved(match, curated, (), None)
            if "recipe" in mapping:
                parts = tuple((str(p[0]), float(p[1])) for p in mapping["recipe"])
                return _Resolved(Match(key, phrase.strip(), "recipe", 100.0), None, parts, None)
            if "define" in mapping:
                match = Match(key, phrase.strip(), "personal", 100.0)
                return _Resolved(match, None, (), mapping["define"])
        match = self.matcher.match(phrase)
        curated = match.name if match.via != "fdc" and match.name in self.tables.curated else None
        return _Resolved(match, curated, (), None)

    def _analyse(self, item: ParsedItem, depth: int) -> FoodAnalysis:
        resolved = self.resolve(item.food)
        match, curated = resolved.match, resolved.curated
        if resolved.recipe and depth < 3:
            return self._recipe(item, match.name, resolved.recipe, "recipe", depth)
        if resolved.personal is not None:
            return self._personal_food(item, resolved)
        grams = to_grams(self.tables, curated, match.fdc_id, item.quantity, item.unit, item.size)
        if match.via == "contained" and depth == 0:
            named = self.matcher.named_parts(item.food)
            if len(named) > 1:
                recipe = tuple((n, self.tables.curated[n].serving_g) for n in named)
                return self._recipe(item, item.food, recipe, "contained", depth)
        tags: tuple[ComponentTag, ...] = ()
        plants: tuple[str, ...] = ()
        nova = None
        classes: tuple[str, ...] = ()
        if curated is not None:
            food = self.tables.curated[curated]
            tags, plants, nova, classes = (
                curated_tags(self.tables, curated),
                food.plants,
                food.nova,
                food.classes,
            )
        elif match.fdc_id is not None:
            # An FDC-only food inherits the tags of everyday foods its name mentions.
            inherited = [
                ComponentTag(t.component, t.grade, t.source, f"{t.via} (named in {item.food!r})")
                for part in self.matcher.named_parts(item.food)
                for t in curated_tags(self.tables, part)
                if t.component != "ultra-processed"
            ]
            tags = (*fdc_tags(self.tables, match.fdc_id), *inherited)
            plants = fdc_plants(self.tables, match.fdc_id)
        fiber, caffeine, alcohol = self._nutrients(curated, match.fdc_id, grams.grams)
        fdc = self.tables.fdc.get(match.fdc_id or -1)
        return FoodAnalysis(
            text=item.text,
            food=match.name,
            via=match.via,
            score=match.score,
            known=match.known,
            grams=grams.grams,
            grams_basis=grams.basis,
            fiber_g=fiber,
            caffeine_mg=caffeine,
            alcohol_g=alcohol,
            components=component_names(tags, self.analyse_gluten),
            tags=tags,
            plants=plants,
            nova=nova,
            classes=classes,
            fdc_id=match.fdc_id,
            fdc_description=None if fdc is None else fdc.description,
        )

    def _nutrients(
        self, curated: str | None, fdc_id: int | None, grams: float
    ) -> tuple[float | None, float | None, float | None]:
        """Per-item fiber g, caffeine mg, alcohol g: from FDC, else from composite parts."""
        if fdc_id is not None:
            food = self.tables.fdc[fdc_id]

            def per_item(per_100g: float | None) -> float | None:
                return None if per_100g is None else per_100g * grams / 100.0

            return per_item(food.fiber_g), per_item(food.caffeine_mg), per_item(food.alcohol_g)
        parts = self.tables.composites.get(curated or "")
        if not parts:
            return None, None, None
        total = sum(g for _, g in parts) or 1.0
        sums: list[float | None] = [0.0, 0.0, 0.0]
        for part, part_grams in parts:
            values = self._nutrients(
                part, self.tables.curated[part].fdc_id, grams * part_grams / total
            )
            for i, value in enumerate(values):
                current = sums[i]
                sums[i] = None if value is None or current is None else current + value
        return sums[0], sums[1], sums[2]

    def _recipe(
        self,
        item: ParsedItem,
        name: str,
        recipe: tuple[tuple[str, float], ...],
        via: str,
        depth: int,
    ) -> FoodAnalysis:
        """A dish made of parts: a personal recipe, or the foods a phrase names ("falafel
        wrap" → one serving each of falafel and tortilla).  Parts keep their proportions; the
        total is the parts' sum × the count typed, or the weight typed ("300 g …")."""
        total_grams = None
        if item.unit is not None and item.unit not in ("serving", "piece"):
            total_grams = to_grams(self.tables, None, None, item.quantity, item.unit).grams
        base = sum(g for _, g in recipe) or 1.0
        scale = total_grams / base if total_grams is not None else (item.quantity or 1.0)
        parts = [
            self._analyse(ParsedItem(part, part, grams * scale, "g"), depth + 1)
            for part, grams in recipe
        ]
        label = "in your recipe" if via == "recipe" else f"named in {item.food!r}"
        tags = tuple(
            ComponentTag(t.component, t.grade, t.source, f"{p.food} ({label})")
            for p in parts
            for t in p.tags
        )
        return FoodAnalysis(
            text=item.text,
            food=name,
            via=via,
            score=100.0 if via == "recipe" else 90.0,
            known=True,
            grams=sum(p.grams for p in parts),
            grams_basis=("your recipe: " if via == "recipe" else "parts: ")
            + ", ".join(f"{p.grams:.0f} g {p.food}" for p in parts),
            fiber_g=_sum_or_none(p.fiber_g for p in parts),
            caffeine_mg=_sum_or_none(p.caffeine_mg for p in parts),
            alcohol_g=_sum_or_none(p.alcohol_g for p in parts),
            components=component_names(tags, self.analyse_gluten),
            tags=tags,
            plants=tuple(dict.fromkeys(pl for p in parts for pl in p.plants)),
            nova=max((p.nova for p in parts if p.nova is not None), default=None),
            classes=tuple(dict.fromkeys(c for p in parts for c in p.classes)),
            fdc_id=None,
            fdc_description=None,
        )

    def _personal_food(self, item: ParsedItem, resolved: _Resolved) -> FoodAnalysis:
        spec = resolved.personal or {}
        serving = float(spec.get("serving_g", 100.0))
        if item.unit is None or item.unit in ("serving", "piece"):
            grams = Grams(serving * (item.quantity or 1.0), f"your serving of {serving:g} g")
        else:
            grams = to_grams(self.tables, None, None, item.quantity, item.unit, item.size)
        fiber = spec.get("fiber_g_per_100g")
        caffeine = spec.get("caffeine_mg_per_100g")
        tags = tuple(
            ComponentTag(str(c), "you", "your own definition", resolved.match.name)
            for c in spec.get("components", ())
        )
        return FoodAnalysis(
            text=item.text,
            food=resolved.match.name,
            via="personal",
            score=100.0,
            known=True,
            grams=grams.grams,
            grams_basis=grams.basis,
            fiber_g=None if fiber is None else float(fiber) * grams.grams / 100,
            caffeine_mg=None if caffeine is None else float(caffeine) * grams.grams / 100,
            alcohol_g=None,
            components=component_names(tags, self.analyse_gluten),
            tags=tags,
            plants=tuple(str(p).lower() for p in spec.get("plants", ())),
            nova=None if spec.get("nova") is None else int(spec["nova"]),
            classes=(),
            fdc_id=None,
            fdc_description=None,
        )


def personal_key(text: str) -> str:
    """Personal mappings ignore a leading article ("the usual" = "usual")."""
    return re.sub(r"^(?:the|my|a|an) ", "", normalise(text))


def _sum_or_none(values: Iterable[float | None]) -> float | None:
    total = 0.0
    for value in values:
        if value is None:
            return None
        total += value
    return total


@lru_cache(maxsize=1)
def _default_base() -> tuple[FoodTables, Matcher]:
    tables = load_tables()
    return tables, Matcher(tables)


def knowledge(
    personal: Mapping[str, Mapping[str, Any]] | None = None, analyse_gluten: bool = False
) -> FoodKnowledge:
    """The food knowledge over the shipped tables (loaded once per process on first use,
    ~0.6 s)."""
    return FoodKnowledge(_default_base, personal, analyse_gluten)


__all__ = ["FoodAnalysis", "FoodKnowledge", "knowledge", "personal_key", "serving_grams"]
