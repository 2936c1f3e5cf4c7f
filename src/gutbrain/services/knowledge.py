"""A diary's food knowledge and its stored meanings, read from the store alone — the write hook
every writer in ``services.diary`` calls (so it may not build on ``services.diary`` itself).

* ``food_knowledge(ctx)``: the shared tables (loaded on first use) plus the diary's remembered
  mappings and its gluten rule;
* ``remember(ctx, entries)``: derive and store the meaning of every food/drink entry written;
* ``rederive(ctx, phrase)``: after a mapping of ``phrase`` changed, derive again and store, in
  one transaction, every entry whose text contains it;
* ``save(ctx, understanding)``: store what an analysis had to derive (a knowledge upgrade).

Rows live in ``entry_meanings`` (``store.meanings``, migration 0007); see docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.names import normalise_name
from gutbrain.services.context import Context
from gutbrain.store.meanings import put_meanings, stored_meanings

if TYPE_CHECKING:
    from gutbrain.foods import FoodKnowledge
    from gutbrain.meaning.entries import Understanding

#: What a meaning is kept for (``meaning.entries.FOOD_KINDS``, spelled here so writing a
#: non-food entry does not import the food layer).
FOOD_KINDS = (Kind.FOOD, Kind.DRINK)

#: Conditions that make gluten a component worth analysing (domain.md §1.2, Dimitrova 2013).
GLUTEN_CONDITIONS = frozenset(
    {"celiac disease", "coeliac disease", "celiac", "coeliac", "gluten sensitivity", "ncgs"}
)


def gluten_applies(ctx: Context) -> bool:
    """Gluten is analysed with celiac disease / gluten sensitivity recorded, or when asked."""
    if ctx.store.get_diary(ctx.diary_id).settings.analyse_gluten:
        return True
    conditions = ctx.store.list_conditions(ctx.diary_id)
    return any(c.name.strip().lower() in GLUTEN_CONDITIONS for c in conditions)


def food_knowledge(ctx: Context) -> FoodKnowledge:
    """The shared tables plus this diary's remembered mappings."""
    from gutbrain.foods import knowledge  # the food layer loads on first use, not on import

    return knowledge(ctx.store.food_aliases(ctx.diary_id), gluten_applies(ctx))


def base_understanding(ctx: Context) -> Understanding:
    """The diary's understanding of its entries without day-level data (what the write hook
    needs; ``services.meaning.understanding`` adds the weather)."""
    from gutbrain.meaning.entries import Understanding

    settings = ctx.store.get_diary(ctx.diary_id).settings
    return Understanding(settings, food_knowledge(ctx), stored_meanings(ctx.store, ctx.diary_id))


def save(ctx: Context, meaning: Understanding) -> int:
    """Store what ``meaning`` had to derive (one transaction); returns how many."""
    fresh = dict(meaning.fresh)
    put_meanings(ctx.store, ctx.diary_id, fresh)
    meaning.fresh.clear()
    return len(fresh)


def remember(ctx: Context, entries: Iterable[Entry]) -> int:
    """The write hook: derive and store the meaning of every food/drink entry just written."""
    foods = [e for e in entries if e.kind in FOOD_KINDS]
    if not foods:
        return 0
    meaning = base_understanding(ctx)
    for e in foods:
        meaning.of(e)
    return save(ctx, meaning)


def rederive(ctx: Context, phrase: str) -> int:
    """After a food mapping of ``phrase`` changed: derive again, and store in one transaction,
    the meaning of every food/drink entry whose text contains the phrase."""
    wanted = normalise_name(phrase)
    meaning = base_understanding(ctx)
    for e in ctx.store.list_entries(ctx.diary_id, kinds=[Kind.FOOD, Kind.DRINK]):
        if wanted in normalise_name(e.name):
            meaning.of(e)
    return save(ctx, meaning)
