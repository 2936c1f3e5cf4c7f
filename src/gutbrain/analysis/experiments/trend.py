"""Before/during comparison for supplements and probiotics, adjusted for a time trend.

A probiotic taken for 8–10 weeks cannot be switched on and off in short periods (its effect
builds up and wears off slowly), so the comparison is the weeks before against the weeks
during.  This is a WEAKER design than a randomised one: anything else that changed at the
same time (season, stress, a new preventive, regression to the mean after a bad spell) is
mixed into the estimate.  A linear time trend on the log scale is adjusted for (segmented
Poisson regression, statsmodels GLM with a log link, one row per at-risk day), which removes
a steady drift but not a change that coincides with the start.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.experiments.stats import RateComparison, compare_rates

DESIGN_NOTE = (
    "Before/during comparison (not randomised): weaker evidence than a randomised N-of-1 "
    "experiment, because anything else that changed when you started is mixed into the result."
)


@dataclass(frozen=True, slots=True)
class TrendAdjusted:
    """Unadjusted rate ratio (during / before) and the trend-adjusted one with its Wald CI."""

    unadjusted: RateComparison
    rr: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    trend_per_30_days: float | None
    note: str = DESIGN_NOTE


def before_during(
    onset: NDArray[np.bool_], at_risk: NDArray[np.bool_], during: NDArray[np.bool_]
) -> TrendAdjusted:
    """Compare at-risk days during the supplement with those before it.

    Arrays are per calendar day; ``during`` marks the days on the supplement (after any
    build-up days the caller chose to leave out).
    """
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    keep = at_risk.astype(bool)
    y = (onset & keep)[keep].astype(float)
    d = during[keep].astype(float)
    t = np.flatnonzero(keep).astype(float) / 30.0
    unadjusted = compare_rates(int(y[d == 1].sum()), int((d == 1).sum()),
                               int(y[d == 0].sum()), int((d == 0).sum()))  # fmt: skip
    if y.sum() < 2 or d.sum() < 2 or (1 - d).sum() < 2:
        return TrendAdjusted(unadjusted, None, None, None, None, None)
    exog = np.column_stack([np.ones_like(t), d, t - t.mean()])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = sm.GLM(y, exog, family=sm.families.Poisson()).fit()
    beta, se = float(fit.params[1]), float(fit.bse[1])
    if not (math.isfinite(beta) and math.isfinite(se)) or se > 20:
        return TrendAdjusted(unadjusted, None, None, None, None, None)
    return TrendAdjusted(
        unadjusted,
        rr=math.exp(beta),
        ci_low=math.exp(beta - 1.959964 * se),
        ci_high=math.exp(beta + 1.959964 * se),
        p=float(fit.pvalues[1]),
        trend_per_30_days=math.exp(float(fit.params[2])),
    )
