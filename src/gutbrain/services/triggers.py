"""Trigger analysis use case: diary entries + food knowledge → ``TriggerReport`` → JSON contract.

Collects the outcome series and every exposure (``gutbrain.meaning.exposures``: foods as named,
components, alcohol, caffeine withdrawal, fasting, gut factors, sleep, stress, cycle, weather)
and hands them to the pure engine in ``gutbrain.analysis``.
The JSON follows ``shared/spec/triggers-json.md``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np

from gutbrain.analysis import derived
from gutbrain.analysis.attacks import build_day_series
from gutbrain.analysis.exposures import build_matrix
from gutbrain.analysis.triggers.engine import TriggerReport, analyse
from gutbrain.analysis.triggers.explain import Explanation, LagEvidence, explain_factor
from gutbrain.analysis.triggers.prior import TriggerPrior
from gutbrain.analysis.triggers.tables import clock
from gutbrain.analysis.triggers.verdicts import (
    INCONCLUSIVE,
    NO_ASSOCIATION,
    NOT_ENOUGH_DATA,
    PROTECTOR,
    TRIGGER,
    VERDICTS,
    EngineConfig,
    TriggerRow,
    one_per_group,
)
from gutbrain.analysis.triggers.wording import format_p, number, p_text, rr_text
from gutbrain.domain.entries import Entry
from gutbrain.domain.errors import GutbrainError
from gutbrain.foods.tables import component_grades
from gutbrain.meaning.exposures import diary_exposures
from gutbrain.services import diary as svc
from gutbrain.services.ledger import ledger
from gutbrain.services.meaning import Understanding, save

if TYPE_CHECKING:
    from gutbrain.analysis.cohort.model import PopulationPrior

__all__ = [
    "INCONCLUSIVE",
    "NOT_ENOUGH_DATA",
    "NO_ASSOCIATION",
    "PROTECTOR",
    "TRIGGER",
    "VERDICTS",
    "Explanation",
    "LagEvidence",
    "TriggerReport",
    "TriggerRow",
    "clock",
    "cohort_prior",
    "explain_factor",
    "format_p",
    "number",
    "one_per_group",
    "p_text",
    "row_json",
    "rr_text",
    "to_json",
    "trigger_report",
]  # fmt: skip

OUTCOME_LABELS = {"attack": "attack onset day", "gi": "GI symptom day"}
TESTS = {
    "mid-p": "conditional exact test on at-risk days (Fisher), two-sided mid-p",
    "fisher": "Fisher's exact test, two-sided",
}
MULTIPLICITY = {
    "prior": "Benjamini-Hochberg over all factor x lag tests, weighted by the population prior "
    "(weights average 1; Genovese, Roeder & Wasserman 2006)",
    "power": "Benjamini-Hochberg over all factor x lag tests, weighted by each row's power "
    "(weights average 1)",
    "none": "Benjamini-Hochberg over all factor x lag tests",
}


def report_from_entries(
    entries: Sequence[Entry],
    understanding: Understanding,
    *,
    outcome: str = "attack",
    fdr: float = 0.10,
    coverage: tuple[date, date, frozenset[date]] | None = None,
    timings: MutableMapping[str, float] | None = None,
    engine: EngineConfig | None = None,
    prior: TriggerPrior | None = None,
) -> TriggerReport:
    """Analyse a list of entries as ``understanding`` (the diary's settings and food
    knowledge, ``gutbrain.meaning``) reads them.

    ``engine`` overrides the engine's settings (its ``fdr`` is replaced by ``fdr``); ``prior``
    replaces the shipped population prior (a cohort's: ``cohort_prior``).
    """
    if outcome not in OUTCOME_LABELS:
        raise GutbrainError(f"unknown outcome {outcome!r}: use one of {', '.join(OUTCOME_LABELS)}")
    if not 0 < fdr < 1:
        raise GutbrainError(f"the false discovery rate must be between 0 and 1, not {fdr}")
    span = coverage or derived.coverage_of(entries)
    if span is None:
        raise GutbrainError("the diary is empty: log some days first")
    first, last, missing = span
    t0 = time.perf_counter()
    series = build_day_series(first, last, derived.outcome_events(entries, outcome), missing)
    covered = [series.day(int(i)) for i in np.flatnonzero(series.covered)]
    exposures = diary_exposures(entries, understanding, outcome=outcome, covered=covered)
    matrix = build_matrix(exposures, first, series.n_days)
    peri_days = derived.perimenstrual_days(entries)
    peri = np.array([series.day(i) in peri_days for i in range(series.n_days)], dtype=bool)
    woke = derived.wake_minutes(entries)
    wake = np.array([woke.get(series.day(i), -1) for i in range(series.n_days)], dtype=np.int64)
    config = replace(engine or EngineConfig(), fdr=fdr)
    if prior is None:
        prior = TriggerPrior(grades=component_grades())
    t1 = time.perf_counter()
    report = analyse(
        series, matrix, perimenstrual=peri if peri.any() else None, config=config,
        outcome=OUTCOME_LABELS[outcome], wake=wake, prior=prior,
    )  # fmt: skip
    if timings is not None:
        timings["exposures"] = t1 - t0
        timings["statistics"] = time.perf_counter() - t1
    return report


def cohort_prior(
    priors: Mapping[tuple[str, int], PopulationPrior], base: TriggerPrior | None = None
) -> TriggerPrior:
    """A cohort's fitted population priors as the engine's prior: per pooled factor, the share
    of people with a fitted RR of at least 2 at lag 1 (shrunk towards the shipped π)."""
    shares = {
        (p.factor, p.kind): (p.share(2.0), p.n_people)
        for (_, lag), p in priors.items()
        if lag == 1 and p.pooled
    }
    return TriggerPrior.from_shares(shares, base or TriggerPrior(grades=component_grades()))


def trigger_report(
    ctx: svc.Context,
    *,
    outcome: str = "attack",
    fdr: float | None = None,
    timings: MutableMapping[str, float] | None = None,
    engine: EngineConfig | None = None,
    prior: TriggerPrior | None = None,
) -> TriggerReport:
    """The person's trigger report (FDR from the diary settings unless given).

    ``timings`` (optional) receives seconds per stage: "load", "exposures", "statistics".
    """
    t0 = time.perf_counter()
    diary = ledger(ctx)  # entries, coverage, settings, meanings: once per diary state
    cov, meaning = diary.coverage, diary.understanding
    if timings is not None:
        timings["load"] = time.perf_counter() - t0
    report = report_from_entries(
        diary.entries,
        meaning,
        outcome=outcome,
        fdr=meaning.settings.fdr if fdr is None else fdr,
        coverage=None if cov is None else (cov.first_day, cov.last_day, cov.missing),
        timings=timings,
        engine=engine,
        prior=prior,
    )
    save(ctx, meaning)  # meanings derived afresh (a knowledge upgrade): stored for next time
    return report


def _round(x: float | None, digits: int = 4) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return float(f"{x:.{digits}g}") if abs(x) < 1e-3 else round(x, digits)


def row_json(row: TriggerRow) -> dict[str, Any]:
    """One factor × lag row: the contract's fields first, then extras."""
    return {
        "factor": row.factor,
        "kind": row.kind,
        "lag_days": row.lag_days,
        "exposed_days": row.exposed_days,
        "exposed_onsets": row.exposed_onsets,
        "unexposed_days": row.unexposed_days,
        "unexposed_onsets": row.unexposed_onsets,
        "rr": _round(row.rr),
        "ci_low": _round(row.ci_low),
        "ci_high": _round(row.ci_high),
        "p": _round(row.p, 6),
        "q": _round(row.q, 6),
        "verdict": row.verdict,
        "reason": row.reason,
        "group": row.group,
        "flags": list(row.flags),
        "group_label": row.group_label,
        "tested": row.tested,
        "landmark": None if row.landmark_minute is None else clock(row.landmark_minute),
        "more_days": row.more_days,
        "sentence": row.sentence,
        "checks": [{"name": c.name, "passed": c.passed, "detail": c.detail} for c in row.checks],
        "prior": row.prior,
        "weight": row.weight,
        "prior_share": row.prior_share,
        "leans_on_prior": row.leans_on_prior,
    }


def to_json(report: TriggerReport) -> dict[str, Any]:
    """The ``gutbrain triggers --json`` object (shared/spec/triggers-json.md)."""
    d, cfg = report.diary, report.config
    return {
        "diary": {
            "first_day": d.first_day,
            "last_day": d.last_day,
            "days_covered": d.days_covered,
            "days_missing": d.days_missing,
            "attack_onsets": d.attack_onsets,
            "at_risk_days": d.at_risk_days,
            "enough_data": d.enough,
            "problems": list(d.problems),
        },
        "method": {
            "outcome": report.outcome,
            "effect": "risk ratio",
            "ci": "Koopman score interval (95 %), statsmodels, Miettinen–Nurminen correction",
            "test": TESTS[cfg.test],
            "multiplicity": MULTIPLICITY[cfg.weighting],
            "prior": report.prior_source if cfg.weighting == "prior" else None,
            "fdr": cfg.fdr,
            "tests": report.n_tests,
            "lags": list(cfg.lags),
            "lag0": "landmark: exposures logged before a per-factor clock time, onsets after it",
            "minimum_data": {
                "diary_days": cfg.min_diary_days,
                "completion": cfg.min_completion,
                "onsets": cfg.min_onsets,
                "onsets_for_no_association": cfg.min_onsets_no_association,
                "exposed_days": cfg.min_exposed_days,
                "unexposed_days": cfg.min_unexposed_days,
                "exposed_onsets": cfg.min_exposed_onsets,
            },
            "no_association_if_ci_within": [round(1 / cfg.relevant_rr, 4), cfg.relevant_rr],
            "signal": "nominal two-sided p <= 0.05 with the CI off 1: checked, and shown as "
            "inconclusive (with the reason) when the correction or a check takes it away",
            "checks": [
                "circular-shift permutation",
                "Mantel-Haenszel RR stratified on perimenstrual window, weekday/weekend and "
                "a recent attack (3 days before the exposure day)",
                "co-occurring factor (>= 50 % shared days, or >= 20 % with a signal of its own)",
                "prodrome: known premonitory factors never from lag 0/1 (ICHD-3 48 h window); "
                "lag 2 only with exposures >= 48 h before onsets; others: early-exposure table "
                "and time of day before onsets (Mann-Whitney)",
            ],
        },
        "factors": [row_json(r) for r in report.rows],
    }
