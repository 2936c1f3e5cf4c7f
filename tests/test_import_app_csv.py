"""Other apps' CSV exports (Migraine Buddy, Bearable, mySymptoms) and the generic --map
import: golden mapping, idempotent re-import, dry run, hostile files rejected whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gutbrain.cli import main
from gutbrain.domain.entries import Kind
from gutbrain.io.problems import ImportRejectedError
from gutbrain.services import diary as svc
from gutbrain.services import imports, transfer
from imports_helpers import DATA, check_golden

APPS = DATA / "apps"
CASES = [  # app, file, day_first, entries by kind
    ("migraine-buddy", "migraine_buddy.csv", None, {"attack": 3, "medication": 3}),
    ("bearable", "bearable.csv", None,
     {"attack": 1, "factor": 5, "food": 1, "medication": 1, "note": 1, "sleep": 1, "symptom": 2}),
    ("mysymptoms", "mysymptoms.csv", False,
     {"attack": 1, "drink": 1, "exercise": 1, "factor": 1, "food": 2, "medication": 1,
      "sleep": 1, "stress": 1, "symptom": 2}),
]  # fmt: skip


@pytest.mark.parametrize(("app", "name", "day_first", "kinds"), CASES)
def test_app_export_maps_to_the_golden_diary(
    ctx: svc.Context, snapshot_update: bool, app: str, name: str, day_first: bool | None,
    kinds: dict[str, int],
) -> None:  # fmt: skip
    data = (APPS / name).read_bytes()
    preview = imports.import_app_csv(ctx, app, data, dry_run=True, day_first=day_first)
    assert preview.by_kind == kinds and svc.list_entries(ctx) == []
    result = imports.import_app_csv(ctx, app, data, day_first=day_first)
    assert result.added == sum(kinds.values())
    check_golden(name, transfer.export_csv(ctx), snapshot_update)
    again = imports.import_app_csv(ctx, app, data, day_first=day_first)
    assert again.added == 0 and again.skipped == result.added


def test_migraine_buddy_details(ctx: svc.Context) -> None:
    imports.import_app_csv(ctx, "migraine-buddy", (APPS / "migraine_buddy.csv").read_bytes())
    first, second, third = (e for e in svc.list_entries(ctx) if e.kind is Kind.ATTACK)
    assert first.local_start.day == 12 and first.local_start.month == 3  # 12/03 is day-first
    assert first.symptoms == ("nausea", "photophobia", "phonophobia")
    # triggers asked about during attacks are notes, never exposures (recall bias)
    assert "suspected triggers: Lack of sleep, Menstruation" in first.notes
    assert not [e for e in svc.list_entries(ctx) if e.kind is Kind.FACTOR]
    assert second.duration is not None and second.duration.total_seconds() == 3 * 3600
    assert second.aura and third.aura and not first.aura
    meds = {e.name: e for e in svc.list_entries(ctx) if e.kind is Kind.MEDICATION}
    assert meds["Sumatriptan"].amount == 50 and meds["Sumatriptan"].details["effect"] == "good"
    assert meds["Rizatriptan"].details["effect"] == "none" and meds["Ibuprofen"].has_tag("acute")


def test_ambiguous_dates_need_an_order(ctx: svc.Context) -> None:
    with pytest.raises(ImportRejectedError, match="--day-first or --month-first"):
        imports.import_app_csv(ctx, "mysymptoms", (APPS / "mysymptoms.csv").read_bytes())
    result = imports.import_app_csv(
        ctx, "mysymptoms", (APPS / "mysymptoms.csv").read_bytes(), day_first=False
    )
    attack = next(e for e in result.entries if e.kind is Kind.ATTACK)
    assert attack.local_start.month == 3 and attack.local_start.day == 5


def test_generic_mapping_with_defaults_and_dry_run(ctx: svc.Context) -> None:
    text = (
        "Date;Food;Grams;Comment\n"
        "2026-03-01 12:30;Lentil soup;350;lunch\n"
        "2026-03-01 19:00;Aged cheddar;40;\n"
    )  # semicolon-separated, as spreadsheets in comma-decimal locales save
    mapping = ["name=Food,start=Date", "amount=Grams,notes=Comment"]
    preview = imports.import_mapped_csv(ctx, text, mapping, ["kind=food,unit=g"], dry_run=True)
    assert preview.added == 2 and svc.list_entries(ctx) == []
    imports.import_mapped_csv(ctx, text, mapping, ["kind=food,unit=g"])
    soup, cheese = svc.list_entries(ctx)
    assert (soup.name, soup.amount, soup.unit, soup.notes) == ("Lentil soup", 350, "g", "lunch")
    assert cheese.kind is Kind.FOOD and cheese.local_start.hour == 19
    assert imports.import_mapped_csv(ctx, text, mapping, ["kind=food,unit=g"]).added == 0


def test_generic_mapping_problems(ctx: svc.Context) -> None:
    with pytest.raises(ImportRejectedError, match="map kind=COLUMN or give --default kind"):
        imports.import_mapped_csv(ctx, "Date,Food\n2026-03-01,apple\n", ["name=Food,start=Date"])
    with pytest.raises(ImportRejectedError, match="'colour' is not one of"):
        imports.import_mapped_csv(ctx, "a\n1\n", ["colour=a"])
    with pytest.raises(ImportRejectedError) as info:
        imports.import_mapped_csv(ctx, "When,What\n2026-03-01,apple\n",
                                  ["name=Food,start=Date"], ["kind=food"])  # fmt: skip
    assert "no name column (looked for: food)" in str(info.value)


def test_cli_map_and_dry_run(tmp_path: Path) -> None:
    meals = tmp_path / "meals.csv"
    meals.write_text("Date,Food\n2026-03-01,apple\n2026-03-02,pear\n")
    db = str(tmp_path / "d.sqlite")
    args = ["import", "csv", str(meals), "--map", "name=Food,start=Date", "--default", "kind=food"]
    out = CliRunner().invoke(main, [*args, "--dry-run", "--db", db])
    assert out.exit_code == 0, out.output
    assert "Would import 2 new entries" in out.output and "nothing was written" in out.output
    out = CliRunner().invoke(main, [*args, "--db", db, "--json"])
    assert '"added": 2' in out.output
    out = CliRunner().invoke(main, ["import", "csv", str(DATA / "spec_examples.csv"), "--dry-run",
                                    "--db", db])  # fmt: skip
    assert "Would import 16 new entries" in out.output
    assert len(svc_entries(db)) == 2


def svc_entries(db: str) -> list[object]:
    out = CliRunner().invoke(main, ["list", "--json", "--db", db])
    import json

    return list(json.loads(out.output))


# -- hostile files -------------------------------------------------------------------------
@pytest.mark.parametrize(("app", "name", "day_first", "kinds"), CASES)
def test_hostile_app_files_are_rejected_whole(
    ctx: svc.Context, app: str, name: str, day_first: bool | None, kinds: dict[str, int]
) -> None:
    good = (APPS / name).read_bytes()
    lines = good.splitlines(keepends=True)
    hostile = {
        "NUL byte": (b"".join(lines[:2]) + b"x\x00y" + b"".join(lines[2:]), 3, "NUL"),
        "invalid UTF-8": (b"".join(lines[:2]) + b"caf\xe9" + b"".join(lines[2:]), 3, "not UTF-8"),
        "unbalanced quote": (b"".join(lines[:2]) + b'"' + b"".join(lines[2:]), 3, "quot"),
        "bad date": (b"".join(lines[:2]) + lines[2].replace(b"2026", b"2026x", 1)
                     + b"".join(lines[3:]), 3, "date"),
    }  # fmt: skip
    assert sum(kinds.values()) > 0
    for label, (data, line, words) in hostile.items():
        with pytest.raises(ImportRejectedError) as info:
            imports.import_app_csv(ctx, app, data, day_first=day_first)
        problems = info.value.problems
        assert any(p.line == line and words in p.reason for p in problems), (label, problems)
    assert svc.list_entries(ctx) == []


def test_wrong_file_for_the_app_is_named(ctx: svc.Context) -> None:
    with pytest.raises(ImportRejectedError, match="is this a Bearable export"):
        imports.import_app_csv(ctx, "bearable", (APPS / "migraine_buddy.csv").read_bytes())
    with pytest.raises(ImportRejectedError, match="pain level 'very bad'"):
        imports.import_app_csv(
            ctx, "migraine-buddy", b"Date,Time,Pain Level\n2026-03-01,10:00,very bad\n"
        )


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"Date,Food\n2026-03-01,apple\n2026-03-02,pe\x00ar\n", 3, "NUL"),
        (b"Date,Food\n2026-03-01,caf\xe9\n", 2, "not UTF-8"),
        (b'Date,Food\n2026-03-01,"apple\n2026-03-02,pear\n', 2, "quote"),
        (b"Date,Food\n2026-03-01,apple\n2026-02-30,pear\n", 3, "not a real date"),
        (b"Date,Food,Grams\n2026-03-01,apple,lots\n", 2, "amount 'lots' is not a number"),
    ],
)
def test_hostile_files_through_a_mapping(
    ctx: svc.Context, data: bytes, line: int, words: str
) -> None:
    mapping = ["name=Food,start=Date"] + (["amount=Grams"] if b"Grams" in data else [])
    with pytest.raises(ImportRejectedError) as info:
        imports.import_mapped_csv(ctx, data, mapping, ["kind=food"])
    assert any(p.line == line and words in p.reason for p in info.value.problems), info.value
    assert svc.list_entries(ctx) == []
