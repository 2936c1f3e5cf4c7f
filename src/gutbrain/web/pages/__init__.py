"""HTML routers (server-rendered pages). A new page is one line here: add its router.

The report engineer adds ``report.router`` to ``PAGE_ROUTERS`` below.
"""

from __future__ import annotations

from fastapi import APIRouter

from gutbrain.web.pages import (
    calendar,
    cohort,
    diary,
    experiments,
    foods,
    gut,
    report,
    settings,
    today,
    triggers,
)

PAGE_ROUTERS: list[APIRouter] = [
    today.router,
    calendar.router,
    diary.router,
    settings.router,
    triggers.router,
    gut.router,
    report.router,
    experiments.router,
    cohort.router,
    foods.router,
]
