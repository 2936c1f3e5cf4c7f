"""Food and gut knowledge: meal text → foods, grams, trigger components and gut markers.

(API overview is completed as the package grows; ``split_meal`` is stable.)
"""

from __future__ import annotations

from gutbrain.foods.parse import ParsedItem, split_meal

__all__ = ["ParsedItem", "split_meal"]
