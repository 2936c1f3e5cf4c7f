"""One counting of days (``services.days``): the calendar, its JSON and the doctor report
count the same migraine, headache and attack days (issue 18: the calendar coloured only an
attack's first day and said "4 attack days" for a March the report gave 7 migraine days)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary as svc
from gutbrain.services import report as report_svc
from gutbrain.web.app import create_app


@pytest.fixture(scope="module")
def demo_api(demo_ctx: svc.Context) -> Iterator[TestClient]:
    with TestClient(create_app(demo_ctx.settings)) as client:
        yield client


def _months(ctx: svc.Context) -> list[tuple[int, int]]:
    cov = svc.coverage(ctx)
    assert cov is not None
    out = []
    y, m = cov.first_day.year, cov.first_day.month
    while date(y, m, 1) <= cov.last_day:
        if (
            date(y, m, 1) >= cov.first_day
            and date(y, m, calendar.monthrange(y, m)[1]) <= cov.last_day
        ):
            out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_calendar_counts_the_reports_days_every_month(
    demo_ctx: svc.Context, demo_api: TestClient
) -> None:
    multi_day = 0
    for y, m in _months(demo_ctx)[:3]:
        first, last = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        month = demo_api.get(f"/api/v1/calendar/{y}/{m}").json()
        report = report_svc.report_data(demo_ctx, start=first, end=last)
        s = month["summary"]
        assert (s["migraine_days"], s["headache_days"]) == (
            report.current.migraine_days,
            report.current.headache_days,
        ), (y, m)
        coloured = {d["day"] for d in month["days"] if d["band"]}
        strip = {c.day.isoformat() for c in report.calendar if c.intensity is not None}
        assert coloured == strip and s["attack_days"] == len(strip), (y, m)
        multi_day += sum(1 for d in month["days"] if d["attacks"] and not d["onsets"])
    assert multi_day > 0  # the demo has attacks lasting into a second day
