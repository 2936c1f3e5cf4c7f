"""The doctor report as people use it in Debian's Chromium: dates left empty (the page says
that means the last year), a PDF that carries the name and dates just typed, and a page a
phone can read (no sideways scroll, no word split across lines, chart text large enough)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from browser_support import (
    CHROMIUM,
    DESKTOP,
    NO_CHROMIUM,
    PHONE,
    SPLIT_WORDS,
    WIDE,
    browser_session,
    demo_server,
)

pytestmark = pytest.mark.browser

if CHROMIUM is None:
    pytest.skip(NO_CHROMIUM, allow_module_level=True)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from demo_server(tmp_path_factory, "report")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from browser_session()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    yield context.new_page()
    context.close()


def _today(page: Any) -> date:
    return date.fromisoformat(
        page.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Berlin'})")
    )


def test_empty_dates_show_the_last_year(page: Any, server: str) -> None:
    page.goto(server + "/report")
    page.get_by_label("Name").fill("")
    with page.expect_navigation() as nav:
        page.get_by_role("button", name="Show report").click()
    assert nav.value.status == 200
    period = page.locator(".gb-report header").inner_text()
    assert "Period:" in period and "(365 days)" in period, period


def test_pdf_carries_the_typed_name_and_dates(page: Any, server: str, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    last = _today(page) - timedelta(days=1)
    first = last - timedelta(days=89)
    page.goto(server + "/report")
    page.get_by_label("Name").fill("Ada Example")
    page.get_by_label("From").fill(first.isoformat())
    page.get_by_label("To").fill(last.isoformat())
    with page.expect_download() as download:
        page.get_by_test_id("report-pdf").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "Ada Example" in text
    assert f"{first.day} {first:%b %Y} to {last.day} {last:%b %Y} (90 days)" in text


def test_report_fits_a_phone_with_whole_words(browser: Any, server: str) -> None:
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.goto(server + "/report?from=&to=&name=Ada&patient_id=&birth_date=&paper=a4")
    wide = pg.evaluate(WIDE)
    split = pg.evaluate(SPLIT_WORDS, ".gb-report th, .gb-report td, .gb-report h2, .gb-report li")
    context.close()
    assert wide == [] and split == [], (wide, split)
