"""Cohort snapshot from a real store on a local Dask cluster, then again after 1 % of the
diaries changed: does the second snapshot recompute only those (issue 24)?

Builds one SQLite store holding N seeded demo diaries (``gutbrain.demo``; every one gives
consent), then on a Dask LocalCluster (``--workers`` processes):

1. snapshot (every diary's trigger-engine inputs computed and stored with its state stamp),
   and the cohort analysis of that snapshot;
2. 1 % of the diaries get one new entry each; snapshot again: only those are recomputed,
   the rest reuse their stored arrays;
3. a snapshot with nothing changed (every diary reused).

Prints wall time and time per diary for each step, the number recomputed, and the load
average (the machine has 2 cores shared with other engineers' jobs: the figures move with it).

Run: nice .tools/bin/uv run --locked python benchmarks/bench_cohort_snapshot.py [--diaries 200]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from gutbrain.demo import generate_diary
from gutbrain.services import cohort
from gutbrain.services import diary as svc
from gutbrain.services.cohort_run import analyse_snapshot, dask_client
from gutbrain.services.demo import load_demo
from gutbrain.settings import Settings

TZ = "Europe/Berlin"


def build(path: Path, n: int, days: int) -> list[svc.Context]:
    contexts = []
    for i in range(n):
        ctx = svc.open_context(Settings.from_env(db=path, timezone=TZ), diary_name=f"p{i}")
        demo = generate_diary(seed=1000 + i, days=days, diary_id=ctx.diary_id)
        ctx = load_demo(ctx, demo)
        cohort.give_consent(ctx)
        contexts.append(ctx)
    return contexts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--diaries", type=int, default=200)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--per-part", type=int, default=50)
    args = parser.parse_args()
    n = args.diaries
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores, shared)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "clinic.sqlite"
        t0 = time.perf_counter()
        contexts = build(db, n, args.days)
        print(f"built {n} diaries of {args.days} days in {time.perf_counter() - t0:.0f} s "
              "(set-up, not part of the figures)")  # fmt: skip
        url = contexts[0].settings.db_url
        with dask_client(None, workers=args.workers) as client:
            rows = []

            def snap(label: str, folder: str) -> None:
                t = time.perf_counter()
                m = cohort.snapshot(url, root / folder, client=client, per_part=args.per_part)
                dt = time.perf_counter() - t
                rows.append((label, dt, m["diaries"], m["recomputed"]))

            snap("1. first snapshot", "s1")
            t = time.perf_counter()
            summary = analyse_snapshot(root / "s1", root / "out", client=client)
            analysis = time.perf_counter() - t
            changed = contexts[:: max(1, 100)][: max(1, n // 100)]
            when = datetime.combine(date(2026, 11, 1), clock_time(13), ZoneInfo(TZ))
            for ctx in changed:
                svc.add_entry(ctx, svc.new_entry(ctx, kind="food", name="aged cheese", start=when))
            snap(f"2. after {len(changed)} diaries changed (1 %)", "s2")
            snap("3. nothing changed", "s3")
        print(f"\n{'step':40} {'wall s':>8} {'ms/diary':>9} {'diaries':>8} {'recomputed':>10}")
        for label, dt, diaries, recomputed in rows:
            print(f"{label:40} {dt:8.1f} {1000 * dt / max(diaries, 1):9.1f} {diaries:8d} "
                  f"{recomputed:10d}")  # fmt: skip
        print(f"{'cohort analysis of snapshot 1':40} {analysis:8.1f} "
              f"{1000 * analysis / n:9.1f} {summary['cohort']['diaries']:8d}")  # fmt: skip
        for ctx in contexts:
            ctx.close()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
