"""The demo diary's report as a real PDF: it renders, fits on 2–3 pages and holds the numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gutbrain.reports.model import Patient, ReportData
from gutbrain.services import diary as svc
from gutbrain.services import report as report_svc

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="needs poppler-utils (pdftotext, pdfinfo); CI installs it",
)


@pytest.fixture(scope="module")
def demo_report(demo_ctx: svc.Context) -> ReportData:
    return report_svc.report_data(
        demo_ctx, today=date(2026, 11, 23), patient=Patient(name="Alex Example", id="A-17")
    )


@pytest.fixture(scope="module")
def pdf_file(demo_report: ReportData, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(report_svc.report_pdf(demo_report))
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _pages(pdf_file: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf_file))).group(1))  # type: ignore[union-attr]


def _page_text(pdf_file: Path, page: int) -> str:
    return " ".join(
        _run("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf_file), "-").split()
    )


def test_pdf_renders_on_two_to_four_pages(pdf_file: Path) -> None:
    # Four since page 1 carries the key findings and treatment response (issue 15).
    assert pdf_file.read_bytes().startswith(b"%PDF-")
    assert 2 <= _pages(pdf_file) <= 4


def test_page_one_carries_the_key_findings(pdf_file: Path, demo_report: ReportData) -> None:
    first = _page_text(pdf_file, 1)
    assert "Key findings" in first
    found = demo_report.triggers.found
    assert found, "the demo diary has planted triggers"
    for row in found:
        assert (row.group_label or row.factor) in first
    for row in demo_report.triggers.worth_testing:
        assert (row.group_label or row.factor) in first
    assert "Overuse (ICHD-3 8.2): not met" in first
    assert "pain-free at 2 h after" in first
    # What a headache specialist asks first: chronic status, menstrual pattern, the
    # preventive's effect, what is being tested, the gut.
    assert "Chronic migraine (ICHD-3 1.3): not met" in first
    assert "Menstrual pattern (ICHD-3 A1.1): Meets A1.1.2" in first
    assert "Preventive treatment: propranolol 40 mg from" in first
    assert "attack rate ratio" in first
    assert "Being tested:" in first
    assert "IBS (irritable bowel syndrome)" in first and "GI symptoms on" in first
    assert "Attacks per 28 days" in first
    assert "∞" not in first


def test_trigger_table_never_opens_a_page_without_its_heading(pdf_file: Path) -> None:
    for page in range(1, _pages(pdf_file) + 1):
        text = _page_text(pdf_file, page)
        if "RR (95% CI) q Verdict" in text:
            assert "5. Possible triggers" in text, f"page {page} has the table, not its heading"
            break
    else:
        pytest.fail("no trigger table")


def test_several_classes_row_is_explained(pdf_file: Path) -> None:
    text = " ".join(_run("pdftotext", "-layout", str(pdf_file), "-").split())
    assert "“Several classes together” (ICHD-3 8.2.6): days with any" in text


def test_pdf_text_holds_the_expected_numbers(pdf_file: Path, demo_report: ReportData) -> None:
    text = " ".join(_run("pdftotext", "-layout", str(pdf_file), "-").split())
    c = demo_report.current
    assert "Patient: Alex Example" in text
    assert f"{c.documented_days} of {demo_report.period.days} days documented" in text
    assert f"{c.mmd:.1f} ({c.migraine_days} days)" in text
    assert f"Attacks per 28 days {c.attacks_28:.1f} ({c.attacks} attacks)" in text
    assert "ICHD-3 8.2" in text and "Page 1 of" in text
    shown = [r for r in demo_report.triggers.rows if r.verdict == "trigger"]
    assert shown, "the demo's planted red wine should be a trigger"
    for row in shown:
        assert row.factor in text
    assert "propranolol" in text
    assert "not proof of cause" in text


def test_demo_report_numbers_match_the_demo(demo_report: ReportData) -> None:
    # the demo plants ≈ 3–4 attacks a month, each separated by at least two free days, so the
    # report's episode rule keeps every one of them
    c = demo_report.current
    assert 30 <= c.attacks <= 60
    assert c.documented_days < demo_report.period.days  # the demo has missing days
    assert demo_report.triggers.available
    assert demo_report.triggers.attack_onsets == c.attacks  # same episode rule as the engine
