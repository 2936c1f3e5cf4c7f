"""Doctor report (issue 7): how long a year's report takes, stage by stage, and its size.

For demo diaries of 1 and 3 years (the last 365 days reported) it times, in one process:
the clinical numbers (pure ``build_report``), the trigger engine over the period, the four
charts, the HTML render and the PDF (WeasyPrint; the first call also pays its start-up, so a
warm second call is shown), and prints the PDF's page count and size.  Baseline in the same
run: the calendar chart drawn one patch per day (what the chart did before it grouped cells
into compound paths), timed through WeasyPrint.

Run: .tools/bin/uv run --locked python benchmarks/bench_report.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from matplotlib.patches import Rectangle

from gutbrain.analysis.clinical.endpoints import Period
from gutbrain.demo import generate_diary
from gutbrain.domain.entries import DiarySettings
from gutbrain.foods import knowledge
from gutbrain.meaning.entries import Understanding
from gutbrain.reports import charts
from gutbrain.reports.build import build_report, select_trigger_rows
from gutbrain.reports.html import render_html
from gutbrain.reports.model import ReportData, TriggerSummary
from gutbrain.reports.pdf import html_to_pdf
from gutbrain.services.triggers import report_from_entries


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def per_day_calendar(data: ReportData) -> str:
    """Baseline: the calendar cells as one Rectangle patch per day (the first version)."""
    months = sorted({(d.day.year, d.day.month) for d in data.calendar})
    row = {m: i for i, m in enumerate(months)}
    with charts._style():
        fig = charts._figure(0.22 * len(months) + 0.62)
        ax = fig.add_axes((0.07, 0.1, 0.92, 0.85))
        for d in data.calendar:
            x, y = d.day.day - 1, row[(d.day.year, d.day.month)]
            face = "white" if d.intensity is None else charts._pain_colour(d.intensity)
            ax.add_patch(Rectangle((x, y), 0.86, 0.62, facecolor=face, edgecolor=charts.GRID,
                                   lw=0.4, hatch="/////" if d.missing else ""))  # fmt: skip
            if d.menstruation:
                ax.add_patch(Rectangle((x, y + 0.68), 0.86, 0.14, facecolor=charts.PERIOD_COLOUR))
        ax.set_xlim(-0.2, 31)
        ax.set_ylim(len(months), -0.1)
        return charts._svg(fig)


def pages(html: str) -> int:
    from weasyprint import HTML

    return len(HTML(string=html).render().pages)


def bench(years: int, know: Any, first_pdf: bool) -> None:
    demo = generate_diary(seed=7, days=365 * years)
    missing = frozenset(e.day for e in demo.entries if e.is_missing_day_marker)
    coverage = Period(demo.first_day, demo.last_day)
    period = Period(demo.last_day - timedelta(days=364), demo.last_day)
    in_period = [e for e in demo.entries if e.day in period]

    def clinical(triggers: TriggerSummary | None = None) -> ReportData:
        return build_report(
            demo.entries, coverage=coverage, missing=missing, period=period,
            generated_on=date(2026, 11, 23), version="bench", timezone="Europe/Berlin",
            triggers=triggers,
        )  # fmt: skip

    def triggers() -> TriggerSummary:
        r = report_from_entries(in_period, Understanding(DiarySettings(), know),
                                coverage=(period.first, period.last, missing))  # fmt: skip
        return TriggerSummary(available=True, rows=select_trigger_rows(r.rows), tested=r.n_tests,
                              attack_onsets=r.diary.attack_onsets,
                              at_risk_days=r.diary.at_risk_days)  # fmt: skip

    label = f"{years} y"

    def show(stage: str, seconds: float, extra: str = "") -> None:
        print(f"{label:>7} {stage:<36} {seconds:8.3f}   {extra}")

    t_clin, _ = timed(clinical)
    t_trig, summary = timed(triggers)
    data = clinical(summary)
    t_charts, _ = timed(
        lambda: [
            charts.calendar_strip(data.calendar),
            charts.mmd_chart(data.windows),
            charts.medication_chart(data.overuse),
            charts.trigger_forest_plot(data.triggers.rows),
        ]
    )
    t_html, html = timed(lambda: render_html(data))
    show("clinical numbers (build_report)", t_clin, f"{len(demo.entries)} entries")
    show("trigger engine over the period", t_trig, f"{summary.tested} tests")
    show("four charts", t_charts)
    show("HTML incl. charts", t_html, f"{len(html) / 1024:.0f} KiB")
    if first_pdf:
        t = time.perf_counter()
        html_to_pdf(html)
        show("PDF, first call (WeasyPrint start)", time.perf_counter() - t)
    t_pdf, pdf = timed(lambda: html_to_pdf(html))
    show("PDF, warm", t_pdf, f"{pages(html)} pages, {len(pdf) / 1024:.0f} KiB")
    if years == 1:
        old, new = per_day_calendar(data), charts.calendar_strip(data.calendar)
        t_old, _ = timed(lambda: html_to_pdf(f"<html><body>{old}</body></html>"))
        t_new, _ = timed(lambda: html_to_pdf(f"<html><body>{new}</body></html>"))
        show("calendar in PDF: per-day patches", t_old, f"{len(old) / 1024:.0f} KiB SVG (baseline)")
        show("calendar in PDF: compound paths", t_new,
             f"{len(new) / 1024:.0f} KiB SVG, {t_old / t_new:.1f}x faster")  # fmt: skip


def main() -> None:
    know = knowledge({}, False)
    print(f"{'diary':>7} {'stage':<36} {'seconds':>8}")
    for years in (1, 3):
        bench(years, know, first_pdf=years == 1)


if __name__ == "__main__":
    main()
