"""``gutbrain experiment …``: plan, follow and analyse an N-of-1 experiment in a terminal."""

from __future__ import annotations

import uuid
from datetime import date

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.services import experiment_result
from gutbrain.services import experiments as ex
from gutbrain.services.experiment_json import result_json, status_json, trend_json
from gutbrain.services.experiment_trend import trend_result
from gutbrain.services.experiments import BEFORE_DURING, DESIGNS

ARM_WORDS = {"A": "have it", "B": "leave it out"}


@click.group("experiment")
def experiment() -> None:
    """Test a suspected trigger with randomised periods with and without it (N-of-1)."""


@experiment.command("plan")
@click.argument("factor")
@click.option(
    "--design",
    type=click.Choice([*DESIGNS, BEFORE_DURING]),
    default="random-blocks",
    show_default=True,
    help="random-blocks: each pair of periods in random order; abab: alternating; "
    "before-during: a supplement course against as many days before it (not randomised, "
    "weaker; --period is the course length, --washout the build-up days left out).",
)
@click.option("--period", default="7d", show_default=True, help="Length of a period (7d, 2w).")
@click.option(
    "--blocks",
    type=click.IntRange(1, 26),
    default=4,
    show_default=True,
    help="Pairs of periods (one with, one without).",
)
@click.option(
    "--washout",
    default="2d",
    show_default=True,
    help="Days at the start of each period that are followed but not counted.",
)
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="First day, today or later (default: tomorrow).",
)
@click.option("--dose", default="", help='What "have it" means, e.g. "one glass each evening".')
@click.option(
    "--days-per-week",
    type=click.IntRange(1, 7),
    default=7,
    show_default=True,
    help='Days a week with FACTOR in "have it" periods (the power is computed for this).',
)
@pass_state
def plan(
    state: AppState, factor: str, design: str, period: str, blocks: int, washout: str,
    start: object, dose: str, days_per_week: int,
) -> None:  # fmt: skip
    """Randomise a schedule for FACTOR (from a secret kept in the diary) and say how much it
    can show."""
    begin = start.date() if start is not None else None  # type: ignore[attr-defined]
    exp = ex.plan(state.ctx, factor, design=design, period=period, blocks=blocks,
                  washout=washout, start=begin, exposure=dose,
                  days_per_week=days_per_week)  # fmt: skip
    st = ex.status(state.ctx, exp.id)
    if state.as_json:
        state.emit_json(status_json(st))
        return
    _print_plan(state, st)


def _print_plan(state: AppState, st: ex.Status) -> None:
    out, exp, p = state.console, st.experiment, st.experiment.plan
    out.print(
        f"[bold]Experiment: {exp.factor}[/bold] — {st.design.design}, "
        f"{st.design.n_periods} periods of {st.design.period_days} days "
        f"({st.design.washout_days} wash-out days each), {exp.start_day} → {st.last_day}"
    )
    table = Table("Period", "Days", "What to do")
    for k, arm, first, last in st.periods:
        what = (f"{ARM_WORDS[arm]}: {ex.instruction(exp, arm)}" if st.revealed(first)
                else "shown when it starts")  # fmt: skip
        table.add_row(str(k + 1), f"{first} – {last}", what)
    out.print(table)
    base = p.get("baseline", {})
    out.print(f"Your attack rate: {base.get('attack_onsets', 0)} onsets in "
              f"{base.get('at_risk_days', 0)} at-risk days before the start. Expected attacks "
              f"during the experiment if it makes no difference: {p.get('expected_attacks_if_no_effect')}.")  # fmt: skip
    for s in p.get("scenarios", []):
        out.print(f"  If {s['label']}: power {s['power']:.0%} (about "
                  f"{s['attacks_per_100_at_risk_days_exposure']} vs "
                  f"{s['attacks_per_100_at_risk_days_avoidance']} attacks per 100 at-risk days).")  # fmt: skip
    if p.get("power_assumes"):
        out.print(f"Power assumes {p['power_assumes']}.")
    for w in p.get("warnings", []):
        out.print(f"[yellow]Warning:[/yellow] {w}")


