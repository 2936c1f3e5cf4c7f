"""The result of a randomised experiment: the diary's attacks over the experiment's days,
the daily checks, and deviations the diary itself shows (the factor logged on a day of
leaving it out) — recorded, never hidden."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from gutbrain.analysis import derived
from gutbrain.analysis.attacks import build_day_series
from gutbrain.analysis.experiments.design import ARM_B, BEFORE_DURING
from gutbrain.analysis.experiments.outcome import ExperimentResult, analyse_experiment
from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.names import normalise_name
from gutbrain.services import diary as svc
from gutbrain.services import experiments as ex
from gutbrain.services.ledger import ledger


def factor_days(ctx: svc.Context, factor: str, first: date, last: date) -> set[date]:
    """Days with a logged food, drink, supplement or factor entry that is (or contains) the
    factor: as typed, as the food tables read it ("merlot" → red wine), or a component."""
    wanted = normalise_name(factor)
    diary = ledger(ctx)
    meaning = diary.understanding
    days: set[date] = set()
    kinds = (Kind.FOOD, Kind.DRINK, Kind.SUPPLEMENT, Kind.FACTOR)
    for e in diary.between(first, last):
        if e.kind not in kinds:
            continue
        if e.kind in (Kind.FOOD, Kind.DRINK):
            m = meaning.of(e)
            names = {*m.foods, m.canonical, *m.components, *m.drinks}
            if m.drinks:
                names.add("alcohol")
        else:
            names = {normalise_name(e.name)}
        if wanted in names:
            days.add(e.day)
    return days


def result(
    ctx: svc.Context, experiment_id: uuid.UUID | None = None
) -> tuple[ex.Status, ExperimentResult]:
    """Analyse the days observed so far (up to today; all of it once finished)."""
    st = ex.status(ctx, experiment_id)
    exp = st.experiment
    if exp.design == BEFORE_DURING:
        raise GutbrainError("a before/during comparison has its own result (trend_result)")
    last = min(ctx.now().date(), st.plan.end - timedelta(days=1))
    if last < exp.start_day:
        raise GutbrainError(f"the {exp.factor} experiment starts on {exp.start_day}")
    cov = svc.coverage(ctx)
    attacks = svc.list_entries(ctx, since=exp.start_day - timedelta(days=3), until=last,
                               kinds=[Kind.ATTACK])  # fmt: skip
    series = build_day_series(exp.start_day, last, derived.outcome_events(attacks, "attack"),
                              cov.missing if cov else ())  # fmt: skip
    rate = float(exp.plan.get("baseline", {}).get("onsets_per_at_risk_day", 0.1))
    checks = {d: v[0] for d, v in st.checks.items()}
    logged = {d for d in factor_days(ctx, exp.factor, exp.start_day, last)
              if st.plan.at(d)[1] == ARM_B}  # fmt: skip
    return st, analyse_experiment(st.design, st.plan, series, checks, rate, exp.factor, logged,
                                  stopped=exp.status == "stopped")  # fmt: skip
