"""``gutbrain cohort …``: consent, snapshot, analyse on Dask, and read the results."""

from __future__ import annotations

import uuid
from pathlib import Path

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.services import cohort as svc_cohort

folder = click.Path(file_okay=False, path_type=Path)


@click.group("cohort")
def cohort() -> None:
    """Cohort mode: pool consenting diaries to learn how common each trigger is (docs/cohort.md)."""


@cohort.command("consent")
@click.option("--give", "action", flag_value="give", help="Let this diary join cohort analyses.")
@click.option("--withdraw", "action", flag_value="withdraw", help="Leave them from the next run.")
@click.option(
    "--diary-id",
    type=click.UUID,
    help="Another diary of this store, by its id (e.g. on a clinic's server); default: this one.",
)
@pass_state
def consent(state: AppState, action: str | None, diary_id: uuid.UUID | None) -> None:
    """Show, give or withdraw a diary's consent to cohort analyses."""
    ctx = state.ctx
    if action == "give":
        c = svc_cohort.give_consent(ctx, diary_id)
    elif action == "withdraw":
        c = svc_cohort.withdraw_consent(ctx, diary_id)
    else:
        c = svc_cohort.consent_status(ctx, diary_id)
    if state.as_json:
        state.emit_json(svc_cohort.consent_json(c))
    elif c.active:
        click.echo(f"Cohort consent given {c.given_at:%Y-%m-%d %H:%M} UTC; withdraw any time.")
    elif c.withdrawn_at is not None:
        click.echo(
            f"Cohort consent withdrawn {c.withdrawn_at:%Y-%m-%d %H:%M} UTC: this diary leaves "
            "the next snapshot and analysis."
        )
    else:
        click.echo("No cohort consent: this diary is in no cohort analysis.")


scheduler_option = click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Dask scheduler (tcp://host:8786). Default: a local cluster on this machine.",
)


@cohort.command("snapshot")
@click.argument("out", type=folder)
@click.option("--per-part", type=click.IntRange(1, 100_000), default=svc_cohort.PER_PART,
              show_default=True, help="Diaries per partition.")  # fmt: skip
@scheduler_option
@pass_state
def snapshot(state: AppState, out: Path, per_part: int, scheduler: str | None) -> None:
    """Write every consenting diary's day arrays to Parquet partitions in OUT (replaced)."""
    if scheduler:
        from gutbrain.services.cohort_run import dask_client

        with dask_client(scheduler) as client:
            m = svc_cohort.snapshot(state.settings.db_url, out, client=client, per_part=per_part)
    else:
        m = svc_cohort.snapshot(state.settings.db_url, out, per_part=per_part)
    if state.as_json:
        state.emit_json(m)
    else:
        click.echo(
            f"Snapshot of {m['diaries']} consenting diaries in {m['partitions']} partitions: {out} "
            f"({m['recomputed']} changed since their last snapshot, the rest reused)"
        )


@cohort.command("analyse")
@click.argument("snapshot_dir", metavar="SNAPSHOT", type=folder)
@click.argument("out", type=folder)
@scheduler_option
@click.option("--workers", type=click.IntRange(1, 256), default=2, show_default=True,
              help="Worker processes of the local cluster.")  # fmt: skip
@click.option("--fdr", type=click.FloatRange(0.001, 0.5), default=0.10, show_default=True)
@pass_state
def analyse(
    state: AppState, snapshot_dir: Path, out: Path, scheduler: str | None, workers: int, fdr: float
) -> None:
    """Per-person tables, population model and shrunken estimates; results go to OUT."""
    summary = svc_cohort.analyse(snapshot_dir, out, scheduler=scheduler, fdr=fdr, workers=workers)
    if state.as_json:
        state.emit_json(summary)
        return
    _print_summary(state, summary)


@cohort.command("summary")
@click.argument("results", type=folder)
@pass_state
def summary(state: AppState, results: Path) -> None:
    """Prevalence and effect distribution per factor (aggregates only)."""
    data = svc_cohort.read_summary(results)
    if state.as_json:
        state.emit_json(data)
    else:
        _print_summary(state, data)


@cohort.command("mine")
@click.argument("results", type=folder)
@pass_state
def mine(state: AppState, results: Path) -> None:
    """This diary's own cohort estimates, with "people like you" shown as the prior it is."""
    view = svc_cohort.person_view(results, state.ctx.diary_id)
    if state.as_json:
        state.emit_json(view)
        return
    if not view["rows"]:
        click.echo("This diary is not in that cohort analysis (no consent at the snapshot).")
        return
    t = Table(title="Your estimates, sharpened by the cohort")
    for col in ("factor", "lag", "your days", "your RR", "cohort-informed RR (95 %)", "verdict",
                "people like you (prior): share with RR ≥ 1.5"):  # fmt: skip
        t.add_column(col)
    for r in view["rows"]:
        prior = r["people_like_you"]
        t.add_row(
            r["factor"], str(r["lag_days"]), f"{r['exposed_onsets']}/{r['exposed_days']}",
            "–" if r["own_rr"] is None else f"{r['own_rr']:.2f}",
            f"{r['rr']:.2f} ({r['rr_low']:.2f}–{r['rr_high']:.2f})", r["verdict"],
            "–" if prior is None else _share(prior["share_rr_at_least_1_5"]),
        )  # fmt: skip
    state.console.print(t)


def _share(value: float | None) -> str:
    """A published share, or why it is not shown (a cell under 10 people is suppressed)."""
    return "< 10 people" if value is None else f"{value:.0%}"


def _print_summary(state: AppState, data: dict[str, object]) -> None:
    cohort_info = data["cohort"]
    assert isinstance(cohort_info, dict)
    t = Table(title=f"Cohort of {cohort_info['diaries']} diaries (aggregates only)")
    for col in ("factor", "lag", "people with data", "called trigger", "est. share RR ≥ 1.5",
                "median RR (10–90 %)"):  # fmt: skip
        t.add_column(col)
    factors = data["factors"]
    assert isinstance(factors, list)
    for f in factors:
        pop = f.get("population")
        called = f.get("called_trigger")
        t.add_row(
            f["factor"], str(f["lag_days"]), str(f["people_with_data"]),
            "–" if "called_trigger" not in f else
            f"{_share(called)} of {f['people_enough_data']}",
            "–" if pop is None else _share(pop["share_rr_at_least_1_5"]),
            "–" if pop is None else f"{pop['rr_median']:.2f} ({pop['rr_p10']:.2f}–{pop['rr_p90']:.2f})",
        )  # fmt: skip
    state.console.print(t)


COMMANDS = [cohort]
