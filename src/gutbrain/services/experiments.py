"""N-of-1 experiments: plan one from the person's own attack rate, follow it day by day
(what to do today, the one-tap adherence check, pause/resume/extend/stop, all recorded) and
analyse it.  The CLI and the web app call these; the statistics are in ``gutbrain.analysis``.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from gutbrain.analysis import derived
from gutbrain.analysis.attacks import build_day_series
from gutbrain.analysis.experiments.design import (
    BEFORE_DURING as BEFORE_DURING,
)
from gutbrain.analysis.experiments.design import (
    DESIGNS as DESIGNS,
)
from gutbrain.analysis.experiments.design import (
    MAX_BLOCKS,
    DayPlan,
    Design,
    day_plan,
    period_bounds,
    schedule,
)
from gutbrain.analysis.experiments.power import (
    PlanSummary,
    baseline_from_counts,
    before_during_summary,
    plan_summary,
)
from gutbrain.analysis.experiments.sequential import boundaries
from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.services import diary as svc
from gutbrain.store.experiments import Experiment, ExperimentEvent, ExperimentStore

#: Diary days before the start used for the person's own attack rate.
BASELINE_DAYS = 365


def parse_days(text: str | int, what: str = "period") -> int:
    """``7d``, ``2w``, ``10`` (days) → days."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d{1,3})\s*(d|days?|w|weeks?)?\s*", text.lower())
    if not m:
        raise GutbrainError(f"the {what} must look like 7d or 2w, not {text!r}")
    n = int(m.group(1))
    return n * 7 if (m.group(2) or "d").startswith("w") else n


def experiments(ctx: svc.Context) -> ExperimentStore:
    return ExperimentStore(ctx.store)


#: Attacks longer than this count as this long when planning (the share of each length).
LONGEST_ATTACK_DAYS = 5


@dataclass(frozen=True, slots=True)
class Baseline:
    rate: float
    attack_days: float
    lengths: tuple[float, ...]  # share of attacks lasting 1, 2, ... days
    onsets: int
    at_risk_days: int
    first_day: date | None
    last_day: date | None


def baseline(ctx: svc.Context, before: date) -> Baseline:
    """The person's attack onsets per at-risk day in the year before ``before``."""
    cov = svc.coverage(ctx)
    last = before - timedelta(days=1)
    if cov is None or cov.first_day > last:
        return Baseline(baseline_from_counts(0, 30), 1.0, (1.0,), 0, 0, None, None)
    first = max(cov.first_day, before - timedelta(days=BASELINE_DAYS))
    attacks = svc.list_entries(ctx, since=first - timedelta(days=3), until=last,
                               kinds=[Kind.ATTACK])  # fmt: skip
    events = derived.outcome_events(attacks, "attack")
    series = build_day_series(first, last, events, cov.missing)
    onsets, at_risk = int(series.onset.sum()), int(series.at_risk.sum())
    lengths = [min((e.end_day - e.start_day).days + 1, LONGEST_ATTACK_DAYS)
               for e in events if e.start_day >= first]  # fmt: skip
    counts = [lengths.count(k) for k in range(1, max(lengths, default=1) + 1)]
    shares = tuple(c / len(lengths) for c in counts) if lengths else (1.0,)
    attack_days = sum(lengths) / len(lengths) if lengths else 1.0
    rate = baseline_from_counts(onsets, max(at_risk, 1))
    return Baseline(rate, attack_days, shares, onsets, at_risk, first, last)


def design_of(exp: Experiment) -> Design:
    return Design(exp.design, exp.period_days, exp.blocks, exp.washout_days, exp.seed,
                  exp.secret, exp.exposure_days)  # fmt: skip


def new_secret() -> str:
    """256 random bits from the operating system: the order of the periods is drawn from them
    and they stay in the diary, shown to nobody until the experiment is over."""
    return secrets.token_hex(32)


