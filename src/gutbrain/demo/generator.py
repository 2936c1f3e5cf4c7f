"""A seeded, realistic year of one person's life with planted truths.

The person has episodic migraine (~4 attacks a month, each at least two attack-free days
after the last), a menstrual cycle, a job with deadline weeks, meals at meal times, weekend
habits, coffee every morning, a probiotic course, one antibiotic course and a preventive
started part-way.  Planted on top (multiplying a daily onset risk):

* true triggers: red wine the evening before (RR 4), aged cheddar the day before (RR 3.5), a
  short night (< 6 h) before the day (RR 3.5), stress let-down (a drop of ≥ 3 points after a
  high-stress day, RR 3, the day after), the perimenstrual window day −2..+3 (RR 2.5).  These
  are stronger than typical real effects (PAMINA: most factors < 35 %, statistics.md §0) so
  that one demo year shows what a found trigger looks like; across seeds 1–15 the engine finds
  2–4 of the 5 and calls none of the decoys a trigger;
* decoys that must *not* be called triggers: chocolate eaten in the hours before an onset
  (a prodromal craving — it follows the attack's clock, not a meal time), olives eaten
  alongside red wine (co-exposure), ice cream eaten more around periods (cycle-linked), and
  missing days (vacations, forgotten days) that must be excluded, not read as "nothing".

Everything is drawn from ``numpy.random.default_rng(seed)``: the same seed gives the same diary.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from gutbrain.demo.menus import BREAKFASTS, DINNERS, LUNCHES, SNACKS, WEEKEND_DINNERS, Item
from gutbrain.domain.entries import MISSING_DAY_NAME, Entry, Kind
from gutbrain.domain.rules import make_entry

DEMO_DIARY_ID = uuid.UUID("00000000-0000-4000-8000-00000000d1a7")
BASE_DAILY_ONSET = 0.07  # ≈ 2 onsets / 30 days before the planted effects add up to ≈ 4


@dataclass(frozen=True, slots=True)
class Planted:
    """A planted truth the analysis should (or, for decoys, should not) find."""

    factor: str
    role: str  # "trigger" | "decoy"
    lag_days: int
    rr: float | None
    why: str


PLANTED: tuple[Planted, ...] = (
    Planted("red wine", "trigger", 1, 4.0, "a glass or two in the evening raises next-day risk"),
    Planted("aged cheddar", "trigger", 1, 3.5, "snack the day before raises risk"),
    Planted("short sleep", "trigger", 0, 3.5, "a night under 6 h raises that day's risk"),
    Planted(
        "stress let-down", "trigger", 1, 3.0, "relief after a deadline week raises next-day risk"
    ),
    Planted("perimenstrual window", "trigger", 0, 2.5, "days −2..+3 of the cycle"),
    Planted("chocolate", "decoy", 0, None, "prodromal craving: eaten 1–8 h before onsets"),
    Planted("olives", "decoy", 1, None, "eaten alongside red wine, harmless on their own"),
    Planted("ice cream", "decoy", 0, None, "eaten more around periods, harmless on its own"),
)


@dataclass(frozen=True, slots=True)
class DemoDiary:
    """The generated diary: entries, conditions, and what was planted."""

    entries: list[Entry]
    planted: tuple[Planted, ...]
    conditions: tuple[str, ...]
    first_day: date
    last_day: date
    onsets: int
    missing_days: int
    notes: list[str] = field(default_factory=list)


class _Writer:
    """Collects entries for one diary/time zone with terse helpers."""

    def __init__(self, diary_id: uuid.UUID, tz: str) -> None:
        self.diary_id, self.tz, self.zone = diary_id, tz, ZoneInfo(tz)
        self.entries: list[Entry] = []

    def at(self, day: date, minute: float | np.integer) -> datetime:
        return datetime.combine(day, time(0, 0), tzinfo=self.zone) + timedelta(minutes=int(minute))

    def add(self, kind: Kind, name: str, start: datetime, **kw: object) -> None:
        self.entries.append(
            make_entry(diary_id=self.diary_id, kind=kind, name=name, start=start, tz=self.tz, **kw)  # type: ignore[arg-type]
        )

    def dated(self, kind: Kind, name: str, day: date, **kw: object) -> None:
        self.add(kind, name, self.at(day, 0), start_has_time=False, **kw)

    def items(self, day: date, minute: float | np.integer, items: list[Item]) -> None:
        for name, amount, unit in items:
            kind = Kind.DRINK if unit == "ml" and name not in ("milk",) else Kind.FOOD
            self.add(kind, name, self.at(day, minute), amount=amount, unit=unit)


def generate_diary(
    *,
    seed: int = 7,
    days: int = 365,
    end: date = date(2026, 11, 22),
    tz: str = "Europe/Berlin",
    diary_id: uuid.UUID = DEMO_DIARY_ID,
) -> DemoDiary:
    """Generate ``days`` days ending on ``end`` (inclusive); deterministic for a given seed."""
    if days < 14:
        raise ValueError("a demo diary needs at least 14 days")
    rng = np.random.default_rng(seed)
    w = _Writer(diary_id, tz)
    first = end - timedelta(days=days - 1)
    all_days = [first + timedelta(days=i) for i in range(days)]

    # --- background series ---------------------------------------------------------------
    missing = _missing_days(rng, days)
    cycle_start = _cycle_starts(rng, days)
    periday = np.zeros(days, bool)  # perimenstrual window −2..+3 (day 1 = first bleeding day)
    for s in cycle_start:
        periday[max(0, s - 2) : min(days, s + 3)] = True
    stress = _stress_series(rng, days)
    letdown = np.zeros(days, bool)
    letdown[1:] = (stress[:-1] >= 7) & (stress[:-1] - stress[1:] >= 3)
    weekend = np.array([d.weekday() >= 5 for d in all_days])
    friday_sat = np.array([d.weekday() in (4, 5) for d in all_days])
    wine = rng.random(days) < np.where(friday_sat, 0.55, 0.08)
    cheddar = rng.random(days) < 0.2
    olives = np.where(wine, rng.random(days) < 0.6, rng.random(days) < 0.03)
    ice_cream = rng.random(days) < np.where(periday, 0.45, 0.05)
    sleep_h = np.clip(rng.normal(7.3, 0.6, days) + np.where(weekend, 0.6, 0.0), 4.0, 10.5)
    short_night = rng.random(days) < 0.14
    sleep_h[short_night] = rng.uniform(4.2, 5.8, short_night.sum())
    preventive_from = int(days * 0.6)
    probiotic = (int(days * 0.25), int(days * 0.25) + 56)
    antibiotic = (int(days * 0.45), int(days * 0.45) + 7)

    # --- attacks: daily hazard from yesterday's and today's exposures ---------------------
    onset_minute: dict[int, int] = {}
    busy_until = -1  # index of the last day of the current attack
    attack_end: dict[int, datetime] = {}
    for i in range(days):
        if i <= busy_until:
            continue
        rr = 1.0
        if i >= 1:
            rr *= 4.0 if wine[i - 1] else 1.0
            rr *= 3.5 if cheddar[i - 1] else 1.0
            rr *= 3.0 if letdown[i - 1] else 1.0
        rr *= 3.5 if short_night[i] else 1.0
        rr *= 2.5 if periday[i] else 1.0
        rr *= 0.7 if i >= preventive_from else 1.0
        if rng.random() < min(0.95, BASE_DAILY_ONSET * rr):
            wake = int(60 * (6.5 + (1.0 if weekend[i] else 0.0)) + rng.integers(-30, 30))
            minute = int(np.clip(rng.normal(11 * 60, 4 * 60), wake, 23 * 60 + 30))
            onset_minute[i] = minute
            hours = float(np.clip(rng.lognormal(np.log(14), 0.6), 4, 72))
            start = w.at(all_days[i], minute)
            attack_end[i] = start + timedelta(hours=hours)
            # the attack's last day, plus two free days: a new onset sooner would be the same
            # attack under the diary's episode rule (statistics.md §0: one free day between
            # attack days does not end an attack)
            busy_until = i + int((minute + hours * 60) // (24 * 60)) + 2

    # --- write the days --------------------------------------------------------------------
    for i, day in enumerate(all_days):
        if missing[i]:
            w.dated(Kind.NOTE, MISSING_DAY_NAME, day)
            continue
        _write_day(w, rng, i, day, weekend[i], sleep_h[i], stress[i], wine[i], cheddar[i],
                   olives[i], ice_cream[i], onset_minute.get(i))  # fmt: skip
        if i in onset_minute:
            _write_attack(w, rng, day, onset_minute[i], attack_end[i], periday[i])
        if i in cycle_start:
            w.add(
                Kind.MENSTRUATION, "period", w.at(day, 0), start_has_time=False,
                end=w.at(day + timedelta(days=4), 0), end_has_time=False,
                details={"flow": "medium"},
            )  # fmt: skip
        if probiotic[0] <= i < probiotic[1] and rng.random() < 0.9:
            w.add(Kind.SUPPLEMENT, "Lactobacillus rhamnosus GG", w.at(day, 8 * 60), amount=1e10,
                  unit="CFU", tags=["probiotic"], details={"strain": "L. rhamnosus GG"})  # fmt: skip
        if i == antibiotic[0]:
            w.add(Kind.MEDICATION, "amoxicillin", w.at(day, 9 * 60), amount=500, unit="mg",
                  end=w.at(all_days[antibiotic[1]], 21 * 60), tags=["antibiotic"],
                  details={"drug_class": "antibiotic"}, notes="7-day course for a sinus infection")  # fmt: skip
        if i == preventive_from:
            w.add(Kind.MEDICATION, "propranolol", w.at(day, 8 * 60), amount=40, unit="mg",
                  tags=["preventive"], details={"drug_class": "preventive"})  # fmt: skip

    onsets_logged = sum(1 for i in onset_minute if not missing[i])
    return DemoDiary(
        entries=w.entries,
        planted=PLANTED,
        conditions=("ibs",),
        first_day=first,
        last_day=end,
        onsets=onsets_logged,
        missing_days=int(missing.sum()),
        notes=[
            f"probiotic course days {probiotic[0] + 1}–{probiotic[1]}",
            f"antibiotic course days {antibiotic[0] + 1}–{antibiotic[1] + 1}",
            f"preventive (propranolol) from day {preventive_from + 1}: base risk × 0.7",
        ],
    )


def _missing_days(rng: np.random.Generator, days: int) -> np.ndarray:
    missing = rng.random(days) < 0.012
    for _ in range(max(1, days // 180)):  # a vacation week now and then
        start = int(rng.integers(10, max(11, days - 10)))
        missing[start : start + int(rng.integers(5, 8))] = True
    missing[:3] = False
    missing[-3:] = False
    return missing


def _cycle_starts(rng: np.random.Generator, days: int) -> set[int]:
    starts, day = set(), int(rng.integers(0, 28))
    while day < days:
        starts.add(day)
        day += int(np.clip(rng.normal(28, 1.5), 24, 33))
    return starts


def _stress_series(rng: np.random.Generator, days: int) -> np.ndarray:
    """Baseline 2–5 with deadline weeks (7–9) about every three weeks."""
    stress = np.clip(rng.normal(3.5, 1.2, days), 0, 10)
    day = int(rng.integers(5, 20))
    while day < days:
        length = min(int(rng.integers(3, 6)), days - day)
        stress[day : day + length] = np.clip(rng.normal(8, 0.7, length), 7, 10)
        day += length + int(rng.integers(9, 20))
    return np.rint(stress).astype(int)


def _write_day(
    w: _Writer,
    rng: np.random.Generator,
    i: int,
    day: date,
    weekend: bool,
    sleep_h: float,
    stress: int,
    wine: bool,
    cheddar: bool,
    olives: bool,
    ice_cream: bool,
    onset: int | None,
) -> None:
    wake = int(60 * (6.5 + (1.0 if weekend else 0.0)) + rng.integers(-30, 30))
    bed = w.at(day, wake) - timedelta(hours=float(sleep_h))
    quality = int(np.clip(round(sleep_h - 1 + rng.normal(0, 1)), 1, 10))
    if i > 0:  # the first night began before the diary did
        w.add(Kind.SLEEP, "sleep", bed, end=w.at(day, wake), intensity=quality)
    w.dated(Kind.STRESS, "stress", day, intensity=int(stress))
    if not (weekend and rng.random() < 0.3):
        w.add(Kind.DRINK, "coffee", w.at(day, wake + 20), amount=250, unit="ml")
    w.items(day, wake + 30, BREAKFASTS[rng.integers(len(BREAKFASTS))])
    w.items(day, 12 * 60 + 45 + rng.integers(-30, 30), LUNCHES[rng.integers(len(LUNCHES))])
    if rng.random() < 0.5:
        w.add(Kind.DRINK, "coffee", w.at(day, 15 * 60 + rng.integers(0, 60)), amount=200, unit="ml")
    w.add(
        Kind.DRINK, "water", w.at(day, 12 * 60), amount=float(rng.integers(12, 25) * 100), unit="ml"
    )
    dinner_at = 19 * 60 + rng.integers(-45, 60)
    in_attack = onset is not None and onset < dinner_at
    if not (in_attack and rng.random() < 0.5):
        menu = WEEKEND_DINNERS if weekend and rng.random() < 0.6 else DINNERS
        w.items(day, dinner_at, menu[rng.integers(len(menu))])
    if wine:
        w.add(
            Kind.DRINK,
            "red wine",
            w.at(day, dinner_at + 15),
            amount=float(rng.choice([150, 300])),
            unit="ml",
        )
    if olives:
        w.add(Kind.FOOD, "olives", w.at(day, dinner_at + 10), amount=50, unit="g")
    if cheddar:
        w.add(
            Kind.FOOD, "aged cheddar", w.at(day, 16 * 60 + rng.integers(0, 90)), amount=40, unit="g"
        )
    if ice_cream:
        w.add(
            Kind.FOOD,
            "ice cream",
            w.at(day, 20 * 60 + rng.integers(30, 120)),
            amount=1,
            unit="scoop",
        )
    if rng.random() < 0.55:
        name, amount, unit = SNACKS[rng.integers(len(SNACKS))]
        w.add(
            Kind.FOOD,
            name,
            w.at(day, 10 * 60 + 30 + rng.integers(0, 300)),
            amount=amount,
            unit=unit,
        )
    if rng.random() < 0.06:  # chocolate for no reason at all
        w.add(
            Kind.FOOD, "chocolate", w.at(day, 15 * 60 + rng.integers(0, 300)), amount=20, unit="g"
        )
    if rng.random() < 0.43:
        minute = 7 * 60 if rng.random() < 0.5 else 18 * 60
        w.add(Kind.EXERCISE, "running", w.at(day, minute),
              end=w.at(day, minute + int(rng.integers(25, 50))))  # fmt: skip
    w.add(Kind.SYMPTOM, "stool", w.at(day, wake + 40), amount=float(rng.choice([2, 3, 4, 4, 4, 5, 6])),
          unit="bristol")  # fmt: skip
    if rng.random() < 0.12:
        w.add(
            Kind.SYMPTOM,
            "bloating",
            w.at(day, 20 * 60 + 30),
            intensity=int(rng.integers(3, 8)),
            tags=["gi"],
        )
    if rng.random() < 0.05:
        w.add(Kind.FACTOR, "bright light", w.at(day, 13 * 60 + rng.integers(0, 180)))
    w.dated(Kind.WEATHER, "pressure", day, amount=float(rng.integers(995, 1030)), unit="hPa")


def _write_attack(
    w: _Writer, rng: np.random.Generator, day: date, minute: int, end: datetime, periday: bool
) -> None:
    start = w.at(day, minute)
    if rng.random() < 0.6:  # the prodromal craving: chocolate 1–8 h before the onset
        before = timedelta(minutes=int(rng.integers(60, 8 * 60)))
        w.add(Kind.FOOD, "chocolate", start - before, amount=float(rng.choice([20, 40])), unit="g")
    symptoms = [s for s, p in (("nausea", 0.6), ("photophobia", 0.8), ("phonophobia", 0.6),
                               ("vomiting", 0.1), ("neck pain", 0.3)) if rng.random() < p]  # fmt: skip
    aura = rng.random() < 0.25
    w.add(
        Kind.ATTACK, "migraine", start, end=end,
        intensity=int(np.clip(rng.normal(6.5, 1.5), 3, 10)),
        tags=(["aura"] if aura else []) + symptoms,
        details={"aura_type": "visual"} if aura else {"disability": "moderate"},
        notes="around my period" if periday and rng.random() < 0.3 else "",
    )  # fmt: skip
    if rng.random() < 0.75:
        triptan = rng.random() < 0.7
        w.add(
            Kind.MEDICATION, "sumatriptan" if triptan else "ibuprofen", start + timedelta(minutes=40),
            amount=50.0 if triptan else 400.0, unit="mg", tags=["acute"],
            details={"drug_class": "triptan" if triptan else "nsaid",
                     "effect": str(rng.choice(["some", "good", "good", "complete", "none"]))},
        )  # fmt: skip
