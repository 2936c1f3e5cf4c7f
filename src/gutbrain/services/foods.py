"""Food use cases over one diary: its knowledge (with remembered mappings), unknown foods,
mapping a food once, and what gutbrain knows about a food and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.names import normalise_name
from gutbrain.foods import FoodAnalysis as FoodAnalysis
from gutbrain.foods import split_meal
from gutbrain.foods.components import GRADES as GRADES
from gutbrain.foods.components import ComponentGroup, ComponentTag, grouped
from gutbrain.foods.lookup import personal_key
from gutbrain.foods.parse import parse_item
from gutbrain.services import diary as svc
from gutbrain.services.knowledge import GLUTEN_CONDITIONS as GLUTEN_CONDITIONS
from gutbrain.services.knowledge import food_knowledge as food_knowledge
from gutbrain.services.knowledge import gluten_applies as gluten_applies


def describe_food(ctx: svc.Context, text: str) -> list[FoodAnalysis]:
    """What gutbrain knows about each item of ``text`` ("pepperoni pizza, red wine")."""
    items = food_knowledge(ctx).describe_meal(text)
    if not items:
        raise GutbrainError('say which food, e.g. gutbrain food "pepperoni pizza"')
    return items


@dataclass(frozen=True, slots=True)
class UnknownFood:
    text: str
    times: int
    first_day: str


def unknown_foods(ctx: svc.Context) -> list[UnknownFood]:
    """Foods logged that gutbrain could not match, most frequent first (shown to map once)."""
    know = food_knowledge(ctx)
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for e in svc.list_entries(ctx, kinds=[Kind.FOOD, Kind.DRINK]):
        analysis = know.describe(e)
        if not analysis.known:
            key = normalise_name(analysis.food)
            counts[key] += 1
            first.setdefault(key, e.day.isoformat())
    return [UnknownFood(t, n, first[t]) for t, n in counts.most_common()]


def map_food(
    ctx: svc.Context,
    text: str,
    *,
    as_food: str | None = None,
    recipe: str | None = None,
    define: dict[str, Any] | None = None,
) -> FoodAnalysis:
    """Remember what ``text`` means for this diary: another food, a recipe of foods
    ("150 g lentils, 100 g tomato"), or a personal food definition.  Returns the new view."""
    phrase = normalise_name(text)
    if not phrase:
        raise GutbrainError("the food to map is empty")
    if sum(x is not None for x in (as_food, recipe, define)) != 1:
        raise GutbrainError(
            "map a food with exactly one of --as FOOD, --recipe TEXT or a definition"
        )
    know = food_knowledge(ctx)
    mapping: dict[str, Any]
    if as_food is not None:
        target = know.describe(as_food)
        if not target.known:
            raise GutbrainError(f"{as_food!r} is not a food gutbrain knows; try a simpler name")
        mapping = {"as": target.food}
    elif recipe is not None:
        parts = []
        for item in split_meal(recipe):
            part = know.describe(item.text)
            if not part.known:
                raise GutbrainError(f"recipe part {item.text!r} is not a food gutbrain knows")
            parts.append([part.food, round(part.grams, 1)])
        if not parts:
            raise GutbrainError('the recipe is empty, e.g. --recipe "150 g lentils, 1 onion"')
        mapping = {"recipe": parts}
    else:
        mapping = {"define": _checked_definition(define or {})}
    svc.set_food_alias(ctx, phrase, mapping)
    return food_knowledge(ctx).describe(phrase)


def unmap_food(ctx: svc.Context, text: str) -> None:
    phrase = normalise_name(text)
    if phrase not in svc.food_aliases(ctx):
        raise GutbrainError(f"{text!r} has no mapping")
    svc.delete_food_alias(ctx, phrase)


def _checked_definition(spec: dict[str, Any]) -> dict[str, Any]:
    from gutbrain.foods import COMPONENTS

    bad = [c for c in spec.get("components", ()) if c not in COMPONENTS]
    if bad:
        raise GutbrainError(f"unknown component(s) {', '.join(bad)}: use {', '.join(COMPONENTS)}")
    for key in ("fiber_g_per_100g", "caffeine_mg_per_100g", "serving_g"):
        value = spec.get(key)
        if value is not None and (not isinstance(value, int | float) or value < 0):
            raise GutbrainError(f"{key} must be a number ≥ 0")
    return spec


def grouped_tags(tags: tuple[ComponentTag, ...]) -> list[ComponentGroup]:
    """A food's tags, one row per component (what ``gutbrain food`` and the pages list)."""
    return grouped(tags)


# -- "not what you meant?": corrections that stick ------------------------------------------
@dataclass(frozen=True, slots=True)
class Understood:
    """What one item is taken to be, why (each component with its grade and source), and how
    many logged entries share its text (a correction applies to all of them)."""

    phrase: str  # the item without its amount: what a correction is stored under
    found: FoodAnalysis
    groups: list[ComponentGroup]
    entries: int
    mapping: dict[str, Any] | None


def correction_phrase(text: str) -> str:
    """ "2 bowls of grandma's zuppa" → "grandma's zuppa": amounts are not part of the name."""
    item = parse_item(text.strip())
    return normalise_name(item.food or item.text)


def understood(ctx: svc.Context, text: str) -> Understood:
    phrase = correction_phrase(text)
    if not phrase:
        raise GutbrainError("say which food, e.g. grandma's zuppa")
    know = food_knowledge(ctx)
    key = personal_key(phrase)
    same = sum(
        1
        for e in svc.list_entries(ctx, kinds=[Kind.FOOD, Kind.DRINK])
        if personal_key(parse_item(e.name).food) == key
    )
    found = know.describe(phrase)
    mappings = {personal_key(k): v for k, v in svc.food_aliases(ctx).items()}
    return Understood(phrase, found, grouped(found.tags), same, mappings.get(key))


def correct_food(
    ctx: svc.Context, text: str, as_food: str
) -> tuple[Understood, dict[str, Any] | None]:
    """Remember that ``text`` means ``as_food`` in this diary: every logged entry with the same
    text (any amount) is re-understood, and the analysis with it.  Returns the new view and
    the mapping it replaced (for undo)."""
    phrase = correction_phrase(text)
    previous = understood(ctx, phrase).mapping
    map_food(ctx, phrase, as_food=as_food)
    return understood(ctx, phrase), previous


def undo_correction(ctx: svc.Context, text: str, previous: dict[str, Any] | None) -> Understood:
    """Put back what ``text`` meant before the last correction (the shipped meaning if none)."""
    phrase = correction_phrase(text)
    stored = [k for k in svc.food_aliases(ctx) if personal_key(k) == personal_key(phrase)]
    for key in stored:
        svc.delete_food_alias(ctx, key)
    if previous:
        if not isinstance(previous, dict) or not {"as", "recipe", "define"} & set(previous):
            raise GutbrainError("nothing to undo")
        svc.set_food_alias(ctx, phrase, previous)
    return understood(ctx, phrase)


def everyday_names(ctx: svc.Context) -> list[str]:
    """The everyday foods a correction can point to (suggestions while typing)."""
    return sorted(food_knowledge(ctx).tables.curated)
