"""Golden meals: 130+ real-looking descriptions → items, foods and grams.

The expected file was generated once, then read line by line by a person; regenerate it after
a deliberate change with ``pytest --snapshot-update tests/test_foods_parse_golden.py`` and
review the diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gutbrain.foods import knowledge, split_meal

GOLDEN = Path(__file__).parent / "golden" / "foods"
MEALS = (GOLDEN / "meals.txt").read_text(encoding="utf-8").splitlines()


def _actual() -> list[dict[str, Any]]:
    know = knowledge()
    result = []
    for meal in MEALS:
        items = []
        for item in split_meal(meal):
            analysis = know.describe(item.text)
            items.append(
                {
                    "text": item.text,
                    "qty": item.quantity,
                    "unit": item.unit,
                    "food": analysis.food,
                    "grams": round(analysis.grams, 1),
                }
            )
        result.append({"meal": meal, "items": items})
    return result


def _dump(meals: list[dict[str, Any]]) -> str:
    """One meal per block, one item per line: diffs stay readable in review."""
    blocks = []
    for meal in meals:
        items = ",\n    ".join(json.dumps(i, ensure_ascii=False) for i in meal["items"])
        blocks.append(
            f'  {{"meal": {json.dumps(meal["meal"], ensure_ascii=False)}, "items": [\n    {items}]}}'
        )
    return "[\n" + ",\n".join(blocks) + "\n]\n"


def test_there_are_at_least_100_golden_meals() -> None:
    assert len(MEALS) >= 100


def test_meals_match_golden_file(snapshot_update: bool) -> None:
    path = GOLDEN / "meals.json"
    actual = _actual()
    if snapshot_update:
        path.write_text(_dump(actual), encoding="utf-8")
        pytest.skip("golden file rewritten")
    expected = json.loads(path.read_text(encoding="utf-8"))
    mismatches = [
        f"{e['meal']!r}: expected {e['items']}, got {a['items']}"
        for e, a in zip(expected, actual, strict=True)
        if e != a
    ]
    assert not mismatches, "\n".join(mismatches[:10])


def test_every_golden_meal_resolves_every_item_to_a_known_food() -> None:
    know = knowledge()
    unknown = [(meal, a.text) for meal in MEALS for a in know.describe_meal(meal) if not a.known]
    assert not unknown
