"""'Not what you meant?' in the web app: the page shows what an item was understood as with
the source of every component, a correction is kept as the diary's own name and re-reads
every logged entry with the same text, and undo puts the old meaning back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary as svc
from gutbrain.services import log
from gutbrain.services.foods import understood
from gutbrain.settings import Settings
from gutbrain.web.app import create_app


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as c:
        yield c


def _log(ctx: svc.Context, text: str, days_ago: int) -> None:
    when = datetime(2026, 3, 20, 13, tzinfo=ctx.now().tzinfo) - timedelta(days=days_ago)
    log.log_meal(ctx, text, when=when)


def test_correction_applies_to_past_entries_and_undo(client: Any, ctx: svc.Context) -> None:
    web: TestClient = client
    for days_ago in (1, 3, 5):
        _log(ctx, "2 bowls of grandma's zuppa", days_ago)
    _log(ctx, "grandma's zuppa and bread", 7)
    page = web.get("/foods/understood", params={"text": "grandma's zuppa"})
    assert page.status_code == 200 and "Not in the food tables" in page.text
    assert "4 logged entries with this text" in page.text

    done = web.post("/foods/correct", data={"text": "grandma's zuppa", "as_food": "merlot"})
    assert done.status_code == 200 and "Applied to 4 logged entries" in done.text
    assert "Understood as <strong>red wine</strong>" in done.text
    assert "<td>alcohol</td>" in done.text and "ICHD-3" in done.text
    view = understood(ctx, "3 bowls of grandma's zuppa")
    assert view.found.food == "red wine" and "alcohol" in view.found.components

    undone = web.post("/foods/correct/undo", data={"text": "grandma's zuppa", "was": "null"})
    assert "means grandma" in undone.text or "Undone" in undone.text
    assert not understood(ctx, "grandma's zuppa").found.known


def test_a_correction_to_an_unknown_food_is_refused(client: Any) -> None:
    web: TestClient = client
    reply = web.post("/foods/correct", data={"text": "zuppa", "as_food": "zzzzqqq"})
    assert reply.status_code == 200 and "not a food gutbrain knows" in reply.text


def test_component_sources_are_shown(client: Any) -> None:
    web: TestClient = client
    page = web.get("/foods/understood", params={"text": "homemade lentil soup"})
    assert "Understood as <strong>lentil soup</strong>" in page.text
    assert "ultra-processed" not in page.text and ">msg<" not in page.text
    page = web.get("/foods/understood", params={"text": "a glass of orange juice"})
    assert "citrus" in page.text and "Duelo" in page.text


def test_the_json_api_says_the_same(client: Any, ctx: svc.Context) -> None:
    web: TestClient = client
    _log(ctx, "a bowl of grandma's zuppa", 2)
    seen = web.get("/api/v1/foods/understood", params={"text": "grandma's zuppa"}).json()
    assert seen["known"] is False and seen["entries"] == 1 and seen["components"] == []
    made = web.post(
        "/api/v1/foods/corrections", json={"text": "grandma's zuppa", "as_food": "red wine"}
    ).json()
    assert made["previous"] is None and made["understood"]["own_name"] is True
    alcohol = [c for c in made["understood"]["components"] if c["component"] == "alcohol"]
    assert alcohol and alcohol[0]["sources"] and alcohol[0]["grade"] == "B"
    back = web.post("/api/v1/foods/corrections/undo", json={"text": "grandma's zuppa"}).json()
    assert back["known"] is False and back["own_name"] is False
    bad = web.post("/api/v1/foods/corrections", json={"text": "x", "as_food": "zzzzqqq"})
    assert bad.status_code in (400, 422) and "not a food" in bad.text
