"""Seeded simulation of one N-of-1 experiment, for tests, benchmarks and docs.

The person follows the schedule; on a day outside an attack an attack starts with a daily
hazard that is ``hazard_ratio`` times higher when they had the factor the day before (a true
lag-1 trigger).  Attacks last 1..k days.  Optional missing diary days, deviation days (the
person did the opposite of the plan and said so in the daily check) and unchecked days.
The person has the factor on ``design.exposure_days`` days of every week of an exposure period
(the days drawn at random within each week), as the plan asks.  Only ``analysis.attacks`` is
used to turn attacks into onsets, so the simulation stays independent of the experiment
analysis it is used to test; ``sequential_result`` then runs that analysis at every look.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from gutbrain.analysis.attacks import DaySeries, OutcomeEvent, build_day_series
from gutbrain.analysis.experiments.design import DayPlan, Design, day_plan, schedule
from gutbrain.analysis.experiments.outcome import ExperimentResult, analyse_experiment


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
    dose = np.ones(n, dtype=bool)
    if design.exposure_days < 7:
        for k in range(design.n_periods):
            days = np.flatnonzero(plan.period == k)
            for week in range(0, days.size, 7):
                chunk = days[week : week + 7]
                keep = rng.permutation(7)[: design.exposure_days]
                dose[chunk] = np.isin(np.arange(chunk.size), keep)
    deviate = rng.random(n) < deviation_share
    exposed = (assigned & dose) ^ deviate
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


def sequential_result(
    design: Design, sim: SimulatedTrial, baseline_rate: float, factor: str = "x"
) -> ExperimentResult:
    """The result a person looking after every completed pair would act on: the first look
    whose verdict crosses the stopping boundary, else the last look."""
    result: ExperimentResult | None = None
    for j in range(design.n_periods // 2):
        n = int(np.flatnonzero(sim.plan.period == 2 * j + 1)[-1]) + 1
        series = replace(sim.series, covered=sim.series.covered[:n],
                         event_day=sim.series.event_day[:n], onset=sim.series.onset[:n],
                         onset_minute=sim.series.onset_minute[:n],
                         at_risk=sim.series.at_risk[:n])  # fmt: skip
        result = analyse_experiment(design, sim.plan, series, sim.checks, baseline_rate, factor)
        if result.verdict in ("supports_trigger", "supports_protector"):
            return result
    assert result is not None, "a design has at least one pair"
    return result
