"""Cohort simulator: many diaries with person-specific food triggers drawn from a population.

Vectorised over people: every array is people × (foods ×) days.  Per food, a share of people
(its *prevalence*) has it as a lag-1 trigger with RR drawn around 2.5 (log-normal, sd 0.3);
everybody else has RR 1.  "Rare" attackers have a daily onset risk of 0.06 (≈ 1.8 a month),
"frequent" ones 0.16 (≈ 4.8 a month), half and half.  Attacks last one or two days, 3 % of days
are not kept.  Used by bench_cohort_power.py and bench_cohort_scale.py; writes the same
``DiaryArrays`` a snapshot of real diaries holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.cohort.tables import DiaryArrays
from gutbrain.analysis.exposures import Factor

#: food → share of people for whom it is a lag-1 trigger.  Four foods are triggers for 10–20 %
#: of people, one for most people (the "crowd" food: a person for whom it is harmless differs
#: from the crowd), one for very few (a person who has it differs from the crowd the other way).
PREVALENCE: dict[str, float] = {
    "red wine": 0.20,
    "aged cheese": 0.15,
    "chocolate": 0.10,
    "cured meat": 0.12,
    "coffee": 0.60,
    "citrus": 0.02,
    **{f"food {i:02d}": 0.0 for i in range(1, 15)},
}
FOODS = tuple(PREVALENCE)
CROWD_FOOD, RARE_FOOD = "coffee", "citrus"
RR_MEDIAN, RR_SD_LOG = 2.5, 0.3
P0 = {"rare": 0.06, "frequent": 0.16}
MISSING_SHARE = 0.03
FIRST_DAY = date(2025, 1, 1)


@dataclass(frozen=True, slots=True)
class Cohort:
    """The simulated people and the truth behind them."""

    ids: tuple[str, ...]
    frequent: NDArray[np.bool_]  # people
    rr: NDArray[np.float64]  # people × foods (1 = not a trigger for this person)
    covered: NDArray[np.bool_]  # people × days
    event_day: NDArray[np.bool_]
    onset: NDArray[np.bool_]
    at_risk: NDArray[np.bool_]
    present: NDArray[np.bool_]  # people × foods × days

    def diaries(self, days: int | None = None) -> list[DiaryArrays]:
        """Each person's first ``days`` days as snapshot arrays."""
        d = self.covered.shape[1] if days is None else days
        factors = tuple(Factor(name, "food") for name in FOODS)
        return [
            DiaryArrays(
                self.ids[i],
                FIRST_DAY,
                self.covered[i, :d],
                self.event_day[i, :d],
                self.onset[i, :d],
                self.at_risk[i, :d],
                factors,
                self.present[i, :, :d],
            )
            for i in range(len(self.ids))
        ]


def simulate(n_people: int, n_days: int, seed: int = 1) -> Cohort:
    """Draw a cohort (deterministic for a seed)."""
    rng = np.random.default_rng(seed)
    prevalence = np.array([PREVALENCE[f] for f in FOODS])
    n_f = len(FOODS)
    has = rng.random((n_people, n_f)) < prevalence[None, :]
    rr = np.where(has, np.exp(rng.normal(np.log(RR_MEDIAN), RR_SD_LOG, (n_people, n_f))), 1.0)
    share = rng.beta(2.0, 5.0, (n_people, n_f))  # mean ≈ 0.29 of days, person- and food-specific
    present = rng.random((n_people, n_f, n_days)) < share[:, :, None]
    frequent = rng.random(n_people) < 0.5
    p0 = np.where(frequent, P0["frequent"], P0["rare"])
    # lag 1: yesterday's exposures multiply today's onset risk
    log_mult = np.einsum("pf,pfd->pd", np.log(rr), present.astype(np.float64))
    risk = np.zeros((n_people, n_days))
    risk[:, 1:] = np.minimum(p0[:, None] * np.exp(log_mult[:, :-1]), 0.95)
    risk[:, 0] = p0
    start = rng.random((n_people, n_days)) < risk
    two_day = start & (rng.random((n_people, n_days)) < 0.3)
    event_day = start.copy()
    event_day[:, 1:] |= two_day[:, :-1]
    covered = rng.random((n_people, n_days)) >= MISSING_SHARE
    # the engine's episode rule (analysis.attacks): single gap days inside an episode join it
    episode = event_day.copy()
    episode[:, 1:-1] |= event_day[:, :-2] & event_day[:, 2:]
    onset = episode & ~np.pad(episode[:, :-1], ((0, 0), (1, 0)))
    after_missing = np.pad(~covered[:, :-1], ((0, 0), (1, 0)))
    at_risk = covered & (~episode | (onset & ~after_missing))
    ids = tuple(f"sim-{seed}-{i:07d}" for i in range(n_people))
    return Cohort(ids, frequent, rr, covered, event_day, onset & covered, at_risk, present)
