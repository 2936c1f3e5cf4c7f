"""Attack mode as it looks and feels in Debian's Chromium at 360 px, in the dark attack theme:
ticked symptoms and the chosen pain read as chosen (theme colours, not the browser's blue),
every target is at least 48 px, an earlier start or end can be set, and ending the attack
does not flip the screen to the white theme."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from browser_support import CHROMIUM, NO_CHROMIUM, PHONE, browser_session, start_server

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

#: WCAG relative luminance and contrast of "rgb(r, g, b)" colours, in the page.
CONTRAST = """([a, b]) => {
  const lum = c => { const [r, g, bl] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db: Path = tmp_path_factory.mktemp("attack-look") / "diary.sqlite"
    yield from start_server(db)


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    """A phone with an attack just started (so the dark theme is on)."""
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.set_default_timeout(8000)
    pg.goto(server + "/")
    pg.get_by_test_id("attack-start").click()
    pg.get_by_test_id("attack-panel").wait_for()
    yield pg
    attack = pg.request.get(server + "/api/v1/today").json()["open_attack"]
    if attack is not None:
        pg.request.patch(server + f"/api/v1/attacks/{attack['id']}", data={"ended": True})
    context.close()


def _saved(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('.htmx-request')")


def _style(locator: Any, prop: str) -> str:
    return str(locator.evaluate(f"e => getComputedStyle(e).{prop}"))


def test_ticked_symptom_in_theme_colours_and_clearly_ticked(page: Any) -> None:
    assert "attack" in (page.locator("body").get_attribute("class") or "")
    page.get_by_label("nausea").check()
    _saved(page)
    ticked, unticked = page.get_by_label("nausea"), page.get_by_label("photophobia")
    # The browser's default accent (bright blue) would be "auto".
    assert _style(ticked, "accentColor") != "auto"
    chip = ticked.locator("xpath=..")
    other = unticked.locator("xpath=..")
    card = _style(page.get_by_test_id("attack-panel"), "backgroundColor")
    assert _style(chip, "backgroundColor") != _style(other, "backgroundColor")
    ring = _style(chip, "boxShadow")
    assert ring != "none" and _style(other, "boxShadow") == "none"
    colour = ring[: ring.index(")") + 1]
    assert page.evaluate(CONTRAST, [colour, card]) >= 3


def test_chosen_pain_is_clearly_chosen(page: Any) -> None:
    page.get_by_test_id("intensity-6").click()
    _saved(page)
    chosen, other = page.get_by_test_id("intensity-6"), page.get_by_test_id("intensity-5")
    assert chosen.get_attribute("aria-pressed") == "true"
    card = _style(page.get_by_test_id("attack-panel"), "backgroundColor")
    ring = _style(chosen, "boxShadow")
    assert ring != "none" and _style(other, "boxShadow") == "none"
    assert page.evaluate(CONTRAST, [ring[: ring.index(")") + 1], card]) >= 3


def test_every_attack_target_is_at_least_48_px(page: Any) -> None:
    page.locator("#attack-when summary").click()
    small = page.evaluate(
        """() => [...document.querySelectorAll(['#attack-panel button', '#attack-panel summary',
                 '#attack-panel .chips label',
                 '#attack-panel input:not([type=hidden]):not([type=checkbox])'].join(','))]
          .map(e => [e.textContent.trim() || e.name || e.id, e.getBoundingClientRect()])
          .filter(([, r]) => r.width < 47.5 || r.height < 47.5)
          .map(([n, r]) => `${n}: ${Math.round(r.width)}×${Math.round(r.height)}`)"""
    )
    assert small == []


def test_earlier_start_and_end_then_the_theme_stays_dark(page: Any, server: str) -> None:
    now = datetime.fromisoformat(
        page.evaluate("new Date().toLocaleString('sv-SE', {timeZone: 'Europe/Berlin'})")
    )
    start, end = now - timedelta(hours=3), now - timedelta(minutes=30)
    page.locator("#attack-when summary").click()
    page.get_by_label("Started at").fill(start.strftime("%H:%M"))
    page.get_by_test_id("attack-set-start").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("attack-panel").wait_for()
    assert f"Attack since {start:%H:%M}" in page.locator("#attack-status").inner_text()
    attack = page.request.get(server + "/api/v1/today").json()["open_attack"]
    page.locator("#attack-when summary").click()
    page.get_by_label("Ended at").fill(end.strftime("%H:%M"))
    page.get_by_test_id("attack-end").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Attack ended. Rest well.").is_visible()
    # No flip to the white theme the moment the pain is over.
    assert "attack" in (page.locator("body").get_attribute("class") or "")
    saved = page.request.get(server + f"/api/v1/entries/{attack['id']}").json()
    assert saved["start"].startswith(start.strftime("%Y-%m-%dT%H:%M"))
    assert saved["end"].startswith(end.strftime("%Y-%m-%dT%H:%M"))
