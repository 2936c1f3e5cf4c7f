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
    ("migraine-buddy", "migraine_buddy.csv", None,
     {"attack": 3, "medication": 5, "note": 1, "symptom": 1}),
    ("migraine-buddy", "migraine_buddy_columns.csv", None, {"attack": 3, "medication": 3}),
    ("bearable", "bearable.csv", None,
     {"attack": 1, "factor": 5, "food": 2, "medication": 1, "note": 1, "sleep": 2, "symptom": 3}),
    ("mysymptoms", "mysymptoms.csv", None,
     {"attack": 1, "drink": 1, "exercise": 1, "factor": 2, "food": 7, "medication": 1,
      "sleep": 1, "stress": 1, "supplement": 1, "symptom": 4}),
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


def test_migraine_buddy_export_layout(ctx: svc.Context) -> None:
    """The app's own layout: preamble, Started/Lasted, UTC offset, attack types, pain 0,
    medication columns by helpfulness, pain positions (tests/data/apps/migraine_buddy.csv)."""
    result = imports.import_app_csv(
        ctx, "migraine-buddy", (APPS / "migraine_buddy.csv").read_bytes()
    )
    entries = svc.list_entries(ctx)
    first, third, tokyo = (e for e in entries if e.kind is Kind.ATTACK)
    assert (first.local_start.month, first.local_start.day, first.local_start.hour) == (3, 12, 6)
    assert first.duration is not None and first.duration.total_seconds() == 7.5 * 3600
    assert third.duration is not None and third.duration.total_seconds() == (24 + 2.5) * 3600
    assert first.symptoms == ("nausea", "photophobia", "phonophobia") and third.aura
    assert first.details["location"] == "Left temple" and first.details["side"] == "left"
    # triggers asked about during attacks are notes, never exposures (recall bias)
    assert "suspected triggers: Lack of sleep, Menstruation" in first.notes
    assert not [e for e in entries if e.kind is Kind.FACTOR]
    # +540 min: the instant is exact and the attack keeps its local hour in Tokyo
    assert tokyo.tz == "Etc/GMT-9" and tokyo.local_start.hour == 22
    assert tokyo.start.hour == 13  # 22:15 at +09:00 is 13:15 UTC
    tension = next(e for e in entries if e.kind is Kind.SYMPTOM)
    assert tension.name == "tension-type headache" and tension.intensity == 4
    no_pain = next(e for e in entries if e.kind is Kind.NOTE)
    assert "aura" in no_pain.notes and no_pain.local_start.day == 25
    meds = {e.name: e.details.get("effect") for e in entries if e.kind is Kind.MEDICATION}
    assert meds == {"Sumatriptan": "good", "Ibuprofen": "some", "Rizatriptan": "none",
                    "Paracetamol": None}  # fmt: skip
    assert result.fields["preamble lines"] == 3
    assert set(result.fields["left out"]) == {"#", "end utc offset (min)", "geohash"}


def test_bearable_spellings(ctx: svc.Context) -> None:
    result = imports.import_app_csv(ctx, "bearable", (APPS / "bearable.csv").read_bytes())
    entries = svc.list_entries(ctx)
    names = {(e.kind.value, e.name) for e in entries}
    assert ("symptom", "Bloating") in names and ("attack", "migraine") in names
    bloating = next(e for e in entries if e.name == "Bloating")
    assert bloating.has_tag("gi") and bloating.intensity == 2
    nausea = next(e for e in entries if e.name == "Nausea")
    assert nausea.intensity == 5  # "(Moderate)" with no rating
    early, late = (e for e in entries if e.kind is Kind.SLEEP)
    assert early.amount == 6.25 and (early.local_start.hour, early.local_start.minute) == (0, 45)
    assert late.local_start.day == 8 and late.local_end is not None and late.local_end.day == 9
    assert ("factor", "amount eaten: moderate") in names  # a rating, not a food
    assert {"Cheese sandwich", "Apple"} <= {e.name for e in entries if e.kind is Kind.FOOD}
    assert {e.day.isoformat() for e in entries} == {"2021-12-08", "2021-12-09"}
    assert result.fields["left out"] == {}


def test_mysymptoms_rows_of_any_width(ctx: svc.Context) -> None:
    imports.import_app_csv(ctx, "mysymptoms", (APPS / "mysymptoms.csv").read_bytes())
    entries = svc.list_entries(ctx)
    cramps = next(e for e in entries if e.name == "Stomach cramping")
    assert cramps.intensity == 3 and "lasted 6:00" in cramps.notes
    assert {e.name: e.intensity for e in entries if e.local_start.hour == 14} == {
        "Nausea": 1,
        "Heartburn": 1,
    }  # two symptoms in one event, each with its intensity
    attack = next(e for e in entries if e.kind is Kind.ATTACK)
    assert attack.duration is not None and attack.duration.total_seconds() == 5.25 * 3600
    egg = next(e for e in entries if e.name == "Chicken egg")
    assert (egg.amount, egg.unit) == (2, "serving")
    assert "Sushi, Cucumber Rolls" in {e.name for e in entries}
    sumatriptan = next(e for e in entries if e.kind is Kind.MEDICATION)
    assert (sumatriptan.amount, sumatriptan.unit) == (50, "mg")


