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

import math
import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial

from .day import PERIMENSTRUAL, DayPlan, cycle_offset, menses_starts, plan_day
from .diary import FIRST_DAY, Attack, Diary, Row, at
from .people import CRAVING_TEXTS, DINNERS, FOOD_TRIGGERS, RED_WINE, Item, Person, make_person

CRAVING_WINDOW_H = (1.0, 20.0)
WAKING = (time(7, 0), time(23, 0))
Cause = tuple[str, float, Callable[[], datetime]]  # name, risk ratio, onset-time rule


class _Simulator:
    def __init__(self, person: Person, seed: int, days: int, h0: float) -> None:
        self.p, self.days, self.h0 = person, days, h0
        self.rng = random.Random(f"diary:{person.scenario}:{seed}")
        self.diary = Diary(person, seed, days, baseline_hazard=h0)
        self.sum_m = 0.0

    # -- causes and their timing ---------------------------------------------------------
    def _generic_time(self, day: date) -> datetime:
        """An onset with no particular cause: some at night, many on waking, the rest by day."""
        r = self.rng.random()
        lo, hi = (0.0, 5.5) if r < 0.15 else (5.5, 9.5) if r < 0.5 else (9.5, 23.9)
        return at(day, self.rng.uniform(lo, hi))

    def _after(self, t0: datetime, lo: float, hi: float, day: date) -> datetime:
        """``lo``–``hi`` h after an exposure, kept inside the onset day."""
        t = t0 + timedelta(hours=self.rng.uniform(lo, hi))
        return min(max(t, at(day, 0.1)), at(day, 23.9))

    def _clock(self, day: date, lo: float, hi: float) -> datetime:
        return at(day, self.rng.uniform(lo, hi))

    def _causes(
        self, day: date, wake: datetime, plan: DayPlan, prev: DayPlan | None
    ) -> list[Cause]:
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
        starts = menses_starts(rng, self.days) if p.menstruating else []
        bout_until = FIRST_DAY - timedelta(days=1)
        last_end: datetime | None = None
        stress_prev, deadline = 3, False
        prev_plan: DayPlan | None = None
        sleep_hist: list[float] = []
        bed = at(FIRST_DAY - timedelta(days=1), 23.0)
        for n in range(self.days):
            day = FIRST_DAY + timedelta(days=n)
            if day.weekday() == 0:
                deadline = rng.random() < 0.2
            peri = cycle_offset(day, starts) if starts else None
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
            wake = max(bed + timedelta(hours=hours), at(day, 5.0 + rng.uniform(0, 0.4)))
            hours = (wake - bed).total_seconds() / 3600
            short = hours < p.usual_sleep_h - 1.5
            plan = plan_day(rng, p, day, wake, peri, stress_prev, deadline)
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
                at(day, 0.0)
                if last_end is None
                else max(at(day, 0.0), last_end + timedelta(hours=24))
            )
            attack: Attack | None = None
            if earliest < at(day, 23.9):
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
                        if earliest <= onset < at(day + timedelta(days=1), 0):
                            break
                        onset = self._generic_time(day)
                    else:
                        onset = earliest + (at(day, 23.95) - earliest) * rng.random()
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
                        at(day, 21.0 + rng.uniform(0, 1.5)),
                        "stress",
                        "stress",
                        intensity=plan.stress,
                    )
                )
            if rng.random() < (0.5 if p.dense else 0.25):
                start = at(day, rng.uniform(7.0, 19.0))
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
                        at(day, rng.uniform(9, 21)),
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
            bed = at(day, 23.0 + rng.gauss(0, 0.5) + (1.0 if day.weekday() in (4, 5) else 0.0))
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
        drug = (
            ("sumatriptan", 50)
            if rng.random() < 0.65
            else ("ibuprofen", 400)
            if rng.random() < 0.6
            else None
        )
        if drug is not None:
            when = a.onset + timedelta(minutes=rng.randrange(15, 90))
            self._row(Row(when, "medication", drug[0], amount=drug[1], unit="mg", tags="acute"))

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
