"""Timing checks that tell an early symptom of an attack from its trigger (statistics.md §0.1, §1.6).

A craving in the hours before an attack looks exactly like a lag-1 trigger in the 2×2 table;
what differs is timing: a premonitory exposure is locked to the onset clock (ICHD-3: premonitory
symptoms up to 48 h before the headache), a trigger to the person's usual habits.

* ``prodrome_timing``: the lag-1 table with only exposures ≥ 12 h before every counted onset;
* ``window_free_lag2``: the lag-2 table with only exposures ≥ 48 h before every counted onset —
  the only diary evidence that can make a known premonitory factor a trigger;
* ``timing_shift``: are the day's entries later on days before an onset than on other days?
  (one-sided Mann–Whitney; a craving the evening before a morning attack shifts them late.)

Every rule looks at exposure times chosen the same way on days with and without an onset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import mannwhitneyu

from gutbrain.analysis.attacks import NO_MINUTE, DaySeries
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.stats import fisher_one_sided, koopman_ci
from gutbrain.analysis.triggers.tables import lag_design

#: ICHD-3 (statistics.md §4.1): premonitory symptoms start up to 48 h before the headache.
PREMONITORY_WINDOW_MIN = 48 * 60
#: Prodrome check: counted exposures precede every counted onset by at least this long.
PRODROME_GAP_MIN = 12 * 60
#: Latest clock cut-off for "early" exposures on the day before (keeps onsets from 08:00 on).
PRODROME_CUTOFF_RANGE = (12 * 60, 20 * 60)
#: Cut-off range for the lag-2 window-free table (onsets counted from the same clock time).
WINDOW_CUTOFF_RANGE = (9 * 60, 20 * 60)
#: One-sided Mann–Whitney p at or below which entries are "later before attacks".
TIMING_ALPHA = 0.01
#: Fewest timed days in each arm before the time-of-day comparison is made.
TIMING_MIN_DAYS = 5


@dataclass(frozen=True, slots=True)
class TimingResult:
    """A lag table using only exposures at least a given time before every counted onset."""

    cutoff: int  # exposure counted when logged before this clock minute on its day
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
    """Lag-1 table with early exposures only; None without timed exposures.

    Exposed = logged before the cut-off c (the hour by which 75 % of its timed exposures
    happened, 12:00–20:00) on the day before; outcome = onset at or after c + 12 h − 24 h;
    days whose factor was logged only later or without a time are left out.
    """
    cutoff = matrix.landmark(row, 0.75, *PRODROME_CUTOFF_RANGE)
    if cutoff is None:
        return None
    return _early_table(matrix, row, series, 1, cutoff, max(cutoff + PRODROME_GAP_MIN - 24 * 60, 0))


def window_free_lag2(matrix: ExposureMatrix, row: int, series: DaySeries) -> TimingResult | None:
    """Lag-2 table with only exposures ≥ 48 h before every counted onset (None: untimed).

    Exposed = logged before the cut-off c (75 % of its timed exposures, 09:00–20:00) two days
    before; outcome = an onset at or after c on the day, so every counted exposure precedes
    every counted onset by at least 48 h.
    """
    cutoff = matrix.landmark(row, 0.75, *WINDOW_CUTOFF_RANGE)
    if cutoff is None:
        return None
    return _early_table(matrix, row, series, 2, cutoff, cutoff + PREMONITORY_WINDOW_MIN - 48 * 60)


def _early_table(
    matrix: ExposureMatrix, row: int, series: DaySeries, lag: int, cutoff: int, onset_from: int
) -> TimingResult:
    base = lag_design(series, lag)
    timed = series.onset_minute != NO_MINUTE
    late_onset = series.onset & (series.onset_minute < onset_from)
    if onset_from > 0:
        late_onset |= series.onset & ~timed
    pad = np.zeros(lag, dtype=bool)
    prev_present = np.concatenate((pad, matrix.present[row][:-lag]))
    prev_early = np.concatenate((pad, matrix.first_minute[row][:-lag] < cutoff))
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


@dataclass(frozen=True, slots=True)
class TimingShift:
    """Time of the day's last entry, on days before an onset vs other days (lag 1)."""

    median_before: int
    median_other: int
    days_before: int
    days_other: int
    p: float  # one-sided: later before onsets


def timing_shift(matrix: ExposureMatrix, row: int, series: DaySeries) -> TimingShift | None:
    """Compare the last timed entry of exposure days followed by an onset with the others.

    Under a trigger the time of day does not depend on tomorrow's attack; a premonitory craving
    comes in the hours before it, so later in the day.  None when either arm has < 5 timed days.
    """
    design = lag_design(series, 1)
    last = matrix.last_minute[row]
    timed_prev = np.concatenate(([False], (last >= 0)[:-1]))
    prev_minute = np.concatenate(([NO_MINUTE], last[:-1]))
    use = design.rows & timed_prev
    before = prev_minute[use & design.outcome]
    other = prev_minute[use & ~design.outcome]
    if before.size < TIMING_MIN_DAYS or other.size < TIMING_MIN_DAYS:
        return None
    p = float(mannwhitneyu(before, other, alternative="greater").pvalue)
    return TimingShift(int(np.median(before)), int(np.median(other)), before.size, other.size, p)
