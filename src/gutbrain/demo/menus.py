"""What the demo person eats and drinks: everyday dishes typed the way people type them.

Each option is (text, amount, unit).  None of these has a planted effect except where
``generator.py`` says so; they exist so the engine has realistic null foods to test.
"""

from __future__ import annotations

Item = tuple[str, float | None, str | None]

BREAKFASTS: list[list[Item]] = [
    [("oatmeal", 1, "cup"), ("banana", 1, None)],
    [("wholegrain toast", 2, "slice"), ("butter", 10, "g")],
    [("greek yogurt", 150, "g"), ("blueberries", 0.5, "cup"), ("granola", 30, "g")],
    [("scrambled eggs", 2, None), ("sourdough bread", 1, "slice")],
    [("muesli", 60, "g"), ("milk", 200, "ml")],
    [("apple", 1, None), ("almonds", 1, "handful")],
]
LUNCHES: list[list[Item]] = [
    [("chicken salad", 1, "bowl"), ("wholegrain bread", 1, "slice")],
    [("lentil soup", 1, "bowl"), ("sourdough bread", 1, "slice")],
    [("tuna sandwich", 1, None), ("apple", 1, None)],
    [("rice", 1, "cup"), ("chickpea curry", 1, "serving")],
    [("pasta with tomato sauce", 1, "plate")],
    [("hummus", 3, "tbsp"), ("carrots", 100, "g"), ("pita bread", 1, None)],
    [("quinoa salad", 1, "bowl")],
    [("ham sandwich", 1, None), ("orange", 1, None)],
]
DINNERS: list[list[Item]] = [
    [("salmon", 150, "g"), ("potatoes", 200, "g"), ("broccoli", 1, "cup")],
    [("spaghetti bolognese", 1, "plate"), ("green salad", 1, "bowl")],
    [("chicken stir fry", 1, "plate"), ("rice", 1, "cup")],
    [("vegetable soup", 1, "bowl"), ("wholegrain bread", 2, "slice")],
    [("bean chili", 1, "bowl"), ("rice", 1, "cup")],
    [("omelette", 1, None), ("spinach", 1, "cup")],
    [("tofu curry", 1, "plate"), ("brown rice", 1, "cup")],
    [("roast chicken", 150, "g"), ("sweet potato", 1, None), ("peas", 0.5, "cup")],
]
WEEKEND_DINNERS: list[list[Item]] = [
    [("pepperoni pizza", 2, "slice")],
    [("burger", 1, None), ("fries", 1, "serving")],
    [("sushi", 8, "piece")],
    [("lasagna", 1, "serving"), ("green salad", 1, "bowl")],
]
SNACKS: list[Item] = [
    ("apple", 1, None),
    ("crisps", 1, "bag"),
    ("walnuts", 1, "handful"),
    ("kimchi", 50, "g"),
    ("kefir", 200, "ml"),
    ("pear", 1, None),
    ("rice cakes", 2, None),
    ("orange", 1, None),
    ("cheese crackers", 1, "serving"),
]
