"""The services' door to ``gutbrain.meaning``: a diary's ``Understanding`` built from its own
settings, food knowledge (personal mappings, the gluten rule) and fetched weather, so no use case can build
exposures, the Today preview or an experiment's factor days without them."""

from __future__ import annotations

from gutbrain.meaning.entries import EntryMeaning as EntryMeaning
from gutbrain.meaning.entries import Understanding as Understanding
from gutbrain.services import diary as svc
from gutbrain.services import weather
from gutbrain.services.foods import food_knowledge


def understanding(ctx: svc.Context) -> Understanding:
    """This diary's understanding of its entries (the food tables load on first real use)."""
    return Understanding(
        svc.get_settings(ctx), food_knowledge(ctx), weather=weather.cached_days(ctx)
    )
