"""Run the robustness checks on one candidate row and say, in words, what each found.

A candidate keeps its verdict only if every check passes; otherwise it is reported as
``inconclusive`` with flags naming the failed check (``fails_permutation``,
``confounded_by:<factor>``, ``possible_prodrome``) and a reason in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.stats import MantelHaenszel
from gutbrain.analysis.triggers.prodrome import (
    TIMING_ALPHA,
    TimingResult,
    prodrome_timing,
    timing_shift,
    window_free_lag2,
)
from gutbrain.analysis.triggers.robustness import (
    PERMUTATION_ALPHA,
    SAME_DAYS,
    CoFactorResult,
    circular_shift_p,
    co_factors,
    recent_attack,
    stratified,
    survives,
)
from gutbrain.analysis.triggers.tables import DayDesign, clock, exposed_days
from gutbrain.analysis.triggers.verdicts import Check
from gutbrain.domain.text import pvalue, ratio_ci

PERIMENSTRUAL = "perimenstrual window"
#: A known early symptom needs its early-exposure table to reach this one-sided p on its own.
PRODROME_ALPHA = 0.01
#: Kinds with trigger evidence of their own (statistics.md §1, domain.md §1.2).
KNOWN_KINDS = frozenset({"component", "cycle", "sleep", "stress", "diet", "weather"})
#: Derived names that are categories of drinks (derived.ALCOHOL_TYPES), like components.
CATEGORIES = frozenset({"wine", "beer", "spirits", "alcohol"})
WEEKDAY = "weekday/weekend"
RECENT_ATTACK = "a recent attack"
#: Time-stratified on the calendar month (statistics.md §0 "confounders (3)": removes slow
#: trends and seasons — logging that thins out over the year, a bad winter).
MONTH = "calendar month"


@dataclass(frozen=True, slots=True)
class CandidateInput:
    """What the checks need to know about a candidate row."""

    factor: int
    design: DayDesign
    higher: bool  # trigger-side (RR > 1) rather than protector-side
    premonitory: bool
    series: DaySeries
    matrix: ExposureMatrix
    perimenstrual: NDArray[np.bool_] | None
    #: Other factors with a nominal signal on the same side at this lag.
    signalled: frozenset[int] = frozenset()


def run_checks(c: CandidateInput) -> tuple[list[Check], list[str]]:
    """All checks for one candidate → (checks, flags)."""
    all_exposed = exposed_days(c.matrix, c.design, np.arange(c.matrix.n_factors))
    mine = all_exposed[c.factor]
    kind = c.matrix.factors[c.factor].kind
    checks: list[Check] = []
    flags: list[str] = []

    if kind == "cycle":
        checks.append(Check("permutation", True, "skipped: the cycle repeats, so shifted "
                            "copies line up with other cycles"))  # fmt: skip
    else:
        p_perm = circular_shift_p(mine, c.design, c.higher)
        ok = p_perm <= PERMUTATION_ALPHA
        checks.append(Check("permutation", ok, f"circular-shift permutation p = {p_perm:.3f}"))
        if not ok:
            flags.append("fails_permutation")

    strata: list[tuple[str, NDArray[np.int64]]] = [
        (WEEKDAY, _weekend(c.series)),
        (RECENT_ATTACK, recent_attack(c.series, c.design.lag)),
        (MONTH, _month(c.series)),
    ]
    if c.perimenstrual is not None and c.perimenstrual.any() and kind != "cycle":
        strata.insert(0, (PERIMENSTRUAL, c.perimenstrual.astype(np.int64)))
    for label, codes in strata:
        mh = stratified(mine, c.design, codes)
        ok = survives(mh, c.higher)
        checks.append(Check(f"stratified on {label}", ok, f"Mantel–Haenszel {_mh(mh)}"))
        if not ok:
            flags.append(f"confounded_by:{label}")

    category = np.array(
        [f.kind == "component" or f.name in CATEGORIES for f in c.matrix.factors], dtype=bool
    )
    for res in co_factors(c.factor, all_exposed, c.design, c.signalled, category, c.higher):
        checks.append(_co_factor_check(c, res, all_exposed, flags))

    checks.extend(_prodrome_checks(c, flags))
    return checks, flags


def _co_factor_check(
    c: CandidateInput, res: CoFactorResult, all_exposed: NDArray[np.bool_], flags: list[str]
) -> Check:
    """Judge one co-occurring factor (see docs/triggers.md, "co-occurring factors").

    When the diary cannot separate the two (too few days with only one of them), the factor
    backed by a known trigger category (a food component such as alcohol, sleep, stress,
    fasting, the cycle, weather; domain.md §1.2) is kept and the other is flagged; if both or
    neither are, both lose their verdict: only an experiment can separate them.  (A tie-break
    on the stratified p-values was tried and raised false triggers in the calibration.)
    """
    other = c.matrix.factors[res.other].name
    name = f"co-occurring {other}"
    given = res.candidate_given_other
    detail = f"{res.overlap:.0%} of its days also had {other}; within {other} strata {_mh(given)}"
    if res.same_days:
        flags.append(f"same_days_as:{other}")
        return Check(name, True, f"logged on the same days as {other}: one series, two names")
    if res.carried:
        return Check(name, True, f"{other} is in it (on {res.overlap:.0%} of its days): a broader "
                     "name for what it contains cannot explain it away")  # fmt: skip
    if res.explains:
        flags.append(f"confounded_by:{other}")
        return Check(name, False, detail)
    if not res.inseparable:
        return Check(name, True, detail)
    mine_known = _known(c, c.factor, all_exposed)
    other_known = _known(c, res.other, all_exposed)
    if mine_known and not other_known:
        flags.append(f"inseparable_from:{other}")
        return Check(name, True, detail + "; kept: it belongs to a known trigger category")
    if other_known and not mine_known:
        flags.append(f"confounded_by:{other}")
        return Check(name, False, detail + f"; {other} belongs to a known trigger category")
    flags.append(f"inseparable_from:{other}")
    return Check(name, False, detail + "; only an experiment can tell them apart")


def _known(c: CandidateInput, row: int, all_exposed: NDArray[np.bool_]) -> bool:
    """The factor, or one logged on the same days, is of a known trigger category."""
    if c.matrix.factors[row].kind in KNOWN_KINDS:
        return True
    on_rows = all_exposed & c.design.rows
    mine = on_rows[row]
    union = np.maximum((on_rows | mine).sum(axis=1), 1)
    same = (on_rows & mine).sum(axis=1) / union >= SAME_DAYS
    return any(c.matrix.factors[j].kind in KNOWN_KINDS for j in np.flatnonzero(same))


def _prodrome_checks(c: CandidateInput, flags: list[str]) -> list[Check]:
    """Could the association be an early symptom of the attack rather than its cause?

    Known premonitory factors (``premonitory.py``): ICHD-3 1.2/premonitory phase puts early
    symptoms up to 48 h before the headache, so lag-0 and lag-1 evidence (always inside that
    window) can never make them a trigger; at lag 2 only exposures ≥ 48 h before every counted
    onset count (``window_free_lag2``).  Every other factor is checked at lag 1 on timing:
    its early exposures must not clearly show nothing (``prodrome_timing``), and its entries on
    days before an onset must not come later in the day than on other days (``timing_shift``,
    a craving in the evening before a morning attack).
    """
    if not c.higher:
        return []
    checks: list[Check] = []
    if c.premonitory and c.design.lag in (0, 1):
        _flag(flags)
        checks.append(Check("prodrome window", False, "all of its evidence lies within 48 h "
                            "before the onsets, where early symptoms of an attack occur"))  # fmt: skip
    if c.premonitory and c.design.lag == 2:
        free = window_free_lag2(c.matrix, c.factor, c.series)
        if free is None:
            _flag(flags)
            return [Check("prodrome window", False, "too few timed entries to look beyond "
                          "the 48 h before onsets")]  # fmt: skip
        ok = free.ci_low > 1 and free.p_greater <= PRODROME_ALPHA
        if not ok:
            _flag(flags)
        return [Check("prodrome window", ok, "only entries ≥ 48 h before onsets: " + _timing(free))]
    if c.design.lag != 1:
        return checks
    shift = timing_shift(c.matrix, c.factor, c.series)
    if shift is not None:
        ok = shift.p > TIMING_ALPHA
        if not ok:
            _flag(flags)
        checks.append(Check("time of day", ok, (
            f"entries on days before an attack at median {clock(shift.median_before)}, other days "
            f"{clock(shift.median_other)} (one-sided Mann–Whitney p = {shift.p:.3f})")))  # fmt: skip
    if c.premonitory:
        return checks
    timing = prodrome_timing(c.matrix, c.factor, c.series)
    if timing is None:
        return checks
    # Any other factor fails only when its early exposures clearly show nothing.
    ok = not (timing.informative and timing.p_greater > 0.5)
    if not ok:
        _flag(flags)
    checks.append(Check("prodrome timing", ok, (
        f"only entries before {clock(timing.cutoff)} and onsets from {clock(timing.onset_from)} "
        f"(≥ 12 h apart): " + _timing(timing))))  # fmt: skip
    return checks


def _timing(t: TimingResult) -> str:
    return (
        f"{t.exposed_onsets} of {t.exposed_days} days vs {t.onsets - t.exposed_onsets} of "
        f"{t.days - t.exposed_days}, RR {ratio_ci(t.rr, t.ci_low, t.ci_high)}"
    )


def _flag(flags: list[str]) -> None:
    if "possible_prodrome" not in flags:
        flags.append("possible_prodrome")


def _month(series: DaySeries) -> NDArray[np.int64]:
    """Calendar-month code per day (months since 1970), vectorised like ``_weekend``."""
    days = np.datetime64(series.first_day, "D") + np.arange(series.n_days)
    return days.astype("datetime64[M]").astype(np.int64)


def _weekend(series: DaySeries) -> NDArray[np.int64]:
    start = series.first_day.weekday()
    return ((np.arange(series.n_days) + start) % 7 >= 5).astype(np.int64)


def _mh(mh: MantelHaenszel) -> str:
    """ "RR 2.40 (1.30–4.40), p < 0.001": never "∞" or "p = 0.000"."""
    return f"RR {ratio_ci(mh.rr, mh.ci_low, mh.ci_high)}, {pvalue(mh.p)}"
