"""One day's plan before the onset is known: caffeine, meals, drinks, co-eaten foods, snacks,
stress — from the person's habits, the weekday and the menstrual cycle."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .diary import FIRST_DAY, at
from .people import (
    BACON_EGGS,
    BEER,
    BREAKFASTS,
    CHEDDAR_SANDWICH,
    CHEESE_AND_CRACKERS,
    COFFEE,
    DIET_COLA,
    DINNERS,
    HAM_BAGUETTE,
    LUNCHES,
    NOODLES,
    OLIVES,
    ORANGE_JUICE,
    PARMESAN_PASTA,
    PEPPERONI_PIZZA,
    RED_WINE,
    SALAMI_SANDWICH,
    SNACKS,
    SWEETS,
    TEA,
    WATER,
    Item,
    Person,
)

PERIMENSTRUAL = range(-2, 4)  # days −2..+3 around the first day of bleeding (statistics.md §0)


def menses_starts(rng: random.Random, days: int) -> list[date]:
    starts, d = [], FIRST_DAY + timedelta(days=rng.randrange(28))
    while d < FIRST_DAY + timedelta(days=days + 40):
        starts.append(d)
        d += timedelta(days=max(24, min(34, round(rng.gauss(28, 1.6)))))
    return [FIRST_DAY - timedelta(days=28), *starts]


def cycle_offset(day: date, starts: list[date]) -> int | None:
    """Day relative to the nearest first day of bleeding (−14..+14)."""
    best = min(starts, key=lambda s: abs((day - s).days))
    off = (day - best).days
    return off if -14 <= off <= 14 else None


class DayPlan:
    """The plan of one day before the onset is known."""

    def __init__(self) -> None:
        self.items: list[tuple[datetime, Item]] = []
        self.keys: dict[str, datetime] = {}  # key -> first time met
        self.caffeine_cups = 0
        self.fasting = False
        self.stress = 0
        self.wine_time: datetime | None = None

    def add(self, when: datetime, item: Item) -> None:
        self.items.append((when, item))
        self.caffeine_cups += item.caffeine
        for k in item.keys:
            self.keys[k] = min(self.keys.get(k, when), when)


def pick(rng: random.Random, options: tuple[Item, ...], special: list[tuple[float, Item]]) -> Item:
    """One of ``special`` with its probability, else a neutral option."""
    r = rng.random()
    for prob, item in special:
        if r < prob:
            return item
        r -= prob
    neutral = [o for o in options if not o.keys]
    return rng.choice(neutral)


def plan_day(rng: random.Random, p: Person, day: date, wake: datetime, peri: int | None,
             last_stress: int, deadline: bool) -> DayPlan:  # fmt: skip
    """What the person means to eat and drink today and how stressed the evening is."""
    h = p.habits
    weekend = day.weekday() >= 5
    plan = DayPlan()
    # caffeine: cups through the morning; some days none (ran out, travel)
    coffee = COFFEE if p.usual_sleep_h < 7.2 or p.menstruating else TEA  # fixed per person
    if rng.random() >= (0.08 if p.scenario == "derived" else 0.05):
        cups = rng.choice((1, 2)) if weekend else rng.choice((2, 2, 3))
        for k in range(cups):
            plan.add(wake + timedelta(minutes=20 + 180 * k + rng.randrange(40)), coffee)
    # busy day: nothing eaten until dinner (ICHD-3 10.5 fasting ≥ 8 h)
    plan.fasting = rng.random() < (0.09 if p.scenario == "derived" else 0.05)
    if not plan.fasting:
        bf = pick(rng, BREAKFASTS, [(h["cured meat"] / 4, BACON_EGGS)])
        plan.add(wake + timedelta(minutes=15 + rng.randrange(45)), bf)
        if rng.random() < h["citrus"]:
            plan.add(wake + timedelta(minutes=20 + rng.randrange(40)), ORANGE_JUICE)
        lunch = pick(rng, LUNCHES, [(h["aged cheese"] / 2, CHEDDAR_SANDWICH), (h["cured meat"] / 3, HAM_BAGUETTE),
                                     (h["cured meat"] / 4, SALAMI_SANDWICH), (h["msg"], NOODLES)])  # fmt: skip
        plan.add(at(day, rng.uniform(12.0, 13.5)), lunch)
        if rng.random() < h["aspartame"]:
            plan.add(at(day, rng.uniform(13.5, 16.5)), DIET_COLA)
    pizza = h["cured meat"] / 4 * (2.0 if weekend else 0.6)
    dinner = pick(rng, DINNERS, [(pizza, PEPPERONI_PIZZA), (h["aged cheese"] / 3, PARMESAN_PASTA)])
    dinner_t = at(day, rng.uniform(18.5, 20.25))
    plan.add(dinner_t, dinner)
    # drinks: weekend-heavy; olives or a cheese plate go with red wine
    wine_p = h["red wine"] * (2.2 if day.weekday() in (4, 5) else 0.55)
    if rng.random() < wine_p:
        plan.wine_time = dinner_t + timedelta(minutes=rng.randrange(0, 90))
        plan.add(plan.wine_time, RED_WINE)
        if rng.random() < 0.5:
            plan.add(plan.wine_time + timedelta(minutes=5), OLIVES)
        if rng.random() < 0.35:
            plan.add(plan.wine_time + timedelta(minutes=10), CHEESE_AND_CRACKERS)
    elif rng.random() < h["beer"] * (2.0 if weekend else 0.6):
        plan.add(dinner_t + timedelta(minutes=rng.randrange(0, 120)), BEER)
    # snacks; chocolate more often premenstrually
    choc = h["chocolate"] * (2.5 if peri is not None and -5 <= peri <= 1 else 1.0)
    if rng.random() < choc:
        plan.add(at(day, rng.uniform(15.0, 22.0)), rng.choice(SWEETS))
    for _ in range(rng.choice((0, 1, 1, 2) if not p.dense else (1, 2, 3))):
        plan.add(
            at(day, rng.choice((10.5, 15.5, 21.0)) + rng.uniform(-0.5, 0.5)),
            rng.choice(SNACKS),
        )
    if p.dense:
        for _ in range(rng.randint(2, 4)):
            plan.add(at(day, rng.uniform(8, 21)), WATER)
    # stress (evening rating): work weeks, deadlines, calmer weekends
    mean = 2.0 if weekend else (7.8 if deadline else 4.8)
    plan.stress = max(0, min(10, round(0.2 * last_stress + 0.8 * rng.gauss(mean, 1.6))))
    if peri is not None and -3 <= peri <= 0:
        plan.stress = min(10, plan.stress + 1)
    return plan
