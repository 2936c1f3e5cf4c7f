"""``explain_factor``: the days behind a row and what would change its verdict."""

from __future__ import annotations

import re

import pytest

from gutbrain.analysis.stats import koopman_ci
from gutbrain.analysis.triggers.engine import TRIGGER, TriggerReport
from gutbrain.analysis.triggers.explain import explain_factor
from gutbrain.domain.entries import DiarySettings, Entry
from gutbrain.domain.errors import NotFoundError
from gutbrain.meaning.entries import Understanding
from gutbrain.services.triggers import report_from_entries


@pytest.fixture(scope="module")
def report(demo_entries: list[Entry]) -> TriggerReport:
    return report_from_entries(demo_entries, Understanding(DiarySettings(), None))


def test_days_behind_each_cell_add_up(report: TriggerReport) -> None:
    ex = explain_factor(report, "Red Wine")
    assert [lag.row.lag_days for lag in ex.lags] == [0, 1, 2]
    for lag in ex.lags:
        r = lag.row
        assert len(lag.exposed_onset_days) == r.exposed_onsets
        assert len(lag.exposed_quiet_days) == r.exposed_days - r.exposed_onsets
        assert len(lag.unexposed_onset_days) == r.unexposed_onsets


def test_what_would_change_a_trigger_is_exact(report: TriggerReport) -> None:
    lag1 = next(lag for lag in explain_factor(report, "red wine").lags if lag.row.lag_days == 1)
    r = lag1.row
    assert r.verdict == TRIGGER
    match = re.search(r"next (\d+) days", lag1.what_would_change)
    assert match, lag1.what_would_change
    k = int(match.group(1))
    a, n1, c, n0 = r.exposed_onsets, r.exposed_days, r.unexposed_onsets, r.unexposed_days
    assert koopman_ci(a, n1 + k, c, n0)[0] <= 1 < koopman_ci(a, n1 + k - 1, c, n0)[0]


def test_not_enough_data_says_how_many_days(report: TriggerReport) -> None:
    rows = [
        r for r in report.rows if r.verdict == "not_enough_data" and r.more_days and not r.flags
    ]
    lag = next(
        lag
        for lag in explain_factor(report, rows[0].factor).lags
        if lag.row.lag_days == rows[0].lag_days
    )
    assert f"{rows[0].more_days} more diary days" in lag.what_would_change


def test_unknown_factor_suggests_close_names(report: TriggerReport) -> None:
    with pytest.raises(NotFoundError, match=r"Did you mean: .*red wine"):
        explain_factor(report, "red")
