"""Plain-language readings of trigger rows, one sentence a person can act on.

"On days after you drank red wine, an attack started 2.4 times as often (95 % CI 1.3–4.4;
11 of 40 days vs 30 of 261)."  Numbers always come with their CI and counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from gutbrain.analysis.tables import clock
from gutbrain.analysis.triggers import NO_ASSOCIATION, PROTECTOR, TRIGGER, TriggerRow

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
        return f"On days you {action(row)} (by {clock(row.landmark_minute)})"
    if row.lag_days == 1:
        return f"On days after you {action(row)}"
    return f"{row.lag_days} days after you {action(row)}"


def number(x: float | None) -> str:
    if x is None:
        return "∞"
    return f"{x:.1f}" if x >= 0.95 else f"{x:.2f}"


def evidence(row: TriggerRow) -> str:
    """ "95 % CI 1.3–4.4; 11 of 40 days vs 30 of 261"."""
    counts = (
        f"{row.exposed_onsets} of {row.exposed_days} days vs "
        f"{row.unexposed_onsets} of {row.unexposed_days}"
    )
    if row.rr is None or row.ci_low is None:
        return counts
    return f"95 % CI {number(row.ci_low)}–{number(row.ci_high)}; {counts}"


def describe(row: TriggerRow, outcome: str = "attack onset day") -> str:
    """The one-line reading of a row, including why it has no verdict when it has none."""
    event = EVENTS.get(outcome, "an event started")
    later = " after that" if row.lag_days == 0 else ""
    head = f"{lead_in(row)}, {event}{later}"
    if row.verdict == TRIGGER:
        text = f"{head} {number(row.rr)} times as often ({evidence(row)})."
        if "possible_prodrome" in row.flags:  # kept only on early exposures; still say it
            text += (
                f" Early entries show it too, but {row.prodrome_note}; only an experiment "
                "(eating it on planned days) can tell a trigger from an early symptom."
            )
        return text
    if row.verdict == PROTECTOR:
        return f"{head} less often: {number(row.rr)} times the usual rate ({evidence(row)})."
    if row.verdict == NO_ASSOCIATION:
        return (
            f"{head} about as often as otherwise (RR {number(row.rr)}, {evidence(row)}): "
            "no sign of an effect of 1.5× or more."
        )
    if not row.tested:
        text = f"{lead_in(row)}: too few days to test yet ({evidence(row)})."
    else:
        text = (
            f"{head} {number(row.rr)} times as often ({evidence(row)}), not clear enough to call."
        )
    text += "".join(f" {r}" for r in reasons(row))
    if row.more_days is not None and row.more_days > 0:
        text += (
            f" About {row.more_days} more diary days would be needed to detect a doubling of risk."
        )
    elif row.more_days == 0 and row.tested and not row.flags:
        text += (
            " A doubling of risk would probably have shown by now; any effect is likely smaller."
        )
    elif row.more_days is None and row.exposed_days > 0 and not row.flags:
        text += " Even ten more years of diary would not reliably show a doubling of risk."
    return text


def reasons(row: TriggerRow) -> list[str]:
    """Why a candidate lost its verdict, one sentence per kind of flag."""
    out = []
    if "possible_prodrome" in row.flags:
        note = row.prodrome_note or "its timing follows the onsets"
        out.append(
            f"It may be an early symptom rather than a cause: {note}; only an experiment "
            "(eating it on planned days) can tell a trigger from an early symptom."
        )
    if "fails_permutation" in row.flags:
        out.append(
            "The pattern also shows up when its days are shifted in time, so it may be chance "
            "clustering."
        )
    for prefix, template in (
        ("confounded_by:", "It is explained by {}."),
        ("inseparable_from:", "It goes with {} too often to tell them apart."),
    ):
        others = [f.split(":", 1)[1] for f in row.flags if f.startswith(prefix)]
        if others:
            out.append(template.format(" / ".join(others)))
    return out
