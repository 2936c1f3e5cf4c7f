"""Planning an N-of-1 experiment: expected attacks and power from the person's own rate.

Power is simulated for the plan as the person is asked to follow it: the factor on
``design.exposure_days`` days a week in exposure periods (a true lag-1 trigger raises the next
day's hazard only after a day with it), the diary's counting rules, the analysis' own exact
conditional test, and the stopping rule (``sequential``: a look after every pair, stop at the
first crossing).  "Found" means the first crossing is in the planned direction.  Effects are
hazard ratios on the daily chance that an attack starts.  Planning uses a fixed order of the
periods, never the experiment's secret one, so nothing shown at planning depends on the
hidden schedule.  Checked against simulated experiments run through the real analysis in
tests/test_analysis_experiment.py and benchmarks/bench_experiments.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.experiments.design import (
    ALPHA,
    ARM_A,
    ARM_B,
    MAX_BLOCKS,
    MIN_EXPECTED_ONSETS,
    TARGET_POWER,
    DayPlan,
    Design,
    day_plan,
    schedule,
)
from gutbrain.analysis.experiments.sequential import boundaries
from gutbrain.analysis.experiments.stats import central_p

#: Mean attack length in days, or the share of attacks lasting 1, 2, 3, ... days.
AttackDays = float | tuple[float, ...]
#: A doubled hazard that raises expected counted onsets by less than this factor is saturated.
SATURATED = 1.1
#: Simulated people per power figure (Monte-Carlo SE ≤ 0.5/sqrt(4000) < 0.01).
POWER_TRIALS = 4000


def counted(hazard: float, attack_days: float) -> tuple[float, float]:
    """(onsets per at-risk day, share of days at risk) as the diary counts them.

    Raw process: on a day outside an attack an attack starts with probability ``hazard`` and
    lasts ``attack_days`` days on average.  The diary merges an attack that starts right after
    another, or after a single free day, into one episode (``analysis.attacks``); per cycle of
    attack + free run G (G ~ Geometric(hazard) on 0, 1, ...) a new onset is counted when
    G ≥ 2, with G + 1 at-risk days.  Hence rate = (1−h)/(1/h + 1 − 2h).
    """
    h = min(max(hazard, 1e-9), 1 - 1e-9)
    at_risk = (1 - h) / h - h * (1 - h) + (1 - h) ** 2
    return (1 - h) / (1 / h + 1 - 2 * h), at_risk / (max(attack_days, 1.0) + (1 - h) / h)


def hazard_from_rate(rate: float, attack_days: float = 1.0) -> float:
    """The daily attack hazard that the diary would show as ``rate`` onsets per at-risk day."""
    if not 0 < rate < counted(0.5, attack_days)[0]:
        raise ValueError(f"an onset rate of {rate:.3g} per at-risk day is out of range")
    from scipy.optimize import brentq  # SciPy on use: page imports stay light

    return float(brentq(lambda h: counted(h, attack_days)[0] - rate, 1e-9, 0.5))


def _length_pmf(attack_days: AttackDays) -> NDArray[np.float64]:
    """Attack lengths (1, 2, ... days): a given distribution, or for a mean the two nearest
    whole numbers."""
    if not isinstance(attack_days, float | int):
        pmf = np.asarray(attack_days, dtype=float)
        return np.asarray(pmf / pmf.sum(), dtype=float)
    m = max(float(attack_days), 1.0)
    low = int(np.floor(m))
    pmf = np.zeros(low + 1)
    pmf[low - 1] = 1 - (m - low)
    pmf[low] = m - low
    return pmf


def expected_counts(
    design: Design, hazard_b: float, rr: float, attack_days: AttackDays = 1.0
) -> tuple[float, float, float, float]:
    """Expected (onsets A, at-risk days A, onsets B, at-risk days B) over the schedule.

    A Markov chain over the day states "in an attack with r days to go", "first free day
    after an attack" and "free for two days or more", propagated through the actual
    schedule (the person follows the plan in wash-out days too; the hazard on day t is that
    of the arm followed on day t−1).  Only the last state can start a counted onset; a
    first free day is at risk unless an attack starts the next day (then the diary merges
    the two attacks).  This includes the period-boundary effects a stationary formula misses.
    """
    pmf = _length_pmf(attack_days)
    k = pmf.size
    plan, followed_a = _planning_days(design)
    # Exposure on a share of the days, independent of the attack state: the chain's step is
    # linear in the hazard, so the mean hazard is exact for the expectation.
    share = design.exposure_days / 7
    hazard_a = min(hazard_b * (1 + (rr - 1) * share), 1.0)
    state = np.zeros(k + 2)  # [E_0 .. E_{k-1}, F1, F2]
    state[k + 1] = 1.0
    for _ in range(60):  # settle at the person's usual rate before day 0
        state = _step(state, hazard_b, pmf)[0]
    x = np.zeros(2)
    t = np.zeros(2)
    prev_slot = -1
    for day in range(plan.period.size):
        h = hazard_a if day > 0 and followed_a[day - 1] else hazard_b
        slot = {ARM_A: 0, ARM_B: 1}.get(int(plan.arm[day]), -1)
        f1_before, f2_before = state[k], state[k + 1]
        state, _ = _step(state, h, pmf)
        if prev_slot >= 0:
            t[prev_slot] -= f1_before * h  # yesterday's free day is merged into an attack
        if slot >= 0:
            x[slot] += f2_before * h
            t[slot] += f2_before * h + state[k] + state[k + 1]  # counted onset or free
        prev_slot = slot
    return float(x[0]), float(t[0]), float(x[1]), float(t[1])


def _planning_days(design: Design) -> tuple[DayPlan, NDArray[np.bool_]]:
    """The calendar in a fixed order (not the secret one) and whether each day is "have it"."""
    fixed = replace(design, seed=0, secret="")
    plan = day_plan(fixed, date(2000, 1, 3))
    arms = schedule(fixed)
    return plan, np.array([arms[p] == "A" for p in plan.period], dtype=bool)


def _step(
    state: NDArray[np.float64], h: float, pmf: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    k = pmf.size
    new = np.zeros_like(state)
    new[: k - 1] += state[1:k]
    starts = (state[0] + state[k] + state[k + 1]) * h
    new[:k] += starts * pmf[::-1]  # an attack of length L has L−1 days to go
    new[k] += state[0] * (1 - h)
    new[k + 1] += (state[k] + state[k + 1]) * (1 - h)
    return new, starts


def power(
    design: Design,
    hazard_b: float,
    rr: float,
    attack_days: AttackDays = 1.0,
    alpha: float = ALPHA,
    trials: int = POWER_TRIALS,
) -> float:
    """Power to find a hazard ratio ``rr`` (arm A over arm B) with the analysis' own test and
    stopping rule.

    ``trials`` people follow the schedule at once (vectorised over trials, one step per day),
    having the factor on each exposure-period day with probability ``exposure_days / 7``: the
    same day states as ``expected_counts``, the diary's counting rules (merged attacks,
    at-risk days), then the exact conditional test at every look (after each pair) against
    that look's boundary.  Seeded, so a plan always shows the same number; Monte-Carlo error
    ≤ 0.01.  A binomial model of the counts missed by up to 0.05: counted onsets are less
    variable than binomial (an attack blocks the next days) and at-risk days move with them.
    """
    if not (0 < hazard_b < 1 and 0 < hazard_b * rr < 1):
        return 0.0
    pmf = _length_pmf(attack_days)
    lengths = np.arange(1, pmf.size + 1)
    plan, followed_a = _planning_days(design)
    slots = np.select([plan.arm == ARM_A, plan.arm == ARM_B], [0, 1], -1)
    look_days = {int(np.flatnonzero(plan.period == 2 * j + 1)[-1]): j
                 for j in range(design.n_periods // 2)}  # fmt: skip
    rng = np.random.default_rng(20261203)
    rem = np.full(trials, -1)  # attack days still to come after today; -1 = today was free
    gap = np.full(trials, 2)  # free days in a row up to today
    x = np.zeros((2, trials))
    t = np.zeros((2, trials))
    at_look = np.zeros((len(look_days), 4, trials))
    burn_in = 60
    prev_slot = -1
    uniforms = rng.random((burn_in + plan.period.size, trials))
    had_it = rng.random((plan.period.size, trials)) < design.exposure_days / 7
    for day in range(-burn_in, plan.period.size):
        exposed = day > 0 and followed_a[day - 1]
        h = np.where(had_it[day - 1], hazard_b * rr, hazard_b) if exposed else hazard_b
        slot = int(slots[day]) if day >= 0 else -1
        in_attack = rem > 0
        onset = ~in_attack & (uniforms[day + burn_in] < h)
        counted_onset = onset & (gap >= 2)
        merged_gap = onset & (gap == 1)  # yesterday's free day joins the episode
        if prev_slot >= 0:
            t[prev_slot] -= merged_gap
        if slot >= 0:
            x[slot] += counted_onset
            t[slot] += counted_onset | (~in_attack & ~onset)
        rem = np.where(in_attack, rem - 1, -1)
        if pmf.size > 1:
            rem[onset] = rng.choice(lengths, int(onset.sum()), p=pmf) - 1
        else:
            rem[onset] = 0
        gap = np.where(in_attack | onset, 0, gap + 1)
        gap = np.where(rem == 0, 0, gap)  # the last day of an attack is an event day too
        prev_slot = slot
        if day in look_days:
            # a merge tomorrow cannot reach back: the look sees the at-risk days as of today
            at_look[look_days[day]] = (x[0], t[0], x[1], t[1])
    stopped = np.zeros(trials, dtype=bool)
    found = np.zeros(trials, dtype=bool)
    for j, thr in enumerate(boundaries(len(look_days), alpha)):
        xa, ta, xb, tb = at_look[j]
        ok = (ta > 0) & (tb > 0) & (xa + xb > 0) & ~stopped
        p = np.ones(trials)
        p[ok] = central_p(xa[ok], (xa + xb)[ok], ta[ok] / (ta[ok] + tb[ok]))
        crossed = ok & (p <= thr)
        higher = xa * tb > xb * ta
        found |= crossed & (higher if rr > 1 else ~higher)
        stopped |= crossed
    return float(found.mean())


@dataclass(frozen=True, slots=True)
class Scenario:
    """One planning scenario: what the person would see if the effect were this big."""

    label: str
    hazard_ratio: float
    expected_onsets_a: float
    expected_onsets_b: float
    power: float
    #: expected attacks per 100 at-risk days in each arm (the arms have different at-risk
    #: days, so raw counts do not compare)
    per_100_a: float
    per_100_b: float


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Expected attacks, power and warnings for a design at the person's own rate."""

    design: Design
    baseline_rate: float
    attack_days: AttackDays
    analysed_days_per_arm: int
    expected_onsets: float  # in the whole experiment if the factor makes no difference
    scenarios: tuple[Scenario, ...]
    blocks_for_target: int | None
    warnings: tuple[str, ...]

    @property
    def too_short(self) -> bool:
        return bool(self.warnings)


