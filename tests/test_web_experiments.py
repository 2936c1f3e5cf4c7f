"""Experiment pages and API in the app (TestClient over a real SQLite diary): plan from a link,
the Today panel with its one-tap check, controls, result, CENT report (HTML, PDF), doctor report."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient

from gutbrain.services import diary as svc
from gutbrain.services import experiments as ex
from gutbrain.services.report import report_data, report_html
from gutbrain.settings import Settings
from gutbrain.web.app import create_app

TZ = "Europe/Berlin"


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.from_env(db=db_path, timezone=TZ))) as c:
        yield c


def _ctx(client: TestClient) -> svc.Context:
    return client.app.state.holder.get()  # type: ignore[attr-defined, no-any-return]


def _attacks(ctx: svc.Context, days: int, every: int = 5) -> None:
    today = ctx.now().date()
    for i in range(days, 0, -every):
        day = today - timedelta(days=i)
        start = datetime.combine(day, time(10), ZoneInfo(TZ))
        svc.add_entry(ctx, svc.new_entry(ctx, kind="attack", name="migraine", start=start,
                                         end=start + timedelta(hours=8), intensity=7))  # fmt: skip


def test_plan_from_a_link_and_follow_on_today(client: TestClient, clock: Any) -> None:
    ctx = _ctx(client)
    _attacks(ctx, 120)
    form = client.get("/experiments/new?factor=red+wine&reason=possible+prodrome")
    assert form.status_code == 200
    assert 'value="red wine"' in form.text and "possible prodrome" in form.text
    assert "Chance to find it" in form.text
    preview = client.post("/experiments/preview", data={"period": "2w", "blocks": "6"})
    assert preview.status_code == 200 and "attacks" in preview.text
    bad = client.post("/experiments/preview", data={"period": "soon"})
    assert "7d or 2w" in bad.text
    today, clock.day = clock.day, clock.day - timedelta(days=16)
    planned = client.post("/experiments", data={"factor": "red wine", "start": clock.day.isoformat(),
                          "dose": "one glass on three evenings"}, follow_redirects=False)  # fmt: skip
    clock.day = today
    assert planned.status_code == 303
    page = client.get(planned.headers["location"])
    assert page.status_code == 200 and "Schedule" in page.text
    panel = client.get("/experiments/today")
    assert "one glass on three evenings" in panel.text or "no red wine" in panel.text
    assert "Did you follow today" in panel.text
    # Today loads the panel
    assert 'hx-get="/experiments/today"' in client.get("/").text
    # one tap, saved at once (htmx swap)
    tap = client.post("/experiments/check", data={"followed": "no", "note": "wedding"},
                      headers={"HX-Request": "true"})  # fmt: skip
    assert tap.status_code == 200 and "deviation" in tap.text
    st = ex.status(ctx)
    assert st.checks[ctx.now().date()] == (False, "wedding")
    api = client.post("/api/v1/experiments/check", json={"followed": True})
    assert api.status_code == 200 and api.json()["checks"]["followed"] == 1
    result = client.get(f"/experiments/{st.experiment.id}/result")
    assert result.status_code == 200 and "Attacks per arm" in result.text
    twin = client.get(f"/api/v1/experiments/{st.experiment.id}/result").json()
    assert twin["factor"] == "red wine" and twin["intention_to_treat"]["p"] is not None
    # controls
    exp_id = st.experiment.id
    assert client.post(f"/experiments/{exp_id}/pause", data={"note": "flu"}).status_code == 200
    assert ex.status(ctx).state == "paused"
    client.post(f"/experiments/{exp_id}/resume")
    client.post(f"/experiments/{exp_id}/extend", data={"blocks": "1"})
    assert ex.status(ctx).design.blocks == 5
    assert client.post(f"/experiments/{exp_id}/dance").status_code in (404, 422)
    # the CENT report, and its section in the doctor report
    report = client.get(f"/experiments/{exp_id}/report")
    assert report.status_code == 200
    for item in (
        "[CENT 3a]",
        "[8a, 8b, 9, 10]",
        "Interim looks [7b]",
        "[17a, 17b]",
        "Harms [19]",
        "Limitations [20, 21]",
    ):
        assert item in report.text
    client.post(f"/experiments/{exp_id}/stop", data={"note": "enough"})
    ended = client.get("/experiments/today").text
    assert 'data-testid="experiment-ended"' in ended and f"/experiments/{exp_id}/result" in ended
    assert "stopped" in client.get("/experiments").text
    doctor = report_html(report_data(ctx))
    assert "Randomised N-of-1 experiments" in doctor and "red wine" in doctor


def test_api_plan_rejects_bad_input(client: TestClient) -> None:
    r = client.post("/api/v1/experiments", json={"factor": "cheese", "period": "x"})
    assert r.status_code == 422 and "7d or 2w" in r.json()["detail"]
    r = client.post("/api/v1/experiments", json={"factor": "cheese", "start": "1900-01-01"})
    assert r.status_code == 422
    r = client.post("/api/v1/experiments", json={"factor": "cheese", "blocks": 99})
    assert r.status_code == 422
    r = client.post("/api/v1/experiments/check", json={"followed": True})
    assert r.status_code == 404
    r = client.post("/api/v1/experiments", json={"factor": "cheese"})
    assert r.status_code == 201 and r.json()["state"] == "planned"
    assert client.get("/api/v1/experiments").json()[0]["factor"] == "cheese"


def test_cent_report_pdf_renders(client: TestClient, tmp_path: Path, clock: Any) -> None:
    ctx = _ctx(client)
    _attacks(ctx, 60)
    today, clock.day = clock.day, clock.day - timedelta(days=20)
    ex.plan(ctx, "aged cheese", start=clock.day)
    clock.day = today
    pdf = client.get(f"/experiments/{ex.status(ctx).experiment.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    assert "N-of-1 experiment report: aged cheese" in text and "Harms [19]" in text


def test_before_during_result_page_says_it_is_weaker(client: TestClient, clock: Any) -> None:
    ctx = _ctx(client)
    _attacks(ctx, 150, every=4)
    today, clock.day = clock.day, clock.day - timedelta(days=40)
    start = clock.day.isoformat()
    r = client.post("/api/v1/experiments", json={"factor": "probiotic", "design": "before-during",
                                                 "period": "6w", "washout": "7d", "start": start})  # fmt: skip
    assert r.status_code == 201, r.text
    clock.day = today
    exp_id = r.json()["id"]
    page = client.get(f"/experiments/{exp_id}/result")
    assert page.status_code == 200 and 'data-testid="weaker-design"' in page.text
    assert "Adjusted for a steady time trend" in page.text
    data = client.get(f"/api/v1/experiments/{exp_id}/result").json()
    assert data["unadjusted"]["avoidance_onsets"] > 0 and "trend_adjusted" in data
    assert "take probiotic every day" in client.get("/experiments/today").text


def test_pages_say_what_a_plan_can_do_and_conceal_what_comes_next(client: TestClient) -> None:
    """Issue 22: a plan with little power is not offered as "Randomise and start" and keeps
    its warning once started; a planned experiment does not reveal its first period; the plan
    is dated the day it was made; no raw design code or seed on the page; an experiment
    without attacks shows no "50 %"; a confirmed trigger or short sleep comes with a caution."""
    ctx = _ctx(client)
    _attacks(ctx, 120, every=40)  # rare attacks: the default plan has little power
    form = client.get("/experiments/new?factor=red+wine")
    assert "Randomise and start" not in form.text
    assert 'data-testid="plan-weak"' in form.text and 'name="accept_weak"' in form.text
    assert 'data-testid="plan-warning"' in form.text
    planned = client.post("/experiments", data={"factor": "red wine", "accept_weak": "yes",
                          "dose": "a glass", "avoid": "none"}, follow_redirects=False)  # fmt: skip
    page = client.get(planned.headers["location"]).text
    assert 'data-testid="plan-warning"' in page  # the warning stays with the plan
    today = ctx.now().date()
    assert f"{today.day} {today:%b %Y}: planned" in page  # not the start day (tomorrow)
    assert "seed" not in page and "random-blocks" not in client.get("/experiments").text
    panel = client.get("/experiments/today").text
    assert "a glass" not in panel and "shown here when it" in panel  # first period concealed
    exp_id = planned.headers["location"].rsplit("/", 1)[1]
    result = client.get(f"/experiments/{exp_id}/result").text
    assert "50 %" not in result and "∞" not in result
    caution = client.get("/experiments/new?factor=short+sleep").text
    assert 'data-testid="provoke-caution"' in caution and "sleeping short on purpose" in caution
    confirmed = client.get("/experiments/new?factor=aged+cheddar&confirmed=yes").text
    assert "already shows aged cheddar as a trigger" in confirmed
