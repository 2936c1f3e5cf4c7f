"""Cohort mode end to end on real SQLite diaries: consent, snapshot, Dask analysis, views."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from gutbrain.analysis.cohort.tables import DiaryArrays, person_tables
from gutbrain.analysis.exposures import Factor
from gutbrain.cli import main
from gutbrain.demo import generate_diary
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import cohort
from gutbrain.services import diary as svc
from gutbrain.services.cohort_parquet import read_partition, write_partition
from gutbrain.services.demo import load_demo
from gutbrain.settings import Settings


def test_partition_files_round_trip_the_day_arrays(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    diaries = []
    for i, n in enumerate((30, 95, 1)):
        factors = tuple(Factor(f"food {j}", "food") for j in range(i + 1))
        day = [rng.random(n) < 0.5 for _ in range(4)]
        diaries.append(
            DiaryArrays(f"d{i}", date(2025, 1, 1 + i), *day, factors, rng.random((i + 1, n)) < 0.3)
        )
    write_partition(tmp_path, 3, diaries)
    back = read_partition(tmp_path, 3)
    assert [d.diary for d in back] == ["d0", "d1", "d2"]
    for a, b in zip(diaries, back, strict=True):
        assert a.first_day == b.first_day and a.factors == b.factors
        for f in ("covered", "event_day", "onset", "at_risk", "present"):
            assert np.array_equal(getattr(a, f), getattr(b, f))


def test_person_tables_are_the_engines_own_tables(demo_ctx: svc.Context) -> None:
    from gutbrain.services.triggers import trigger_report

    report = trigger_report(demo_ctx)
    arrays = cohort.diary_arrays(demo_ctx)
    assert arrays is not None
    t = person_tables(arrays)
    names = [f.name for f in t.factors]
    rows = {(r.factor, r.lag_days): r for r in report.rows if r.lag_days in (1, 2)}
    assert len(rows) == t.lag.size
    for i in range(t.lag.size):
        r = rows[(names[t.factor_index[i]], int(t.lag[i]))]
        assert (r.exposed_days, r.exposed_onsets) == (t.n1[i], t.a[i])
        assert (r.unexposed_days, r.unexposed_onsets) == (t.n0[i], t.c[i])


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[svc.Context]]:
    """One SQLite database holding three 100-day demo diaries (people a, b, c)."""
    path = tmp_path_factory.mktemp("clinic") / "clinic.sqlite"
    contexts = []
    for seed, name in ((1, "a"), (2, "b"), (3, "c")):
        ctx = svc.open_context(
            Settings.from_env(db=path, timezone="Europe/Berlin"), diary_name=name
        )
        demo = generate_diary(seed=seed, days=100, diary_id=ctx.diary_id)
        contexts.append(load_demo(ctx, demo))
    return contexts[0].settings.db_url, contexts


def _results_diaries(out: Path) -> set[str]:
    return set(pq.read_table(out / "results", columns=["diary"])["diary"].to_pylist())


@pytest.mark.slow
def test_a_withdrawn_diary_leaves_the_next_snapshot_and_analysis(
    clinic: tuple[str, list[svc.Context]], tmp_path: Path
) -> None:
    url, (a, b, c) = clinic
    for ctx in (a, b):
        assert cohort.give_consent(ctx).active
    assert not cohort.consent_status(c).active  # never asked: never included
    snap, out = tmp_path / "snap", tmp_path / "out"
    manifest = cohort.snapshot(url, snap, per_part=1)
    assert (manifest["diaries"], manifest["partitions"]) == (2, 2)
    summary = cohort.analyse(snap, out, workers=1, processes=False)
    assert summary["cohort"]["diaries"] == 2
    assert _results_diaries(out) == {str(a.diary_id), str(b.diary_id)}
    assert cohort.person_view(out, a.diary_id)["rows"]
    # nothing individual in the summary: no diary ids, and only aggregates over ≥ MIN_CELL people
    text = json.dumps(summary)
    assert str(a.diary_id) not in text and str(b.diary_id) not in text
    assert summary["factors"] == []  # two people are too few for any aggregate
    db = url.removeprefix("sqlite:///")
    shown = CliRunner().invoke(main, ["--db", db, "cohort", "summary", str(out)])
    assert shown.exit_code == 0 and "Cohort of 2 diaries" in shown.output
    mine = CliRunner().invoke(main, ["--db", db, "cohort", "mine", str(out)])  # diary "me"
    assert mine.exit_code == 0 and "not in that cohort analysis" in mine.output

    withdrawn = cohort.withdraw_consent(b)
    assert not withdrawn.active and withdrawn.withdrawn_at is not None
    manifest = cohort.snapshot(url, snap, per_part=1)
    assert (manifest["diaries"], manifest["partitions"]) == (1, 1)
    all_snapshot_ids = {
        d.diary
        for part in sorted((snap / "days").iterdir())
        for d in read_partition(snap, int(part.stem[5:]))
    }
    assert all_snapshot_ids == {str(a.diary_id)}
    cohort.analyse(snap, out, workers=1, processes=False)
    assert _results_diaries(out) == {str(a.diary_id)}
    assert cohort.person_view(out, b.diary_id)["rows"] == []

    again = cohort.give_consent(b)  # consent can be given again: a new consent
    assert again.active and again.withdrawn_at is None
    cohort.withdraw_consent(a)
    cohort.withdraw_consent(b)


def test_snapshot_refuses_a_folder_that_is_not_a_snapshot(
    clinic: tuple[str, list[svc.Context]], tmp_path: Path
) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(GutbrainError, match="not empty"):
        cohort.snapshot(clinic[0], tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_cli_consent_round_trip(tmp_path: Path) -> None:
    db = str(tmp_path / "d.sqlite")
    runner = CliRunner()
    first = runner.invoke(main, ["--db", db, "--json", "cohort", "consent"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["consent"] is False
    given = runner.invoke(main, ["--db", db, "--json", "cohort", "consent", "--give"])
    assert json.loads(given.output)["consent"] is True
    gone = runner.invoke(main, ["--db", db, "cohort", "consent", "--withdraw"])
    assert gone.exit_code == 0 and "withdrawn" in gone.output
    missing = runner.invoke(
        main, ["--db", db, "cohort", "analyse", str(tmp_path / "x"), str(tmp_path / "y")]
    )
    assert missing.exit_code == 1 and "not a cohort snapshot" in missing.output


def _published_cells(summary: dict[str, object]) -> list[tuple[str, float, int]]:
    """(name, share, denominator) of every share the summary publishes."""
    cells = []
    for f in summary["factors"]:  # type: ignore[attr-defined]
        n = f["people_enough_data"]
        for key in ("called_trigger", "called_protector"):
            if f.get(key) is not None:
                cells.append((key, f[key], n))
        for key in ("share_rr_at_least_1_5", "share_rr_at_most_0_67"):
            if (f.get("population") or {}).get(key) is not None:
                cells.append((key, f["population"][key], f["people_with_data"]))
    return cells


def test_a_13_diary_cohort_publishes_no_cell_under_10_people() -> None:
    """13 people with data, one called a trigger: '1 of 13' (8 %) would name that person."""
    from gutbrain.analysis.cohort.model import GRID, PopulationPrior
    from gutbrain.services.cohort_run import MIN_CELL, Counts, summarise

    flat = np.full(GRID.size, 1 / GRID.size)
    priors = {("red wine", 1): PopulationPrior("red wine", "food", 1, flat, 13, False),
              ("cheese", 1): PopulationPrior("cheese", "food", 1, flat, 9, False)}  # fmt: skip
    counts = [Counts({("red wine", 1): (13, 1, 0), ("cheese", 1): (9, 2, 0)}, 13)]
    summary = summarise(priors, counts, fdr=0.1, manifest={})
    (row,) = summary["factors"]  # cheese: 9 people, not shown at all
    assert row["factor"] == "red wine" and row["people_enough_data"] == 13
    assert row["called_trigger"] is None and row["called_protector"] is None
    for _, share, n in _published_cells(summary):
        assert n >= MIN_CELL and round(share * n) >= MIN_CELL
    # 1000 people with a pooled prior: shares under 10 people's worth are suppressed too
    skewed = np.zeros(GRID.size)
    skewed[GRID.size // 2] = 0.995  # no effect for almost everyone
    skewed[-1] = 0.005  # 5 people's worth at RR 8
    big = {("red wine", 1): PopulationPrior("red wine", "food", 1, skewed, 1000, True)}
    summary = summarise(big, [Counts({("red wine", 1): (800, 40, 3)}, 1000)], fdr=0.1,
                        manifest={})  # fmt: skip
    (row,) = summary["factors"]
    assert row["called_trigger"] == 0.05 and row["called_protector"] is None
    assert row["population"]["share_rr_at_least_1_5"] is None
    assert row["population"]["share_rr_at_most_0_67"] is None
    assert sum(row["population"]["weights"][-5:]) == 0  # a bin of 5 people is not drawn
    for _, share, n in _published_cells(summary):
        assert n >= MIN_CELL and round(share * n) >= MIN_CELL


def test_cli_gives_consent_for_a_diary_by_its_id(
    clinic: tuple[str, list[svc.Context]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url, (a, _b, c) = clinic
    db = url.removeprefix("sqlite:///")
    runner = CliRunner()
    out = runner.invoke(main, ["--db", db, "--json", "cohort", "consent", "--give",
                               "--diary-id", str(c.diary_id)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["consent"] is True and cohort.consent_status(c).active
    assert not cohort.consent_status(a).active  # only that diary
    unknown = runner.invoke(main, ["--db", db, "cohort", "consent", "--give", "--diary-id",
                                   "00000000-0000-0000-0000-000000000000"])  # fmt: skip
    assert unknown.exit_code == 1 and "no diary with id" in unknown.output
    # relative folders: the snapshot and the analysis get absolute paths (workers run elsewhere)
    monkeypatch.chdir(tmp_path)
    assert cohort.absolute_url("sqlite:///rel.sqlite") == f"sqlite:///{tmp_path / 'rel.sqlite'}"
    manifest = cohort.snapshot(url, Path("snap"))
    assert manifest["diaries"] == 1
    monkeypatch.chdir(tmp_path.parent)
    summary = cohort.analyse(tmp_path / "snap", Path(tmp_path.name) / "out", workers=1,
                             processes=False)  # fmt: skip
    assert summary["cohort"]["diaries"] == 1 and (tmp_path / "out" / "summary.json").is_file()
    runner.invoke(main, ["--db", db, "cohort", "consent", "--withdraw", "--diary-id",
                         str(c.diary_id)])  # fmt: skip
    assert not cohort.consent_status(c).active


def test_a_snapshot_recomputes_only_the_diaries_that_changed(
    clinic: tuple[str, list[svc.Context]], tmp_path: Path
) -> None:
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from gutbrain.services.cohort_parquet import arrays_from_json, arrays_to_json

    url, (a, b, _c) = clinic
    for ctx in (a, b):
        cohort.give_consent(ctx)
    first = cohort.snapshot(url, tmp_path / "s1", per_part=1)
    again = cohort.snapshot(url, tmp_path / "s2", per_part=1)
    assert first["diaries"] == again["diaries"] == 2 and again["recomputed"] == 0
    day = datetime.combine(date(2026, 1, 1), time(12), ZoneInfo("Europe/Berlin"))
    svc.add_entry(a, svc.new_entry(a, kind="food", name="aged cheese", start=day))
    third = cohort.snapshot(url, tmp_path / "s3", per_part=1)
    assert third["recomputed"] == 1  # only a changed
    # the stored arrays are exactly what a fresh computation gives
    stored = {d.diary: d for i in range(2) for d in read_partition(tmp_path / "s3", i)}
    from gutbrain.services.triggers import trigger_report

    report = trigger_report(a)
    fresh = DiaryArrays.from_engine(str(a.diary_id), report.series, report.matrix)
    written = stored[str(a.diary_id)]
    for field in ("covered", "event_day", "onset", "at_risk", "present"):
        assert np.array_equal(getattr(fresh, field), getattr(written, field))
    assert fresh.factors == written.factors and fresh.first_day == written.first_day
    back = arrays_from_json(fresh.diary, arrays_to_json(fresh))
    assert back is not None and np.array_equal(back.present, fresh.present)
    assert arrays_from_json("x", arrays_to_json(None)) is None
    for ctx in (a, b):
        cohort.withdraw_consent(ctx)
