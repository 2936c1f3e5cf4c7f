"""Day-by-day simulation of one person's year, written out as a diary CSV (shared/spec/diary-csv.md).

Mechanism, in the order a day unfolds:

1. the night before: bedtime, intended sleep (short nights at random, later after a drink,
   worse perimenstrually and after an attack);
2. the day's plan: caffeine, meals (what the person's habits and the weekday say), drinks,
   co-eaten foods (olives or a cheese plate with red wine), stress (work weeks, deadlines,
   weekends), fasting on busy days, zero-caffeine days;
3. the onset hazard of the day: baseline × planted causes active at their lag × perimenstrual
   window × after-attack pattern (refractory day, then clustering; weeks-long bouts for the
   clustered person).  A day is at risk only if it can hold an onset at least 24 h after the
   previous attack ended (ICHD-3 counting; shorter gaps are the same attack);
4. an onset gets a time that fits its cause (5–12 h after a drink, 1–6 h after a same-day food,
   any time otherwise), a duration of 4–72 h, an intensity, medication;
5. what the attack does back (outcome leaking into the record): a night onset wakes the person
   (the logged sleep is short), meals during a bad attack are skipped (a fasting day that is an
   effect), and — the trap — a prodromal chocolate craving 1–20 h before the onset in waking
   hours (statistics.md §0.1, §1.6): an effect of the coming attack, never a cause;
6. what is written down: unlogged stretches (``note,no entry`` rows), items forgotten (more
   as the year goes on), stress on three evenings in four, most nights' sleep.

Baseline hazard is calibrated so the expected onset count matches ``attacks_per_month``.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial

from .people import (
    BEER,
    BREAKFASTS,
    COFFEE,
    CRAVING_TEXTS,
    DIET_COLA,
    DINNERS,
    FOOD_TRIGGERS,
    LUNCHES,
    ORANGE_JUICE,
    RED_WINE,
    SNACKS,
    SWEETS,
    TEA,
    WATER,
    WINE_SIDES,
    Item,
    Person,
    make_person,
)

FIRST_DAY = date(2025, 1, 1)
COLUMNS = ("start", "kind", "name", "end", "amount", "unit", "intensity", "tags", "notes")
PERIMENSTRUAL = range(-2, 4)  # days −2..+3 around the first day of bleeding (statistics.md §0)
CRAVING_WINDOW_H = (1.0, 20.0)
WAKING = (time(7, 0), time(23, 0))
Cause = tuple[str, float, Callable[[], datetime]]  # name, risk ratio, onset-time rule


@dataclass(slots=True)
class Row:
    """One CSV row; ``start`` is a local datetime or a date (whole day)."""

    start: datetime | date
    kind: str
    name: str
    end: datetime | date | None = None
    amount: float | None = None
    unit: str | None = None
    intensity: int | None = None
    tags: str = ""

    def cells(self) -> list[str]:
        def iso(x: datetime | date | None) -> str:
            if x is None:
                return ""
            return x.strftime("%Y-%m-%dT%H:%M") if isinstance(x, datetime) else x.isoformat()

        amount = "" if self.amount is None else f"{self.amount:g}"
        intensity = "" if self.intensity is None else str(self.intensity)
        return [iso(self.start), self.kind, self.name, iso(self.end), amount, self.unit or "",
                intensity, self.tags, ""]  # fmt: skip


@dataclass(slots=True)
class Attack:
    onset: datetime
    end: datetime
    intensity: int
    cause: str


@dataclass(slots=True)
class Diary:
    """A simulated year: what was written, and the truth behind it."""

    person: Person
    seed: int
    days: int
    rows: list[Row] = field(default_factory=list)
    attacks: list[Attack] = field(default_factory=list)
    missing: set[date] = field(default_factory=set)
    at_risk: set[date] = field(default_factory=set)
    exposed: dict[str, set[date]] = field(default_factory=dict)  # cause -> days truly met
    cravings: list[tuple[datetime, datetime]] = field(default_factory=list)  # (eaten, onset)
    baseline_hazard: float = 0.0

    def csv_text(self) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(COLUMNS)
        for day in sorted(self.missing):
            w.writerow(Row(day, "note", "no entry").cells())
        for row in sorted(self.rows, key=lambda r: (str(r.start), r.kind, r.name)):
            w.writerow(row.cells())
        return buf.getvalue()

    def onset_days(self) -> set[date]:
        return {a.onset.date() for a in self.attacks}

    def realised_rr(self, cause: str, lag: int) -> tuple[float, int, int]:
        """True-exposure risk ratio at ``lag`` over the simulation's at-risk days (not the log)."""
        onsets = self.onset_days()
        exp = {d + timedelta(days=lag) for d in self.exposed.get(cause, set())}
        a = [d for d in self.at_risk if d in exp]
        b = [d for d in self.at_risk if d not in exp]
        ra = sum(d in onsets for d in a) / max(len(a), 1)
        rb = sum(d in onsets for d in b) / max(len(b), 1)
        return (ra / rb if rb > 0 else math.inf), len(a), sum(d in onsets for d in a)


