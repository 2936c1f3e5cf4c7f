"""The trigger engine: day series + exposure matrix in, ``TriggerReport`` out.

For every factor × lag (0 with a landmark, 1, 2) it builds the 2×2 table on at-risk days, tests
it with the conditional exact test (two-sided mid-p by default), controls the false discovery
rate with weighted Benjamini–Hochberg over *all* tested rows (weights from each row's power and
the population prior, ``budget.py``), and puts every candidate through the robustness checks in
``robustness.py`` before giving a verdict (contract: shared/spec/triggers-json.md).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.stats import (
    days_for_power,
    fisher_mid_p,
    fisher_two_sided,
    koopman_ci_many,
    risk_ratio,
)
from gutbrain.analysis.triggers.budget import budget, prior_share, row_priors
from gutbrain.analysis.triggers.judge import SIGNAL_P, Judge
from gutbrain.analysis.triggers.premonitory import premonitory_reason
from gutbrain.analysis.triggers.prior import TriggerPrior
from gutbrain.analysis.triggers.tables import (
    MIN_WAKE_DAYS,
    DayDesign,
    counts,
    exposed_days,
    lag_design,
    landmark_design,
    landmark_of,
    wake_design,
)
from gutbrain.analysis.triggers.verdicts import (
    INCONCLUSIVE,
    NO_ASSOCIATION,
    NOT_ENOUGH_DATA,
    PROTECTOR,
    TRIGGER,
    VERDICTS,
    Check,
    DiarySummary,
    EngineConfig,
    TriggerRow,
)
from gutbrain.analysis.triggers.wording import (
    describe,
)

__all__ = [
    "INCONCLUSIVE",
    "NOT_ENOUGH_DATA",
    "NO_ASSOCIATION",
    "PROTECTOR",
    "TRIGGER",
    "VERDICTS",
    "Check",
    "DiarySummary",
    "EngineConfig",
    "TriggerReport",
    "TriggerRow",
    "analyse",
]  # fmt: skip

DEFAULT_CONFIG = EngineConfig()


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
    prior_source: str = ""
    perimenstrual: NDArray[np.bool_] | None = field(default=None, repr=False, compare=False)
    wake: NDArray[np.int64] | None = field(default=None, repr=False, compare=False)

    def design_of(self, row: TriggerRow) -> DayDesign:
        """The day design behind a row (to recompute its days)."""
        if row.lag_days != 0:
            return lag_design(self.series, row.lag_days)
        if row.landmark_minute is None and self.wake is not None:
            return wake_design(self.series, self.wake)
        assert row.landmark_minute is not None
        return landmark_design(self.series, row.landmark_minute)

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
    key: list[bytes] = field(default_factory=list)  # exposed at-risk days, packed (b"": none)


def _tables(
    series: DaySeries,
    matrix: ExposureMatrix,
    lags: tuple[int, ...],
    wake: NDArray[np.int64] | None = None,
) -> _Table:
    table = _Table()
    all_rows = np.arange(matrix.n_factors)
    for lag in sorted(lags, key=lambda x: (x == 0, x)):
        if lag == 0:
            groups: dict[int, list[int]] = {}
            woken: list[int] = []
            for f in all_rows:
                if wake is not None and matrix.factors[int(f)].kind == "sleep":
                    woken.append(int(f))
                elif (t := landmark_of(matrix, int(f))) is not None:
                    groups.setdefault(t, []).append(int(f))
            designs = [(landmark_design(series, t), np.asarray(fs)) for t, fs in groups.items()]
            if woken and wake is not None:
                designs.append((wake_design(series, wake), np.asarray(woken)))
        else:
            designs = [(lag_design(series, lag), all_rows)]
        for design, rows in designs:
            x = exposed_days(matrix, design, rows)
            n1, a = counts(x, design)
            on_rows = np.packbits(x & design.rows, axis=1)
            table.key.extend(on_rows[k].tobytes() if n1[k] else b"" for k in range(len(rows)))
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
    config: EngineConfig = DEFAULT_CONFIG,
    outcome: str = "attack onset day",
    wake: NDArray[np.int64] | None = None,
    prior: TriggerPrior | None = None,
) -> TriggerReport:
    """Run the engine (pure): every factor × lag row with its verdict, reason and reading.

    ``wake`` (each day's wake-up minute, -1 unknown) anchors the same-day rows of sleep
    factors at waking (``tables.wake_design``) when at least 30 days have one.  ``prior``:
    the population prior that weights the FDR budget (default: the shipped one, no grades).
    """
    prior = prior or TriggerPrior()
    diary = summarise_diary(series, config)
    if wake is not None and int((wake >= 0).sum()) < MIN_WAKE_DAYS:
        wake = None
    t = _tables(series, matrix, config.lags, wake)
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
    exact = fisher_mid_p if config.test == "mid-p" else fisher_two_sided
    for key in {(int(x), int(y)) for x, y in zip(big_n[tested], big_c[tested], strict=True)}:
        sel = tested & (big_n == key[0]) & (big_c == key[1])
        p[sel] = exact(a[sel], n1[sel], key[1], key[0])
    factors = [matrix.factors[f] for f in t.factor]
    pi = row_priors(prior, [f.name for f in factors], [f.kind for f in factors],
                    [d.lag for d in t.design])  # fmt: skip
    spent = budget(p[tested], n1[tested], n0[tested], big_c[tested], pi[tested], config.fdr,
                   config.weighting, config.prior_max)  # fmt: skip
    q = np.full(n1.size, np.nan)
    q[tested] = spent.q
    q_own = np.full(n1.size, np.nan)
    q_own[tested] = spent.q_without_prior
    weight = np.full(n1.size, np.nan)
    weight[tested] = spent.weight
    lift = np.ones(n1.size)
    lift[tested] = spent.prior_weight
    has_table = (n1 > 0) & (n0 > 0)
    low = np.full(n1.size, np.nan)
    high = np.full(n1.size, np.nan)
    low[has_table], high[has_table] = koopman_ci_many(
        a[has_table], n1[has_table], c[has_table], n0[has_table]
    )
    rr = risk_ratio(a, n1, c, n0)
    n_tests = int(tested.sum())
    # Factors with a nominal signal of their own at each lag: co-occurring candidates for the
    # "explained by another factor" check (docs/triggers.md §5).
    with np.errstate(invalid="ignore"):
        up = a * n0 > c * n1
        signalled = tested & (p <= SIGNAL_P)
    signals: dict[tuple[int, bool], set[int]] = {}
    for k in np.flatnonzero(signalled):
        signals.setdefault((t.design[k].lag, bool(up[k])), set()).add(t.factor[k])
    judge = Judge(series, matrix, perimenstrual, diary, config, n_tests, signals)
    groups = _groups(t, matrix)
    rows = []
    for i in range(n1.size):
        f = matrix.factors[t.factor[i]]
        design = t.design[i]
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
            p=_num(p[i]) if tested[i] else None,
            q=_num(q[i]) if tested[i] else None,
            verdict=NOT_ENOUGH_DATA,
            tested=bool(tested[i]),
            landmark_minute=design.landmark,
            prodrome_note=premonitory_reason(f.name, f.kind),
            group=groups[i][0],
            group_label=groups[i][1],
            prior=round(float(pi[i]), 4),
            weight=_num(round(weight[i], 3)) if tested[i] else None,
        )
        rows.append(_lean(judge(row, t.factor[i], design), q_own[i], lift[i], config.fdr))
    rows = _harmonise_groups(rows)
    more_days = _more_days(t, series, config.fdr / max(n_tests, 1), config)
    final = []
    for i, row in enumerate(rows):
        if row.verdict == NOT_ENOUGH_DATA and row.exposed_days and t.factor[i] in more_days:
            # "About N more days" only where a doubling cannot be detected yet (§5.2).
            needed = more_days[t.factor[i]]
            row = replace(row, more_days=needed)
        final.append(replace(row, sentence=describe(row, outcome)))
    final.sort(key=lambda r: (VERDICTS.index(r.verdict), r.p if r.p is not None else 2.0))
    return TriggerReport(
        outcome, diary, config, tuple(final), n_tests, series, matrix, prior.source,
        perimenstrual, wake,
    )  # fmt: skip


def _lean(row: TriggerRow, q_own: float, lift: float, fdr: float) -> TriggerRow:
    """Say how much of an answer is the prior's, and whether it stands without it."""
    if row.verdict not in (TRIGGER, PROTECTOR) or row.p is None:
        return row
    share = round(prior_share(row.p, lift), 2)
    return replace(row, prior_share=share, leans_on_prior=bool(q_own > fdr))


#: Kind order inside a group label: what the person logged first, derived names after.
_KIND_ORDER = {"food": 0, "drink": 1, "supplement": 2, "medication": 2, "factor": 3}


def _groups(t: _Table, matrix: ExposureMatrix) -> list[tuple[str | None, str | None]]:
    """Per row: (group id, label) for rows with identical exposed days at the same lag."""
    members: dict[tuple[int, int | None, bytes], list[int]] = {}
    for i, key in enumerate(t.key):
        members.setdefault((t.design[i].lag, t.design[i].landmark, key), []).append(i)
    out: list[tuple[str | None, str | None]] = [(None, None)] * len(t.key)
    for (lag, _, _), idx in members.items():
        if len(idx) < 2:
            continue
        names = sorted(
            (matrix.factors[t.factor[i]] for i in idx),
            key=lambda f: (_KIND_ORDER.get(f.kind, 4), -len(f.name), f.name),
        )
        label = " · ".join(f.name for f in names)
        for i in idx:
            out[i] = (f"lag{lag}:{names[0].name}", label)
    return out


def _harmonise_groups(rows: list[TriggerRow]) -> list[TriggerRow]:
    """One piece of evidence, one answer: a group takes its most cautious member's verdict."""
    caution = {TRIGGER: 0, PROTECTOR: 0, INCONCLUSIVE: 1}
    worst: dict[str, TriggerRow] = {}
    for r in rows:
        if r.group is None or r.verdict not in caution:
            continue
        seen = worst.get(r.group)
        if seen is None or caution[r.verdict] > caution[seen.verdict]:
            worst[r.group] = r
    out = []
    for r in rows:
        w = worst.get(r.group) if r.group is not None else None
        if w is not None and r.verdict in caution and caution[w.verdict] > caution[r.verdict]:
            r = replace(
                r, verdict=w.verdict, reason=w.reason, flags=tuple(dict.fromkeys(r.flags + w.flags)),
                prior_share=None, leans_on_prior=False,
            )  # fmt: skip
        out.append(r)
    return out


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
