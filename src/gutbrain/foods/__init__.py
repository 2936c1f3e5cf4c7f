"""Food and gut knowledge: meal text → foods, grams, trigger components and gut markers.

Public API (names are stable; the trigger engine and services rely on them):

* ``split_meal(text) -> list[ParsedItem]`` — split "pepperoni pizza, 2 glasses of red wine and
  kimchi" into items with ``quantity``/``unit``/``size`` (pure, no data loaded).
* ``knowledge(personal=None, analyse_gluten=False) -> FoodKnowledge`` — the shipped tables
  (USDA FDC SR Legacy + curated everyday foods, composites, component rules), loaded once per
  process.  ``FoodKnowledge`` offers:

  - ``canonical_name(text) -> str`` ("2 glasses of merlot" → "red wine"),
  - ``components(text) -> tuple[str, ...]`` — names from ``COMPONENTS``: alcohol, tyramine,
    histamine, nitrite, msg, caffeine, aspartame, chocolate, citrus, gluten (only when
    ``analyse_gluten``), fermented, ultra-processed,
  - ``caffeine_mg(entry) -> float | None`` (USDA nutrient 1057 × grams),
  - ``describe(entry_or_text) -> FoodAnalysis`` (grams and how, fiber, caffeine, alcohol,
    tags with grade/source/reason, plants, NOVA group), ``describe_meal(text)``,
  - ``with_personal(mappings)`` — the same plus one diary's remembered mappings:
    ``{"as": "red wine"}``, ``{"recipe": [["lentils", 100], ["onion", 50]]}`` or
    ``{"define": {"components": [...], "fiber_g_per_100g": 2, "serving_g": 150,
    "plants": [...], "nova": 3}}``.

* ``gutbrain.foods.gut`` — per-day/per-week gut metrics and ``gut_exposures(...)`` for the
  trigger engine; ``gutbrain.foods.elimination`` — low-tyramine / low-histamine plans.

Data provenance and the evidence policy are in ``docs/foods.md`` and ``data/fdc/README.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gutbrain.foods.parse import ParsedItem, split_meal

if TYPE_CHECKING:
    from gutbrain.foods.components import COMPONENTS, ComponentTag
    from gutbrain.foods.lookup import FoodAnalysis, FoodKnowledge, knowledge

#: Loaded on first use, so ``gutbrain log`` (which only splits meals) starts fast.
_LAZY = {
    "COMPONENTS": "gutbrain.foods.components",
    "ComponentTag": "gutbrain.foods.components",
    "FoodAnalysis": "gutbrain.foods.lookup",
    "FoodKnowledge": "gutbrain.foods.lookup",
    "knowledge": "gutbrain.foods.lookup",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gutbrain.foods' has no attribute {name!r}")


__all__ = [
    "COMPONENTS",
    "ComponentTag",
    "FoodAnalysis",
    "FoodKnowledge",
    "ParsedItem",
    "knowledge",
    "split_meal",
]
