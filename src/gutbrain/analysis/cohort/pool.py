"""Many people's tables as columns: stack them, fit one prior per factor × lag, apply them.

Split so it runs distributed: ``stack`` and ``apply_priors`` work on one partition of people at
a time; only ``fit_priors`` needs rows from everybody, and it takes a sample of them (the prior
is 85 numbers; a few thousand people per factor pin it down — see docs/cohort.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import hypergeom

from gutbrain.analysis.cohort.model import (
    GRID,
    MIN_PEOPLE,
    PopulationPrior,
    Shrunken,
    bayes_fdr_verdicts,
    estimate_prior,
    profile_loglik,
    shrink,
)
from gutbrain.analysis.cohort.tables import PersonTables, own_minimum

IntArray = NDArray[np.int64]
#: The person's own table must show the effect at this one-sided exact level before the cohort
#: may call it (ours): the prior sharpens evidence, it never replaces it.  In the simulator it
#: cut false calls among people for whom the crowd's trigger is harmless from about 1 % to
#: 0.11 % at 90 days and 0.65 % at 180 (docs/cohort.md §3).
OWN_ALPHA = 0.05
#: (factor name, lag) → prior
Priors = Mapping[tuple[str, int], PopulationPrior]


@dataclass(frozen=True, slots=True)
class Stacked:
    """Rows of many people's tables (one row per person × factor × lag).

    ``person`` indexes ``diaries``; ``factor`` indexes ``names``/``kinds``.
    """

    diaries: tuple[str, ...]
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    person: IntArray
    factor: IntArray
    lag: IntArray
    n1: IntArray
    a: IntArray
    n0: IntArray
    c: IntArray
    enough: NDArray[np.bool_]

    @property
    def size(self) -> int:
        return int(self.person.size)

    def take(self, mask: NDArray[np.bool_]) -> tuple[IntArray, IntArray, IntArray, IntArray]:
        return self.a[mask], self.n1[mask], self.c[mask], self.n0[mask]

    def eligible(self) -> NDArray[np.bool_]:
        """Rows the person's own data could decide: minimum diary and per-factor data."""
        return self.enough & own_minimum(self.n1, self.a, self.n0, self.c)

    def callable(self) -> NDArray[np.bool_]:
        """Eligible rows whose own one-sided Fisher exact p (direction of the own RR) ≤
        ``OWN_ALPHA``."""
        n, m = self.n1 + self.n0, self.a + self.c
        up = self.a * self.n0 >= self.c * self.n1
        p = np.where(
            up, hypergeom.sf(self.a - 1, n, self.n1, m), hypergeom.cdf(self.a, n, self.n1, m)
        )
        return np.asarray(self.eligible() & (p <= OWN_ALPHA), dtype=bool)

    def own_direction(self) -> IntArray:
        return np.sign(self.a * self.n0 - self.c * self.n1).astype(np.int64)

    def informative(self) -> NDArray[np.bool_]:
        return (self.n1 > 0) & (self.n0 > 0) & (self.a + self.c > 0)


def stack(people: Sequence[PersonTables]) -> Stacked:
    """Columns of every person's rows; factors are matched by name."""
    index: dict[str, int] = {}
    kinds: list[str] = []
    cols: dict[str, list[IntArray]] = {k: [] for k in ("person", "factor", "lag", "n1", "a")}
    n0s: list[IntArray] = []
    cs: list[IntArray] = []
    enough: list[NDArray[np.bool_]] = []
    for i, p in enumerate(people):
        codes = np.empty(len(p.factors), dtype=np.int64)
        for j, f in enumerate(p.factors):
            code = index.get(f.name)
            if code is None:
                code = index[f.name] = len(kinds)
                kinds.append(f.kind)
            codes[j] = code
        cols["person"].append(np.full(p.lag.size, i, dtype=np.int64))
        cols["factor"].append(codes[p.factor_index])
        cols["lag"].append(p.lag)
        cols["n1"].append(p.n1)
        cols["a"].append(p.a)
        n0s.append(p.n0)
        cs.append(p.c)
        enough.append(np.full(p.lag.size, p.enough))

    def cat(parts: list[IntArray]) -> IntArray:
        return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    return Stacked(
        tuple(p.diary for p in people), tuple(index), tuple(kinds),
        cat(cols["person"]), cat(cols["factor"]), cat(cols["lag"]), cat(cols["n1"]),
        cat(cols["a"]), cat(n0s), cat(cs),
        np.concatenate(enough) if enough else np.zeros(0, dtype=bool),
    )  # fmt: skip


