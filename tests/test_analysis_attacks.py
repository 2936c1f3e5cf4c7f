"""Episodes, onsets and at-risk days (statistics.md §0: the unit is the local diary day)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from gutbrain.analysis.attacks import NO_MINUTE, OutcomeEvent, build_day_series
from gutbrain.analysis.triggers.tables import lag_design, landmark_design

D0 = date(2026, 1, 1)


def day(i: int) -> date:
    return D0 + timedelta(days=i)


def ev(start: int, end: int | None = None, minute: int | None = 600) -> OutcomeEvent:
    return OutcomeEvent(day(start), minute, day(start if end is None else end))


def test_consecutive_days_and_one_free_day_between_are_one_attack() -> None:
    s = build_day_series(day(0), day(14), [ev(2), ev(3), ev(5), ev(9)])
    assert list(np.flatnonzero(s.onset)) == [2, 9]
    # days 3, 4 (sandwiched free day) and 5 belong to the first attack: not at risk
    assert not s.at_risk[[3, 4, 5]].any()
    assert s.at_risk[[0, 1, 2, 6, 7, 8, 9, 10]].all()


def test_two_free_days_start_a_new_attack() -> None:
    s = build_day_series(day(0), day(10), [ev(2), ev(5)])
    assert list(np.flatnonzero(s.onset)) == [2, 5]


def test_multi_day_attack_from_its_end_time() -> None:
    s = build_day_series(day(0), day(10), [ev(2, end=4, minute=1380)])
    assert list(np.flatnonzero(s.event_day)) == [2, 3, 4]
    assert list(np.flatnonzero(s.onset)) == [2]
    assert s.onset_minute[2] == 1380


def test_missing_days_are_never_at_risk_and_unknown_onsets_are_left_out() -> None:
    s = build_day_series(day(0), day(10), [ev(5)], missing_days=[day(4), day(8)])
    assert not s.covered[4] and not s.at_risk[4] and not s.at_risk[8]
    # the onset on day 5 may have begun on the missing day 4
    assert s.onset[5] and not s.at_risk[5]


def test_date_only_onset_has_no_minute() -> None:
    s = build_day_series(day(0), day(5), [ev(2, minute=None)])
    assert s.onset_minute[2] == NO_MINUTE


def test_lag_design_needs_a_kept_attack_free_exposure_day() -> None:
    s = build_day_series(day(0), day(12), [ev(3), ev(9)], missing_days=[day(6)])
    lag1 = lag_design(s, 1)
    assert not lag1.rows[7]  # day 6 (its exposure day) is missing
    assert not lag1.rows[4]  # day 3 had an attack: what was eaten then is shaped by it
    assert lag1.rows[9] and lag1.outcome[9]


def test_landmark_design_uses_one_cut_off_on_every_day() -> None:
    s = build_day_series(day(0), day(5), [ev(1, minute=8 * 60), ev(4, minute=20 * 60)])
    design = landmark_design(s, 12 * 60)
    assert not design.rows[1]  # onset at 08:00 is before the 12:00 landmark: left out
    assert design.rows[4] and design.outcome[4]
    assert design.rows[[0, 2, 3, 5]].all()
