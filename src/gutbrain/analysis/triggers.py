"""The trigger engine: day series + exposure matrix in, ``TriggerReport`` out.

For every factor × lag (0 with a landmark, 1, 2) it builds the 2×2 table on at-risk days, tests
it with Fisher's exact test (two-sided), controls the false discovery rate with Benjamini–
Hochberg over *all* tested rows, and puts every candidate through the robustness checks in
``robustness.py`` before giving a verdict (contract: shared/spec/triggers-json.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries
from gutbrain.analysis.checks import CandidateInput, Check, run_checks
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.premonitory import premonitory_reason
from gutbrain.analysis.stats import (
    benjamini_hochberg,
    days_for_power,
    fisher_two_sided,
    koopman_ci_many,
    risk_ratio,
)
from gutbrain.analysis.tables import (
    DayDesign,
    counts,
    exposed_days,
    lag_design,
    landmark_design,
    landmark_of,
)

TRIGGER, PROTECTOR = "trigger", "protector"
NO_ASSOCIATION, NOT_ENOUGH_DATA = "no_association", "not_enough_data"
VERDICTS = (TRIGGER, PROTECTOR, NO_ASSOCIATION, NOT_ENOUGH_DATA)


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


@dataclass(frozen=True, slots=True)
class TriggerRow:
    """One factor at one lag: the 2×2 table, its statistics, verdict and reading.

    ``sentence`` is the plain-language reading; ``more_days`` the "about N more diary days
    would be needed to detect a doubling of risk" figure (None when not applicable or beyond
    ten years); ``checks`` the robustness checks run on it (candidates only).
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
    flags: tuple[str, ...] = ()
    tested: bool = False
    landmark_minute: int | None = None
    more_days: int | None = None
    checks: tuple[Check, ...] = ()
    prodrome_note: str | None = None
    sentence: str = ""


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
class TriggerReport:
    """Everything the CLI, web page and doctor report show about triggers."""

    outcome: str
    diary: DiarySummary
    config: EngineConfig
    rows: tuple[TriggerRow, ...]
    n_tests: int
    series: DaySeries = field(repr=False, compare=False)
    matrix: ExposureMatrix = field(repr=False, compare=False)
    perimenstrual: NDArray[np.bool_] | None = field(default=None, repr=False, compare=False)

    def by_verdict(self, verdict: str) -> list[TriggerRow]:
        return [r for r in self.rows if r.verdict == verdict]

    def rows_for(self, factor: str) -> list[TriggerRow]:
        key = " ".join(factor.strip().lower().split())
        return [r for r in self.rows if r.factor == key]


def summarise_diary(series: DaySeries, config: EngineConfig) -> DiarySummary:
    """Contract ``diary`` block; ``problems`` lists the minimum-data rules not yet met."""
    covered = int(series.covered.sum())
    onsets = int(series.onset.sum())
    problems = []
    if series.n_days < config.min_diary_days:
        problems.append(
            f"the diary spans {series.n_days} days; at least {config.min_diary_days} are needed"
        )
    if covered < config.min_completion * series.n_days:
        problems.append(
            f"only {covered / series.n_days:.0%} of days kept; at least "
            f"{config.min_completion:.0%} are needed"
        )
    if onsets < config.min_onsets:
        problems.append(f"{onsets} onsets logged; at least {config.min_onsets} are needed")
    return DiarySummary(
        series.first_day.isoformat(),
        series.day(series.n_days - 1).isoformat(),
        covered,
        series.n_days - covered,
        onsets,
        lag_design(series, 1).n_days,
        tuple(problems),
    )


@dataclass
class _Table:
    """Raw per-row arrays while the engine works (one element per factor × lag row)."""

    factor: list[int] = field(default_factory=list)
    design: list[DayDesign] = field(default_factory=list)
    n1: list[int] = field(default_factory=list)
    a: list[int] = field(default_factory=list)


