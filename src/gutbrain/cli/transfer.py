"""``gutbrain import …`` and ``gutbrain export …``: whole diaries in and out, other apps in."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from gutbrain.cli.output import entries_table
from gutbrain.cli.state import AppState, pass_state
from gutbrain.cli.weather import after_import
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import imports, transfer


@click.group("import")
def import_group() -> None:
    """Bring a diary in: a diary CSV, a gutbrain JSON dump, or another app's export."""


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise GutbrainError(f"cannot read {path}: {exc.strerror}") from exc


def _read(path: str) -> str:
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise GutbrainError(f"{path} is not UTF-8 text (line {line}, byte {exc.start})") from exc


def _report_import(state: AppState, result: transfer.ImportResult) -> None:
    if state.as_json:
        state.emit_json({"rows": result.rows, "added": result.added, "skipped": result.skipped})
        return
    state.console.print(
        f"[green]Imported[/green] {result.added} new entries from {result.rows} rows"
        + (f" ({result.skipped} already in the diary)" if result.skipped else "")
    )


def report_source(state: AppState, result: imports.SourceImport, show: int = 20) -> None:
    """What an import from another app did; a dry run also shows some of the entries."""
    if state.as_json:
        data = result.as_json()
        if result.dry_run:
            from gutbrain.services.transfer import entry_to_json

            data["preview"] = [entry_to_json(e) for e in result.entries]
        state.emit_json(data)
        return
    kinds = ", ".join(f"{n} {k}" for k, n in result.by_kind.items()) or "nothing"
    read = ", ".join(f"{n:,} {what}" for what, n in result.read.items())
    verb = "Would import" if result.dry_run else "Imported"
    state.console.print(
        f"[green]{verb}[/green] {result.added} new entries from {result.source} ({kinds})"
        + (f"; {result.updated} updated from a fuller record" if result.updated else "")
        + (f"; {result.skipped} already in the diary" if result.skipped else "")
    )
    if read:
        state.console.print(f"[dim]Read: {read}[/dim]")
    _report_fields(state, result.fields)
    if result.problems:
        state.console.print(f"[yellow]Skipped {len(result.problems)} bad record"
                            f"{'s' if len(result.problems) != 1 else ''}[/yellow] "
                            "(use --strict to refuse the file instead):")  # fmt: skip
        for problem in result.problems[: imports.SHOWN]:
            state.console.print(f"  {problem}", markup=False)
        if len(result.problems) > imports.SHOWN:
            state.console.print(f"  … and {len(result.problems) - imports.SHOWN} more")
    if result.dry_run:
        if result.entries:
            state.console.print(entries_table(result.entries[:show], title="First entries"))
        state.console.print("Dry run: nothing was written.")


def _report_fields(state: AppState, fields: dict[str, Any]) -> None:
    """Per file: the columns kept, how values were mapped, the columns left out."""
    if not fields:
        return
    if fields.get("kept"):
        state.console.print("[dim]Kept: " + ", ".join(fields["kept"]) + "[/dim]", markup=True)
    for what, n in fields.get("mapped", {}).items():
        state.console.print(f"[dim]Mapped: {what} ({n})[/dim]")
    if fields.get("left out"):
        left = ", ".join(f"{c} ({n} values)" for c, n in fields["left out"].items())
        state.console.print(f"[dim]Left out: {left}[/dim]")
    if fields.get("preamble lines"):
        state.console.print(f"[dim]Left out: the {fields['preamble lines']} lines before the "
                            "header (the app's summary of ongoing events)[/dim]")  # fmt: skip


@contextmanager
def no_diary_left_behind(state: AppState, dry_run: bool) -> Iterator[None]:
    """A dry run, or an import that fails, leaves no new diary file behind."""
    path = state.settings.db_path
    existed = path is None or path.exists()
    wrote = False
    try:
        yield
        wrote = not dry_run
    finally:
        if not existed and not wrote and path is not None:
            state.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def byte_progress(state: AppState, label: str) -> Iterator[Any]:
    """A Rich progress bar (bytes read, records/s) on stderr; silent for --json or pipes."""
    console = Console(stderr=True)
    if state.as_json or not console.is_terminal:
        yield None
        return
    began = time.perf_counter()
    columns = (
        TextColumn(label), BarColumn(), TaskProgressColumn(), DownloadColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
    )  # fmt: skip
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=None, rate="")

        def update(done: int, total: int | None, records: int) -> None:
            rate = records / max(time.perf_counter() - began, 1e-9)
            bar.update(task, completed=done, total=total, rate=f"{rate:,.0f} records/s")

        yield update


dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Show what would be imported; write nothing."
)
strict_option = click.option(
    "--strict", is_flag=True,
    help="Refuse the whole file if any record is bad (default: skip and list bad records).",
)  # fmt: skip
existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)
date_order_option = click.option(
    "--day-first/--month-first", "day_first", default=None,
    help="Order of slashed dates (04/03/2026) when the file does not make it clear.",
)  # fmt: skip


