"""What the Triggers page shows on top of the trigger service: the rows per verdict (one line
per group of identical evidence), the rows for the forest plot, and the days behind one row."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from gutbrain.domain.errors import NotFoundError
from gutbrain.services.trigger_results import (
    NOT_ENOUGH_DATA,
    VERDICTS,
    TriggerRow,
    TriggerView,
    one_per_group,
)
from gutbrain.web.forest import ForestRow

if TYPE_CHECKING:  # the engine (SciPy) loads when a report is computed, not with the app
    from gutbrain.services.triggers import LagEvidence, TriggerReport

VERDICT_ORDER = VERDICTS
VERDICT_TITLES = {
    "trigger": "Possible triggers",
    "protector": "Fewer attacks after",
    "inconclusive": "Inconclusive — a signal that a check or the correction takes away",
    "no_association": "No link found",
    "not_enough_data": "Not enough data yet",
}
#: Not-enough-data rows drawn in the forest plot (the ones closest to an answer); the rest
#: are listed in words — 200 lines of wide intervals would hide the answers.
THIN_ROWS_PLOTTED = 8


def rows_by_verdict(report: TriggerView) -> dict[str, list[TriggerRow]]:
    """Rows per verdict, one line per group (red wine · wine · alcohol)."""
    return {v: one_per_group(report.by_verdict(v)) for v in VERDICT_ORDER}


def row_href(row: TriggerRow) -> str:
    return "/triggers/days?" + urlencode(
        {"factor": row.factor, "kind": row.kind, "lag": row.lag_days}
    )


def forest_rows(report: TriggerView) -> list[ForestRow]:
    """Every row with an answer, then the thin rows nearest to one."""
    rows = one_per_group(report.rows)
    answered = [r for r in rows if r.verdict != NOT_ENOUGH_DATA and r.rr is not None]
    thin = [r for r in rows if r.verdict == NOT_ENOUGH_DATA and r.rr is not None]
    thin.sort(key=lambda r: (r.more_days is None, r.more_days or 0, r.p if r.p is not None else 2))
    return [
        ForestRow(
            label=f"{r.label} · {_lag_label(r.lag_days)}",
            rr=r.rr, ci_low=r.ci_low, ci_high=r.ci_high, verdict=r.verdict, href=row_href(r),
        )
        for r in [*answered, *thin[:THIN_ROWS_PLOTTED]]
    ]  # fmt: skip


def _lag_label(lag: int) -> str:
    return {0: "same day", 1: "day before"}.get(lag, f"{lag} days before")


def days_behind(report: TriggerReport, factor: str, kind: str, lag: int) -> LagEvidence:
    """The row's days, recomputed by the engine's own explanation (``explain_factor``)."""
    from gutbrain.services.triggers import explain_factor

    ex = explain_factor(report, factor)
    if ex.kind != kind:
        raise NotFoundError(f"no result for {factor!r} ({kind}) at lag {lag}")
    return ex.lag(lag)