def preview(
    ctx: svc.Context,
    *,
    design: str = "random-blocks",
    period: str | int = "7d",
    blocks: int = 4,
    washout: str | int = "2d",
    start: date | None = None,
    days_per_week: int = 7,
    secret: str | None = None,
) -> tuple[Design, PlanSummary, Baseline]:
    """The plan's numbers without storing anything (the web shows them before confirming).

    ``days_per_week``: on how many days of each week of a "have it" period the person is asked
    to have the factor; the power is computed for that dose.  ``secret`` fixes the
    randomisation (tests only; by default a new random one)."""
    today = ctx.now().date()
    begin = start or today + timedelta(days=1)
    if begin < today:
        raise GutbrainError(
            f"an experiment starts today or later (not {begin}): its order is drawn now and "
            "revealed one period at a time. For what the diary already holds, the Triggers "
            "analysis (`gutbrain triggers`) is the observational comparison."
        )
    if (begin - today).days > 366:
        raise GutbrainError("the start must be within a year of today")
    trend = design == BEFORE_DURING
    try:
        d = Design(design, parse_days(period), 1 if trend else blocks,
                   parse_days(washout, "wash-out"), 0,
                   "" if trend else secret or new_secret(), days_per_week)  # fmt: skip
    except ValueError as exc:
        raise GutbrainError(str(exc)) from exc
    base = baseline(ctx, begin)
    if trend:
        return d, before_during_summary(d, base.rate, base.lengths), base
    return d, plan_summary(d, base.rate, base.lengths), base


def plan(
    ctx: svc.Context,
    factor: str,
    *,
    design: str = "random-blocks",
    period: str | int = "7d",
    blocks: int = 4,
    washout: str | int = "2d",
    start: date | None = None,
    exposure: str = "",
    avoidance: str = "",
    days_per_week: int = 7,
    secret: str | None = None,
) -> Experiment:
    """Randomise and store a new experiment (one at a time: two would confound each other)."""
    name = " ".join(factor.split())
    if not name or len(name) > 200:
        raise GutbrainError("say which factor to test (up to 200 characters)")
    if design not in (*DESIGNS, BEFORE_DURING):
        raise GutbrainError(
            f"unknown design {design!r}: use {', '.join((*DESIGNS, BEFORE_DURING))}"
        )
    running = current(ctx)
    if running is not None:
        raise GutbrainError(
            f"an experiment on {running.factor} is still running: stop it first "
            "(two at once would confound each other)"
        )
    begin = start or ctx.now().date() + timedelta(days=1)
    d, summary, base = preview(ctx, design=design, period=period, blocks=blocks,
                               washout=washout, start=begin, days_per_week=days_per_week,
                               secret=secret)  # fmt: skip
    exp = Experiment(
        id=uuid.uuid4(), diary_id=ctx.diary_id, factor=name, design=d.design,
        period_days=d.period_days, blocks=d.blocks, washout_days=d.washout_days, seed=d.seed,
        start_day=begin, exposure_text=exposure.strip()[:500], avoidance_text=avoidance.strip()[:500],
        status="active", plan=plan_json(summary, base), secret=d.secret,
        exposure_days=d.exposure_days,
    )  # fmt: skip
    return experiments(ctx).add(exp, planned_on=ctx.now().date())


def plan_json(summary: PlanSummary, base: Baseline) -> dict[str, object]:
    """What the person was told when they planned (kept with the experiment)."""
    return {
        "baseline": {
            "onsets_per_at_risk_day": round(base.rate, 5),
            "attack_onsets": base.onsets,
            "at_risk_days": base.at_risk_days,
            "from": base.first_day.isoformat() if base.first_day else None,
            "to": base.last_day.isoformat() if base.last_day else None,
            "mean_attack_days": round(base.attack_days, 2),
        },
        "analysed_days_per_arm": summary.analysed_days_per_arm,
        "expected_attacks_if_no_effect": round(summary.expected_onsets, 1),
        "exposure_days_per_week": summary.design.exposure_days,
        "scenarios": [
            {"label": s.label, "hazard_ratio": s.hazard_ratio,
             "expected_attacks_exposure": round(s.expected_onsets_a, 1),
             "expected_attacks_avoidance": round(s.expected_onsets_b, 1),
             "attacks_per_100_at_risk_days_exposure": round(s.per_100_a, 1),
             "attacks_per_100_at_risk_days_avoidance": round(s.per_100_b, 1),
             "power": round(s.power, 3)}
            for s in summary.scenarios
        ],
        "power_assumes": (
            f"the factor on {summary.design.exposure_days} of 7 days in every 'have it' period, "
            "a look after every pair of periods (group-sequential boundaries), alpha 0.05"
        ),
        "blocks_for_80_percent_power": summary.blocks_for_target,
        "warnings": list(summary.warnings),
        "alpha": 0.05,
    }  # fmt: skip


def current(ctx: svc.Context) -> Experiment | None:
    """The experiment being followed (active or paused, not yet past its end)."""
    today = ctx.now().date()
    for exp in experiments(ctx).all_for(ctx.diary_id):
        if exp.status in ("active", "paused") and state_of(exp, _plan(ctx, exp), today) in (
            "planned", "active", "paused",
        ):  # fmt: skip
            return exp
    return None


