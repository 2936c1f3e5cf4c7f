"""The experiment report (CENT 2015): one experiment as a standalone HTML/PDF report, and the
section of the doctor report listing every experiment."""

from __future__ import annotations

import uuid
from datetime import timedelta

from gutbrain import __version__
from gutbrain.analysis.experiments.design import ARM_A, ARM_B, BEFORE_DURING
from gutbrain.domain.entries import ACUTE_TAG, Entry, Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.reports.experiment_html import render_experiment_html
from gutbrain.reports.experiment_model import ArmHarms, ExperimentReport
from gutbrain.reports.pdf import html_to_pdf
from gutbrain.services import diary as svc
from gutbrain.services import experiment_result
from gutbrain.services import experiments as ex
from gutbrain.services.experiment_trend import trend_result

#: A "severe" attack for the harms line: peak pain ≥ 7 on the 0–10 scale.
SEVERE_PAIN = 7


def _harms(st: ex.Status, entries: list[Entry]) -> tuple[ArmHarms, ...]:
    out = []
    for label, code in (("A", ARM_A), ("B", ARM_B)):

        def in_arm(day: object, code: int = code) -> bool:
            return st.plan.at(day)[1] == code  # type: ignore[arg-type]

        attacks = [e for e in entries if e.kind is Kind.ATTACK and in_arm(e.day)]
        peaks = [e.intensity for e in attacks if e.intensity is not None]
        med_days = {e.day for e in entries if e.kind is Kind.MEDICATION and ACUTE_TAG in e.tags
                    and in_arm(e.day)}  # fmt: skip
        out.append(ArmHarms(label, sum(1 for p in peaks if p >= SEVERE_PAIN), len(med_days),
                            sum(peaks) / len(peaks) if peaks else None))  # fmt: skip
    return tuple(out)


def experiment_report(ctx: svc.Context, experiment_id: uuid.UUID | None = None) -> ExperimentReport:
    st = ex.status(ctx, experiment_id)
    exp, plan = st.experiment, st.experiment.plan
    res, trend, windows, problem = None, None, None, ""
    try:
        if exp.design == BEFORE_DURING:
            _, tr = trend_result(ctx, exp.id)
            trend = tr.trend
            windows = (tr.before_first, tr.before_last, tr.during_first, tr.during_last)
        else:
            _, res = experiment_result.result(ctx, exp.id)
    except GutbrainError as err:
        problem = str(err)
    last = min(ctx.now().date(), st.plan.end - timedelta(days=1))
    entries = svc.list_entries(ctx, since=exp.start_day, until=last,
                               kinds=[Kind.ATTACK, Kind.MEDICATION])  # fmt: skip
    base = plan.get("baseline", {})
    return ExperimentReport(
        factor=exp.factor, state=st.state, design=exp.design, secret=st.secret_shown(),
        legacy_seed=None if exp.secret or not st.over else exp.seed,
        start=exp.start_day, last_day=st.last_day, stopped_on=exp.stopped_on,
        period_days=exp.period_days, washout_days=exp.washout_days, blocks=exp.blocks,
        exposure=ex.instruction(exp, "A"), avoidance=ex.instruction(exp, "B"),
        schedule=tuple((k + 1, arm if st.revealed(first) else "?", first, last)
                       for k, arm, first, last in st.periods),
        baseline_onsets=int(base.get("attack_onsets", 0)),
        baseline_days=int(base.get("at_risk_days", 0)),
        baseline_rate=base.get("onsets_per_at_risk_day"),
        planned_scenarios=tuple((s["label"], float(s["power"])) for s in plan.get("scenarios", [])),
        plan_warnings=tuple(plan.get("warnings", [])),
        events=tuple((e.day, e.kind, e.note) for e in st.events),
        deviations=tuple((d, note) for d, (ok, note) in sorted(st.checks.items()) if not ok),
        followed_days=sum(1 for ok, _ in st.checks.values() if ok),
        unchecked_days=st.unchecked_days,
        result=res, harms=_harms(st, entries), problem=problem, trend=trend,
        trend_windows=windows,
    )  # fmt: skip


def all_experiment_reports(ctx: svc.Context) -> tuple[ExperimentReport, ...]:
    """Every experiment that has started, for the doctor report (oldest first)."""
    today = ctx.now().date()
    exps = [e for e in ex.experiments(ctx).all_for(ctx.diary_id) if e.start_day <= today]
    return tuple(experiment_report(ctx, e.id) for e in reversed(exps))


def experiment_html(ctx: svc.Context, experiment_id: uuid.UUID | None = None, *,
                    standalone: bool = True) -> str:  # fmt: skip
    return render_experiment_html(experiment_report(ctx, experiment_id),
                                  generated_on=ctx.now().date(), version=__version__,
                                  standalone=standalone)  # fmt: skip


def experiment_pdf(ctx: svc.Context, experiment_id: uuid.UUID | None = None) -> bytes:
    return html_to_pdf(experiment_html(ctx, experiment_id))
