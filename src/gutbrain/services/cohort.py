"""Cohort mode use cases: consent, snapshot of consenting diaries, analysis, what one sees.

* Consent is explicit and revocable per diary (``store.consent``); a snapshot reads only
  diaries whose consent stands *when their partition is read*, and a snapshot or analysis
  replaces the previous one whole, so a withdrawn diary leaves at the next run.
* A snapshot reads the store a partition of diaries at a time (``PER_PART`` diaries, in
  parallel on Dask when a client is given), computes each diary's engine inputs with the
  trigger service and keeps only lag ≥ 1 day arrays (``DiaryArrays``) under an opaque id.
  The arrays are stored with the diary's state stamp (``store.results``), so the next
  snapshot recomputes only the diaries that changed.
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
from gutbrain.store.results import diary_fingerprint, get_result, put_result

if TYPE_CHECKING:  # the engine and pyarrow load when a snapshot runs, not with the web app
    from gutbrain.analysis.cohort.tables import DiaryArrays

PER_PART = 500


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _diary(ctx: svc.Context, diary_id: uuid.UUID | None) -> uuid.UUID:
    """This diary, or another diary of the same store by its id (an operator recording the
    consent a person gave, e.g. a clinic's server); an unknown id is an error."""
    if diary_id is None:
        return ctx.diary_id
    return ctx.store.get_diary(diary_id).id


def consent_status(ctx: svc.Context, diary_id: uuid.UUID | None = None) -> Consent:
    return get_consent(ctx.store, _diary(ctx, diary_id))


def give_consent(ctx: svc.Context, diary_id: uuid.UUID | None = None) -> Consent:
    """The diary joins the next cohort snapshot (until consent is withdrawn)."""
    return set_consent(ctx.store, _diary(ctx, diary_id), given=True, at=_now())


def withdraw_consent(ctx: svc.Context, diary_id: uuid.UUID | None = None) -> Consent:
    """The diary leaves every cohort snapshot and analysis from the next run on."""
    return set_consent(ctx.store, _diary(ctx, diary_id), given=False, at=_now())


def consent_json(c: Consent) -> dict[str, Any]:
    return {
        "consent": c.active,
        "given_at": None if c.given_at is None else c.given_at.isoformat() + "Z",
        "withdrawn_at": None if c.withdrawn_at is None else c.withdrawn_at.isoformat() + "Z",
    }


#: Where a diary's snapshot arrays are kept between snapshots (``store.results``).
ARRAYS_KEY = "cohort:arrays"


def _stamp(ctx: svc.Context) -> str:
    """The diary state the arrays were computed for, as the trigger cache stamps it: the
    diary fingerprint, the engine and package versions and the food knowledge's version."""
    from gutbrain import __version__
    from gutbrain.analysis.triggers.verdicts import ENGINE_VERSION
    from gutbrain.foods.tables import data_version

    fingerprint = diary_fingerprint(ctx.store, ctx.diary_id)
    return f"{fingerprint}:{ENGINE_VERSION}:{__version__}:{data_version()}"


def diary_arrays(ctx: svc.Context, stats: dict[str, int] | None = None) -> DiaryArrays | None:
    """One diary's snapshot arrays (None: empty diary) — via the trigger service, so a
    person's cohort tables count exactly the days their own report counts.  Kept in the
    diary's result cache under its state stamp: an unchanged diary is not recomputed
    (``stats`` counts "reused" and "computed")."""
    from gutbrain.services.cohort_parquet import arrays_from_json, arrays_to_json

    stamp = _stamp(ctx)
    hit = get_result(ctx.store, ctx.diary_id, ARRAYS_KEY, stamp)
    if stats is not None:
        stats["reused" if hit is not None else "computed"] += 1
    if hit is not None:
        return arrays_from_json(str(ctx.diary_id), hit)
    from gutbrain.analysis.cohort.tables import DiaryArrays
    from gutbrain.services.triggers import trigger_report

    try:
        report = trigger_report(ctx)
        arrays: DiaryArrays | None = DiaryArrays.from_engine(
            str(ctx.diary_id), report.series, report.matrix
        )
    except GutbrainError:
        arrays = None
    put_result(ctx.store, ctx.diary_id, ARRAYS_KEY, stamp, arrays_to_json(arrays))
    return arrays


def snapshot_partition(db_url: str, ids: list[str], out: str, index: int) -> tuple[int, int]:
    """Read one partition of diaries from the store and write it; returns (diaries written,
    diaries recomputed — the rest reused their stored arrays)."""
    from gutbrain.services.cohort_parquet import write_partition  # pyarrow on use

    settings = Settings(db_url=db_url, timezone="UTC")
    store = open_store(db_url)
    stats = {"reused": 0, "computed": 0}
    try:
        arrays = []
        for text in ids:
            diary_id = uuid.UUID(text)
            if not get_consent(store, diary_id).active:  # withdrawn since the listing
                continue
            ctx = svc.Context(settings=settings, store=store, diary=store.get_diary(diary_id))
            a = diary_arrays(ctx, stats)
            if a is not None:
                arrays.append(a)
        return write_partition(Path(out), index, arrays), stats["computed"]
    finally:
        store.close()


def absolute_url(db_url: str) -> str:
    """A SQLite URL with an absolute path: Dask workers do not share this process's folder."""
    prefix = "sqlite:///"
    if db_url.startswith(prefix) and not Path(db_url.removeprefix(prefix)).is_absolute():
        return prefix + str(Path(db_url.removeprefix(prefix)).resolve())
    return db_url


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

    out, db_url = out.resolve(), absolute_url(db_url)  # workers run in other folders

    store = open_store(db_url)
    try:
        ids = [str(i) for i in consenting_diaries(store)]
    finally:
        store.close()
    _fresh_folder(out, "manifest.json")
    chunks = [ids[i : i + per_part] for i in range(0, len(ids), per_part)]
    args = ([db_url] * len(chunks), chunks, [str(out)] * len(chunks), range(len(chunks)))
    if client is None:
        done = [snapshot_partition(*a) for a in zip(*args, strict=True)]
    else:
        done = client.gather(client.map(snapshot_partition, *args, pure=False))
    source = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    write_manifest(out, len(chunks), sum(w for w, _ in done), source)
    # how many diaries had changed since their arrays were stored (the rest were reused)
    return {**read_manifest(out), "recomputed": sum(c for _, c in done)}


def analyse(
    snapshot_dir: Path, out: Path, *, scheduler: str | None = None, fdr: float = 0.10,
    workers: int = 2, processes: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """Run the cohort analysis on a LocalCluster (or ``scheduler``); returns the summary."""
    from gutbrain.services.cohort_parquet import read_manifest  # pyarrow on use
    from gutbrain.services.cohort_run import analyse_snapshot, dask_client

    if not 0 < fdr < 1:
        raise GutbrainError(f"the false discovery rate must be between 0 and 1, not {fdr}")
    snapshot_dir, out = snapshot_dir.resolve(), out.resolve()  # workers run elsewhere
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
