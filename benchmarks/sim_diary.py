"""An independent diary simulator for calibrating the trigger engine (not the demo generator).

One simulated person: meals at meal times, a night's sleep, a daily stress rating, a menstrual
cycle, missing days, and attacks whose onset can fall at any hour.  Planted truths:

* triggers (foods, RR 1.5–5, lag 0, 1 or 2): a lag-0 trigger only acts when it was eaten before
  the onset (the onset clock time is drawn first, then the risk is multiplied if the food came
  earlier that day); lag 1/2 triggers act whatever the onset time;
* a protector (RR 0.4, lag 1); the perimenstrual window (RR 2, days −2..+3);
* decoys: a prodromal chocolate craving locked to the onset (1–8 h before it, crossing midnight
  when the onset is early), a food co-eaten with the first lag-1 trigger, a food eaten more
  around menstruation, and missing days (nothing is logged on them, attacks included).

Meals eaten after an onset are skipped half of the time (people eat less during an attack).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from gutbrain.domain.entries import MISSING_DAY_NAME, Entry, Kind
from gutbrain.domain.rules import make_entry

TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
DIARY = uuid.UUID("00000000-0000-4000-8000-0000000ca1b0")
FOODS = [
    "lentil soup", "salmon", "rice", "broccoli", "pasta", "tomato salad", "oatmeal", "banana",
    "apple", "yogurt", "chicken", "tofu", "eggs", "bread", "cucumber", "beans", "pear", "carrots",
    "peanut butter", "hummus", "mushrooms", "tuna", "lettuce", "pork", "corn", "peppers",
    "spinach", "quinoa", "almonds", "cabbage", "crackers", "sausage", "avocado", "potatoes",
    "noodles", "kale", "melon", "grapes", "cottage cheese", "granola", "onion soup", "couscous",
]  # fmt: skip
MEALS = {"breakfast": 7 * 60 + 30, "lunch": 12 * 60 + 30, "snack": 16 * 60, "dinner": 19 * 60}
RRS = (1.5, 2.0, 3.0, 5.0)


@dataclass
class Truth:
    """What was planted in one diary."""

    triggers: dict[str, tuple[float, int, float]] = field(default_factory=dict)  # rr, lag, share
    protector: str = ""
    co_eaten: str = "olives"
    co_eaten_with: str = ""
    prodrome: str = "chocolate"
    cycle_food: str = "ice cream"
    p0: float = 0.0
    days: int = 0


@dataclass
class Writer:
    entries: list[Entry] = field(default_factory=list)

    def at(self, day: date, minute: float) -> datetime:
        return datetime(day.year, day.month, day.day, tzinfo=ZONE) + timedelta(
            minutes=float(minute)
        )

    def add(self, kind: Kind, name: str, day: date, minute: float | None, **kw: object) -> None:
        start = self.at(day, 0 if minute is None else minute)
        self.entries.append(
            make_entry(diary_id=DIARY, kind=kind, name=name, start=start, tz=TZ,
                       start_has_time=minute is not None, **kw)  # type: ignore[arg-type]
        )  # fmt: skip


def simulate(seed: int, days: int, first: date = date(2025, 1, 6)) -> tuple[list[Entry], Truth]:
    """One diary of ``days`` days and what was planted in it."""
    rng = np.random.default_rng(seed)
    truth = Truth(p0=float(rng.uniform(0.05, 0.15)), days=days)
    foods = [str(f) for f in rng.permutation(FOODS)]
    meal_of = {f: list(MEALS)[i % 4] for i, f in enumerate(foods)}
    share = {f: float(rng.uniform(0.05, 0.45)) for f in foods}
    for k in range(3):
        name = foods[k]
        lag = int(rng.integers(0, 3)) if k else 1  # the first trigger is lag 1 (co-eaten decoy)
        truth.triggers[name] = (float(rng.choice(RRS)), lag, share[name])
    truth.protector = foods[3]
    truth.co_eaten_with = foods[0]
    eaten = {f: rng.random(days) < share[f] for f in foods}

    missing = rng.random(days) < 0.03
    start = int(rng.integers(20, max(21, days - 10)))
    missing[start : start + int(rng.integers(4, 8))] = True  # a holiday
    missing[:2] = missing[-2:] = False
    cycle = np.zeros(days, bool)  # perimenstrual window −2..+3
    period_start: list[int] = []
    d = int(rng.integers(0, 28))
    while d < days:
        period_start.append(d)
        cycle[max(0, d - 2) : d + 3] = True
        d += int(np.clip(rng.normal(28, 2), 23, 35))
    eaten[truth.co_eaten] = np.where(
        eaten[foods[0]], rng.random(days) < 0.8, rng.random(days) < 0.03
    )
    eaten[truth.cycle_food] = rng.random(days) < np.where(cycle, 0.45, 0.05)
    meal_of[truth.co_eaten] = meal_of[foods[0]]
    meal_of[truth.cycle_food] = "late"
    usual = {f: MEALS.get(meal_of[f], 21 * 60) for f in eaten}
    minute = {f: np.clip(usual[f] + rng.integers(-45, 45, days), 0, 1439) for f in eaten}
    sleep_h = np.clip(rng.normal(7.4, 0.7, days), 4, 10.5)
    stress = np.clip(np.rint(rng.normal(4, 1.8, days)), 0, 10).astype(int)

    w = Writer()
    onset_at: dict[int, int] = {}
    busy_until = -1
    for t in range(days):
        if t > busy_until:
            u = int(rng.integers(0, 24 * 60))  # onsets at any hour
            rr = 2.0 if cycle[t] else 1.0
            for name, (effect, lag, _) in truth.triggers.items():
                if lag == 0:
                    rr *= effect if eaten[name][t] and minute[name][t] < u else 1.0
                elif t - lag >= 0 and eaten[name][t - lag]:
                    rr *= effect
            if t >= 1 and eaten[truth.protector][t - 1]:
                rr *= 0.4
            if rng.random() < min(truth.p0 * rr, 0.95):
                onset_at[t] = u
                hours = float(np.clip(rng.lognormal(np.log(12), 0.6), 4, 60))
                busy_until = t + (u + int(hours * 60)) // (24 * 60)
                if not missing[t]:
                    w.entries.append(
                        make_entry(diary_id=DIARY, kind=Kind.ATTACK, name="migraine",
                                   start=w.at(first + timedelta(t), u), tz=TZ,
                                   end=w.at(first + timedelta(t), u + hours * 60), intensity=6)
                    )  # fmt: skip
    for t in range(days):
        day = first + timedelta(t)
        if missing[t]:
            w.add(Kind.NOTE, MISSING_DAY_NAME, day, None)
            continue
        onset = onset_at.get(t)
        wake = 7 * 60 + int(rng.integers(-40, 60))
        w.add(Kind.SLEEP, "sleep", day, wake - sleep_h[t] * 60, end=w.at(day, wake))
        w.add(Kind.STRESS, "stress", day, None, intensity=int(stress[t]))
        w.add(Kind.DRINK, "coffee", day, wake + 15, amount=250, unit="ml")
        for f in eaten:
            if not eaten[f][t]:
                continue
            m = int(minute[f][t])
            if onset is not None and onset < m and rng.random() < 0.5:
                continue  # skipped: the attack had started
            w.add(Kind.FOOD, f, day, m)
        if rng.random() < 0.04:  # chocolate for no reason
            w.add(Kind.FOOD, truth.prodrome, day, 15 * 60 + int(rng.integers(0, 240)))
        if t in period_start:
            w.add(Kind.MENSTRUATION, "period", day, None, end=w.at(day + timedelta(4), 0),
                  end_has_time=False)  # fmt: skip
    for t, u in onset_at.items():  # the prodromal craving, locked to the onset clock
        if rng.random() < 0.6:
            m = u - int(rng.integers(60, 8 * 60))
            day = t + (-1 if m < 0 else 0)
            if 0 <= day < days and not missing[day]:
                w.add(Kind.FOOD, truth.prodrome, first + timedelta(day), m % (24 * 60))
    return w.entries, truth
