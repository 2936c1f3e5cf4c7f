"""Cohort population model: many people's 2×2 tables → a population prior → shrunken estimates.

Why this model (docs/cohort.md has the long form):

* Likelihood: for one person, factor and lag, the 2×2 table (``a`` exposed onsets of ``n1``
  exposed at-risk days, ``c`` of ``n0`` unexposed) gives the **profile likelihood of RR**: two
  binomials with the person's baseline risk p0 at its maximum for each RR (the restricted
  estimate of the Koopman / Miettinen–Nurminen score interval, statistics.md §0).  It needs
  no continuity correction for zero cells.  (A Poisson-rate conditional likelihood was tried
  first; with daily risks of 0.1–0.4 it overstated the triggered share by a third.)
* Population: the distribution g of log-RR across people is estimated without assuming a
  shape — the Kiefer–Wolfowitz nonparametric maximum likelihood estimate on a fixed grid
  (Koenker & Mizera 2014, JASA 109:674; Jiang & Zhang 2009, Ann. Stat. 37:1647), fitted by EM
  (Laird 1978).  A normal–normal model (Gelman et al., BDA3 ch. 5; Zucker et al. 1997 for
  N-of-1 series) would pull a person whose food is harmless towards the crowd's mean; the
  NPMLE keeps a point mass at "no effect" next to the triggered minority (typically 10–20 %
  of people), so the crowd's triggers cannot drag a null person's estimate up.
* Each person's posterior on the grid gives a shrunken RR (posterior median), a 95 % credible
  interval and the local false sign rate (Stephens 2017, Biostatistics 18:275): the posterior
  probability that RR ≤ 1 for a claimed trigger (≥ 1 for a protector).
* Verdicts per person, as in the engine's discipline over all of that person's factor × lag
  rows: sort by false sign rate and declare the longest prefix whose *mean* false sign rate is
  ≤ the FDR level (the Bayesian FDR rule, Newton et al. 2004, Biostatistics 5:155; Efron 2010
  ch. 5).  A verdict also needs the person's own table to point the same way (own RR on the
  same side of 1) and the engine's per-factor minimum data, so the prior alone never makes one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import xlogy

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: log-RR grid: RR from 1/8 to 8 in 0.05 steps on the log scale, 0 (RR = 1) included.
GRID: FloatArray = np.linspace(-math.log(8), math.log(8), 85)
#: Fewer informative people than this and the factor is not pooled (flat prior: own data only).
MIN_PEOPLE = 50
#: A cohort verdict is about effects that matter: a trigger is a call that RR > 1.2 (a
#: protector, RR < 1/1.2).  The NPMLE spreads the "no effect" spike over the grid points next
#: to RR = 1 (it is discrete; Koenker & Mizera 2014 §4), so a bare sign test would turn that
#: rounding into calls; the margin is ours, well under the engine's 1.5 "relevant" bound.
NEGLIGIBLE_RR = 1.2
TRIGGER, PROTECTOR, UNDECIDED = "trigger", "protector", "not_enough_data"


def profile_loglik(
    a: IntArray, n1: IntArray, c: IntArray, n0: IntArray, grid: FloatArray = GRID
) -> FloatArray:
    """log L(θ) per table (rows) and grid point (columns), profiled over the baseline risk.

    Two binomials, a ~ Bin(n1, RR·p0) and c ~ Bin(n0, p0), with p0 at its constrained maximum
    for each RR = e^θ: the root in (0, min(1, 1/RR)) of RR·N·p0² − (m(1 + RR) + RR(n1 − a) +
    (n0 − c))·p0 + m = 0 (N = n1 + n0, m = a + c) — the restricted estimate behind the
    Koopman/Miettinen–Nurminen score interval the engine uses.  Daily onsets are Bernoulli,
    so this fits better than a Poisson rate model.  A table without exposed or unexposed days,
    or without onsets, is flat (0).
    """
    ea, e1, ec, e0 = (np.asarray(x, dtype=np.float64)[:, None] for x in (a, n1, c, n0))
    r = np.exp(grid)[None, :]
    ok = (e1 > 0) & (e0 > 0) & (ea + ec > 0)
    m, big_n = ea + ec, e1 + e0
    b = m * (1 + r) + r * (e1 - ea) + (e0 - ec)
    disc = np.maximum(b * b - 4 * r * big_n * m, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = (b - np.sqrt(disc)) / (2 * r * np.where(ok, big_n, 1.0))
    hi = np.minimum(1.0, 1.0 / r) * (1 - 1e-12)
    p0 = np.clip(np.nan_to_num(p0, nan=1e-12), 1e-12, hi)
    p1 = np.minimum(r * p0, 1 - 1e-12)
    ll = xlogy(ea, p1) + xlogy(e1 - ea, 1 - p1) + xlogy(ec, p0) + xlogy(e0 - ec, 1 - p0)
    ll = ll - ll.max(axis=1, keepdims=True)
    return np.asarray(np.where(ok, ll, 0.0), dtype=np.float64)


def fit_prior(loglik: FloatArray, *, max_iter: int = 500, tol: float = 1e-6) -> FloatArray:
    """NPMLE of the mixing weights over the grid by EM (Laird 1978).

    Each step: posterior over the grid per person, new weights = their average.  Stops when
    the log-likelihood improves by less than ``tol`` per person.
    """
    n, k = loglik.shape
    if n == 0:
        return np.full(k, 1.0 / k)
    # float32 halves the memory traffic of the two products per step, which is all EM does
    lik = np.exp(loglik - loglik.max(axis=1, keepdims=True)).astype(np.float32)
    w = np.full(k, 1.0 / k)
    last = -np.inf
    for _ in range(max_iter):
        marginal = (lik @ w.astype(np.float32)).astype(np.float64)
        ll = float(np.log(marginal).mean())
        w = w * (lik.T @ (1.0 / marginal).astype(np.float32)).astype(np.float64) / n
        if ll - last < tol:
            break
        last = ll
    return np.asarray(w / w.sum(), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class PopulationPrior:
    """The estimated distribution of log-RR across people for one factor at one lag.

    Attributes:
        weights: probability of each ``grid`` point (sums to 1).
        n_people: informative people it was fitted on (both exposed and unexposed days, ≥ 1
            onset).
        pooled: False when too few people (< ``MIN_PEOPLE``): the prior is then flat and
            each person is judged on their own data.
    """

    factor: str
    kind: str
    lag: int
    weights: FloatArray
    n_people: int
    pooled: bool

    def share(self, rr_at_least: float) -> float:
        """Estimated share of people whose RR is at least ``rr_at_least`` (≤ 1: at most)."""
        cut = math.log(rr_at_least)
        mask = cut - 1e-9 <= GRID if rr_at_least > 1 else cut + 1e-9 >= GRID
        return float(self.weights[mask].sum())

    def quantile(self, q: float) -> float:
        """RR at the population quantile ``q``."""
        i = int(np.searchsorted(np.cumsum(self.weights), q - 1e-12))
        return math.exp(float(GRID[min(i, GRID.size - 1)]))

    @property
    def mean_log_rr(self) -> float:
        return float(self.weights @ GRID)

    @property
    def sd_log_rr(self) -> float:
        second = float(self.weights @ GRID**2)
        return math.sqrt(max(second - self.mean_log_rr**2, 0.0))


def estimate_prior(
    factor: str,
    kind: str,
    lag: int,
    tables: tuple[IntArray, IntArray, IntArray, IntArray],
    *,
    min_people: int = MIN_PEOPLE,
) -> PopulationPrior:
    """Fit the population prior of one factor × lag from people's tables (a, n1, c, n0)."""
    a, n1, c, n0 = (np.asarray(x, dtype=np.int64) for x in tables)
    informative = (n1 > 0) & (n0 > 0) & (a + c > 0)
    n = int(informative.sum())
    if n < min_people:
        return PopulationPrior(factor, kind, lag, np.full(GRID.size, 1 / GRID.size), n, False)
    ll = profile_loglik(a[informative], n1[informative], c[informative], n0[informative])
    return PopulationPrior(factor, kind, lag, fit_prior(ll), n, True)


