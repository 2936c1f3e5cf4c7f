"""Meal matching speed: ms per meal (p50/p95) over the golden meals, target < 20 ms.

Measures the whole path a logged meal takes: split into items, match each (personal mapping,
everyday table, typo tolerance, USDA FDC fallback), grams, nutrients and component tags.
Cold = first description of each meal (no memo); warm = the same meals again (memoised).
Baseline: matching every item against all 7,710 FDC descriptions with rapidfuzz alone (what a
naive matcher would do), timed in the same run.

Run: .tools/bin/uv run --locked python benchmarks/bench_meal_matching.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from gutbrain.foods import knowledge, split_meal
from gutbrain.foods.lookup import FoodKnowledge

MEALS = (
    (Path(__file__).parents[1] / "tests" / "golden" / "foods" / "meals.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
ROUNDS = 5


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    t0 = time.perf_counter()
    base = knowledge()
    load_s = time.perf_counter() - t0

    cold: list[float] = []
    for _ in range(ROUNDS):
        know = FoodKnowledge(base.tables, base.matcher)  # fresh memo each round
        for meal in MEALS:
            start = time.perf_counter()
            know.describe_meal(meal)
            cold.append((time.perf_counter() - start) * 1000)
    for meal in MEALS:  # prime the memo
        base.describe_meal(meal)
    warm: list[float] = []
    for meal in MEALS:
        start = time.perf_counter()
        base.describe_meal(meal)
        warm.append((time.perf_counter() - start) * 1000)

    names = [f.description for f in base.tables.fdc.values()]
    naive: list[float] = []
    for meal in MEALS:
        start = time.perf_counter()
        for item in split_meal(meal):
            process.extractOne(item.food, names, scorer=fuzz.WRatio)
        naive.append((time.perf_counter() - start) * 1000)

    items = sum(len(split_meal(m)) for m in MEALS)
    print(f"meals: {len(MEALS)} ({items} items), rounds: {ROUNDS}")
    print(f"tables load + index build: {load_s * 1000:.0f} ms (once per process)")
    for label, values in (("cold", cold), ("warm", warm), ("naive FDC-only baseline", naive)):
        print(
            f"{label:24s} p50 {percentile(values, 0.5):6.2f} ms  p95 {percentile(values, 0.95):6.2f} ms"
            f"  max {max(values):6.2f} ms  mean {statistics.fmean(values):6.2f} ms per meal"
        )
    ratio = statistics.median(naive) / statistics.median(cold)
    print(
        f"naive / cold median ratio: {ratio:.1f}x; target < 20 ms per meal: "
        f"{'met' if percentile(cold, 0.95) < 20 else 'NOT met'} (p95)"
    )


if __name__ == "__main__":
    main()