def _scenario(label: str, design: Design, hazard_b: float, rr: float, ad: AttackDays) -> Scenario:
    ea, ta, eb, tb = expected_counts(design, hazard_b, rr, ad)
    return Scenario(label, rr, ea, eb, power(design, hazard_b, rr, ad),
                    100 * ea / ta if ta else 0.0, 100 * eb / tb if tb else 0.0)  # fmt: skip


def _blocks_for_target(design: Design, hazard: float, attack_days: AttackDays) -> int | None:
    """Fewest blocks with ≥ 80 % power to find a doubling (binary search, 1000 people each)."""

    def enough(blocks: int) -> bool:
        d = replace(design, blocks=blocks)
        return power(d, hazard, 2.0, attack_days, trials=1000) >= TARGET_POWER

    if not enough(MAX_BLOCKS):
        return None
    low, high = 1, MAX_BLOCKS
    while low < high:
        mid = (low + high) // 2
        low, high = (low, mid) if enough(mid) else (mid + 1, high)
    return low


def plan_summary(
    design: Design, baseline_rate: float, attack_days: AttackDays = 1.0
) -> PlanSummary:
    """Scenarios for doubling (having it doubles attacks), halving (leaving it out halves
    them) and a tripling; the blocks needed for 80 % power to find a doubling; warnings.

    ``baseline_rate`` is the person's onsets per at-risk day before the experiment.
    """
    h = hazard_from_rate(baseline_rate)
    scenarios = [
        _scenario("having it doubles attacks", design, h, 2.0, attack_days),
        _scenario("leaving it out halves attacks", design, h / 2, 2.0, attack_days),
        _scenario("having it triples attacks", design, h, 3.0, attack_days),
    ]
    scenarios = [s for s in scenarios if s.hazard_ratio * h < 1]
    target = _blocks_for_target(design, h, attack_days)
    ea, _, eb, _ = expected_counts(design, h, 1.0, attack_days)
    expected = ea + eb
    days = design.blocks * design.analysed_days_per_period
    warnings: list[str] = []
    if expected < MIN_EXPECTED_ONSETS:
        warnings.append(
            f"Too short to say anything: about {expected:.1f} attacks are expected in the "
            f"whole experiment (fewer than {MIN_EXPECTED_ONSETS:g})."
        )
    if scenarios and scenarios[0].expected_onsets_a < SATURATED * scenarios[0].expected_onsets_b:
        warnings.append(
            "At your attack frequency more attacks would mostly run into each other (an attack "
            "starting within a day of the last one counts as the same attack), so counting "
            "attack onsets can hardly show a doubling: expect a weak result whatever the truth."
        )
    doubling = scenarios[0].power if scenarios else 0.0
    if doubling < TARGET_POWER:
        more = (
            f"about {target} blocks ({target * 2 * design.period_days} days) would give "
            f"{TARGET_POWER:.0%}" if target else
            f"even {MAX_BLOCKS} blocks would not reach {TARGET_POWER:.0%}; longer periods "
            "lose fewer days to wash-out"
        )  # fmt: skip
        warnings.append(
            f"Power to find a doubling of attacks is only {doubling:.0%}: {more}. "
            "A result of 'no difference' from this plan would mean little."
        )
    return PlanSummary(
        design, baseline_rate, attack_days, days, expected, tuple(scenarios), target,
        tuple(warnings),
    )  # fmt: skip


