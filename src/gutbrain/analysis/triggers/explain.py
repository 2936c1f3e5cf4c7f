"""``gutbrain explain FACTOR``: the evidence behind one factor's rows, day by day.

For each lag: the 2×2 table, the days behind each cell, the checks that were run and what
would change the verdict — so a person (or their doctor) can audit every number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.exposures import normalise_name
from gutbrain.analysis.stats import koopman_ci
from gutbrain.analysis.triggers.engine import TriggerReport
from gutbrain.analysis.triggers.tables import exposed_days
from gutbrain.analysis.triggers.verdicts import NO_ASSOCIATION, PROTECTOR, TRIGGER, TriggerRow
from gutbrain.domain.errors import NotFoundError

#: How far the "what would change it" search looks (extra days).
MAX_EXTRA = 2000


@dataclass(frozen=True, slots=True)
class LagEvidence:
    """One lag of one factor: its row and the days behind the table's cells."""

    row: TriggerRow
    exposed_onset_days: tuple[date, ...]  # onset days whose exposure window had the factor
    exposed_quiet_days: tuple[date, ...]  # at-risk days after exposure without an onset
    unexposed_onset_days: tuple[date, ...]
    what_would_change: str

    def exposure_day(self, outcome_day: date) -> date:
        """The day the factor was logged for an outcome day (lag days earlier)."""
        return outcome_day - timedelta(days=self.row.lag_days)


@dataclass(frozen=True, slots=True)
class Explanation:
    factor: str
    kind: str
    lags: tuple[LagEvidence, ...]

    def lag(self, lag: int) -> LagEvidence:
        """The evidence at one lag; NotFoundError when the factor has no row there."""
        for ev in self.lags:
            if ev.row.lag_days == lag:
                return ev
        raise NotFoundError(f"{self.factor!r} has no result at lag {lag}")


def explain_factor(report: TriggerReport, factor: str) -> Explanation:
    """Evidence for ``factor`` (name as shown in the report); NotFoundError if unknown."""
    rows = sorted(report.rows_for(factor), key=lambda r: r.lag_days)
    f = report.matrix.row(factor)
    if not rows or f is None:
        known = sorted({r.factor for r in report.rows})
        close = [k for k in known if normalise_name(factor) in k][:5]
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise NotFoundError(f"no factor called {factor!r} in this diary's analysis.{hint}")
    lags = []
    for row in rows:
        design = report.design_of(row)
        x = exposed_days(report.matrix, design, np.array([f]))[0]
        lags.append(
            LagEvidence(
                row,
                _days(report, x & design.outcome),
                _days(report, x & design.rows & ~design.outcome),
                _days(report, ~x & design.outcome),
                what_would_change(row, report),
            )
        )
    return Explanation(rows[0].factor, rows[0].kind, tuple(lags))


def _days(report: TriggerReport, mask: NDArray[np.bool_]) -> tuple[date, ...]:
    return tuple(report.series.day(int(i)) for i in np.flatnonzero(mask))


def what_would_change(row: TriggerRow, report: TriggerReport) -> str:
    """One sentence on what new diary days would move this row's verdict."""
    cfg = report.config
    if not report.diary.enough:
        return "Keep the diary going: " + "; ".join(report.diary.problems) + "."
    if row.verdict == TRIGGER:
        k = _extra_until(row, quiet=True)
        return (
            f"If the next {k} days with it passed without an attack, the interval would reach 1 "
            "and it would no longer be called a trigger."
            if k is not None
            else "Only a very long run of attack-free days after it would change this."
        )
    if row.verdict == PROTECTOR:
        k = _extra_until(row, quiet=False)
        return (
            f"If attacks followed it on the next {k} days with it, the interval would reach 1."
            if k is not None
            else "Only many attacks after it would change this."
        )
    if row.verdict == NO_ASSOCIATION:
        return (
            f"The interval already rules out effects of {cfg.relevant_rr:g}× or more; only a clear "
            "run of attacks after it would reopen the question."
        )
    reasons = []
    for flag in row.flags:
        if flag == "possible_prodrome":
            reasons.append(
                "a planned experiment (eat it on randomly chosen days, avoid it on others) "
                "would tell a trigger from an early symptom"
            )
        elif flag.startswith(("confounded_by:", "inseparable_from:")):
            other = flag.split(":", 1)[1]
            reasons.append(
                f"days with it but without {other} (and the reverse) would separate them"
            )
        elif flag == "fails_permutation":
            reasons.append("more days would show whether the pattern is more than clustering")
    if row.tested and row.q is not None and row.q > cfg.fdr and row.verdict != TRIGGER:
        reasons.append(
            f"its q is {row.q:.2g}; it would need ≤ {cfg.fdr:g} — more days with the same "
            "pattern would get it there"
        )
    if not row.tested:
        reasons.append(
            f"it needs ≥ {cfg.min_exposed_days} days with and without it and ≥ "
            f"{cfg.min_exposed_onsets} onsets after it (now {row.exposed_days} days, "
            f"{row.exposed_onsets} onsets)"
        )
    if row.more_days:
        reasons.append(f"about {row.more_days} more diary days would detect a doubling of risk")
    if not reasons:
        return "More diary days will narrow the interval."
    return reasons[0][0].upper() + "; ".join(reasons)[1:] + "."


def _extra_until(row: TriggerRow, *, quiet: bool) -> int | None:
    """Fewest extra exposed days (all quiet, or all with an onset) that bring the CI to 1."""
    a, n1 = row.exposed_onsets, row.exposed_days
    c, n0 = row.unexposed_onsets, row.unexposed_days
    lo, hi = 0, 1
    while not _crosses(a, n1, c, n0, hi, quiet):
        lo, hi = hi, hi * 2
        if hi > MAX_EXTRA:
            return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _crosses(a, n1, c, n0, mid, quiet):
            hi = mid
        else:
            lo = mid
    return hi


def _crosses(a: int, n1: int, c: int, n0: int, extra: int, quiet: bool) -> bool:
    low, high = koopman_ci(a if quiet else a + extra, n1 + extra, c, n0)
    return low <= 1 if quiet else (math.isinf(high) or high >= 1)
