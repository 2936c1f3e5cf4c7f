"""Understanding a free-text meal for the Today meal box: items, amounts and, once the food
knowledge base offers it, what each item contains (trigger components, fiber)."""

from __future__ import annotations

from dataclasses import dataclass, field

from gutbrain.domain.entries import Kind
from gutbrain.foods import split_meal

#: Words that make an item a drink rather than a food (the diary contract separates them so
#: the trigger engine can treat alcohol and caffeine as drinks).
DRINK_WORDS = frozenset(
    {
        "water", "coffee", "espresso", "latte", "cappuccino", "tea", "wine", "beer", "cider",
        "juice", "soda", "cola", "milk", "kefir", "kombucha", "smoothie", "whisky", "whiskey",
        "vodka", "gin", "rum", "champagne", "prosecco", "lemonade", "cocoa", "sake",
    }
)  # fmt: skip
DRINK_UNITS = frozenset({"ml", "l", "cl", "glass", "cup", "mug", "bottle", "can", "pint", "shot"})


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


def understand_meal(text: str) -> list[UnderstoodItem]:
    """Split the text into items; classify each as food or drink."""
    items = []
    for parsed in split_meal(text):
        words = set(parsed.food.lower().split())
        is_drink = bool(words & DRINK_WORDS) or (parsed.unit or "") in DRINK_UNITS
        items.append(
            UnderstoodItem(
                text=parsed.text,
                food=parsed.food,
                kind=Kind.DRINK if is_drink else Kind.FOOD,
                quantity=parsed.quantity,
                unit=parsed.unit,
                size=parsed.size,
            )
        )
    return items
