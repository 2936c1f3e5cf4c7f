"""N-of-1 experiments on simulated people (issue 11): is the planned power what the analysis
delivers, and does it keep its false-positive rate when nothing is going on?

For each scenario (daily attack hazard, attack length, period length, blocks) it runs
``--trials`` simulated experiments (``gutbrain.demo.experiment_sim``: a true lag-1 trigger
raising the daily hazard by the hazard ratio, attacks of 1–k days, optional missing diary
days and deviation days) through the real analysis (``analysis.experiment``) and prints:

* the planned power (``analysis.experiment_power.power``: 4000 people simulated at once with
  the diary's counting rules, a separate implementation) next to the detection rate;
* under no effect: the false-positive rate of the exact conditional test (ITT and
  per-protocol), of the randomisation test, and how often P(RR > 1) > 0.95;
* time to plan versus running the full analysis on as many simulated experiments.

Run: .tools/bin/uv run --locked python benchmarks/bench_experiments.py [--trials 1000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from gutbrain.analysis.experiments.design import Design
from gutbrain.analysis.experiments.outcome import analyse_experiment
from gutbrain.analysis.experiments.power import counted, power
from gutbrain.demo.experiment_sim import simulate_trial

ALPHA = 0.05
#: (label, hazard, attack lengths, period days, blocks, washout)
SCENARIOS = [
    ("3/month, 1-2 d, 14 d x 12", 0.10, (1, 2), 14, 12, 2),
    ("3/month, 1-2 d, 7 d x 12", 0.10, (1, 2), 7, 12, 2),
    ("4/month, 1 d, 14 d x 8", 0.13, (1,), 14, 8, 2),
    ("2/month, 1-3 d, 14 d x 16", 0.07, (1, 2, 3), 14, 16, 2),
    ("6/month, 1-2 d, 7 d x 4", 0.20, (1, 2), 7, 4, 2),
]


def run(hazard: float, lengths: tuple[int, ...], period: int, blocks: int,
        washout: int, hr: float, trials: int, seed: int, missing: float = 0.0,
        deviation: float = 0.0) -> dict[str, float]:  # fmt: skip
    rng = np.random.default_rng(seed)
    found = itt_any = pp_any = rand_any = bayes_any = 0
    t0 = time.perf_counter()
    for _ in range(trials):
        d = Design("random-blocks", period, blocks, washout, int(rng.integers(1 << 31)))
        sim = simulate_trial(d, hazard, hr, rng, attack_days=lengths, missing_share=missing,
                             deviation_share=deviation)  # fmt: skip
        baseline = counted(hazard, float(np.mean(lengths)))[0]
        res = analyse_experiment(d, sim.plan, sim.series, sim.checks, baseline, "x")
        itt, pp = res.itt, res.per_protocol
        up = itt.p is not None and itt.p <= ALPHA and (itt.rr is None or itt.rr > 1)
        found += up
        itt_any += itt.p is not None and itt.p <= ALPHA
        pp_any += pp.p is not None and pp.p <= ALPHA
        rand_any += res.randomisation.p is not None and res.randomisation.p <= ALPHA
        bayes_any += res.posterior.p_rr_above_1 > 0.95
    elapsed = time.perf_counter() - t0
    return {"found": found / trials, "itt": itt_any / trials, "pp": pp_any / trials,
            "rand": rand_any / trials, "bayes": bayes_any / trials,
            "ms_per_trial": 1000 * elapsed / trials}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=1000)
    args = parser.parse_args()
    n = args.trials
    print(f"{n} simulated experiments per row; random-blocks design, 2-day wash-out, alpha 0.05")
    print("\n## Power: planned vs found in simulation, hazard ratio 3 and 2")
    print(f"{'scenario':28} {'HR':>3} {'planned':>8} {'found':>7} {'diff':>6}")
    worst = 0.0
    plan_ms = []
    for i, (label, h, lengths, period, blocks, wo) in enumerate(SCENARIOS):
        d = Design("random-blocks", period, blocks, wo, 1)
        for hr in (3.0, 2.0):
            t0 = time.perf_counter()
            planned = power(d, h, hr, tuple([1 / len(lengths)] * len(lengths)))
            plan_ms.append(1000 * (time.perf_counter() - t0))
            got = run(h, lengths, period, blocks, wo, hr, n, seed=100 + i)
            worst = max(worst, abs(got["found"] - planned))
            print(f"{label:28} {hr:3.0f} {planned:8.3f} {got['found']:7.3f} "
                  f"{got['found'] - planned:+6.3f}")  # fmt: skip
    print(f"largest |found - planned|: {worst:.3f}")
    print("\n## No effect (HR 1): share of experiments with p <= 0.05 (two-sided)")
    print(f"{'scenario':28} {'missing':>7} {'deviate':>7} {'ITT':>6} {'PP':>6} {'rand':>6} "
          f"{'P>0.95':>6}")  # fmt: skip
    for i, (label, h, lengths, period, blocks, wo) in enumerate(SCENARIOS[:3]):
        for missing, deviation in ((0.0, 0.0), (0.1, 0.1)):
            got = run(h, lengths, period, blocks, wo, 1.0, n, seed=200 + i,
                      missing=missing, deviation=deviation)  # fmt: skip
            print(f"{label:28} {missing:7.0%} {deviation:7.0%} {got['itt']:6.3f} "
                  f"{got['pp']:6.3f} {got['rand']:6.3f} {got['bayes']:6.3f}")  # fmt: skip
    ms = got["ms_per_trial"]
    print("\n## Speed")
    print(
        f"planned power (4000 people, vectorised): median {np.median(plan_ms):.0f} ms; the full "
        f"analysis takes {ms:.1f} ms per simulated experiment, so the same 4000 through it "
        f"would take {ms * 4000:.0f} ms ({ms * 4000 / np.median(plan_ms):.0f}x)"
    )


if __name__ == "__main__":
    main()