id_option = click.option(
    "--id",
    "ref",
    help="Which experiment (first characters of its id; default: the running "
    "one, else the one planned last).",
)


def _id(state: AppState, ref: str | None) -> uuid.UUID | None:
    return None if ref is None else ex.find(state.ctx, ref)


@experiment.command("status")
@id_option
@pass_state
def status_cmd(state: AppState, ref: str | None) -> None:
    """Which period it is and what to do today."""
    st = ex.status(state.ctx, _id(state, ref))
    if state.as_json:
        state.emit_json(status_json(st))
        return
    exp, out = st.experiment, state.console
    out.print(
        f"[bold]{exp.factor}[/bold] experiment: {st.state} ({exp.start_day} → {st.last_day or 'open while paused'})."
    )
    t = st.today
    if t is not None and not t.paused and t.arm:
        out.print(f"Period {t.period + 1} of {st.design.n_periods} ({t.period_first} – "
                  f"{t.period_last}): [bold]{t.instruction}[/bold].")  # fmt: skip
        checked = {True: "followed", False: "not followed (recorded)", None: "not checked yet"}
        out.print(f"Today: {checked[t.followed]}. Answer with `gutbrain experiment check yes|no`.")
    elif t is not None:
        out.print(t.instruction)
    deviations = sum(1 for ok, _ in st.checks.values() if not ok)
    out.print(f"Checks: {len(st.checks) - deviations} days followed, {deviations} deviations, "
              f"{st.unchecked_days} days not checked (unknown).")  # fmt: skip


@experiment.command("check")
@click.argument("answer", type=click.Choice(["yes", "no"]))
@click.option("--day", type=click.DateTime(["%Y-%m-%d"]), help="Another day (default: today).")
@click.option("--note", default="", help="What happened (kept with a deviation).")
@pass_state
def check(state: AppState, answer: str, day: object, note: str) -> None:
    """Did you follow today's plan? yes or no — a 'no' is recorded as a deviation."""
    when: date | None = day.date() if day is not None else None  # type: ignore[attr-defined]
    st = ex.record_check(state.ctx, answer == "yes", day=when, note=note)
    if state.as_json:
        state.emit_json(status_json(st))
        return
    state.console.print(f"Saved: {'followed' if answer == 'yes' else 'deviation'} on "
                        f"{when or state.ctx.now().date()}.")  # fmt: skip


