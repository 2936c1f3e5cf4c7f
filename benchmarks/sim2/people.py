"""Who the simulated people are: menus, planted causes and the benchmark's scenarios.

Written from the public contracts only (shared/spec/diary-csv.md, triggers-json.md) and the
domain notes (shared/reference/domain.md §1.2–1.3 for which foods carry which trigger
components; statistics.md §0.1 and §1.6 for the prodromal craving; §4.1 ICHD-3 for attack
durations of 4–72 h and the 24 h attack-free gap; PAMINA for a perimenstrual hazard of about
twice the baseline).  Independent of benchmarks/sim_diary.py and the demo generator on purpose.

A menu item carries *keys*: the causes it can plant.  A planted trigger acts on a key, so "aged
cheese" is carried by a cheese plate, a cheddar sandwich and pepperoni pizza alike.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

CRAVING_TEXTS = ("2 squares dark chocolate", "dark chocolate", "a few squares of dark chocolate")
CRAVING_KEY = "chocolate"


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a person writes down; ``keys`` are the planted causes it carries."""

    text: str
    kind: str = "food"  # food | drink
    keys: frozenset[str] = frozenset()
    amount: float | None = None
    unit: str | None = None
    caffeine: bool = False


def _i(text: str, *keys: str, kind: str = "food", amount: float | None = None,
       unit: str | None = None, caffeine: bool = False) -> Item:  # fmt: skip
    return Item(text, kind, frozenset(keys), amount, unit, caffeine)


# Menu items that carry a key (the others are neutral).
BACON_EGGS = _i("bacon with eggs", "cured meat")
HAM_BAGUETTE = _i("ham baguette", "cured meat")
CHEDDAR_SANDWICH = _i("cheddar cheese sandwich", "aged cheese")
NOODLES = _i("instant noodles", "msg")
SALAMI_SANDWICH = _i("salami sandwich", "cured meat")
PEPPERONI_PIZZA = _i("pepperoni pizza", "cured meat", "aged cheese", amount=3, unit="slice")
PARMESAN_PASTA = _i("pasta with parmesan", "aged cheese")

BREAKFASTS = (
    _i("toast with butter", amount=2, unit="slice"),
    _i("porridge with banana"),
    _i("muesli with yogurt"),
    _i("scrambled eggs on toast"),
    _i("toast with jam", amount=2, unit="slice"),
    BACON_EGGS,
    _i("granola with milk"),
)
LUNCHES = (
    HAM_BAGUETTE,
    CHEDDAR_SANDWICH,
    _i("chicken salad"),
    _i("lentil soup and bread"),
    NOODLES,
    _i("falafel wrap"),
    _i("tuna salad"),
    _i("leftover pasta"),
    SALAMI_SANDWICH,
    _i("rice with vegetables"),
)
DINNERS = (
    PEPPERONI_PIZZA,
    _i("spaghetti bolognese"),
    _i("grilled salmon with rice and broccoli"),
    _i("chicken curry with rice"),
    _i("stir fry with tofu and soy sauce"),
    _i("burger and fries"),
    _i("vegetable soup"),
    _i("roast chicken with potatoes"),
    PARMESAN_PASTA,
    _i("omelette with salad"),
    _i("beef stew"),
)
SNACKS = (
    _i("apple"),
    _i("banana"),
    _i("handful of almonds"),
    _i("crisps"),
    _i("cookies"),
    _i("yogurt"),
    _i("orange"),
    _i("carrot sticks and hummus"),
)
SWEETS = (_i("2 squares dark chocolate", CRAVING_KEY), _i("dark chocolate", CRAVING_KEY))
COFFEE = _i("coffee", kind="drink", amount=1, unit="cup", caffeine=True)
TEA = _i("black tea", kind="drink", amount=1, unit="cup", caffeine=True)
WATER = _i("water", kind="drink", amount=500, unit="ml")
RED_WINE = _i("red wine", "red wine", kind="drink", amount=150, unit="ml")
BEER = _i("beer", "beer", kind="drink", amount=500, unit="ml")
DIET_COLA = _i("diet cola", "aspartame", kind="drink", amount=330, unit="ml", caffeine=True)
ORANGE_JUICE = _i("orange juice", "citrus", kind="drink", amount=200, unit="ml")
OLIVES = _i("olives")
CHEESE_AND_CRACKERS = _i("cheese and crackers", "aged cheese")
WINE_SIDES = (OLIVES, CHEESE_AND_CRACKERS)

