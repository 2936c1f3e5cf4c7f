"""Quantity + unit → grams, for one matched food.

Order (documented in ``docs/foods.md``):

1. mass units (g, kg, oz, lb) convert exactly;
2. volume units (ml, cl, dl, l, fl oz) use the food's density from an FDC fl oz/cup portion when
   there is one, else 1 g/ml (drinks are close to water);
3. household units (glass, slice, cup, …): the everyday table's per-food size ("glass=148" for
   wine), then the food's FDC portion with that unit, then the generic default in ``units.csv``;
4. a count without a unit ("2 eggs") is that many pieces when the everyday table gives a piece
   size ("6 nuggets" = 6 × 16 g), else that many default servings, as is no amount at all;
5. small/large scale the result by 0.75/1.33 unless FDC has a portion of that size
   ("a large apple" → FDC "large", 223 g).
"""

from __future__ import annotations

from dataclasses import dataclass

from gutbrain.foods.tables import FoodTables, Portion

#: gutbrain defaults for "small"/"large" when FDC has no such portion (documented, not sourced).
SIZE_FACTOR = {"small": 0.75, "medium": 1.0, "large": 4 / 3}
US_CUP_ML = 236.6
FL_OZ_ML = 29.57
DEFAULT_SERVING_G = 100.0
#: Exact conversions (not defaults).
MASS_G = {"g": 1.0, "kg": 1000.0, "mg": 0.001, "oz": 28.35, "lb": 453.6}
VOLUME_ML = {"ml": 1.0, "cl": 10.0, "dl": 100.0, "l": 1000.0, "fl oz": FL_OZ_ML}


@dataclass(frozen=True, slots=True)
class Grams:
    """A weight with the rule that produced it (shown by ``gutbrain food``)."""

    grams: float
    basis: str


def serving_grams(tables: FoodTables, name: str | None, fdc_id: int | None) -> Grams:
    """One default serving of a food: everyday table, else FDC's serving/first portion."""
    if name is not None and name in tables.curated:
        food = tables.curated[name]
        return Grams(food.serving_g, f"1 serving = {food.serving} ({food.serving_g:g} g)")
    portions = tables.portions.get(fdc_id or -1, ())
    for portion in portions:
        if portion.unit in ("serving", "nlea serving"):
            return Grams(portion.gram_weight, f"FDC {portion.amount:g} {portion.description}")
    if portions:
        first = portions[0]
        return Grams(first.gram_weight, f"FDC {first.amount:g} {first.description}")
    return Grams(DEFAULT_SERVING_G, "no portion known: 100 g assumed")


def _fdc_portion(portions: tuple[Portion, ...], unit: str, size: str | None) -> Portion | None:
    matching = [p for p in portions if p.unit == unit]
    if size is not None:
        sized = [p for p in matching if size in p.description]
        if sized:
            return sized[0]
    return matching[0] if matching else None


def _density(portions: tuple[Portion, ...]) -> float | None:
    for portion in portions:
        if portion.unit == "fl oz":
            return portion.grams_per_unit / FL_OZ_ML
    for portion in portions:
        if portion.unit == "cup":
            return portion.grams_per_unit / US_CUP_ML
    return None


def to_grams(
    tables: FoodTables,
    name: str | None,
    fdc_id: int | None,
    quantity: float | None,
    unit: str | None,
    size: str | None = None,
) -> Grams:
    """Weight of ``quantity`` × ``unit`` of a food (see module doc for the rules)."""
    qty = 1.0 if quantity is None else quantity
    portions = tables.portions.get(fdc_id or -1, ())
    factor = SIZE_FACTOR.get(size or "medium", 1.0)
    sized = "" if factor == 1.0 else f", {size} ×{factor:.2g}"
    default = tables.units.get(unit or "")
    if unit is None or unit in ("serving", "piece"):
        if size in ("small", "large") and unit is None:
            portion = _fdc_portion(portions, size, None)
            if portion is not None:
                return Grams(qty * portion.grams_per_unit, f"{qty:g} × FDC {portion.description}")
        base = serving_grams(tables, name, fdc_id)
        counted = unit == "piece" or (unit is None and quantity is not None)
        if counted and name in tables.curated and "piece" in tables.curated[name].units:
            # "6 nuggets", "half a pizza": a count of pieces, not of servings.
            base = Grams(tables.curated[name].units["piece"], "1 piece (everyday table)")
        return Grams(qty * base.grams * factor, f"{qty:g} × {base.basis}{sized}")
    if unit in MASS_G:
        return Grams(qty * MASS_G[unit], f"{qty:g} {unit}")
    curated = tables.curated.get(name or "")
    if curated is not None and unit in curated.units:
        grams = curated.units[unit]
        return Grams(
            qty * grams * factor, f"{qty:g} × {unit} of {grams:g} g (everyday table){sized}"
        )
    if unit in VOLUME_ML:
        density = _density(portions) or 1.0
        ml = qty * VOLUME_ML[unit]
        return Grams(ml * density, f"{ml:g} ml × {density:.2f} g/ml")
    portion = _fdc_portion(portions, unit, size)
    if portion is not None:
        return Grams(
            qty * portion.grams_per_unit,
            f"{qty:g} × FDC {portion.amount:g} {portion.description} ({portion.gram_weight:g} g)",
        )
    if default is not None and default.amount is not None:
        density = (_density(portions) or 1.0) if default.measure == "ml" else 1.0
        grams = default.amount * density
        return Grams(
            qty * grams * factor, f"{qty:g} × {unit} ≈ {grams:.0f} g ({default.note}){sized}"
        )
    base = serving_grams(tables, name, fdc_id)
    return Grams(qty * base.grams * factor, f"{qty:g} × {base.basis} (unit {unit!r} unknown)")
