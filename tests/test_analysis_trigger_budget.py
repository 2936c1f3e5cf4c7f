"""The FDR budget of engine 3: weighted BH, the mid-p test, power weights and the population prior."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import hypergeom

from gutbrain.analysis.stats import benjamini_hochberg, fisher_mid_p, fisher_two_sided, weighted_bh
from gutbrain.analysis.triggers.budget import (
    PRIOR_MAX,
    approximate_power,
    budget,
    prior_share,
)
from gutbrain.analysis.triggers.engine import analyse
from gutbrain.analysis.triggers.prior import BASE, GRADE_PRIOR, LAG2, TriggerPrior
from gutbrain.analysis.triggers.verdicts import EngineConfig
from trigger_sim import NULL_FOODS, Sim


def test_weighted_bh_with_equal_weights_is_bh_and_weights_are_rescaled_to_mean_one() -> None:
    p = np.random.default_rng(3).uniform(size=40) ** 3
    assert np.allclose(weighted_bh(p, np.ones(40)), benjamini_hochberg(p))
    assert np.allclose(weighted_bh(p, np.full(40, 7.0)), benjamini_hochberg(p))


def test_weighted_bh_spends_the_budget_where_the_weight_is() -> None:
    p = np.array([0.004, 0.004, 0.5, 0.9])
    q_equal = weighted_bh(p, np.ones(4))
    q = weighted_bh(p, np.array([3.0, 0.5, 0.5, 0.0]))
    assert q[0] < q_equal[0] < q[1]
    assert q[3] == 1.0  # a row with no budget is never rejected


def test_weighted_bh_refuses_negative_weights() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        weighted_bh(np.array([0.1, 0.2]), np.array([1.0, -1.0]))


@pytest.mark.parametrize(("a", "n1"), [(0, 20), (2, 20), (5, 30), (9, 30), (12, 40)])
def test_mid_p_counts_the_observed_table_half(a: int, n1: int) -> None:
    onsets, days = 40, 300
    support = np.arange(onsets + 1)
    pmf = hypergeom.pmf(support, days, n1, onsets)
    obs = hypergeom.pmf(a, days, n1, onsets)
    expected = pmf[pmf < obs * (1 - 1e-7)].sum() + 0.5 * pmf[np.isclose(pmf, obs, rtol=1e-7)].sum()
    got = fisher_mid_p(np.array([a]), np.array([n1]), onsets, days)[0]
    assert got == pytest.approx(expected, rel=1e-6)
    assert got <= fisher_two_sided(np.array([a]), np.array([n1]), onsets, days)[0]


def test_power_is_low_for_rare_and_ubiquitous_factors_and_high_in_between() -> None:
    n1 = np.array([3, 60, 295])
    n0 = 300 - n1
    power = approximate_power(n1, n0, np.full(3, 40), 0.001)
    assert power[1] > 0.5
    assert power[0] < 0.1 and power[2] < 0.1


def test_budget_weights_average_one_and_the_prior_moves_them() -> None:
    n1 = np.array([60, 60, 60, 60])
    n0 = 300 - n1
    onsets = np.full(4, 40)
    p = np.array([0.01, 0.01, 0.5, 0.5])
    prior = np.array([GRADE_PRIOR["B"], BASE, BASE, BASE])
    b = budget(p, n1, n0, onsets, prior, 0.1)
    assert b.weight.mean() == pytest.approx(1.0)
    assert b.weight[0] > b.weight[1]
    assert b.q[0] < b.q_without_prior[0]
    assert b.prior_weight[0] <= PRIOR_MAX
    none = budget(p, n1, n0, onsets, prior, 0.1, "none")
    assert np.allclose(none.weight, 1.0) and np.allclose(none.q, benjamini_hochberg(p))


def test_prior_share_is_zero_without_a_lift_and_grows_as_the_evidence_weakens() -> None:
    assert prior_share(0.001, 1.0) == 0.0
    assert 0 < prior_share(1e-6, 2.5) < prior_share(0.01, 2.5) < 1


def test_the_shipped_prior_cites_its_numbers_and_halves_lag_two() -> None:
    prior = TriggerPrior(grades={"alcohol": "B", "tyramine": "N/C"})
    assert prior.probability("alcohol", "component", 1) == pytest.approx(0.378 * 0.115)
    assert prior.probability("tyramine", "component", 1) == GRADE_PRIOR["N/C"]
    assert prior.probability("olives", "food", 1) == BASE
    assert prior.probability("fasting", "diet", 2) == pytest.approx(
        prior.probability("fasting", "diet", 1) * LAG2
    )
    # verified at population level (Marmura 2018) ranks above a plain self-reported factor
    assert prior.probability("fasting", "diet", 1) > prior.probability("alcohol", "component", 1)


def test_a_cohort_prior_replaces_the_shipped_one_shrunk_by_its_size() -> None:
    base = TriggerPrior()
    small = TriggerPrior.from_shares({("olives", "food"): (0.5, 5)}, base)
    large = TriggerPrior.from_shares({("olives", "food"): (0.5, 2000)}, base)
    assert BASE < small.probability("olives", "food", 1) < large.probability("olives", "food", 1)
    assert large.probability("olives", "food", 1) == pytest.approx(0.5, abs=0.01)
    assert large.probability("bread", "food", 1) == BASE
    assert "cohort" in large.source


def test_a_verdict_the_prior_carries_says_so_and_the_plain_engine_does_not_call_it() -> None:
    sim = Sim(days=200, seed=12)
    plain = sim.run({**NULL_FOODS, "fasting": (0.2, 9 * 60)}, {"fasting": (2.0, 1)})
    weighted = EngineConfig(test="mid-p", weighting="prior")
    report = analyse(plain.series, plain.matrix, config=weighted)
    row = next(r for r in report.rows if r.factor == "fasting" and r.lag_days == 1)
    assert row.verdict == "trigger" and row.leans_on_prior
    assert row.weight is not None and row.weight > 1
    assert row.prior_share is not None and 0 < row.prior_share < 1
    assert "known about people like you" in row.sentence
    same = next(r for r in plain.rows if r.factor == "fasting" and r.lag_days == 1)
    assert same.verdict != "trigger" and not same.leans_on_prior
    # the weights average 1 over the tested rows
    weights = [r.weight for r in report.rows if r.tested]
    assert sum(w for w in weights if w is not None) / len(weights) == pytest.approx(1, abs=0.01)


def test_a_cohorts_fitted_priors_become_the_engines_prior() -> None:
    from gutbrain.analysis.cohort.model import GRID, PopulationPrior
    from gutbrain.services.triggers import cohort_prior

    weights = np.where(np.isclose(GRID, GRID[np.argmin(abs(GRID - np.log(3)))]), 1.0, 0.0)
    fitted = PopulationPrior("olives", "food", 1, weights / weights.sum(), 500, True)
    lag2 = PopulationPrior("olives", "food", 2, weights / weights.sum(), 500, True)
    prior = cohort_prior({("olives", 1): fitted, ("olives", 2): lag2})
    assert prior.probability("olives", "food", 1) > 0.9
    assert prior.probability("bread", "food", 1) == BASE