# Planted food/drink triggers: key -> (how the effect is timed, ICHD/domain note).
#   "delayed": onset 5–12 h after the exposure (ICHD-3 8.1.4.2 delayed alcohol headache) — usually
#              next morning, so the effect shows at lag 1;
#   "same_day": onset 1–6 h after a daytime exposure (lag 0);
#   "next_day": onset any time the next day (lag 1).
FOOD_TRIGGERS: dict[str, str] = {
    "red wine": "delayed",
    "beer": "delayed",
    "aged cheese": "next_day",
    "cured meat": "next_day",
    "msg": "same_day",
    "aspartame": "same_day",
    "citrus": "same_day",
}
# The item texts that carry each key (used to score: what the engine should call it).
CARRIERS: dict[str, tuple[str, ...]] = {}
for _item in (*BREAKFASTS, *LUNCHES, *DINNERS, *SNACKS, *SWEETS, RED_WINE, BEER, DIET_COLA,
              ORANGE_JUICE, *WINE_SIDES):  # fmt: skip
    for _k in _item.keys:
        CARRIERS.setdefault(_k, ())
        if _item.text not in CARRIERS[_k]:
            CARRIERS[_k] = (*CARRIERS[_k], _item.text)

# The trigger component each key stands for: picks, within a multi-item text ("pasta with
# parmesan"), the item that carries the key.
MARKERS: dict[str, str] = {
    "red wine": "alcohol",
    "beer": "alcohol",
    "aged cheese": "tyramine",
    "cured meat": "nitrite",
    "msg": "msg",
    "aspartame": "aspartame",
    "citrus": "citrus",
    "chocolate": "chocolate",
}

# Derived factors (computed by the engine from sleep, stress, meal times, caffeine, food makeup).
DERIVED = ("short sleep", "let-down", "fasting", "caffeine withdrawal")


@dataclass(frozen=True, slots=True)
class Planted:
    """A true cause: ``key`` (a menu key or a derived factor) raises the onset hazard ×``rr``."""

    key: str
    rr: float
    lag: int  # onset day minus exposure day


@dataclass(frozen=True, slots=True)
class Person:
    """Everything that makes one simulated diary (with the seed)."""

    scenario: str
    attacks_per_month: float
    planted: tuple[Planted, ...] = ()
    menstruating: bool = True
    perimenstrual_rr: float = 2.0  # PAMINA: menstruation up to +96 % hazard
    refractory_rr: float = 0.5  # the day after an attack ends
    cluster_rr: float = 1.6  # days 2–4 after an attack ends
    bouts: bool = False  # clustered: weeks-long active periods (hazard ×3)
    craving_prob: float = 0.5  # P(prodromal chocolate before an onset)
    dense: bool = False  # logs snacks, water, stress every day, symptoms
    missing_frac: float = 0.04  # share of days in unlogged stretches
    forget_prob: float = 0.07  # an item not written down
    usual_sleep_h: float = 7.3
    habits: dict[str, float] = field(default_factory=dict)  # key -> P(exposed on a day)


def _habits(rng: random.Random) -> dict[str, float]:
    """How often this person meets each key (share of days), drawn per person."""
    return {
        "red wine": rng.uniform(0.12, 0.25),  # mostly at weekends
        "beer": rng.uniform(0.05, 0.15),
        "aged cheese": rng.uniform(0.12, 0.25),
        "cured meat": rng.uniform(0.12, 0.25),
        "msg": rng.uniform(0.08, 0.18),
        "aspartame": rng.uniform(0.12, 0.30),
        "citrus": rng.uniform(0.15, 0.35),
        "chocolate": rng.uniform(0.08, 0.16),
    }


def _food_triggers(rng: random.Random, rrs: tuple[float, ...]) -> tuple[Planted, ...]:
    keys = rng.sample(sorted(FOOD_TRIGGERS), len(rrs))
    return tuple(
        Planted(k, rr, 0 if FOOD_TRIGGERS[k] == "same_day" else 1)
        for k, rr in zip(keys, rrs, strict=True)
    )


SCENARIOS = ("typical", "rare", "frequent", "clustered", "dense", "null", "derived")


def make_person(scenario: str, seed: int) -> Person:
    """The person of ``scenario`` for ``seed`` (the seed also drives the day-by-day simulation)."""
    rng = random.Random(f"person:{scenario}:{seed}")
    habits = _habits(rng)
    person = Person(
        scenario,
        4.0,
        _food_triggers(rng, (2.0, 3.0, 5.0)),
        menstruating=rng.random() < 0.8,
        usual_sleep_h=rng.uniform(6.6, 7.9),
        craving_prob=rng.uniform(0.2, 0.6),
        habits=habits,
    )
    changes: dict[str, dict[str, object]] = {
        "typical": {},
        "rare": {"attacks_per_month": 2.0},
        "frequent": {"attacks_per_month": 6.0},
        "clustered": {"cluster_rr": 3.0, "bouts": True},
        "dense": {"dense": True, "missing_frac": 0.01, "forget_prob": 0.02},
        "null": {"planted": (), "perimenstrual_rr": 1.0},
        "derived": {
            "planted": (
                Planted("short sleep", 3.0, 0),
                Planted("let-down", 3.0, 1),
                Planted("fasting", 2.0, 0),
                Planted("caffeine withdrawal", 5.0, 0),
            )
        },
    }
    if scenario not in changes:
        raise ValueError(f"unknown scenario {scenario!r}; one of {', '.join(SCENARIOS)}")
    return replace(person, **changes[scenario])  # type: ignore[arg-type]
