"""Apple Health export import: mapping (golden), streaming from the zip, exact counts,
idempotent re-import, and hostile files rejected whole with their line."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from gutbrain.cli import main
from gutbrain.domain.entries import Kind
from gutbrain.io.problems import ImportRejectedError
from gutbrain.services import diary as svc
from gutbrain.services import imports, transfer
from imports_helpers import DATA, benchmark_module, check_golden

EXPORT = DATA / "apple_health" / "export.xml"


def zipped(xml: Path | str, tmp_path: Path, member: str = "apple_health_export/export.xml") -> Path:
    target = tmp_path / "export.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        text = xml.read_text(encoding="utf-8") if isinstance(xml, Path) else xml
        archive.writestr(member, text)
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        archive.writestr("apple_health_export/workout-routes/route_1.gpx", "<gpx/>")
    return target


def test_export_maps_to_the_golden_diary(ctx: svc.Context, snapshot_update: bool) -> None:
    result = imports.import_apple_health(ctx, EXPORT)
    assert result.read == {
        "records": 33, "records in correlations": 3, "workouts": 1,
        "samples used": 29, "duplicate samples": 2, "bad records": 0,
    }  # fmt: skip
    assert result.by_kind == {"attack": 2, "drink": 4, "exercise": 2, "factor": 1, "food": 1,
                              "menstruation": 1, "sleep": 2}  # fmt: skip
    check_golden("apple_health.csv", transfer.export_csv(ctx), snapshot_update)


def test_mapping_details(ctx: svc.Context) -> None:
    imports.import_apple_health(ctx, EXPORT)
    by_kind: dict[Kind, list] = {}  # type: ignore[type-arg]
    for e in svc.list_entries(ctx):
        by_kind.setdefault(e.kind, []).append(e)
    # two overlapping headaches from two apps are one attack, the worst severity kept
    attack, travel = by_kind[Kind.ATTACK]
    assert attack.intensity == 8 and attack.details["severity"] == "severe"
    assert attack.duration is not None and attack.duration.total_seconds() == 7.5 * 3600
    # a headache logged abroad keeps its own offset (+09:00) as its zone
    assert travel.tz == "Etc/GMT-9" and travel.local_start.hour == 7 and travel.intensity is None
    # stages of two sources merge into one night; asleep time is their union, not the sum
    night = by_kind[Kind.SLEEP][0]
    assert night.details["asleep_min"] == 448 and night.details["deep_min"] == 90
    assert night.tz == "Europe/London"  # the zone the watch recorded
    (period,) = by_kind[Kind.MENSTRUATION]
    assert (period.day.isoformat(), period.end_day.isoformat()) == ("2026-03-03", "2026-03-05")
    assert period.details["cycle_start"] is True and period.details["flow"] == "heavy"
    # caffeine inside the food correlation and at top level counts once; grams become mg
    caffeine = sorted(e.amount for e in by_kind[Kind.DRINK] if e.name == "caffeine")
    assert caffeine == [80.0, 130.0]
    water = sorted(e.amount for e in by_kind[Kind.DRINK] if e.name == "water")
    assert water == [354.882, 500.0]  # 12 US fl oz
    minutes = next(e for e in by_kind[Kind.EXERCISE] if e.name == "exercise minutes")
    assert minutes.amount == 7 and not minutes.start_has_time
    assert svc.food_aliases(ctx)["dietary fiber"]["define"]["fiber_g_per_100g"] == 100
    # imported nutrients count as what they are in the food analysis (fiber, caffeine mg)
    from gutbrain.services.understanding import understood_as

    seen = understood_as(ctx, svc.list_entries(ctx))
    fiber = next(e for e in by_kind[Kind.FOOD] if e.name == "dietary fiber")
    assert seen[fiber.id]["fiber_g"] == 11.5
    coffee = next(e for e in by_kind[Kind.DRINK] if e.amount == 130.0)
    assert seen[coffee.id]["caffeine_mg"] == 130.0
    assert [c["component"] for c in seen[coffee.id]["components"]] == ["caffeine"]


def test_zip_streams_the_same_as_the_xml_and_reimport_adds_nothing(
    ctx: svc.Context, tmp_path: Path
) -> None:
    first = imports.import_apple_health(ctx, zipped(EXPORT, tmp_path))
    assert first.added == 13
    again = imports.import_apple_health(ctx, EXPORT)
    assert again.added == 0 and again.skipped == 13


def test_dry_run_writes_nothing(ctx: svc.Context) -> None:
    result = imports.import_apple_health(ctx, EXPORT, dry_run=True)
    assert result.added == 13 and result.dry_run
    assert svc.list_entries(ctx) == []
    assert svc.food_aliases(ctx) == {}


def test_generated_export_counts_are_exact(ctx: svc.Context, tmp_path: Path) -> None:
    gen = benchmark_module("gen_apple_health")
    path = tmp_path / "export.zip"
    manifest = gen.generate(path, 20_000, seed=3, days=60)
    result = imports.import_apple_health(ctx, path)
    assert result.read["records"] == manifest.records == 20_000
    assert result.read["records in correlations"] == manifest.records_in_correlations
    assert result.read["workouts"] == manifest.workouts
    made = Counter(f"{e.kind.value}:{e.name}" if e.kind is not Kind.SLEEP else "sleep"
                   for e in result.entries)  # fmt: skip
    assert dict(made) == manifest.entries


def test_cli_imports_with_json_after_the_subcommand(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    out = CliRunner().invoke(main, ["import", "apple-health", str(EXPORT), "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    assert '"added": 13' in out.output


# -- hostile files -------------------------------------------------------------------------
def refused(ctx: svc.Context, path: Path) -> list[str]:
    """What a --strict import lists when it refuses the file (the default skips bad records;
    a file that cannot be read at all is refused either way)."""
    with pytest.raises(ImportRejectedError) as info:
        imports.import_apple_health(ctx, path, strict=True)
    assert svc.list_entries(ctx) == []
    return [str(p) for p in info.value.problems]


def variant(tmp_path: Path, old: str, new: str, name: str = "export.xml") -> Path:
    text = EXPORT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(text: str) -> int:
    return (
        EXPORT.read_text(encoding="utf-8")
        .split("\n")
        .index(next(x for x in EXPORT.read_text(encoding="utf-8").split("\n") if text in x))
        + 1
    )


def test_truncated_export_is_refused_with_its_line(ctx: svc.Context, tmp_path: Path) -> None:
    text = EXPORT.read_text(encoding="utf-8")
    path = tmp_path / "export.xml"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    (problem,) = refused(ctx, path)
    assert problem.startswith("line ") and "not well-formed XML" in problem


def test_bad_record_date_names_the_records_line(ctx: svc.Context, tmp_path: Path) -> None:
    path = variant(
        tmp_path, 'startDate="2026-03-02 14:00:00 +0100"', 'startDate="2026-02-30 14:00"'
    )
    (problem,) = refused(ctx, path)
    assert problem.startswith(f"line {line_of('HKCategoryValueSeverityModerate')}:")
    assert "startDate '2026-02-30 14:00'" in problem


def test_headache_ending_before_it_starts_is_refused(ctx: svc.Context, tmp_path: Path) -> None:
    path = variant(
        tmp_path, 'endDate="2026-03-02 18:00:00 +0100"', 'endDate="2026-03-01 18:00:00 +0100"'
    )
    (problem,) = refused(ctx, path)
    assert "headache ends before it starts" in problem


def test_unknown_unit_and_value_are_refused(ctx: svc.Context, tmp_path: Path) -> None:
    path = variant(tmp_path, 'unit="fl_oz_us"', 'unit="bucket"')
    assert any("unit 'bucket'" in p for p in refused(ctx, path))
    path = variant(tmp_path, "HKCategoryValueSeveritySevere", "HKCategoryValueSeverityDire")
    assert any("unknown value 'HKCategoryValueSeverityDire'" in p for p in refused(ctx, path))


def test_entity_bomb_is_refused(ctx: svc.Context, tmp_path: Path) -> None:
    entities = "".join(
        f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10 if i else "x" * 50}">' for i in range(9)
    )
    path = tmp_path / "bomb.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE HealthData [{entities}]>'
                    '<HealthData><Record type="&e8;"/></HealthData>')  # fmt: skip
    (problem,) = refused(ctx, path)
    assert "amplification" in problem


def test_other_files_are_refused(ctx: svc.Context, tmp_path: Path) -> None:
    other = tmp_path / "notes.xml"
    other.write_text('<?xml version="1.0"?><notes><Record type="x"/></notes>')
    assert "not an Apple Health export" in refused(ctx, other)[0]
    text = tmp_path / "export.csv"
    text.write_text("start,kind,name\n")
    assert "not an XML file" in refused(ctx, text)[0]
    empty_zip = zipped("<x/>", tmp_path, member="something/else.xml")
    assert "no export.xml" in refused(ctx, empty_zip)[0]
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zipped(EXPORT, tmp_path).read_bytes()[:-200])
    (problem,) = refused(ctx, broken)
    assert "incomplete zip" in problem and "truncated" in problem


def test_one_odd_record_is_skipped_and_listed(ctx: svc.Context, tmp_path: Path) -> None:
    """A sleep sample ending before it starts no longer voids the import."""
    odd = 'startDate="2026-03-02 05:00:00 +0100" endDate="2026-03-02 06:40:00 +0100"'
    path = variant(tmp_path, odd,
                   'startDate="2026-03-02 05:00:00 +0100" endDate="2026-03-02 04:40:00 +0100"')  # fmt: skip
    result = imports.import_apple_health(ctx, path)
    assert [str(p) for p in result.problems] == [
        f"line {line_of(odd)}: sleep ends before it starts"
    ]
    assert result.read["bad records"] == 1 and result.added == 13
    assert result.as_json()["bad_records"][0]["position"] == line_of(odd)


def test_newer_overlapping_export_adds_no_duplicates(ctx: svc.Context, tmp_path: Path) -> None:
    """An older export (a period still running, part of a day's exercise) then the newer one:
    the newer one's fuller records replace the older ones, nothing is doubled."""
    lines = EXPORT.read_text(encoding="utf-8").split("\n")
    older = tmp_path / "older.xml"
    older.write_text("\n".join(x for x in lines if "VaginalBleedingLight" not in x
                               and 'AppleExerciseTime" sourceName="Sam’s Apple Watch" unit="min" creationDate="2026-03-02 18' not in x), encoding="utf-8")  # fmt: skip
    imports.import_apple_health(ctx, older)
    newer = imports.import_apple_health(ctx, EXPORT)
    assert (newer.added, newer.updated) == (0, 2)
    entries = svc.list_entries(ctx)
    (period,) = [e for e in entries if e.kind is Kind.MENSTRUATION]
    (minutes,) = [e for e in entries if e.name == "exercise minutes"]
    assert period.end_day is not None and period.end_day.day == 5 and minutes.amount == 7
    again = imports.import_apple_health(ctx, EXPORT)
    assert (again.added, again.updated) == (0, 0) and len(svc.list_entries(ctx)) == len(entries)
