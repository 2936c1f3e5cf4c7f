"""Robustness checks: circular-shift permutation, stratification, co-occurring factors."""

from __future__ import annotations

import numpy as np

from gutbrain.analysis.triggers.robustness import circular_shift_p, co_factors, log_rr, stratified
from gutbrain.analysis.triggers.tables import DayDesign


def design(rows: np.ndarray, outcome: np.ndarray) -> DayDesign:
    return DayDesign(1, rows.astype(bool), (outcome & rows).astype(bool))


def test_fft_shifts_equal_rolling_the_series_by_hand() -> None:
    rng = np.random.default_rng(3)
    n = 200
    x = rng.random(n) < 0.3
    d = design(rng.random(n) < 0.9, rng.random(n) < 0.15)
    p = circular_shift_p(x, d, higher=True)
    stats = []
    for s in range(n):
        xs = np.roll(x, s)
        a = float((xs & d.outcome).sum())
        n1 = float((xs & d.rows).sum())
        stats.append(float(log_rr(np.array([a]), np.array([n1]), d.n_onsets, d.n_days)[0]))
    null = np.array(stats[7 : n - 6])
    expected = (1 + (null >= stats[0] - 1e-12).sum()) / (1 + null.size)
    assert p == expected


def test_aligned_exposure_passes_and_random_one_does_not() -> None:
    rng = np.random.default_rng(1)
    n = 365
    onset = rng.random(n) < 0.1
    rows = np.ones(n, bool)
    trigger = onset | (rng.random(n) < 0.1)  # present before every onset
    assert circular_shift_p(trigger, design(rows, onset), higher=True) < 0.01
    noise = rng.random(n) < 0.2
    assert circular_shift_p(noise, design(rows, onset), higher=True) > 0.05


def test_stratification_removes_a_confounded_association() -> None:
    rng = np.random.default_rng(2)
    n = 2000
    stratum = (rng.random(n) < 0.3).astype(np.int64)  # e.g. the perimenstrual window
    onset = rng.random(n) < np.where(stratum == 1, 0.3, 0.05)
    food = rng.random(n) < np.where(stratum == 1, 0.6, 0.1)  # eaten more in the window
    d = design(np.ones(n, bool), onset)
    mh = stratified(food, d, stratum)
    assert 0.7 < mh.rr < 1.4 and mh.p > 0.05


def test_co_eaten_food_is_explained_by_the_trigger() -> None:
    rng = np.random.default_rng(4)
    n = 3000
    wine = rng.random(n) < 0.25
    olives = np.where(wine, rng.random(n) < 0.6, rng.random(n) < 0.1)
    onset = rng.random(n) < np.where(wine, 0.25, 0.06)
    d = design(np.ones(n, bool), onset)
    (res,) = [r for r in co_factors(1, np.vstack([wine, olives]), d) if r.other == 0]
    assert res.explains and not res.same_days
