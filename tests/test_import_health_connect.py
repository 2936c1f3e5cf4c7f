"""Health Connect export import: mapping (golden), schema drift, idempotence, hostile files."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from gutbrain.domain.entries import Kind
from gutbrain.io.problems import ImportRejectedError
from gutbrain.services import diary as svc
from gutbrain.services import imports, transfer
from imports_helpers import DATA, check_golden

SQL = (DATA / "health_connect" / "export_v23.sql").read_text(encoding="utf-8")


def export_zip(tmp_path: Path, sql: str = SQL, name: str = "health_connect_export.db") -> Path:
    db = tmp_path / "health_connect_export.db"
    db.unlink(missing_ok=True)
    connection = sqlite3.connect(db)
    connection.executescript(sql)
    connection.close()
    target = tmp_path / "Health Connect.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(db, name)
    return target


def test_export_maps_to_the_golden_diary(
    ctx: svc.Context, tmp_path: Path, snapshot_update: bool
) -> None:
    result = imports.import_health_connect(ctx, export_zip(tmp_path))
    assert result.by_kind == {"drink": 2, "exercise": 2, "factor": 1, "food": 2,
                              "menstruation": 1, "sleep": 2}  # fmt: skip
    assert "steps_record rows" not in result.read  # not a type gutbrain imports
    check_golden("health_connect.csv", transfer.export_csv(ctx), snapshot_update)
    entries = svc.list_entries(ctx)
    staged, plain = (e for e in entries if e.kind is Kind.SLEEP)
    assert staged.details["asleep_min"] == 430 and staged.details["awake_min"] == 30
    assert plain.details["asleep_min"] == 390  # a session without stages is time asleep
    (period,) = (e for e in entries if e.kind is Kind.MENSTRUATION)
    assert period.details == {"source": "Health Connect", "app": "Flo", "flow": "heavy",
                              "cycle_start": True}  # fmt: skip
    # a named meal is one food entry with what the record measured (energy stored in calories,
    # caffeine and fiber in grams), not separate caffeine and fiber entries
    meal = next(e for e in entries if e.name == "Porridge and flat white")
    assert meal.kind is Kind.FOOD and meal.details["meal"] == "breakfast"
    assert (meal.details["energy_kcal"], meal.details["caffeine_mg"], meal.details["fiber_g"]) == (
        330.0,
        130.0,
        3.2,
    )
    assert next(e for e in entries if e.name == "Lentil soup").details["energy_kcal"] == 260.0
    assert not [e for e in entries if e.name in ("caffeine", "dietary fiber")]
    exercise = sorted(e.name for e in entries if e.kind is Kind.EXERCISE)
    assert exercise == ["running", "yoga"]


def test_bare_database_and_reimport_add_nothing_new(ctx: svc.Context, tmp_path: Path) -> None:
    assert imports.import_health_connect(ctx, export_zip(tmp_path)).added == 10
    again = imports.import_health_connect(ctx, tmp_path / "health_connect_export.db")
    assert again.added == 0 and again.skipped == 10


def test_dry_run_writes_nothing(ctx: svc.Context, tmp_path: Path) -> None:
    result = imports.import_health_connect(ctx, export_zip(tmp_path), dry_run=True)
    assert result.added == 10 and svc.list_entries(ctx) == []


def test_older_schema_spellings_and_missing_tables_are_tolerated(
    ctx: svc.Context, tmp_path: Path
) -> None:
    older = (
        SQL.replace("PRAGMA user_version = 23", "PRAGMA user_version = 9")
        .replace("stage_start_time", "start_time").replace("stage_end_time", "end_time")
        .replace("stage_type", "stage").replace("app_info_id", "app_id")
        .replace("dietary_fiber", "fiber")
    )  # fmt: skip
    # drop the mindfulness table (added in later versions) and the app names
    older = "\n".join(
        line for line in older.splitlines()
        if "mindfulness_session" not in line and "application_info_table" not in line
    )  # fmt: skip
    result = imports.import_health_connect(ctx, export_zip(tmp_path, older))
    assert result.by_kind == {"drink": 2, "exercise": 2, "food": 2, "menstruation": 1,
                              "sleep": 2}  # fmt: skip
    assert {e.details["app"] for e in result.entries} == {"1", "2", "3"}  # ids without names


# -- hostile files -------------------------------------------------------------------------
def refused(ctx: svc.Context, path: Path) -> list[str]:
    """What a --strict import lists when it refuses the file."""
    with pytest.raises(ImportRejectedError) as info:
        imports.import_health_connect(ctx, path, strict=True)
    assert svc.list_entries(ctx) == []
    return [str(p) for p in info.value.problems]


def test_bad_rows_are_refused_with_table_and_row(ctx: svc.Context, tmp_path: Path) -> None:
    sql = (
        SQL.replace("(3, X'6f1e", "(3, X'6f1e")
        .replace("20517, 1);", "20517, 9);")
        .replace("(4, 1, 1772419200000, 1772426400000, 6)", "(4, 1, 'soon', 1772426400000, 6)")
    )
    problems = refused(ctx, export_zip(tmp_path, sql))
    assert "row 3: menstruation_flow_record_table: unknown flow 9" in problems
    assert any(p.startswith("row 4: sleep_stages_table:") and "'soon'" in p for p in problems)
    # without --strict the bad rows are skipped and listed; every other row comes in
    result = imports.import_health_connect(ctx, export_zip(tmp_path, sql))
    assert sorted(str(p) for p in result.problems) == sorted(problems)
    assert result.added > 0 and result.read["bad records"] == len(problems)


def test_negative_volume_and_missing_column_are_refused(ctx: svc.Context, tmp_path: Path) -> None:
    sql = SQL.replace("20514, 0.5);", "20514, -0.5);")
    assert any("volume -0.5" in p for p in refused(ctx, export_zip(tmp_path, sql)))
    sql = SQL.replace("exercise_type INTEGER NOT NULL", "activity INTEGER NOT NULL")
    (problem,) = refused(ctx, export_zip(tmp_path, sql))
    assert "exercise_session_record_table has no column for exercise" in problem
    assert "schema version 23" in problem


def test_other_files_are_refused(ctx: svc.Context, tmp_path: Path) -> None:
    assert "no health_connect_export.db" in refused(ctx, export_zip(tmp_path, name="x.db"))[0]
    text = tmp_path / "export.db"
    text.write_text("not a database")
    assert "neither a zip nor a SQLite database" in refused(ctx, text)[0]
    other = tmp_path / "other.db"
    sqlite3.connect(other).executescript("CREATE TABLE notes (x TEXT);")
    assert "no Health Connect record tables" in refused(ctx, other)[0]
    corrupt = tmp_path / "corrupt.db"
    raw = (tmp_path / "health_connect_export.db").read_bytes()
    corrupt.write_bytes(raw[:100] + b"\xff" * 5000 + raw[5100:])
    assert refused(ctx, corrupt)


def test_unknown_schema_version_is_refused(ctx: svc.Context, tmp_path: Path) -> None:
    newer = SQL.replace("PRAGMA user_version = 23", "PRAGMA user_version = 31")
    (problem,) = refused(ctx, export_zip(tmp_path, newer))
    assert "schema version 31 is not one gutbrain knows (9–23)" in problem
    assert "nothing was imported" in problem
