"""`gutbrain report`: the doctor report as PDF or HTML (or its numbers as JSON)."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import report as report_svc
from gutbrain.services.report import Patient, PdfUnavailableError, ReportData, num

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return None if value is None else value.date()


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failure never leaves half a file."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise GutbrainError(f"cannot write {path}: folder {directory} does not exist")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GutbrainError(f"cannot write {path}: {exc.strerror}") from exc


def _summary(data: ReportData) -> list[str]:
    c = data.current
    lines = [
        f"Report {data.period.first} to {data.period.last}: {c.documented_days} of "
        f"{data.period.days} days documented ({c.completeness:.0%}).",
        f"  {c.attacks} attacks; {num(c.mmd)} migraine days and {num(c.headache_days_28)} "
        "headache days per 28 days.",
    ]
    lines += [f"  Warning: {w}" for w in data.warnings]
    return lines


@click.command("report")
@click.option("--from", "start", type=DATE, help="First day (YYYY-MM-DD). Default: a year back.")
@click.option("--to", "end", type=DATE, help="Last day (YYYY-MM-DD). Default: the diary's last.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as PDF to this file.")  # fmt: skip
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report as a self-contained HTML file.")  # fmt: skip
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--name", default="", help="Patient name to print (optional).")
@click.option("--patient-id", default="", help="Patient or record number (optional).")
@click.option("--birth-date", type=DATE, help="Date of birth to print (optional).")
@pass_state
def report(
    state: AppState,
    start: datetime | None,
    end: datetime | None,
    pdf_path: Path | None,
    html_path: Path | None,
    paper: str,
    name: str,
    patient_id: str,
    birth_date: datetime | None,
) -> None:
    """A report your doctor can read: ICHD-3 counts, medication overuse, charts, triggers.

    Without --pdf or --html it prints the headline numbers (all of them with --json).
    """
    patient = Patient(name=name.strip(), id=patient_id.strip(), birth_date=_day(birth_date))
    data = report_svc.report_data(state.ctx, start=_day(start), end=_day(end), patient=patient)
    if html_path is not None:
        html = report_svc.report_html(data, paper=paper)
        write_atomically(html_path, html.encode("utf-8"))
    if pdf_path is not None:
        try:
            pdf = report_svc.report_pdf(data, paper=paper)
        except PdfUnavailableError as exc:
            click.echo(f"Error: {exc}", err=True)
            raise SystemExit(2) from exc
        write_atomically(pdf_path, pdf)
    if state.as_json:
        state.emit_json(report_svc.report_json(data))
        return
    for line in _summary(data):
        click.echo(line)
    for path in (html_path, pdf_path):
        if path is not None:
            click.echo(f"Wrote {path}")
    if html_path is None and pdf_path is None:
        click.echo("Add --pdf FILE or --html FILE to write the full report.")


COMMANDS = (report,)