def _at(day: date, hours: float) -> datetime:
    return datetime.combine(day, time()) + timedelta(minutes=round(hours * 60))


def _menses_starts(rng: random.Random, days: int) -> list[date]:
    starts, d = [], FIRST_DAY + timedelta(days=rng.randrange(28))
    while d < FIRST_DAY + timedelta(days=days + 40):
        starts.append(d)
        d += timedelta(days=max(24, min(34, round(rng.gauss(28, 1.6)))))
    return [FIRST_DAY - timedelta(days=28), *starts]


def _cycle_offset(day: date, starts: list[date]) -> int | None:
    """Day relative to the nearest first day of bleeding (−14..+14)."""
    best = min(starts, key=lambda s: abs((day - s).days))
    off = (day - best).days
    return off if -14 <= off <= 14 else None


class _Day:
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


class _Simulator:
    def __init__(self, person: Person, seed: int, days: int, h0: float) -> None:
        self.p, self.days, self.h0 = person, days, h0
        self.rng = random.Random(f"diary:{person.scenario}:{seed}")
        self.diary = Diary(person, seed, days, baseline_hazard=h0)
        self.sum_m = 0.0

    # -- habits --------------------------------------------------------------------------
    def _pick(self, options: tuple[Item, ...], special: list[tuple[float, Item]]) -> Item:
        r = self.rng.random()
        for prob, item in special:
            if r < prob:
                return item
            r -= prob
        neutral = [o for o in options if not o.keys]
        return self.rng.choice(neutral)

    def _plan(self, day: date, wake: datetime, peri: int | None, last_stress: int,
              deadline: bool) -> _Day:  # fmt: skip
        p, rng, h = self.p, self.rng, self.p.habits
        weekend = day.weekday() >= 5
        plan = _Day()
        # caffeine: cups through the morning; some days none (ran out, travel)
        coffee = COFFEE if p.usual_sleep_h < 7.2 or p.menstruating else TEA
        if rng.random() >= (0.08 if p.scenario == "derived" else 0.05):
            cups = rng.choice((1, 2)) if weekend else rng.choice((2, 2, 3))
            for k in range(cups):
                plan.add(wake + timedelta(minutes=20 + 180 * k + rng.randrange(40)), coffee)
        # busy day: nothing eaten until dinner (ICHD-3 10.5 fasting ≥ 8 h)
        plan.fasting = rng.random() < (0.09 if p.scenario == "derived" else 0.05)
        if not plan.fasting:
            bf = self._pick(BREAKFASTS, [(h["cured meat"] / 4, BREAKFASTS[5])])
            plan.add(wake + timedelta(minutes=15 + rng.randrange(45)), bf)
            if rng.random() < h["citrus"]:
                plan.add(wake + timedelta(minutes=20 + rng.randrange(40)), ORANGE_JUICE)
            lunch = self._pick(LUNCHES, [(h["aged cheese"] / 2, LUNCHES[1]), (h["cured meat"] / 3, LUNCHES[0]),
                                         (h["cured meat"] / 4, LUNCHES[8]), (h["msg"], LUNCHES[4])])  # fmt: skip
            plan.add(_at(day, rng.uniform(12.0, 13.5)), lunch)
            if rng.random() < h["aspartame"]:
                plan.add(_at(day, rng.uniform(13.5, 16.5)), DIET_COLA)
        pizza = h["cured meat"] / 4 * (2.0 if weekend else 0.6)
        dinner = self._pick(DINNERS, [(pizza, DINNERS[0]), (h["aged cheese"] / 3, DINNERS[8])])
        dinner_t = _at(day, rng.uniform(18.5, 20.25))
        plan.add(dinner_t, dinner)
        # drinks: weekend-heavy; olives or a cheese plate go with red wine
        wine_p = h["red wine"] * (2.2 if day.weekday() in (4, 5) else 0.55)
        if rng.random() < wine_p:
            plan.wine_time = dinner_t + timedelta(minutes=rng.randrange(0, 90))
            plan.add(plan.wine_time, RED_WINE)
            if rng.random() < 0.5:
                plan.add(plan.wine_time + timedelta(minutes=5), WINE_SIDES[0])
            if rng.random() < 0.35:
                plan.add(plan.wine_time + timedelta(minutes=10), WINE_SIDES[1])
        elif rng.random() < h["beer"] * (2.0 if weekend else 0.6):
            plan.add(dinner_t + timedelta(minutes=rng.randrange(0, 120)), BEER)
        # snacks; chocolate more often premenstrually
        choc = h["chocolate"] * (2.5 if peri is not None and -5 <= peri <= 1 else 1.0)
        if rng.random() < choc:
            plan.add(_at(day, rng.uniform(15.0, 22.0)), rng.choice(SWEETS))
        for _ in range(rng.choice((0, 1, 1, 2) if not p.dense else (1, 2, 3))):
            plan.add(
                _at(day, rng.choice((10.5, 15.5, 21.0)) + rng.uniform(-0.5, 0.5)),
                rng.choice(SNACKS),
            )
        if p.dense:
            for _ in range(rng.randint(2, 4)):
                plan.add(_at(day, rng.uniform(8, 21)), WATER)
        # stress (evening rating): work weeks, deadlines, calmer weekends
        mean = 2.0 if weekend else (7.8 if deadline else 4.8)
        plan.stress = max(0, min(10, round(0.2 * last_stress + 0.8 * rng.gauss(mean, 1.6))))
        if peri is not None and -3 <= peri <= 0:
            plan.stress = min(10, plan.stress + 1)
        return plan

    # -- causes and their timing ---------------------------------------------------------
    def _generic_time(self, day: date) -> datetime:
        """An onset with no particular cause: some at night, many on waking, the rest by day."""
        r = self.rng.random()
        lo, hi = (0.0, 5.5) if r < 0.15 else (5.5, 9.5) if r < 0.5 else (9.5, 23.9)
        return _at(day, self.rng.uniform(lo, hi))

    def _after(self, t0: datetime, lo: float, hi: float, day: date) -> datetime:
        """``lo``–``hi`` h after an exposure, kept inside the onset day."""
        t = t0 + timedelta(hours=self.rng.uniform(lo, hi))
        return min(max(t, _at(day, 0.1)), _at(day, 23.9))

    def _clock(self, day: date, lo: float, hi: float) -> datetime:
        return _at(day, self.rng.uniform(lo, hi))

    def _causes(self, day: date, wake: datetime, plan: _Day, prev: _Day | None) -> list[Cause]:
        """Planted causes active today, each with its rule for the onset time."""
        out: list[Cause] = []
        met = self.diary.exposed
        for pl in self.p.planted:
            rule = FOOD_TRIGGERS.get(pl.key)
            if rule is not None:
                src = plan if pl.lag == 0 else prev
                if src is None or pl.key not in src.keys:
                    continue
                t0 = src.keys[pl.key]
                timer = (
                    partial(self._after, t0, 5, 12, day) if rule == "delayed"  # ICHD-3 8.1.4.2
                    else partial(self._after, t0, 1, 6, day) if rule == "same_day"
                    else partial(self._generic_time, day)
                )  # fmt: skip
            elif day - timedelta(days=pl.lag) not in met.get(pl.key, set()):
                continue
            elif pl.key == "short sleep":
                timer = partial(self._after, wake, 0.5, 9, day)
            elif pl.key == "fasting":
                timer = partial(self._clock, day, 12.5, 18.0)
            elif pl.key == "caffeine withdrawal":
                timer = partial(self._clock, day, 9.0, 17.0)
            else:
                timer = partial(self._generic_time, day)
            out.append((pl.key, pl.rr, timer))
        return out

    # -- the year ---------------------------------------------------------------------------
    def run(self) -> Diary:
        p, rng, dy = self.p, self.rng, self.diary
        starts = _menses_starts(rng, self.days) if p.menstruating else []
        bout_until = FIRST_DAY - timedelta(days=1)
        last_end: datetime | None = None
        stress_prev, deadline = 3, False
        prev_plan: _Day | None = None
        sleep_hist: list[float] = []
        bed = _at(FIRST_DAY - timedelta(days=1), 23.0)
        for n in range(self.days):
            day = FIRST_DAY + timedelta(days=n)
            if day.weekday() == 0:
                deadline = rng.random() < 0.2
            peri = _cycle_offset(day, starts) if starts else None
            if p.bouts and day > bout_until and rng.random() < 1 / 70:
                bout_until = day + timedelta(days=rng.randint(14, 28))
            # the night before
            during_attack = last_end is not None and last_end > bed
            hours = p.usual_sleep_h + rng.gauss(0, 0.45)
            late = prev_plan is not None and prev_plan.wine_time is not None
            if rng.random() < (0.22 if late else 0.09):  # a short night: mostly a late bedtime
                deficit = rng.uniform(1.6, 3.0)
                bed += timedelta(hours=0.65 * deficit)
                hours -= deficit
            if peri is not None and -3 <= peri <= 1:
                hours -= 0.4
            if during_attack:
                hours -= rng.uniform(0.5, 2.0)
            wake = max(bed + timedelta(hours=hours), _at(day, 5.0 + rng.uniform(0, 0.4)))
            hours = (wake - bed).total_seconds() / 3600
            short = hours < p.usual_sleep_h - 1.5
            plan = self._plan(day, wake, peri, stress_prev, deadline)
            # truth of exposures (what was met, before any logging), then the causes acting today
            met = set(plan.keys)
            if short:
                met.add("short sleep")
            if plan.fasting:
                met.add("fasting")
            if plan.caffeine_cups == 0 and prev_plan is not None and prev_plan.caffeine_cups >= 2:
                met.add("caffeine withdrawal")
            if stress_prev >= 6 and plan.stress <= 3:
                met.add("let-down")
            for k in met:
                dy.exposed.setdefault(k, set()).add(day)
            causes = self._causes(day, wake, plan, prev_plan)
            # hazard
            mult = math.prod(rr for _, rr, _ in causes)
            if peri is not None and peri in PERIMENSTRUAL:
                mult *= p.perimenstrual_rr
            if last_end is not None:
                since = (day - last_end.date()).days
                mult *= p.refractory_rr if since == 1 else p.cluster_rr if 2 <= since <= 4 else 1.0
            if day <= bout_until:
                mult *= 3.0
            earliest = (
                _at(day, 0.0)
                if last_end is None
                else max(_at(day, 0.0), last_end + timedelta(hours=24))
            )
            attack: Attack | None = None
            if earliest < _at(day, 23.9):
                dy.at_risk.add(day)
                self.sum_m += mult
                if rng.random() < min(0.95, self.h0 * mult):
                    weights = [1.0] + [rr - 1 for _, rr, _ in causes]
                    pick = rng.choices(range(len(weights)), weights)[0]
                    cause, timer = (
                        ("baseline", partial(self._generic_time, day))
                        if pick == 0
                        else (causes[pick - 1][0], causes[pick - 1][2])
                    )
                    onset = timer()
                    for _ in range(20):
                        if earliest <= onset < _at(day + timedelta(days=1), 0):
                            break
                        onset = self._generic_time(day)
                    else:
                        onset = earliest + (_at(day, 23.95) - earliest) * rng.random()
                    dur = min(72.0, max(4.0, rng.lognormvariate(math.log(14), 0.6)))
                    attack = Attack(
                        onset,
                        onset + timedelta(hours=dur),
                        rng.choice((4, 5, 6, 6, 7, 7, 8, 9)),
                        cause,
                    )
                    dy.attacks.append(attack)
                    last_end = attack.end
            # what the attack does back: woken at night, meals skipped while ill
            logged_wake = wake
            if attack is not None and attack.onset < wake:
                logged_wake = max(
                    bed + timedelta(hours=1), attack.onset + timedelta(minutes=rng.randrange(5, 25))
                )
            sleep_hist.append((logged_wake - bed).total_seconds() / 3600)
            self._log_sleep(bed, logged_wake, short or during_attack or logged_wake < wake)
            eaten = plan.items
            if attack is not None:
                bad = 0.6 if attack.intensity >= 6 else 0.3
                eaten = [(t, it) for t, it in plan.items
                         if not (attack.onset <= t <= attack.end and not it.caffeine and rng.random() < bad)]  # fmt: skip
                self._log_attack(attack)
            for t, it in self._combine(eaten):
                self._log_item(t, it)
            if p.dense or rng.random() < 0.75:
                self._row(
                    Row(
                        _at(day, 21.0 + rng.uniform(0, 1.5)),
                        "stress",
                        "stress",
                        intensity=plan.stress,
                    )
                )
            if rng.random() < (0.5 if p.dense else 0.25):
                start = _at(day, rng.uniform(7.0, 19.0))
                self._row(
                    Row(
                        start,
                        "exercise",
                        rng.choice(("running", "walk", "cycling")),
                        end=start + timedelta(minutes=rng.randrange(25, 70)),
                    )
                )
            if p.dense and rng.random() < 0.15:
                self._row(
                    Row(
                        _at(day, rng.uniform(9, 21)),
                        "symptom",
                        "bloating",
                        intensity=rng.randint(2, 6),
                        tags="gi",
                    )
                )
            if starts and day in starts:
                self._row(
                    Row(day, "menstruation", "period", end=day + timedelta(days=rng.randint(3, 5)))
                )
            stress_prev, prev_plan = plan.stress, plan
            bed = _at(day, 23.0 + rng.gauss(0, 0.5) + (1.0 if day.weekday() in (4, 5) else 0.0))
        return dy

    # -- writing things down --------------------------------------------------------------
    def _row(self, row: Row) -> None:
        self.diary.rows.append(row)

    def _log_sleep(self, bed: datetime, wake: datetime, poor: bool) -> None:
        if bed.date() >= FIRST_DAY and (self.p.dense or self.rng.random() < 0.85):
            q = self.rng.randint(3, 5) if poor else self.rng.randint(6, 8)
            self._row(Row(bed, "sleep", "sleep", end=wake, intensity=q))

    def _log_attack(self, a: Attack) -> None:
        rng = self.rng
        tags = [
            t
            for t, pr in (
                ("aura", 0.2),
                ("nausea", 0.6),
                ("photophobia", 0.8),
                ("phonophobia", 0.6),
            )
            if rng.random() < pr
        ]
        self._row(
            Row(
                a.onset, "attack", "migraine", end=a.end, intensity=a.intensity, tags=";".join(tags)
            )
        )
        if rng.random() < 0.65:
            self._row(
                Row(
                    a.onset + timedelta(minutes=rng.randrange(15, 90)),
                    "medication",
                    "sumatriptan",
                    amount=50,
                    unit="mg",
                    tags="acute",
                )
            )
        elif rng.random() < 0.6:
            self._row(
                Row(
                    a.onset + timedelta(minutes=rng.randrange(15, 90)),
                    "medication",
                    "ibuprofen",
                    amount=400,
                    unit="mg",
                    tags="acute",
                )
            )

    def _combine(self, eaten: list[tuple[datetime, Item]]) -> list[tuple[datetime, Item]]:
        """Some evenings dinner and wine go down as one line: "pepperoni pizza and red wine"."""
        wine = [x for x in eaten if x[1] is RED_WINE]
        dinner = [x for x in eaten if x[1] in DINNERS]
        if not wine or not dinner or self.rng.random() >= 0.3:
            return eaten
        (t, d), w = dinner[0], wine[0]
        both = Item(f"{d.text} and red wine", "food", d.keys | RED_WINE.keys)
        return [x for x in eaten if x not in (dinner[0], w)] + [(t, both)]

    def _log_item(self, t: datetime, it: Item) -> None:
        # logging fatigue: later in the year more items go unwritten (not for the dense logger)
        fatigue = 0.0 if self.p.dense else 0.08 * (t.date() - FIRST_DAY).days / self.days
        if self.rng.random() < self.p.forget_prob + fatigue:
            return
        self._row(Row(t, it.kind, it.text, amount=it.amount, unit=it.unit))

    def add_cravings(self) -> None:
        """Prodromal chocolate 1–20 h before onsets, in waking hours (an effect of the attack)."""
        rng, dy = self.rng, self.diary
        for a in dy.attacks:
            if rng.random() >= self.p.craving_prob:
                continue
            for _ in range(40):
                t = a.onset - timedelta(hours=rng.uniform(*CRAVING_WINDOW_H))
                if WAKING[0] <= t.time() <= WAKING[1]:
                    break
            else:
                continue
            dy.cravings.append((t, a.onset))
            dy.exposed.setdefault("craving", set()).add(t.date())
            self._log_item(t, Item(rng.choice(CRAVING_TEXTS), keys=frozenset({"chocolate"})))

    def drop_missing(self) -> None:
        """Unlogged stretches of 2–8 days (written as ``note,no entry`` rows)."""
        rng, dy = self.rng, self.diary
        target = round(self.p.missing_frac * self.days)
        while len(dy.missing) < target:
            start = FIRST_DAY + timedelta(days=rng.randrange(5, self.days - 10))
            for k in range(rng.randint(2, 8)):
                dy.missing.add(start + timedelta(days=k))
        dy.rows = [
            r
            for r in dy.rows
            if (
                r.start
                if isinstance(r.start, date) and not isinstance(r.start, datetime)
                else r.start.date()
            )
            not in dy.missing
        ]


def simulate(scenario: str, seed: int, days: int = 365) -> Diary:
    """One person's year (deterministic for scenario, seed and days)."""
    person = make_person(scenario, seed)
    target = person.attacks_per_month * days / 30.44
    h0 = person.attacks_per_month / 30.44
    for _ in range(2):  # fixed point: expected onsets = h0 × Σ multipliers over at-risk days
        probe = _Simulator(person, seed, days, h0)
        probe.run()
        h0 = target / max(probe.sum_m, 1.0)
    sim = _Simulator(person, seed, days, h0)
    sim.run()
    sim.add_cravings()
    sim.drop_missing()
    return sim.diary
