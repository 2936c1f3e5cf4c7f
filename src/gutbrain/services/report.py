"""The doctor report use case: choose the period, gather the diary, triggers and gut habits, and
render HTML or PDF.  The CLI (`gutbrain report`) and the web Report page both call this."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from gutbrain import __version__
from gutbrain.analysis.clinical.endpoints import Period
from gutbrain.domain.entries import GI_SYMPTOMS, GI_TAG, Entry, Kind
from gutbrain.domain.errors import GutbrainError
from gutbrain.foods import gut
from gutbrain.meaning.exposures import gut_days
from gutbrain.reports.build import build_report, select_trigger_rows
from gutbrain.reports.html import num as num
from gutbrain.reports.html import render_charts, render_html
from gutbrain.reports.model import GutSummary, Span, TriggerSummary
from gutbrain.reports.model import Patient as Patient
from gutbrain.reports.model import ReportData as ReportData
from gutbrain.reports.pdf import PdfUnavailableError as PdfUnavailableError
from gutbrain.reports.pdf import html_to_pdf
from gutbrain.services import diary as svc
from gutbrain.services.experiment_report import all_experiment_reports
from gutbrain.services.ledger import Ledger, ledger

#: Conditions stored as short names, spelled out for the clinician.
CONDITION_WORDS = {
    "ibs": "IBS (irritable bowel syndrome)",
    "ibd": "IBD (inflammatory bowel disease)",
    "sibo": "SIBO (small-intestinal bacterial overgrowth)",
    "gerd": "GERD (reflux disease)",
}
DEFAULT_DAYS = 365  # a year: what a clinic asks about, and it fits on 2–3 pages


def choose_period(
    first_day: date, last_day: date, start: date | None = None, end: date | None = None
) -> Period:
    """The report period: the last year of the diary unless told, clipped to what it covers."""
    end = end or last_day
    start = start or max(first_day, end - timedelta(days=DEFAULT_DAYS - 1))
    if end < first_day or start > last_day:
        raise GutbrainError(
            f"the diary has no days from {start} to {end} (it covers {first_day} to {last_day})"
        )
    if start > end:
        raise GutbrainError(f"--from {start} is after --to {end}")
    return Period(max(start, first_day), min(end, last_day))


def _triggers(diary: Ledger, period: Period, missing: frozenset[date]) -> TriggerSummary:
    """The trigger engine over the report period (same rules as `gutbrain triggers`)."""
    from gutbrain.services.triggers import report_from_entries  # the engine: on use only

    in_period = diary.between(period.first, period.last)
    meaning = diary.understanding
    try:
        report = report_from_entries(
            in_period,
            meaning,
            fdr=meaning.settings.fdr,
            coverage=(period.first, period.last, missing),
        )
    except GutbrainError as exc:
        return TriggerSummary(available=False, note=str(exc))
    problems = "; ".join(report.diary.problems)
    return TriggerSummary(
        available=True,
        rows=select_trigger_rows(report.rows),
        tested=report.n_tests,
        fdr=report.config.fdr,
        attack_onsets=report.diary.attack_onsets,
        at_risk_days=report.diary.at_risk_days,
        note=f"Too little data for firm verdicts: {problems}." if problems else "",
    )


def _gi_symptoms(entries: list[Entry]) -> dict[str, Any]:
    """Days with a GI symptom (tagged ``gi`` or a known GI symptom name; a stool-form entry
    alone is not a symptom) and the four commonest symptoms by days."""
    by_name: dict[str, set[date]] = {}
    for e in entries:
        if (
            e.kind is Kind.SYMPTOM
            and e.name != "stool"
            and (GI_TAG in e.tags or e.name in GI_SYMPTOMS)
        ):
            by_name.setdefault(e.name, set()).add(e.day)
    all_days = set().union(*by_name.values()) if by_name else set()
    top = sorted(by_name.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:4]
    return {"gi_days": len(all_days), "gi_symptoms": tuple((n, len(d)) for n, d in top)}


def _gut(ctx: svc.Context, diary: Ledger, period: Period) -> GutSummary:
    """Gut habits over the period from the gut-habit rules (``gutbrain.foods.gut``)."""
    settings, entries = diary.settings, diary.entries
    antibiotics = tuple(
        Span(", ".join(c.names), c.first, c.last)
        for c in gut.antibiotic_courses(entries)
        if c.last >= period.first and c.first <= period.last
    )
    in_period = diary.between(period.first, period.last)
    symptoms = _gi_symptoms(in_period)
    conditions = tuple(
        CONDITION_WORDS.get(c.name.lower(), c.name) for c in svc.list_conditions(ctx)
    )
    days = gut_days(in_period, diary.understanding)
    avg = gut.averages(days, gut.weekly_gut(days, settings))
    if not avg.fed_days:
        return GutSummary(available=False, antibiotics=antibiotics, note="no meals logged",
                          conditions=conditions, **symptoms)  # fmt: skip
    return GutSummary(
        conditions=conditions,
        **symptoms,
        available=True,
        fiber_g_per_day=avg.fiber_g_per_day,
        fiber_target_g=settings.fiber_target_g,
        plants_per_week=avg.plants_per_week,
        plants_target=settings.plants_target,
        fermented_per_week=avg.fermented_per_week,
        upf_share=avg.upf_share,
        antibiotics=antibiotics,
        note=f"Means over {avg.fed_days} days with meals logged; weekly counts over "
        f"{avg.complete_weeks} complete weeks (meals on at least {gut.MIN_WEEK_FOOD_DAYS} days; "
        f"{avg.partial_weeks} partial weeks not counted). Fiber counts foods whose fiber "
        "is known (USDA FoodData Central); plants per week count herbs, spices, coffee and tea "
        "as ¼.",
    )


def report_data(
    ctx: svc.Context,
    *,
    start: date | None = None,
    end: date | None = None,
    patient: Patient | None = None,
    today: date | None = None,
) -> ReportData:
    """Every number of the report for the chosen period."""
    diary = ledger(ctx)
    cov = diary.coverage
    if cov is None:
        raise GutbrainError("the diary is empty: log some days first (see `gutbrain log --help`)")
    period = choose_period(cov.first_day, cov.last_day, start, end)
    data = build_report(
        diary.entries,
        coverage=Period(cov.first_day, cov.last_day),
        missing=cov.missing,
        period=period,
        generated_on=today or ctx.now().date(),
        version=__version__,
        timezone=ctx.tz,
        patient=patient,
        triggers=_triggers(diary, period, cov.missing),
        gut=_gut(ctx, diary, period),
    )
    return dataclasses.replace(data, experiments=all_experiment_reports(ctx))


def report_charts(data: ReportData) -> dict[str, Markup]:
    """The report's charts as inline SVG (most of the time a report takes to draw), to be kept
    beside ``data`` and handed to ``report_html``."""
    return render_charts(data)


def report_html(
    data: ReportData, *, paper: str = "a4", standalone: bool = True,
    charts: Mapping[str, Markup] | None = None,
) -> str:  # fmt: skip
    return render_html(data, paper=paper, standalone=standalone, charts=charts)


def report_pdf(data: ReportData, *, paper: str = "a4") -> bytes:
    return html_to_pdf(render_html(data, paper=paper))


def report_json(data: ReportData) -> dict[str, Any]:
    return data.to_json()
