"""What food and drink entries were understood as, for machine-readable output.

``list --json``, the entries API and the FHIR export show, next to each food or drink entry,
the food gutbrain matched it to, the grams it assumed and why, fiber / caffeine / alcohol (None
when unknown, never a silent zero) and the trigger components with their evidence grades — the
same food knowledge (``services.foods.food_knowledge``) the trigger analysis uses, so scripts
see exactly what the statistics saw.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from gutbrain.domain.entries import Entry, Kind
from gutbrain.foods.lookup import FoodAnalysis
from gutbrain.services import diary as svc
from gutbrain.services.foods import food_knowledge

FOOD_KINDS = (Kind.FOOD, Kind.DRINK)


def understanding_json(analysis: FoodAnalysis) -> dict[str, Any]:
    """One entry's understanding as JSON-ready values."""
    wanted = set(analysis.components)
    return {
        "food": analysis.food,
        "known": analysis.known,
        "matched_by": analysis.via,
        "score": round(analysis.score, 1),
        "grams": round(analysis.grams, 1),
        "grams_basis": analysis.grams_basis,
        "fiber_g": None if analysis.fiber_g is None else round(analysis.fiber_g, 2),
        "caffeine_mg": None if analysis.caffeine_mg is None else round(analysis.caffeine_mg, 1),
        "alcohol_g": None if analysis.alcohol_g is None else round(analysis.alcohol_g, 2),
        "components": [
            {"component": t.component, "grade": t.grade, "source": t.source, "via": t.via}
            for t in analysis.tags
            if t.component in wanted
        ],
        "plants": list(analysis.plants),
        "fdc_id": analysis.fdc_id,
        "fdc_description": analysis.fdc_description,
    }


def understood_as(ctx: svc.Context, entries: Iterable[Entry]) -> dict[uuid.UUID, dict[str, Any]]:
    """Each food or drink entry's understanding, by entry id (other kinds are left out)."""
    foods = [e for e in entries if e.kind in FOOD_KINDS]
    if not foods:
        return {}
    know = food_knowledge(ctx)
    return {e.id: understanding_json(know.describe(e)) for e in foods}
