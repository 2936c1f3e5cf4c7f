"""Analysis of one N-of-1 experiment: onsets per at-risk day in each arm, as planned.

Only completed pairs of periods are analysed, and each completed pair is a *look* tested
against the group-sequential boundary of ``sequential`` (interim until the last pair).
Intention-to-treat (primary): every analysed day counts in the arm it was assigned to,
whatever the person did.  Per-protocol (sensitivity): only days the person confirmed as
followed, leaving out the day after a deviation (the lag-1 window of the trigger engine);
a day nobody checked is unknown, not followed.  Missing diary days are
never at risk (``analysis.attacks``) and are counted and reported per arm.  The rate ratio is
arm A (exposure) over arm B (avoidance); statistics in ``experiment_stats``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
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
from gutbrain.analysis.experiments.sequential import threshold
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
    """Everything the result page, the JSON and the CENT report show.

    The inference (``itt``, ``per_protocol``, ``posterior``, ``randomisation``, the arms) uses
    the completed pairs only; ``look`` is their number, ``threshold_p`` the p-value that look
    must reach (``sequential``), and the result is ``interim`` until every planned pair is in.
    """

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
    look: int = 0  # completed pairs analysed
    looks_planned: int = 0
    threshold_p: float = ALPHA
    days_not_yet_analysed: int = 0  # observed days after the last completed pair

    @property
    def complete(self) -> bool:
        return self.periods_done >= self.periods_planned

    @property
    def interim(self) -> bool:
        """A look before the planned end: tested against a stricter boundary."""
        return self.look < self.looks_planned


def _per_100(x: int, t: int) -> str:
    return f"{100 * x / t:.1f}" if t else "–"


def _conclusion(itt: RateComparison, factor: str, look: int, looks: int, thr: float,
                stopped: bool) -> tuple[str, str]:  # fmt: skip
    if look == 0:
        return "no_data", (
            "Interim: no pair of periods is complete yet, so nothing is compared (the result "
            "is tested after each completed pair)."
        )
    if itt.days_a == 0 or itt.days_b == 0:
        return "no_data", (
            f"Nothing to compare yet: {itt.days_a} counted at-risk days with {factor} and "
            f"{itt.days_b} without (both arms need some)."
        )
    if itt.p is None or itt.onsets_a + itt.onsets_b == 0:
        return "no_data", "No attack onsets on counted days yet: nothing to compare."
    interim = look < looks
    head = (
        f"Interim look after {look} of {looks} pairs (not the final result; at this look "
        f"p ≤ {thr:.2g} is needed to stop early). " if interim and not stopped else
        f"Stopped early after {look} of {looks} pairs (tested against this look's boundary, "
        f"p ≤ {thr:.2g}). " if interim else ""
    )  # fmt: skip
    rates = (
        f"{_per_100(itt.onsets_a, itt.days_a)} vs {_per_100(itt.onsets_b, itt.days_b)} "
        "attacks per 100 at-risk days"
    )
    ci = f"{rates}, rate ratio {ratio_ci(itt.rr, itt.ci_low, itt.ci_high)}, {pvalue(itt.p)}"
    if itt.p <= thr and (itt.rr is None or itt.rr > 1):
        return "supports_trigger", (
            f"{head}Attacks started more often in the {factor} periods: {ci}. "
            f"This supports {factor} being a trigger for you."
        )
    if itt.p <= thr:
        return "supports_protector", (
            f"{head}Attacks started less often in the {factor} periods: {ci}."
        )
    if interim and not stopped:
        return "not_settled", f"{head}Not settled yet: {ci}. Keep going."
    if itt.ci_high is not None and itt.ci_high < CLEARED_BELOW:
        return "cleared", (
            f"{head}No meaningful difference: {ci}. The interval rules out a "
            f"{CLEARED_BELOW:g}-fold or larger increase, so {factor} is unlikely to be a "
            "relevant trigger for you."
        )
    return "not_settled", (
        f"{head}Not settled: {ci}. The interval still includes both no effect and a relevant one."
    )


def completed_pairs(design: Design, plan: DayPlan, n_days: int) -> int:
    """Pairs of periods whose every planned day is among the first ``n_days`` observed (a
    period cut short by a stop is not complete)."""
    done = 0
    for j in range(design.n_periods // 2):
        for k in (2 * j, 2 * j + 1):
            days = np.flatnonzero(plan.period == k)
            if days.size != design.period_days or days[-1] >= n_days:
                return done
        done += 1
    return done


def analyse_experiment(
    design: Design,
    plan: DayPlan,
    series: DaySeries,
    checks: Mapping[date, bool],
    baseline_rate: float,
    factor: str,
    logged_deviations: Collection[date] = (),
    stopped: bool = False,
) -> ExperimentResult:
    """Analyse the completed pairs observed so far (``series`` starts on ``plan.start``).

    ``checks`` are the person's daily answers (False = a deviation; a day without an answer
    is unknown, not followed); ``logged_deviations`` are days the diary itself shows the
    plan was not followed (the factor logged on an avoidance day) — deviations too,
    whatever the answer was.  ``stopped``: the experiment was ended early, so this look is
    its last.
    """
    if series.first_day != plan.start:
        raise ValueError("the day series must start on the experiment's first day")
    n = min(plan.period.size, series.n_days)
    looks = design.n_periods // 2
    look = completed_pairs(design, plan, n)
    used = int(np.flatnonzero(plan.period == 2 * look - 1)[-1]) + 1 if look else 0
    arm = plan.arm[:n]
    at_risk = series.at_risk[:n]
    onset = series.onset[:n] & at_risk
    missing = ~series.covered[:n]
    check = np.array([checks.get(plan.start + timedelta(days=i)) for i in range(n)], dtype=object)
    logged = np.array([plan.start + timedelta(days=i) in logged_deviations for i in range(n)],
                      dtype=bool)  # fmt: skip
    deviation = np.array([c is False for c in check], dtype=bool) | logged
    followed = np.array([c is True for c in check], dtype=bool) & ~logged
    # Per protocol: days confirmed as followed, not the day after a deviation (lag-1 window).
    kept_pp = followed & ~np.concatenate(([False], deviation[:-1]))
    analysed = np.arange(n) < used

    def count(mask: NDArray[np.bool_], keep: NDArray[np.bool_]) -> tuple[int, int]:
        return int((onset & mask & keep).sum()), int((at_risk & mask & keep).sum())

    in_a, in_b = (arm == ARM_A) & analysed, (arm == ARM_B) & analysed
    everything = np.ones(n, dtype=bool)
    xa, ta = count(in_a, everything)
    xb, tb = count(in_b, everything)
    itt = compare_rates(xa, ta, xb, tb)
    pp = compare_rates(*count(in_a, kept_pp), *count(in_b, kept_pp))

    period = plan.period[:n]
    periods: list[PeriodSummary] = []
    arms = schedule(design)
    for k in range(int(period.max()) + 1 if n and period.max() >= 0 else 0):
        in_k = period == k
        counted_k = in_k & (arm != -1)
        days = np.flatnonzero(in_k)
        periods.append(PeriodSummary(
            k, arms[k], plan.start + timedelta(days=int(days[0])),
            plan.start + timedelta(days=int(days[-1])), int(counted_k.sum()),
            int((counted_k & missing).sum()), int((counted_k & at_risk).sum()),
            int((counted_k & onset).sum()), int((in_k & deviation).sum()),
        ))  # fmt: skip
    done = 0  # periods whose every planned day has been observed (or cut short by a stop)
    for k in range(design.n_periods):
        planned = np.flatnonzero(plan.period == k)
        if planned.size == 0 or planned[-1] >= n:
            break
        done += 1

    # Randomisation test over the completed pairs: every order those pairs could have had.
    onsets_k = np.array([p.onsets for p in periods[: 2 * look]], dtype=np.int64)
    days_k = np.array([p.at_risk_days for p in periods[: 2 * look]], dtype=np.int64)
    actual = np.array([p.arm == "A" for p in periods[: 2 * look]], dtype=bool)
    done_design = replace(design, blocks=max(look, 1))
    alloc = allocations(done_design)
    exhaustive = design.design == "abab" or 2**done_design.blocks <= alloc.shape[0]
    rand = randomisation_test(onsets_k, days_k, actual, alloc[:, : 2 * look], exhaustive)

    def arm_summary(label: str, mask: NDArray[np.bool_]) -> ArmSummary:
        x, t = count(mask, everything)
        return ArmSummary(
            label, sum(1 for p in periods[: 2 * look] if p.arm == label), int(mask.sum()),
            int((mask & missing).sum()), t, x, int((mask & followed).sum()),
            int((mask & deviation).sum()),
            int(sum(1 for i in np.flatnonzero(mask) if check[i] is None and not logged[i])),
        )  # fmt: skip

    thr = threshold(look, looks) if look else ALPHA
    verdict, conclusion = _conclusion(itt, factor, look, looks, thr, stopped)
    return ExperimentResult(
        arms=(arm_summary("A", in_a), arm_summary("B", in_b)),
        itt=itt, per_protocol=pp, posterior=posterior(xa, ta, xb, tb, baseline_rate),
        randomisation=rand, periods=tuple(periods),
        deviations=tuple(plan.start + timedelta(days=int(i)) for i in np.flatnonzero(deviation)),
        deviations_from_diary=tuple(
            plan.start + timedelta(days=int(i)) for i in np.flatnonzero(logged)
        ),
        days_observed=n, periods_done=done, periods_planned=design.n_periods,
        conclusion=conclusion, verdict=verdict, look=look, looks_planned=looks,
        threshold_p=thr, days_not_yet_analysed=n - used,
    )  # fmt: skip
