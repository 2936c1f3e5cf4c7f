"""The real app in Debian's Chromium: a server subprocess on a free port over the demo diary,
driven by Playwright. Screenshots of every page at phone (360 px) and desktop width are saved under
artifacts/screenshots/ for a human to look at.

Skipped (with the reason) only when no Chromium is installed; CI installs ``chromium``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import (
    CHROMIUM,
    DESKTOP,
    NO_CHROMIUM,
    PHONE,
    SHOTS,
    browser_session,
    demo_server,
)

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One server on the demo diary; one start-up keeps the suite fast."""
    yield from demo_server(tmp_path_factory, "demo")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    yield pg
    context.close()


def _shoot(browser: Any, url: str, name: str) -> None:
    """Full-page screenshots at phone and desktop width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=size, device_scale_factor=1)
        pg = context.new_page()
        pg.goto(url)
        pg.wait_for_load_state("networkidle")
        pg.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
        width = pg.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert width <= size["width"], f"{name} scrolls sideways at {label} width ({width}px)"


def test_attack_in_at_most_three_clicks(server: str, page: Any, browser: Any) -> None:
    page.goto(server + "/")
    clicks = 0
    page.get_by_test_id("attack-start").click()
    clicks += 1
    page.get_by_test_id("attack-panel").wait_for()
    page.get_by_test_id("intensity-7").click()
    clicks += 1
    page.get_by_text("pain 7/10").wait_for()
    assert clicks <= 3
    assert "attack" in (page.locator("body").get_attribute("class") or "")
    _shoot(browser, server + "/", "today-attack")
    page.get_by_label("nausea").check()  # saved by the tap itself, no save button
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("attack-end").click()
    page.get_by_test_id("attack-start").wait_for()
    today = page.request.get(server + "/api/v1/today").json()
    assert today["open_attack"] is None
    (attack,) = [e for e in today["entries"] if e["kind"] == "attack"]
    assert attack["intensity"] == 7
    assert attack["end"] is not None
    assert "nausea" in attack["tags"]


def test_meal_understood_then_on_calendar(server: str, page: Any, browser: Any) -> None:
    page.goto(server + "/")
    page.get_by_label("What did you eat or drink?").fill("2 glasses of red wine and aged cheddar")
    understood = page.get_by_test_id("meal-understood")
    understood.wait_for()
    assert "red wine" in understood.inner_text()
    assert "aged cheddar" in understood.inner_text()
    _shoot(browser, server + "/", "today")
    page.get_by_test_id("meal-log").click()
    page.get_by_text("Meal logged").wait_for()
    page.get_by_role("link", name="Calendar").click()
    page.wait_for_url("**/calendar")
    today = page.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Berlin'})")
    page.locator(f'a[data-day="{today}"]').click()
    page.wait_for_url(f"**/day/{today}")
    assert "red wine" in page.content()
    assert "aged cheddar" in page.content()
    _shoot(browser, server + f"/day/{today}", "day")


def test_import_error_shows_line_numbers(server: str, page: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("start,kind,name,intensity\n2026-03-01,food,cheese,\n2026-03-02,attack,m,12\n")
    page.goto(server + "/diary")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_test_id("import-submit").click()
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    assert "line 3" in errors.inner_text()
    assert "nothing was written" in errors.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "diary-import-error-desktop.png"), full_page=True)


def test_demo_diary_pages(server: str, page: Any, browser: Any) -> None:
    page.goto(server + "/triggers")
    assert page.get_by_test_id("verdict-trigger").count() >= 1
    assert "red wine" in page.locator("section.verdict.trigger").inner_text()
    page.locator("svg.forest").wait_for()
    page.get_by_role("link", name="the days behind this").first.click()
    page.wait_for_url("**/triggers/days?**")
    assert "Attack days after" in page.content()
    for name, path in [
        ("triggers", "/triggers"),
        ("trigger-days", "/triggers/days?factor=red+wine&kind=drink&lag=1"),
        ("calendar", "/calendar"),
        ("diary", "/diary"),
        ("settings", "/settings"),
        ("gut", "/gut"),
        ("today-demo", "/"),
    ]:
        _shoot(browser, server + path, name)


def test_keyboard_reaches_the_attack_button(server: str, page: Any) -> None:
    page.goto(server + "/")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.testid") == "attack-start":
            break
    else:
        pytest.fail("the attack button is not reachable with Tab")
