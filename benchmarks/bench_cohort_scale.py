"""Cohort analysis at scale: 10⁴ simulated diaries on a Dask LocalCluster (2 workers).

Writes a snapshot of simulated 180-day diaries (sim_cohort.py, 20 foods) in partitions of
500, runs ``analyse_snapshot`` on a LocalCluster, and prints wall time, time per diary, peak
memory (client and each worker, max RSS) and the per-partition costs of each pass measured in
this process — the figures docs/cohort.md extrapolates to 10⁶ diaries.  Baseline in the same
run: the same analysis in one process without Dask.

Run: .tools/bin/uv run --locked python benchmarks/bench_cohort_scale.py [n_people] [per_part]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sim_cohort import simulate

from gutbrain.analysis.cohort.pool import apply_priors, fit_priors, fit_rows
from gutbrain.services.cohort_parquet import write_manifest, write_partition
from gutbrain.services.cohort_run import (
    SAMPLE_PEOPLE,
    analyse_snapshot,
    dask_client,
    partition_tables,
)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(n_people: int, per_part: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        snap, out = Path(tmp) / "snapshot", Path(tmp) / "out"
        t0 = time.perf_counter()
        n_parts = 0
        for start in range(0, n_people, per_part):  # simulate and write one partition at a time
            n = min(per_part, n_people - start)
            cohort = simulate(n, 180, seed=1000 + n_parts)
            write_partition(snap, n_parts, cohort.diaries())
            n_parts += 1
        write_manifest(snap, n_parts, n_people, "benchmarks/sim_cohort.py")
        t_write = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in snap.rglob("*.parquet")) / 1e6
        print(f"snapshot: {n_people} diaries × 180 days × 20 foods, {n_parts} partitions of {per_part}, "
              f"{size:.1f} MB Parquet, simulated + written in {t_write:.1f} s")  # fmt: skip

        # per-partition costs, in this process
        t1 = time.perf_counter()
        s = partition_tables(str(snap), 0)
        t_tables = time.perf_counter() - t1
        t2 = time.perf_counter()
        rows = fit_rows(s, min(1.0, SAMPLE_PEOPLE / n_people))
        priors = fit_priors([rows] * n_parts)  # a whole cohort's sample, as analyse fits
        t_fit = time.perf_counter() - t2
        t3 = time.perf_counter()
        apply_priors(s, priors, 0.10)
        t_apply = time.perf_counter() - t3
        print(f"per partition of {per_part}: read + tables {t_tables:.2f} s, shrink + verdicts "
              f"{t_apply:.2f} s; fitting all priors on {rows.lag.size * n_parts:,} rows {t_fit:.1f} s")  # fmt: skip

        t4 = time.perf_counter()
        with dask_client(None, workers=2) as client:
            t_start = time.perf_counter() - t4
            t5 = time.perf_counter()
            summary = analyse_snapshot(snap, out, client=client)
            wall = time.perf_counter() - t5
            workers = client.run(max_rss_mb)
        print(f"LocalCluster (2 workers × 1 thread): start {t_start:.1f} s, analyse {wall:.1f} s "
              f"= {1000 * wall / n_people:.2f} ms per diary; peak RSS client {max_rss_mb():.0f} MB, "
              f"workers {', '.join(f'{v:.0f}' for v in workers.values())} MB")  # fmt: skip
        print(
            f"summary: {summary['cohort']['diaries']} diaries, {len(summary['factors'])} factor × lag rows"
        )

        t6 = time.perf_counter()
        parts = [partition_tables(str(snap), i) for i in range(n_parts)]
        priors = fit_priors([fit_rows(p, min(1.0, SAMPLE_PEOPLE / n_people)) for p in parts])
        for p in parts:
            apply_priors(p, priors, 0.10)
        base = time.perf_counter() - t6
        print(
            f"baseline, one process without Dask: {base:.1f} s (Dask/baseline = {wall / base:.2f})"
        )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 500,
    )
