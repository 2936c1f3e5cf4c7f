"""Per-person 2×2 tables for cohort mode, from a diary's day arrays and exposure rows.

The tables are the trigger engine's own (``analysis.tables``: the same at-risk days, onsets and
lag rule for every factor), so a person's cohort row and their personal report count the same
days.  Cohort mode uses lags 1 and 2 only: lag 0 needs per-person clock landmarks
(statistics.md §0.1) that do not pool across people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import NO_MINUTE, DaySeries
from gutbrain.analysis.exposures import NO_TIME, UNTIMED, ExposureMatrix, Factor
from gutbrain.analysis.triggers.engine import EngineConfig, summarise_diary
from gutbrain.analysis.triggers.tables import counts, exposed_days, lag_design

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
COHORT_LAGS = (1, 2)
#: The engine's thresholds (minimum diary and per-factor data) apply unchanged.
ENGINE = EngineConfig()


@dataclass(frozen=True, slots=True)
class DiaryArrays:
    """What a cohort snapshot keeps of one diary: day arrays and which factor was on which day.

    Attributes:
        diary: an opaque identifier (the diary's id; never its name).
        covered / event_day / onset / at_risk: as in ``DaySeries`` (index 0 = ``first_day``).
        factors: one per row of ``present`` (factors × days).
    """

    diary: str
    first_day: date
    covered: BoolArray
    event_day: BoolArray
    onset: BoolArray
    at_risk: BoolArray
    factors: tuple[Factor, ...]
    present: BoolArray

    @classmethod
    def from_engine(cls, diary: str, series: DaySeries, matrix: ExposureMatrix) -> DiaryArrays:
        """Keep the parts of the engine's inputs that lags ≥ 1 use."""
        return cls(
            diary, series.first_day, series.covered, series.event_day, series.onset,
            series.at_risk, matrix.factors, matrix.present,
        )  # fmt: skip

    def series(self) -> DaySeries:
        minute = np.full(self.covered.size, NO_MINUTE, dtype=np.int64)
        return DaySeries(
            self.first_day, self.covered, self.event_day, self.onset, minute, self.at_risk
        )


@dataclass(frozen=True, slots=True)
class PersonTables:
    """One person's tables: one element per factor × lag (a = exposed onsets of n1 days)."""

    diary: str
    enough: bool  # the diary meets the engine's minimum data (days, completion, onsets)
    factors: tuple[Factor, ...]
    factor_index: IntArray
    lag: IntArray
    n1: IntArray
    a: IntArray
    n0: IntArray
    c: IntArray


def person_tables(
    arrays: DiaryArrays, lags: tuple[int, ...] = COHORT_LAGS, config: EngineConfig = ENGINE
) -> PersonTables:
    """Every factor × lag table of one diary (matrix products, as the engine does)."""
    series = arrays.series()
    n_f = len(arrays.factors)
    matrix = ExposureMatrix(
        arrays.first_day, arrays.factors, arrays.present,
        np.full(arrays.present.shape, UNTIMED, dtype=np.int64),
        np.full(arrays.present.shape, NO_TIME, dtype=np.int64),
    )  # fmt: skip
    rows = np.arange(n_f)
    parts: list[tuple[IntArray, ...]] = []
    for lag in lags:
        design = lag_design(series, lag)
        n1, a = counts(exposed_days(matrix, design, rows), design)
        lag_col = np.full(n_f, lag, dtype=np.int64)
        parts.append((rows, lag_col, n1, a, design.n_days - n1, design.n_onsets - a))
    f_idx, lag_arr, n1s, as_, n0s, cs = (np.concatenate(x) for x in zip(*parts, strict=True))
    return PersonTables(
        arrays.diary, summarise_diary(series, config).enough, arrays.factors,
        f_idx, lag_arr, n1s, as_, n0s, cs,
    )  # fmt: skip


def own_minimum(
    n1: IntArray, a: IntArray, n0: IntArray, c: IntArray, config: EngineConfig = ENGINE
) -> BoolArray:
    """The engine's per-factor rule for a row to be tested (statistics.md §0, minimum data):
    enough exposed and unexposed days, and ≥ 3 exposed onsets observed or expected."""
    total = n1 + n0
    expected = np.where(total > 0, n1 * (a + c) / np.maximum(total, 1), 0.0)
    return np.asarray(
        (n1 >= config.min_exposed_days)
        & (n0 >= config.min_unexposed_days)
        & ((a >= config.min_exposed_onsets) | (expected >= config.min_exposed_onsets))
    )
