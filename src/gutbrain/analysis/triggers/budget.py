"""Where the multiple-testing budget is spent: weights for weighted Benjamini–Hochberg.

Each tested factor × lag row gets a weight; the weights average 1 over the tested rows and BH
runs on p / weight (Genovese, Roeder & Wasserman 2006).  FDR control holds whatever the weights,
provided they are fixed before the outcome is looked at.

* **prior** (``weighting="prior"``; the default is ``"none"``, plain BH) — the prior odds that the factor is a trigger
  for someone like this person (``prior.py``: the shipped population prior, or a cohort's),
  relative to the tested rows' average, bounded to [``PRIOR_MIN``, ``PRIOR_MAX``] after
  rescaling, so a wrong prior costs a row at most half its budget and never hands one row the
  whole of it.  It depends on the factor's name, kind and lag only.
* **power** (``weighting="power"``, for comparison) — each row's approximate one-sided power to
  see a tripling of risk at the Bonferroni level, from its margins (Fisher's test conditions on
  them, so under the null they say nothing about its p).  On the independent simulator it lost
  power (docs/triggers.md §4): it hands the budget to rows that would pass anyway.

``prior_share`` says how much of a row's evidence is the prior's: the log of its prior weight
against the log of the strongest evidence its p can carry (the minimum Bayes factor bound
−e·p·ln p, Sellke, Bayarri & Berger 2001, Am Stat 55:62).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from gutbrain.analysis.stats import weighted_bh
from gutbrain.analysis.triggers.prior import TriggerPrior

FloatArray = NDArray[np.float64]

#: The effect a row's power is judged at: a tripling (§5.2: what one person can hope to see).
POWER_RR = 3.0
#: Every tested row keeps at least this much power-weight (nothing is switched off entirely).
POWER_FLOOR = 0.1
#: Bounds of the prior part of a weight, relative to the tested rows' mean prior odds.
PRIOR_MIN, PRIOR_MAX = 0.5, 3.0

WEIGHTINGS = ("none", "power", "prior")


@dataclass(frozen=True, slots=True)
class Budget:
    """Per tested row: its weight, the prior part of it, and the q-values with and without."""

    weight: FloatArray
    #: How much the prior raised (> 1) or lowered the row's weight against power alone.
    prior_weight: FloatArray
    prior: FloatArray
    q: FloatArray
    q_without_prior: FloatArray


def approximate_power(
    n1: NDArray[np.int64], n0: NDArray[np.int64], onsets: NDArray[np.int64], alpha: float
) -> FloatArray:
    """One-sided power to detect RR = ``POWER_RR`` at level ``alpha`` (normal approximation on
    the log RR, with the observed onset total split as the alternative would split it)."""
    n1f, n0f, cf = n1.astype(float), n0.astype(float), onsets.astype(float)
    days = n1f + n0f
    share = n1f / np.maximum(days, 1)
    p0 = cf / np.maximum(days, 1) / (1 + share * (POWER_RR - 1))
    p1 = np.minimum(POWER_RR * p0, 0.999)
    e1, e0 = n1f * p1, n0f * p0
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(1 / e1 - 1 / n1f + 1 / e0 - 1 / n0f)
        z = math.log(POWER_RR) / se - norm.isf(alpha)
    power = np.where(np.isfinite(z), norm.cdf(z), 0.0)
    return np.asarray(power, dtype=float)


def budget(
    p: FloatArray,
    n1: NDArray[np.int64],
    n0: NDArray[np.int64],
    onsets: NDArray[np.int64],
    prior: FloatArray,
    fdr: float,
    weighting: str = "prior",
    prior_max: float = PRIOR_MAX,
) -> Budget:
    """Weights and weighted-BH q-values for the tested rows (arrays of equal length)."""
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r}: use one of {', '.join(WEIGHTINGS)}")
    m = p.size
    ones = np.ones(m)
    if m == 0 or weighting == "none":
        q = weighted_bh(p, ones)
        return Budget(ones, ones, prior, q, q)
    if weighting == "power":
        power = np.maximum(approximate_power(n1, n0, onsets, fdr / m), POWER_FLOOR)
    else:
        power = ones
    odds = prior / (1 - prior)
    prior_weight = _bounded(odds, prior_max) if weighting == "prior" else ones
    weight = power * prior_weight
    weight = weight * (m / weight.sum())
    plain = power * (m / power.sum())
    return Budget(weight, weight / plain, prior, weighted_bh(p, weight), weighted_bh(p, plain))


def _bounded(odds: FloatArray, high: float) -> FloatArray:
    """Odds relative to their mean, within [PRIOR_MIN, high] *after* rescaling to mean 1
    (clip and rescale until both hold; a few rounds suffice)."""
    w = odds / odds.mean()
    for _ in range(50):
        w = np.clip(w, PRIOR_MIN, high)
        w = w / w.mean()
        if w.max() <= high * (1 + 1e-9) and w.min() >= PRIOR_MIN * (1 - 1e-9):
            break
    return np.asarray(w, dtype=float)


def prior_share(p: float, prior_weight: float) -> float:
    """Share of a row's evidence that is the prior's (0 when the prior did not raise it)."""
    if prior_weight <= 1 or p <= 0:
        return 0.0
    bound = -math.e * p * math.log(p) if p < 1 / math.e else 1.0
    evidence = -math.log(bound)
    lift = math.log(prior_weight)
    return lift / (lift + evidence)


def row_priors(
    prior: TriggerPrior, names: list[str], kinds: list[str], lags: list[int]
) -> FloatArray:
    """π of every row."""
    return np.asarray(
        [prior.probability(f, k, lag) for f, k, lag in zip(names, kinds, lags, strict=True)],
        dtype=float,
    )
