"""Understanding a free-text meal for the Today meal box: items, amounts and, once the food
knowledge base offers it, what each item contains (trigger components, fiber)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gutbrain.domain.entries import Kind
from gutbrain.foods import FoodAnalysis, FoodKnowledge, split_meal
from gutbrain.services.log import is_drink


@dataclass(frozen=True, slots=True)
class UnderstoodItem:
    """One item of a meal as the app understood it (shown back to the person)."""

    text: str
    food: str
    kind: Kind
    quantity: float | None = None
    unit: str | None = None
    size: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        amount = ""
        if self.quantity is not None:
            amount = f"{self.quantity:g} {self.unit or '×'} ".replace(" × ", "× ")
        size = f"{self.size} " if self.size else ""
        return f"{amount}{size}{self.food}".strip()


def understand_meal(text: str, know: FoodKnowledge | None = None) -> list[UnderstoodItem]:
    """Split the text into items; classify each as food or drink; with the food knowledge,
    say what each item is taken to be, its grams and fiber and its trigger components."""
    items = []
    for parsed in split_meal(text):
        # Same rule as ``gutbrain log meal`` so the preview matches what gets logged.
        drink = is_drink(parsed.food, parsed.unit)
        items.append(
            UnderstoodItem(
                text=parsed.text,
                food=parsed.food,
                kind=Kind.DRINK if drink else Kind.FOOD,
                quantity=parsed.quantity,
                unit=parsed.unit,
                size=parsed.size,
                notes=_notes(know.describe(parsed.text)) if know is not None else (),
            )
        )
    return items


def _notes(food: FoodAnalysis) -> tuple[str, ...]:
    if not food.known:
        return ("not in the food tables: logged as written",)
    notes = [f"as {food.food}, about {food.grams:.0f} g"]
    if food.fiber_g is not None:
        notes.append(f"fiber {food.fiber_g:.1f} g")
    if food.components:
        notes.append("contains " + ", ".join(food.components))
    return tuple(notes)
