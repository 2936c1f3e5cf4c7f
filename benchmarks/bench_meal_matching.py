"""Meal matching quality on everyday meals, then speed: ms per meal (p50/p95), target < 20 ms.

Quality: ``benchmarks/data/everyday_meals.txt`` (how it was written and scored:
``benchmarks/data/README.md``) — items counted, food matched, component recall/precision,
forbidden claims, fiber within 25 %.  ``--misses`` lists every miss.

Measures the whole path a logged meal takes: split into items, match each (personal mapping,
everyday table, typo tolerance, USDA FDC fallback), grams, nutrients and component tags.
Cold = first description of each meal (no memo); warm = the same meals again (memoised).
Baseline: matching every item against all 7,710 FDC descriptions with rapidfuzz alone (what a
naive matcher would do), timed in the same run.

Run: .tools/bin/uv run --locked python benchmarks/bench_meal_matching.py
"""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from gutbrain.foods import knowledge, split_meal
from gutbrain.foods.lookup import FoodAnalysis, FoodKnowledge

EVERYDAY = Path(__file__).parent / "data" / "everyday_meals.txt"
#: Words in a matched name that the text must say too (a product, not the dish typed).
PRODUCT_WORDS = ("frozen", "canned", "fast food", "restaurant", "prepared-from-recipe", "mix")

MEALS = (
    (Path(__file__).parents[1] / "tests" / "golden" / "foods" / "meals.txt")
    .read_text(encoding="utf-8")
    .splitlines()
)
ROUNDS = 5


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass(frozen=True)
class Expected:
    food: tuple[tuple[str, ...], ...]  # alternatives, each a tuple of words all required
    components: frozenset[str]
    fiber_g: float
    maybe: frozenset[str]
    forbid: frozenset[str]


def load_everyday(path: Path = EVERYDAY) -> list[tuple[str, list[Expected]]]:
    """The meal set: ``meal: text`` then ``- food | components | fiber | maybe:… forbid:…``."""
    meals: list[tuple[str, list[Expected]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("meal: "):
            meals.append((line[6:].strip(), []))
        elif line.startswith("- "):
            food, comps, fiber, extra = (f.strip() for f in line[2:].split("|"))
            opts = dict(t.split(":", 1) for t in extra.split())
            meals[-1][1].append(
                Expected(
                    tuple(tuple(a.split("+")) for a in food.split("/")),
                    frozenset(comps.split()),
                    float(fiber),
                    frozenset(filter(None, opts.get("maybe", "").split(","))),
                    frozenset(filter(None, opts.get("forbid", "").split(","))),
                )
            )
    return meals


def food_ok(meal: str, exp: Expected, got: FoodAnalysis) -> bool:
    name = got.food.lower()
    if not got.known or any(w in name and w not in meal.lower() for w in PRODUCT_WORDS):
        return False
    if any(w.isupper() and len(w) > 2 for w in got.food.replace(",", " ").split()):
        return False  # a brand name the text did not give
    return any(all(w in name for w in alt) for alt in exp.food)


def align(
    meal: str, expected: list[Expected], got: list[FoodAnalysis]
) -> list[FoodAnalysis | None]:
    """Each expected item's analysed item: the one whose food matches, else the same position."""
    free = list(range(len(got)))
    out: list[FoodAnalysis | None] = [None] * len(expected)
    for i, exp in enumerate(expected):
        hit = next((j for j in free if food_ok(meal, exp, got[j])), None)
        if hit is not None:
            out[i] = got[hit]
            free.remove(hit)
    for i in range(len(expected)):
        if out[i] is None and free:
            j = i if i in free else free[0]
            out[i] = got[j]
            free.remove(j)
    return out


def quality(know: FoodKnowledge, show_misses: bool, path: Path = EVERYDAY) -> None:
    meals = load_everyday(path)
    counted = matched = items = tp = fn = fp = fiber_ok = 0
    forbidden: list[str] = []
    per: dict[str, list[int]] = {}  # component -> [tp, fn, fp]
    for meal, expected in meals:
        got = know.describe_meal(meal)
        counted += len(got) == len(expected)
        if show_misses and len(got) != len(expected):
            print(f"COUNT  {meal!r}: {[g.text for g in got]}")
        for exp, a in zip(expected, align(meal, expected, got), strict=True):
            items += 1
            if a is None:
                fn += len(exp.components)
                continue
            ok = food_ok(meal, exp, a)
            matched += ok
            claimed = set(a.components)
            for c in exp.components | claimed:
                row = per.setdefault(c, [0, 0, 0])
                if c in exp.components and c in claimed:
                    row[0] += 1
                elif c in exp.components:
                    row[1] += 1
                elif c not in exp.maybe:
                    row[2] += 1
            hit = claimed & exp.components
            tp, fn = tp + len(hit), fn + len(exp.components - claimed)
            wrong = claimed - exp.components - exp.maybe
            fp += len(wrong)
            forbidden += [f"{c} in {a.text!r}" for c in claimed & exp.forbid]
            f_ok = a.fiber_g is not None and abs(a.fiber_g - exp.fiber_g) <= max(
                0.25 * exp.fiber_g, 0.5
            )
            fiber_ok += f_ok
            if show_misses and not (ok and f_ok and not wrong and hit == exp.components):
                fiber = "?" if a.fiber_g is None else f"{a.fiber_g:.1f}"
                print(
                    f"MISS   {a.text!r} -> {a.food!r} [{a.via}] food={'ok' if ok else 'NO'}"
                    f" missing={sorted(exp.components - claimed)} extra={sorted(wrong)}"
                    f" fiber={fiber}/{exp.fiber_g:g}"
                )
    print(f"everyday meals: {len(meals)} meals, {items} expected items ({path.name})")
    print(f"items counted        {counted / len(meals):.3f}  (meals split into the right number)")
    print(f"food matched         {matched / items:.3f}")
    print(f"component recall     {tp / max(tp + fn, 1):.3f}  ({tp}/{tp + fn})")
    print(f"component precision  {tp / max(tp + fp, 1):.3f}  ({tp}/{tp + fp})")
    print(f"forbidden claims     {len(forbidden)}" + (f": {forbidden}" if forbidden else ""))
    print(f"fiber within 25 %    {fiber_ok / items:.3f}  (or within 0.5 g)")
    print(
        "per component (recall, precision): "
        + ", ".join(
            f"{c} {r[0] / max(r[0] + r[1], 1):.2f}/{r[0] / max(r[0] + r[2], 1):.2f}"
            for c, r in sorted(per.items())
        )
    )


def main() -> None:
    show_misses = "--misses" in sys.argv
    t0 = time.perf_counter()
    knowledge().tables  # noqa: B018 -- the one-off load, timed
    load_s = time.perf_counter() - t0
    # --set FILE scores another meal set, e.g. the held-out one (benchmarks/data/README.md)
    chosen = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else None
    quality(knowledge(analyse_gluten=True), show_misses, Path(chosen) if chosen else EVERYDAY)
    if "--quality-only" in sys.argv:
        return
    base = knowledge()

    cold: list[float] = []
    for _ in range(ROUNDS):
        tables, matcher = base.tables, base.matcher
        know = FoodKnowledge(lambda t=tables, m=matcher: (t, m))  # fresh memo each round
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
