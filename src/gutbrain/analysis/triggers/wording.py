"""Plain-language readings of trigger rows, one sentence a person can act on.

"On days after you drank red wine, an attack started 2.4 times as often (95 % CI 1.3–4.4;
11 of 40 days vs 30 of 261)."  Numbers always come with their CI and counts; nothing prints
"∞" or "0.0000": an unbounded interval says so, small p-values read "< 0.001", and a table
without onsets says there is nothing to compare yet.
"""

from __future__ import annotations

from collections.abc import Mapping

from gutbrain.analysis.triggers.verdicts import (
    INCONCLUSIVE,
    NO_ASSOCIATION,
    PROTECTOR,
    TRIGGER,
    Check,
    EngineConfig,
    TriggerRow,
)
from gutbrain.domain.text import clock, ratio_number

#: What the person did, for derived factors.
PHRASES: Mapping[str, str] = {
    "short sleep": "slept at least 1.5 h less than usual",
    "long sleep": "slept at least 1.5 h longer than usual",
    "high stress": "had high stress",
    "stress let-down": "had a stress let-down (stress dropped after a high-stress day)",
    "fasting": "went 8 hours or more without food",
    "caffeine withdrawal": "had much less caffeine than usual",
    "perimenstrual window": "were in the perimenstrual window (day −2 to +3)",
    "pressure drop": "had a drop in air pressure",
    # gut-habit factors (gutbrain.foods.gut)
    "low fiber day": "ate little fiber (under 60 % of your target)",
    "high ultra-processed share": "ate at least half of your items ultra-processed",
    "post-antibiotic weeks": "were in the 4 weeks after an antibiotic course",
    "probiotic period": "were taking a probiotic",
}
VERBS: Mapping[str, str] = {
    "food": "ate",
    "drink": "drank",
    "component": "had something containing",
    "supplement": "took",
    "medication": "took",
    "exercise": "did",
    "symptom": "had",
    "gut": "had",
}
EVENTS: Mapping[str, str] = {
    "attack onset day": "an attack started",
    "GI symptom day": "GI symptoms started",
}


def action(row: TriggerRow) -> str:
    """ "drank red wine", "slept less than usual", "logged bright light"."""
    if row.factor in PHRASES:
        return PHRASES[row.factor]
    return f"{VERBS.get(row.kind, 'logged')} {row.factor}"


def lead_in(row: TriggerRow) -> str:
    """ "On days after you drank red wine" / "On days you ate cheese (by 13:00)"."""
    if row.lag_days == 0:
        if row.landmark_minute is None:  # anchored at each day's wake-up
            return f"On days you {action(row)}"
        return f"On days you {action(row)} (by {clock(row.landmark_minute)})"
    if row.lag_days == 1:
        return f"On days after you {action(row)}"
    return f"{row.lag_days} days after you {action(row)}"


def number(x: float | None) -> str:
    """A ratio for reading: 2 significant figures (None: not estimable); the forest plot
    uses the same rounding (``gutbrain.domain.text.ratio_number``)."""
    return ratio_number(x)


def format_p(x: float | None) -> str:
    """ "= 0.012" or "< 0.001" (never "= 0.0000"), to follow "p" or "q"."""
    return f"{'= ' if x is None or x >= 0.001 else ''}{p_text(x)}"


def p_text(x: float | None) -> str:
    """A p- or q-value as a table cell: "0.012", "< 0.001", "–"."""
    if x is None:
        return "–"
    if x < 0.001:
        return "< 0.001"
    return f"{x:.3f}" if x < 0.1 else f"{x:.2f}"


def rr_text(row: TriggerRow) -> str:
    """ "2.4 (1.3–4.4)", "not estimable (no onsets without it)", "–" (no onsets at all)."""
    if row.both_arms_quiet or row.exposed_days == 0 or row.unexposed_days == 0:
        return "–"
    if row.rr is None:
        return "no onsets without it"
    return f"{number(row.rr)} ({interval(row)})"


def interval(row: TriggerRow) -> str:
    """ "1.3–4.4" or "1.3 upwards (no upper limit yet)"."""
    if row.ci_low is None:
        return "–"
    if row.ci_high is None:
        return f"{number(row.ci_low)} upwards, no upper limit yet"
    return f"{number(row.ci_low)}–{number(row.ci_high)}"


def evidence(row: TriggerRow) -> str:
    """ "95 % CI 1.3–4.4; 11 of 40 days vs 30 of 261"."""
    counts = (
        f"{row.exposed_onsets} of {row.exposed_days} days vs "
        f"{row.unexposed_onsets} of {row.unexposed_days}"
    )
    if row.ci_low is None:
        return counts
    return f"95 % CI {interval(row)}; {counts}"


def _ratio(row: TriggerRow) -> str:
    """ "2.4 times as often" — or what the data show when a ratio cannot be formed."""
    if row.rr is None and row.exposed_onsets and not row.unexposed_onsets:
        return "more often — none started on the days without it"
    return f"{number(row.rr)} times as often"


