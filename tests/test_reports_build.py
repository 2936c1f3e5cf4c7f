"""The report's numbers and warnings for a hand-made half year (see report_samples.py)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from gutbrain.analysis.clinical.endpoints import Period
from gutbrain.analysis.triggers.engine import TriggerRow
from gutbrain.reports.build import build_report, select_trigger_rows
from gutbrain.reports.model import ReportData
from report_samples import MISSING, PERIOD, SAMPLE_TRIGGERS, sample_entries, sample_report


@pytest.fixture(scope="module")
def report() -> ReportData:
    return sample_report()


def test_headline_counts(report: ReportData) -> None:
    c = report.current
    assert c.documented_days == 181 - 4
    assert c.migraine_days == 5 * 10 + 2
    assert c.headache_days == 5 * 16 + 2 + 3  # + three ibuprofen days without an attack
    assert c.mmd == pytest.approx(52 * 28 / 177)
    assert c.attacks == 5 + 2  # days 1–16 of a month are one attack each
    assert report.previous is None  # nothing documented before January


def test_overuse_and_chronic_warnings(report: ReportData) -> None:
    met = {r.rule.key: r for r in report.overuse.met}
    assert set(met) == {"triptan"}
    assert met["triptan"].longest_run == 5
    assert met["triptan"].run_start == date(2025, 1, 1)
    overuse, chronic = report.warnings
    assert "triptans on ≥ 10 days/month for 5 consecutive months from Jan 2025" in overuse
    assert "ICHD-3 8.2.2" in overuse
    assert "consider medication-overuse headache" in overuse
    assert "ICHD-3 1.3" in chronic
    assert "5 consecutive months" in chronic


def test_low_completeness_is_warned_about() -> None:
    missing = [*MISSING, *(date(2025, 6, 1) + timedelta(days=i) for i in range(30))]
    missing += [date(2025, 1, 17) + timedelta(days=i) for i in range(10)]
    data = build_report(
        sample_entries(), coverage=PERIOD, missing=missing, period=PERIOD,
        generated_on=date(2025, 7, 1), version="t", timezone="UTC",
    )  # fmt: skip
    assert data.current.completeness < 0.8
    assert any("lower bounds" in w for w in data.warnings)


def test_courses_and_cycles(report: ReportData) -> None:
    (prev,) = report.preventives
    assert (prev.name, prev.first, prev.last) == ("topiramate", date(2025, 5, 1), PERIOD.last)
    (probiotic,) = report.probiotics
    assert (probiotic.first, probiotic.last, probiotic.intake_days) == (
        date(2025, 4, 1), date(2025, 4, 30), 30,
    )  # fmt: skip
    assert len(report.menstrual.cycles) == 6
    assert report.menstrual.verdict == "not_menstrual"


def test_calendar_marks_every_day(report: ReportData) -> None:
    days = {d.day: d for d in report.calendar}
    assert len(days) == PERIOD.days
    assert days[date(2025, 1, 5)].intensity == 4 and days[date(2025, 1, 5)].acute
    assert days[date(2025, 3, 26)].missing
    assert days[date(2025, 1, 21)].menstruation
    assert days[date(2025, 6, 1)].intensity is None


def test_trigger_rows_findings_first_and_limited() -> None:
    filler = [
        TriggerRow(factor=f"f{i}", kind="food", lag_days=1, exposed_days=10, exposed_onsets=1,
                   unexposed_days=100, unexposed_onsets=10, rr=1.0, ci_low=0.2, ci_high=5,
                   p=0.9, q=0.9 - i / 100, verdict="not_enough_data", tested=True)
        for i in range(10)
    ]  # fmt: skip
    untested = TriggerRow(factor="rare", kind="food", lag_days=1, exposed_days=1, exposed_onsets=0,
                          unexposed_days=100, unexposed_onsets=10, rr=None, ci_low=None,
                          ci_high=None, p=None, q=None, verdict="not_enough_data")  # fmt: skip
    rows = select_trigger_rows([*filler, untested, *SAMPLE_TRIGGERS.rows], limit=5)
    assert [r.factor for r in rows] == ["red wine", "chocolate", "coffee", "f9", "f8"]


def test_json_twin_is_plain_json(report: ReportData) -> None:
    data = report.to_json()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["current"]["mmd"] == pytest.approx(52 * 28 / 177)
    assert data["period"] == {"first": "2025-01-01", "last": "2025-06-30"}
    assert data["triggers"]["rows"][0]["factor"] == "red wine"
    assert data["overuse"]["rules"][0]["met"] is True
    assert data["menstrual"]["verdict"] == "not_menstrual"


def test_period_must_not_be_reversed() -> None:
    with pytest.raises(ValueError, match="ends"):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_trend_against_the_previous_period_of_the_same_length() -> None:
    period = Period(date(2025, 4, 1), date(2025, 6, 30))  # 91 days
    data = build_report(
        sample_entries(), coverage=PERIOD, missing=MISSING, period=period,
        generated_on=date(2025, 7, 1), version="t", timezone="UTC",
    )  # fmt: skip
    assert data.previous is not None
    assert data.previous.period == Period(date(2024, 12, 31), date(2025, 3, 31))
    assert data.previous.documented_days == 90 - 4  # Dec 31 is before the diary, 4 missing
    assert data.previous.mmd == pytest.approx(30 * 28 / 86)
    assert data.current.mmd == pytest.approx(22 * 28 / 91)


def test_every_finding_is_kept_whatever_the_row_limit() -> None:
    """The report lists the same inconclusive factors as the app: the limit caps only the
    rows that are not findings."""
    rows = select_trigger_rows(SAMPLE_TRIGGERS.rows, limit=1)
    findings = [
        r for r in SAMPLE_TRIGGERS.rows if r.verdict in ("trigger", "protector", "inconclusive")
    ]
    assert len(findings) > 1
    assert {r.factor for r in findings} <= {r.factor for r in rows}
