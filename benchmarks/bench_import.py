"""Import of a 10-year diary CSV (~100,000 rows): wall time and peak memory.

Writes the file from the shipped demo generator (two seeded people's worth of logging folded
into one heavy logger, ≈ 27 rows a day), then imports it with ``gutbrain import csv`` in a
fresh process and reports time and peak RSS.  Baseline in the same run: a bare
``csv.reader`` pass over the same file (the floor any importer pays to read it).

Run: .tools/bin/uv run --locked python benchmarks/bench_import.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

CHILD = r"""
import resource, sys, time
t0 = time.perf_counter()
from gutbrain.cli import main
t1 = time.perf_counter()
try:
    main.main(args=["--db", sys.argv[1], "--tz", "Europe/Berlin", "import", "csv", sys.argv[2]], prog_name="gutbrain")
except SystemExit as exc:
    assert not exc.code, exc.code
t2 = time.perf_counter()
print(f"RESULT {t2 - t1:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} {t1 - t0:.3f}")
"""

BASE = r"""
import csv, resource, sys, time
t0 = time.perf_counter()
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    n = sum(1 for _ in csv.reader(f))
print(f"RESULT {time.perf_counter() - t0:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} {n}")
"""


def _run(code: str, *args: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT"))
    return [float(v) for v in line.split()[1:]]


def main() -> None:
    from gutbrain.demo import generate_diary
    from gutbrain.io.diary_csv import write_diary_csv

    end = date(2026, 11, 22)
    days = 3650
    a = generate_diary(seed=1, days=days, end=end)
    b = generate_diary(seed=2, days=days, end=end)
    shifted = [
        replace(e, start=e.start + timedelta(minutes=7)) for e in b.entries if e.start_has_time
    ]
    text = write_diary_csv(a.entries + shifted)
    rows = text.count("\n") - 1
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "ten-years.csv"
        csv_path.write_text(text, encoding="utf-8", newline="")
        size_mb = csv_path.stat().st_size / 1e6
        base_s, base_rss, _ = _run(BASE, str(csv_path))
        results = [_run(CHILD, str(Path(tmp) / f"d{i}.sqlite"), str(csv_path)) for i in range(3)]
    best = min(results, key=lambda r: r[0])
    print(f"rows: {rows:,} ({size_mb:.1f} MB, {days} days)")
    print(f"import (best of 3): {best[0]:.2f} s  -> {rows / best[0]:,.0f} rows/s   [target < 10 s]")
    print(
        f"all runs: {', '.join(f'{r[0]:.2f}' for r in results)} s; start-up (imports) {best[2]:.2f} s"
    )
    print(
        f"peak RSS of the importing process: {best[1]:.0f} MB (bare csv.reader process: {base_rss:.0f} MB)"
    )
    print(
        f"baseline csv.reader pass: {base_s:.3f} s -> import/baseline ratio {best[0] / base_s:.0f}x"
    )


if __name__ == "__main__":
    main()