def describe(row: TriggerRow, outcome: str = "attack onset day") -> str:
    """The one-line reading of a row, including why it has no answer when it has none."""
    event = EVENTS.get(outcome, "an event started")
    later = ""
    if row.lag_days == 0:
        later = " after waking up" if row.landmark_minute is None else " after that"
    head = f"{lead_in(row)}, {event}{later}"
    if row.verdict == TRIGGER:
        text = f"{head} {_ratio(row)} ({evidence(row)})."
        if row.leans_on_prior:
            how = "mostly" if (row.prior_share or 0) >= 0.5 else "partly"
            text += (
                f" Likely, but {how} from what is known about people like you: your own days "
                "alone do not show it yet."
            )
        if row.prodrome_note is not None:  # kept only on entries ≥ 48 h before onsets
            text += (
                f" It holds for entries at least 48 h before attacks, beyond the early-symptom "
                f"window, but {row.prodrome_note}; only an experiment can confirm it."
            )
        return text
    if row.verdict == PROTECTOR:
        text = f"{head} less often: {number(row.rr)} times the usual rate ({evidence(row)})."
        if row.leans_on_prior:
            text += " Likely, but partly from what is known about people like you."
        return text
    if row.verdict == NO_ASSOCIATION:
        return (
            f"{head} about as often as otherwise (RR {number(row.rr)}, {evidence(row)}): "
            "no sign of an effect of 1.5× or more."
        )
    if row.verdict == INCONCLUSIVE:
        text = f"{head} {_ratio(row)} ({evidence(row)}), but this is inconclusive: {row.reason}."
        return text + "".join(f" {s}" for s in next_steps(row))
    if row.both_arms_quiet:
        return f"{lead_in(row)}: no attack has started on any of the days compared yet."
    if not row.tested:
        text = f"{lead_in(row)}: too few days to test yet ({evidence(row)})."
    else:
        text = f"{head} {_ratio(row)} ({evidence(row)}): no clear effect either way yet."
    if row.more_days is not None and row.more_days > 0:
        text += (
            f" About {row.more_days} more diary days would be needed to detect a doubling of risk."
        )
    elif row.more_days == 0 and row.tested:
        text += (
            " A doubling of risk would probably have shown by now; a smaller effect is not "
            "ruled out yet."
        )
    elif row.more_days is None and row.exposed_days >= 5 and row.tested:
        text += " Even ten more years of diary would not reliably show a doubling of risk."
    return text


def next_steps(row: TriggerRow) -> list[str]:
    """What would settle an inconclusive row, one sentence per kind of doubt."""
    out = []
    if "possible_prodrome" in row.flags:
        out.append(
            "Only an experiment — eating it on planned, randomly chosen days and avoiding it on "
            f'others (gutbrain experiment plan "{row.factor}") — can tell a trigger from an early '
            "symptom."
        )
    others = [
        f.split(":", 1)[1]
        for f in row.flags
        if f.startswith(("confounded_by:", "inseparable_from:")) and not _is_stratum(f)
    ]
    if others:
        out.append(
            f"Days with it but without {' / '.join(others)} (or an experiment) would separate them."
        )
    return out


def _is_stratum(flag: str) -> bool:
    return flag.split(":", 1)[1] in STRATA


#: Stratification checks, and what their failure means in words.
STRATA: Mapping[str, str] = {
    "perimenstrual window": (
        "it does not hold up when days in and out of the perimenstrual window are compared "
        "separately"
    ),
    "weekday/weekend": "it does not hold up when weekdays and weekends are compared separately",
    "calendar month": (
        "it does not hold up when each calendar month is compared within itself (a slow trend "
        "or a season may explain it)"
    ),
    "a recent attack": (
        "it does not hold up once the days soon after an attack are set apart (attacks "
        "cluster, and habits change after one)"
    ),
}


def check_reason(check: Check, row: TriggerRow) -> str:
    """Why a failed check takes the verdict away, as a phrase a person reads."""
    name = check.name
    if name.startswith("stratified on "):
        return STRATA.get(name.removeprefix("stratified on "), f"it is explained by {name[14:]}")
    if name.startswith("co-occurring "):
        other = name.removeprefix("co-occurring ")
        if f"confounded_by:{other}" in row.flags:
            return f"explained by {other}, which was on most of the same days"
        return f"it goes with {other} too often to tell them apart"
    if name == "permutation":
        return "a similar pattern appears when its days are shifted in time, so it may be chance"
    if name in ("prodrome window", "prodrome timing", "time of day"):
        note = row.prodrome_note or "its timing follows the onsets"
        return f"possible early symptom of the attack rather than a cause ({note})"
    return f"it fails the {name} check"


def untested_reason(row: TriggerRow, cfg: EngineConfig) -> str:
    """Why a row was not tested, with the numbers it needs."""
    if row.both_arms_quiet:
        return "no attack has started on any of the days compared yet"
    return (
        f"too few days to test: needs ≥ {cfg.min_exposed_days} days with it, "
        f"≥ {cfg.min_unexposed_days} without, and ≥ {cfg.min_exposed_onsets} onsets after it "
        f"(now {row.exposed_days} days with it, {row.exposed_onsets} onsets after)"
    )


def unclear_reason(row: TriggerRow) -> str:
    """A tested row without a signal: what the interval still allows."""
    return f"no clear effect either way yet (95 % CI {interval(row)})"
