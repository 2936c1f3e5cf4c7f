"""Food and drink entries in `list --json` and the entries API carry what they were
understood as: matched food, grams, fiber, caffeine, components with grades."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from gutbrain.cli import main
from gutbrain.settings import Settings
from gutbrain.web.app import create_app

DATA = Path(__file__).parent / "data"


def imported(db: Path) -> None:
    result = CliRunner().invoke(main, ["import", "csv", str(DATA / "spec_examples.csv"),
                                       "--db", str(db), "--tz", "Europe/Berlin"])  # fmt: skip
    assert result.exit_code == 0, result.output


def test_list_json_carries_understanding_for_food_and_drink_only(db_path: Path) -> None:
    imported(db_path)
    out = CliRunner().invoke(main, ["list", "--json", "--db", str(db_path)])
    entries = json.loads(out.output)
    by_name = {e["name"]: e for e in entries}
    wine = by_name["red wine"]["understood_as"]
    assert wine["food"] == "red wine" and wine["known"] and wine["grams"] > 140
    assert wine["alcohol_g"] > 10
    grades = {c["component"]: c["grade"] for c in wine["components"]}
    assert "alcohol" in grades and all(g for g in grades.values())
    coffee = by_name["coffee"]["understood_as"]
    assert coffee["caffeine_mg"] > 50 and coffee["fdc_id"] is not None
    pizza = by_name["pepperoni pizza"]["understood_as"]
    assert pizza["grams_basis"] and pizza["fiber_g"] is not None
    assert "understood_as" not in by_name["migraine"]
    assert all(("understood_as" in e) == (e["kind"] in ("food", "drink")) for e in entries)


def test_api_entries_carry_understanding(db_path: Path) -> None:
    imported(db_path)
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as api:
        page = api.get("/api/v1/entries", params={"kind": "drink"}).json()
        wine = next(e for e in page["entries"] if e["name"] == "red wine")
        assert wine["understood_as"]["food"] == "red wine"
        assert any(c["component"] == "alcohol" for c in wine["understood_as"]["components"])
        one = api.get(f"/api/v1/entries/{wine['id']}").json()
        assert one["understood_as"] == wine["understood_as"]
        attack = next(e for e in api.get("/api/v1/entries").json()["entries"]
                      if e["kind"] == "attack")  # fmt: skip
        assert attack["understood_as"] is None