def _change(name: str, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.option("--note", default="", help="Why (kept in the experiment's record).")
    @pass_state
    def command(state: AppState, note: str) -> None:
        getattr(ex, name)(state.ctx, note)
        st = ex.status(state.ctx, None)
        if state.as_json:
            state.emit_json(status_json(st))
            return
        state.console.print(f"{st.experiment.factor} experiment {st.state}.")

    return command


experiment.add_command(_change("pause", "Pause (days are not counted until you resume)."))
experiment.add_command(_change("resume", "Resume a paused experiment (wash-out first)."))
experiment.add_command(_change("stop", "Stop early; the days so far are analysed."))


@experiment.command("extend")
@click.option("--blocks", type=click.IntRange(1, 25), default=2, show_default=True)
@click.option("--note", default="")
@pass_state
def extend(state: AppState, blocks: int, note: str) -> None:
    """Add randomised blocks at the end (and say what that costs)."""
    exp = ex.extend(state.ctx, blocks, note)
    st = ex.status(state.ctx, exp.id)
    if state.as_json:
        state.emit_json(status_json(st))
        return
    state.console.print(f"Extended to {exp.blocks} blocks; last day {st.last_day}.")
    state.console.print(f"[yellow]{st.events[-1].detail.get('cost', '')}[/yellow]")


@experiment.command("result")
@id_option
@pass_state
def result(state: AppState, ref: str | None) -> None:
    """The analysis so far: rate ratio with exact CI, randomisation test, posterior."""
    exp_id = _id(state, ref)
    if ex.status(state.ctx, exp_id).design.design == BEFORE_DURING:
        _trend_result(state, exp_id)
        return
    st, res = experiment_result.result(state.ctx, exp_id)
    if state.as_json:
        state.emit_json(result_json(st, res))
        return
    out = state.console
    out.print(f"[bold]{st.experiment.factor}[/bold] experiment ({st.state}, "
              f"{res.periods_done} of {res.periods_planned} periods done).")  # fmt: skip
    if res.interim:
        out.print(f"[bold yellow]INTERIM[/bold yellow] look after {res.look} of "
                  f"{res.looks_planned} pairs: it needs p ≤ {res.threshold_p:.2g} to count.")  # fmt: skip
    table = Table("Arm", "Analysed days", "Missing", "At-risk days", "Onsets",
                  "Per 100 at-risk days", "Deviations", "Unchecked")  # fmt: skip
    for a in res.arms:
        table.add_row(ARM_WORDS[a.arm], str(a.analysed_days), str(a.missing_days),
                      str(a.at_risk_days), str(a.onsets),
                      "–" if a.rate is None else f"{100 * a.rate:.1f}", str(a.checked_no),
                      str(a.unchecked))  # fmt: skip
    out.print(table)
    out.print(res.conclusion)
    pp, post, rand = res.per_protocol, res.posterior, res.randomisation
    out.print(f"Per-protocol (days confirmed as followed): rate ratio "
              f"{'–' if pp.rr is None else f'{pp.rr:.2f}'}, p = {'–' if pp.p is None else f'{pp.p:.3g}'}.")  # fmt: skip
    out.print(f"Randomisation test over {rand.allocations} possible schedules: p = "
              f"{'–' if rand.p is None else f'{rand.p:.3g}'}.")  # fmt: skip
    out.print(f"Bayesian: P(rate ratio > 1) = {post.p_rr_above_1:.2f} (prior: {post.prior}).")


def _trend_result(state: AppState, exp_id: uuid.UUID | None) -> None:
    st, tr = trend_result(state.ctx, exp_id)
    if state.as_json:
        state.emit_json(trend_json(st, tr))
        return
    t, u, out = tr.trend, tr.trend.unadjusted, state.console
    out.print(f"[bold]{st.experiment.factor}[/bold]: before ({tr.before_first} – {tr.before_last}) "
              f"vs during ({tr.during_first or '–'} – {tr.during_last}).")  # fmt: skip
    out.print(f"Attacks: {u.onsets_b} in {u.days_b} at-risk days before, {u.onsets_a} in "
              f"{u.days_a} during.")  # fmt: skip
    if t.rr is None:
        out.print("Too little data for the trend-adjusted comparison yet.")
    else:
        out.print(f"Rate ratio during/before, adjusted for a time trend: {t.rr:.2f} "
                  f"(95 % CI {t.ci_low:.2f}–{t.ci_high:.2f}, p = {t.p:.3g}).")  # fmt: skip
    out.print(f"[yellow]{t.note}[/yellow]")


@experiment.command("report")
@click.option(
    "--pdf", "pdf_path", type=click.Path(dir_okay=False, writable=True), help="Write the PDF here."
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the HTML here.",
)
@id_option
@pass_state
def report(state: AppState, pdf_path: str | None, html_path: str | None, ref: str | None) -> None:
    """The experiment report following the CENT 2015 items (design to limitations)."""
    from pathlib import Path

    from gutbrain.services import experiment_report

    exp_id = _id(state, ref)
    if pdf_path:
        Path(pdf_path).write_bytes(experiment_report.experiment_pdf(state.ctx, exp_id))
    if html_path:
        html = experiment_report.experiment_html(state.ctx, exp_id)
        Path(html_path).write_text(html, encoding="utf-8")
    if not (pdf_path or html_path):
        click.echo(experiment_report.experiment_html(state.ctx, exp_id))
    else:
        state.console.print(
            f"Experiment report written: {pdf_path or ''} {html_path or ''}".strip()
        )


COMMANDS = [experiment]
