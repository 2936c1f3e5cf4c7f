"""Cohort population model: likelihood, prior fit, shrinkage and verdicts against hand figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gutbrain.analysis.cohort.model import (
    GRID,
    PROTECTOR,
    TRIGGER,
    UNDECIDED,
    Shrunken,
    bayes_fdr_verdicts,
    estimate_prior,
    fit_prior,
    profile_loglik,
    shrink,
)
from gutbrain.analysis.cohort.pool import FitRows, Stacked, apply_priors, fit_priors


def _hand_loglik(rr: float, a: int = 3, n1: int = 10, c: int = 2, n0: int = 20) -> float:
    """Profile log-likelihood by hand: p0 from the quadratic, then the two binomials."""
    m, big_n = a + c, n1 + n0
    b = m * (1 + rr) + rr * (n1 - a) + (n0 - c)
    p0 = (b - math.sqrt(b * b - 4 * rr * big_n * m)) / (2 * rr * big_n)
    p1 = rr * p0
    return (
        a * math.log(p1)
        + (n1 - a) * math.log(1 - p1)
        + c * math.log(p0)
        + (n0 - c) * math.log(1 - p0)
    )


# a=3 of n1=10 exposed days, c=2 of n0=20 unexposed; at RR 1 p0 is the pooled 5/30, at RR 2 the
# quadratic 60 p0² − 47 p0 + 5 = 0 gives p0 = (47 − √1009)/120 = 0.12696
L_RR1 = math.exp(5 * math.log(1 / 6) + 25 * math.log(5 / 6))
L_RR2 = math.exp(_hand_loglik(2.0))
GRID2 = np.array([0.0, math.log(2)])


def test_profile_likelihood_matches_the_hand_computation() -> None:
    assert _hand_loglik(1.0) == pytest.approx(math.log(L_RR1))
    assert (47 - math.sqrt(1009)) / 120 == pytest.approx(0.12696, abs=1e-5)
    ll = profile_loglik(np.array([3]), np.array([10]), np.array([2]), np.array([20]), GRID2)
    assert ll[0, 1] - ll[0, 0] == pytest.approx(math.log(L_RR2 / L_RR1))


def test_table_without_unexposed_days_carries_no_information() -> None:
    ll = profile_loglik(np.array([3]), np.array([10]), np.array([0]), np.array([0]))
    assert np.all(ll == 0)


def test_shrinkage_on_a_two_point_prior_matches_a_hand_computation() -> None:
    ll = profile_loglik(np.array([3]), np.array([10]), np.array([2]), np.array([20]), GRID2)
    sh = shrink(ll, np.array([0.5, 0.5]), GRID2)
    p_harmless = L_RR1 / (L_RR1 + L_RR2)  # = 0.314 by hand
    assert p_harmless == pytest.approx(0.314, abs=1e-3)
    assert sh.not_trigger[0] == pytest.approx(p_harmless)
    assert sh.rr[0] == pytest.approx(2.0)  # posterior median: P(RR = 2 | data) = 0.686
    # a prior that believes the crowd (90 % harmless) pulls the same table back to RR 1
    sh90 = shrink(ll, np.array([0.9, 0.1]), GRID2)
    assert sh90.not_trigger[0] == pytest.approx(0.9 * L_RR1 / (0.9 * L_RR1 + 0.1 * L_RR2))
    assert sh90.rr[0] == pytest.approx(1.0)


def test_prior_fit_recovers_a_known_share_of_triggered_people() -> None:
    rng = np.random.default_rng(3)
    n = 4000
    has = rng.random(n) < 0.3
    # long diaries: with 180-day ones the profile-likelihood prior overstates this share
    # (0.31 → 0.40 in the same set-up; docs/cohort.md), with 450-900 days it is recovered
    n1 = rng.integers(150, 300, n)
    n0 = rng.integers(300, 600, n)
    rate = 0.12
    a = rng.binomial(n1, np.where(has, 3 * rate, rate))
    c = rng.binomial(n0, rate)
    prior = estimate_prior("wine", "food", 1, (a, n1, c, n0))
    assert prior.pooled
    assert prior.n_people == int(((a + c) > 0).sum())
    assert prior.share(2.0) == pytest.approx(has.mean(), abs=0.03)
    assert prior.share(1 / 1.5) < 0.03
    assert prior.quantile(0.5) == pytest.approx(1.0, abs=0.06)


def test_too_few_people_means_no_pooling() -> None:
    ones = np.ones(10, dtype=np.int64)
    prior = estimate_prior("x", "food", 1, (ones, 10 * ones, ones, 20 * ones))
    assert not prior.pooled
    assert np.allclose(prior.weights, 1 / GRID.size)


def test_em_keeps_weights_a_distribution() -> None:
    w = fit_prior(np.log(np.random.default_rng(0).random((50, GRID.size))))
    assert w.sum() == pytest.approx(1.0)
    assert np.all(w >= 0)


def _shrunk(not_trigger: list[float], not_protector: list[float]) -> Shrunken:
    nt, np_ = np.array(not_trigger), np.array(not_protector)
    one = np.ones(nt.size)
    return Shrunken(one, one, one, nt, np_)


def test_bayes_fdr_rule_calls_the_longest_list_with_mean_error_within_the_level() -> None:
    person = np.array([0, 0, 0, 0, 1, 1])
    sh = _shrunk([0.01, 0.05, 0.30, 0.99, 0.20, 0.02], [0.99, 0.95, 0.70, 0.01, 0.80, 0.98])
    direction = np.array([1, 1, 1, -1, 1, -1])
    eligible = np.array([True, True, True, True, True, True])
    v = bayes_fdr_verdicts(person, sh, direction, eligible, 0.10)
    # person 0: errors sorted 0.01, 0.01 (protector), 0.05, 0.30 → running means
    # 0.01, 0.01, 0.023, 0.093 → all four are called; person 1: 0.20 alone is not, and the
    # 0.02 row's own data point the other way (−1), so it is not called either
    assert v.tolist() == [TRIGGER, TRIGGER, TRIGGER, PROTECTOR, UNDECIDED, UNDECIDED]
    v05 = bayes_fdr_verdicts(person, sh, direction, eligible, 0.05)
    assert v05.tolist() == [TRIGGER, TRIGGER, UNDECIDED, PROTECTOR, UNDECIDED, UNDECIDED]
    none = bayes_fdr_verdicts(person, sh, direction, ~eligible, 0.10)
    assert set(none.tolist()) == {UNDECIDED}


def _simulated(n_people: int, seed: int) -> tuple[Stacked, np.ndarray]:
    """People × 8 factors × lag 1 as tables: factor 0 is a trigger for 70 % (the crowd's),
    factors 1–2 for 15 %, the rest for nobody; RR 3, 180 at-risk days, onset rate 0.12."""
    rng = np.random.default_rng(seed)
    prevalence = np.array([0.7, 0.15, 0.15, 0, 0, 0, 0, 0])
    n_f = prevalence.size
    truth = rng.random((n_people, n_f)) < prevalence
    share = rng.uniform(0.15, 0.45, (n_people, n_f))
    n1 = rng.binomial(180, share)
    n0 = 180 - n1
    rate = 0.12
    a = rng.binomial(n1, np.where(truth, 3 * rate, rate))
    c = rng.binomial(n0, rate)
    s = Stacked(
        tuple(f"p{i}" for i in range(n_people)), tuple(f"f{j}" for j in range(n_f)),
        ("food",) * n_f, np.repeat(np.arange(n_people), n_f), np.tile(np.arange(n_f), n_people),
        np.ones(n_people * n_f, dtype=np.int64), n1.ravel(), a.ravel(), n0.ravel(), c.ravel(),
        np.ones(n_people * n_f, dtype=bool),
    )  # fmt: skip
    return s, truth.ravel()


def test_realised_fdp_stays_within_the_level_and_the_crowd_does_not_pull_nulls() -> None:
    s, truth = _simulated(3000, seed=11)
    mask = s.informative()
    rows = FitRows(
        tuple(s.names[f] for f in s.factor[mask]), ("food",) * int(mask.sum()), s.lag[mask],
        s.a[mask], s.n1[mask], s.c[mask], s.n0[mask],
    )  # fmt: skip
    priors = fit_priors([rows])
    assert 0.6 < priors[("f0", 1)].share(2.0) < 0.85  # true 0.70; overstated at 180 days
    _, v = apply_priors(s, priors, 0.10)
    called = v != UNDECIDED
    false = called & ~((v == TRIGGER) & truth)
    fdp = false.sum() / called.sum()
    assert fdp <= 0.10
    assert ((v == TRIGGER) & truth).sum() / truth.sum() > 0.4  # it does find triggers
    crowd_null = (s.factor == 0) & ~truth
    # a person for whom the crowd's trigger is harmless is rarely told otherwise (measured
    # 2.7 % here; every such call also needed the person's own exact p ≤ 0.05), and calls of
    # the crowd's trigger are right far more often than the level asks
    assert false[crowd_null].mean() <= 0.04
    crowd_calls = called & (s.factor == 0)
    assert false[crowd_calls].sum() / crowd_calls.sum() <= 0.05
