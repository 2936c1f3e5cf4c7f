"""Statistics for 2×2 tables of at-risk days: RR, CIs, Fisher, BH, power, Mantel–Haenszel.

Formulas and their sources are in ``shared/reference/statistics.md`` §2 and §5; the functions
work on numpy arrays (one entry per factor × lag row) so the engine can test hundreds of factors
at once.  Table notation (§2): ``a`` exposed onsets, ``n1`` exposed days, ``c`` unexposed
onsets, ``n0`` unexposed days.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammaln
from scipy.stats import binom, hypergeom, norm
from scipy.stats import false_discovery_control as _bh

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Longest diary the power search considers (ten years of at-risk days).
MAX_POWER_DAYS = 3650
#: Relative tolerance used by scipy.stats.fisher_exact when comparing table probabilities.
_FISHER_RTOL = 1 + 1e-7


def risk_ratio(a: ArrayLike, n1: ArrayLike, c: ArrayLike, n0: ArrayLike) -> FloatArray:
    """RR = (a/n1)/(c/n0); inf when c = 0 < a, nan when both risks are 0 (§2.1)."""
    a_, n1_, c_, n0_ = (np.asarray(x, dtype=float) for x in (a, n1, c, n0))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray((a_ / n1_) / (c_ / n0_), dtype=float)


def katz_ci(a: int, n1: int, c: int, n0: int, level: float = 0.95) -> tuple[float, float]:
    """Katz log interval (Katz 1978); Haldane–Anscombe +0.5 to all four cells if any is 0.

    Shown for transparency next to the Koopman interval (statistics.md §2.1).
    """
    cells = [float(a), float(n1 - a), float(c), float(n0 - c)]
    if min(cells) == 0:
        cells = [x + 0.5 for x in cells]
    fa, fb, fc, fd = cells
    m1, m0 = fa + fb, fc + fd
    log_rr = math.log((fa / m1) / (fc / m0))
    se = math.sqrt(1 / fa - 1 / m1 + 1 / fc - 1 / m0)
    z = float(norm.isf((1 - level) / 2))
    return math.exp(log_rr - z * se), math.exp(log_rr + z * se)


def koopman_ci(a: int, n1: int, c: int, n0: int, level: float = 0.95) -> tuple[float, float]:
    """Koopman score interval (statsmodels, Miettinen–Nurminen correction); handles zero cells.

    Returns (low, high) with ``high = inf`` when the unexposed risk is 0 (statistics.md §2.1).
    When both risks are 100 % the score equation degenerates (statsmodels returns complex
    roots); the Katz interval with Haldane–Anscombe correction is used then.
    """
    if a == 0 and c == 0:
        return 0.0, math.inf
    if a == n1 and c == n0:
        return katz_ci(a, n1, c, n0, level)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        # statsmodels (and pandas under it) costs ~1 s to import: only for this scalar path.
        from statsmodels.stats.proportion import confint_proportions_2indep

        low, high = confint_proportions_2indep(
            a, n1, c, n0, compare="ratio", method="score", alpha=1 - level
        )
    low_f, high_f = float(np.real(low)), float(np.real(high))
    if c == 0 or not math.isfinite(high_f) or high_f < 0:
        high_f = math.inf
    if a == 0 or not math.isfinite(low_f) or low_f < 1e-12:
        low_f = 0.0
    rr = (a / n1) / (c / n0) if c else math.inf
    inside = low_f <= rr * (1 + 1e-6) and rr <= high_f * (1 + 1e-6)
    if math.isnan(low_f) or low_f > high_f or (a and c and not inside):
        return katz_ci(a, n1, c, n0, level)
    return low_f, high_f


def koopman_ci_many(
    a: IntArray, n1: IntArray, c: IntArray, n0: IntArray, level: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """``koopman_ci`` for many rows at once.

    Same closed form as statsmodels' ``_confint_riskratio_koopman`` (Nam 1995, eq. 5–6, with
    the Miettinen–Nurminen factor), its cubic solved for all rows together through companion-
    matrix eigenvalues instead of one ``np.roots`` call per row; tables with no onsets, every
    day an onset, or a
    degenerate cubic go through the scalar path.  Tested equal to statsmodels.
    """
    x1 = np.asarray(a, dtype=float)
    m1 = np.asarray(n1, dtype=float)
    x0 = np.asarray(c, dtype=float)
    m0 = np.asarray(n0, dtype=float)
    low = np.full(x1.size, np.nan)
    high = np.full(x1.size, np.nan)
    # Zero cells go through the same closed form (tested equal to statsmodels there too); only
    # the degenerate tables (no onsets at all, or every day an onset) take the scalar path.
    ok = (m1 > 0) & (m0 > 0) & ~((x1 == 0) & (x0 == 0)) & ~((x1 == m1) & (x0 == m0))
    if ok.any():
        with np.errstate(all="ignore"):
            low[ok], high[ok] = _koopman_closed_form(x1[ok], m1[ok], x0[ok], m0[ok], level)
        high[ok & (x0 == 0)] = np.inf
        low[ok & (x1 == 0)] = 0.0
    bad = ~ok | np.isnan(low) | np.isnan(high) | (low > high)
    for i in np.flatnonzero(bad):
        low[i], high[i] = koopman_ci(int(x1[i]), int(m1[i]), int(x0[i]), int(m0[i]), level)
    return low, high


def _koopman_closed_form(
    x1: FloatArray, n1: FloatArray, x0: FloatArray, n0: FloatArray, level: float
) -> tuple[FloatArray, FloatArray]:
    x = x0 + x1
    n = n0 + n1
    z = float(norm.isf((1 - level) / 2)) ** 2 * n / (n - 1)
    a1 = n0 * (n0 * n * x1 + n1 * (n0 + x1) * z)
    a2 = -n0 * (n0 * n1 * x + 2 * n * x0 * x1 + n1 * (n0 + x0 + 2 * x1) * z)
    a3 = 2 * n0 * n1 * x0 * x + n * x0 * x0 * x1 + n0 * n1 * x * z
    a4 = -n1 * x0 * x0 * x
    companion = np.zeros((x1.size, 3, 3))
    companion[:, 0, 0], companion[:, 0, 1], companion[:, 0, 2] = -a2 / a1, -a3 / a1, -a4 / a1
    companion[:, 1, 0] = companion[:, 2, 1] = 1.0
    roots = np.linalg.eigvals(companion)
    roots = np.sort_complex(roots)  # statsmodels: np.sort(np.roots(...)), two smallest
    p = np.real(roots[:, [1, 0]])
    with np.errstate(divide="ignore", invalid="ignore"):
        ci = (1 - (n1 - x1)[:, None] * (1 - p) / ((x0 + n1)[:, None] - n[:, None] * p)) / p
    return ci[:, 0], ci[:, 1]


def fisher_two_sided(a: IntArray, n1: IntArray, total_onsets: int, n_days: int) -> FloatArray:
    """Two-sided Fisher exact p for many tables sharing the column margins.

    All rows of one lag share the at-risk days (``n_days``) and onsets (``total_onsets``); only
    the exposed count differs, so the hypergeometric pmf is evaluated as one matrix.  Same
    rule as scipy.stats.fisher_exact: sum the tables no more probable than the observed one.
    """
    a = np.asarray(a, dtype=np.int64)
    n1 = np.asarray(n1, dtype=np.int64)
    if a.size == 0:
        return np.zeros(0)
    support = np.arange(total_onsets + 1)[None, :]
    pmf = _hypergeom_pmf(support, n_days, total_onsets, n1[:, None])
    observed = _hypergeom_pmf(a, n_days, total_onsets, n1)[:, None]
    p = np.where(pmf <= observed * _FISHER_RTOL, pmf, 0.0).sum(axis=1)
    return np.asarray(np.clip(p, 0.0, 1.0), dtype=float)


def fisher_mid_p(a: IntArray, n1: IntArray, total_onsets: int, n_days: int) -> FloatArray:
    """Two-sided Lancaster mid-p for many tables sharing the column margins (§0 "mid-p as an
    option"; Lancaster 1961, Agresti 2013 §1.4.5).

    The same conditional (hypergeometric) reference as ``fisher_two_sided``, but tables exactly
    as probable as the observed one count half: Fisher's test is conservative because of the
    discreteness of small tables, the mid-p is not, at the price of a size that can exceed the
    nominal level slightly for some margins.  FDR control with it is checked by simulation
    (docs/benchmarks.md, null diaries).
    """
    a = np.asarray(a, dtype=np.int64)
    n1 = np.asarray(n1, dtype=np.int64)
    if a.size == 0:
        return np.zeros(0)
    support = np.arange(total_onsets + 1)[None, :]
    pmf = _hypergeom_pmf(support, n_days, total_onsets, n1[:, None])
    observed = _hypergeom_pmf(a, n_days, total_onsets, n1)[:, None]
    less = np.where(pmf < observed / _FISHER_RTOL, pmf, 0.0).sum(axis=1)
    tied = np.where((pmf >= observed / _FISHER_RTOL) & (pmf <= observed * _FISHER_RTOL), pmf, 0.0)
    return np.asarray(np.clip(less + 0.5 * tied.sum(axis=1), 0.0, 1.0), dtype=float)


def fisher_one_sided(
    a: IntArray, n1: IntArray, total_onsets: int, n_days: int, greater: bool
) -> FloatArray:
    """One-sided Fisher p (P[X ≥ a] for ``greater``, else P[X ≤ a])."""
    a = np.asarray(a, dtype=np.int64)
    n1 = np.asarray(n1, dtype=np.int64)
    if greater:
        return np.asarray(hypergeom.sf(a - 1, n_days, n1, total_onsets), dtype=float)
    return np.asarray(hypergeom.cdf(a, n_days, n1, total_onsets), dtype=float)


def benjamini_hochberg(p: ArrayLike) -> FloatArray:
    """BH-adjusted p-values (q-values), scipy.stats.false_discovery_control (§2.4)."""
    p_arr = np.asarray(p, dtype=float)
    if p_arr.size == 0:
        return p_arr
    return np.asarray(_bh(p_arr, method="bh"), dtype=float)


def weighted_bh(p: ArrayLike, weights: ArrayLike) -> FloatArray:
    """Weighted Benjamini–Hochberg q-values (Genovese, Roeder & Wasserman 2006, Biometrika).

    BH applied to p / w with non-negative weights averaging 1 (they are rescaled to mean 1
    here): FDR stays at the nominal level for independent or positively dependent p-values
    whatever the weights, as long as they are fixed without looking at the outcomes.  A row
    with weight 0 can never be rejected (q = 1).
    """
    p_arr = np.asarray(p, dtype=float)
    w = np.asarray(weights, dtype=float)
    if p_arr.size == 0:
        return p_arr
    if np.any(w < 0) or not np.all(np.isfinite(w)) or w.sum() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    w = w * (w.size / w.sum())
    with np.errstate(divide="ignore"):
        scaled = np.where(w > 0, p_arr / w, np.inf)
    q = np.ones_like(p_arr)
    finite = np.isfinite(scaled)
    if finite.any():
        m = p_arr.size  # the zero-weight rows still count in m (they carry no budget)
        order = np.argsort(scaled[finite])
        s = scaled[finite][order]
        ranks = np.arange(1, s.size + 1)
        adj = np.minimum.accumulate((s * m / ranks)[::-1])[::-1]
        out = np.empty_like(s)
        out[order] = np.minimum(adj, 1.0)
        q[finite] = out
    return q


def fisher_power(n_days: int, exposed_share: float, p0: float, rr: float, alpha: float) -> float:
    """Exact power of the one-sided Fisher test, §5.2 (enumeration, optimistic assumptions).

    Cells with negligible binomial probability (< 1e-12 in either margin) are skipped; that
    changes the result by less than 1e-9 and keeps long diaries fast.
    """
    n1 = round(exposed_share * n_days)
    n0 = n_days - n1
    if n1 <= 0 or n0 <= 0:
        return 0.0
    p1 = min(rr * p0, 1.0)
    x1 = _likely_counts(n1, p1)
    x0 = _likely_counts(n0, p0)
    w = binom.pmf(x1, n1, p1)[:, None] * binom.pmf(x0, n0, p0)[None, :]
    totals = x1[:, None] + x0[None, :]
    t_min = int(totals.min())
    t_all = np.arange(t_min, int(totals.max()) + 1)
    # One-sided Fisher p for every (total onsets, x1): upper tail of the hypergeometric pmf
    # summed over the x1 grid (the null's tail beyond the alternative's grid is < 1e-12).
    pmf = _hypergeom_pmf(x1[None, :], n_days, n1, t_all[:, None])
    tail = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]
    reject = tail <= alpha * _FISHER_RTOL
    cols = np.broadcast_to(np.arange(x1.size)[:, None], totals.shape)
    return float((w * reject[totals - t_min, cols]).sum())


def _hypergeom_pmf(
    k: NDArray[np.int64], total: int, successes: int, draws: NDArray[np.int64]
) -> FloatArray:
    """Hypergeometric pmf via log-gamma (much faster than scipy.stats on large grids)."""
    k_f = k.astype(float)
    d_f = draws.astype(float)
    log_p = (
        _lchoose(float(successes), k_f)
        + _lchoose(float(total - successes), d_f - k_f)
        - _lchoose(float(total), d_f)
    )
    valid = (k_f >= 0) & (k_f <= successes) & (d_f - k_f >= 0) & (d_f - k_f <= total - successes)
    return np.asarray(np.where(valid, np.exp(np.where(valid, log_p, 0.0)), 0.0), dtype=float)


def _lchoose(n: float, k: FloatArray) -> FloatArray:
    k_safe = np.clip(k, 0, n)
    return np.asarray(gammaln(n + 1) - gammaln(k_safe + 1) - gammaln(n - k_safe + 1))


def _likely_counts(n: int, p: float) -> IntArray:
    """Counts outside mean ± 10 sd (+5) carry < 1e-9 binomial probability."""
    mean, sd = n * p, math.sqrt(n * p * (1 - p))
    lo = max(int(mean - 10 * sd) - 5, 0)
    hi = min(int(mean + 10 * sd) + 5, n)
    return np.arange(lo, hi + 1)


@lru_cache(maxsize=4096)
def days_for_power(
    exposed_share: float, p0: float, rr: float = 2.0, alpha: float = 0.05, target: float = 0.8
) -> int | None:
    """Fewest at-risk days giving ``target`` exact Fisher power (§5.2); None if > 10 years.

    The normal approximation gives the starting point (it is optimistic: Fisher's test is
    conservative), exact power then steps up or down by 15 % and bisects to within 4 %.
    Power is not perfectly monotone in N (discreteness), so the answer is "about N days".
    """
    if not 0 < exposed_share < 1 or not 0 < p0 < 1 or rr * p0 >= 1:
        return None
    guess = _normal_days(exposed_share, p0, rr, alpha, target)
    if guess > MAX_POWER_DAYS:
        return None

    def enough(n: int) -> bool:
        return fisher_power(n, exposed_share, p0, rr, alpha) >= target

    lo = hi = max(int(guess), 10)
    if enough(hi):
        while lo > 10 and enough(lo):
            hi, lo = lo, max(int(lo / 1.15), 10)
        if lo == hi:
            return hi
    else:
        while not enough(hi):
            lo, hi = hi, int(hi * 1.15) + 1
            if lo > MAX_POWER_DAYS:
                return None
    while hi - lo > max(2, lo // 25):
        mid = (lo + hi) // 2
        if enough(mid):
            hi = mid
        else:
            lo = mid
    return hi


def _normal_days(e: float, p0: float, rr: float, alpha: float, target: float) -> float:
    """Normal-approximation at-risk days for a one-sided two-proportion test."""
    p1 = rr * p0
    pbar = e * p1 + (1 - e) * p0
    za, zb = float(norm.isf(alpha)), float(norm.isf(1 - target))
    num = za * math.sqrt(pbar * (1 - pbar) * (1 / e + 1 / (1 - e))) + zb * math.sqrt(
        p1 * (1 - p1) / e + p0 * (1 - p0) / (1 - e)
    )
    return (num / (p1 - p0)) ** 2


@dataclass(frozen=True, slots=True)
class MantelHaenszel:
    """Mantel–Haenszel risk ratio over strata with the Greenland–Robins log-variance."""

    rr: float
    ci_low: float
    ci_high: float
    p: float
    strata_used: int


def mantel_haenszel_rr(
    a: ArrayLike, n1: ArrayLike, c: ArrayLike, n0: ArrayLike, level: float = 0.95
) -> MantelHaenszel:
    """MH RR = Σ a·n0/N ÷ Σ c·n1/N (§2.5), Greenland–Robins (1985) variance of ln RR.

    Strata lacking exposed or unexposed days carry no information and are skipped.  Zero
    numerator or denominator gives RR 0 / inf with an unbounded CI and p from the MH χ².
    """
    a_, n1_, c_, n0_ = (np.asarray(x, dtype=float) for x in (a, n1, c, n0))
    keep = (n1_ > 0) & (n0_ > 0)
    a_, n1_, c_, n0_ = a_[keep], n1_[keep], c_[keep], n0_[keep]
    n = n1_ + n0_
    r = float(np.sum(a_ * n0_ / n)) if n.size else 0.0
    s = float(np.sum(c_ * n1_ / n)) if n.size else 0.0
    # MH chi-square (no continuity correction) for the p-value: works with zero cells.
    m1 = a_ + c_
    expected = n1_ * m1 / n
    var_a = n1_ * n0_ * m1 * (n - m1) / (n * n * np.maximum(n - 1, 1))
    var_sum = float(var_a.sum())
    if var_sum > 0:
        chi = (float(a_.sum()) - float(expected.sum())) ** 2 / var_sum
        p = float(math.erfc(math.sqrt(chi / 2)))
    else:
        p = 1.0
    if r == 0 or s == 0:
        rr = 0.0 if r == 0 and s > 0 else (math.inf if s == 0 and r > 0 else math.nan)
        return MantelHaenszel(rr, 0.0, math.inf, p, int(keep.sum()))
    gr_var = float(np.sum((n1_ * n0_ * m1 - a_ * c_ * n) / (n * n))) / (r * s)
    z = float(norm.isf((1 - level) / 2))
    se = math.sqrt(max(gr_var, 0.0))
    rr = r / s
    return MantelHaenszel(rr, rr * math.exp(-z * se), rr * math.exp(z * se), p, int(keep.sum()))
