"""Assemble ``ReportData`` from diary entries: pure, so the report is tested without a database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from gutbrain.analysis.clinical.criteria import (
    ChronicCheck,
    OveruseCheck,
    chronic_check,
    overuse_check,
)
from gutbrain.analysis.clinical.endpoints import (
    DiaryDays,
    Frequency,
    Period,
    attack_days,
    classify_days,
    frequency,
    mmd_windows,
)
from gutbrain.analysis.clinical.periods import (
    bleeding_days,
    menstrual_pattern,
    preventive_courses,
    probiotic_courses,
)
from gutbrain.analysis.triggers.verdicts import (
    NOT_ENOUGH_DATA,
    VERDICTS,
    TriggerRow,
    one_per_group,
)
from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.text import count
from gutbrain.reports.medication import acute_responses, preventive_doses
from gutbrain.reports.model import (
    CalendarDay,
    GutSummary,
    Patient,
    ReportData,
    TriggerSummary,
)

MIN_COMPLETENESS = 0.8  # Leiden e-diary: ≥ 80 % adherence (statistics.md §0)
MAX_TRIGGER_ROWS = 8  # keeps a year's report to 3 pages; all tested rows still count in the FDR
_VERDICT_ORDER = {verdict: i for i, verdict in enumerate(VERDICTS)}  # findings first


def _calendar(entries: Sequence[Entry], period: Period, days: DiaryDays) -> tuple[CalendarDay, ...]:
    pain: dict[date, int] = {}
    for e in entries:
        if e.kind is Kind.ATTACK:
            for d in attack_days(e):
                pain[d] = max(pain.get(d, 0), e.intensity or 0)
    bleeding = bleeding_days(entries)
    return tuple(
        CalendarDay(
            day=d,
            intensity=pain.get(d),
            acute=d in days.acute_any,
            menstruation=d in bleeding,
            missing=d not in days.documented,
        )
        for d in period.dates()
    )


def _month(d: date) -> str:
    return d.strftime("%b %Y")


def _warnings(current: Frequency, overuse: OveruseCheck, chronic: ChronicCheck) -> tuple[str, ...]:
    out: list[str] = []
    for r in overuse.met:
        assert r.run_start is not None
        what = r.rule.label.lower() if r.rule.key != "multiple" else "several acute drug classes"
        out.append(
            f"Medication overuse threshold met: {what} on ≥ {r.rule.threshold} days/month "
            f"for {r.longest_run} consecutive months from {_month(r.run_start)} "
            f"(ICHD-3 {r.rule.code}: > 3 months). "
            + (
                "Headache was also present on ≥ 15 days in "
                f"{count(overuse.headache_15_months, 'month')}: consider medication-overuse "
                "headache."
                if overuse.headache_15_months
                else "Headache was on fewer than 15 days in every month (8.2 criterion A not met)."
            )
        )
    if chronic.met and chronic.run_start is not None:
        out.append(
            f"Chronic migraine pattern: ≥ 15 headache days with ≥ 8 migraine days per month for "
            f"{chronic.longest_run} consecutive months from {_month(chronic.run_start)} "
            "(ICHD-3 1.3 criteria A and C)."
        )
    if current.completeness < MIN_COMPLETENESS:
        out.append(
            f"The diary documents only {current.completeness:.0%} of the period's days (below "
            "80 %): day counts are lower bounds."
        )
    return tuple(out)


_FINDINGS = frozenset({"trigger", "protector", "inconclusive"})


def select_trigger_rows(
    rows: Iterable[TriggerRow], limit: int = MAX_TRIGGER_ROWS
) -> tuple[TriggerRow, ...]:
    """Findings first (trigger, protector, inconclusive, clear no-association), then tested
    rows by q; one line per group of identical evidence (red wine · wine · alcohol). Every
    trigger, protector and inconclusive row is kept whatever ``limit`` says (the report must
    list what the app lists); ``limit`` caps the rest."""
    ranked = sorted(
        (r for r in one_per_group(rows) if r.tested or r.verdict != NOT_ENOUGH_DATA),
        key=lambda r: (_VERDICT_ORDER.get(r.verdict, 9), r.q if r.q is not None else 2.0,
                       r.factor, r.lag_days),
    )  # fmt: skip
    findings = sum(1 for r in ranked if r.verdict in _FINDINGS)
    return tuple(ranked[: max(limit, findings)])


def build_report(
    entries: Sequence[Entry],
    *,
    coverage: Period,
    missing: Iterable[date],
    period: Period,
    generated_on: date,
    version: str,
    timezone: str,
    patient: Patient | None = None,
    triggers: TriggerSummary | None = None,
    gut: GutSummary | None = None,
) -> ReportData:
    """Every number of the doctor report for ``period`` (history before it feeds baselines)."""
    days = classify_days(entries, coverage, missing)
    current = frequency(days, period)
    previous_period = period.previous()
    earlier = frequency(days, previous_period)
    # a trend needs at least half of the earlier period documented
    previous = earlier if earlier.documented_days * 2 >= previous_period.days else None
    overuse = overuse_check(days, period)
    chronic = chronic_check(days, period)
    return ReportData(
        patient=patient or Patient(),
        period=period,
        generated_on=generated_on,
        version=version,
        timezone=timezone,
        current=current,
        previous=previous,
        windows=mmd_windows(days, period),
        overuse=overuse,
        chronic=chronic,
        menstrual=menstrual_pattern(entries, days, period),
        preventives=preventive_courses(entries, days, period),
        probiotics=probiotic_courses(entries, days, period),
        calendar=_calendar(entries, period, days),
        triggers=triggers or TriggerSummary(available=False, note="not computed"),
        gut=gut or GutSummary(available=False, note="not computed"),
        warnings=_warnings(current, overuse, chronic),
        acute_response=acute_responses(entries, period),
        preventive_doses=preventive_doses(entries, period),
    )
