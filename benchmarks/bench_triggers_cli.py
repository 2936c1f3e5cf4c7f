"""What a person waits for: `gutbrain triggers` on a year's diary, cold and warm (issue 10).

Targets: ≤ 0.5 s warm (the result is cached in the diary and read back), ≤ 2 s cold including
start-up (the first call after a write recomputes from the stored meanings, issue 18; issue 10
had 1 s / 3 s).  Each figure is the median of several runs
of the installed console script in a fresh process, next to the bare interpreter start-up in
the same run (`python -c pass`) as a baseline for this machine's speed at the moment.
The split (start-up/imports, load, exposures, statistics, store) comes from one in-process run
with `trigger_json(timings=...)` and `python -X importtime`-free wall clocks of the imports.

Run: .tools/bin/uv run --locked python benchmarks/bench_triggers_cli.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gutbrain.demo import generate_diary
from gutbrain.domain.entries import Kind
from gutbrain.services import diary as svc
from gutbrain.services.demo import load_demo
from gutbrain.settings import Settings

BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> float:
    """CPU seconds (user + system) of one run: on this shared 2-core machine the wall clock
    mostly measures the other engineers' jobs; a single-threaded command's CPU time is what it
    would take on an idle machine.  Wall times are printed alongside."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    WALL.append(time.perf_counter() - t0)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


WALL: list[float] = []


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--days", type=int, default=365)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "diary.sqlite"
        ctx = svc.open_context(Settings.from_env(db=db, timezone="Europe/Berlin"))
        load_demo(ctx, generate_diary(seed=7, days=args.days))
        entries = len(svc.list_entries(ctx))
        cli = [str(BIN / "gutbrain"), "--db", str(db), "triggers"]
        baseline = [timed([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
        imports = [
            timed([sys.executable, "-c", "import gutbrain.cli.triggers"]) for _ in range(args.runs)
        ]
        cold, warm = [], []
        for i in range(args.runs):
            _touch(ctx, i)
            cold.append(timed(cli))
            warm.append(timed(cli))
        from gutbrain.foods import lookup
        from gutbrain.services.trigger_results import trigger_json

        lookup._default_base.cache_clear()  # loading the demo (the write hook) parsed them
        _touch(ctx, args.runs)
        split: dict[str, float] = {}
        cpu0 = time.process_time()
        trigger_json(ctx, timings=split)
        split["total (CPU)"] = time.process_time() - cpu0
        # Meanings are stored when entries are written (issue 18): the cold path reads them
        # and never parses the food tables.
        tables = lookup._default_base.cache_info().currsize > 0
        ctx.close()
    med = statistics.median
    print(f"{args.days}-day demo diary, {entries} entries; median of {args.runs} runs each;")
    print(f"CPU seconds of each process (wall: median {med(WALL):.2f} s over all runs, load")
    print(f"{os.getloadavg()[0]:.1f}); in-process stages are wall clock")
    print("| stage | seconds |\n|---|---|")
    print(f"| python -c pass (baseline) | {med(baseline):.2f} |")
    print(f"| import the triggers command (start-up) | {med(imports):.2f} |")
    for k in ("fingerprint", "load", "exposures", "statistics", "store", "total (CPU)"):
        if k in split:
            print(f"| in-process {k} | {split[k]:.2f} |")
    print(f"| `gutbrain triggers` cold (after a write) | {med(cold):.2f} |")
    print(f"| `gutbrain triggers` warm (cached) | {med(warm):.2f} |")
    print(
        f"cold/baseline {med(cold) / med(baseline):.0f}×, warm/baseline {med(warm) / med(baseline):.0f}×"
    )
    print(f"food tables loaded on the in-process cold path: {'yes' if tables else 'no'}")


def _touch(ctx: svc.Context, i: int) -> None:
    """A write (a note), so the next call must recompute."""
    note = svc.new_entry(ctx, kind=Kind.NOTE, name=f"benchmark note {i}", start=ctx.now())
    svc.add_entry(ctx, note)


if __name__ == "__main__":
    main()