def _tables(series: DaySeries, matrix: ExposureMatrix, lags: tuple[int, ...]) -> _Table:
    table = _Table()
    all_rows = np.arange(matrix.n_factors)
    for lag in sorted(lags, key=lambda x: (x == 0, x)):
        if lag == 0:
            groups: dict[int, list[int]] = {}
            for f in all_rows:
                t = landmark_of(matrix, int(f))
                if t is not None:
                    groups.setdefault(t, []).append(int(f))
            designs = [(landmark_design(series, t), np.asarray(fs)) for t, fs in groups.items()]
        else:
            designs = [(lag_design(series, lag), all_rows)]
        for design, rows in designs:
            n1, a = counts(exposed_days(matrix, design, rows), design)
            table.factor.extend(int(f) for f in rows)
            table.design.extend([design] * len(rows))
            table.n1.extend(int(x) for x in n1)
            table.a.extend(int(x) for x in a)
    return table


def analyse(
    series: DaySeries,
    matrix: ExposureMatrix,
    *,
    perimenstrual: NDArray[np.bool_] | None = None,
    config: EngineConfig = EngineConfig(),
    outcome: str = "attack onset day",
) -> TriggerReport:
    """Run the engine (pure): every factor × lag row with its verdict and reading."""
    from gutbrain.analysis.wording import describe  # wording imports this module's types

    diary = summarise_diary(series, config)
    t = _tables(series, matrix, config.lags)
    n1 = np.asarray(t.n1, dtype=np.int64)
    a = np.asarray(t.a, dtype=np.int64)
    big_n = np.asarray([d.n_days for d in t.design], dtype=np.int64)
    big_c = np.asarray([d.n_onsets for d in t.design], dtype=np.int64)
    n0, c = big_n - n1, big_c - a
    expected = np.where(big_n > 0, n1 * big_c / np.maximum(big_n, 1), 0.0)
    tested = (
        (n1 >= config.min_exposed_days)
        & (n0 >= config.min_unexposed_days)
        & ((a >= config.min_exposed_onsets) | (expected >= config.min_exposed_onsets))
    )
    p = np.full(n1.size, np.nan)
    for key in {(int(x), int(y)) for x, y in zip(big_n[tested], big_c[tested], strict=True)}:
        sel = tested & (big_n == key[0]) & (big_c == key[1])
        p[sel] = fisher_two_sided(a[sel], n1[sel], key[1], key[0])
    q = np.full(n1.size, np.nan)
    q[tested] = benjamini_hochberg(p[tested])
    has_table = (n1 > 0) & (n0 > 0)
    low = np.full(n1.size, np.nan)
    high = np.full(n1.size, np.nan)
    low[has_table], high[has_table] = koopman_ci_many(
        a[has_table], n1[has_table], c[has_table], n0[has_table]
    )
    rr = risk_ratio(a, n1, c, n0)
    n_tests = int(tested.sum())
    alpha_power = config.fdr / max(n_tests, 1)

    more_days = _more_days(t, series, alpha_power, config)
    rows = []
    for i in range(n1.size):
        f = matrix.factors[t.factor[i]]
        design = t.design[i]
        is_tested = bool(tested[i])
        row = TriggerRow(
            factor=f.name,
            kind=f.kind,
            lag_days=design.lag,
            exposed_days=int(n1[i]),
            exposed_onsets=int(a[i]),
            unexposed_days=int(n0[i]),
            unexposed_onsets=int(c[i]),
            rr=_num(rr[i]) if has_table[i] else None,
            ci_low=_num(low[i]),
            ci_high=_num(high[i]),
            p=_num(p[i]) if is_tested else None,
            q=_num(q[i]) if is_tested else None,
            verdict=NOT_ENOUGH_DATA,
            tested=is_tested,
            landmark_minute=design.landmark,
            prodrome_note=premonitory_reason(f.name),
        )
        row = _judge(row, t.factor[i], design, series, matrix, perimenstrual, diary, config)
        if row.verdict == NOT_ENOUGH_DATA:
            row = replace(row, more_days=more_days.get(t.factor[i]))
        rows.append(replace(row, sentence=describe(row, outcome)))
    rows.sort(key=lambda r: (VERDICTS.index(r.verdict), r.p if r.p is not None else 2.0))
    return TriggerReport(
        outcome, diary, config, tuple(rows), n_tests, series, matrix, perimenstrual
    )


