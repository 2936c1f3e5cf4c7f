"""The trigger engine on small simulated diaries with known truths."""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
import pytest

from gutbrain.analysis.triggers.engine import (
    NO_ASSOCIATION,
    PROTECTOR,
    TRIGGER,
    TriggerReport,
)
from gutbrain.domain.exposure import Exposure
from trigger_sim import D0, NULL_FOODS, Sim


def verdicts(report: TriggerReport, factor: str) -> dict[int, str]:
    return {r.lag_days: r.verdict for r in report.rows_for(factor)}


def test_a_strong_lag1_trigger_is_found_and_null_foods_are_not() -> None:
    foods = {"red wine": (0.25, 20 * 60), **NULL_FOODS}
    report = Sim(seed=1).run(foods, {"red wine": (4.0, 1)})
    assert verdicts(report, "red wine")[1] == TRIGGER
    assert not [r for r in report.by_verdict(TRIGGER) if r.factor.startswith("null")]
    row = next(r for r in report.rows_for("red wine") if r.lag_days == 1)
    assert row.sentence.startswith("On days after you ate red wine, an attack started")
    assert (
        "95 % CI" in row.sentence and f"{row.exposed_onsets} of {row.exposed_days}" in row.sentence
    )


def test_a_protector_is_found() -> None:
    foods = {"magnesium": (0.45, 9 * 60), **NULL_FOODS}
    report = Sim(seed=1, p0=0.2, days=540).run(foods, {"magnesium": (0.25, 1)})
    assert verdicts(report, "magnesium")[1] == PROTECTOR


def test_evening_food_is_not_a_lag0_protector_under_the_landmark_rule() -> None:
    # Dinner is skipped on half the attack days that began before it (statistics.md §0.1).
    foods = {f"dinner {k}": (0.5, 19 * 60) for k in range(10)}
    report = Sim(seed=11, p0=0.12).run(foods, {})
    assert not report.by_verdict(PROTECTOR)
    assert not report.by_verdict(TRIGGER)


def test_prodromal_craving_is_not_called_a_trigger() -> None:
    def craving(rng: np.random.Generator, i: int, onset: int) -> list[Exposure]:
        if onset < 0 or rng.random() > 0.8:
            return []
        minute = onset - int(rng.integers(60, 8 * 60))
        day = D0 + timedelta(i)
        if minute < 0:  # the evening before: a lag-1 "exposure" locked to the onset
            day, minute = day - timedelta(1), minute + 24 * 60
        return [Exposure("chocolate", "food", day, minute)]

    report = Sim(seed=2, p0=0.12).run(NULL_FOODS, {}, extra=craving)
    rows = report.rows_for("chocolate")
    assert rows and all(r.verdict != TRIGGER for r in rows)
    assert any("possible_prodrome" in r.flags for r in rows)


def test_short_diary_gives_no_verdicts_and_says_why() -> None:
    report = Sim(days=60, seed=1).run({"red wine": (0.3, 20 * 60)}, {"red wine": (5.0, 1)})
    assert not report.diary.enough
    assert "90" in report.diary.problems[0]
    assert {r.verdict for r in report.rows} == {"not_enough_data"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_verdicts_follow_the_contract(seed: int) -> None:
    foods = {"red wine": (0.25, 20 * 60), "tea": (0.5, 9 * 60), **NULL_FOODS}
    report = Sim(seed=seed, p0=0.15, days=720).run(foods, {"red wine": (3.0, 1), "tea": (0.5, 2)})
    fdr = report.config.fdr
    assert report.n_tests == sum(r.tested for r in report.rows)
    for r in report.rows:
        for x in (r.rr, r.ci_low, r.ci_high, r.p, r.q):
            assert x is None or math.isfinite(x)
        if r.verdict == TRIGGER:
            assert r.q is not None and r.q <= fdr and r.ci_low is not None and r.ci_low > 1
        if r.verdict == PROTECTOR:
            assert r.q is not None and r.q <= fdr and r.ci_high is not None and r.ci_high < 1
        if r.verdict == NO_ASSOCIATION:
            assert r.ci_high is not None and r.ci_high < 1.5
        if not r.tested:
            assert r.verdict == "not_enough_data" and r.p is None and r.q is None


def test_a_premonitory_trigger_still_tells_the_person_about_early_symptoms() -> None:
    from gutbrain.analysis.triggers.engine import TriggerRow
    from gutbrain.analysis.triggers.premonitory import premonitory_reason
    from gutbrain.analysis.triggers.wording import describe

    row = TriggerRow(
        "chocolate", "food", 1, 40, 11, 261, 30, 2.4, 1.3, 4.4, 0.001, 0.03, TRIGGER,
        flags=("possible_prodrome",), prodrome_note=premonitory_reason("chocolate"),
    )  # fmt: skip
    text = describe(row)
    assert "2.4 times as often" in text and "only an experiment" in text