@dataclass(frozen=True, slots=True)
class Shrunken:
    """Per-table posterior summaries (arrays aligned with the input tables).

    Attributes:
        rr: posterior median RR (the shrunken estimate).
        low / high: 95 % equal-tailed credible interval of RR.
        not_trigger: P(RR < 1.2 | data) — the error rate if called a trigger.
        not_protector: P(RR > 1/1.2 | data) — the same for a protector.
    """

    rr: FloatArray
    low: FloatArray
    high: FloatArray
    not_trigger: FloatArray
    not_protector: FloatArray


def shrink(loglik: FloatArray, weights: FloatArray, grid: FloatArray = GRID) -> Shrunken:
    """Posterior over the grid for every table, summarised."""
    logpost = loglik + np.log(np.maximum(weights, 1e-300))[None, :]
    post = np.exp(logpost - logpost.max(axis=1, keepdims=True))
    post /= post.sum(axis=1, keepdims=True)
    cdf = np.cumsum(post, axis=1)

    def q(p: float) -> FloatArray:
        idx = np.minimum((cdf < p - 1e-12).sum(axis=1), grid.size - 1)
        return np.asarray(np.exp(grid[idx]), dtype=np.float64)

    margin = math.log(NEGLIGIBLE_RR) - 1e-9
    below = post[:, grid < margin].sum(axis=1)
    above = post[:, grid > -margin].sum(axis=1)
    return Shrunken(q(0.5), q(0.025), q(0.975), below, above)


def bayes_fdr_verdicts(
    person: IntArray,
    shrunk: Shrunken,
    own_direction: IntArray,
    eligible: NDArray[np.bool_],
    fdr: float,
) -> NDArray[np.str_]:
    """Verdict per row: each person's longest list of rows with mean false sign rate ≤ fdr.

    ``own_direction`` is the sign of the person's own log-RR (+1, −1, 0); a row is called only
    when it is ``eligible`` (the person's own minimum data) and the call agrees with it.
    """
    n = person.size
    out = np.full(n, UNDECIDED, dtype="<U16")
    is_trigger = shrunk.not_trigger <= shrunk.not_protector
    error = np.where(is_trigger, shrunk.not_trigger, shrunk.not_protector)
    agrees = np.where(is_trigger, own_direction > 0, own_direction < 0)
    candidate = np.flatnonzero(eligible & agrees)
    if candidate.size == 0:
        return out
    order = candidate[np.lexsort((error[candidate], person[candidate]))]
    who, err = person[order], error[order]
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, who.size]))
    cum = np.cumsum(err)
    before = np.r_[0.0, cum][starts][group]
    rank = np.arange(who.size) - starts[group] + 1
    mean_err = (cum - before) / rank
    called = mean_err <= fdr  # errors ascend, so the running mean does: a prefix
    rows = order[called]
    out[rows] = np.where(is_trigger[rows], TRIGGER, PROTECTOR)
    return out
