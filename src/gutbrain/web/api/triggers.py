"""JSON API: the trigger report (shared/spec/triggers-json.md) and the days behind a row."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from gutbrain.web.api.entries import ERRORS
from gutbrain.web.deps import Reads
from gutbrain.web.triggers_view import days_behind

router = APIRouter(prefix="/api/v1", tags=["triggers"], responses=ERRORS)


class DaysBehindPublic(BaseModel):
    factor: str
    kind: str
    lag_days: int
    verdict: str
    reason: str | None
    group: str | None
    sentence: str
    exposed_onset_days: list[date]
    exposed_quiet_days: list[date]
    unexposed_onset_days: list[date]


@router.get("/triggers", response_model=dict[str, Any])
def trigger_report(reads: Reads) -> dict[str, Any]:
    """Every factor × lag with RR, 95 % CI, p, BH q and verdict; cached per diary state."""
    return reads.triggers_json()


@router.get("/triggers/days", response_model=DaysBehindPublic)
def trigger_days(
    reads: Reads,
    factor: Annotated[str, Query(min_length=1, max_length=200)],
    kind: Annotated[str, Query(min_length=1, max_length=40)],
    lag: Annotated[int, Query(ge=0, le=14)],
) -> DaysBehindPublic:
    """The days behind one row: exposed days with and without an onset, and onsets on
    unexposed days (outcome days; the factor was logged ``lag`` days earlier)."""
    behind = days_behind(reads.triggers(), factor, kind, lag)
    return DaysBehindPublic(
        factor=behind.row.factor,
        kind=behind.row.kind,
        lag_days=behind.row.lag_days,
        verdict=behind.row.verdict,
        reason=behind.row.reason,
        group=behind.row.group_label,
        sentence=behind.row.sentence,
        exposed_onset_days=list(behind.exposed_onset_days),
        exposed_quiet_days=list(behind.exposed_quiet_days),
        unexposed_onset_days=list(behind.unexposed_onset_days),
    )
