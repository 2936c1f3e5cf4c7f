"""Loading the food data files shipped in ``gutbrain/foods/data`` into plain records.

The files are reviewed like code (see ``docs/foods.md``): USDA FDC SR Legacy (``fdc/``, CC0),
the curated everyday-food table, composite recipes, component rules and unit defaults.  Loading
is explicit (``load_tables``), never at import time, and the result is immutable.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from gutbrain.domain.errors import GutbrainError
from gutbrain.foods.parse import UNIT_ALIASES


class FoodDataError(GutbrainError):
    """A data file is malformed (names the file, line and field)."""


@dataclass(frozen=True, slots=True)
class FdcFood:
    """One USDA FDC SR Legacy food; nutrients per 100 g, None when USDA reports none."""

    fdc_id: int
    description: str
    category: str
    fiber_g: float | None
    caffeine_mg: float | None
    alcohol_g: float | None
    energy_kcal: float | None


@dataclass(frozen=True, slots=True)
class Portion:
    """An FDC household measure: ``amount`` × ``unit`` weighs ``gram_weight`` grams."""

    amount: float
    unit: str
    description: str
    gram_weight: float

    @property
    def grams_per_unit(self) -> float:
        return self.gram_weight / self.amount if self.amount else self.gram_weight


@dataclass(frozen=True, slots=True)
class CuratedFood:
    """A row of ``everyday.csv``: an everyday name with its synonyms and gut/trigger classes."""

    name: str
    aliases: tuple[str, ...]
    fdc_id: int | None
    classes: tuple[str, ...]
    nova: int | None
    plants: tuple[str, ...]
    serving_g: float
    serving: str
    units: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ComponentRule:
    """A row of ``components.csv``: ``target`` (class:…, food:… or nova:4) carries a component."""

    target: str
    component: str
    grade: str
    source: str


@dataclass(frozen=True, slots=True)
class ComponentInfo:
    component: str
    kind: str
    grade: str
    summary: str
    sources: str


@dataclass(frozen=True, slots=True)
class UnitDefault:
    """Generic size of a household unit (``measure`` is g, ml or serving)."""

    unit: str
    amount: float | None
    measure: str
    note: str


@dataclass(frozen=True, slots=True)
class FoodTables:
    fdc: dict[int, FdcFood]
    portions: dict[int, tuple[Portion, ...]]
    curated: dict[str, CuratedFood]
    composites: dict[str, tuple[tuple[str, float], ...]]
    rules: tuple[ComponentRule, ...]
    info: dict[str, ComponentInfo]
    units: dict[str, UnitDefault]


#: FDC categories of animal foods and drinks made without plants: fiber is plant material, so
#: where USDA leaves fiber blank for them ("Crustaceans, shrimp, cooked") it is 0 g, not unknown
#: (a prawn sandwich's fiber is the bread's).  Plant foods without a value stay unknown.
NO_FIBER_CATEGORIES = frozenset(
    {
        "Finfish and Shellfish Products",
        "Poultry Products",
        "Beef Products",
        "Pork Products",
        "Lamb, Veal, and Game Products",
        "Sausages and Luncheon Meats",
        "Dairy and Egg Products",
        "Fats and Oils",
    }
)


def data_dir() -> Path:
    """The package's data folder."""
    return Path(str(resources.files("gutbrain.foods") / "data"))


#: Bump when the code that reads foods changes what an entry means (matching, components,
#: portions); the data files' own digest covers every edit to the tables.
RULES_VERSION = "1"


@lru_cache(maxsize=1)
def data_version() -> str:
    """The food knowledge's version: the rules version and a digest of every data file
    (a few milliseconds; the tables themselves are not parsed)."""
    digest = hashlib.sha256(RULES_VERSION.encode())
    for path in sorted(data_dir().rglob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _num(value: str, path: Path, line: int, column: str) -> float | None:
    if value.strip() == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise FoodDataError(
            f"{path.name} line {line}: {column} {value!r} is not a number"
        ) from None


def _unit(fdc_unit: str) -> str:
    """FDC unit words in the parser's canonical spelling ("tablespoon" → "tbsp")."""
    unit = fdc_unit.strip().lower()
    return UNIT_ALIASES.get(unit, unit)


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip().lower() for p in value.split("|") if p.strip())


@lru_cache(maxsize=1)
def component_grades() -> dict[str, str]:
    """Evidence grade of each trigger component (component_info.csv alone: the trigger engine's
    prior needs only this, not the food tables)."""
    return {row["component"]: row["grade"] for _, row in _rows(data_dir() / "component_info.csv")}


