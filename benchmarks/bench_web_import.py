"""Importing the web app (issue 18: ≤ 1 s): what `gutbrain serve` pays before it can answer.

Each figure is the median of several fresh interpreters running
`from gutbrain.web.app import create_app`, in CPU seconds (user + system, what it would take on
an idle machine) and wall seconds, next to the bare interpreter start-up (`python -c pass`) in
the same run as the baseline.  It also lists which heavy libraries the import pulled in (none
should be: tests/test_web_import.py holds that line).

Run: .tools/bin/uv run --locked python benchmarks/bench_web_import.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

HEAVY = ("scipy", "statsmodels", "matplotlib", "weasyprint", "pyarrow", "sqlalchemy", "numpy")


def timed(code: str) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one fresh interpreter running ``code``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = {
        "bare interpreter": "pass",
        "import gutbrain.web.app": "from gutbrain.web.app import create_app",
    }
    base_cpu = 0.0
    for label, code in rows.items():
        runs = [timed(code) for _ in range(args.runs)]
        cpu = statistics.median(r[0] for r in runs)
        wall = statistics.median(r[1] for r in runs)
        base_cpu = base_cpu or cpu
        print(f"{label:26} CPU {cpu:6.3f} s  wall {wall:6.3f} s  ({cpu / base_cpu:5.1f}× bare)")
    probe = "import sys; from gutbrain.web.app import create_app; " + (
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    print(f"heavy libraries loaded by the import: {loaded or 'none'}")


if __name__ == "__main__":
    main()
