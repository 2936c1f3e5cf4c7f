"""Understanding a free-text meal for the Today meal box: items, amounts and, once the food
knowledge base offers it, what each item contains (trigger components, fiber)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gutbrain.domain.entries import Kind
from gutbrain.foods import FoodAnalysis
from gutbrain.meaning.entries import Understanding
from gutbrain.services import diary as svc
from gutbrain.services.meaning import understanding


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


def understand_meal(text: str, meaning: Understanding) -> list[UnderstoodItem]:
    """Split the text into items (the person's own names kept together); classify each as
    food or drink; say what each item is taken to be, its grams and fiber and its trigger
    components — the same ``Understanding`` ``gutbrain log meal`` stores, so the preview
    matches what gets logged."""
    know = meaning.knowledge
    items = []
    for parsed in meaning.split(text):
        items.append(
            UnderstoodItem(
                text=parsed.text,
                food=parsed.food,
                kind=meaning.kind_of(parsed),
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


def preview_meal(ctx: svc.Context, text: str) -> list[UnderstoodItem]:
    """The Today preview (page and API): the meal as this diary would log it."""
    return understand_meal(text, understanding(ctx))