def load_tables(folder: Path | None = None) -> FoodTables:
    """Read every data file; raise ``FoodDataError`` naming the line of the first problem."""
    base = folder or data_dir()
    fdc: dict[int, FdcFood] = {}
    path = base / "fdc" / "foods.csv"
    for line, row in _rows(path):
        fid = int(row["fdc_id"])
        fiber = _num(row["fiber_g"], path, line, "fiber_g")
        if fiber is None and row["category"] in NO_FIBER_CATEGORIES:
            fiber = 0.0
        fdc[fid] = FdcFood(
            fid,
            row["description"],
            row["category"],
            fiber,
            _num(row["caffeine_mg"], path, line, "caffeine_mg"),
            _num(row["alcohol_g"], path, line, "alcohol_g"),
            _num(row["energy_kcal"], path, line, "energy_kcal"),
        )
    portions: dict[int, list[Portion]] = {}
    path = base / "fdc" / "portions.csv"
    for line, row in _rows(path):
        amount = _num(row["amount"], path, line, "amount") or 1.0
        grams = _num(row["gram_weight"], path, line, "gram_weight") or 0.0
        portions.setdefault(int(row["fdc_id"]), []).append(
            Portion(amount, _unit(row["unit"]), row["description"].lower(), grams)
        )
    curated = _load_curated(base / "everyday.csv", fdc)
    composites: dict[str, list[tuple[str, float]]] = {}
    path = base / "composites.csv"
    for line, row in _rows(path):
        name, part = row["name"].strip().lower(), row["part"].strip().lower()
        if name not in curated or part not in curated:
            raise FoodDataError(
                f"{path.name} line {line}: {name!r} or {part!r} is not a known food"
            )
        composites.setdefault(name, []).append((part, _num(row["grams"], path, line, "grams") or 0))
    rules: list[ComponentRule] = []
    path = base / "components.csv"
    for line, row in _rows(path):
        if not row["source"].strip() or not row["grade"].strip():
            raise FoodDataError(f"{path.name} line {line}: every tag needs a grade and a source")
        rules.append(
            ComponentRule(
                row["target"].strip().lower(), row["component"], row["grade"], row["source"]
            )
        )
    info = {
        row["component"]: ComponentInfo(
            row["component"], row["kind"], row["grade"], row["summary"], row["sources"]
        )
        for _, row in _rows(base / "component_info.csv")
    }
    path = base / "units.csv"
    units = {
        row["unit"]: UnitDefault(
            row["unit"], _num(row["amount"], path, line, "amount"), row["measure"], row["note"]
        )
        for line, row in _rows(path)
    }
    return FoodTables(
        fdc=fdc,
        portions={k: tuple(v) for k, v in portions.items()},
        curated=curated,
        composites={k: tuple(v) for k, v in composites.items()},
        rules=tuple(rules),
        info=info,
        units=units,
    )


def _load_curated(path: Path, fdc: dict[int, FdcFood]) -> dict[str, CuratedFood]:
    curated: dict[str, CuratedFood] = {}
    for line, row in _rows(path):
        name = row["name"].strip().lower()
        fid = int(row["fdc_id"]) if row["fdc_id"].strip() else None
        if fid is not None and fid not in fdc:
            raise FoodDataError(f"{path.name} line {line}: fdc_id {fid} is not in fdc/foods.csv")
        if fid is not None and fdc[fid].description != row["fdc_description"]:
            raise FoodDataError(f"{path.name} line {line}: fdc_description does not match {fid}")
        nova = _num(row["nova"], path, line, "nova")
        serving = _num(row["serving_g"], path, line, "serving_g")
        if serving is None or serving <= 0:
            raise FoodDataError(f"{path.name} line {line}: serving_g must be a positive number")
        units: dict[str, float] = {}
        for spec in _split(row["units"]):
            unit, _, grams = spec.partition("=")
            value = _num(grams, path, line, "units")
            if value is None:
                raise FoodDataError(
                    f"{path.name} line {line}: units needs unit=grams, got {spec!r}"
                )
            units[unit.strip()] = value
        curated[name] = CuratedFood(
            name=name,
            aliases=_split(row["aliases"]),
            fdc_id=fid,
            classes=_split(row["classes"]),
            nova=None if nova is None else int(nova),
            plants=_split(row["plants"]),
            serving_g=serving,
            serving=row["serving"],
            units=units,
        )
    return curated


#: FDC categories whose foods count as plants (first word of the description = the plant).
PLANT_CATEGORIES = frozenset(
    {
        "Vegetables and Vegetable Products",
        "Fruits and Fruit Juices",
        "Legumes and Legume Products",
        "Nut and Seed Products",
        "Cereal Grains and Pasta",
        "Spices and Herbs",
    }
)


def fdc_plants(tables: FoodTables, fdc_id: int) -> tuple[str, ...]:
    """The plant an FDC food is (its description's first word), for plant-variety counts."""
    food = tables.fdc[fdc_id]
    if food.category not in PLANT_CATEGORIES:
        return ()
    head = food.description.split(",")[0].strip().lower()
    if head in ("nuts", "seeds", "spices", "beans", "peppers"):
        parts = food.description.split(",")
        head = parts[1].strip().lower() if len(parts) > 1 else head
    return (head,)
