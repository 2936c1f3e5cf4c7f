"""The services' door to ``gutbrain.meaning``: a diary's ``Understanding`` built from its own
settings, food knowledge (personal mappings, the gluten rule), stored meanings and fetched
weather, so no use case can build exposures, the Today preview or an experiment's factor days
without them — and the write hook that keeps the stored meanings current.

Stored meanings (``store.meanings``, migration 0007) are derived when an entry is written
(``remember``, called by every writer through ``services.diary``), re-derived for the entries
a changed food mapping touches (``rederive``, one transaction), and after a food-knowledge
upgrade by the first analysis that finds them stale (``save``, one transaction).  An analysis
on a diary whose meanings are current never loads the food tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.names import normalise_name
from gutbrain.meaning.entries import FOOD_KINDS
from gutbrain.meaning.entries import EntryMeaning as EntryMeaning
from gutbrain.meaning.entries import Understanding as Understanding
from gutbrain.services import diary as svc
from gutbrain.services import weather
from gutbrain.services.foods import food_knowledge
from gutbrain.store.meanings import put_meanings, stored_meanings


def understanding(ctx: svc.Context) -> Understanding:
    """This diary's understanding of its entries (the food tables load only for entries
    without a current stored meaning)."""
    return Understanding(
        svc.get_settings(ctx),
        food_knowledge(ctx),
        stored_meanings(ctx.store, ctx.diary_id),
        weather=weather.cached_days(ctx),
    )


def save(ctx: svc.Context, meaning: Understanding) -> int:
    """Store what ``meaning`` had to derive (one transaction); returns how many."""
    fresh = dict(meaning.fresh)
    put_meanings(ctx.store, ctx.diary_id, fresh)
    meaning.fresh.clear()
    return len(fresh)


def remember(ctx: svc.Context, entries: Iterable[Entry]) -> int:
    """The write hook: derive and store the meaning of every food/drink entry just written
    (log, edit, import, API all write through ``services.diary``)."""
    foods = [e for e in entries if e.kind in FOOD_KINDS]
    if not foods:
        return 0
    meaning = understanding(ctx)
    for e in foods:
        meaning.of(e)
    return save(ctx, meaning)


def rederive(ctx: svc.Context, phrase: str) -> int:
    """After a food mapping of ``phrase`` changed: derive again, and store in one transaction,
    the meaning of every food/drink entry whose text contains the phrase."""
    wanted = normalise_name(phrase)
    meaning = understanding(ctx)
    for e in svc.list_entries(ctx, kinds=[Kind.FOOD, Kind.DRINK]):
        if wanted in normalise_name(e.name):
            meaning.of(e)
    return save(ctx, meaning)
