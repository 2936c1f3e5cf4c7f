"""Analysis of one N-of-1 experiment: onsets per at-risk day in each arm, as planned.

Intention-to-treat (primary): every analysed day counts in the arm it was assigned to,
whatever the person did.  Per-protocol (sensitivity): days with a recorded deviation, and the
day after one (the lag-1 window of the trigger engine), are left out.  Missing diary days are
never at risk (``analysis.attacks``) and are counted and reported per arm.  The rate ratio is
arm A (exposure) over arm B (avoidance); statistics in ``experiment_stats``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries
from gutbrain.analysis.experiments.design import (
    ALPHA,
    ARM_A,
    ARM_B,
    DayPlan,
    Design,
    allocations,
    schedule,
)
from gutbrain.analysis.experiments.stats import (
    Posterior,
    RandomisationTest,
    RateComparison,
    compare_rates,
    posterior,
    randomisation_test,
)
from gutbrain.domain.text import pvalue, ratio_ci

#: "Cleared" needs the CI's upper end below the trigger engine's clinically relevant RR
#: (analysis.triggers.EngineConfig.relevant_rr = 1.5; PAMINA: other factors < 35 %).
CLEARED_BELOW = 1.5


@dataclass(frozen=True, slots=True)
class ArmSummary:
    arm: str
    periods: int
    analysed_days: int
    missing_days: int
    at_risk_days: int
    onsets: int
    checked_yes: int
    checked_no: int
    unchecked: int

    @property
    def rate(self) -> float | None:
        return self.onsets / self.at_risk_days if self.at_risk_days else None


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    index: int
    arm: str
    first_day: date
    last_day: date
    analysed_days: int
    missing_days: int
    at_risk_days: int
    onsets: int
    deviations: int


@dataclass(frozen=True, slots=True)
class ExperimentResult:
    """Everything the result page, the JSON and the CENT report show."""

    arms: tuple[ArmSummary, ArmSummary]
    itt: RateComparison
    per_protocol: RateComparison
    posterior: Posterior
    randomisation: RandomisationTest
    periods: tuple[PeriodSummary, ...]
    deviations: tuple[date, ...]
    deviations_from_diary: tuple[date, ...]
    days_observed: int
    periods_done: int
    periods_planned: int
    conclusion: str
    verdict: str  # supports_trigger | supports_protector | cleared | not_settled | no_data

    @property
    def complete(self) -> bool:
        return self.periods_done >= self.periods_planned


def _conclusion(itt: RateComparison, factor: str) -> tuple[str, str]:
    if itt.days_a == 0 or itt.days_b == 0:
        return "no_data", (
            f"Nothing to compare yet: {itt.days_a} counted at-risk days with {factor} and "
            f"{itt.days_b} without (both arms need some)."
        )
    if itt.p is None or itt.onsets_a + itt.onsets_b == 0:
        return "no_data", "No attack onsets on counted days yet: nothing to compare."
    ci = f"rate ratio {ratio_ci(itt.rr, itt.ci_low, itt.ci_high)}, {pvalue(itt.p)}"
    if itt.p <= ALPHA and (itt.rr is None or itt.rr > 1):
        return "supports_trigger", (
            f"Attacks started more often in the {factor} periods: {ci}. "
            f"This supports {factor} being a trigger for you."
        )
    if itt.p <= ALPHA:
        return "supports_protector", (f"Attacks started less often in the {factor} periods: {ci}.")
    if itt.ci_high is not None and itt.ci_high < CLEARED_BELOW:
        return "cleared", (
            f"No meaningful difference: {ci}. The interval rules out a {CLEARED_BELOW:g}-fold "
            f"or larger increase, so {factor} is unlikely to be a relevant trigger for you."
        )
    return "not_settled", (
        f"Not settled: {ci}. The interval still includes both no effect and a relevant one."
    )


def analyse_experiment(
    design: Design,
    plan: DayPlan,
    series: DaySeries,
    checks: Mapping[date, bool],
    baseline_rate: float,
    factor: str,
    logged_deviations: Collection[date] = (),
) -> ExperimentResult:
    """Analyse the days observed so far (``series`` starts on ``plan.start``).

    ``checks`` are the person's daily answers (False = a deviation); ``logged_deviations``
    are days the diary itself shows the plan was not followed (the factor logged on an
    avoidance day) — deviations too, whatever the answer was.
    """
    if series.first_day != plan.start:
        raise ValueError("the day series must start on the experiment's first day")
    n = min(plan.period.size, series.n_days)
    arm = plan.arm[:n]
    at_risk = series.at_risk[:n]
    onset = series.onset[:n] & at_risk
    missing = ~series.covered[:n]
    check = np.array([checks.get(plan.start + timedelta(days=i)) for i in range(n)], dtype=object)
    logged = np.array([plan.start + timedelta(days=i) in logged_deviations for i in range(n)],
                      dtype=bool)  # fmt: skip
    deviation = np.array([c is False for c in check], dtype=bool) | logged
    excluded_pp = deviation | np.concatenate(([False], deviation[:-1]))

    def count(mask: NDArray[np.bool_], keep: NDArray[np.bool_]) -> tuple[int, int]:
        return int((onset & mask & keep).sum()), int((at_risk & mask & keep).sum())

    everything = np.ones(n, dtype=bool)
    in_a, in_b = arm == ARM_A, arm == ARM_B
    xa, ta = count(in_a, everything)
    xb, tb = count(in_b, everything)
    itt = compare_rates(xa, ta, xb, tb)
    pp = compare_rates(*count(in_a, ~excluded_pp), *count(in_b, ~excluded_pp))

    period = plan.period[:n]
    periods: list[PeriodSummary] = []
    arms = schedule(design)
    for k in range(int(period.max()) + 1 if n and period.max() >= 0 else 0):
        in_k = period == k
        analysed = in_k & (arm != -1)
        days = np.flatnonzero(in_k)
        periods.append(PeriodSummary(
            k, arms[k], plan.start + timedelta(days=int(days[0])),
            plan.start + timedelta(days=int(days[-1])), int(analysed.sum()),
            int((analysed & missing).sum()), int((analysed & at_risk).sum()),
            int((analysed & onset).sum()), int((in_k & deviation).sum()),
        ))  # fmt: skip
    done = 0  # periods whose every planned day has been observed (or cut short by a stop)
    for k in range(design.n_periods):
        planned = np.flatnonzero(plan.period == k)
        if planned.size == 0 or planned[-1] >= n:
            break
        done += 1

    onsets_k = np.array([p.onsets for p in periods[:done]], dtype=np.int64)
    days_k = np.array([p.at_risk_days for p in periods[:done]], dtype=np.int64)
    actual = np.array([p.arm == "A" for p in periods[:done]], dtype=bool)
    alloc = allocations(design)
    exhaustive = design.design == "abab" or 2**design.blocks <= alloc.shape[0]
    rand = randomisation_test(onsets_k, days_k, actual, alloc[:, :done], exhaustive)

    def arm_summary(label: str, mask: NDArray[np.bool_]) -> ArmSummary:
        x, t = count(mask, everything)
        return ArmSummary(
            label, sum(1 for p in periods if p.arm == label), int(mask.sum()),
            int((mask & missing).sum()), t, x,
            int(sum(1 for i in np.flatnonzero(mask) if check[i] is True)),
            int((mask & deviation).sum()),
            int(sum(1 for i in np.flatnonzero(mask) if check[i] is None)),
        )  # fmt: skip

    verdict, conclusion = _conclusion(itt, factor)
    return ExperimentResult(
        arms=(arm_summary("A", in_a), arm_summary("B", in_b)),
        itt=itt, per_protocol=pp, posterior=posterior(xa, ta, xb, tb, baseline_rate),
        randomisation=rand, periods=tuple(periods),
        deviations=tuple(plan.start + timedelta(days=int(i)) for i in np.flatnonzero(deviation)),
        deviations_from_diary=tuple(
            plan.start + timedelta(days=int(i)) for i in np.flatnonzero(logged)
        ),
        days_observed=n, periods_done=done, periods_planned=design.n_periods,
        conclusion=conclusion, verdict=verdict,
    )  # fmt: skip
