"""Cohort analysis on Dask: partitions in, per-person results and population summary out.

Three passes, none of which holds more than one partition of people in one process:

1. map: each partition's snapshot → every person's 2×2 tables (kept on the worker);
2. reduce: a stable sample of informative rows (all of them up to ``sample_people`` people)
   → one population prior per factor × lag, fitted on the client (85 numbers each);
3. map: priors broadcast → each person's shrunken estimates and verdicts, written as
   ``results/part-NNNNN.parquet`` by the worker; only counts per factor come back.

The default is a ``LocalCluster`` (2 single-threaded worker processes, one per core here); pass
a scheduler address to run the same tasks on a multi-machine cluster (every worker must see the
snapshot and output folders, e.g. a shared file system).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from gutbrain.analysis.cohort.model import GRID, NEGLIGIBLE_RR, TRIGGER, PopulationPrior
from gutbrain.analysis.cohort.pool import (
    OWN_ALPHA,
    FitRows,
    Priors,
    Stacked,
    apply_priors,
    fit_priors,
    fit_rows,
    stack,
)
from gutbrain.analysis.cohort.tables import COHORT_LAGS, person_tables
from gutbrain.services.cohort_parquet import part_name, read_manifest, read_partition

#: Diaries whose rows fit the priors: all of them up to this many, else a uniform, stable
#: sample of this size (the prior is 85 numbers; 5,000 people estimate a 15 % share to ±1 %,
#: and fitting costs the same for 10⁴ or 10⁶ diaries).
SAMPLE_PEOPLE = 5_000
#: Aggregates over fewer people than this are not shown (small-cell suppression, ours).
MIN_CELL = 10


@dataclass(frozen=True, slots=True)
class Counts:
    """Per factor × lag counts of one partition (no individual data)."""

    rows: dict[tuple[str, int], tuple[int, int, int]]  # eligible, triggers, protectors
    people: int


def partition_tables(snapshot: str, index: int) -> Stacked:
    """Pass 1: read one partition and build every person's tables."""
    return stack([person_tables(d) for d in read_partition(Path(snapshot), index)])


def partition_results(s: Stacked, priors: Priors, fdr: float, out: str, index: int) -> Counts:
    """Pass 3: shrink, judge, write this partition's results; return only counts."""
    shrunk, verdicts = apply_priors(s, priors, fdr)
    names = np.asarray(s.names, dtype=object)
    diaries = np.asarray(s.diaries, dtype=object)
    with np.errstate(divide="ignore", invalid="ignore"):
        own_rr = (s.a / s.n1) / (s.c / s.n0)
    own_rr = np.where(np.isfinite(own_rr), own_rr, np.nan)
    table = pa.table(
        {
            "diary": pa.array(diaries[s.person].tolist(), pa.string()),
            "factor": pa.array(names[s.factor].tolist(), pa.string()),
            "kind": pa.array([s.kinds[f] for f in s.factor.tolist()], pa.string()),
            "lag_days": pa.array(s.lag, pa.int8()),
            "exposed_days": s.n1, "exposed_onsets": s.a,
            "unexposed_days": s.n0, "unexposed_onsets": s.c,
            "own_rr": pa.array(own_rr, pa.float64(), from_pandas=True),
            "rr": shrunk.rr, "rr_low": shrunk.low, "rr_high": shrunk.high,
            "error": np.where(verdicts == "protector", shrunk.not_protector, shrunk.not_trigger),
            "enough_data": s.eligible(),
            "verdict": pa.array(verdicts.tolist(), pa.string()),
        }
    )  # fmt: skip
    target = Path(out) / "results" / part_name(index)
    target.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)
    eligible = s.eligible()
    rows: dict[tuple[str, int], tuple[int, int, int]] = {}
    for f, name in enumerate(s.names):
        for lag in COHORT_LAGS:
            m = (s.factor == f) & (s.lag == lag) & eligible
            if m.any():
                v = verdicts[m]
                rows[(name, lag)] = (
                    int(m.sum()),
                    int((v == TRIGGER).sum()),
                    int((v == "protector").sum()),
                )
    return Counts(rows, len(s.diaries))


