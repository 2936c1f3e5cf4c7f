"""Worked examples from shared/reference/statistics.md §2 and §5.2."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import fisher_exact
from statsmodels.stats.contingency_tables import StratifiedTable

from gutbrain.analysis.stats import (
    benjamini_hochberg,
    days_for_power,
    fisher_one_sided,
    fisher_power,
    fisher_two_sided,
    katz_ci,
    koopman_ci,
    mantel_haenszel_rr,
    risk_ratio,
)


def test_scipy_docs_example_rr_and_katz_interval() -> None:
    assert risk_ratio(10, 75, 12, 225) == pytest.approx(2.5)
    low, high = katz_ci(10, 75, 12, 225)
    assert (round(low, 3), round(high, 3)) == (1.126, 5.550)


def test_haldane_anscombe_when_a_cell_is_zero() -> None:
    low, high = katz_ci(5, 20, 0, 70)
    assert (round(low, 2), round(high, 0)) == (2.14, 645)


def test_koopman_handles_zero_cells() -> None:
    low, high = koopman_ci(0, 20, 5, 70)
    assert low == 0.0
    assert high == pytest.approx(2.45, abs=0.01)
    low, high = koopman_ci(5, 20, 0, 70)
    assert low == pytest.approx(4.66, abs=0.01)
    assert math.isinf(high)
    assert koopman_ci(0, 20, 0, 70) == (0.0, math.inf)


def test_worked_example_section_2_1() -> None:
    # 90 at-risk days: exposed 27 with 8 onsets, unexposed 63 with 6 onsets.
    assert float(risk_ratio(8, 27, 6, 63)) == pytest.approx(3.11, abs=0.005)
    assert [round(x, 2) for x in katz_ci(8, 27, 6, 63)] == [1.19, 8.11]
    assert [round(x, 2) for x in koopman_ci(8, 27, 6, 63)] == [1.22, 7.86]
    two = fisher_two_sided(np.array([8]), np.array([27]), 14, 90)[0]
    one = fisher_one_sided(np.array([8]), np.array([27]), 14, 90, greater=True)[0]
    assert round(two, 3) == 0.025
    assert round(one, 3) == 0.021


def test_vectorised_fisher_matches_scipy_on_many_tables() -> None:
    rng = np.random.default_rng(1)
    n_days, onsets = 120, 17
    n1 = rng.integers(1, 119, 60)
    a = np.array([rng.integers(max(0, onsets - (n_days - k)), min(k, onsets) + 1) for k in n1])
    ours = fisher_two_sided(a, n1, onsets, n_days)
    for x, k, p in zip(a, n1, ours, strict=True):
        table = [[x, k - x], [onsets - x, n_days - k - (onsets - x)]]
        assert p == pytest.approx(fisher_exact(table).pvalue, rel=1e-9, abs=1e-12)


def test_benjamini_hochberg_example() -> None:
    assert benjamini_hochberg([0.01, 0.02, 0.03, 0.5]) == pytest.approx([0.04, 0.04, 0.04, 0.5])


@pytest.mark.parametrize(
    ("days", "share", "p0", "rr", "alpha", "expected"),
    [
        (90, 0.3, 0.07, 2, 0.05, 0.19),
        (365, 0.3, 0.07, 3, 0.05, 0.97),
        (90, 0.3, 0.13, 3, 0.05, 0.79),
        (365, 0.3, 0.13, 2, 0.05, 0.88),
        (180, 0.1, 0.13, 3, 0.05, 0.74),
        (90, 0.3, 0.27, 2, 0.05, 0.72),
        (365, 0.3, 0.07, 3, 0.0025, 0.77),
        (180, 0.3, 0.13, 3, 0.0025, 0.79),
        (90, 0.1, 0.13, 5, 0.0025, 0.60),
        (180, 0.3, 0.27, 2, 0.0025, 0.67),
    ],
)
def test_exact_power_table_section_5_2(
    days: int, share: float, p0: float, rr: float, alpha: float, expected: float
) -> None:
    assert round(fisher_power(days, share, p0, rr, alpha), 2) == expected


def test_days_for_power_reaches_the_target_and_not_much_earlier() -> None:
    n = days_for_power(0.3, 0.13, 2.0, 0.05)
    assert n is not None
    assert fisher_power(n, 0.3, 0.13, 2.0, 0.05) >= 0.8
    assert fisher_power(int(n * 0.9), 0.3, 0.13, 2.0, 0.05) < 0.8
    # 365 days give 0.88 (table), so about 300 at-risk days are needed.
    assert 250 <= n <= 365
    assert days_for_power(0.01, 0.02, 2.0, 1e-4) is None  # beyond ten years


def test_mantel_haenszel_single_stratum_is_the_crude_katz_interval() -> None:
    mh = mantel_haenszel_rr([10], [75], [12], [225])
    assert mh.rr == pytest.approx(2.5)
    assert (round(mh.ci_low, 3), round(mh.ci_high, 3)) == (1.126, 5.550)


def test_mantel_haenszel_matches_statsmodels_pooled_rr() -> None:
    a, n1, c, n0 = [4, 9, 2], [20, 30, 15], [5, 10, 6], [60, 50, 45]
    tables = [np.array([[x, m - x], [y, k - y]]) for x, m, y, k in zip(a, n1, c, n0, strict=True)]
    assert mantel_haenszel_rr(a, n1, c, n0).rr == pytest.approx(
        StratifiedTable(tables).riskratio_pooled
    )


def test_mantel_haenszel_removes_a_confounder() -> None:
    # Within each stratum the risk is the same with and without the factor.
    mh = mantel_haenszel_rr([10, 2], [20, 40], [20, 3], [40, 60])
    assert mh.rr == pytest.approx(1.0)
    assert mh.p > 0.5


def test_vectorised_koopman_equals_statsmodels_row_by_row() -> None:
    from gutbrain.analysis.stats import koopman_ci_many

    rng = np.random.default_rng(0)
    n1 = rng.integers(5, 400, 300)
    n0 = rng.integers(5, 600, 300)
    a = rng.binomial(n1, rng.uniform(0, 0.3, 300))
    c = rng.binomial(n0, rng.uniform(0, 0.3, 300))
    # zero cells and full columns, which the vectorised form now takes too
    zeros = np.array([(0, 10, 5, 100), (0, 30, 20, 200), (3, 10, 0, 100), (5, 5, 10, 100),
                      (2, 40, 0, 5), (0, 5, 0, 100), (10, 10, 20, 20), (7, 7, 0, 50)])  # fmt: skip
    a, n1, c, n0 = (np.concatenate((x, zeros[:, k])) for k, x in enumerate((a, n1, c, n0)))
    low, high = koopman_ci_many(a, n1, c, n0)
    for i in range(a.size):
        ref = koopman_ci(int(a[i]), int(n1[i]), int(c[i]), int(n0[i]))
        assert low[i] == pytest.approx(ref[0], rel=1e-8, abs=1e-12)
        assert high[i] == pytest.approx(ref[1], rel=1e-8)


@given(st.integers(1, 300), st.integers(1, 300), st.data())
def test_koopman_interval_contains_the_estimate_and_is_ordered(
    n1: int, n0: int, data: st.DataObject
) -> None:
    a = data.draw(st.integers(0, n1))
    c = data.draw(st.integers(0, n0))
    low, high = koopman_ci(a, n1, c, n0)
    assert 0 <= low <= high
    if a > 0 and c > 0:
        assert low <= float(risk_ratio(a, n1, c, n0)) <= high
    if c == 0:
        assert math.isinf(high)
    if a == 0:
        assert low == 0


@given(st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_bh_q_values_are_monotone_in_p_and_never_below_p(ps: list[float]) -> None:
    q = benjamini_hochberg(ps)
    order = np.argsort(ps)
    assert np.all(np.diff(q[order]) >= -1e-12)
    assert np.all(q >= np.asarray(ps) - 1e-12)
