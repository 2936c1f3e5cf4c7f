"""Report charts: deterministic SVG, golden-tested (`pytest --snapshot-update` rewrites them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gutbrain.reports import charts
from gutbrain.reports.model import ReportData
from report_samples import check_golden, sample_report


@pytest.fixture(scope="module")
def report() -> ReportData:
    return sample_report()


CHARTS: dict[str, Callable[[ReportData], str]] = {
    "calendar": lambda r: charts.calendar_strip(r.calendar),
    "mmd": lambda r: charts.mmd_chart(r.windows),
    "medication": lambda r: charts.medication_chart(r.overuse),
    "forest": lambda r: charts.trigger_forest_plot(r.triggers.rows),
}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_chart_matches_golden(name: str, report: ReportData, snapshot_update: bool) -> None:
    svg = CHARTS[name](report)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    check_golden(f"{name}.svg", svg, snapshot_update)


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_same_input_same_bytes(name: str, report: ReportData) -> None:
    assert CHARTS[name](report) == CHARTS[name](report)


def test_charts_keep_text_as_text(report: ReportData) -> None:
    forest = charts.trigger_forest_plot(report.triggers.rows)
    assert "red wine (lag 1 d)" in forest
    assert "6.00 (2.40–15.20)" in forest
    assert "6.45 (2.60 upwards)" in forest  # unbounded upper end, no "∞"
    assert "Triptans (≥ 10 d)" in charts.medication_chart(report.overuse)


def test_forest_plot_takes_contract_rows_as_mappings(report: ReportData) -> None:
    rows = [
        {"factor": r.factor, "lag_days": r.lag_days, "rr": r.rr, "ci_low": r.ci_low,
         "ci_high": r.ci_high, "verdict": r.verdict}
        for r in report.triggers.rows
    ]  # fmt: skip
    assert charts.trigger_forest_plot(rows) == charts.trigger_forest_plot(report.triggers.rows)


def test_empty_inputs_still_draw() -> None:
    assert "no factor could be tested" in charts.trigger_forest_plot([])
    assert "<svg" in charts.calendar_strip([])
    assert "<svg" in charts.mmd_chart([])