def test_mysymptoms_without_a_header_row(ctx: svc.Context) -> None:
    rows = b"12/26/2017, 10:00, Symptom, Bloating, Intensity: 4\n12/27/2017, 08:00, Drink, Tea\n"
    result = imports.import_app_csv(ctx, "mysymptoms", rows)
    assert result.by_kind == {"drink": 1, "symptom": 1}


def test_field_counts_per_format(ctx: svc.Context) -> None:
    """How many values each file had kept and left out, per format (docs/imports.md)."""
    counts = {}
    for app, name, day_first, _ in CASES:
        fields = imports.import_app_csv(ctx, app, (APPS / name).read_bytes(),
                                        day_first=day_first).fields  # fmt: skip
        counts[name] = (sum(fields["kept"].values()), sum(fields["left out"].values()))
    assert counts == {"migraine_buddy.csv": (58, 15), "migraine_buddy_columns.csv": (32, 0),
                      "bearable.csv": (86, 0), "mysymptoms.csv": (73, 0)}  # fmt: skip


def test_ambiguous_dates_need_an_order(ctx: svc.Context) -> None:
    rows = b"03/05/2026, 7:45 AM, Drink, Tea\n03/06/2026, 8:00 AM, Drink, Coffee\n"
    with pytest.raises(ImportRejectedError, match="--day-first or --month-first"):
        imports.import_app_csv(ctx, "mysymptoms", rows)
    result = imports.import_app_csv(ctx, "mysymptoms", rows, day_first=False)
    assert result.entries[0].local_start.month == 3 and result.entries[0].local_start.day == 5


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
    with pytest.raises(ImportRejectedError, match="'colour' is not a diary field"):
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
BAD_DATES = {"migraine_buddy.csv": (b"03/12/26", b"02/30/26"),
             "migraine_buddy_columns.csv": (b"12/03/2026", b"30/02/2026"),
             "bearable.csv": (b"8th Dec 2021", b"30th Feb 2021"),
             "mysymptoms.csv": (b"12/26/2017", b"02/30/2017")}  # fmt: skip


@pytest.mark.parametrize(("app", "name", "day_first", "kinds"), CASES)
def test_hostile_app_files(
    ctx: svc.Context, app: str, name: str, day_first: bool | None, kinds: dict[str, int]
) -> None:
    """A file that is not text or whose quoting is broken is rejected whole; a bad record is
    skipped and listed with its line (``strict`` rejects the file for it)."""
    good = (APPS / name).read_bytes()
    lines = good.splitlines(keepends=True)
    head = 3 if name == "migraine_buddy.csv" else 0  # its header follows a preamble
    before, first, rest = b"".join(lines[: head + 1]), lines[head + 1], b"".join(lines[head + 2 :])
    line = head + 2
    whole = {
        "NUL byte": (before + b"x\x00y" + first + rest, "NUL"),
        "invalid UTF-8": (before + b"caf\xe9" + first + rest, "not UTF-8"),
        "unbalanced quote": (before + b'"' + first + rest, "quot"),
    }
    for label, (data, words) in whole.items():
        with pytest.raises(ImportRejectedError) as info:
            imports.import_app_csv(ctx, app, data, day_first=day_first)
        problems = info.value.problems
        assert any(p.line == line and words in p.reason for p in problems), (label, problems)
    assert svc.list_entries(ctx) == []
    old, new = BAD_DATES[name]
    data = before + first.replace(old, new, 1) + rest
    with pytest.raises(ImportRejectedError, match=f"line {line}: .*date"):
        imports.import_app_csv(ctx, app, data, day_first=day_first, strict=True)
    assert svc.list_entries(ctx) == []
    result = imports.import_app_csv(ctx, app, data, day_first=day_first)
    assert [p.line for p in result.problems] == [line] and "date" in result.problems[0].reason
    assert 0 < result.added < sum(kinds.values())


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


def test_bad_records_through_a_mapping_are_skipped_and_listed(ctx: svc.Context) -> None:
    data = b"Date,Food\n2026-03-01,apple\n2026-02-30,pear\n2026-03-02,\n"
    result = imports.import_mapped_csv(ctx, data, ["name=Food,start=Date"], ["kind=food"])
    assert result.added == 1
    assert [(p.line, p.reason) for p in result.problems] == [
        (3, "'2026-02-30' is not a real date (day is out of range for month)"),
        (4, "name is empty"),
    ]
    assert result.as_json()["bad_records"][0] == {
        "where": "line", "position": 3,
        "reason": "'2026-02-30' is not a real date (day is out of range for month)",
    }  # fmt: skip
    with pytest.raises(ImportRejectedError, match="nothing was written"):
        imports.import_mapped_csv(ctx, data, ["name=Food,start=Date"], ["kind=food"], strict=True)
    with pytest.raises(ImportRejectedError):  # no good record at all
        imports.import_mapped_csv(ctx, b"Date,Food\n2026-02-30,pear\n", ["name=Food,start=Date"],
                                  ["kind=food"])  # fmt: skip


