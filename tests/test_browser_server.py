"""Server mode in real Chromium: sign in, log an attack on Today with htmx under the strict
Content-Security-Policy (no violation reported), share the diary, sign out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import CHROMIUM, NO_CHROMIUM, PHONE, launch, start_server
from gutbrain.domain.accounts import Role
from gutbrain.services import accounts
from gutbrain.store import open_store

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = tmp_path_factory.mktemp("server") / "server.sqlite"
    store = open_store(f"sqlite:///{db}")
    accounts.add_user(store, "ann@example.org", PASSWORD, timezone="Europe/Berlin")
    accounts.add_user(store, "doc@example.org", PASSWORD, Role.CLINICIAN)
    store.close()
    yield from start_server(
        db, "--multi-user", "--allow-sqlite", env={"GUTBRAIN_SECRET_KEY": "b" * 40},
        ready="/healthz",
    )  # fmt: skip


def test_sign_in_log_an_attack_share_and_sign_out(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page: Any = browser.new_context(viewport=PHONE).new_page()
        page.set_default_timeout(15000)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(server + "/calendar")
        assert "/login" in page.url
        page.get_by_label("Email").fill("ann@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(server + "/calendar")
        page.goto(server + "/")
        page.get_by_test_id("attack-start").click()
        page.get_by_test_id("attack-panel").wait_for()
        page.get_by_role("button", name="ibuprofen", exact=True).click()
        page.wait_for_load_state("networkidle")
        today = page.request.get(server + "/api/v1/today").json()
        assert today["open_attack"] is not None
        page.goto(server + "/account")
        page.get_by_label("Clinician's account email").fill("doc@example.org")
        page.get_by_role("button", name="Share read-only").click()
        assert page.get_by_text("Shared with doc@example.org").is_visible()
        page.get_by_role("button", name="Sign out", exact=True).click()
        page.wait_for_url(server + "/login")
        assert page.request.get(server + "/api/v1/today").status == 401
        browser.close()
    assert not [m for m in problems if "Content Security Policy" in m or "Refused" in m], problems
