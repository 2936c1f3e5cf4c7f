"""The services' door to ``gutbrain.meaning``: a diary's ``Understanding`` built from its own
settings, food knowledge (personal mappings, the gluten rule), stored meanings and fetched
weather, so no use case can build exposures, the Today preview or an experiment's factor days
without them.  Keeping the stored meanings current is ``services.knowledge``'s write hook.
"""

from __future__ import annotations

from gutbrain.meaning.entries import EntryMeaning as EntryMeaning
from gutbrain.meaning.entries import Understanding as Understanding
from gutbrain.services import diary as svc
from gutbrain.services import weather
from gutbrain.services.knowledge import food_knowledge
from gutbrain.services.knowledge import save as save
from gutbrain.store.meanings import stored_meanings


def understanding(ctx: svc.Context) -> Understanding:
    """This diary's understanding of its entries (the food tables load only for entries
    without a current stored meaning)."""
    return Understanding(
        svc.get_settings(ctx),
        food_knowledge(ctx),
        stored_meanings(ctx.store, ctx.diary_id),
        weather=weather.cached_days(ctx),
    )
