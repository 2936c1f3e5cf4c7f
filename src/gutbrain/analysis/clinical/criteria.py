"""ICHD-3 month-by-month criteria: medication overuse (8.2) and chronic migraine (1.3).

Both need a threshold met "for > 3 months"; we read that as more than three *consecutive
calendar months* (statistics.md §4.1, "Diary implementation"), so exactly three months is not
enough and four is.  A month counts only the days the diary documents, so a month with gaps can
fall short of a threshold but never reach it by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from gutbrain.analysis.clinical.endpoints import (
    CHRONIC_HEADACHE_DAYS,
    CHRONIC_MIGRAINE_DAYS,
    MORE_THAN_MONTHS,
    DiaryDays,
    Period,
)


@dataclass(frozen=True, slots=True)
class MonthCounts:
    """Counts for one calendar month (clipped to the period)."""

    month: date
    days: int
    documented_days: int
    headache_days: int
    migraine_days: int
    acute_days: Mapping[str, int] = field(default_factory=dict)


def months_of(period: Period) -> list[tuple[date, date]]:
    """Calendar months overlapping the period, each clipped to it."""
    spans: list[tuple[date, date]] = []
    first = period.first
    while first <= period.last:
        next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        last = min(next_month - timedelta(days=1), period.last)
        spans.append((first, last))
        first = next_month
    return spans


def monthly_counts(
    days: DiaryDays, period: Period, groups: Mapping[str, frozenset[str]]
) -> tuple[MonthCounts, ...]:
    """Headache, migraine and acute-medication days per calendar month.

    ``groups`` maps a row key to the drug classes it pools: a day counts once per group however
    many intakes of its classes it had (ICHD-3 counts *days* of use).
    """
    result: list[MonthCounts] = []
    for first, last in months_of(period):

        def within(ds: Iterable[date], a: date = first, b: date = last) -> set[date]:
            return {d for d in ds if a <= d <= b}

        acute = {
            key: len(set().union(*(within(days.acute.get(c, ())) for c in classes)))
            for key, classes in groups.items()
        }
        result.append(
            MonthCounts(
                month=first.replace(day=1),
                days=(last - first).days + 1,
                documented_days=days.documented_in(first, last),
                headache_days=len(within(days.headache)),
                migraine_days=len(within(days.migraine)),
                acute_days=acute,
            )
        )
    return tuple(result)


def longest_run(flags: Sequence[bool]) -> tuple[int, int | None]:
    """Length and start index of the longest run of consecutive True values."""
    best, best_start, run, start = 0, None, 0, 0
    for i, flag in enumerate(flags):
        if flag:
            if run == 0:
                start = i
            run += 1
            if run > best:
                best, best_start = run, start
        else:
            run = 0
    return best, best_start


@dataclass(frozen=True, slots=True)
class OveruseRule:
    """One ICHD-3 8.2 subtype: the drug classes it pools and its days-per-month threshold."""

    key: str
    label: str
    code: str
    classes: frozenset[str]
    threshold: int


#: ICHD-3 8.2 thresholds (statistics.md §4.1).  Simple analgesics pool NSAIDs and paracetamol
#: (8.2.3); gepants, ditans and unclassified acute drugs fall under 8.2.8 "other medication".
OVERUSE_RULES: tuple[OveruseRule, ...] = (
    OveruseRule("triptan", "Triptans", "8.2.2", frozenset({"triptan"}), 10),
    OveruseRule("ergot", "Ergotamine / ergots", "8.2.1", frozenset({"ergot"}), 10),
    OveruseRule("opioid", "Opioids", "8.2.4", frozenset({"opioid"}), 10),
    OveruseRule("combination", "Combination analgesics", "8.2.5", frozenset({"combination"}), 10),
    OveruseRule(
        "simple",
        "Simple analgesics (NSAIDs, paracetamol)",
        "8.2.3",
        frozenset({"nsaid", "paracetamol"}),
        15,
    ),
    OveruseRule(
        "other",
        "Other acute drugs (gepants, ditans, unclassified)",
        "8.2.8",
        frozenset({"gepant", "ditan", "other"}),
        10,
    ),
)
#: 8.2.6: several classes, none overused alone, on ≥ 10 days/month together.
MULTIPLE_RULE = OveruseRule(
    "multiple",
    "Several classes together",
    "8.2.6",
    frozenset().union(*(r.classes for r in OVERUSE_RULES[:5])),
    10,
)
ALL_RULES = (*OVERUSE_RULES, MULTIPLE_RULE)


@dataclass(frozen=True, slots=True)
class RuleResult:
    """Days per month for one rule and whether it was met for > 3 consecutive months."""

    rule: OveruseRule
    days: tuple[int, ...]
    months_at_threshold: int
    longest_run: int
    run_start: date | None
    met: bool


@dataclass(frozen=True, slots=True)
class OveruseCheck:
    """ICHD-3 8.2 criterion B per class, and criterion A (headache ≥ 15 days/month)."""

    months: tuple[MonthCounts, ...]
    rules: tuple[RuleResult, ...]
    headache_15_months: int

    @property
    def met(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.rules if r.met)

    @property
    def used(self) -> tuple[RuleResult, ...]:
        """Rows worth showing: classes taken at all in the period."""
        return tuple(r for r in self.rules if any(r.days))


@dataclass(frozen=True, slots=True)
class ChronicCheck:
    """ICHD-3 1.3: ≥ 15 headache days with ≥ 8 migraine days per month, for > 3 months."""

    months: tuple[MonthCounts, ...]
    qualifying: tuple[bool, ...]
    longest_run: int
    run_start: date | None
    met: bool


def _rule_result(rule: OveruseRule, days: Sequence[int], months: Sequence[date]) -> RuleResult:
    flags = [d >= rule.threshold for d in days]
    run, start = longest_run(flags)
    return RuleResult(
        rule=rule,
        days=tuple(days),
        months_at_threshold=sum(flags),
        longest_run=run,
        run_start=None if start is None else months[start],
        met=run > MORE_THAN_MONTHS,
    )


def overuse_check(days: DiaryDays, period: Period) -> OveruseCheck:
    """Acute-medication days per class per month against the ICHD-3 8.2 thresholds."""
    months = monthly_counts(days, period, {r.key: r.classes for r in ALL_RULES})
    starts = [m.month for m in months]
    results = [
        _rule_result(r, [m.acute_days[r.key] for m in months], starts) for r in OVERUSE_RULES
    ]
    # 8.2.6 applies only in months with two or more of its classes and none at its own threshold.
    pooled = results[:5]
    multiple = [
        m.acute_days[MULTIPLE_RULE.key]
        if sum(r.days[i] > 0 for r in pooled) >= 2
        and not any(r.days[i] >= r.rule.threshold for r in results)
        else 0
        for i, m in enumerate(months)
    ]
    results.append(_rule_result(MULTIPLE_RULE, multiple, starts))
    return OveruseCheck(
        months=months,
        rules=tuple(results),
        headache_15_months=sum(m.headache_days >= CHRONIC_HEADACHE_DAYS for m in months),
    )


def chronic_check(days: DiaryDays, period: Period) -> ChronicCheck:
    """Months meeting ICHD-3 1.3 A and C, and whether they run for more than 3 months."""
    months = monthly_counts(days, period, {})
    flags = tuple(
        m.headache_days >= CHRONIC_HEADACHE_DAYS and m.migraine_days >= CHRONIC_MIGRAINE_DAYS
        for m in months
    )
    run, start = longest_run(flags)
    return ChronicCheck(
        months=months,
        qualifying=flags,
        longest_run=run,
        run_start=None if start is None else months[start].month,
        met=run > MORE_THAN_MONTHS,
    )
