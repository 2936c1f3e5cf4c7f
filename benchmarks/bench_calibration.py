"""Calibration of the trigger engine on simulated diaries with known truths (issue 4).

Each diary (``sim_diary.py``, independent of the demo generator) plants three food triggers
(RR 1.5/2/3/5, lag 0–2), a protector, the perimenstrual window and four decoys.  For diary
lengths 90/180/365 days it reports: power by RR (next to the exact Fisher power of
statistics.md §5.2 for a single pre-specified factor, α = 0.05, and with α = FDR / tests),
the mean false-discovery proportion, P(≥ 1 false trigger per diary) and how often each decoy is
called a trigger — for the engine and for a naive method (RR of attack days on all calendar
days, lags 0–2, uncorrected two-sided Fisher p < 0.05).

Targets: mean FDP ≤ 0.10, P(≥ 1 false trigger) ≤ 0.15, prodrome decoy ≤ 5 %.

Run: .tools/bin/uv run --locked python benchmarks/bench_calibration.py [--diaries 100]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from sim_diary import RRS, Truth, simulate

from gutbrain.analysis.attacks import lagged
from gutbrain.analysis.stats import fisher_power, fisher_two_sided
from gutbrain.analysis.triggers.engine import TRIGGER, TriggerReport
from gutbrain.domain.entries import DiarySettings
from gutbrain.meaning.entries import Understanding
from gutbrain.services.triggers import report_from_entries

LENGTHS = (90, 180, 365)
ALWAYS_TRUE = {"perimenstrual window"}


def naive_triggers(report: TriggerReport) -> set[str]:
    """What a naive app reports: attack *days* vs exposure on all calendar days, p < 0.05."""
    s, m = report.series, report.matrix
    found: set[str] = set()
    outcome = s.event_day
    n_days, onsets = outcome.size, int(outcome.sum())
    for lag in (0, 1, 2):
        x = np.asarray(lagged(m.present.T, lag, False).T)
        n1 = x.sum(axis=1)
        a = (x & outcome).sum(axis=1)
        p = fisher_two_sided(a, n1, onsets, n_days)
        with np.errstate(divide="ignore", invalid="ignore"):
            rr = (a / n1) / ((onsets - a) / (n_days - n1))
        for f in np.flatnonzero((p < 0.05) & (rr > 1) & (n1 > 0)):
            found.add(m.factors[int(f)].name)
    return found


def one(seed: int, days: int) -> dict[str, object]:
    entries, truth = simulate(seed, days)
    report = report_from_entries(entries, Understanding(DiarySettings(), None))
    engine = {r.factor for r in report.by_verdict(TRIGGER)}
    fdr = report.config.fdr
    # The textbook reference on the same tests: Fisher + BH, q ≤ FDR with RR > 1, no checks.
    reference = {
        r.factor for r in report.rows
        if r.q is not None and r.q <= fdr and r.ci_low is not None and r.ci_low > 1
    }  # fmt: skip
    naive = naive_triggers(report)
    rows = []
    for name, (rr, lag, share) in truth.triggers.items():
        # Exact one-sided Fisher power (§5.2) at this diary's at-risk days and unexposed onset
        # rate for the factor's lag: α = 0.05 (one pre-specified factor) and α = FDR / (2 ×
        # tests) (our test is two-sided and corrected over all tests).
        row = next((r for r in report.rows_for(name) if r.lag_days == lag), None)
        exact = 0.0
        if row is not None and row.unexposed_days and row.unexposed_onsets:
            days_n = row.exposed_days + row.unexposed_days
            p0 = row.unexposed_onsets / row.unexposed_days
            exact = fisher_power(days_n, share, p0, rr, 0.05)
        rows.append((rr, lag, name in engine, name in naive, exact, name in reference))
    return {
        "rows": rows,
        "engine": engine,
        "naive": naive,
        "truth": truth,
        "false_rows": [
            (r.factor, r.lag_days, r.flags)
            for r in report.by_verdict(TRIGGER)
            if r.factor in false_set(engine, truth)
        ],
        "protector": any(r.verdict == "protector" for r in report.rows_for(truth.protector)),
        "enough": report.diary.enough,
        "onsets": report.diary.attack_onsets,
    }


def false_set(called: set[str], truth: Truth) -> set[str]:
    return called - set(truth.triggers) - ALWAYS_TRUE


def summarise(results: list[dict[str, object]], days: int) -> list[str]:
    lines = []
    by_rr: dict[float, list[tuple[bool, bool, float, float]]] = defaultdict(list)
    for res in results:
        for rr, _lag, eng, nai, exact, strict in res["rows"]:  # type: ignore[attr-defined]
            by_rr[rr].append((eng, nai, exact, strict))
    for rr in RRS:
        xs = by_rr[rr]
        if not xs:
            continue
        arr = np.array(xs, dtype=float)
        lines.append(
            f"| {days} | {rr:g} | {len(xs)} | {arr[:, 0].mean():.2f} | {arr[:, 2].mean():.2f} | "
            f"{arr[:, 3].mean():.2f} | {arr[:, 1].mean():.2f} |"
        )
    return lines


def error_rates(results: list[dict[str, object]], method: str) -> dict[str, float]:
    fdp, any_false = [], []
    decoys: dict[str, list[bool]] = defaultdict(list)
    for res in results:
        truth: Truth = res["truth"]  # type: ignore[assignment]
        called: set[str] = res[method]  # type: ignore[assignment]
        false = false_set(called, truth)
        fdp.append(len(false) / len(called) if called else 0.0)
        any_false.append(bool(false))
        for label, name in (("prodrome", truth.prodrome), ("co-eaten", truth.co_eaten),
                            ("cycle food", truth.cycle_food)):  # fmt: skip
            decoys[label].append(name in called)
    out = {"mean FDP": float(np.mean(fdp)), "P(>=1 false)": float(np.mean(any_false))}
    out.update({k: float(np.mean(v)) for k, v in decoys.items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--diaries", type=int, default=100, help="diaries per length")
    parser.add_argument("--lengths", type=int, nargs="+", default=list(LENGTHS))
    parser.add_argument("--verbose", action="store_true", help="list every false trigger")
    args = parser.parse_args()
    started = time.perf_counter()
    power_lines: list[str] = []
    error_lines: list[str] = []
    for days in args.lengths:
        results = [one(1000 * days + k, days) for k in range(args.diaries)]
        power_lines += summarise(results, days)
        for method in ("engine", "naive"):
            e = error_rates(results, method)
            error_lines.append(
                f"| {days} | {method} | {e['mean FDP']:.3f} | {e['P(>=1 false)']:.2f} | "
                f"{e['prodrome']:.2f} | {e['co-eaten']:.2f} | {e['cycle food']:.2f} |"
            )
        if args.verbose:
            for r in results:
                for fr in r["false_rows"]:  # type: ignore[attr-defined]
                    print("  false trigger:", *fr)
        enough = np.mean([r["enough"] for r in results])
        onsets = np.median([r["onsets"] for r in results])
        protector = np.mean([r["protector"] for r in results])
        print(f"{days} days: {args.diaries} diaries, median {onsets:.0f} onsets, "
              f"{enough:.0%} met the minimum data, protector found in {protector:.0%}")  # fmt: skip
    print()
    print("| days | RR | planted | engine | exact Fisher α=0.05 | Fisher + BH reference | naive |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(power_lines))
    print()
    print("| days | method | mean FDP | P(≥1 false trigger) | prodrome decoy | co-eaten decoy | "
          "cycle-linked decoy |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    print("\n".join(error_lines))
    print(f"\n{len(args.lengths) * args.diaries} diaries in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
