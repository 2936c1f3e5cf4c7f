"""The cohort page: server mode only, aggregates without individuals, consent that sticks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from gutbrain.analysis.cohort.model import GRID
from gutbrain.analysis.cohort.tables import DiaryArrays
from gutbrain.analysis.exposures import Factor
from gutbrain.demo import generate_diary
from gutbrain.services import cohort
from gutbrain.services import diary as svc
from gutbrain.services.cohort_parquet import write_manifest, write_partition
from gutbrain.services.demo import load_demo
from gutbrain.settings import Settings
from gutbrain.store.consent import get_consent
from gutbrain.web.app import create_app
from gutbrain.web.pages.cohort import RESULTS_ENV, distribution_svg
from server_fixtures import Server


def _synthetic_snapshot(folder: Path, people: int = 60, days: int = 120) -> None:
    """Random diaries: 3 foods, 'cheese' a trigger (RR 3) for a third of people."""
    rng = np.random.default_rng(5)
    factors = (Factor("cheese", "food"), Factor("rice", "food"), Factor("tea", "drink"))
    diaries = []
    for i in range(people):
        present = rng.random((3, days)) < 0.3
        risk = np.full(days, 0.12)
        if i % 3 == 0:
            risk[1:] *= np.where(present[0, :-1], 3.0, 1.0)
        onset = rng.random(days) < risk
        covered = np.ones(days, dtype=bool)
        diaries.append(
            DiaryArrays(f"synthetic-{i:03d}", date(2025, 1, 1), covered, onset.copy(), onset,
                        covered & ~np.r_[False, onset[:-1]] | onset, factors, present)
        )  # fmt: skip
    write_partition(folder, 0, diaries[:30])
    write_partition(folder, 1, diaries[30:])
    write_manifest(folder, 2, people, "test")


def test_distribution_chart_marks_rr_one_and_titles_each_bar() -> None:
    weights = [0.0] * 85
    weights[42] = 0.7  # RR 1
    weights[64] = 0.3  # RR ≈ 3
    svg = distribution_svg(weights, [float(g) for g in GRID], "spread")
    assert svg.count("<rect") == 17 and 'aria-label="spread"' in svg
    assert "RR ≈ 1: 70%" in svg and "30%" in svg


def test_local_diary_has_no_cohort_page(db_path: Path) -> None:
    app = create_app(Settings.from_env(db=db_path, timezone="Europe/Berlin"))
    with TestClient(app) as client:
        r = client.get("/cohort")
        assert r.status_code == 404
        assert "server" in r.text
        assert client.post("/cohort/consent", data={"action": "give"}).status_code == 404


def test_cohort_page_on_a_multi_user_server(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snap, out = tmp_path / "snap", tmp_path / "out"
    _synthetic_snapshot(snap)
    cohort.analyse(snap, out, workers=1, processes=False)
    monkeypatch.setenv(RESULTS_ENV, str(out))
    assert server.client(None).get("/cohort").status_code in (401, 303)
    ann = server.client("ann")
    page = ann.get("/cohort")
    assert page.status_code == 200
    assert "Let my diary join" in page.text
    assert "cheese" in page.text and "60 consenting diaries" in page.text
    assert "synthetic-" not in page.text  # no individual identifiers on the clinic view
    assert ann.post("/cohort/consent", data={"action": "give"}).status_code == 303
    data = ann.get("/api/v1/cohort").json()
    assert data["consent"]["consent"] is True
    assert data["mine"] == []  # Ann's diary was not in the analysed snapshot
    cheese = next(
        f for f in data["summary"]["factors"] if f["factor"] == "cheese" and f["lag_days"] == 1
    )
    assert cheese["population"]["share_rr_at_least_1_5"] > 0.15
    assert "synthetic-" not in json.dumps(data)
    assert "Withdraw my consent" in ann.get("/cohort").text
    ann.post("/cohort/consent", data={"action": "withdraw"})
    assert ann.get("/api/v1/cohort").json()["consent"]["consent"] is False
    assert ann.post("/cohort/consent", data={"action": "maybe"}).status_code == 422

    # a clinician reading Bob's shared diary sees the aggregates, not Bob's consent or rows,
    # and cannot consent for him; an admin sees the aggregates only
    bob = server.users["bob"].diary_id
    assert bob is not None
    doc = server.client("doc2", viewing=bob)
    seen = doc.get("/api/v1/cohort").json()
    assert seen["consent"] is None and seen["mine"] is None and seen["summary"]
    assert "Let my diary join" not in doc.get("/cohort").text
    refused = doc.post("/cohort/consent", data={"action": "give"})
    assert refused.status_code == 303 and refused.headers["location"] == "/account"  # with why
    assert not get_consent(server.store, bob).active
    root = server.client("root").get("/api/v1/cohort")
    assert root.status_code == 200 and root.json()["consent"] is None


@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_snapshot_reads_only_consenting_diaries(
    pg_schema_url: str, tmp_path: Path
) -> None:
    contexts = []
    for seed, name in ((1, "a"), (2, "b")):
        ctx = svc.open_context(
            Settings(db_url=pg_schema_url, timezone="Europe/Berlin", diary_name=name)
        )
        contexts.append(load_demo(ctx, generate_diary(seed=seed, days=100, diary_id=ctx.diary_id)))
    try:
        for ctx in contexts:
            cohort.give_consent(ctx)
        assert cohort.snapshot(pg_schema_url, tmp_path / "s", per_part=1)["diaries"] == 2
        cohort.withdraw_consent(contexts[1])
        m = cohort.snapshot(pg_schema_url, tmp_path / "s", per_part=1)
        assert (m["diaries"], m["partitions"], m["source"]) == (1, 1, "postgresql")
    finally:
        for ctx in contexts:
            ctx.close()
