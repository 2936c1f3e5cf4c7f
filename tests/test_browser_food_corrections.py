"""A correction made in the real app (Debian's Chromium) reaches past entries and the trigger
table: "grandma's zuppa" (unknown, eaten on a third of 150 days, with attacks) is corrected to
red wine on its day page; the trigger table then shows alcohol; undo takes it back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from browser_support import (
    CHROMIUM,
    DESKTOP,
    NO_CHROMIUM,
    PHONE,
    SHOTS,
    browser_session,
    start_server,
)
from gutbrain.domain.entries import Kind
from gutbrain.services import diary as svc
from gutbrain.services import log
from gutbrain.settings import Settings

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

TZ = ZoneInfo("Europe/Berlin")


def _seed(path: Path, days: int = 150) -> list[date]:
    """Breakfast every day; lunch is grandma's zuppa on ~30 % of days (attacks follow it
    more often) or a cheese sandwich. Returns the zuppa days."""
    ctx = svc.open_context(Settings.from_env(db=path, timezone="Europe/Berlin"))
    rng = np.random.default_rng(3)
    end = datetime.now(TZ).date() - timedelta(days=1)
    zuppa_days = []
    for i in range(days):
        day = end - timedelta(days=days - 1 - i)

        def at(hour: int, day: date = day) -> datetime:
            return datetime(day.year, day.month, day.day, hour, tzinfo=TZ)

        log.log_meal(ctx, "porridge and coffee", when=at(8))
        zuppa = bool(rng.random() < 0.3)
        log.log_meal(ctx, "a bowl of grandma's zuppa" if zuppa else "cheese sandwich", when=at(13))
        if zuppa:
            zuppa_days.append(day)
        if rng.random() < (0.45 if zuppa else 0.06):
            attack = svc.new_entry(
                ctx, kind=Kind.ATTACK, name="migraine", start=at(18), end=at(23), intensity=6
            )
            svc.add_entry(ctx, attack)
    ctx.close()
    return zuppa_days


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[date]]]:
    path = tmp_path_factory.mktemp("zuppa") / "diary.sqlite"
    days = _seed(path)
    for url in start_server(path):
        yield url, days


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


def _trigger_text(page: Any, server: str) -> str:
    page.goto(server + "/triggers")
    return " ".join(page.get_by_test_id("verdict-trigger").all_inner_texts()).lower()


def test_correction_reaches_past_entries_and_the_trigger_table(
    diary: tuple[str, list[date]], browser: Any
) -> None:
    server, zuppa_days = diary
    page = browser.new_context(viewport=DESKTOP).new_page()
    before = _trigger_text(page, server)
    assert "grandma's zuppa" in before and "alcohol" not in before

    page.goto(server + f"/day/{zuppa_days[0].isoformat()}")
    page.get_by_label("What grandma's zuppa was understood as").click()
    page.wait_for_url("**/foods/understood?**")
    assert "Not in the food tables" in page.get_by_test_id("food-understood").inner_text()
    page.get_by_label("“grandma's zuppa” is").fill("red wine")
    page.get_by_test_id("correction-save").click()
    done = page.get_by_test_id("correction-done")
    done.wait_for()
    assert f"Applied to {len(zuppa_days)} logged entries" in done.inner_text()
    understood = page.get_by_test_id("food-understood").inner_text()
    assert "red wine" in understood and "alcohol" in understood and "ICHD-3" in understood
    _phone_fits(browser, page.url)

    after = _trigger_text(page, server)
    assert "alcohol" in after, after

    page.go_back()
    page.get_by_test_id("correction-undo").click()
    page.get_by_text("Undone").wait_for()
    assert "alcohol" not in _trigger_text(page, server)
    page.context.close()


def _phone_fits(browser: Any, url: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    pg = context.new_page()
    pg.goto(url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "food-understood-phone.png"), full_page=True)
    width = pg.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= PHONE["width"], f"the food page scrolls sideways on a phone ({width}px)"
