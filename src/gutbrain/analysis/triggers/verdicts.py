"""What the trigger engine says about a factor: the verdicts and the row that carries one.

Kept apart from the engine (``triggers.py``) so that the wording, the explanation and the faces
can import the types without importing the engine (contract: shared/spec/triggers-json.md v2).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TRIGGER, PROTECTOR = "trigger", "protector"
INCONCLUSIVE = "inconclusive"
NO_ASSOCIATION, NOT_ENOUGH_DATA = "no_association", "not_enough_data"
#: Display order: answers first, then signals a check took away, then the rest.
VERDICTS = (TRIGGER, PROTECTOR, INCONCLUSIVE, NO_ASSOCIATION, NOT_ENOUGH_DATA)


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Thresholds, each from statistics.md (section in the comment) or marked as ours.

    Attributes:
        fdr: BH level for verdicts (§0: q ≤ 0.10).
        min_diary_days / min_completion: a diary spanning ≥ 90 days with ≥ 80 % of them kept
            (§0 minimum data: "≥ 90 diary days with ≥ 80 % completion").
        min_onsets: onsets before any verdict (ours: ≥ 3 exposed + a baseline; see docs).
        min_onsets_no_association: ≥ 24 events before ruling out moderate effects (§5.1).
        min_exposed_days / min_unexposed_days / min_exposed_onsets: per factor (§0, ours).
        relevant_rr: no_association needs the CI inside (1/1.5, 1.5) (PAMINA: < 35 % effects).
        power_rr / power_target: "N more days" to detect a doubling at 80 % power (§5.2).
        test: "mid-p" (two-sided Lancaster mid-p of the conditional exact test, §0 "mid-p as an
            option") or "fisher" (two-sided Fisher exact).
        weighting: how the FDR budget is spent (``budget.py``): "prior" (the population
            prior), "power" (power only) or "none" (plain BH, engine 2.x); prior_max: the
            largest prior weight (docs/triggers.md §4).
    """

    fdr: float = 0.10
    lags: tuple[int, ...] = (0, 1, 2)
    min_diary_days: int = 90
    min_completion: float = 0.8
    min_onsets: int = 10
    min_onsets_no_association: int = 24
    min_exposed_days: int = 5
    min_unexposed_days: int = 5
    min_exposed_onsets: int = 3
    relevant_rr: float = 1.5
    power_rr: float = 2.0
    power_target: float = 0.8
    # Engine 3's sharper test and prior-weighted budget are options, off by default: on 56
    # independent simulated year-long diaries they found more triggers but also more false
    # ones than the error targets allow (docs/benchmarks.md, "engine 3").
    test: str = "fisher"
    weighting: str = "none"
    prior_max: float = 3.0


@dataclass(frozen=True, slots=True)
class DiarySummary:
    """The ``diary`` block of the contract plus the gating result."""

    first_day: str
    last_day: str
    days_covered: int
    days_missing: int
    attack_onsets: int
    at_risk_days: int
    problems: tuple[str, ...] = ()

    @property
    def enough(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class Check:
    """One robustness check: its name, whether the candidate passed, and what it found."""

    name: str
    passed: bool
    detail: str


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One factor at one lag: the 2×2 table, its statistics, verdict and reading.

    ``reason`` says in words why an ``inconclusive`` or ``not_enough_data`` row has no answer;
    ``group`` / ``group_label`` join rows that are the same evidence (identical exposed days at
    this lag, e.g. "red wine · alcohol · wine"); ``sentence`` is the plain-language reading;
    ``more_days`` the "about N more diary days would be needed to detect a doubling of risk"
    figure (only for rows that are truly under-powered; None beyond ten years);
    ``checks`` the robustness checks run on it (rows with a signal only).
    """

    factor: str
    kind: str
    lag_days: int
    exposed_days: int
    exposed_onsets: int
    unexposed_days: int
    unexposed_onsets: int
    rr: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    q: float | None
    verdict: str
    reason: str | None = None
    flags: tuple[str, ...] = ()
    tested: bool = False
    landmark_minute: int | None = None
    more_days: int | None = None
    checks: tuple[Check, ...] = ()
    prodrome_note: str | None = None
    group: str | None = None
    group_label: str | None = None
    sentence: str = ""
    #: Prior probability that the factor is a trigger for someone like this person (prior.py).
    prior: float | None = None
    #: The row's share of the FDR budget (weights average 1 over the tested rows).
    weight: float | None = None
    #: Share of the evidence behind the verdict that is the prior's (0: the person's own).
    prior_share: float | None = None
    #: The verdict would not stand on the person's own evidence: the prior carried it.
    leans_on_prior: bool = False

    @property
    def label(self) -> str:
        """The name shown on the row's line: the whole group when it has one."""
        return self.group_label or self.factor

    @property
    def both_arms_quiet(self) -> bool:
        """No onset at all in the table: nothing to compare yet."""
        return self.exposed_onsets == 0 and self.unexposed_onsets == 0


def one_per_group(rows: Iterable[TriggerRow]) -> list[TriggerRow]:
    """Rows as a person sees them: one line per group (its first row), others as they are."""
    seen: set[str] = set()
    out = []
    for r in rows:
        if r.group is not None:
            if r.group in seen:
                continue
            seen.add(r.group)
        out.append(r)
    return out


#: Bump when the engine's output for the same diary may change: cached results from another
#: version are recomputed (``services.trigger_results``).
ENGINE_VERSION = "3.0"