def _pauses(events: list[ExperimentEvent]) -> list[tuple[date, date | None]]:
    out: list[tuple[date, date | None]] = []
    for ev in events:
        if ev.kind == "paused":
            out.append((ev.day, None))
        elif ev.kind == "resumed" and out and out[-1][1] is None:
            out[-1] = (out[-1][0], ev.day)
    return out


def _plan(ctx: svc.Context, exp: Experiment) -> DayPlan:
    events = experiments(ctx).events(exp.id)
    return day_plan(design_of(exp), exp.start_day, _pauses(events), _stop(exp))


def _stop(exp: Experiment) -> date | None:
    """The day after the last analysed one (the day it was stopped still counts)."""
    return None if exp.stopped_on is None else exp.stopped_on + timedelta(days=1)


def state_of(exp: Experiment, plan: DayPlan, today: date) -> str:
    if exp.status == "stopped":
        return "stopped"
    if exp.status == "paused":
        return "paused"
    if today < exp.start_day:
        return "planned"
    return "finished" if today >= plan.end else "active"


@dataclass(frozen=True, slots=True)
class TodayPlan:
    """What the person should do on one day of the experiment."""

    day: date
    period: int
    arm: str | None
    washout: bool
    paused: bool
    instruction: str
    period_first: date | None
    period_last: date | None
    followed: bool | None


@dataclass(frozen=True, slots=True)
class Status:
    experiment: Experiment
    design: Design
    plan: DayPlan
    state: str
    periods: tuple[tuple[int, str, date, date], ...]
    today: TodayPlan | None
    events: tuple[ExperimentEvent, ...]
    checks: dict[date, tuple[bool, str]]
    on: date  # the day the status is for

    def revealed(self, first_day: date) -> bool:
        """Whether a period's arm may be shown: it has started, or the experiment is over.
        Future periods stay hidden (CENT items 9/10: allocation concealed until then)."""
        return first_day <= self.on or self.state in ("stopped", "finished")

    @property
    def last_day(self) -> date | None:
        """The experiment's last day; unknown (None) while paused."""
        return None if self.state == "paused" else self.plan.end - timedelta(days=1)

    @property
    def over(self) -> bool:
        """Stopped or finished: every arm, and the secret they were drawn from, may be shown."""
        return self.state in ("stopped", "finished")

    @property
    def unchecked_days(self) -> int:
        """Experiment days up to today with no adherence answer: unknown, not followed."""
        n = min(max(self.plan.index(self.on) + 1, 0), self.plan.period.size)
        days = (self.plan.start + timedelta(days=i) for i in range(n) if self.plan.period[i] >= 0)
        return sum(1 for d in days if d not in self.checks)

    def secret_shown(self) -> str | None:
        """The randomisation secret once the experiment is over (so anyone can check the
        order); None while any period is still hidden."""
        return (self.experiment.secret or None) if self.over else None


def instruction(exp: Experiment, arm: str) -> str:
    if arm == "A" and exp.design == BEFORE_DURING:
        return exp.exposure_text or f"take {exp.factor} every day"
    if arm == "A":
        return exp.exposure_text or dose_text(exp.factor, exp.exposure_days)
    return exp.avoidance_text or f"no {exp.factor} at all"


def dose_text(factor: str, days_per_week: int) -> str:
    """The "have it" instruction the power was computed for."""
    if days_per_week >= 7:
        return f"have {factor} every day, your usual amount"
    return f"have {factor} on {days_per_week} days each week, your usual amount"


def status(
    ctx: svc.Context, experiment_id: uuid.UUID | None = None, day: date | None = None
) -> Status:
    """The experiment (the current one unless given), its calendar and the day's plan."""
    exp = _pick(ctx, experiment_id)
    store = experiments(ctx)
    events = store.events(exp.id)
    d = design_of(exp)
    plan = day_plan(d, exp.start_day, _pauses(events), _stop(exp))
    today = day or ctx.now().date()
    arms = schedule(d)
    periods = tuple(
        (k, arms[k], *bounds) for k in range(d.n_periods)
        if (bounds := period_bounds(plan, k)) is not None
    )  # fmt: skip
    checks = store.checks(exp.id)
    state = state_of(exp, plan, today)
    return Status(exp, d, plan, state, periods, _today(exp, plan, today, checks, state),
                  tuple(events), checks, today)  # fmt: skip


