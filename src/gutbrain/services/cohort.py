"""Cohort mode use cases: consent, snapshot of consenting diaries, analysis, what one sees.

* Consent is explicit and revocable per diary (``store.consent``); a snapshot reads only
  diaries whose consent stands *when their partition is read*, and a snapshot or analysis
  replaces the previous one whole, so a withdrawn diary leaves at the next run.
* A snapshot reads the store a partition of diaries at a time (``PER_PART`` diaries, in
  parallel on Dask when a client is given), computes each diary's engine inputs with the
  trigger service and keeps only lag ≥ 1 day arrays (``DiaryArrays``) under an opaque id.
* The analysis (``cohort_run``) writes per-person results and an aggregate summary; a person
  reads their own rows with the population prior labelled as such, a clinic reads aggregates.
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gutbrain.domain.errors import GutbrainError
from gutbrain.services import diary as svc
from gutbrain.settings import Settings
from gutbrain.store import open_store
from gutbrain.store.consent import Consent, consenting_diaries, get_consent, set_consent

if TYPE_CHECKING:  # the engine and pyarrow load when a snapshot runs, not with the web app
    from gutbrain.analysis.cohort.tables import DiaryArrays

PER_PART = 500


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def consent_status(ctx: svc.Context) -> Consent:
    return get_consent(ctx.store, ctx.diary_id)


def give_consent(ctx: svc.Context) -> Consent:
    """This diary joins the next cohort snapshot (until consent is withdrawn)."""
    return set_consent(ctx.store, ctx.diary_id, given=True, at=_now())


def withdraw_consent(ctx: svc.Context) -> Consent:
    """This diary leaves every cohort snapshot and analysis from the next run on."""
    return set_consent(ctx.store, ctx.diary_id, given=False, at=_now())


def consent_json(c: Consent) -> dict[str, Any]:
    return {
        "consent": c.active,
        "given_at": None if c.given_at is None else c.given_at.isoformat() + "Z",
        "withdrawn_at": None if c.withdrawn_at is None else c.withdrawn_at.isoformat() + "Z",
    }


def diary_arrays(ctx: svc.Context) -> DiaryArrays | None:
    """One diary's snapshot arrays (None: empty diary) — via the trigger service, so a
    person's cohort tables count exactly the days their own report counts."""
    from gutbrain.analysis.cohort.tables import DiaryArrays
    from gutbrain.services.triggers import trigger_report

    try:
        report = trigger_report(ctx)
    except GutbrainError:
        return None
    return DiaryArrays.from_engine(str(ctx.diary_id), report.series, report.matrix)


def snapshot_partition(db_url: str, ids: list[str], out: str, index: int) -> int:
    """Read one partition of diaries from the store and write it; returns diaries written."""
    from gutbrain.services.cohort_parquet import write_partition  # pyarrow on use

    settings = Settings(db_url=db_url, timezone="UTC")
    store = open_store(db_url)
    try:
        arrays = []
        for text in ids:
            diary_id = uuid.UUID(text)
            if not get_consent(store, diary_id).active:  # withdrawn since the listing
                continue
            ctx = svc.Context(settings=settings, store=store, diary=store.get_diary(diary_id))
            a = diary_arrays(ctx)
            if a is not None:
                arrays.append(a)
        return write_partition(Path(out), index, arrays)
    finally:
        store.close()


def _fresh_folder(folder: Path, marker: str) -> None:
    """Empty ``folder`` for a new run, refusing to touch a folder that is not ours."""
    if folder.exists() and any(folder.iterdir()) and not (folder / marker).exists():
        raise GutbrainError(f"{folder} is not empty and holds no {marker}: choose another folder")
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def snapshot(
    db_url: str, out: Path, *, client: Any = None, per_part: int = PER_PART
) -> dict[str, Any]:
    """Write every consenting diary to ``out`` (replacing any previous snapshot there)."""
    from gutbrain.services.cohort_parquet import read_manifest, write_manifest  # pyarrow on use

    store = open_store(db_url)
    try:
        ids = [str(i) for i in consenting_diaries(store)]
    finally:
        store.close()
    _fresh_folder(out, "manifest.json")
    chunks = [ids[i : i + per_part] for i in range(0, len(ids), per_part)]
    args = ([db_url] * len(chunks), chunks, [str(out)] * len(chunks), range(len(chunks)))
    if client is None:
        written = [snapshot_partition(*a) for a in zip(*args, strict=True)]
    else:
        written = client.gather(client.map(snapshot_partition, *args, pure=False))
    source = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    write_manifest(out, len(chunks), sum(written), source)
    return read_manifest(out)


def analyse(
    snapshot_dir: Path, out: Path, *, scheduler: str | None = None, fdr: float = 0.10,
    workers: int = 2, processes: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """Run the cohort analysis on a LocalCluster (or ``scheduler``); returns the summary."""
    from gutbrain.services.cohort_parquet import read_manifest  # pyarrow on use
    from gutbrain.services.cohort_run import analyse_snapshot, dask_client

    if not 0 < fdr < 1:
        raise GutbrainError(f"the false discovery rate must be between 0 and 1, not {fdr}")
    read_manifest(snapshot_dir)  # a clear error before a cluster starts
    if out.exists() and any(out.iterdir()) and not (out / "summary.json").exists():
        raise GutbrainError(f"{out} is not empty and holds no summary.json: choose another folder")
    with dask_client(scheduler, workers=workers, processes=processes) as client:
        return analyse_snapshot(snapshot_dir, out, client=client, fdr=fdr)


def read_summary(results: Path) -> dict[str, Any]:
    """The aggregate summary (the clinic's cohort page)."""
    path = results / "summary.json"
    if not path.is_file():
        raise GutbrainError(f"no cohort analysis in {results}: run `gutbrain cohort analyse`")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def person_view(results: Path, diary_id: uuid.UUID) -> dict[str, Any]:
    """One person's own cohort rows and, for each, the population prior ("people like you")."""
    summary = read_summary(results)
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(results / "results", filters=[("diary", "=", str(diary_id))])
    table = table.filter(pc.equal(table["diary"], str(diary_id)))
    population = {(f["factor"], f["lag_days"]): f.get("population") for f in summary["factors"]}
    rows = []
    for r in table.drop(["diary"]).to_pylist():
        r["people_like_you"] = population.get((r["factor"], r["lag_days"]))
        rows.append(r)
    rows.sort(key=lambda r: (r["verdict"] == "not_enough_data", r["error"]))
    return {"cohort": summary["cohort"], "method": summary["method"], "rows": rows}