@contextmanager
def dask_client(scheduler: str | None, workers: int = 2, processes: bool = True) -> Iterator[Any]:
    """A client on the given scheduler, or on a fresh LocalCluster that is closed afterwards."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    with (
        LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=processes,
            dashboard_address=None, **({"host": "127.0.0.1"} if processes else {}),
        ) as cluster,
        Client(cluster) as client,  # type: ignore[no-untyped-call]
    ):  # fmt: skip
        yield client


def analyse_snapshot(
    snapshot: Path,
    out: Path,
    *,
    client: Any,
    fdr: float = 0.10,
    sample_people: int = SAMPLE_PEOPLE,
) -> dict[str, Any]:
    """Run the three passes on ``client``; writes ``out/results`` and ``out/summary.json``."""
    manifest = read_manifest(snapshot)
    n_parts, n_diaries = int(manifest["partitions"]), int(manifest["diaries"])
    if (out / "results").exists():
        shutil.rmtree(out / "results")  # a withdrawn diary must not survive in an old part
    out.mkdir(parents=True, exist_ok=True)
    tables = client.map(partition_tables, [str(snapshot)] * n_parts, range(n_parts), pure=False)
    fraction = 1.0 if n_diaries <= sample_people else sample_people / n_diaries
    samples: list[FitRows] = client.gather(client.map(fit_rows, tables, fraction=fraction))
    priors = fit_priors(samples)
    shared = client.scatter(priors, broadcast=True)
    counts: list[Counts] = client.gather(
        client.map(
            partition_results,
            tables,
            [shared] * n_parts,
            [fdr] * n_parts,
            [str(out)] * n_parts,
            range(n_parts),
            pure=False,
        )
    )
    summary = summarise(priors, counts, fdr=fdr, manifest=manifest)
    tmp = out / "summary.json.tmp"
    tmp.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    tmp.replace(out / "summary.json")
    return summary


def _cell(numerator: float, denominator: int, *, modelled: bool = False) -> float | None:
    """numerator / denominator, or None (suppressed) when either counts fewer than
    ``MIN_CELL`` people — a "10 % of 10" would describe one person.  ``modelled``: the
    numerator is an estimated number of people (share × people), held to the same rule."""
    if denominator < MIN_CELL or numerator < MIN_CELL - (0.5 if modelled else 0):
        return None
    return round(numerator / denominator, 4)


def _coarse_weights(weights: Any, people: int, bin_size: int = 5) -> list[float]:
    """The population distribution as published: grid weights summed in bins of
    ``bin_size`` (what the page draws) are zeroed where a bin holds fewer than ``MIN_CELL``
    people's worth of mass; the rest are kept point by point."""
    out = [round(float(w), 5) for w in weights]
    for start in range(0, len(out), bin_size):
        if sum(out[start : start + bin_size]) * people < MIN_CELL:
            out[start : start + bin_size] = [0.0] * len(out[start : start + bin_size])
    return out


def summarise(
    priors: Mapping[tuple[str, int], PopulationPrior],
    counts: list[Counts],
    *,
    fdr: float,
    manifest: Mapping[str, Any],
) -> dict[str, Any]:
    """The cohort page's data: prevalence and effect distribution per factor × lag.

    Only aggregates, and no published cell — numerator or denominator — from fewer than
    ``MIN_CELL`` people (suppressed cells are null).
    """
    totals: dict[tuple[str, int], list[int]] = {}
    for c in counts:
        for key, vals in c.rows.items():
            t = totals.setdefault(key, [0, 0, 0])
            for i, v in enumerate(vals):
                t[i] += v
    factors = []
    for (name, lag), prior in sorted(priors.items()):
        eligible, triggers, protectors = totals.get((name, lag), [0, 0, 0])
        if prior.n_people < MIN_CELL:
            continue
        row: dict[str, Any] = {
            "factor": name, "kind": prior.kind, "lag_days": lag,
            "people_with_data": prior.n_people, "pooled": prior.pooled,
            "people_enough_data": eligible if eligible >= MIN_CELL else None,
        }  # fmt: skip
        if eligible >= MIN_CELL:
            # a share is published only when its numerator and denominator are >= MIN_CELL
            row["called_trigger"] = _cell(triggers, eligible)
            row["called_protector"] = _cell(protectors, eligible)
        if prior.pooled:
            n = prior.n_people
            row["population"] = {
                "share_rr_at_least_1_5": _cell(prior.share(1.5) * n, n, modelled=True),
                "share_rr_at_most_0_67": _cell(prior.share(1 / 1.5) * n, n, modelled=True),
                "rr_p10": round(prior.quantile(0.10), 3),
                "rr_median": round(prior.quantile(0.5), 3),
                "rr_p90": round(prior.quantile(0.90), 3),
                "weights": _coarse_weights(prior.weights, n),
            }
        factors.append(row)
    return {
        "cohort": {
            "diaries": sum(c.people for c in counts),
            "snapshot_created": manifest.get("created"),
            "source": manifest.get("source"),
        },
        "method": {
            "model": "nonparametric empirical Bayes (Kiefer-Wolfowitz NPMLE) on log RR, "
            "profile binomial likelihood per 2x2 table",
            "verdict": "Bayesian FDR per person over factor x lag rows (mean posterior error "
            f"<= {fdr}), own one-sided exact p <= {OWN_ALPHA}, RR beyond {NEGLIGIBLE_RR}",
            "fdr": fdr,
            "lags": list(COHORT_LAGS),
            "grid_log_rr": [round(float(g), 5) for g in GRID],
            "min_cell": MIN_CELL,
        },
        "factors": factors,
    }
