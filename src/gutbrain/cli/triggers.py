"""``gutbrain triggers`` and ``gutbrain explain FACTOR``: the trigger report in a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.services.trigger_results import (
    INCONCLUSIVE,
    NO_ASSOCIATION,
    NOT_ENOUGH_DATA,
    PROTECTOR,
    TRIGGER,
    TriggerRow,
    clock,
    format_p,
    one_per_group,
    p_text,
    rows_from_json,
    rr_text,
    trigger_json,
)

if TYPE_CHECKING:
    from gutbrain.services.triggers import Explanation, TriggerReport

#: What --outcome accepts (services.triggers.OUTCOME_LABELS; kept here so the fast path does
#: not import the engine).
OUTCOMES = ("attack", "gi")

TITLES = {
    TRIGGER: "Triggers",
    PROTECTOR: "Protectors",
    INCONCLUSIVE: "Inconclusive (a signal that a check or the correction takes away)",
    NO_ASSOCIATION: "No association (effects of 1.5× or more ruled out)",
    NOT_ENOUGH_DATA: "Not enough data yet",
}
#: Rows shown per "not enough data" group unless --all.
SHORT_LIST = 12

outcome_option = click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    default="attack",
    show_default=True,
    help="What counts as an event: attack onsets, or GI symptom days (symptom ≥ 4 or Bristol 6–7).",
)
json_option = click.option("--json", "local_json", is_flag=True, help="Print the JSON contract.")


@click.command("triggers")
@outcome_option
@click.option(
    "--fdr",
    type=click.FloatRange(0.001, 0.5),
    help="False discovery rate (default: diary setting, 0.10).",
)
@click.option("--all", "show_all", is_flag=True, help="Show every factor × lag row.")
@json_option
@pass_state
def triggers(
    state: AppState, outcome: str, fdr: float | None, show_all: bool, local_json: bool
) -> None:
    """Which factors go with more (or fewer) attacks, with honest numbers."""
    data = trigger_json(state.ctx, outcome=outcome, fdr=fdr)
    if state.as_json or local_json:
        state.emit_json(data)
        return
    out = state.console
    d, method = data["diary"], data["method"]
    out.print(
        f"[bold]Diary[/bold] {d['first_day']} – {d['last_day']}: {d['days_covered']} days kept, "
        f"{d['days_missing']} missing, {d['attack_onsets']} onsets, {d['at_risk_days']} at-risk "
        f"days (lag 1). {method['tests']} factor × lag tests, false discovery rate "
        f"{method['fdr']:.0%}."
    )
    if d["problems"]:
        out.print(
            "[yellow]Not enough data for verdicts yet:[/yellow] " + "; ".join(d["problems"]) + "."
        )
    all_rows = rows_from_json(data["factors"])
    hidden = 0
    for verdict in TITLES:
        rows = one_per_group(r for r in all_rows if r.verdict == verdict)
        if verdict == NOT_ENOUGH_DATA and not show_all:
            hidden = len(rows)
            rows = [r for r in rows if r.tested][:SHORT_LIST]
            hidden -= len(rows)
        if rows:
            out.print(_table(TITLES[verdict], rows))
    if hidden:
        out.print(f"({hidden} more rows with not enough data; --all shows them.)")
    out.print(
        "These are associations in your diary, not proof. `gutbrain explain FACTOR` shows the "
        "days behind a row; a planned on/off experiment is the way to confirm a trigger."
    )


def _table(title: str, rows: list[TriggerRow]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for col in ("factor", "lag", "RR (95 % CI)", "days", "q", "reading"):
        table.add_column(col, no_wrap=col in ("lag", "RR (95 % CI)", "q"))
    for r in rows:
        table.add_row(
            r.label,
            str(r.lag_days),
            rr_text(r),
            f"{r.exposed_onsets}/{r.exposed_days} vs {r.unexposed_onsets}/{r.unexposed_days}",
            p_text(r.q),
            r.sentence,
        )
    return table


@click.command("explain")
@click.argument("factor")
@outcome_option
@json_option
@pass_state
def explain(state: AppState, factor: str, outcome: str, local_json: bool) -> None:
    """The 2×2 table per lag, the days behind it, the checks run and what would change it."""
    from gutbrain.services.triggers import explain_factor, row_json, trigger_report

    report = trigger_report(state.ctx, outcome=outcome)
    ex = explain_factor(report, factor)
    if state.as_json or local_json:
        state.emit_json(
            {
                "factor": ex.factor,
                "kind": ex.kind,
                "lags": [
                    {
                        **row_json(lag.row),
                        "exposed_onset_days": [d.isoformat() for d in lag.exposed_onset_days],
                        "exposed_quiet_days": [d.isoformat() for d in lag.exposed_quiet_days],
                        "unexposed_onset_days": [d.isoformat() for d in lag.unexposed_onset_days],
                        "what_would_change": lag.what_would_change,
                    }
                    for lag in ex.lags
                ],
            }
        )
        return
    _print_explanation(state, report, ex)


def _print_explanation(state: AppState, report: TriggerReport, ex: Explanation) -> None:
    out = state.console
    out.print(f"[bold]{ex.factor}[/bold] ({ex.kind}) — outcome: {report.outcome}")
    for lag in ex.lags:
        r = lag.row
        same_day = (
            "same day, after waking up"
            if r.landmark_minute is None
            else "same day, before " + clock(r.landmark_minute)
        )
        when = {0: same_day, 1: "the day before"}.get(r.lag_days, f"{r.lag_days} days before")
        out.print(f"\n[bold]Lag {r.lag_days}[/bold] ({when}) — verdict: [bold]{r.verdict}[/bold]"
                  + (f"  flags: {', '.join(r.flags)}" if r.flags else ""))  # fmt: skip
        if r.reason:
            out.print(f"Why: {r.reason}.")
        table = Table(show_header=True, header_style="bold")
        for col in ("", "onset", "no onset", "days"):
            table.add_column(col)
        table.add_row(
            "with it", str(r.exposed_onsets), str(r.exposed_days - r.exposed_onsets),
            str(r.exposed_days),
        )  # fmt: skip
        table.add_row(
            "without", str(r.unexposed_onsets), str(r.unexposed_days - r.unexposed_onsets),
            str(r.unexposed_days),
        )  # fmt: skip
        out.print(table)
        stats = f"RR {rr_text(r)}"
        if r.p is not None and r.q is not None:
            stats += f", Fisher p {format_p(r.p)}, q {format_p(r.q)}"
        if r.group_label:
            stats += f" — the same days as: {r.group_label}"
        out.print(stats)
        out.print(r.sentence)
        if lag.exposed_onset_days:
            out.print(
                "Onsets after it: " + ", ".join(d.isoformat() for d in lag.exposed_onset_days)
            )
        for c in r.checks:
            out.print(f"  {'✓' if c.passed else '✗'} {c.name}: {c.detail}")
        out.print(f"What would change it: {lag.what_would_change}")


COMMANDS = [triggers, explain]
