"""Engine 3 (issue 23) against the same diaries without its new parts, on the independent simulator.

Every diary from ``benchmarks/sim2`` is imported once and analysed with each engine variant
(``EngineConfig.test`` / ``weighting``):

* ``v2``    — Fisher two-sided + plain BH: the engine without the new parts (engine 3.0's default);
* ``midp``  — mid-p instead of Fisher, plain BH;
* ``v3``    — mid-p, BH weighted by the shipped population prior (an option, off by default);
* ``v3 6 onsets`` — v3 with verdicts from 6 onsets on (default 10), for short diaries.

``--variants v2,v3`` runs only those (the null-only run needs no more).

(``EngineConfig(weighting="power")`` — weights from each row's power instead — was tried and
lost power at RR 3 on 21 diaries, 0.33 against 0.60 unweighted: it hands the budget to rows that
need none.)

Each variant's ``gutbrain triggers --json`` rows are scored with the rules of
``bench_calibration_independent.py`` (same TRUE/FALSE judgement, same power rule).  Beside them:
the textbook reference (Fisher + BH on the rows' own counts) and the **exact single-test bound**:
the exact one-sided Fisher power at α = 0.05 of one pre-specified factor with the planted cause's
true exposure days and the simulation's own at-risk days and baseline rate (``stats.fisher_power``)
— what a person testing only that one factor could hope for.

``--scenarios null --diaries 200`` is the null-only run: no planted cause, so every trigger line is
false; it prints the share of diaries with any false trigger with a Wilson 95 % interval.

Run: .tools/bin/uv run --locked python benchmarks/bench_engine3.py [--diaries 70] [--days 365]
     [--scenarios typical,rare,...] [--seed 0] [--json out.json] [--rescore out.json]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_calibration_independent import (
    CRAVING_KEY,
    CRAVING_TEXTS,
    DERIVED_NAMES,
    ROW_KEYS,
    key_names,
    planted_truth,
    score,
)
from sim2 import SCENARIOS, simulate

VARIANTS = {
    "v2": {"test": "fisher", "weighting": "none"},
    "midp": {"test": "mid-p", "weighting": "none"},
    "v3": {"test": "mid-p", "weighting": "prior"},
    "v3 6 onsets": {"test": "mid-p", "weighting": "prior", "min_onsets": 6},
}
RRS = (2.0, 3.0, 5.0)


def run_one(
    task: tuple[str, int, int], variants: tuple[str, ...] = tuple(VARIANTS)
) -> dict[str, Any]:
    """Simulate and import one diary, analyse it with every variant."""
    from gutbrain.analysis.stats import fisher_power
    from gutbrain.analysis.triggers.verdicts import EngineConfig
    from gutbrain.services import diary as svc
    from gutbrain.services import transfer
    from gutbrain.services import triggers as trig
    from gutbrain.settings import Settings

    scenario, seed, days = task
    diary = simulate(scenario, seed, days)
    rows: dict[str, list[dict[str, Any]]] = {}
    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="engine3-") as tmp:
        ctx = svc.open_context(Settings(db_url=f"sqlite:///{tmp}/diary.sqlite", timezone="UTC"))
        try:
            transfer.import_csv(ctx, diary.csv_text())
            result: dict[str, Any] = {}
            for name in variants:
                cfg = VARIANTS[name]
                t0 = time.perf_counter()
                result = trig.to_json(trig.trigger_report(ctx, engine=EngineConfig(**cfg)))  # type: ignore[arg-type]
                seconds[name] = time.perf_counter() - t0
                keys = (*ROW_KEYS, "prior", "weight", "prior_share", "leans_on_prior")
                rows[name] = [{k: r.get(k) for k in keys} for r in result["factors"]]
            planted = planted_truth(ctx, diary)
            craving = key_names(ctx, CRAVING_KEY, CRAVING_TEXTS).found
        finally:
            ctx.close()
    at_risk = len(diary.at_risk)
    onsets = diary.onset_days()
    for pl in planted:  # exact single-test bound on the true exposure
        n1 = pl["true_exposed_days"]
        c = sum(d in onsets for d in diary.at_risk) - pl["true_exposed_onsets"]
        p0 = c / max(at_risk - n1, 1)
        ok = 0 < n1 < at_risk and p0 > 0
        pl["exact_power"] = fisher_power(at_risk, n1 / at_risk, p0, pl["rr"], 0.05) if ok else 0.0
    return {
        "scenario": scenario, "seed": seed, "attacks_simulated": len(diary.attacks),
        "diary": result["diary"], "fdr": result["method"]["fdr"], "planted": planted,
        "perimenstrual_effect": diary.person.menstruating and diary.person.perimenstrual_rr > 1,
        "craving_names": sorted(craving), "cravings": len(diary.cravings), "variants": rows,
        "seconds": seconds,
    }  # fmt: skip


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion k/n."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(centre - half, 0.0), min(centre + half, 1.0))


def _mean(xs: list[float]) -> float | None:
    return statistics.fmean(xs) if xs else None


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Per method: mean FDP, P(≥1 false) with its CI, power by RR, derived power, leaning."""
    out: dict[str, Any] = {}
    methods = [*[v for v in VARIANTS if v in results[0]["variants"]], "reference"]
    for method in methods:
        scored = []
        for r in results:
            # the reference needs only the rows' counts, the same in every variant
            rows = r["variants"][next(iter(r["variants"])) if method == "reference" else method]
            s = score(r | {"rows": rows})
            scored.append((r, s["reference" if method == "reference" else "engine"], rows))
        any_false = sum(bool(x["false"]) for _, x, _ in scored)
        line: dict[str, Any] = {
            "mean_fdp": _mean([x["fdp"] for _, x, _ in scored]),
            "p_any_false": any_false / len(scored),
            "p_any_false_ci": wilson(any_false, len(scored)),
            "false_per_diary": _mean([len(x["false"]) for _, x, _ in scored]),
            "craving": _mean([float(x["craving"]) for _, x, _ in scored]),
            "false": [f for _, x, _ in scored for f in x["false"]],
        }
        for rr in RRS:
            hits = [x["found"][p["key"]] for r, x, _ in scored for p in r["planted"]
                    if p["rr"] == rr and p["key"] not in DERIVED_NAMES]  # fmt: skip
            line[f"power_rr{rr:g}"] = _mean([float(h) for h in hits])
            line[f"n_rr{rr:g}"] = len(hits)
        derived = [x["found"][p["key"]] for r, x, _ in scored for p in r["planted"]
                   if p["key"] in DERIVED_NAMES]  # fmt: skip
        line["power_derived"] = _mean([float(h) for h in derived])
        line["leaning"] = _mean([
            float(any(row["verdict"] == "trigger" and row.get("leans_on_prior") for row in rows))
            for _, _, rows in scored
        ]) if method != "reference" else None  # fmt: skip
        out[method] = line
    exact = {}
    for rr in RRS:
        xs = [p["exact_power"] for r in results for p in r["planted"]
              if p["rr"] == rr and p["key"] not in DERIVED_NAMES]  # fmt: skip
        exact[f"power_rr{rr:g}"] = _mean(xs)
    exact["power_derived"] = _mean([p["exact_power"] for r in results for p in r["planted"]
                                    if p["key"] in DERIVED_NAMES])  # fmt: skip
    out["exact single test"] = exact
    return out