def _judge(
    row: TriggerRow,
    f: int,
    design: DayDesign,
    series: DaySeries,
    matrix: ExposureMatrix,
    perimenstrual: NDArray[np.bool_] | None,
    diary: DiarySummary,
    config: EngineConfig,
) -> TriggerRow:
    """Verdict of one row: candidate → checks → trigger/protector, else the other two."""
    if not row.tested or row.ci_low is None or row.q is None:
        return row
    flags: list[str] = []
    premonitory = row.prodrome_note is not None
    shows = row.rr is not None and row.rr > 1 and (row.p or 1.0) <= 0.05
    if premonitory and shows:
        flags.append("possible_prodrome")
    hi = row.ci_high if row.ci_high is not None else math.inf
    higher = row.ci_low > 1
    candidate = diary.enough and row.q <= config.fdr and (higher or hi < 1)
    if not candidate:
        verdict = NOT_ENOUGH_DATA
        if (
            diary.enough
            and diary.attack_onsets >= config.min_onsets_no_association
            and hi < config.relevant_rr
            and row.ci_low > 1 / config.relevant_rr
        ):
            verdict = NO_ASSOCIATION
        return replace(row, verdict=verdict, flags=tuple(flags))
    checks, more_flags = run_checks(
        CandidateInput(f, design, higher, premonitory, series, matrix, perimenstrual)
    )
    flags.extend(x for x in more_flags if x not in flags)
    demoted = any(not c.passed for c in checks)
    verdict = NOT_ENOUGH_DATA if demoted else (TRIGGER if higher else PROTECTOR)
    return replace(row, verdict=verdict, flags=tuple(flags), checks=tuple(checks))


def _more_days(
    t: _Table, series: DaySeries, alpha: float, config: EngineConfig
) -> dict[int, int | None]:
    """Per factor: about how many more diary days until a doubling of risk has 80 % power.

    Exact one-sided Fisher power (§5.2) at the diary's lag-1 onset rate and the factor's lag-1
    exposure share, α = FDR / number of tests; at-risk days are converted to calendar days at
    this diary's own at-risk rate.  None: more than ten years.
    """
    design = lag_design(series, 1)
    if design.n_days == 0 or design.n_onsets == 0:
        return {}
    p0 = round(design.n_onsets / design.n_days, 3)
    at_risk_rate = design.n_days / design.rows.size
    out: dict[int, int | None] = {}
    for f, d, n1 in zip(t.factor, t.design, t.n1, strict=True):
        if d.lag != 1 or n1 == 0:
            continue
        needed = days_for_power(
            _bucket(n1 / design.n_days), p0, config.power_rr, float(f"{alpha:.3g}"),
            config.power_target,
        )  # fmt: skip
        out[f] = (
            None if needed is None else math.ceil(max(needed - design.n_days, 0) / at_risk_rate)
        )
    return out


#: Exposure shares are rounded to this grid before the (cached) power search.
_SHARE_GRID = np.array(
    [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.13, 0.17, 0.22, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
)


def _bucket(share: float) -> float:
    i = int(np.argmin(np.abs(np.log(_SHARE_GRID) - math.log(max(share, 1e-3)))))
    return float(_SHARE_GRID[i])


def _num(x: float) -> float | None:
    """Plain JSON number or None (no NaN/inf)."""
    return float(x) if x is not None and math.isfinite(x) else None
