"""The first run: an empty diary's Today says what to log and when the first results come;
the card goes once the diary has enough for them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary, today
from gutbrain.services.diary import Context
from gutbrain.settings import Settings
from gutbrain.web.app import create_app


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as c:
        yield c


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_empty_diary_says_what_to_log_and_when_results_come(client: TestClient) -> None:
    page = _text(client.get("/").text)
    assert "Welcome to your diary" in page
    for what in ("Attack started now", "eat and drink", "daily check-in"):
        assert what in page
    assert "need 90 days of diary" in page and "at least 10 attacks" in page
    assert "you have 0 days and 0 attacks, so about 90 more days" in page
    attack = client.post("/api/v1/attacks", json={"intensity": 5}).json()
    assert "Welcome" not in _text(client.get("/").text)  # during an attack: the attack only
    client.patch(f"/api/v1/attacks/{attack['id']}", json={"ended": True})
    page = _text(client.get("/").text)
    assert "Your first results" in page and "you have 1 day and 1 attack," in page


def test_progress_counts_days_and_attacks(ctx: Context, demo_ctx: Context) -> None:
    empty = today.progress(ctx, diary.coverage(ctx))
    assert (empty.days_kept, empty.attacks, empty.ready) == (0, 0, False)
    assert empty.days_to_go == empty.min_days == 90
    demo = today.progress(demo_ctx, diary.coverage(demo_ctx))
    assert demo.ready and demo.days_to_go == 0
