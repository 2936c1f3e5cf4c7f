"""The factor × day exposure matrix built from ``Exposure`` records.

One boolean row per factor ("was it there that day?") plus the earliest *timed* minute of the
day, so lag-0 and timing checks can ask "was it logged before clock time T?".  A date-only
exposure is present that day but can never be placed before anything on the same day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from gutbrain.domain.exposure import Exposure
from gutbrain.domain.names import normalise_name as normalise_name

#: ``first_minute`` value for "no timed exposure that day".
UNTIMED = 24 * 60
#: ``last_minute`` value for "no timed exposure that day".
NO_TIME = -1


@dataclass(frozen=True, slots=True)
class Factor:
    """A factor as the person sees it, and what sort of thing it is (spec ``kind``)."""

    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ExposureMatrix:
    """Factors × days over the diary calendar (column 0 = ``first_day``).

    Attributes:
        factors: one entry per row.
        present: the factor was logged that day (any time, or date only).
        first_minute: earliest timed local minute that day, ``UNTIMED`` if none was timed.
        last_minute: latest timed local minute that day, ``NO_TIME`` (-1) if none was timed.
    """

    first_day: date
    factors: tuple[Factor, ...]
    present: NDArray[np.bool_]
    first_minute: NDArray[np.int64]
    last_minute: NDArray[np.int64]

    @property
    def n_factors(self) -> int:
        return len(self.factors)

    def row(self, name: str) -> int | None:
        key = normalise_name(name)
        for i, f in enumerate(self.factors):
            if f.name == key:
                return i
        return None

    def landmark(self, row: int, quantile: float, lo: int, hi: int) -> int | None:
        """Clock minute (full hour) by which ``quantile`` of the timed exposures happened.

        Clamped to [lo, hi]; None when fewer than 5 days have a timed exposure.  It depends on
        exposure times only, never on outcomes, so it can be chosen before testing.
        """
        minutes = self.first_minute[row][self.first_minute[row] < UNTIMED]
        if minutes.size < 5:
            return None
        q = float(np.quantile(minutes, quantile))
        return int(min(max(math.ceil((q + 1) / 60) * 60, lo), hi))


def build_matrix(exposures: Iterable[Exposure], first_day: date, n_days: int) -> ExposureMatrix:
    """Collect exposures into the matrix; days outside the calendar are ignored.

    Factors are keyed by normalised name; the first kind seen names the row's kind.
    """
    index: dict[str, int] = {}
    keys: dict[str, str] = {}  # raw name → normalised (names repeat thousands of times)
    kinds: list[str] = []
    rows: list[int] = []
    cols: list[int] = []
    mins: list[int] = []
    for ex in exposures:
        col = (ex.day - first_day).days
        if not 0 <= col < n_days:
            continue
        key = keys.get(ex.factor)
        if key is None:
            key = keys[ex.factor] = normalise_name(ex.factor)
        if not key:
            continue
        row = index.get(key)
        if row is None:
            row = index[key] = len(kinds)
            kinds.append(ex.kind)
        rows.append(row)
        cols.append(col)
        mins.append(UNTIMED if ex.minute is None else min(max(ex.minute, 0), UNTIMED - 1))
    n_f = len(kinds)
    present = np.zeros((n_f, n_days), dtype=bool)
    first_minute = np.full((n_f, n_days), UNTIMED, dtype=np.int64)
    last_minute = np.full((n_f, n_days), NO_TIME, dtype=np.int64)
    if rows:
        r = np.asarray(rows)
        c = np.asarray(cols)
        m = np.asarray(mins, dtype=np.int64)
        present[r, c] = True
        np.minimum.at(first_minute, (r, c), m)
        np.maximum.at(last_minute, (r, c), np.where(m == UNTIMED, NO_TIME, m))
    factors = tuple(Factor(name, kind) for name, kind in zip(index, kinds, strict=True))
    return ExposureMatrix(first_day, factors, present, first_minute, last_minute)
