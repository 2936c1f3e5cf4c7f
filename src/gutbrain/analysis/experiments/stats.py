"""Exact and Bayesian statistics for a two-arm comparison of onset counts per at-risk day.

Notation: ``xa`` onsets over ``ta`` at-risk days in arm A (exposure), ``xb`` over ``tb`` in
arm B (avoidance); RR = (xa/ta)/(xb/tb).

* Exact conditional test and CI: given the total ``n = xa + xb``, ``xa ~ Binomial(n, π)`` with
  ``π = RR·ta / (RR·ta + tb)`` (the classic conditional test for two Poisson rates, as in
  statsmodels ``test_poisson_2indep(method='exact-cond')``; statistics.md §0 "exact-conditional
  Poisson rate-ratio test").  The Clopper–Pearson interval for π is mapped to RR; the two-sided
  p-value is the central one (twice the smaller tail), so p ≤ α exactly when the CI excludes 1.
* Bayesian: each arm's rate ~ Gamma(shape 1, rate 1/r0), r0 = the person's onset rate before
  the experiment (an exponential prior with mean r0, worth about one onset; the same prior in
  both arms, so a priori P(RR > 1) = ½).  The posterior of RR is a scaled beta-prime, so
  P(RR > 1) and the credible interval are exact (statistics.md §2.6; AHRQ recommends Bayesian
  analysis for N-of-1 trials).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Shape of the gamma prior on each arm's onset rate (see the module docstring).
PRIOR_SHAPE = 1.0


@dataclass(frozen=True, slots=True)
class RateComparison:
    """A rate ratio with its exact conditional 95 % CI and two-sided p-value."""

    onsets_a: int
    days_a: int
    onsets_b: int
    days_b: int
    rr: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    level: float = 0.95


def _pi_to_rr(pi: float, ta: float, tb: float) -> float:
    if pi >= 1:
        return math.inf
    return (pi / (1 - pi)) * (tb / ta)


def central_p(xa: ArrayLike, n: ArrayLike, pi0: ArrayLike) -> NDArray[np.float64]:
    """Two-sided central p-value of ``xa`` successes in ``n`` under π0 (vectorised)."""
    from scipy import special  # SciPy on use: page imports stay light

    xa_, n_ = np.asarray(xa).astype(np.int64), np.asarray(n).astype(np.int64)  # counts
    # scipy.special's binomial tails: the same numbers as scipy.stats.binom.cdf/sf (x ≥ 0),
    # without the distribution machinery's overhead (the analysis runs at every look)
    lower = special.bdtr(xa_, n_, pi0)
    upper = special.bdtrc(xa_ - 1, n_, pi0)
    return np.asarray(np.minimum(1.0, 2 * np.minimum(lower, upper)), dtype=float)


def compare_rates(xa: int, ta: int, xb: int, tb: int, level: float = 0.95) -> RateComparison:
    """Rate ratio A/B with the exact conditional (Clopper–Pearson) CI and test."""
    from scipy import special  # SciPy on use: page imports stay light

    if ta <= 0 or tb <= 0:
        return RateComparison(xa, ta, xb, tb, None, None, None, None, level)
    n = xa + xb
    if n == 0:
        return RateComparison(xa, ta, xb, tb, None, 0.0, None, 1.0, level)
    alpha = 1 - level
    pi_low = 0.0 if xa == 0 else float(special.betaincinv(xa, n - xa + 1, alpha / 2))
    pi_high = 1.0 if xa == n else float(special.betaincinv(xa + 1, n - xa, 1 - alpha / 2))
    rr = math.inf if xb == 0 else (xa / ta) / (xb / tb)
    p = float(central_p(xa, n, ta / (ta + tb)))
    high = _pi_to_rr(pi_high, ta, tb)
    return RateComparison(
        xa, ta, xb, tb,
        rr=None if math.isinf(rr) else rr,
        ci_low=_pi_to_rr(pi_low, ta, tb),
        ci_high=None if math.isinf(high) else high,
        p=p, level=level,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Posterior:
    """Posterior of RR under the stated gamma prior."""

    prior: str
    p_rr_above_1: float
    median: float
    cri_low: float
    cri_high: float


def posterior(xa: int, ta: int, xb: int, tb: int, baseline_rate: float) -> Posterior:
    """Exact posterior summaries of RR = λA/λB (see the module docstring for the prior)."""
    from scipy import special  # SciPy on use: page imports stay light

    r0 = baseline_rate if baseline_rate > 0 else 0.1
    b0 = 1.0 / r0
    a1, b1 = PRIOR_SHAPE + xa, b0 + ta
    a2, b2 = PRIOR_SHAPE + xb, b0 + tb

    def rr_at(q: float) -> float:
        w = float(special.betaincinv(a1, a2, q))
        return (w / (1 - w)) * (b2 / b1)

    return Posterior(
        prior=(
            f"each arm's onset rate ~ Gamma(shape {PRIOR_SHAPE:g}, rate {b0:.3g} days), "
            f"mean = your rate before the experiment ({r0:.3f} onsets per at-risk day); "
            "the same prior in both arms, so before any data P(RR > 1) = 0.5"
        ),
        p_rr_above_1=float(special.betaincc(a1, a2, b1 / (b1 + b2))),
        median=rr_at(0.5),
        cri_low=rr_at(0.025),
        cri_high=rr_at(0.975),
    )


@dataclass(frozen=True, slots=True)
class RandomisationTest:
    """Permutation test over the schedules the design could have produced."""

    p: float | None
    allocations: int
    exhaustive: bool
    smallest_possible_p: float | None


def log_rr_stat(xa: ArrayLike, ta: ArrayLike, xb: ArrayLike, tb: ArrayLike) -> NDArray[np.float64]:
    """log RR with ½ added to each count (finite with zero counts)."""
    xa_, ta_, xb_, tb_ = (np.asarray(v, dtype=float) for v in (xa, ta, xb, tb))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(np.log((xa_ + 0.5) / ta_) - np.log((xb_ + 0.5) / tb_), dtype=float)


def randomisation_test(
    onsets: NDArray[np.int64],
    days: NDArray[np.int64],
    actual: NDArray[np.bool_],
    alternatives: NDArray[np.bool_],
    exhaustive: bool,
) -> RandomisationTest:
    """Two-sided p: share of allocations whose |log RR| is at least the observed one.

    ``onsets``/``days`` are per period (analysed at-risk days), ``actual`` the arm-A flags of
    the schedule that was run, ``alternatives`` one row per possible schedule.
    """
    n_alloc = int(alternatives.shape[0])
    if days.sum() == 0 or n_alloc < 2:
        return RandomisationTest(None, n_alloc, exhaustive, None)
    a_mask = alternatives.astype(float)
    xa, ta = a_mask @ onsets, a_mask @ days
    xb, tb = onsets.sum() - xa, days.sum() - ta
    stats = log_rr_stat(xa, ta, xb, tb)
    observed = float(log_rr_stat(onsets[actual].sum(), days[actual].sum(),
                                 onsets[~actual].sum(), days[~actual].sum()))  # fmt: skip
    valid = np.isfinite(stats)
    if not math.isfinite(observed) or valid.sum() < 2:
        return RandomisationTest(None, n_alloc, exhaustive, None)
    p = float(np.mean(np.abs(stats[valid]) >= abs(observed) - 1e-9))
    # Mirror-image schedules give the same |statistic|: two is the smallest count.
    smallest = 2 / int(valid.sum()) if exhaustive else 1 / int(valid.sum())
    return RandomisationTest(p, n_alloc, exhaustive, min(smallest, 1.0))
