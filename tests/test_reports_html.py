"""The report HTML: golden file plus the content a clinician relies on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gutbrain.reports.html import change, render_html
from gutbrain.reports.model import Patient, ReportData
from report_samples import check_golden, sample_report


@pytest.fixture(scope="module")
def report() -> ReportData:
    return sample_report()


@pytest.fixture(scope="module")
def html(report: ReportData) -> str:
    return render_html(report)


def test_html_matches_golden(html: str, snapshot_update: bool) -> None:
    check_golden("report.html", html, snapshot_update)


def test_page_one_speaks_the_clinics_language(html: str) -> None:
    for text in (
        "Monthly migraine days (MMD, per 28 documented days)",
        '<strong>8.2</strong> <span class="muted">(52 days)',
        "177 of 181 days documented (98%)",
        "Medication overuse threshold met: triptans",
        "Chronic migraine pattern",
        "Triptans (≥ 10)",
        "topiramate",
        "Alex Example",
        "A-17",
        "2 Apr 1990",
    ):
        assert text in html, text
    assert html.count('class="n met"') >= 10  # 5 triptan months + 5 headache months boxed


def test_triggers_and_gut_sections(html: str) -> None:
    assert "over all 24 factor × lag tests" in html
    assert "6.00 (2.40–15.20)" in html
    assert "possible early symptom of the attack rather than a cause" in html
    assert "not proof of cause" in html
    assert "amoxicillin 20 Feb 2025 – 26 Feb 2025" in html
    for text in ("18 g/day (target 25)", "22 per week (target 30)", "3.0 servings/week", "31%"):
        assert text in html, text


def test_patient_fields_are_optional_and_escaped(report: ReportData) -> None:
    anonymous = render_html(replace(report, patient=Patient()))
    assert "Alex Example" not in anonymous
    assert anonymous.count('class="blank"') == 3
    hostile = render_html(replace(report, patient=Patient(name="<script>x</script>")))
    assert "<script>x" not in hostile
    assert "&lt;script&gt;x" in hostile


def test_body_only_for_the_web_page_and_paper_sizes(report: ReportData) -> None:
    body = render_html(report, standalone=False)
    assert "<html" not in body and '<article class="gb-report">' in body
    assert "size: letter;" in render_html(report, paper="letter")
    with pytest.raises(ValueError, match="paper"):
        render_html(report, paper="a5")


@pytest.mark.parametrize(
    ("now", "before", "text"),
    [(6.0, 4.0, "up 2.0, +50%"), (3.0, 4.0, "down 1.0, -25%"), (4.0, 4.02, "no change"),
     (None, 4.0, "–"), (2.0, 0.0, "up 2.0")],
)  # fmt: skip
def test_change_words(now: float | None, before: float | None, text: str) -> None:
    assert change(now, before) == text
