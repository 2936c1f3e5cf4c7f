"""The JSON API never drops what it is sent: fields it reads are stored, anything else is
refused with a 422 that names it (issue 15: ``{"intensity": 7}`` created an attack without
one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gutbrain.settings import Settings
from gutbrain.web.app import create_app


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    app = create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))
    with TestClient(app) as c:
        yield c


def test_attack_started_with_details_keeps_them(client: TestClient) -> None:
    body = {"intensity": 7, "aura": False, "symptoms": ["nausea"]}
    created = client.post("/api/v1/attacks", json=body)
    assert created.status_code == 201, created.text
    attack = created.json()
    assert attack["intensity"] == 7
    assert {"no aura", "nausea"} <= set(attack["tags"])
    assert client.get("/api/v1/today").json()["open_attack"]["intensity"] == 7
    again = client.post("/api/v1/attacks", json={"intensity": 8}).json()
    assert again["id"] == attack["id"] and again["intensity"] == 8
    assert client.post("/api/v1/attacks").status_code == 201  # no body: still one tap


def test_a_field_the_api_does_not_read_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/attacks", json={"intensty": 7})
    assert response.status_code == 422
    assert "intensty" in " ".join(response.json()["problems"])
    assert client.get("/api/v1/today").json()["open_attack"] is None


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:  # an optional body: the object among the choices
        (schema,) = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(spec, schema)
    return schema


def test_every_json_body_of_the_api_refuses_unknown_fields(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    lax = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(spec, content["application/json"]["schema"])
            if schema.get("type") == "object" and schema.get("additionalProperties") is not False:
                lax.append(f"{method.upper()} {path}")
    assert not lax, f"these bodies would drop unknown fields silently: {lax}"
