"""What the Triggers page shows on top of the trigger service: a cached report, the rows for
the forest plot, and the days behind one row's numbers (the drill-down)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

import numpy as np

from gutbrain.analysis.tables import exposed_days, lag_design, landmark_design
from gutbrain.analysis.triggers import TriggerReport, TriggerRow
from gutbrain.domain.errors import NotFoundError
from gutbrain.web.forest import ForestRow

VERDICT_ORDER = ("trigger", "protector", "no_association", "not_enough_data")
VERDICT_TITLES = {
    "trigger": "Possible triggers",
    "protector": "Fewer attacks after",
    "no_association": "No link found",
    "not_enough_data": "Not enough data yet",
}
#: Not-enough-data rows drawn in the forest plot (the ones closest to an answer); the rest
#: are listed in words — 200 lines of wide intervals would hide the answers.
THIN_ROWS_PLOTTED = 8


def rows_by_verdict(report: TriggerReport) -> dict[str, list[TriggerRow]]:
    return {v: report.by_verdict(v) for v in VERDICT_ORDER}


def row_href(row: TriggerRow) -> str:
    return "/triggers/days?" + urlencode(
        {"factor": row.factor, "kind": row.kind, "lag": row.lag_days}
    )


def forest_rows(report: TriggerReport) -> list[ForestRow]:
    """Every row with an answer, then the thin rows nearest to one."""
    answered = [r for r in report.rows if r.verdict != "not_enough_data" and r.rr is not None]
    thin = [r for r in report.rows if r.verdict == "not_enough_data" and r.rr is not None]
    thin.sort(key=lambda r: (r.more_days is None, r.more_days or 0, r.p if r.p is not None else 2))
    return [
        ForestRow(
            label=f"{r.factor} · {_lag_label(r.lag_days)}",
            rr=r.rr, ci_low=r.ci_low, ci_high=r.ci_high, verdict=r.verdict, href=row_href(r),
        )
        for r in [*answered, *thin[:THIN_ROWS_PLOTTED]]
    ]  # fmt: skip


def _lag_label(lag: int) -> str:
    return {0: "same day", 1: "day before"}.get(lag, f"{lag} days before")


@dataclass(frozen=True, slots=True)
class DaysBehind:
    """The days that make up one row's 2×2 table."""

    row: TriggerRow
    exposed_onset_days: list[date]
    exposed_quiet_days: list[date]
    unexposed_onset_days: list[date]

    def exposure_day(self, outcome_day: date) -> date:
        """The day the factor was logged for an outcome day (lag days earlier)."""
        return outcome_day - timedelta(days=self.row.lag_days)


def days_behind(report: TriggerReport, factor: str, kind: str, lag: int) -> DaysBehind:
    """Recompute the row's table day by day with the engine's own rules (tables.py)."""
    row = next(
        (r for r in report.rows if r.factor == factor and r.kind == kind and r.lag_days == lag),
        None,
    )
    index = next(
        (i for i, f in enumerate(report.matrix.factors) if f.name == factor and f.kind == kind),
        None,
    )
    if row is None or index is None:
        raise NotFoundError(f"no result for {factor!r} ({kind}) at lag {lag}")
    if lag == 0:
        if row.landmark_minute is None:
            raise NotFoundError(f"{factor!r} has no same-day result (too few timed entries)")
        design = landmark_design(report.series, row.landmark_minute)
    else:
        design = lag_design(report.series, lag)
    exposed = exposed_days(report.matrix, design, np.asarray([index]))[0]
    day = report.series.day
    return DaysBehind(
        row=row,
        exposed_onset_days=[day(int(i)) for i in np.flatnonzero(exposed & design.outcome)],
        exposed_quiet_days=[
            day(int(i)) for i in np.flatnonzero(exposed & design.rows & ~design.outcome)
        ],
        unexposed_onset_days=[day(int(i)) for i in np.flatnonzero(~exposed & design.outcome)],
    )
