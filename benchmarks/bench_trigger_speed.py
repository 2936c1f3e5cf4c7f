"""Speed of the trigger engine: a 3-year diary, 300 factors × 3 lags, permutation checks.

Target (issue 4): the whole analysis in under 2 s on the 2-core machine.  Also timed in the same
run: circular-shift permutation of *every* row (the engine only needs it for candidates) and a
naive baseline (scipy.stats.fisher_exact row by row) for the 2×2 tests.

Run: .tools/bin/uv run --locked python benchmarks/bench_trigger_speed.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from scipy.stats import fisher_exact

from gutbrain.analysis.attacks import DaySeries, OutcomeEvent, build_day_series
from gutbrain.analysis.exposures import build_matrix
from gutbrain.analysis.stats import days_for_power, fisher_two_sided
from gutbrain.analysis.triggers.engine import analyse
from gutbrain.analysis.triggers.robustness import circular_shift_p
from gutbrain.analysis.triggers.tables import exposed_days, lag_design
from gutbrain.domain.exposure import Exposure

DAYS, FACTORS, REPEATS = 3 * 365, 300, 3
FIRST = date(2023, 1, 2)


def build(seed: int = 1) -> tuple[DaySeries, list[Exposure]]:
    rng = np.random.default_rng(seed)
    share = rng.uniform(0.03, 0.5, FACTORS)
    minute = rng.integers(7 * 60, 22 * 60, FACTORS)
    present = rng.random((FACTORS, DAYS)) < share[:, None]
    hazard = np.full(DAYS, 0.08)
    hazard[1:] *= np.where(present[0, :-1], 3.0, 1.0)  # two planted triggers, lag 1
    hazard[1:] *= np.where(present[1, :-1], 2.5, 1.0)
    onset = rng.random(DAYS) < hazard
    events = [
        OutcomeEvent(
            FIRST + timedelta(int(i)), int(rng.integers(0, 1440)), FIRST + timedelta(int(i))
        )
        for i in np.flatnonzero(onset)
    ]
    missing = [FIRST + timedelta(int(i)) for i in np.flatnonzero(rng.random(DAYS) < 0.02)]
    series = build_day_series(FIRST, FIRST + timedelta(DAYS - 1), events, missing)
    f_idx, d_idx = np.nonzero(present)
    exposures = [
        Exposure(f"factor {f:03d}", "food", FIRST + timedelta(int(d)), int(minute[f]))
        for f, d in zip(f_idx, d_idx, strict=True)
    ]
    return series, exposures


def timed(fn: Callable[[], object], repeats: int = REPEATS, cold: bool = False) -> float:
    """Median wall time; ``cold`` clears the power-search cache before each run."""
    times = []
    for _ in range(repeats):
        if cold:
            days_for_power.cache_clear()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    series, exposures = build()
    build_s = timed(lambda: build_matrix(exposures, FIRST, DAYS))
    matrix = build_matrix(exposures, FIRST, DAYS)
    cold = timed(lambda: analyse(series, matrix), cold=True)
    warm = timed(lambda: analyse(series, matrix))
    report = analyse(series, matrix)

    design = lag_design(series, 1)
    every = exposed_days(matrix, design, np.arange(matrix.n_factors))
    perm_all = 3 * timed(lambda: [circular_shift_p(x, design, True) for x in every])
    n1 = (every & design.rows).sum(axis=1)
    a = (every & design.outcome).sum(axis=1)
    big_n, big_c = design.n_days, design.n_onsets

    def naive() -> None:
        for x, k in zip(a, n1, strict=True):
            fisher_exact([[x, k - x], [big_c - x, big_n - k - big_c + x]])

    naive_s = 3 * timed(naive)
    ours_s = 3 * timed(lambda: fisher_two_sided(a, n1, big_c, big_n))
    print(f"diary: {DAYS} days, {int(series.onset.sum())} onsets, {matrix.n_factors} factors")
    print(f"rows (factor x lag): {len(report.rows)}, tested: {report.n_tests}, "
          f"triggers: {len(report.by_verdict('trigger'))}")  # fmt: skip
    print(f"exposure matrix from {len(exposures)} Exposure records: {build_s:.2f} s")
    print(f"full analysis incl. checks and 'N more days' (cold cache), median of {REPEATS}: "
          f"{cold:.2f} s  (target < 2 s)")  # fmt: skip
    print(f"full analysis, power cache warm: {warm:.2f} s")
    print(f"records -> verdicts (matrix + cold analysis): {build_s + cold:.2f} s")
    print(f"permutation check of every row (900 rows, all shifts): {perm_all:.2f} s")
    print(f"Fisher tests, 900 rows: vectorised {ours_s * 1000:.1f} ms vs scipy.fisher_exact loop "
          f"{naive_s * 1000:.1f} ms ({naive_s / ours_s:.0f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
