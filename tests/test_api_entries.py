"""JSON API: entries CRUD, import/export, today's taps, calendar, settings; 4xx not 500."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gutbrain.settings import Settings
from gutbrain.web.app import create_app


@pytest.fixture
def api(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as c:
        yield c


def test_entry_lifecycle(api: TestClient) -> None:
    body = {
        "kind": "drink",
        "name": "red wine",
        "start": "2026-03-03T20:00",
        "amount": 150,
        "unit": "ml",
    }
    created = api.post("/api/v1/entries", json=body)
    assert created.status_code == 201
    entry = created.json()
    assert entry["start"] == "2026-03-03T20:00+01:00"
    assert entry["day"] == "2026-03-03"
    got = api.get(f"/api/v1/entries/{entry['id']}")
    assert got.json() == entry
    patched = api.patch(f"/api/v1/entries/{entry['id']}", json={"amount": 300, "notes": "2"})
    assert patched.status_code == 200
    assert patched.json()["amount"] == 300
    listed = api.get("/api/v1/entries", params={"q": "wine", "kind": "drink"}).json()
    assert [e["id"] for e in listed["entries"]] == [entry["id"]]
    assert api.get("/api/v1/entries", params={"q": "beer"}).json()["entries"] == []
    assert api.delete(f"/api/v1/entries/{entry['id']}").status_code == 204
    assert api.get(f"/api/v1/entries/{entry['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"kind": "attack", "name": "m", "start": "2026-03-03", "intensity": 11}, "intensity"),
        ({"kind": "spaceflight", "name": "x", "start": "2026-03-03"}, "kind"),
        ({"kind": "food", "name": "x", "start": "2026-02-30"}, "start"),
        ({"kind": "food", "name": "x", "start": "yesterday-ish"}, "start"),
        (
            {"kind": "sleep", "name": "s", "start": "2026-03-03T23:00", "end": "2026-03-03T07:00"},
            "end is before start",
        ),
        ({"kind": "symptom", "name": "stool", "start": "2026-03-03", "amount": 9}, "Bristol"),
        ({"kind": "food", "name": "x", "start": "2026-03-03", "colour": "red"}, "colour"),
    ],
)
def test_bad_entries_are_422_with_a_message(
    api: TestClient, body: dict[str, object], needle: str
) -> None:
    response = api.post("/api/v1/entries", json=body)
    assert response.status_code == 422
    error = response.json()
    assert set(error) == {"detail", "problems"}
    assert needle in (error["detail"] + " ".join(error["problems"]))
    assert api.get("/api/v1/entries").json()["entries"] == []


def test_unknown_entry_is_404(api: TestClient) -> None:
    missing = "00000000-0000-0000-0000-000000000001"
    assert api.get(f"/api/v1/entries/{missing}").status_code == 404
    assert api.patch(f"/api/v1/entries/{missing}", json={"notes": "x"}).status_code == 404
    assert api.delete(f"/api/v1/entries/{missing}").status_code == 404
    assert api.get("/api/v1/entries/not-a-uuid").status_code == 422


def test_import_rejects_whole_file_with_line_numbers(api: TestClient) -> None:
    bad = "start,kind,name,intensity\n2026-03-01,food,cheese,\n2026-03-02,attack,migraine,12\n"
    response = api.post("/api/v1/import", files={"file": ("d.csv", bad, "text/csv")})
    assert response.status_code == 422
    assert any(p.startswith("line 3:") for p in response.json()["problems"])
    assert api.get("/api/v1/entries").json()["entries"] == []
    good = "start,kind,name\n2026-03-01,food,cheese\n"
    assert api.post("/api/v1/import", files={"file": ("d.csv", good)}).json() == {
        "read": 1,
        "added": 1,
        "skipped_records": [],  # the diary CSV is all-or-nothing
    }
    assert api.post("/api/v1/import", files={"file": ("d.csv", good)}).json()["added"] == 0
    assert api.post("/api/v1/import", files={"file": ("d.csv", b"\xff\xfe")}).status_code == 422
    exported = api.get("/api/v1/export.csv")
    assert "cheese" in exported.text
    assert "attachment" in exported.headers["content-disposition"]


def test_today_attack_flow(api: TestClient) -> None:
    assert api.get("/api/v1/today").json()["open_attack"] is None
    started = api.post("/api/v1/attacks").json()
    assert api.post("/api/v1/attacks").json()["id"] == started["id"]
    assert api.get("/api/v1/today").json()["open_attack"]["id"] == started["id"]
    updated = api.patch(
        f"/api/v1/attacks/{started['id']}",
        json={"intensity": 6, "aura": True, "symptoms": ["nausea"]},
    ).json()
    assert updated["intensity"] == 6
    assert sorted(updated["tags"]) == ["aura", "nausea"]
    med = api.post("/api/v1/medications", json={"name": "ibuprofen", "amount": 400, "unit": "mg"})
    assert med.status_code == 201
    assert med.json()["details"]["drug_class"] == "nsaid"
    ended = api.patch(f"/api/v1/attacks/{started['id']}", json={"ended": True}).json()
    assert ended["end"] is not None
    assert api.patch(f"/api/v1/attacks/{med.json()['id']}", json={}).status_code == 404
    assert api.get("/api/v1/today").json()["open_attack"] is None


def test_meals_parse_and_log(api: TestClient) -> None:
    parsed = api.post("/api/v1/meals/parse", json={"text": "pizza and a beer"}).json()
    assert any("alcohol" in note for note in parsed["items"][1]["notes"])
    assert [(i["food"], i["kind"]) for i in parsed["items"]] == [
        ("pizza", "food"),
        ("beer", "drink"),
    ]
    logged = api.post("/api/v1/meals", json={"text": "pizza and a beer", "at": "2026-03-03T19:00"})
    assert logged.status_code == 201
    assert len(logged.json()["logged"]) == 2
    assert api.post("/api/v1/meals", json={"text": ""}).status_code == 422
    assert api.post("/api/v1/meals", json={"text": "tea", "at": "soon"}).status_code == 422


def test_checkin_and_calendar(api: TestClient) -> None:
    entries = api.post(
        "/api/v1/checkin", json={"day": "2026-03-04", "stress": 7, "period": True, "flow": "heavy"}
    )
    assert entries.status_code == 201
    api.post(
        "/api/v1/entries",
        json={"kind": "attack", "name": "migraine", "start": "2026-03-04T10:00", "intensity": 5},
    )
    month = api.get("/api/v1/calendar/2026/3").json()
    day = next(d for d in month["days"] if d["day"] == "2026-03-04")
    assert day["band"] == "moderate"
    assert day["period"] is True
    assert month["summary"]["attack_days"] == 1
    assert len(api.get("/api/v1/days/2026-03-04").json()["entries"]) == 3
    assert api.get("/api/v1/calendar/2026/13").status_code == 422
    assert (
        api.post("/api/v1/checkin", json={"day": "2026-03-04", "stool_type": 8}).status_code == 422
    )


def test_settings_api(api: TestClient) -> None:
    assert api.patch("/api/v1/settings", json={"fdr": 0.2}).json()["fdr"] == 0.2
    assert api.patch("/api/v1/settings", json={"timezone": "Nowhere/City"}).status_code == 422
    assert api.patch("/api/v1/settings", json={"fdr": 0.9}).status_code == 422
    assert api.post("/api/v1/conditions", json={"name": "IBS"}).json()["conditions"] == ["ibs"]
    assert api.delete("/api/v1/conditions/ibs").status_code == 204
    assert api.get("/api/v1/settings").json()["conditions"] == []


def test_openapi_lists_every_api_route(api: TestClient) -> None:
    schema = api.get("/api/v1/openapi.json").json()
    paths = set(schema["paths"])
    assert {
        "/api/v1/entries",
        "/api/v1/today",
        "/api/v1/calendar/{year}/{month}",
        "/api/v1/settings",
        "/api/v1/import",
    } <= paths
    assert not any(not p.startswith("/api/") for p in paths)  # pages stay out of the schema