def _today(
    exp: Experiment, plan: DayPlan, day: date, checks: dict[date, tuple[bool, str]], state: str
) -> TodayPlan | None:
    if state in ("stopped", "finished", "planned"):
        return None
    k, _arm, washout, paused = plan.at(day)
    if paused or state == "paused":
        return TodayPlan(day, k, None, False, True, "paused: eat and drink as you like",
                         None, None, None)  # fmt: skip
    if k < 0:
        return None
    arm = schedule(design_of(exp))[k]
    bounds = period_bounds(plan, k)
    text = instruction(exp, arm)
    if washout:
        text += " (wash-out days: follow the new plan already; they are not counted)"
    followed = checks.get(day, (None, ""))[0]
    first, last = bounds if bounds is not None else (None, None)
    return TodayPlan(day, k, arm, washout, False, text, first, last, followed)


def find(ctx: svc.Context, ref: str) -> uuid.UUID:
    """An experiment id from its first characters (as shown in JSON and the web address)."""
    text = ref.strip().lower()
    hits = [e.id for e in experiments(ctx).all_for(ctx.diary_id) if str(e.id).startswith(text)]
    if len(text) < 4 or len(hits) != 1:
        raise NotFoundError(
            f"no single experiment starts with {ref!r} (give at least 4 characters)"
        )
    return hits[0]


def _pick(ctx: svc.Context, experiment_id: uuid.UUID | None) -> Experiment:
    if experiment_id is not None:
        return experiments(ctx).get(ctx.diary_id, experiment_id)
    found = current(ctx) or next(iter(experiments(ctx).all_for(ctx.diary_id)), None)
    if found is None:
        raise NotFoundError("no experiment yet: plan one with `gutbrain experiment plan FACTOR`")
    return found


def record_check(
    ctx: svc.Context, followed: bool, *, day: date | None = None, note: str = "",
    experiment_id: uuid.UUID | None = None,
) -> Status:  # fmt: skip
    """Save the day's adherence answer at once (a later answer replaces it)."""
    st = status(ctx, experiment_id)
    when = day or ctx.now().date()
    if when > ctx.now().date():
        raise GutbrainError("a day in the future cannot be checked yet")
    k, _arm, _w, paused = st.plan.at(when)
    if k < 0 or paused:
        raise GutbrainError(f"{when} is not a day of the {st.experiment.factor} experiment")
    experiments(ctx).set_check(st.experiment.id, when, followed, note.strip()[:500])
    return status(ctx, st.experiment.id)


def _running(ctx: svc.Context) -> Experiment:
    exp = current(ctx)
    if exp is None:
        raise GutbrainError("no experiment is running")
    return exp


def pause(ctx: svc.Context, note: str = "") -> Experiment:
    exp = _running(ctx)
    if exp.status == "paused":
        raise GutbrainError("the experiment is already paused")
    return experiments(ctx).change(exp, "paused", ctx.now().date(), note, status="paused")


def resume(ctx: svc.Context, note: str = "") -> Experiment:
    exp = _running(ctx)
    if exp.status != "paused":
        raise GutbrainError("the experiment is not paused")
    return experiments(ctx).change(exp, "resumed", ctx.now().date(), note, status="active")


def extension_cost(old_blocks: int, new_blocks: int) -> str:
    """What extending costs, in the stopping rule's terms (shown before and kept after)."""
    before, after = boundaries(old_blocks)[-1], boundaries(new_blocks)[-1]
    return (
        f"Extending from {old_blocks} to {new_blocks} pairs adds {new_blocks - old_blocks} looks: "
        f"the last look will need p ≤ {after:.3g} (it needed p ≤ {before:.3g}), and every "
        "look from now on is judged against the boundaries for the longer plan. Deciding to "
        "extend after seeing an unclear or promising interim result is itself a look at the "
        "data: it can raise the chance of a false 'supports' a little above 5 %, so the "
        "report records the extension, its day and your note."
    )


def extend(ctx: svc.Context, blocks: int, note: str = "") -> Experiment:
    """Add randomised blocks at the end (the blocks already planned stay as they were); the
    cost in the stopping rule is recorded with the change."""
    exp = _running(ctx)
    if not 1 <= blocks <= MAX_BLOCKS - exp.blocks:
        raise GutbrainError(f"add between 1 and {MAX_BLOCKS - exp.blocks} blocks")
    new = exp.blocks + blocks
    return experiments(ctx).change(exp, "extended", ctx.now().date(), note,
                                   {"from_blocks": exp.blocks, "to_blocks": new,
                                    "cost": extension_cost(exp.blocks, new)},
                                   blocks=new)  # fmt: skip


def stop(ctx: svc.Context, note: str = "") -> Experiment:
    """Stop early; days up to today are analysed, the rest is not."""
    exp = _running(ctx)
    today = ctx.now().date()
    return experiments(ctx).change(exp, "stopped", today, note, status="stopped",
                                   stopped_on=max(today, exp.start_day))  # fmt: skip
