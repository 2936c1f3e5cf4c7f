"""``gutbrain food``, ``foods``, ``gut`` and ``microbiome`` end to end through Click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gutbrain.cli import main

DATA = Path(__file__).parent / "data" / "microbiome"


def run(db: Path, *args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(main, ["--db", str(db), "--tz", "Europe/Berlin", *args])
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0 and "Traceback" not in result.output
    return result.output


def test_logged_meal_items_each_show_components_with_grades(db_path: Path) -> None:
    run(db_path, "log", "food", "pepperoni pizza, 2 glasses of red wine and kimchi")
    entries = json.loads(run(db_path, "--json", "list"))
    assert sorted(e["name"] for e in entries) == ["kimchi", "pepperoni pizza", "red wine"]
    expected = {
        "pepperoni pizza": {"nitrite"},
        "red wine": {"alcohol", "histamine"},
        "kimchi": {"fermented", "histamine", "tyramine"},
    }
    for entry in entries:
        (item,) = json.loads(run(db_path, "food", entry["name"], "--json"))
        assert expected[entry["name"]] <= set(item["components"])
        assert all(t["grade"] and t["source"] for t in item["tags"])
    text = run(db_path, "food", "kimchi")
    assert "tyramine" in text and "N/C" in text and "Duelo" in text


def test_unknown_food_then_map_it(db_path: Path) -> None:
    run(db_path, "log", "food", "auntie's surprise")
    assert "auntie's surprise" in run(db_path, "foods", "unknown")
    assert "Map it once" in run(db_path, "food", "auntie's surprise")
    out = run(db_path, "foods", "map", "auntie's surprise", "--recipe", "200 g lentils, 1 carrot")
    assert "now means" in out
    assert "Every logged food is recognised" in run(db_path, "foods", "unknown")
    assert "not a food gutbrain knows" in run(
        db_path, "foods", "map", "x", "--as", "zzzzqqq", ok=False
    )


def test_gut_report_and_plan(db_path: Path) -> None:
    assert "no meals logged yet" in run(db_path, "gut", ok=False)
    for day in range(1, 10):
        run(db_path, "log", "food", "porridge with blueberries, coffee", "--at", f"-{day}d")
    out = run(db_path, "gut", "--weeks", "2")
    assert "Gut habits per week" in out and "Reynolds 2019" in out and "McDonald 2018" in out
    data = json.loads(run(db_path, "gut", "--json"))
    assert data["targets"] == {"fiber_g": 25.0, "plants": 30}
    assert data["min_week_food_days"] == 5 and "complete" in data["weeks"][0]
    assert "excludes" in run(db_path, "foods", "plan", "low-histamine")


def test_microbiome_import_and_list(db_path: Path) -> None:
    out = run(db_path, "microbiome", "import", str(DATA / "sample.kreport"), "--date", "2026-01-02")
    assert "Shannon 1.706" in out and "not a diagnosis" in out
    run(db_path, "microbiome", "import", str(DATA / "sample.bracken.tsv"), "--date", "2026-02-02")
    listed = json.loads(run(db_path, "--json", "microbiome", "list"))
    assert [p["format"] for p in listed["read_count"]] == ["kraken2", "bracken"]
    assert "format not recognised" in run(
        db_path, "microbiome", "import", str(Path(__file__)), ok=False
    )


def test_define_a_personal_food(db_path: Path) -> None:
    out = run(
        db_path, "foods", "map", "protein shake", "--components", "aspartame", "--fiber", "2",
        "--serving", "300",
    )  # fmt: skip
    assert "aspartame" in out
    (item,) = json.loads(run(db_path, "food", "protein shake", "--json"))
    assert item["components"] == ["aspartame"] and item["fiber_g"] == 6.0
    assert "unknown component" in run(
        db_path, "foods", "map", "y", "--components", "unicorn", ok=False
    )
