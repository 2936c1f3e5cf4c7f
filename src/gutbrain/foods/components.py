"""Which suspected migraine components and gut markers a food carries, and why.

Every tag comes from a row of ``data/components.csv`` (grade + source, reviewed like code), from
a USDA FDC nutrient (alcohol, caffeine), or from a part of a composite dish, which inherits its
parts' tags ("pepperoni pizza" = cheese + pepperoni + wheat crust + tomato sauce).  Nothing else
is tagged: an FDC-only food without such a nutrient carries no component until it is curated.
"""

from __future__ import annotations

from dataclasses import dataclass

from gutbrain.foods.tables import FoodTables

#: The component names the trigger engine sees, in display order.
COMPONENTS = (
    "alcohol",
    "tyramine",
    "histamine",
    "nitrite",
    "msg",
    "caffeine",
    "aspartame",
    "chocolate",
    "citrus",  # grade C: on the DAO group's low-histamine exclusion list (Duelo 2018)
    "gluten",
    "fermented",
    "ultra-processed",
)

#: Every evidence grade a tag can carry, in words (shared/reference/domain.md §1: the grade
#: is gutbrain's, assigned from the cited studies). Shown as the legend wherever grades are.
GRADES = {
    "A": "controlled evidence (double-blind provocation or RCT) or an ICHD-3 diagnosis",
    "B": "mixed: some controlled studies positive, some negative, or positive only in a subgroup",
    "C": "observational or self-report only",
    "N": "controlled provocation studies were negative (a popular belief, not supported)",
    "N/C": "inconsistent: controlled challenges mostly negative, observational reports positive",
    "C/N": "observational signal, but controlled studies with food found no effect",
    "gut": "a gut-health habit marker, not a suspected trigger",
}

#: FDC nutrient thresholds for tagging foods the everyday table does not cover (per 100 g).
#: 0.5 g alcohol ≈ the 0.5 % ABV line of "alcohol-free" labelling; 5 mg caffeine leaves
#: decaffeinated coffee (≈2 mg) untagged.  gutbrain choices, documented in docs/foods.md.
FDC_ALCOHOL_MIN_G = 0.5
FDC_CAFFEINE_MIN_MG = 5.0
FDC_ALCOHOL_SOURCE = "USDA FDC SR Legacy nutrient 1018 (alcohol, ethyl); ICHD-3 8.1.4"
FDC_CAFFEINE_SOURCE = "USDA FDC SR Legacy nutrient 1057 (caffeine); ICHD-3 8.3.1"


@dataclass(frozen=True, slots=True)
class ComponentTag:
    """One reason a food carries a component.

    Attributes:
        component: one of ``COMPONENTS``.
        grade: evidence grade from the reference (A, B, C, N, N/C, C/N; "gut" for gut markers).
        source: citation of the tag.
        via: what carries it ("red wine", "pepperoni (part of pepperoni pizza)", "class aged
            cheese", "FDC alcohol 10.6 g/100 g").
    """

    component: str
    grade: str
    source: str
    via: str


def curated_tags(tables: FoodTables, name: str, _depth: int = 0) -> tuple[ComponentTag, ...]:
    """Tags of an everyday-table food, its classes, its NOVA group and its composite parts."""
    food = tables.curated[name]
    targets = {f"food:{name}": name, **{f"class:{c}": f"{name} ({c})" for c in food.classes}}
    if food.nova is not None:
        targets[f"nova:{food.nova}"] = f"{name} (NOVA {food.nova})"
    tags = [
        ComponentTag(rule.component, rule.grade, rule.source, targets[rule.target])
        for rule in tables.rules
        if rule.target in targets
    ]
    if _depth < 3:
        for part, _grams in tables.composites.get(name, ()):
            for tag in curated_tags(tables, part, _depth + 1):
                if tag.component != "ultra-processed":  # a dish's NOVA is its own
                    tags.append(
                        ComponentTag(
                            tag.component, tag.grade, tag.source, f"{part} (part of {name})"
                        )
                    )
    if food.fdc_id is not None:
        tags.extend(fdc_tags(tables, food.fdc_id))
    return _unique(tags)


def fdc_tags(tables: FoodTables, fdc_id: int) -> tuple[ComponentTag, ...]:
    """Alcohol and caffeine read straight from USDA nutrients."""
    food = tables.fdc[fdc_id]
    info = tables.info
    tags: list[ComponentTag] = []
    if food.alcohol_g is not None and food.alcohol_g >= FDC_ALCOHOL_MIN_G:
        grade = info["alcohol"].grade if "alcohol" in info else "B"
        tags.append(
            ComponentTag(
                "alcohol", grade, FDC_ALCOHOL_SOURCE, f"FDC alcohol {food.alcohol_g:g} g/100 g"
            )
        )
    if food.caffeine_mg is not None and food.caffeine_mg >= FDC_CAFFEINE_MIN_MG:
        grade = info["caffeine"].grade if "caffeine" in info else "C"
        tags.append(
            ComponentTag(
                "caffeine",
                grade,
                FDC_CAFFEINE_SOURCE,
                f"FDC caffeine {food.caffeine_mg:g} mg/100 g",
            )
        )
    return tuple(tags)


def _unique(tags: list[ComponentTag]) -> tuple[ComponentTag, ...]:
    seen: dict[tuple[str, str, str], ComponentTag] = {}
    for tag in tags:
        seen.setdefault((tag.component, tag.source, tag.via), tag)
    return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class ComponentGroup:
    """All the reasons a food carries one component, shown once: where it comes from
    (``vias``, e.g. each part of a dish) and the distinct sources."""

    component: str
    grade: str
    vias: tuple[str, ...]
    sources: tuple[str, ...]


def grouped(tags: tuple[ComponentTag, ...]) -> list[ComponentGroup]:
    """One row per component (in ``COMPONENTS`` order), so a dish whose three parts carry
    histamine lists histamine once, naming the three parts."""
    by: dict[str, list[ComponentTag]] = {}
    for tag in tags:
        by.setdefault(tag.component, []).append(tag)
    order = {c: i for i, c in enumerate(COMPONENTS)}
    return [
        ComponentGroup(
            component,
            group[0].grade,
            tuple(dict.fromkeys(t.via for t in group)),
            tuple(dict.fromkeys(t.source for t in group)),
        )
        for component, group in sorted(by.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]


def component_names(tags: tuple[ComponentTag, ...], analyse_gluten: bool) -> tuple[str, ...]:
    """Distinct component names in ``COMPONENTS`` order; gluten only when asked for."""
    present = {t.component for t in tags}
    return tuple(c for c in COMPONENTS if c in present and (analyse_gluten or c != "gluten"))