def sample_fraction(diary: str) -> float:
    """A stable pseudo-random number in [0, 1) per diary (same sample on every run)."""
    return int.from_bytes(hashlib.blake2b(diary.encode(), digest_size=8).digest()) / 2**64


@dataclass(frozen=True, slots=True)
class FitRows:
    """The informative rows a partition contributes to fitting the priors (named factors)."""

    name: tuple[str, ...]
    kind: tuple[str, ...]
    lag: IntArray
    a: IntArray
    n1: IntArray
    c: IntArray
    n0: IntArray


def fit_rows(s: Stacked, fraction: float = 1.0) -> FitRows:
    """Informative rows of the people whose ``sample_fraction`` is below ``fraction``."""
    chosen = np.array([sample_fraction(d) < fraction for d in s.diaries], dtype=bool)
    mask = s.informative() & (chosen[s.person] if s.size else np.zeros(0, dtype=bool))
    a, n1, c, n0 = s.take(mask)
    f = s.factor[mask]
    return FitRows(
        tuple(s.names[i] for i in f), tuple(s.kinds[i] for i in f), s.lag[mask], a, n1, c, n0
    )


def fit_priors(
    parts: Sequence[FitRows], min_people: int = MIN_PEOPLE
) -> dict[tuple[str, int], PopulationPrior]:
    """One population prior per factor × lag from every partition's sampled rows."""
    names = [n for p in parts for n in p.name]
    kinds = [k for p in parts for k in p.kind]
    lag, a, n1, c, n0 = (
        np.concatenate([getattr(p, col) for p in parts]) if parts else np.zeros(0, np.int64)
        for col in ("lag", "a", "n1", "c", "n0")
    )
    groups: dict[tuple[str, int], list[int]] = {}
    for i, (name, lg) in enumerate(zip(names, lag.tolist(), strict=True)):
        groups.setdefault((name, int(lg)), []).append(i)
    kind_of = dict(zip(names, kinds, strict=True))
    priors = {}
    for (name, lg), rows in sorted(groups.items()):
        r = np.asarray(rows)
        tables = (a[r], n1[r], c[r], n0[r])
        priors[(name, lg)] = estimate_prior(name, kind_of[name], lg, tables, min_people=min_people)
    return priors


def apply_priors(s: Stacked, priors: Priors, fdr: float) -> tuple[Shrunken, NDArray[np.str_]]:
    """Each row's shrunken estimate under its factor's prior, and the per-person verdicts.

    A factor × lag without a prior (nobody informative had it) gets the flat prior.
    """
    flat = np.full(GRID.size, 1.0 / GRID.size)
    out = {k: np.empty(s.size) for k in ("rr", "low", "high", "nt", "np")}
    for f in range(len(s.names)):
        for lg in np.unique(s.lag[s.factor == f]).tolist():
            mask = (s.factor == f) & (s.lag == lg)
            prior = priors.get((s.names[f], int(lg)))
            weights = flat if prior is None else prior.weights
            sh = shrink(profile_loglik(*s.take(mask)), weights)
            for key, arr in zip(
                out, (sh.rr, sh.low, sh.high, sh.not_trigger, sh.not_protector), strict=True
            ):
                out[key][mask] = arr
    shrunk = Shrunken(out["rr"], out["low"], out["high"], out["nt"], out["np"])
    verdicts = bayes_fdr_verdicts(s.person, shrunk, s.own_direction(), s.callable(), fdr)
    return shrunk, verdicts
