"""Reads the pages and the API share, shaped to stay inside the 100 ms page budget on a
multi-year diary: slow results are cached per diary state, lists read only the days they need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, Request

from gutbrain.domain.entries import Entry, Kind
from gutbrain.services import diary, triggers
from gutbrain.services.days import diary_days
from gutbrain.services.diary import Context, Coverage
from gutbrain.services.gut import GutReport, gut_report
from gutbrain.services.today import quick_medications
from gutbrain.services.triggers import TriggerReport
from gutbrain.web.cache import DiaryCache
from gutbrain.web.calendar import MonthView, build_month, month_bounds
from gutbrain.web.deps import ContextHolder, Ctx, Holder

#: First window (days back from the diary's last day) searched for the newest entries.
FIRST_WINDOW_DAYS = 8


@dataclass(frozen=True, slots=True)
class Reader:
    ctx: Context
    holder: ContextHolder
    cache: DiaryCache

    def coverage(self) -> Coverage | None:
        return self.cache.get("coverage", self.ctx, self.holder, lambda: diary.coverage(self.ctx))

    def triggers(self) -> TriggerReport:
        return self.cache.get(
            "triggers", self.ctx, self.holder, lambda: triggers.trigger_report(self.ctx)
        )

    def triggers_json(self) -> dict[str, Any]:
        return self.cache.get(
            "triggers-json", self.ctx, self.holder, lambda: triggers.to_json(self.triggers())
        )

    def gut(self, weeks: int) -> GutReport:
        return self.cache.get(
            ("gut", weeks),
            self.ctx,
            self.holder,
            lambda: gut_report(self.ctx, weeks, with_plan=False),
        )

    def quick_medications(self) -> list[str]:
        def compute() -> list[str]:
            meds = diary.list_entries(
                self.ctx, kinds=[Kind.MEDICATION], limit=200, newest_first=True
            )
            return quick_medications(meds, diary.get_settings(self.ctx).usual_medications)

        return self.cache.get("quick-meds", self.ctx, self.holder, compute)

    def month(self, year: int, month: int) -> MonthView:
        start, end = month_bounds(year, month)
        return build_month(year, month, diary_days(self.ctx, start, end, self.coverage()))

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


def get_reader(request: Request, ctx: Ctx, holder: Holder) -> Reader:
    return Reader(ctx=ctx, holder=holder, cache=request.app.state.cache)


Reads = Annotated[Reader, Depends(get_reader)]
