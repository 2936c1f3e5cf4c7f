"""The Report page, its downloads and the /api/v1/report JSON twin."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary as svc
from gutbrain.settings import Settings
from gutbrain.web.app import create_app
from report_samples import sample_entries


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))) as c:
        ctx: svc.Context = c.app.state.holder.get()  # type: ignore[attr-defined]
        svc.add_entries(ctx, [e.evolve(diary_id=ctx.diary_id) for e in sample_entries()])
        yield c


def test_page_shows_the_report_and_links_its_twin(client: TestClient) -> None:
    response = client.get("/report", params={"from": "2025-01-01", "name": "Alex Example"})
    assert response.status_code == 200
    html = response.text
    assert (
        '<link rel="alternate" type="application/json" href="/api/v1/report?from=2025-01-01">'
        in html
    )
    assert '<article class="gb-report">' in html
    assert "Alex Example" in html
    assert "Medication overuse threshold met: triptans" in html
    # The downloads submit the form, so they carry what is typed now (not a stale link).
    assert 'formaction="/report.pdf"' in html and 'formaction="/report.html"' in html
    assert 'aria-current="page">Report' in html


def test_json_twin_has_the_same_numbers(client: TestClient) -> None:
    data = client.get("/api/v1/report", params={"to": "2025-03-31"}).json()
    assert data["period"] == {"first": "2025-01-01", "last": "2025-03-31"}
    assert data["current"]["migraine_days"] == 30
    assert data["overuse"]["rules"][0]["rule"]["code"] == "8.2.2"


def test_bad_period_is_a_problem_not_a_crash(client: TestClient) -> None:
    api = client.get("/api/v1/report", params={"from": "2025-05-01", "to": "2025-04-01"})
    assert api.status_code == 422
    assert api.json()["detail"] == "--from 2025-05-01 is after --to 2025-04-01"
    page = client.get("/report", params={"from": "2031-01-01"})
    assert page.status_code == 200
    assert "the diary has no days from 2031-01-01" in page.text
    assert client.get("/api/v1/report", params={"from": "yesterday"}).status_code == 422


def test_downloads(client: TestClient) -> None:
    html = client.get("/report.html", params={"paper": "letter"})
    assert html.status_code == 200
    assert html.headers["content-disposition"] == (
        'attachment; filename="gutbrain-report-2025-01-01-2025-06-30.html"'
    )
    assert "size: letter;" in html.text and html.text.startswith("<!doctype html>")
    pdf = client.get("/report.pdf", params={"to": "2025-02-28"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_cached_numbers_follow_new_entries(client: TestClient) -> None:
    params = {"to": "2025-06-30"}
    before = client.get("/api/v1/report", params=params).json()["current"]["migraine_days"]
    ctx: svc.Context = client.app.state.holder.get()  # type: ignore[attr-defined]
    svc.add_entry(ctx, svc.new_entry(ctx, kind="medication", name="rizatriptan",
                                     start=datetime(2025, 6, 25, 9), tags=["acute"]))  # fmt: skip
    after = client.get("/api/v1/report", params=params).json()["current"]["migraine_days"]
    assert after == before + 1
