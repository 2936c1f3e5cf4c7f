"""`gutbrain report` end to end through Click's runner on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from gutbrain.cli import main
from gutbrain.services import diary as svc
from report_samples import sample_entries


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), "--tz", "Europe/Berlin", *args])


@pytest.fixture
def filled(ctx: svc.Context, db_path: Path) -> Path:
    svc.add_entries(ctx, [e.evolve(diary_id=ctx.diary_id) for e in sample_entries()])
    return db_path


def test_summary_without_a_file(filled: Path) -> None:
    result = run(filled, "report")
    assert result.exit_code == 0, result.output
    assert "Report 2025-01-01 to 2025-06-30: 177 of 181 days documented (98%)." in result.output
    assert "Warning: Medication overuse threshold met: triptans" in result.output
    assert "Add --pdf FILE or --html FILE" in result.output


def test_html_file_and_period(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(filled, "report", "--from", "2025-06-01", "--to", "2025-06-30", "--html",
                 str(out), "--name", "Alex Example", "--birth-date", "1990-04-02")  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "1 Jun 2025 to 30 Jun 2025 (30 days)" in html
    assert "Alex Example" in html and "2 Apr 1990" in html
    assert f"Wrote {out}" in result.output
    assert not list(tmp_path.glob(".report.html.*"))  # no temporary file left behind


def test_json_twin(filled: Path) -> None:
    result = run(filled, "--json", "report", "--to", "2025-03-31")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["period"] == {"first": "2025-01-01", "last": "2025-03-31"}
    assert data["current"]["migraine_days"] == 30
    assert data["chronic"]["met"] is False  # only 3 months: "> 3 months" is not met


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2025-05-01", "--to", "2025-04-01"),
            "--from 2025-05-01 is after --to 2025-04-01",
        ),
        (("--from", "2030-01-01"), "the diary has no days from 2030-01-01"),
        (("--from", "1st of May"), "'1st of May' does not match the format '%Y-%m-%d'"),
        (("--html", "/nonexistent/dir/r.html"), "folder /nonexistent/dir does not exist"),
        (("--paper", "a5"), "'a5' is not one of 'a4', 'letter'"),
    ],
)
def test_bad_input_is_a_clear_error(filled: Path, args: tuple[str, ...], message: str) -> None:
    result = run(filled, "report", *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_empty_diary(db_path: Path) -> None:
    result = run(db_path, "report")
    assert result.exit_code == 1
    assert "the diary is empty" in result.output
