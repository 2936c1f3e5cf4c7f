"""``gutbrain list/show/edit/delete/where/conditions/settings``."""

from __future__ import annotations

from typing import Any

import click

from gutbrain.cli.output import entries_table, summary
from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import diary as svc
from gutbrain.services.transfer import entry_to_json
from gutbrain.services.understanding import understood_as
from gutbrain.services.when import parse_when


def entries_json(state: AppState, entries: list[Entry]) -> list[dict[str, Any]]:
    """Entries as JSON; food and drink ones carry what they were understood as."""
    understood = understood_as(state.ctx, entries)
    return [
        {**entry_to_json(e), "understood_as": understood[e.id]} if e.id in understood
        else entry_to_json(e)
        for e in entries
    ]  # fmt: skip


def _day(state: AppState, text: str | None) -> Any:
    return None if text is None else parse_when(text, state.ctx.now())[0].date()


@click.command("list")
@click.option("--since", metavar="DAY", help="From this day (e.g. 2026-03-01, yesterday, -7d).")
@click.option("--until", metavar="DAY", help="Up to this day.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Only these kinds (repeatable).",
)
@click.option("--search", help="Only entries whose name, notes or tags contain this text.")
@click.option(
    "-n", "--limit", type=click.IntRange(1), default=None, help="At most this many (newest)."
)
@pass_state
def list_cmd(state: AppState, since: str | None, until: str | None, kinds: tuple[str, ...],
             search: str | None, limit: int | None) -> None:  # fmt: skip
    """List diary entries (oldest first; --limit shows the newest N)."""
    entries = svc.list_entries(
        state.ctx, since=_day(state, since), until=_day(state, until), kinds=kinds or None,
        search=search, limit=limit, newest_first=limit is not None,
    )  # fmt: skip
    if limit is not None:
        entries.reverse()
    if state.as_json:
        state.emit_json(entries_json(state, entries))
        return
    if not entries:
        state.console.print("No entries. Log one with [bold]gutbrain log --help[/bold].")
        return
    state.console.print(entries_table(entries))


@click.command("show")
@click.argument("entry_id")
@pass_state
def show(state: AppState, entry_id: str) -> None:
    """Show one entry in full (ID or its first characters)."""
    entry = svc.get_entry(state.ctx, entry_id)
    if state.as_json:
        state.emit_json(entries_json(state, [entry])[0])
        return
    data = entry_to_json(entry)
    for key in (
        "id",
        "kind",
        "name",
        "start",
        "end",
        "tz",
        "amount",
        "unit",
        "intensity",
        "tags",
        "notes",
        "details",
    ):
        value = data[key]
        if value not in (None, "", [], {}):
            state.console.print(f"[bold]{key:>9}[/bold]  {value}")


@click.command("edit")
@click.argument("entry_id")
@click.option("--name")
@click.option("--start", metavar="WHEN")
@click.option("--end", metavar="WHEN")
@click.option("--amount", type=float)
@click.option("--unit")
@click.option("-i", "--intensity", type=click.IntRange(0, 10))
@click.option("--tags", help="Replace tags: semicolon-separated (aura;nausea).")
@click.option("--notes")
@pass_state
def edit(state: AppState, /, entry_id: str, **options: Any) -> None:
    """Change fields of an entry: `gutbrain edit 1a2b3c4d --intensity 8 --end 22:30`."""
    changes: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    if not changes:
        raise GutbrainError("nothing to change (see gutbrain edit --help)")
    for key in ("start", "end"):
        if key in changes:
            moment, has_time = parse_when(changes[key], state.ctx.now())
            changes[key], changes[f"{key}_has_time"] = moment, has_time
    if "tags" in changes:
        changes["tags"] = changes["tags"].split(";")
    entry = svc.update_entry(state.ctx, entry_id, **changes)
    if state.as_json:
        state.emit_json(entry_to_json(entry))
    else:
        state.console.print(f"[green]Updated[/green] {summary(entry)}")


