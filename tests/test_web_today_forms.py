"""Today's plain forms (no JavaScript): a typed dose is stored with its amount, a one-tap
dose from the attack form keeps the ticked symptoms, and "did it help" is stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gutbrain.settings import Settings
from gutbrain.web.app import create_app


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))
    with TestClient(app, follow_redirects=False) as c:
        yield c


def _today(client: TestClient) -> dict:  # type: ignore[type-arg]
    return dict(client.get("/api/v1/today").json())


def test_typed_dose_is_stored_with_its_amount(client: TestClient) -> None:
    response = client.post("/today/medication", data={"other": "naproxen 500 mg"})
    assert response.status_code == 303
    (dose,) = [e for e in _today(client)["entries"] if e["kind"] == "medication"]
    assert (dose["name"], dose["amount"], dose["unit"]) == ("naproxen", 500, "mg")
    assert client.post("/today/medication", data={"other": "  "}).status_code == 422


def test_medication_tap_without_javascript_keeps_ticked_symptoms(client: TestClient) -> None:
    client.post("/today/attack")
    attack = _today(client)["open_attack"]
    form = {
        "name": "ibuprofen",
        "attack": attack["id"],
        "symptoms_sent": "yes",
        "symptoms": ["nausea", "phonophobia"],
    }
    assert client.post("/today/medication", data=form).status_code == 303
    assert {"nausea", "phonophobia"} <= set(_today(client)["open_attack"]["tags"])
    client.post(f"/today/attack/{attack['id']}", data={"aura": "no", "symptoms_sent": "yes"})
    tags = _today(client)["open_attack"]["tags"]
    assert "no aura" in tags and "nausea" not in tags  # unticked on the form: removed