def baseline_from_counts(onsets: int, at_risk_days: int) -> float:
    """The person's onset rate per at-risk day; ½ onset when none was seen, so a diary
    without attacks still gets a (cautious) plan instead of a division by zero."""
    if at_risk_days <= 0:
        raise ValueError("no at-risk days to estimate the attack rate from")
    return min(max(onsets, 0.5) / at_risk_days, 0.2)


def before_during_summary(
    design: Design, baseline_rate: float, attack_days: AttackDays = 1.0
) -> PlanSummary:
    """Expected attacks for a before/during comparison; no power figure (the trend-adjusted
    estimate has no exact power) and always the warning that the design is weaker."""
    h = hazard_from_rate(baseline_rate)
    during, _, _, _ = expected_counts(design, h, 1.0, attack_days)
    share = design.analysed_days_per_period / design.period_days
    expected = during * (1 + 1 / share)  # the same number of days before the start
    warnings = [
        "Before/during comparison (not randomised): weaker evidence than a randomised "
        "experiment, because anything else that changed when you started is mixed into the "
        "result. Use it for supplements and probiotics that cannot be switched on and off."
    ]
    if expected < MIN_EXPECTED_ONSETS:
        warnings.append(
            f"Too short to say anything: about {expected:.1f} attacks are expected before and "
            f"during together (fewer than {MIN_EXPECTED_ONSETS:g})."
        )
    return PlanSummary(design, baseline_rate, attack_days, design.analysed_days_per_period,
                       expected, (), None, tuple(warnings))  # fmt: skip
