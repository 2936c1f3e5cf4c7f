"""N-of-1 experiment analysis: schedules, exact statistics, and behaviour over ≥ 500 simulated
experiments (planned power is met, the false-positive rate stays at or below α)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from statsmodels.stats import rates as sm_rates

from gutbrain.analysis.attacks import build_day_series
from gutbrain.analysis.experiments.design import (
    ARM_A,
    ARM_B,
    NOT_ANALYSED,
    Design,
    allocations,
    day_plan,
    schedule,
)
from gutbrain.analysis.experiments.outcome import analyse_experiment
from gutbrain.analysis.experiments.power import counted, hazard_from_rate, plan_summary, power
from gutbrain.analysis.experiments.stats import compare_rates, posterior, randomisation_test
from gutbrain.analysis.experiments.trend import before_during
from gutbrain.demo.experiment_sim import sequential_result, simulate_trial

START = date(2026, 1, 5)


def test_schedule_is_reproducible_and_balanced() -> None:
    d = Design("random-blocks", 7, 6, 2, seed=42)
    assert schedule(d) == schedule(Design("random-blocks", 7, 6, 2, seed=42))
    arms = schedule(d)
    assert all({arms[2 * b], arms[2 * b + 1]} == {"A", "B"} for b in range(6))
    seeds = {schedule(Design("random-blocks", 7, 6, 2, seed=s)) for s in range(40)}
    assert len(seeds) > 10  # really randomised
    # extending keeps the blocks already planned
    assert schedule(Design("random-blocks", 7, 8, 2, seed=42))[:12] == arms


def test_abab_alternates_from_a_random_start() -> None:
    starts = set()
    for seed in range(20):
        arms = schedule(Design("abab", 7, 3, 2, seed))
        assert all(arms[i] != arms[i + 1] for i in range(5))
        starts.add(arms[0])
    assert starts == {"A", "B"}
    assert allocations(Design("abab", 7, 3, 2, 1)).shape == (2, 6)


def test_allocations_enumerate_every_block_order() -> None:
    alloc = allocations(Design("random-blocks", 7, 4, 2, 3))
    assert alloc.shape == (16, 8)
    assert len({tuple(r) for r in alloc}) == 16
    assert (alloc[:, 0::2] != alloc[:, 1::2]).all()


def test_day_plan_washout_pause_and_stop() -> None:
    d = Design("random-blocks", 7, 2, 2, 5)
    plan = day_plan(d, START)
    assert plan.period.size == 28
    assert (plan.arm[:2] == NOT_ANALYSED).all() and (plan.arm[2:7] != NOT_ANALYSED).all()
    assert set(plan.arm[plan.arm != NOT_ANALYSED]) == {ARM_A, ARM_B}
    paused = day_plan(d, START, pauses=[(START + timedelta(days=3), START + timedelta(days=6))])
    assert paused.period.size == 31 and paused.paused[3:6].all()
    assert paused.period[6] == 0 and paused.arm[6] == NOT_ANALYSED  # wash-out after a pause
    assert paused.arm[8] != NOT_ANALYSED
    stopped = day_plan(d, START, stopped=START + timedelta(days=10))
    assert stopped.period.size == 10
    with pytest.raises(ValueError, match="wash-out"):
        Design("abab", 7, 2, 7, 1)


def test_conditional_ci_matches_statsmodels_test() -> None:
    for xa, ta, xb, tb in [(9, 40, 3, 45), (2, 30, 8, 35), (5, 20, 0, 25), (0, 20, 4, 25)]:
        res = compare_rates(xa, ta, xb, tb)
        one_sided = [
            sm_rates.test_poisson_2indep(xa, ta, xb, tb, method="exact-cond", alternative=alt)
            for alt in ("larger", "smaller")
        ]
        assert res.p is not None  # central two-sided p: twice the smaller one-sided p
        assert res.p == pytest.approx(min(1.0, 2 * min(t.pvalue for t in one_sided)), rel=1e-6)
        # the CI excludes 1 exactly when p ≤ 0.05 (central test and Clopper–Pearson agree)
        excludes = res.ci_low > 1 or (res.ci_high is not None and res.ci_high < 1)
        assert excludes == (res.p <= 0.05)
    assert compare_rates(5, 20, 0, 25).ci_high is None  # unbounded, not a number
    assert compare_rates(0, 20, 0, 25).rr is None


def test_posterior_is_exact_and_symmetric() -> None:
    even = posterior(5, 50, 5, 50, baseline_rate=0.1)
    assert even.p_rr_above_1 == pytest.approx(0.5, abs=1e-9)
    assert even.median == pytest.approx(1.0, rel=1e-9)
    rng = np.random.default_rng(0)
    post = posterior(9, 40, 3, 45, baseline_rate=0.1)
    la = rng.gamma(1 + 9, 1 / (10 + 40), 200_000)
    lb = rng.gamma(1 + 3, 1 / (10 + 45), 200_000)
    assert post.p_rr_above_1 == pytest.approx(float(np.mean(la > lb)), abs=0.005)
    assert post.cri_low < post.median < post.cri_high


def test_randomisation_test_counts_mirror_schedules() -> None:
    d = Design("random-blocks", 7, 4, 2, 9)
    alloc = allocations(d)
    actual = np.array([a == "A" for a in schedule(d)])
    onsets = np.where(actual, 4, 0).astype(np.int64)
    days = np.full(8, 5, dtype=np.int64)
    res = randomisation_test(onsets, days, actual, alloc, exhaustive=True)
    assert res.p == pytest.approx(2 / 16) and res.smallest_possible_p == pytest.approx(2 / 16)


def test_counted_rate_inverts() -> None:
    for h in (0.02, 0.1, 0.25):
        for ad in (1.0, 1.5, 2.5):
            assert hazard_from_rate(counted(h, ad)[0], ad) == pytest.approx(h, rel=1e-6)


def test_plan_warns_when_too_short() -> None:
    short = plan_summary(Design("random-blocks", 7, 2, 2, 1), baseline_rate=0.05)
    assert short.too_short and "Too short" in short.warnings[0]
    assert any("doubling" in w for w in short.warnings)
    long = plan_summary(Design("random-blocks", 14, 20, 2, 1), baseline_rate=0.12)
    assert long.scenarios[0].power > short.scenarios[0].power
    assert long.expected_onsets > short.expected_onsets
    assert not any("run into each other" in w for w in long.warnings)
    # a person with an attack start on about every fifth free day: doubling saturates
    busy = plan_summary(Design("random-blocks", 14, 8, 2, 1), baseline_rate=0.17, attack_days=1.7)
    assert any("run into each other" in w for w in busy.warnings)


def _found(result: object, direction: int) -> bool:
    """The verdict a person looking after every pair would act on, in this direction."""
    return result.verdict == ("supports_trigger" if direction > 0 else "supports_protector")  # type: ignore[attr-defined]


N_TRIALS = 600
#: A person with ~3 attacks a month lasting 1–2 days, 14-day periods, 2-day wash-out,
#: 12 blocks: planned power for a tripled hazard ≈ 0.5 (the middle, where errors show most).
SCENARIO = {"hazard": 0.1, "attack_days": (1, 2), "period": 14, "blocks": 12, "washout": 2}


def _run(hazard_ratio: float, seed: int, **kw: float) -> tuple[int, list[object]]:
    rng = np.random.default_rng(seed)
    hits, results = 0, []
    for _ in range(N_TRIALS):
        d = Design("random-blocks", SCENARIO["period"], SCENARIO["blocks"],
                   SCENARIO["washout"], int(rng.integers(1 << 31)))  # fmt: skip
        sim = simulate_trial(d, SCENARIO["hazard"], hazard_ratio, rng,
                             attack_days=SCENARIO["attack_days"], **kw)  # fmt: skip
        res = sequential_result(d, sim, 0.08, "red wine")
        hits += _found(res, 1)
        results.append(res)
    return hits, results


@pytest.mark.slow
def test_true_rr_3_is_found_at_the_planned_power() -> None:
    design = Design("random-blocks", SCENARIO["period"], SCENARIO["blocks"], SCENARIO["washout"], 1)
    planned = power(design, SCENARIO["hazard"], 3.0, 1.5)
    hits, _ = _run(3.0, seed=2026)
    assert 0.3 < planned < 0.9
    assert hits / N_TRIALS == pytest.approx(planned, abs=0.05)


@pytest.mark.slow
def test_no_effect_false_positive_rate_at_most_alpha() -> None:
    hits, results = _run(1.0, seed=7)
    rate = hits / N_TRIALS
    # a look after every pair; both directions must stay ≤ α as well
    both = sum(1 for r in results if _found(r, 1) or _found(r, -1))
    assert rate <= 0.05 and both / N_TRIALS <= 0.05
    # the randomisation test is valid too
    rand = [r.randomisation.p for r in results if r.randomisation.p is not None]  # type: ignore[attr-defined]
    assert len(rand) > 500 and np.mean(np.array(rand) <= 0.05) <= 0.05 + 0.02


@pytest.mark.slow
def test_deviations_and_missing_days_are_handled_and_reported() -> None:
    rng = np.random.default_rng(11)
    d = Design("random-blocks", 14, 12, 2, 77)
    sim = simulate_trial(d, 0.1, 3.0, rng, missing_share=0.08, deviation_share=0.1,
                         unchecked_share=0.1)  # fmt: skip
    res = analyse_experiment(d, sim.plan, sim.series, sim.checks, 0.08, "red wine")
    a, b = res.arms
    assert a.missing_days + b.missing_days > 0
    assert a.missing_days + b.missing_days <= len(sim.missing)
    assert len(res.deviations) == sum(1 for v in sim.checks.values() if not v)
    assert a.checked_no + b.checked_no <= len(res.deviations)
    assert a.unchecked + b.unchecked > 0
    # per-protocol leaves out deviation days and the day after: fewer at-risk days
    assert res.per_protocol.days_a + res.per_protocol.days_b < res.itt.days_a + res.itt.days_b
    # over many trials: missing days and deviations cost power but the test stays valid
    hits, results = _run(1.0, seed=5, missing_share=0.1, deviation_share=0.1)
    assert hits / N_TRIALS <= 0.05
    pp = [r for r in results if r.per_protocol.p is not None and r.per_protocol.p <= 0.05]  # type: ignore[attr-defined]
    assert len(pp) / N_TRIALS <= 0.05


def test_partial_experiment_counts_only_finished_periods() -> None:
    rng = np.random.default_rng(3)
    d = Design("random-blocks", 7, 4, 2, 1)
    sim = simulate_trial(d, 0.15, 1.0, rng)
    cut = build_day_series(START, START + timedelta(days=17), sim.events, ())
    res = analyse_experiment(d, sim.plan, cut, {}, 0.1, "x")
    assert res.periods_done == 2 and not res.complete
    assert len(res.periods) == 3


def test_before_during_adjusts_for_trend() -> None:
    rng = np.random.default_rng(4)
    n = 140
    t = np.arange(n)
    during = t >= 70
    # attacks fall steadily over the whole time (no supplement effect): trend, not treatment
    rate = 0.25 * np.exp(-t / 80)
    onset = rng.random(n) < rate
    at_risk = np.ones(n, dtype=bool)
    res = before_during(onset, at_risk, during)
    assert res.unadjusted.rr is not None and res.rr is not None
    assert res.ci_low is not None and res.ci_high is not None
    assert res.ci_low < res.rr < res.ci_high
    assert "weaker" in res.note
    # the adjusted interval is wider: the design says less than a naive comparison
    assert res.ci_high / res.ci_low > res.unadjusted.ci_high / res.unadjusted.ci_low  # type: ignore[operator]


def test_secret_schedule_is_reproducible_unpredictable_and_extendable() -> None:
    secret = "ab" * 32
    d = Design("random-blocks", 7, 6, 2, secret=secret)
    assert schedule(d) == schedule(Design("random-blocks", 7, 6, 2, secret=secret))
    assert schedule(Design("random-blocks", 7, 9, 2, secret=secret))[:12] == schedule(d)
    # the seed plays no part once there is a secret; different secrets give different orders
    assert schedule(Design("random-blocks", 7, 6, 2, seed=5, secret=secret)) == schedule(d)
    orders = {schedule(Design("random-blocks", 7, 6, 2, secret=f"{s:064x}")) for s in range(40)}
    assert len(orders) > 10
    firsts = [schedule(Design("random-blocks", 7, 1, 2, secret=f"{s:064x}"))[0] for s in range(400)]
    assert 150 < firsts.count("A") < 250  # a fair coin


def test_sequential_boundaries_spend_alpha_over_the_looks() -> None:
    from scipy.stats import norm

    from gutbrain.analysis.experiments.sequential import boundaries, spent

    for looks in (1, 4, 12):
        b = np.array(boundaries(looks))
        assert np.all(np.diff(b) > 0) and b[-1] <= 0.05
        # Brownian motion with a look at k/looks: overall crossing probability = α
        rng = np.random.default_rng(looks)
        steps = rng.standard_normal((200_000, looks)) / np.sqrt(looks)
        z = np.cumsum(steps, axis=1) / np.sqrt(np.arange(1, looks + 1) / looks)
        crossed = np.abs(z) >= norm.isf(b / 2)
        assert crossed.any(axis=1).mean() == pytest.approx(0.05, abs=0.003)
        assert crossed[:, 0].mean() == pytest.approx(spent(1 / looks), abs=0.002)
    assert boundaries(1) == (pytest.approx(0.05),)


def test_an_early_look_is_interim_and_needs_the_stricter_boundary() -> None:
    rng = np.random.default_rng(21)
    d = Design("random-blocks", 7, 12, 2, secret="cd" * 32)
    sim = simulate_trial(d, 0.12, 4.0, rng)
    cut = build_day_series(START, START + timedelta(days=4 * 14 - 1), sim.events, ())
    res = analyse_experiment(d, sim.plan, cut, {}, 0.1, "red wine")
    assert res.look == 4 and res.looks_planned == 12 and res.interim
    assert res.threshold_p < 0.001
    assert res.conclusion.startswith("Interim look after 4 of 12 pairs")
    full = analyse_experiment(d, sim.plan, sim.series, {}, 0.1, "red wine")
    assert not full.interim and full.threshold_p > 0.03
    assert "Interim" not in full.conclusion
    # mid-pair: the days of the unfinished pair are listed but not analysed
    mid = build_day_series(START, START + timedelta(days=4 * 14 + 9), sim.events, ())
    res_mid = analyse_experiment(d, sim.plan, mid, {}, 0.1, "red wine")
    assert res_mid.look == 4 and res_mid.days_not_yet_analysed == 10
    assert res_mid.itt == res.itt and res_mid.randomisation == res.randomisation


def test_unchecked_days_are_unknown_not_followed() -> None:
    rng = np.random.default_rng(5)
    d = Design("random-blocks", 7, 4, 2, secret="ef" * 32)
    sim = simulate_trial(d, 0.15, 1.0, rng)
    three = dict(list(sim.checks.items())[:3])  # only three days answered, all "yes"
    res = analyse_experiment(d, sim.plan, sim.series, three, 0.1, "x")
    a, b = res.arms
    assert a.checked_yes + b.checked_yes <= 3 and a.checked_no + b.checked_no == 0
    assert a.unchecked + b.unchecked == a.analysed_days + b.analysed_days - (
        a.checked_yes + b.checked_yes
    )
    # per protocol needs confirmed days: three at most
    assert res.per_protocol.days_a + res.per_protocol.days_b <= 3
