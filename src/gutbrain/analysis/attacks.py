"""From outcome events to the day series the trigger engine needs: onsets and at-risk days.

The unit is the local diary day (statistics.md §0).  Consecutive event days, and a single
event-free (or missing) day between two event days, form one episode; only its first day is an
onset, and days 2..k are not at risk (a new attack cannot start during one).  Missing days are
never at risk and never count as "nothing happened".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
from numpy.typing import NDArray

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]

#: Minute value meaning "no onset / time unknown" in ``DaySeries.onset_minute``.
NO_MINUTE = -1


@dataclass(frozen=True, slots=True)
class OutcomeEvent:
    """One logged outcome event (an attack, or a GI-symptom day) in local diary time.

    Attributes:
        start_day: local day it started.
        start_minute: local minute of the day it started, None for a date-only entry.
        end_day: local day it ended (``start_day`` when instant or still open).
    """

    start_day: date
    start_minute: int | None
    end_day: date


@dataclass(frozen=True, slots=True)
class DaySeries:
    """Per-day outcome arrays over the diary's calendar (index 0 = ``first_day``).

    Attributes:
        first_day: the first calendar day of the diary.
        covered: the person kept the diary that day (not a "no entry" day).
        event_day: an outcome event touched the day.
        onset: the day is the first day of an episode.
        onset_minute: local minute of the onset (``NO_MINUTE`` if none or unknown).
        at_risk: a new episode could start that day (covered, not inside an episode).
    """

    first_day: date
    covered: BoolArray
    event_day: BoolArray
    onset: BoolArray
    onset_minute: IntArray
    at_risk: BoolArray

    @property
    def n_days(self) -> int:
        return int(self.covered.size)

    def day(self, index: int) -> date:
        return self.first_day + timedelta(days=index)

    def index(self, day: date) -> int:
        return (day - self.first_day).days


def build_day_series(
    first_day: date,
    last_day: date,
    events: Iterable[OutcomeEvent],
    missing_days: Iterable[date] = (),
) -> DaySeries:
    """Mark event days, merge them into episodes and derive onsets and at-risk days."""
    n = (last_day - first_day).days + 1
    if n <= 0:
        raise ValueError(f"diary ends ({last_day}) before it starts ({first_day})")
    covered = np.ones(n, dtype=bool)
    for d in missing_days:
        i = (d - first_day).days
        if 0 <= i < n:
            covered[i] = False
    event_day = np.zeros(n, dtype=bool)
    start_minute = np.full(n, 24 * 60, dtype=np.int64)  # earliest timed start per day
    untimed_start = np.zeros(n, dtype=bool)
    for ev in events:
        i0 = max((ev.start_day - first_day).days, 0)
        i1 = min((max(ev.end_day, ev.start_day) - first_day).days, n - 1)
        if i1 < 0 or i0 >= n:
            continue
        event_day[i0 : i1 + 1] = True
        s = (ev.start_day - first_day).days
        if 0 <= s < n:
            if ev.start_minute is None:
                untimed_start[s] = True
            else:
                start_minute[s] = min(start_minute[s], ev.start_minute)
    episode = _episodes(event_day)
    onset = episode & ~np.concatenate(([False], episode[:-1]))
    # An onset right after a missing day may have begun on that day: its onset day is unknown.
    after_missing = np.concatenate(([False], ~covered[:-1]))
    onset_minute = np.where(
        onset & ~untimed_start & (start_minute < 24 * 60), start_minute, NO_MINUTE
    ).astype(np.int64)
    at_risk = covered & (~episode | (onset & ~after_missing))
    return DaySeries(first_day, covered, event_day, onset & covered, onset_minute, at_risk)


def _episodes(event_day: BoolArray) -> BoolArray:
    """Event days plus single gap days sandwiched between two event days.

    The gap day may be event-free or missing (van der Arend: "a single missing entry between
    two migraine days = migraine day"; statistics.md §0).
    """
    episode = event_day.copy()
    if episode.size >= 3:
        episode[1:-1] |= event_day[:-2] & event_day[2:]
    return episode


def lagged(values: NDArray[Any], lag: int, fill: object) -> NDArray[Any]:
    """Shift a per-day array so index t holds the value of day t − lag (``fill`` at the start)."""
    if lag == 0:
        return values
    out = np.empty_like(values)
    out[:lag] = fill
    out[lag:] = values[:-lag]
    return out