def table(summary: dict[str, Any]) -> str:
    head = ("| method | mean FDP | P(≥1 false) [95 % CI] | false/diary | craving called | "
            "power RR 2 | power RR 3 | power RR 5 | derived power | diaries with a trigger leaning on the prior |")  # fmt: skip
    lines = [head, "|" + "---|" * 10]
    for name, s in summary.items():
        if name == "exact single test":
            lines.append(f"| exact single-test bound (α = 0.05, one-sided) | | | | | "
                         f"{_f(s['power_rr2'])} | {_f(s['power_rr3'])} | {_f(s['power_rr5'])} | "
                         f"{_f(s['power_derived'])} | |")  # fmt: skip
            continue
        lo, hi = s["p_any_false_ci"]
        lines.append(
            f"| {name} | {_f(s['mean_fdp'])} | {_f(s['p_any_false'])} [{_f(lo)}–{_f(hi)}] | "
            f"{_f(s['false_per_diary'])} | {_f(s['craving'])} | {_f(s['power_rr2'])} | "
            f"{_f(s['power_rr3'])} | {_f(s['power_rr5'])} | {_f(s['power_derived'])} | "
            f"{_f(s['leaning'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--diaries", type=int, default=70)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--rescore", type=Path)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args(argv)
    if args.rescore:
        if args.rescore.suffix == ".jsonl":
            results = [json.loads(line) for line in args.rescore.read_text().splitlines()]
            wall, meta = math.nan, vars(args) | {"json": str(args.rescore)}
        else:
            stored = json.loads(args.rescore.read_text())
            results, wall, meta = stored["diaries"], stored["wall_seconds"], stored["args"]
    else:
        scen = args.scenarios.split(",")
        tasks = [(scen[i % len(scen)], args.seed + i // len(scen), args.days)
                 for i in range(args.diaries)]  # fmt: skip
        t0 = time.perf_counter()
        chosen = tuple(args.variants.split(","))
        results = []
        for t in tasks:  # one process: the machine is shared
            results.append(run_one(t, chosen))
            if args.json:  # each diary as it is done: --rescore reads a partial run too
                with args.json.with_suffix(".jsonl").open("a") as out:
                    out.write(json.dumps(results[-1], default=str) + "\n")
        wall = time.perf_counter() - t0
        meta = vars(args) | {"json": str(args.json)}
    summary = summarise(results)
    secs = {k: _mean([r["seconds"][k] for r in results]) for k in results[0]["seconds"]}
    print(f"{len(results)} diaries × {meta['days']} days ({meta['scenarios']}), seeds from "
          f"{meta['seed']}: {wall:.0f} s wall, 1 process; analyse per diary "
          + ", ".join(f"{k} {v:.2f} s" for k, v in secs.items() if v is not None))  # fmt: skip
    print(table(summary))
    for name in [v for v in ("v2", "v3", "v3 6 onsets") if v in summary]:
        from collections import Counter

        common = Counter(summary[name]["false"]).most_common(8)
        print(f"false triggers ({name}):", ", ".join(f"{n} ×{c}" for n, c in common) or "none")
    if args.json and not args.rescore:
        args.json.write_text(json.dumps({
            "when": datetime.now(UTC).isoformat(timespec="seconds"), "args": meta,
            "wall_seconds": wall, "summary": summary, "diaries": results}, default=str))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
