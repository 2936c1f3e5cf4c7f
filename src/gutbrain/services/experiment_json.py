"""Experiments as JSON (``gutbrain experiment … --json`` and ``/api/v1/experiments``).

Plain JSON numbers only: an unbounded CI end or a rate ratio that cannot be computed is
``null``, never NaN or Infinity (as in shared/spec/triggers-json.md).
"""

from __future__ import annotations

import math
from typing import Any

from gutbrain.analysis.experiments.outcome import ExperimentResult
from gutbrain.analysis.experiments.stats import RateComparison
from gutbrain.services.experiment_trend import TrendResult
from gutbrain.services.experiments import Status, instruction

METHOD = {
    "outcome": "attack onset per at-risk day (the trigger engine's definition)",
    "primary": "intention-to-treat: every analysed day in the arm it was assigned to",
    "effect": "rate ratio, exposure periods over avoidance periods",
    "ci": "exact conditional (Clopper-Pearson on the share of onsets in the exposure arm)",
    "test": "exact conditional binomial test, two-sided (central), alpha 0.05",
    "randomisation_test": "re-randomised over every order the completed pairs could have had",
    "sensitivity": "per-protocol: only days confirmed as followed, without the day after a "
    "deviation (unchecked days are unknown, left out)",
    "looks": "after every completed pair of periods; each look must reach the nominal p of "
    "O'Brien-Fleming-type group-sequential boundaries (Lan-DeMets alpha spending, overall 0.05)",
    "allocation": "each pair's order is one bit of HMAC-SHA256 of a 256-bit secret kept in the "
    "diary; arms are revealed when their period starts, the secret when the experiment is over",
}


def _num(x: float | None, digits: int = 4) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    return round(x, digits)


def comparison_json(c: RateComparison) -> dict[str, Any]:
    return {
        "exposure_onsets": c.onsets_a, "exposure_at_risk_days": c.days_a,
        "avoidance_onsets": c.onsets_b, "avoidance_at_risk_days": c.days_b,
        "rr": _num(c.rr), "ci_low": _num(c.ci_low), "ci_high": _num(c.ci_high),
        "p": _num(c.p, 6),
    }  # fmt: skip


def status_json(st: Status) -> dict[str, Any]:
    exp, d = st.experiment, st.design
    today = st.today
    return {
        "id": str(exp.id),
        "factor": exp.factor,
        "state": st.state,
        "design": {
            "design": d.design, "period_days": d.period_days, "blocks": d.blocks,
            "periods": d.n_periods, "washout_days": d.washout_days,
            "exposure_days_per_week": d.exposure_days,
            "start": exp.start_day, "last_day": st.last_day, "stopped_on": exp.stopped_on,
            # concealment: the secret (or an old experiment's seed) only once it is over
            "secret": st.secret_shown(),
            "seed": d.seed if st.over and not exp.secret else None,
        },
        "instructions": {"exposure": instruction(exp, "A"), "avoidance": instruction(exp, "B")},
        "periods": [
            {"period": k + 1, "first_day": first, "last_day": last,
             "arm": ({"A": "exposure", "B": "avoidance"}[arm] if st.revealed(first) else None)}
            for k, arm, first, last in st.periods
        ],
        "future_arms_hidden": "arms of periods that have not started are null until they start",
        "today": None if today is None else {
            "day": today.day, "period": today.period + 1 if today.period >= 0 else None,
            "arm": {"A": "exposure", "B": "avoidance"}.get(today.arm or ""),
            "washout": today.washout, "paused": today.paused, "instruction": today.instruction,
            "followed": today.followed,
        },
        "plan": exp.plan,
        "events": [
            {"event": e.kind, "day": e.day, "note": e.note, **e.detail} for e in st.events
        ],
        "checks": {
            "followed": sum(1 for v in st.checks.values() if v[0]),
            "unchecked_days": st.unchecked_days,
            "deviations": [
                {"day": day, "note": note} for day, (ok, note) in sorted(st.checks.items()) if not ok
            ],
        },
    }  # fmt: skip


def result_json(st: Status, res: ExperimentResult) -> dict[str, Any]:
    post, rand = res.posterior, res.randomisation
    return {
        **status_json(st),
        "method": METHOD,
        "verdict": res.verdict,
        "conclusion": res.conclusion,
        "complete": res.complete,
        "interim": res.interim,
        "look": {
            "completed_pairs": res.look, "planned_pairs": res.looks_planned,
            "p_needed": _num(res.threshold_p, 6),
            "days_not_yet_analysed": res.days_not_yet_analysed,
        },
        "periods_done": res.periods_done,
        "periods_planned": res.periods_planned,
        "days_observed": res.days_observed,
        "arms": [
            {"arm": "exposure" if a.arm == "A" else "avoidance", "periods": a.periods,
             "analysed_days": a.analysed_days, "missing_days": a.missing_days,
             "at_risk_days": a.at_risk_days, "onsets": a.onsets, "rate": _num(a.rate),
             "attacks_per_100_at_risk_days": _num(None if a.rate is None else 100 * a.rate, 2),
             "followed_days": a.checked_yes, "deviation_days": a.checked_no,
             "unchecked_days": a.unchecked}
            for a in res.arms
        ],
        "intention_to_treat": comparison_json(res.itt),
        "per_protocol": comparison_json(res.per_protocol),
        "bayesian": {
            "prior": post.prior, "p_rr_above_1": _num(post.p_rr_above_1),
            "median_rr": _num(post.median), "cri_low": _num(post.cri_low),
            "cri_high": _num(post.cri_high),
        },
        "randomisation_test": {
            "p": _num(rand.p), "schedules": rand.allocations, "exhaustive": rand.exhaustive,
            "smallest_possible_p": _num(rand.smallest_possible_p),
        },
        "period_results": [
            {"period": p.index + 1, "arm": "exposure" if p.arm == "A" else "avoidance",
             "first_day": p.first_day, "last_day": p.last_day, "analysed_days": p.analysed_days,
             "missing_days": p.missing_days, "at_risk_days": p.at_risk_days, "onsets": p.onsets,
             "deviation_days": p.deviations}
            for p in res.periods
        ],
        "deviations": list(res.deviations),
        "deviations_from_diary": list(res.deviations_from_diary),
    }  # fmt: skip


def trend_json(st: Status, tr: TrendResult) -> dict[str, Any]:
    """A before/during comparison (not randomised; said in ``design_note``)."""
    t = tr.trend
    return {
        **status_json(st),
        "method": {
            "outcome": METHOD["outcome"],
            "effect": "rate ratio, during over before",
            "adjusted": "Poisson regression of daily onsets on during + linear time trend "
            "(statsmodels GLM, log link), Wald 95 % CI",
            "design_note": t.note,
        },
        "before": {"first_day": tr.before_first, "last_day": tr.before_last},
        "during": {"first_day": tr.during_first, "last_day": tr.during_last,
                   "buildup_days_left_out": tr.buildup_days},
        "unadjusted": comparison_json(t.unadjusted),
        "trend_adjusted": {"rr": _num(t.rr), "ci_low": _num(t.ci_low), "ci_high": _num(t.ci_high),
                           "p": _num(t.p, 6), "trend_per_30_days": _num(t.trend_per_30_days)},
    }  # fmt: skip
