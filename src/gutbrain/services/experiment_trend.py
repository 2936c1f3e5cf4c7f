"""The result of a before/during comparison (supplements, probiotics): the same number of
diary days before the start against the days on it, adjusted for a time trend."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from gutbrain.analysis import derived
from gutbrain.analysis.attacks import build_day_series
from gutbrain.analysis.experiments.design import ARM_A, BEFORE_DURING
from gutbrain.analysis.experiments.trend import TrendAdjusted, before_during
from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import diary as svc
from gutbrain.services import experiments as ex


@dataclass(frozen=True, slots=True)
class TrendResult:
    before_first: date
    before_last: date
    during_first: date | None
    during_last: date
    buildup_days: int
    trend: TrendAdjusted


def trend_result(
    ctx: svc.Context, experiment_id: uuid.UUID | None = None
) -> tuple[ex.Status, TrendResult]:
    """Before (as many days as planned 'during', right before the start) vs during (after the
    build-up days), days up to today."""
    st = ex.status(ctx, experiment_id)
    exp = st.experiment
    if exp.design != BEFORE_DURING:
        raise GutbrainError("this experiment is randomised: see its result")
    last = min(ctx.now().date(), st.plan.end - timedelta(days=1))
    if last < exp.start_day:
        raise GutbrainError(f"the {exp.factor} course starts on {exp.start_day}")
    first = exp.start_day - timedelta(days=exp.period_days)
    cov = svc.coverage(ctx)
    attacks = svc.list_entries(ctx, since=first - timedelta(days=3), until=last,
                               kinds=[Kind.ATTACK])  # fmt: skip
    series = build_day_series(first, last, derived.outcome_events(attacks, "attack"),
                              cov.missing if cov else ())  # fmt: skip
    offset = exp.period_days
    during = np.zeros(series.n_days, dtype=bool)
    arm = st.plan.arm[: series.n_days - offset]
    during[offset : offset + arm.size] = arm == ARM_A
    counted = series.at_risk.copy()
    counted[offset:] &= during[offset:]  # build-up and paused days are neither before nor during
    days = np.flatnonzero(during)
    result = before_during(series.onset, counted, during)
    return st, TrendResult(
        first, exp.start_day - timedelta(days=1),
        None if days.size == 0 else first + timedelta(days=int(days[0])), last,
        exp.washout_days, result,
    )  # fmt: skip
