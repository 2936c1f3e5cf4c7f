"""Which days enter a factor's 2×2 table at a given lag, identical rules on every day.

Lag L ≥ 1: an at-risk day t is counted when day t − L was kept (else its exposure is unknown)
and had no attack (what people eat or do during an attack is shaped by it — the reference's
"≥ 1 attack-free day before" rule, statistics.md §0), and so did every day in between;
exposed = the factor was logged on day
t − L; outcome = an onset on day t.

Lag 0 uses a landmark (statistics.md §0.1, "lag 0 asymmetry"): a per-factor clock time T
chosen from the factor's own exposure times only.  Exposed = logged with a time before T;
outcome = an onset at or after T; days whose onset was before T (or had no time) are left out.
The same cut-off applies to every day, so an evening meal cannot look protective merely
because on attack days it came after the onset.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import NO_MINUTE, DaySeries, lagged
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.domain.text import clock as clock

BoolArray = NDArray[np.bool_]

#: Lag-0 landmark: the hour by which 75 % of the factor's timed exposures happened, kept
#: between 06:00 and 21:00 so some of the day is left for onsets after it.
LANDMARK_QUANTILE = 0.75
LANDMARK_MIN, LANDMARK_MAX = 6 * 60, 21 * 60


@dataclass(frozen=True, slots=True)
class DayDesign:
    """Days of one 2×2 table: ``rows`` at-risk days, ``outcome`` onsets among them."""

    lag: int
    rows: BoolArray
    outcome: BoolArray
    landmark: int | None = None  # lag 0 only: clock minute T
    wake: NDArray[np.int64] | None = None  # lag 0 of sleep factors: each day's wake-up minute

    @property
    def n_days(self) -> int:
        return int(self.rows.sum())

    @property
    def n_onsets(self) -> int:
        return int(self.outcome.sum())


def lag_design(series: DaySeries, lag: int) -> DayDesign:
    """At-risk days and onsets for lag ≥ 1 (shared by every factor).

    Every day from the exposure day to the day before the outcome day must be kept and
    attack-free: an attack in between (caused, say, by a lag-1 trigger) is followed by a
    refractory day, which would make the same trigger look protective at lag 2.
    """
    clear = series.covered & ~series.event_day
    rows = series.at_risk.copy()
    for k in range(1, lag + 1):
        rows &= lagged(clear, k, False)
    return DayDesign(lag, rows, series.onset & rows)


def landmark_design(series: DaySeries, landmark: int) -> DayDesign:
    """At-risk days and onsets for lag 0 with clock cut-off ``landmark`` (minutes)."""
    timed = series.onset_minute != NO_MINUTE
    early = series.onset & (~timed | (series.onset_minute < landmark))
    rows = series.at_risk & ~early
    return DayDesign(0, rows, series.onset & rows, landmark)


def wake_design(series: DaySeries, wake: NDArray[np.int64]) -> DayDesign:
    """Lag 0 anchored at each day's own wake-up: the night is over, only later onsets count.

    For sleep factors the exposure (last night's length) is complete at waking, so the natural
    landmark is the day's wake-up time rather than one clock time for all days: days without a
    logged wake-up, and days whose onset came before it (a night attack, which also shortens
    the night), are left out.  The rule is the same on every day.
    """
    timed = series.onset_minute != NO_MINUTE
    early = series.onset & (~timed | (series.onset_minute < wake))
    rows = series.at_risk & (wake >= 0) & ~early
    return DayDesign(0, rows, series.onset & rows, None, wake)


def exposed_days(matrix: ExposureMatrix, design: DayDesign, rows: NDArray[np.int64]) -> BoolArray:
    """Exposure indicator (len(rows) × days) aligned to the outcome day of ``design``."""
    if design.wake is not None:  # logged by the time the person woke up
        return np.asarray(matrix.first_minute[rows] <= design.wake[None, :])
    if design.lag == 0:
        assert design.landmark is not None
        return np.asarray(matrix.first_minute[rows] < design.landmark)
    return np.asarray(lagged(matrix.present[rows].T, design.lag, False).T)


def counts(exposed: BoolArray, design: DayDesign) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(exposed at-risk days, exposed onsets) per row, by matrix products."""
    x = exposed.astype(np.float32)
    n1 = x @ design.rows.astype(np.float32)
    a = x @ design.outcome.astype(np.float32)
    return np.rint(n1).astype(np.int64), np.rint(a).astype(np.int64)


#: Fewest days with a logged wake-up before sleep factors use the wake-up design.
MIN_WAKE_DAYS = 30


def landmark_of(matrix: ExposureMatrix, row: int) -> int | None:
    """The lag-0 landmark of a factor (None: too few timed exposures for lag 0)."""
    return matrix.landmark(row, LANDMARK_QUANTILE, LANDMARK_MIN, LANDMARK_MAX)
