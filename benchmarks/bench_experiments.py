"""N-of-1 experiments on simulated people (issues 11 and 24): is the power the plan states what
a person following the plan's own instruction gets, and does looking after every pair keep
the false-positive rate at its nominal 5 %?

Each simulated person (``gutbrain.demo.experiment_sim``: a true lag-1 trigger raising the
next day's attack hazard by the hazard ratio, attacks of 1-2 days) follows a secret-randomised
schedule, having the factor on exactly ``days a week`` days of every week of a "have it"
period (the dose the plan asks for).  After every completed pair the real analysis
(``analysis.experiments.outcome.analyse_experiment``) is run on the days so far, as a person
asking for the result after each pair would.  Printed:

* stated power (``analysis.experiments.power.power``: a separate, vectorised simulation of
  4000 people, the figure the plan shows) next to the share of simulated experiments whose
  first boundary crossing supports the trigger;
* under no effect: the share with a false "supports" (either direction) when the person
  looks after every pair — with the group-sequential boundaries (what gutbrain does), and,
  for comparison, with a naive p ≤ 0.05 at every look and at the end only;
* the time per simulated experiment.

Run: nice .tools/bin/uv run --locked python benchmarks/bench_experiments.py [--trials 600]
"""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import replace

import numpy as np

from gutbrain.analysis.experiments.design import ALPHA, Design
from gutbrain.analysis.experiments.outcome import analyse_experiment
from gutbrain.analysis.experiments.power import counted, power
from gutbrain.demo.experiment_sim import SimulatedTrial, simulate_trial

#: (label, hazard, period days, blocks)
SCENARIOS = [
    ("3/month, 1-2 d attacks, 14 d x 12", 0.10, 14, 12),
    ("4/month, 1-2 d attacks, 14 d x 8", 0.13, 14, 8),
]
LENGTHS = (1, 2)


def looks(design: Design, sim: SimulatedTrial, baseline: float) -> list[tuple[float, bool, float]]:
    """(p, higher with the factor, boundary) at every completed pair, through the analysis."""
    out = []
    s = sim.series
    for j in range(design.n_periods // 2):
        n = int(np.flatnonzero(sim.plan.period == 2 * j + 1)[-1]) + 1
        cut = replace(s, covered=s.covered[:n], event_day=s.event_day[:n], onset=s.onset[:n],
                      onset_minute=s.onset_minute[:n], at_risk=s.at_risk[:n])  # fmt: skip
        res = analyse_experiment(design, sim.plan, cut, sim.checks, baseline, "x")
        itt = res.itt
        higher = itt.rr is None or itt.rr > 1
        out.append((1.0 if itt.p is None else itt.p, higher, res.threshold_p))
    return out


def run(design: Design, hazard: float, hr: float, trials: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    baseline = counted(hazard, float(np.mean(LENGTHS)))[0]
    seq_up = seq_any = naive_any = final_any = 0
    t0 = time.perf_counter()
    for _ in range(trials):
        d = replace(design, secret=rng.bytes(32).hex())
        sim = simulate_trial(d, hazard, hr, rng, attack_days=LENGTHS)
        seen = looks(d, sim, baseline)
        first = next((x for x in seen if x[0] <= x[2]), None)
        seq_any += first is not None
        seq_up += first is not None and first[1]
        naive_any += any(p <= ALPHA for p, _, _ in seen)
        final_any += seen[-1][0] <= ALPHA
    ms = 1000 * (time.perf_counter() - t0) / trials
    return {"up": seq_up / trials, "any": seq_any / trials, "naive": naive_any / trials,
            "final": final_any / trials, "ms": ms}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=600)
    parser.add_argument("--null-trials", type=int, default=2000)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2-core machine shared with others)")
    print(f"{args.trials} simulated experiments per power row, {args.null_trials} per null row; "
          "random-blocks, 2-day wash-out, a look after every pair, alpha 0.05")  # fmt: skip
    print("\n## Power at the plan's own dose: stated (the plan) vs achieved (simulated people)")
    print(f"{'scenario':36} {'days/wk':>7} {'HR':>3} {'stated':>7} {'achieved':>8} {'diff':>6}")
    worst, ms = 0.0, []
    for i, (label, h, period, blocks) in enumerate(SCENARIOS):
        for dose in (7, 3):
            d = Design("random-blocks", period, blocks, 2, exposure_days=dose)
            for hr in (3.0, 2.0):
                stated = power(d, h, hr, (0.5, 0.5))
                got = run(d, h, hr, args.trials, seed=100 + 10 * i + dose)
                ms.append(got["ms"])
                worst = max(worst, abs(got["up"] - stated))
                print(f"{label:36} {dose:7d} {hr:3.0f} {stated:7.3f} {got['up']:8.3f} "
                      f"{got['up'] - stated:+6.3f}")  # fmt: skip
    print(f"largest |achieved - stated|: {worst:.3f}")
    print("\n## No effect (HR 1), looking after every pair: share with a false 'supports'")
    print(f"{'scenario':36} {'boundaries':>10} {'naive every look':>16} {'naive end only':>14}")
    for i, (label, h, period, blocks) in enumerate(SCENARIOS):
        d = Design("random-blocks", period, blocks, 2)
        got = run(d, h, 1.0, args.null_trials, seed=200 + i)
        ms.append(got["ms"])
        print(f"{label:36} {got['any']:10.3f} {got['naive']:16.3f} {got['final']:14.3f}")
    print(f"\nfull analysis at every look: median {np.median(ms):.0f} ms per simulated experiment; "
          f"load average at the end: {os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