def test_cli_dry_run_and_failed_import_leave_no_diary_file(tmp_path: Path) -> None:
    db = tmp_path / "new.sqlite"
    file = str(APPS / "migraine_buddy.csv")
    out = CliRunner().invoke(main, ["import", "migraine-buddy", file, "--dry-run", "--db", str(db)])
    assert out.exit_code == 0 and "Would import 10 new entries" in out.output, out.output
    assert "Left out: #" in out.output and "geohash (5 values)" in out.output
    assert "the 3 lines before the header" in out.output
    assert not list(tmp_path.iterdir())
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"date,category,rating/amount\n2026-02-30,Mood,3\n")
    out = CliRunner().invoke(main, ["import", "bearable", str(bad), "--db", str(db)])
    assert out.exit_code == 1 and "line 2:" in out.output
    assert [p.name for p in tmp_path.iterdir()] == ["bad.csv"]


def test_cli_lists_skipped_records_and_strict_refuses(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    data = (APPS / "bearable.csv").read_bytes().replace(b"9th Dec 2021", b"31st Nov 2021", 1)
    file = tmp_path / "bearable.csv"
    file.write_bytes(data)
    out = CliRunner().invoke(main, ["import", "bearable", str(file), "--strict", "--db", db])
    assert out.exit_code == 1 and "line 12:" in out.output and "nothing was written" in out.output
    out = CliRunner().invoke(main, ["import", "bearable", str(file), "--db", db])
    assert out.exit_code == 0 and "Skipped 1 bad record" in out.output
    assert "line 12: '31st Nov 2021' is not a real date" in out.output


def test_mapping_with_value_maps_and_clock_times(ctx: svc.Context) -> None:
    data = "When,Type,What\n2026-03-01 7pm,Meal,pasta\n2026-03-01 9:30pm,Med,ibuprofen 400 mg\n"
    result = imports.import_mapped_csv(
        ctx, data, ["start=When,name=What,kind=Type:Meal=food,Med=medication"]
    )
    assert [(e.kind.value, e.local_start.hour) for e in result.entries] == [
        ("food", 19), ("medication", 21)]  # fmt: skip
    unmapped = imports.import_mapped_csv(
        ctx, data.replace("Med,", "Pill,"), ["start=When,name=What,kind=Type:Meal=food"],
        dry_run=True)  # fmt: skip
    assert [(p.line, p.reason) for p in unmapped.problems] == [
        (3, "kind 'Pill' is not a diary kind; map the value, e.g. --map kind=type:Pill=food")
    ]


def test_mapping_errors_are_clear(ctx: svc.Context) -> None:
    with pytest.raises(ImportRejectedError) as info:
        imports.import_mapped_csv(ctx, "a\n1\n", ["nmae=a"])
    assert str(info.value).endswith(
        "\n  --map 'nmae=a': 'nmae' is not a diary field (one of start, end, kind, name, amount, "
        "unit, intensity, tags, notes, date, time, duration); did you mean 'name'?"
    )
    assert "option 0" not in str(info.value)
    with pytest.raises(ImportRejectedError, match="'meal' is not one of attack"):
        imports.import_mapped_csv(ctx, "a,b\n1,2\n", ["start=a,name=b,kind=b:x=meal"])


def test_newer_migraine_buddy_export_finishes_an_open_attack(ctx: svc.Context) -> None:
    """An attack still going on in an older export has no Lasted; the newer export's ended
    attack replaces it (same source, kind, name and start) instead of adding a second one."""
    newer = (APPS / "migraine_buddy.csv").read_bytes()
    older = newer.replace(b'"03/12/26 06:40","07h 30m"', b'"03/12/26 06:40",""', 1)
    assert imports.import_app_csv(ctx, "migraine-buddy", older).added == 10
    result = imports.import_app_csv(ctx, "migraine-buddy", newer)
    assert (result.added, result.updated, result.skipped) == (0, 1, 9)
    attacks = [e for e in svc.list_entries(ctx) if e.kind is Kind.ATTACK]
    assert len(attacks) == 3 and all(a.end is not None for a in attacks)


def test_imported_foods_get_their_meaning_stored(ctx: svc.Context) -> None:
    """The import path goes through the write hook: each food/drink text's meaning is stored
    as it is written (services.knowledge.remember)."""
    from gutbrain.store.meanings import stored_meanings

    imports.import_app_csv(ctx, "mysymptoms", (APPS / "mysymptoms.csv").read_bytes())
    texts = {t for t, _v, _p in stored_meanings(ctx.store, ctx.diary_id).values()}
    assert {"Coffee", "White rice", "Porridge oats", "Sushi, Cucumber Rolls"} <= texts
