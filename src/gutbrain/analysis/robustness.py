"""Checks every trigger/protector candidate must survive before it is called one.

* circular-shift permutation (statistics.md §2.7): keeps the exposure's own autocorrelation and
  asks how often a shifted copy lines up with the onsets as well as the real one;
* Mantel–Haenszel RR stratified on the perimenstrual window and weekday/weekend (§0, §2.5);
* co-occurring factor: does the association vanish within strata of a factor eaten on the same
  days while that factor's own association survives (``confounded_by:<factor>``)?
* prodrome timing (§0.1, §1.6): a lag-1 association recomputed with only exposures logged at
  least 12 h before any counted onset, so cravings locked to the onset time cannot contribute.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import NO_MINUTE, DaySeries
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.stats import (
    MantelHaenszel,
    fisher_one_sided,
    koopman_ci,
    mantel_haenszel_rr,
)
from gutbrain.analysis.tables import DayDesign, lag_design

BoolArray = NDArray[np.bool_]

#: Shifts shorter than a week keep most of the alignment (§2.7: "random offset ≥ 7 days").
MIN_SHIFT = 7
#: The permutation p above which a candidate "fails_permutation".
PERMUTATION_ALPHA = 0.05
#: An adjusted (stratified) association must keep MH χ² p ≤ this to count as surviving.
ADJUSTED_ALPHA = 0.05
#: A factor on at least this share of the candidate's exposed days is "co-occurring".
CO_OCCURRENCE = 0.5
MAX_CO_FACTORS = 8
#: Jaccard similarity from which two factors count as logged on the same days.
SAME_DAYS = 0.95
#: Factors on at least this share of at-risk days give no contrast to stratify on.
UBIQUITOUS = 0.9
#: Prodrome check: counted exposures precede every counted onset by at least this long.
PRODROME_GAP_MIN = 12 * 60
#: Latest clock cut-off for "early" exposures on the day before (keeps onsets from 08:00 on).
PRODROME_CUTOFF_RANGE = (12 * 60, 20 * 60)


def log_rr(
    a: NDArray[np.float64], n1: NDArray[np.float64], onsets: int, days: int
) -> NDArray[np.float64]:
    """Log RR with +0.5 in every cell (finite for every shift of the permutation test)."""
    c = onsets - a
    n0 = days - n1
    return np.asarray(np.log((a + 0.5) / (n1 + 1.0)) - np.log((c + 0.5) / (n0 + 1.0)))


def circular_shift_p(exposed: BoolArray, design: DayDesign, higher: bool) -> float:
    """One-sided permutation p of the log RR over every circular shift of ≥ 7 days.

    ``exposed`` is the factor's series aligned to outcome days.  All shifts are enumerated via
    FFT cross-correlation (exact, no random seed), p = (1 + #as extreme) / (1 + #shifts).
    """
    n = exposed.size
    shifts = np.arange(MIN_SHIFT, n - MIN_SHIFT + 1)
    if shifts.size == 0:
        return 1.0
    fx = np.conj(np.fft.rfft(exposed.astype(float)))
    n1_all = np.fft.irfft(np.fft.rfft(design.rows.astype(float)) * fx, n)
    a_all = np.fft.irfft(np.fft.rfft(design.outcome.astype(float)) * fx, n)
    n1_all, a_all = np.rint(n1_all), np.rint(a_all)
    stat = log_rr(a_all, n1_all, design.n_onsets, design.n_days)
    observed = stat[0]
    null = stat[shifts]
    extreme = null >= observed - 1e-12 if higher else null <= observed + 1e-12
    return float((1 + extreme.sum()) / (1 + shifts.size))


def stratified(exposed: BoolArray, design: DayDesign, strata: NDArray[np.int64]) -> MantelHaenszel:
    """MH risk ratio of the factor over the strata codes (one code per day)."""
    a, n1, c, n0 = [], [], [], []
    for code in np.unique(strata[design.rows]):
        mask = design.rows & (strata == code)
        x = exposed & mask
        a.append(int((x & design.outcome).sum()))
        n1.append(int(x.sum()))
        c.append(int((mask & ~exposed & design.outcome).sum()))
        n0.append(int((mask & ~exposed).sum()))
    return mantel_haenszel_rr(a, n1, c, n0)


def survives(mh: MantelHaenszel, higher: bool) -> bool:
    """Adjusted association still on the same side of 1 with MH χ² p ≤ ADJUSTED_ALPHA."""
    if mh.strata_used == 0 or math.isnan(mh.rr):
        return False
    side = mh.rr > 1 if higher else mh.rr < 1
    return side and mh.p <= ADJUSTED_ALPHA


@dataclass(frozen=True, slots=True)
class CoFactorResult:
    """Outcome of stratifying a candidate on one co-occurring factor, and vice versa."""

    other: int
    overlap: float  # share of the candidate's exposed days that also had the other factor
    jaccard: float  # shared days / days with either
    candidate_given_other: MantelHaenszel
    other_given_candidate: MantelHaenszel

    @property
    def same_days(self) -> bool:
        """Logged on (almost) exactly the same days: the diary holds one series, not two."""
        return self.jaccard >= SAME_DAYS

    @property
    def explains(self) -> bool:
        """The other factor's association survives within the candidate's strata, not vice versa."""
        return (
            self.candidate_given_other.p > ADJUSTED_ALPHA
            and self.other_given_candidate.p <= ADJUSTED_ALPHA
        )

    @property
    def inseparable(self) -> bool:
        """Neither association survives stratification on the other: too few discordant days."""
        return (
            self.candidate_given_other.p > ADJUSTED_ALPHA
            and self.other_given_candidate.p > ADJUSTED_ALPHA
        )


def co_factors(row: int, all_exposed: BoolArray, design: DayDesign) -> list[CoFactorResult]:
    """Stratify the candidate on each factor sharing ≥ 50 % of its exposed days.

    Factors present on ≥ 90 % of the at-risk days (water, the morning coffee) offer no
    contrast and are skipped.
    """
    on_rows = all_exposed & design.rows
    mine = on_rows[row]
    n_mine = int(mine.sum())
    if n_mine == 0:
        return []
    shared = (on_rows & mine).sum(axis=1)
    overlap = shared / n_mine
    union = (on_rows | mine).sum(axis=1)
    prevalence = on_rows.sum(axis=1) / max(design.n_days, 1)
    overlap[row] = 0.0
    overlap[prevalence >= UBIQUITOUS] = 0.0
    results = []
    for j in np.argsort(-overlap)[:MAX_CO_FACTORS]:
        if overlap[j] < CO_OCCURRENCE:
            break
        other = all_exposed[j]
        results.append(
            CoFactorResult(
                int(j),
                float(overlap[j]),
                float(shared[j] / max(union[j], 1)),
                stratified(all_exposed[row], design, other.astype(np.int64)),
                stratified(other, design, all_exposed[row].astype(np.int64)),
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class TimingResult:
    """Lag-1 table using only exposures ≥ 12 h before every counted onset."""

    cutoff: int  # exposure counted when logged before this clock minute on the day before
    onset_from: int  # onsets counted from this clock minute on
    exposed_days: int
    exposed_onsets: int
    days: int
    onsets: int
    rr: float
    ci_low: float
    ci_high: float
    p_greater: float

    @property
    def informative(self) -> bool:
        """Enough early exposures to expect ≥ 3 onsets among them if nothing changed."""
        return self.days > 0 and self.exposed_days * self.onsets / self.days >= 3


def prodrome_timing(matrix: ExposureMatrix, row: int, series: DaySeries) -> TimingResult | None:
    """Recompute the lag-1 table with early exposures only; None without timed exposures.

    Exposed = logged before the cut-off c (the hour by which 75 % of its timed exposures
    happened, 12:00–20:00) on the day before; outcome = onset at or after c + 12 h − 24 h;
    days whose factor was logged only later or without a time are left out.  The rule looks
    at exposure times only, so it is the same on days with and without an onset.
    """
    cutoff = matrix.landmark(row, 0.75, *PRODROME_CUTOFF_RANGE)
    if cutoff is None:
        return None
    onset_from = max(cutoff + PRODROME_GAP_MIN - 24 * 60, 0)
    base = lag_design(series, 1)
    timed = series.onset_minute != NO_MINUTE
    late_onset = series.onset & (series.onset_minute < onset_from)
    if onset_from > 0:
        late_onset |= series.onset & ~timed
    prev_present = np.concatenate(([False], matrix.present[row][:-1]))
    prev_early = np.concatenate(([False], matrix.first_minute[row][:-1] < cutoff))
    rows = base.rows & ~late_onset & ~(prev_present & ~prev_early)
    outcome = series.onset & rows
    n1 = int((prev_early & rows).sum())
    a = int((prev_early & outcome).sum())
    days, onsets = int(rows.sum()), int(outcome.sum())
    n0, c = days - n1, onsets - a
    if n1 == 0 or n0 == 0:
        return TimingResult(cutoff, onset_from, n1, a, days, onsets, math.nan, 0.0, math.inf, 1.0)
    low, high = koopman_ci(a, n1, c, n0)
    rr = (a / n1) / (c / n0) if c > 0 else math.inf
    p = float(fisher_one_sided(np.array([a]), np.array([n1]), onsets, days, greater=True)[0])
    return TimingResult(cutoff, onset_from, n1, a, days, onsets, rr, low, high, p)
