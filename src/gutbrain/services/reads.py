"""Reads the pages and the API share, shaped to stay inside the 100 ms page budget on a
multi-year diary: slow results are cached per diary state (``services.result_cache``), lists
read only the days they need.  The web app builds one ``DiaryReads`` per request; the slow
engines (SciPy, the food tables) load only when a result is actually computed, so importing
the web app stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from gutbrain.domain.entries import Entry, Kind
from gutbrain.services import diary
from gutbrain.services.days import DayFacts, diary_days
from gutbrain.services.diary import Context, Coverage
from gutbrain.services.result_cache import ResultCache
from gutbrain.services.today import quick_medications
from gutbrain.services.trigger_results import TriggerView, trigger_json

if TYPE_CHECKING:
    from gutbrain.services.gut import GutReport
    from gutbrain.services.report import ReportData
    from gutbrain.services.triggers import TriggerReport

#: First window (days back from the diary's last day) searched for the newest entries.
FIRST_WINDOW_DAYS = 8


@dataclass(frozen=True, slots=True)
class DiaryReads:
    """One diary's reads at one moment: ``generation`` is the caller's write count."""

    ctx: Context
    generation: int
    cache: ResultCache

    def coverage(self) -> Coverage | None:
        return self.cache.get(
            "coverage", self.ctx, self.generation, lambda: diary.coverage(self.ctx)
        )

    def triggers(self) -> TriggerReport:
        from gutbrain.services import triggers  # SciPy and the engine: only when computed

        return self.cache.get(
            "triggers", self.ctx, self.generation, lambda: triggers.trigger_report(self.ctx)
        )

    def triggers_json(self) -> dict[str, Any]:
        """The contract JSON: kept in the diary, so a fresh app reads it without the engine."""
        return self.cache.get(
            "triggers-json",
            self.ctx,
            self.generation,
            lambda: trigger_json(self.ctx, compute=self.triggers),
        )

    def trigger_view(self) -> TriggerView:
        """What the Triggers page shows, from the same JSON as ``/api/v1/triggers``."""
        return self.cache.get(
            "trigger-view",
            self.ctx,
            self.generation,
            lambda: TriggerView.from_json(self.triggers_json()),
        )

    def gut(self, weeks: int) -> GutReport:
        from gutbrain.services.gut import gut_report  # the food tables: only when computed

        return self.cache.get(
            ("gut", weeks),
            self.ctx,
            self.generation,
            lambda: gut_report(self.ctx, weeks, with_plan=False),
        )

    def report(self, start: date | None, end: date | None, today: date) -> ReportData:
        """The doctor report's numbers for a period (the engine and food tables take seconds)."""
        from gutbrain.services import report

        return self.cache.get(
            ("report", start, end, today),
            self.ctx,
            self.generation,
            lambda: report.report_data(self.ctx, start=start, end=end, today=today),
        )

    def report_charts(self, start: date | None, end: date | None, today: date) -> dict[str, Any]:
        """The report's charts for a period (matplotlib: most of a report page's time)."""
        from gutbrain.services import report

        return self.cache.get(
            ("report-charts", start, end, today),
            self.ctx,
            self.generation,
            lambda: report.report_charts(self.report(start, end, today)),
        )

    def food_knowledge(self) -> None:
        """Load the food tables (the first meal preview or entry list otherwise pays it)."""
        from gutbrain.services.knowledge import food_knowledge

        food_knowledge(self.ctx)

    def quick_medications(self) -> list[str]:
        def compute() -> list[str]:
            meds = diary.list_entries(
                self.ctx, kinds=[Kind.MEDICATION], limit=200, newest_first=True
            )
            return quick_medications(meds, diary.get_settings(self.ctx).usual_medications)

        return self.cache.get("quick-meds", self.ctx, self.generation, compute)

    def days(self, start: date, end: date) -> dict[date, DayFacts]:
        """What each day from ``start`` to ``end`` counts as (``services.days``)."""
        return diary_days(self.ctx, start, end, self.coverage())

    def newest(
        self, *, limit: int, offset: int = 0, kinds: list[Kind] | None = None,
        search: str | None = None,
    ) -> list[Entry]:  # fmt: skip
        """Newest entries first. Without a search text, looks at the last days of the diary
        first and widens the window only when it holds too few rows: sorting the whole diary
        by time costs more than a page may."""
        cov = self.coverage()
        if cov is None:
            return []
        if search:
            # A text search scans every row anyway; one query is cheaper than several windows.
            return diary.list_entries(
                self.ctx, kinds=kinds, search=search, limit=limit, offset=offset,
                newest_first=True,
            )  # fmt: skip
        days = FIRST_WINDOW_DAYS + (offset + limit) // 10
        while True:
            since = cov.last_day - timedelta(days=days)
            rows = diary.list_entries(
                self.ctx, since=since if since > cov.first_day else None, kinds=kinds,
                search=search, limit=limit, offset=offset, newest_first=True,
            )  # fmt: skip
            # One spare day: an entry in another time zone may sort across a day boundary.
            if since <= cov.first_day or (
                len(rows) == limit and rows[-1].day > since + timedelta(days=1)
            ):
                return rows
            days *= 4
