"""N-of-1 experiment design: randomised schedules, the calendar they map to, and planning.

An experiment compares exposure periods (arm A: "have it") with avoidance periods (arm B:
"leave it out") in one person (statistics.md §3; AHRQ N-of-1 User's Guide ch. 4, block-pair
design; CENT 2015 item 3a).  Two randomised designs:

* ``random-blocks``: ``blocks`` pairs of periods, each pair AB or BA by a fair coin (the
  AHRQ two-treatment block-pair design).  2**blocks possible schedules, so the randomisation
  test can reach small p-values.
* ``abab``: alternating periods, the first one chosen by a fair coin (two possible
  schedules: easy to follow, but a randomisation test cannot go below p = 1/2).

The first ``washout`` days of every period (and of the days after a pause) are followed but
not analysed: they cover the lag-1/lag-2 exposure window of the trigger engine, so effects of
the previous period do not leak into this one (statistics.md §3: wash-out ≥ 2 days).

Allocation is concealed (CENT 2015 items 9/10): the order of block ``i`` is one bit of
HMAC-SHA256(secret, "design:i"), the secret being 256 random bits kept in the diary and shown
nobody until the experiment is over.  Knowing the first blocks tells nothing about the next
(an HMAC is a pseudo-random function), and extending adds blocks without changing the ones
already planned.  Experiments planned before the secret existed (``secret == ""``) keep their
old ``default_rng([seed, i])`` order, which can be worked out from the seed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Arm = Literal["A", "B"]
DESIGNS = ("random-blocks", "abab")
#: Not randomised: the weeks before against the weeks during (supplements, probiotics).
BEFORE_DURING = "before-during"
#: Power the plan aims for; a plan with less power to detect a doubling is "too short".
TARGET_POWER = 0.80
#: Two-sided level of the exact conditional test (statistics.md §0: α = 0.05 for one
#: pre-specified factor; an experiment tests one factor, so no multiplicity correction).
ALPHA = 0.05
#: Fewer expected onsets than this in the whole experiment cannot show anything.
MIN_EXPECTED_ONSETS = 6.0
MAX_BLOCKS = 26
#: Day labels in ``DayPlan.arm``: exposure, avoidance, not analysed.
ARM_A, ARM_B, NOT_ANALYSED = 1, 0, -1


@dataclass(frozen=True, slots=True)
class Design:
    """What was planned: the design, period length, number of blocks, wash-out, the
    randomisation secret (hex; "" for experiments planned with a bare seed) and on how many
    days a week the factor is had in an exposure period (the dose the power assumes)."""

    design: str
    period_days: int
    blocks: int
    washout_days: int
    seed: int = 0
    secret: str = ""
    exposure_days: int = 7

    def __post_init__(self) -> None:
        if self.design not in (*DESIGNS, BEFORE_DURING):
            raise ValueError(f"unknown design {self.design!r}: use {' or '.join(DESIGNS)}")
        if self.design == BEFORE_DURING and self.blocks != 1:
            raise ValueError("a before/during comparison has one 'during' period")
        if not 2 <= self.period_days <= (182 if self.design == BEFORE_DURING else 56):
            raise ValueError("a period must last between 2 and 56 days (26 weeks before/during)")
        if not 1 <= self.blocks <= MAX_BLOCKS:
            raise ValueError(f"the number of blocks must be between 1 and {MAX_BLOCKS}")
        if not 0 <= self.washout_days < self.period_days:
            raise ValueError("the wash-out must be shorter than a period (and not negative)")
        if not 1 <= self.exposure_days <= 7:
            raise ValueError("have it on between 1 and 7 days a week")

    @property
    def n_periods(self) -> int:
        return 1 if self.design == BEFORE_DURING else 2 * self.blocks

    @property
    def analysed_days_per_period(self) -> int:
        return self.period_days - self.washout_days

    @property
    def total_days(self) -> int:
        return self.n_periods * self.period_days


def block_order(design: Design, block: int) -> tuple[Arm, Arm]:
    """The two arms of block ``block`` (0-based): one bit of HMAC(secret, block) — or, for an
    experiment planned before secrets, of ``default_rng([seed, block])``."""
    i = 0 if design.design == "abab" else block
    if design.secret:
        msg = f"gutbrain-experiment:{design.design}:{i}".encode()
        first_a = bool(hmac.new(bytes.fromhex(design.secret), msg, hashlib.sha256).digest()[0] & 1)
    else:
        first_a = bool(np.random.default_rng([design.seed, i]).integers(2))
    return ("A", "B") if first_a else ("B", "A")


def schedule(design: Design) -> tuple[Arm, ...]:
    """The arm of every period in order (before/during: one period on the supplement)."""
    if design.design == BEFORE_DURING:
        return ("A",)
    return tuple(arm for b in range(design.blocks) for arm in block_order(design, b))


def allocations(design: Design, limit: int = 4096, seed: int = 0) -> NDArray[np.bool_]:
    """Every schedule the randomisation could have produced (rows; True = arm A).

    ``random-blocks`` has 2**blocks schedules: all of them when that is ≤ ``limit``, else
    ``limit`` drawn at random (with the actual one first).  ``abab`` has exactly two.
    """
    actual = np.array([a == "A" for a in schedule(design)], dtype=bool)
    if design.design == "abab":
        return np.array([actual, ~actual])
    b = design.blocks
    if 2**b <= limit:
        codes = np.arange(2**b)[:, None]
        first_a = ((codes >> np.arange(b)) & 1).astype(bool)
    else:
        first_a = np.random.default_rng(seed).integers(0, 2, size=(limit, b)).astype(bool)
        first_a[0] = actual[0::2]
    out = np.empty((first_a.shape[0], 2 * b), dtype=bool)
    out[:, 0::2], out[:, 1::2] = first_a, ~first_a
    return out


@dataclass(frozen=True, slots=True)
class DayPlan:
    """Per calendar day from the start: period index, arm label and whether it is analysed.

    Attributes:
        start: first day of the experiment.
        period: period index per day (-1 while paused or after the end).
        arm: ``ARM_A``, ``ARM_B`` or ``NOT_ANALYSED`` (wash-out, paused, after the end).
        washout: the day is a wash-out day of its period.
        paused: the day falls in a pause.
        end: the day after the last planned (or stopped) day.
    """

    start: date
    period: NDArray[np.int64]
    arm: NDArray[np.int64]
    washout: NDArray[np.bool_]
    paused: NDArray[np.bool_]
    end: date

    def index(self, day: date) -> int:
        return (day - self.start).days

    def at(self, day: date) -> tuple[int, int, bool, bool]:
        """(period, arm, washout, paused) of a day; period -1 outside the experiment."""
        i = self.index(day)
        if not 0 <= i < self.period.size:
            return -1, NOT_ANALYSED, False, False
        return (int(self.period[i]), int(self.arm[i]), bool(self.washout[i]),
                bool(self.paused[i]))  # fmt: skip


def day_plan(
    design: Design,
    start: date,
    pauses: Sequence[tuple[date, date | None]] = (),
    stopped: date | None = None,
) -> DayPlan:
    """Lay the schedule on the calendar.

    A pause from day ``p`` to ``r`` (exclusive; ``None`` = still paused) shifts every later
    day of the schedule by its length; the first ``washout`` days after it are wash-out
    again.  A pause that ends the day it starts (or before the start) changes nothing.  ``stopped`` ends the experiment before that day.
    """
    arms = schedule(design)
    paused_days: set[int] = set()
    restart: set[int] = set()
    for p, r in pauses:
        first = max((p - start).days, 0)
        last = (r - start).days if r is not None else 10 * design.total_days
        if last <= first:
            continue  # resumed the day it was paused (or before the start): nothing missed
        paused_days.update(range(first, last))
        restart.add(last)
    n_days = design.total_days + len(paused_days)
    if stopped is not None:
        n_days = min(n_days, max((stopped - start).days, 0))
    period = np.full(n_days, -1, dtype=np.int64)
    arm = np.full(n_days, NOT_ANALYSED, dtype=np.int64)
    washout = np.zeros(n_days, dtype=bool)
    paused = np.zeros(n_days, dtype=bool)
    step, since_restart = 0, design.washout_days
    for i in range(n_days):
        if i in paused_days:
            paused[i] = True
            continue
        if i in restart:
            since_restart = 0
        k, offset = divmod(step, design.period_days)
        if k >= len(arms):
            break
        period[i] = k
        washout[i] = offset < design.washout_days or since_restart < design.washout_days
        if not washout[i]:
            arm[i] = ARM_A if arms[k] == "A" else ARM_B
        step += 1
        since_restart += 1
    return DayPlan(start, period, arm, washout, paused, start + timedelta(days=n_days))


def period_bounds(plan: DayPlan, k: int) -> tuple[date, date] | None:
    """First and last calendar day of period ``k`` (pauses inside it included)."""
    days = np.flatnonzero(plan.period == k)
    if days.size == 0:
        return None
    return plan.start + timedelta(days=int(days[0])), plan.start + timedelta(days=int(days[-1]))
