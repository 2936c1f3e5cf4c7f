"""Every HTML page renders, links its JSON twin, and the forms do what they say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from gutbrain.domain.entries import Entry
from gutbrain.domain.rules import make_entry
from gutbrain.services import diary as svc
from gutbrain.services.today import DEFAULT_MEDICATIONS, quick_medications
from gutbrain.settings import Settings
from gutbrain.web.app import create_app

TZ = "Europe/Berlin"


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone=TZ))) as c:
        yield c


def _ctx(client: TestClient) -> svc.Context:
    return client.app.state.holder.get()  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize(
    ("path", "twin"),
    [
        ("/", "/api/v1/today"),
        ("/calendar", "/api/v1/calendar/"),
        ("/calendar?year=2025&month=2", "/api/v1/calendar/2025/2"),
        ("/day/2025-02-03", "/api/v1/days/2025-02-03"),
        ("/diary", "/api/v1/entries"),
        ("/diary?q=wine&kind=drink&page=2", "/api/v1/entries"),
        ("/settings", "/api/v1/settings"),
        ("/entries/new", None),
    ],
)
def test_page_renders_with_json_twin(client: TestClient, path: str, twin: str | None) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "htmx-2.0.11.min.js" in response.text
    if twin:
        assert f'rel="alternate" type="application/json" href="{twin}' in response.text
        href = response.text.split('rel="alternate" type="application/json" href="')[1]
        assert client.get(href.split('"')[0].replace("&amp;", "&")).status_code == 200


def test_attack_in_two_taps_then_details_then_end(client: TestClient) -> None:
    assert 'data-testid="attack-start"' in client.get("/").text
    response = client.post("/today/attack")
    assert response.status_code == 200  # followed the redirect to Today
    assert "Attack since" in response.text
    assert 'class="attack"' in response.text
    attack = svc.open_attack(_ctx(client))
    assert attack is not None
    assert attack.intensity is None
    # Second tap: intensity, answered with just the panel for htmx.
    panel = client.post(
        f"/today/attack/{attack.id}", data={"intensity": "7"}, headers={"HX-Request": "true"}
    )
    assert panel.status_code == 200
    assert "<html" not in panel.text
    assert "pain 7/10" in panel.text
    client.post(f"/today/attack/{attack.id}", data={"aura": "yes"})
    client.post(
        f"/today/attack/{attack.id}",
        data={"symptoms_sent": "yes", "symptoms": ["nausea", "photophobia"]},
    )
    client.post("/today/medication", data={"name": "sumatriptan"})
    ended = client.post(f"/today/attack/{attack.id}", data={"ended": "yes"})
    assert "Attack ended" in ended.text
    done = svc.get_entry(_ctx(client), attack.id)
    assert done.end is not None
    assert done.intensity == 7
    assert set(done.tags) == {"aura", "nausea", "photophobia"}
    meds = svc.list_entries(_ctx(client), kinds=["medication"])
    assert [m.name for m in meds] == ["sumatriptan"]
    assert meds[0].has_tag("acute")
    assert svc.open_attack(_ctx(client)) is None


def test_second_start_tap_does_not_log_a_second_attack(client: TestClient) -> None:
    client.post("/today/attack")
    client.post("/today/attack")
    assert len(svc.list_entries(_ctx(client), kinds=["attack"])) == 1


def test_meal_preview_and_log(client: TestClient) -> None:
    preview = client.post("/today/meal/preview", data={"text": "2 glasses of red wine and cheese"})
    assert "red wine" in preview.text
    assert "drink" in preview.text
    assert "cheese" in preview.text
    assert "contains alcohol" in preview.text
    odd = client.post("/today/meal/preview", data={"text": "zzqx"})
    assert "not in the food tables" in odd.text
    logged = client.post("/today/meal", data={"text": "2 glasses of red wine and cheese"})
    assert "Meal logged" in logged.text
    kinds = sorted(e.kind.value for e in svc.list_entries(_ctx(client)))
    assert kinds == ["drink", "food"]


def test_empty_meal_goes_back_with_message(client: TestClient) -> None:
    response = client.post("/today/meal", data={"text": "  "}, headers={"referer": "/"})
    assert response.status_code == 200
    assert "Not saved" in response.text
    assert 'class="flash error"' in response.text
    assert svc.list_entries(_ctx(client)) == []


def test_checkin_twice_replaces_the_day(client: TestClient) -> None:
    day = date(2026, 3, 4).isoformat()
    form = {
        "day": day,
        "sleep_hours": "6.5",
        "stress": "8",
        "water_ml": "1500",
        "stool_type": "4",
        "period": "yes",
        "flow": "light",
        "gi_symptom": "bloating",
        "gi_severity": "3",
        "exercise_minutes": "30",
    }
    assert client.post("/today/checkin", data=form).status_code == 200
    first = svc.list_entries(_ctx(client))
    assert len(first) == 7
    sleep = next(e for e in first if e.kind.value == "sleep")
    assert sleep.duration is not None
    assert sleep.duration.total_seconds() == 6.5 * 3600
    client.post("/today/checkin", data={**form, "stress": "2"})
    second = svc.list_entries(_ctx(client))
    assert len(second) == 7
    assert next(e for e in second if e.kind.value == "stress").intensity == 2


def test_checkin_bad_number_is_a_message_not_a_crash(client: TestClient) -> None:
    response = client.post("/today/checkin", data={"day": "2026-03-04", "stress": "11"})
    assert response.status_code == 422
    assert "stress" in response.text
    response = client.post("/today/checkin", data={"day": "2026-03-04", "water_ml": "lots"})
    assert response.status_code == 422
    assert "water" in response.text
    assert svc.list_entries(_ctx(client)) == []


def test_entry_create_edit_delete(client: TestClient) -> None:
    created = client.post(
        "/entries/new",
        data={
            "kind": "food",
            "name": "aged cheddar",
            "start": "2026-03-04T19:30",
            "amount": "40",
            "unit": "g",
            "tags": "",
            "notes": "at dinner",
        },
    )
    assert created.status_code == 200
    assert "aged cheddar" in created.text
    (entry,) = svc.list_entries(_ctx(client))
    page = client.get(f"/entries/{entry.id}")
    assert 'value="aged cheddar"' in page.text
    client.post(
        f"/entries/{entry.id}",
        data={"kind": "food", "name": "parmesan", "start": "2026-03-04T19:30", "amount": "20"},
    )
    assert svc.get_entry(_ctx(client), entry.id).name == "parmesan"
    gone = client.post(f"/entries/{entry.id}/delete")
    assert "Deleted" in gone.text
    assert svc.list_entries(_ctx(client)) == []
    assert client.get(f"/entries/{entry.id}").status_code == 404


def test_diary_search_and_calendar_show_entries(client: TestClient) -> None:
    client.post(
        "/entries/new",
        data={"kind": "attack", "name": "migraine", "start": "2026-03-04T14:00", "intensity": "8"},
    )
    client.post("/entries/new", data={"kind": "drink", "name": "red wine", "start": "2026-03-03"})
    assert "red wine" in client.get("/diary?q=wine").text
    assert "red wine" not in client.get("/diary?q=cheese").text
    cal = client.get("/calendar?year=2026&month=3").text
    assert 'data-day="2026-03-04"' in cal
    cell = cal.split('data-day="2026-03-04"')[1].split("</a>")[0]
    assert "severe" in cell
    assert "1 attack, worst pain 8/10" in cell


def test_import_with_error_lists_lines_and_writes_nothing(client: TestClient) -> None:
    bad = (
        "start,kind,name,intensity\n"
        "2026-03-01,food,cheese,\n"
        "2026-13-01,food,bread,\n"
        "2026-03-02,attack,migraine,12\n"
    )
    response = client.post("/diary/import", files={"file": ("bad.csv", bad, "text/csv")})
    assert response.status_code == 422
    assert "line 3" in response.text
    assert "line 4" in response.text
    assert "nothing was written" in response.text
    assert svc.list_entries(_ctx(client)) == []
    good = "start,kind,name\n2026-03-01,food,cheese\n"
    ok = client.post("/diary/import", files={"file": ("good.csv", good, "text/csv")})
    assert "1 rows read, 1 new entries" in ok.text
    export = client.get("/export/diary.csv")
    assert export.headers["content-type"].startswith("text/csv")
    assert "cheese" in export.text
    dump = client.get("/export/diary.json")
    assert dump.json()["entries"][0]["name"] == "cheese"


def test_settings_and_conditions(client: TestClient) -> None:
    client.post(
        "/settings",
        data={
            "timezone": "Europe/London",
            "fiber_target_g": "30",
            "fdr": "0.05",
            "tracked_factors": "bright light, fasting",
        },
    )
    s = client.get("/api/v1/settings").json()
    assert s["timezone"] == "Europe/London"
    assert s["fiber_target_g"] == 30
    assert s["fdr"] == 0.05
    assert s["tracked_factors"] == ["bright light", "fasting"]
    assert "bright light" in client.get("/").text  # offered in the check-in
    bad = client.post("/settings", data={"timezone": "Mars/Olympus"})
    assert bad.status_code == 422
    assert "Mars/Olympus" in bad.text
    client.post("/settings/conditions", data={"name": "IBS"})
    assert client.get("/api/v1/settings").json()["conditions"] == ["ibs"]
    client.post("/settings/conditions/remove", data={"name": "ibs"})
    assert client.get("/api/v1/settings").json()["conditions"] == []


def test_theme_toggle_sets_attack_mode(client: TestClient) -> None:
    response = client.post("/theme", data={"theme": "attack", "next": "/calendar"})
    assert response.url.path == "/calendar"
    assert 'class="attack"' in response.text
    client.post("/theme", data={"theme": "normal", "next": "https://evil.example/"})
    assert 'class="attack"' not in client.get("/").text


def test_quick_medications_are_acute_ones_most_used_first() -> None:
    diary_id = uuid4()

    def med(name: str, hour: int, *tags: str) -> Entry:
        return make_entry(
            diary_id=diary_id,
            kind="medication",
            name=name,
            tags=tags,
            start=datetime(2026, 3, 1, hour, tzinfo=UTC),
            tz="UTC",
        )

    entries = [
        med("ibuprofen", 1),
        med("sumatriptan", 2, "acute"),
        med("sumatriptan", 3),
        med("amoxicillin", 4, "antibiotic"),
        med("topiramate", 5, "preventive"),
    ]
    assert quick_medications(entries) == ["sumatriptan", "ibuprofen"]
    assert quick_medications([]) == list(DEFAULT_MEDICATIONS)
