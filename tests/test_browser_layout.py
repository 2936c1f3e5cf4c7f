"""Every page fits a 360 px phone and a desktop: nothing scrolls sideways, and every mark of
every chart (risk-ratio points and intervals, gut bars, report charts) is inside the viewport,
not hidden off to the right of a scroll box. Real Chromium over the seeded demo diary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_support import CHROMIUM, DESKTOP, NO_CHROMIUM, PHONE, browser_session, demo_server

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)

#: Pages beyond the main navigation (which is read from the page itself, so new pages are
#: checked as soon as they are linked).
EXTRA_PAGES = ("/triggers/days?factor=red+wine&kind=drink&lag=1", "/gut?weeks=26")

#: Chart marks: anything drawn for a data point. Axis text may be clipped by the SVG's own
#: viewBox, but a mark is data and must be visible.
MARKS = "svg circle, svg rect, svg line, svg path, svg polygon, svg polyline, img"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_server(tmp_path_factory, "layout")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


def _pages(browser: Any, server: str) -> list[str]:
    context = browser.new_context(viewport=DESKTOP)
    pg = context.new_page()
    pg.goto(server + "/")
    nav = pg.eval_on_selector_all("nav.main a", "links => links.map(a => a.getAttribute('href'))")
    pg.goto(server + "/calendar")
    day = pg.locator("a[data-day]").last.get_attribute("href")
    pg.goto(server + "/diary")
    entry = pg.locator("a[href^='/entries/']").first.get_attribute("href")
    context.close()
    return [*nav, *EXTRA_PAGES, day, entry]


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > width + 1)
    out.push(`page is ${document.documentElement.scrollWidth}px wide`);
  for (const el of document.querySelectorAll(arguments_marks)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.closest('details:not([open])')) continue;
    if (r.right > width + 1 || r.left < -1) {
      const cls = el.getAttribute('class') || el.tagName;
      out.push(`${cls} at ${Math.round(r.left)}–${Math.round(r.right)}px`);
    }
  }
  return out.slice(0, 8);
}"""


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways_and_every_chart_mark_is_visible(
    browser: Any, server: str, size: dict[str, int]
) -> None:
    context = browser.new_context(viewport=size)
    pg = context.new_page()
    problems = {}
    for path in _pages(browser, server):
        pg.goto(server + path)
        pg.wait_for_load_state("networkidle")
        found = pg.evaluate(OVERFLOW.replace("arguments_marks", repr(MARKS)))
        if found:
            problems[path] = found
    context.close()
    assert not problems, f"at {size['width']} px: {problems}"