@import_group.command("csv")
@click.argument("file", metavar="FILE")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN,…",
    help="Read any CSV: which column holds each diary field "
    "(start, date, time, end, duration, kind, name, amount, unit, intensity, tags, notes).",
)
@click.option(
    "--default",
    "defaults",
    multiple=True,
    metavar="FIELD=VALUE,…",
    help="A fixed value for a field no column holds, e.g. kind=food.",
)
@dry_run_option
@strict_option
@date_order_option
@pass_state
def import_csv(state: AppState, file: str, mapping: tuple[str, ...], defaults: tuple[str, ...],
               dry_run: bool, strict: bool, day_first: bool | None) -> None:  # fmt: skip
    """Import a diary CSV (or, with --map, any CSV). A file with any bad line is rejected
    whole, every problem listed; a re-import adds nothing.

    \b
    gutbrain import csv diary.csv
    gutbrain import csv meals.csv --map name=Food,start=Date,amount=Grams --default kind=food,unit=g
    """
    data = _read_bytes(file)
    if defaults and not mapping:
        raise GutbrainError("--default goes with --map")
    with no_diary_left_behind(state, dry_run):
        if mapping:
            result = imports.import_mapped_csv(state.ctx, data, mapping, defaults,
                                               dry_run=dry_run, day_first=day_first,
                                               strict=strict)  # fmt: skip
            report_source(state, result)
        elif dry_run:
            report_source(state, imports.preview_diary_csv(state.ctx, data))
        else:  # the diary CSV keeps its whole-file contract
            _report_import(state, transfer.import_csv(state.ctx, data))


def _app_command(key: str, title: str, how: str) -> click.Command:
    @click.argument("file", metavar="FILE.csv")
    @dry_run_option
    @strict_option
    @date_order_option
    @pass_state
    def command(state: AppState, file: str, dry_run: bool, strict: bool,
                day_first: bool | None) -> None:  # fmt: skip
        data = _read_bytes(file)
        with no_diary_left_behind(state, dry_run):
            result = imports.import_app_csv(state.ctx, key, data, dry_run=dry_run,
                                            day_first=day_first, strict=strict)  # fmt: skip
            report_source(state, result)

    command.__doc__ = (
        f"Import {title}'s CSV export ({how}) record by record: bad records are skipped and "
        "listed (--strict refuses the file instead); a re-import adds nothing."
    )
    return import_group.command(key)(command)


_app_command("migraine-buddy", "Migraine Buddy", "attacks with pain, symptoms and medication")
_app_command("bearable", "Bearable", "symptoms, sleep, medication, factors, food, bowels")
_app_command("mysymptoms", "mySymptoms", "food, drink, symptoms, bowels, sleep, stress")


@import_group.command("json")
@click.argument("file", metavar="FILE")
@pass_state
def import_json(state: AppState, file: str) -> None:
    """Import a complete gutbrain JSON dump (entries, conditions, settings, …)."""
    text = _read(file)
    with no_diary_left_behind(state, dry_run=False):
        _report_import(state, transfer.import_json(state.ctx, text))


@import_group.command("apple-health")
@click.argument("file", metavar="export.zip|export.xml", type=existing_file)
@dry_run_option
@strict_option
@pass_state
def import_apple_health(state: AppState, file: Path, dry_run: bool, strict: bool) -> None:
    """Import Apple Health's export (Health app → profile → Export All Health Data).

    Headaches, sleep, cycle, caffeine, water, fiber, workouts, exercise and mindful minutes.
    The file is streamed, never unpacked; a re-import adds nothing.
    """
    with no_diary_left_behind(state, dry_run), byte_progress(state, "Reading export") as progress:
        result = imports.import_apple_health(state.ctx, file, dry_run=dry_run, progress=progress,
                                             strict=strict)  # fmt: skip
    report_source(state, result)


@import_group.command("health-connect")
@click.argument("file", metavar="export.zip|health_connect_export.db", type=existing_file)
@dry_run_option
@strict_option
@pass_state
def import_health_connect(state: AppState, file: Path, dry_run: bool, strict: bool) -> None:
    """Import Android Health Connect's export (Settings → Health Connect → Export data).

    Sleep (with stages), cycle, water, caffeine and fiber, exercise and mindfulness sessions.
    A re-import adds nothing.
    """
    with no_diary_left_behind(state, dry_run):
        result = imports.import_health_connect(state.ctx, file, dry_run=dry_run, strict=strict)
    report_source(state, result)


@click.command("export")
@click.argument("fmt", type=click.Choice(["csv", "json", "fhir"]), metavar="csv|json|fhir")
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file (default: standard output).",
)
@click.option("--patient-name", metavar="NAME", help="fhir: put your name on the Patient.")
@click.option("--birth-date", type=click.DateTime(["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="fhir: put your birth date on the Patient.")  # fmt: skip
@pass_state
def export(state: AppState, fmt: str, out: str | None, patient_name: str | None,
           birth_date: Any) -> None:  # fmt: skip
    """Export the whole diary: CSV per the contract, a complete versioned JSON dump, or an
    HL7 FHIR R5 Bundle for a clinic (no name or birth date unless you add them)."""
    if fmt == "fhir":
        text = transfer.export_fhir(state.ctx, patient_name=patient_name,
                                    birth_date=None if birth_date is None else birth_date.date())  # fmt: skip
    elif patient_name or birth_date:
        raise GutbrainError("--patient-name and --birth-date go with `export fhir`")
    else:
        text = transfer.export_csv(state.ctx) if fmt == "csv" else transfer.export_json(state.ctx)
    write_out(text, out)


def write_out(text: str, out: str | None) -> None:
    """Standard output, or a file written atomically (never half-written)."""
    if out is None:
        sys.stdout.write(text)
        return
    target = Path(out)
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(target)
    click.echo(f"Wrote {target}", err=True)


import_group.result_callback()(after_import)  # with weather on, the new days get their weather

COMMANDS = [import_group, export]