@click.command("delete")
@click.argument("entry_id")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def delete(state: AppState, entry_id: str, yes: bool) -> None:
    """Delete an entry."""
    entry = svc.get_entry(state.ctx, entry_id)
    if not yes and not click.confirm(f"Delete {summary(entry)}?", default=False):
        raise SystemExit(1)
    svc.delete_entry(state.ctx, entry.id)
    if state.as_json:
        state.emit_json({"deleted": str(entry.id)})
    else:
        state.console.print(f"[red]Deleted[/red] {summary(entry)}")


@click.command("where")
@pass_state
def where(state: AppState) -> None:
    """Print where your diary is stored (the one file that holds everything)."""
    settings = state.settings
    location = str(settings.db_path) if settings.db_path else settings.db_url
    if state.as_json:
        state.emit_json({"db": location, "url": settings.db_url})
    else:
        click.echo(location)


@click.group("conditions", invoke_without_command=True)
@click.pass_context
def conditions(click_ctx: click.Context) -> None:
    """Conditions you have (IBS, celiac disease, H. pylori, …): list, add, remove."""
    if click_ctx.invoked_subcommand is None:
        state = click_ctx.find_object(AppState)
        assert state is not None
        found = svc.list_conditions(state.ctx)
        if state.as_json:
            state.emit_json([{"name": c.name, "since": c.since, "notes": c.notes} for c in found])
        elif not found:
            click.echo("No conditions recorded. Add one: gutbrain conditions add ibs")
        else:
            for c in found:
                click.echo(c.name + (f" (since {c.since})" if c.since else ""))


@conditions.command("add")
@click.argument("name", nargs=-1, required=True)
@click.option("--since", metavar="DAY")
@pass_state
def condition_add(state: AppState, name: tuple[str, ...], since: str | None) -> None:
    """Record a condition: `gutbrain conditions add celiac disease`."""
    c = svc.add_condition(state.ctx, " ".join(name), since=_day(state, since))
    click.echo(f"Added {c.name}")


@conditions.command("remove")
@click.argument("name", nargs=-1, required=True)
@pass_state
def condition_remove(state: AppState, name: tuple[str, ...]) -> None:
    """Remove a recorded condition."""
    svc.remove_condition(state.ctx, " ".join(name))
    click.echo(f"Removed {' '.join(name)}")


@click.command("settings")
@click.option("--timezone", metavar="ZONE", help="IANA time zone of the diary.")
@click.option("--fiber-target", type=float, help="Daily fiber target in grams (default 25).")
@click.option("--plants-target", type=int, help="Distinct plants per week (default 30).")
@click.option("--fdr", type=float, help="False-discovery level for triggers (default 0.10).")
@click.option(
    "--track", "tracked", multiple=True, help="A custom factor to offer in check-ins (repeatable)."
)
@click.option(
    "--diet",
    type=click.Choice(["", "low-tyramine", "low-histamine"]),
    help="Elimination diet you follow.",
)
@click.option(
    "--analyse-gluten/--no-analyse-gluten",
    default=None,
    help="Analyse gluten even without celiac disease recorded.",
)
@pass_state
def settings_cmd(state: AppState, timezone: str | None, fiber_target: float | None, plants_target: int | None,
                 fdr: float | None, tracked: tuple[str, ...], diet: str | None, analyse_gluten: bool | None) -> None:  # fmt: skip
    """Show or change diary settings."""
    changes: dict[str, Any] = {}
    for key, value in (("fiber_target_g", fiber_target), ("plants_target", plants_target), ("fdr", fdr),
                       ("elimination_diet", diet), ("analyse_gluten", analyse_gluten)):  # fmt: skip
        if value is not None:
            changes[key] = value
    if tracked:
        changes["tracked_factors"] = tracked
    ctx = (
        svc.update_settings(state.ctx, timezone=timezone, **changes)
        if (changes or timezone)
        else state.ctx
    )
    data = {
        "timezone": ctx.diary.timezone,
        **{k: getattr(ctx.diary.settings, k) for k in ctx.diary.settings.__slots__},
    }
    if state.as_json:
        state.emit_json(data)
    else:
        for key, value in data.items():
            click.echo(f"{key:>17}  {value}")


COMMANDS = [list_cmd, show, edit, delete, where, conditions, settings_cmd]
