"""Checks every trigger/protector candidate must survive before it is called one.

* circular-shift permutation (statistics.md §2.7): keeps the exposure's own autocorrelation and
  asks how often a shifted copy lines up with the onsets as well as the real one;
* Mantel–Haenszel RR stratified on the perimenstrual window and weekday/weekend (§0, §2.5);
* co-occurring factor: does the association vanish within strata of a factor eaten on the same
  days while that factor's own association survives (``confounded_by:<factor>``)?
* a recent attack: MH stratified on "an attack in the 3 days before the exposure day" —
  attacks cluster, and what people do after one (skip meals, sleep badly, drink less coffee)
  differs, so an after-attack habit can look like a trigger of the next attack;
* prodrome timing lives in ``prodrome.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries, lagged
from gutbrain.analysis.stats import MantelHaenszel, mantel_haenszel_rr
from gutbrain.analysis.triggers.tables import DayDesign

BoolArray = NDArray[np.bool_]

#: Shifts shorter than a week keep most of the alignment (§2.7: "random offset ≥ 7 days").
MIN_SHIFT = 7
#: The permutation p above which a candidate "fails_permutation".
PERMUTATION_ALPHA = 0.05
#: An adjusted (stratified) association must keep MH χ² p ≤ this to count as surviving.
ADJUSTED_ALPHA = 0.05
#: A stratified association with p above this has clearly vanished (between ADJUSTED_ALPHA
#: and this it is unclear, and two factors in that zone cannot be told apart).
GONE_P = 0.2
#: A factor on at least this share of the candidate's exposed days is "co-occurring".
CO_OCCURRENCE = 0.5
#: A factor with its own signal is a candidate explanation from this share of shared days.
CO_SIGNAL_OVERLAP = 0.2
MAX_CO_FACTORS = 8
#: Days before the exposure day searched for an attack (``recent_attack``).
RECENT_DAYS = 3
#: Jaccard similarity from which two factors count as logged on the same days.
SAME_DAYS = 0.95
#: Factors on at least this share of at-risk days give no contrast to stratify on.
UBIQUITOUS = 0.9


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
    #: The other factor (and every name on its days) is a component or category of foods.
    only_categories: bool = False
    #: The candidate's side: trigger (RR > 1) rather than protector.
    higher: bool = True

    @property
    def carried(self) -> bool:
        """The other is a component/category present on (almost) all of the candidate's days:
        it is what the candidate is made of (orange juice ⊂ histamine, red wine ⊂ alcohol), a
        broader name that cannot explain it away."""
        return self.only_categories and self.overlap >= SAME_DAYS

    @property
    def same_days(self) -> bool:
        """Logged on (almost) exactly the same days: the diary holds one series, not two."""
        return self.jaccard >= SAME_DAYS

    @property
    def explains(self) -> bool:
        """The other factor's association survives within the candidate's strata, and the
        candidate's clearly vanishes within the other's: p > 0.2 (not merely > 0.05: with few
        discordant days a true trigger's stratified p often lands in between by chance, and
        its co-eaten food would then "explain" it), or it turns to the other side of 1 (a habit
        kept on most of a trigger's days looks protective within the trigger's days)."""
        mine = self.candidate_given_other
        gone = mine.p > GONE_P or _other_side(mine, self.higher)
        return gone and survives(self.other_given_candidate, self.higher)

    @property
    def inseparable(self) -> bool:
        """The diary cannot tell the two apart: the candidate does not survive stratification
        on the other, and has not clearly vanished either (or the other vanishes too)."""
        return not survives(self.candidate_given_other, self.higher) and not self.explains


def _other_side(mh: MantelHaenszel, higher: bool) -> bool:
    """The stratified association lies on the other side of 1 than the candidate's."""
    if mh.strata_used == 0 or math.isnan(mh.rr):
        return False
    return mh.rr < 1 if higher else mh.rr > 1


def co_factors(
    row: int,
    all_exposed: BoolArray,
    design: DayDesign,
    signalled: frozenset[int] = frozenset(),
    category: BoolArray | None = None,
    higher: bool = True,
) -> list[CoFactorResult]:
    """Stratify the candidate on each factor sharing ≥ 50 % of its exposed days, and on each
    factor with a signal of its own (``signalled``) sharing ≥ 20 % of them.

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
    wanted = overlap >= CO_OCCURRENCE
    if signalled:
        sig = np.zeros(overlap.size, dtype=bool)
        sig[list(signalled)] = True
        wanted |= sig & (overlap >= CO_SIGNAL_OVERLAP)
    results: list[CoFactorResult] = []
    seen: set[bytes] = set()
    for j in np.argsort(-np.where(wanted, overlap, 0.0), kind="stable"):
        if not wanted[j] or len(results) == MAX_CO_FACTORS:
            break
        other = all_exposed[j]
        key = np.packbits(other & design.rows).tobytes()
        if key in seen:  # the same days under another name (red wine / wine / alcohol)
            continue
        seen.add(key)
        twins = np.flatnonzero((on_rows == on_rows[j]).all(axis=1))
        only_categories = category is not None and bool(category[twins].all())
        results.append(
            CoFactorResult(
                int(j),
                float(overlap[j]),
                float(shared[j] / max(union[j], 1)),
                stratified(all_exposed[row], design, other.astype(np.int64)),
                stratified(other, design, all_exposed[row].astype(np.int64)),
                only_categories,
                higher,
            )
        )
    return results


def recent_attack(series: DaySeries, lag: int) -> NDArray[np.int64]:
    """Per outcome day t: 1 when an attack touched one of the 3 days before the exposure day.

    The exposure day is t − lag (lag 0: t itself); the window is t − lag − 3 … t − lag − 1.
    """
    near = np.zeros(series.n_days, dtype=bool)
    for k in range(lag + 1, lag + 1 + RECENT_DAYS):
        near |= lagged(series.event_day, k, False)
    return near.astype(np.int64)
