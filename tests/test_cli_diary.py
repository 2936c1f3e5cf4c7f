"""The CLI end to end through Click's runner on a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gutbrain.cli import main

DATA = Path(__file__).parent / "data"


def run(db: Path, *args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), "--tz", "Europe/Berlin", *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def test_where_prints_the_one_file(db_path: Path) -> None:
    assert run(db_path, "where").strip() == str(db_path.resolve())


def test_log_attack_then_end_it(db_path: Path) -> None:
    out = run(db_path, "log", "attack", "--start", "-3h", "-i", "7", "--aura", "-s", "nausea")
    assert "Logged attack" in out and "intensity 7" in out and "aura, nausea" in out
    out = run(db_path, "log", "attack", "-i", "5", ok=False)
    assert "already going on" in out
    out = run(db_path, "log", "attack", "--end")
    assert "Ended attack" in out
    (attack,) = json.loads(run(db_path, "--json", "list", "--kind", "attack"))
    assert attack["end"] is not None and attack["intensity"] == 7
    assert run(db_path, "log", "attack", "--end", ok=False).count("no attack is going on") == 1


def test_log_meal_stores_each_item(db_path: Path) -> None:
    run(
        db_path,
        "log",
        "food",
        "pepperoni pizza, 2 glasses of red wine and kimchi",
        "--at",
        "yesterday 19:30",
    )
    items = json.loads(run(db_path, "--json", "list"))
    assert sorted((i["kind"], i["name"], i["amount"], i["unit"]) for i in items) == [
        ("drink", "red wine", 2.0, "glass"),
        ("food", "kimchi", None, None),
        ("food", "pepperoni pizza", None, None),
    ]
    assert all(i["start"].endswith("19:30+01:00") for i in items)
    assert items[0]["details"]["meal"] == "pepperoni pizza, 2 glasses of red wine and kimchi"


def test_everyday_logging_commands(db_path: Path) -> None:
    for args in (
        ("log", "med", "sumatriptan", "50mg", "--effect", "good"),
        ("log", "sleep", "23:30-06:40", "--quality", "6"),
        ("log", "stress", "8"),
        ("log", "gi", "bloating", "5"),
        ("log", "stool", "4"),
        ("log", "period", "--flow", "light"),
        ("log", "factor", "bright light"),
        ("log", "exercise", "running", "--minutes", "40"),
        ("log", "water", "500"),
        ("log", "supplement", "L. rhamnosus GG", "10000000000", "cfu"),
        ("log", "antibiotic", "amoxicillin", "500mg", "--from", "-3d", "--to", "today"),
        ("log", "med", "propranolol", "40mg", "--preventive"),
        ("log", "weather", "pressure", "1003"),
        ("log", "note", "slept", "badly"),
        ("log", "missing", "2026-01-02"),
    ):
        run(db_path, *args)
    entries = json.loads(run(db_path, "--json", "list"))
    by_kind = {e["kind"]: e for e in entries}
    med = next(e for e in entries if e["name"] == "sumatriptan")
    assert med["details"]["drug_class"] == "triptan" and med["tags"] == ["acute"]
    assert by_kind["sleep"]["intensity"] == 6
    assert next(e for e in entries if e["name"] == "propranolol")["tags"] == ["preventive"]
    supp = by_kind["supplement"]
    assert supp["unit"] == "CFU" and supp["tags"] == ["probiotic"]
    stool = next(e for e in entries if e["name"] == "stool")
    assert stool["amount"] == 4 and stool["unit"] == "bristol"


def test_bad_values_give_clear_errors_and_no_traceback(db_path: Path) -> None:
    for args, message in (
        (("log", "stool", "9"), "9 is not in the range 1<=x<=7"),
        (("log", "attack", "-i", "11"), "11 is not in the range 0<=x<=10"),
        (("log", "food", "pizza", "--at", "2026-02-30 10:00"), "not a real date"),
        (("log", "sleep", "late-early"), "'late' is not a time of day"),
        (("log", "sleep", "2330"), "not BED-WAKE"),
        (("show", "zzzz"), "no entry with an id starting"),
        (("import", "csv", str(DATA / "missing.csv")), "cannot read"),
    ):
        out = run(db_path, *args, ok=False)
        assert message in out, out
        assert "Traceback" not in out


def test_import_rejects_bad_file_and_keeps_diary(db_path: Path) -> None:
    run(db_path, "import", "csv", str(DATA / "spec_examples.csv"))
    before = run(db_path, "export", "csv")
    result = CliRunner().invoke(
        main, ["--db", str(db_path), "import", "csv", str(DATA / "bad_lines.csv")]
    )
    assert result.exit_code == 1
    assert "line 7: start: '2026-02-30T09:00' is not a real date" in result.output
    assert "line 12: unknown kind 'snack'" in result.output
    assert run(db_path, "export", "csv") == before


def test_edit_show_delete(db_path: Path) -> None:
    run(db_path, "log", "food", "apple", "--at", "2026-03-04 10:00")  # a fixed day: "10:00"
    # before 10 in the morning would mean yesterday, and "--end 09:00" then today
    (entry,) = json.loads(run(db_path, "--json", "list"))
    short = entry["id"][:8]
    assert "Updated" in run(db_path, "edit", short, "--amount", "2", "--unit", "piece")
    assert "2 piece" in run(db_path, "list")
    assert "apple" in run(db_path, "show", short)
    end = run(db_path, "edit", short, "--end", "2026-03-04 09:00", ok=False)
    assert end.count("end is before start") == 1
    assert "Deleted" in run(db_path, "delete", short, "--yes")
    assert json.loads(run(db_path, "--json", "list")) == []


def test_export_json_then_import_into_new_diary(db_path: Path, tmp_path: Path) -> None:
    run(db_path, "import", "csv", str(DATA / "spec_examples.csv"))
    run(db_path, "conditions", "add", "celiac", "disease")
    run(db_path, "settings", "--fiber-target", "30")
    dump = tmp_path / "dump.json"
    run(db_path, "export", "json", "--out", str(dump))
    other = tmp_path / "other.sqlite"
    assert "16 new entries" in run(other, "import", "json", str(dump))
    assert run(other, "export", "json") == run(db_path, "export", "json")
    assert "celiac disease" in run(other, "conditions")
    # a diary made in another zone takes the dump's zone (its day boundaries) with its settings
    utc = tmp_path / "utc.sqlite"
    out = CliRunner().invoke(main, ["--db", str(utc), "--tz", "UTC", "import", "json", str(dump)])
    assert out.exit_code == 0, out.output
    assert json.loads(run(utc, "export", "json"))["diary"]["timezone"] == "Europe/Berlin"


def test_demo_builds_a_temporary_diary() -> None:
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--days", "120", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert (
        "Demo diary" in result.output and "red wine" in result.output and "decoy" in result.output
    )
    assert "gutbrain-demo-" in result.output  # a temporary folder, never the real diary


def test_every_command_has_help() -> None:
    def walk(group, path):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            yield [*path, name], command
            if hasattr(command, "commands"):
                yield from walk(command, [*path, name])

    for path, command in walk(main, []):
        assert command.help or command.callback.__doc__, f"gutbrain {' '.join(path)} has no help"
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
