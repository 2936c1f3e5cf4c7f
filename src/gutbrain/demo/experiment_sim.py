"""Seeded simulation of one N-of-1 experiment, for tests, benchmarks and docs.

The person follows the schedule; on a day outside an attack an attack starts with a daily
hazard that is ``hazard_ratio`` times higher when they had the factor the day before (a true
lag-1 trigger).  Attacks last 1..k days.  Optional missing diary days, deviation days (the
person did the opposite of the plan and said so in the daily check) and unchecked days.
Only ``analysis.attacks`` is used to turn attacks into onsets, so the simulation stays
independent of the experiment analysis it is used to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from gutbrain.analysis.attacks import DaySeries, OutcomeEvent, build_day_series
from gutbrain.analysis.experiments.design import DayPlan, Design, day_plan, schedule


@dataclass(frozen=True, slots=True)
class SimulatedTrial:
    plan: DayPlan
    series: DaySeries
    checks: dict[date, bool]
    events: tuple[OutcomeEvent, ...]
    missing: tuple[date, ...]


def simulate_trial(
    design: Design,
    hazard: float,
    hazard_ratio: float,
    rng: np.random.Generator,
    *,
    attack_days: tuple[int, ...] = (1, 2),
    missing_share: float = 0.0,
    deviation_share: float = 0.0,
    unchecked_share: float = 0.0,
    start: date = date(2026, 1, 5),
) -> SimulatedTrial:
    plan = day_plan(design, start)
    n = plan.period.size
    arms = schedule(design)
    assigned = np.array([arms[k] == "A" for k in plan.period], dtype=bool)
    deviate = rng.random(n) < deviation_share
    exposed = assigned ^ deviate
    events: list[OutcomeEvent] = []
    t = 0
    while t < n:
        h = hazard * hazard_ratio if t > 0 and exposed[t - 1] else hazard
        if rng.random() < h:
            k = int(rng.choice(attack_days))
            last = min(t + k - 1, n - 1)
            events.append(OutcomeEvent(start + timedelta(days=t), None,
                                       start + timedelta(days=last)))  # fmt: skip
            t += k
        else:
            t += 1
    missing = tuple(
        start + timedelta(days=int(i)) for i in np.flatnonzero(rng.random(n) < missing_share)
    )
    unchecked = rng.random(n) < unchecked_share
    checks = {start + timedelta(days=i): not bool(deviate[i]) for i in range(n) if not unchecked[i]}
    series = build_day_series(start, start + timedelta(days=n - 1), events, missing)
    return SimulatedTrial(plan, series, checks, tuple(events), missing)
