"""Alpha diversity: Shannon, Simpson and observed richness over one rank of one sample.

Implemented in numpy (a few lines, no heavy dependency at run time) with scikit-bio 0.7's
conventions, which the tests cross-check: Shannon in nats (natural log) unless ``base`` is
given, Simpson as 1 − Σp², observed richness as the number of taxa with abundance > 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gutbrain.microbiome.model import Profile


def shannon(values: Sequence[float], base: float = math.e) -> float:
    """Shannon entropy of abundances (counts or fractions; only proportions matter)."""
    arr = np.asarray(values, dtype=float)
    arr = arr[arr > 0]
    if arr.size == 0:
        return 0.0
    p = arr / arr.sum()
    return float(-(p * np.log(p)).sum() / math.log(base))


def simpson(values: Sequence[float]) -> float:
    """Gini–Simpson index 1 − Σp² (scikit-bio ``simpson``)."""
    arr = np.asarray(values, dtype=float)
    arr = arr[arr > 0]
    if arr.size == 0:
        return 0.0
    p = arr / arr.sum()
    return float(1.0 - (p * p).sum())


def observed(values: Sequence[float]) -> int:
    return int((np.asarray(values, dtype=float) > 0).sum())


@dataclass(frozen=True, slots=True)
class Diversity:
    """Diversity of one sample at ``rank`` (the finest rank with data, usually species)."""

    rank: str
    shannon: float
    simpson: float
    observed: int

    def to_json(self) -> dict[str, float | int | str]:
        return {
            "rank": self.rank,
            "shannon": self.shannon,
            "simpson": self.simpson,
            "observed": self.observed,
        }


def diversity(profile: Profile, rank: str | None = None) -> Diversity:
    chosen = rank or profile.diversity_rank
    values = [t.value for t in profile.at_rank(chosen)]
    return Diversity(chosen, shannon(values), simpson(values), observed(values))
