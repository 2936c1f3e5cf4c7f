"""The stopping rule for looking at an experiment before its end: group-sequential boundaries.

A person can ask for the result any day.  The result is only ever tested at *looks*, one after
every completed pair of periods (the randomisation unit), and look ``j`` of ``J`` planned
pairs must reach the nominal two-sided p-value ``boundaries(J)[j - 1]`` to count.  The
boundaries spend the overall α = 0.05 with the Lan–DeMets O'Brien–Fleming-type spending
function α(t) = 2 − 2 Φ(z₁₋α/₂ / √t) at information fraction t = j / J (Lan & DeMets 1983,
Biometrika 70:659; Jennison & Turnbull 2000, *Group Sequential Methods*, ch. 7): very strict
early (p ≤ 0.000 006 after the first of 12 pairs), close to 0.05 at the end (0.042 at pair 12
of 12), so looking after every pair keeps the chance of a false "supports" at or below α.

The boundaries are computed for the normal approximation of the log rate ratio by the
recursive numerical integration of Armitage, McPherson & Rowe (1969, JRSS A 132:235) and used
as nominal thresholds for the exact conditional test, which is conservative for counts;
benchmarks/bench_experiments.py checks the false-positive rate on simulated experiments with a
look after every pair.  Extending an experiment recomputes them for the new number of pairs.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.experiments.design import ALPHA

#: Grid points per look for the numerical integration (error in the boundary < 1e-4).
_GRID = 301
#: A look that may spend (almost) nothing needs at least this z (p ≈ 2e-15).
_Z_MAX = 8.0


def spent(t: float, alpha: float = ALPHA) -> float:
    """α spent up to information fraction ``t`` (O'Brien–Fleming-type Lan–DeMets)."""
    from scipy.stats import norm  # SciPy on use: page imports stay light

    if t <= 0:
        return 0.0
    return float(min(alpha, 2 - 2 * norm.cdf(norm.ppf(1 - alpha / 2) / np.sqrt(min(t, 1.0)))))


def _excess(
    c: float, t: float, sd: float, grid: NDArray[np.float64], weights: NDArray[np.float64],
    target: float,
) -> float:  # fmt: skip
    """P(first crossing at this look, boundary ±c on the z scale) minus the α to spend."""
    from scipy.stats import norm

    b = c * np.sqrt(t)
    return float(weights @ (norm.cdf((-b - grid) / sd) + norm.sf((b - grid) / sd))) - target


@lru_cache(maxsize=256)
def boundaries(looks: int, alpha: float = ALPHA) -> tuple[float, ...]:
    """Nominal two-sided p-value each of ``looks`` equally spaced looks must reach."""
    from scipy.optimize import brentq
    from scipy.stats import norm

    if looks < 1:
        raise ValueError("at least one look")
    fractions = np.arange(1, looks + 1) / looks
    z: list[float] = []
    grid = weights = np.zeros(0)  # continuation sub-density on the score scale S = Z·√t
    prev_t = 0.0
    for t in fractions:
        target = spent(float(t), alpha) - spent(prev_t, alpha)
        if not z:
            c = float(norm.ppf(1 - target / 2)) if target > 0 else _Z_MAX
        else:
            args = (float(t), float(np.sqrt(t - prev_t)), grid, weights, target)
            c = _Z_MAX if _excess(_Z_MAX, *args) >= 0 else brentq(
                _excess, 0.1, _Z_MAX, args=args, xtol=1e-7
            )  # fmt: skip
        z.append(min(c, _Z_MAX))
        b = z[-1] * np.sqrt(t)
        new_grid = np.linspace(-b, b, _GRID)
        step = np.full(_GRID, new_grid[1] - new_grid[0])
        step[[0, -1]] /= 2  # trapezoid weights
        if grid.size == 0:
            density = norm.pdf(new_grid, scale=np.sqrt(t))
        else:
            sd = np.sqrt(t - prev_t)
            density = norm.pdf((new_grid[:, None] - grid[None, :]) / sd) @ weights / sd
        grid, weights, prev_t = new_grid, density * step, float(t)
    return tuple(float(2 * norm.sf(c)) for c in z)


def threshold(look: int, looks: int, alpha: float = ALPHA) -> float:
    """The nominal p-value look ``look`` (1-based) of ``looks`` must reach."""
    return boundaries(looks, alpha)[min(max(look, 1), looks) - 1]
