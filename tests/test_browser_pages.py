"""Every page, in both themes, at 360 px and 1280 px, in Debian's Chromium over the seeded demo
diary with an experiment under way (``site_pages``): zero serious or critical axe-core
violations (WCAG 2.2 A/AA rules, the vendored engine in tests/data/axe-core); no "∞" and no
"0.000" anywhere; on a phone nothing wider than the screen and no word split across lines in
a table or heading; every control reachable with the Tab key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_support import (
    CHROMIUM,
    DESKTOP,
    NO_CHROMIUM,
    PHONE,
    SMALLEST_CHART_TEXT,
    SPLIT_WORDS,
    WIDE,
    axe_violations,
    browser_session,
    demo_server,
)
from site_pages import site_pages

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

#: Text no page may show: an unbounded interval or a rounded-away p- or q-value.
NEVER = ("∞", "= 0.000", "p 0.000", "q 0.000", "nan", "None")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_server(tmp_path_factory, "pages")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


@pytest.fixture(scope="module")
def paths(browser: Any, server: str) -> list[str]:
    context = browser.new_context()
    found = site_pages(context, server)
    context.close()
    return found


def _words(text: str) -> set[str]:
    return set(text.replace("(", " ").replace(")", " ").replace(",", " ").split())


@pytest.mark.parametrize("theme", ["normal", "attack"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_is_accessible_and_honest(
    browser: Any, server: str, paths: list[str], size: dict[str, int], theme: str
) -> None:
    context = browser.new_context(viewport=size)
    context.add_cookies([{"name": "gb_theme", "value": theme, "url": server}])
    pg = context.new_page()
    problems: dict[str, list[str]] = {}
    for path in paths:
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        found = axe_violations(pg)
        text = pg.inner_text("body")
        found += [
            f"shows {s!r}" for s in NEVER if (s in _words(text) if s.isalpha() else s in text)
        ]
        if size is PHONE:
            found += pg.evaluate(WIDE)
            found += [f"split word {w!r}" for w in pg.evaluate(SPLIT_WORDS, "th, td, h1, h2, h3")]
        if found:
            problems[path] = found
    context.close()
    assert not problems, f"{theme} theme at {size['width']} px: {problems}"


def test_every_control_is_reachable_with_the_keyboard(
    browser: Any, server: str, paths: list[str]
) -> None:
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    missed: dict[str, list[str]] = {}
    for path in paths:
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        total = pg.evaluate(
            """() => { document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')
                .forEach((e, i) => e.dataset.kb = i); return document.querySelectorAll('[data-kb]').length; }"""
        )
        reached: set[str] = set()
        for _ in range(min(total * 2 + 5, 600)):
            pg.keyboard.press("Tab")
            key = pg.evaluate("document.activeElement && document.activeElement.dataset.kb")
            if key is not None:
                reached.add(key)
        unreached = pg.evaluate(
            """(reached) => [...document.querySelectorAll('[data-kb]')]
                .filter(e => !reached.includes(e.dataset.kb) && e.offsetParent !== null
                        && !e.disabled && !e.closest('details:not([open]) > :not(summary)')
                        && !(e.type === 'radio' && !e.checked))
                .map(e => e.outerHTML.slice(0, 80))""",
            sorted(reached),
        )
        if unreached:
            missed[path] = unreached[:5]
    context.close()
    assert not missed, missed


def test_forest_plot_readable_on_a_phone_and_uncut_on_a_desktop(browser: Any, server: str) -> None:
    """Chart text at least 11 px on a 360 px phone (was 7 px); on a desktop every name and
    value lies inside the plot's viewBox (names were cut at the left edge)."""
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.goto(server + "/triggers")
    smallest = pg.evaluate(SMALLEST_CHART_TEXT, ".show-phone-block")
    context.close()
    assert smallest is not None and smallest >= 11, smallest
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    pg.goto(server + "/triggers")
    cut = pg.evaluate(
        """() => { const svg = document.querySelector('svg.forest'); const vb = svg.viewBox.baseVal;
          return [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();
            return b.x < -0.5 || b.x + b.width > vb.width + 0.5; }).map(t => t.textContent); }"""
    )
    context.close()
    assert cut == []
