"""A tiny diary simulator for the engine tests: daily foods at meal times, onsets at any hour."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from gutbrain.analysis.attacks import OutcomeEvent, build_day_series
from gutbrain.analysis.exposures import build_matrix
from gutbrain.analysis.triggers.engine import EngineConfig, TriggerReport, analyse
from gutbrain.domain.exposure import Exposure

D0 = date(2025, 1, 6)


@dataclass
class Sim:
    """A tiny diary simulator: daily foods at meal times, onsets at any hour."""

    days: int = 365
    p0: float = 0.08
    seed: int = 1
    exposures: list[Exposure] = field(default_factory=list)
    events: list[OutcomeEvent] = field(default_factory=list)

    def run(
        self,
        foods: dict[str, tuple[float, int]],  # name → (share of days, usual minute)
        effects: dict[str, tuple[float, int]],  # name → (RR, lag)
        extra: Callable[[np.random.Generator, int, int], list[Exposure]] | None = None,
    ) -> TriggerReport:
        rng = np.random.default_rng(self.seed)
        eaten = {n: rng.random(self.days) < share for n, (share, _) in foods.items()}
        busy = -1
        for i in range(self.days):
            rr = 1.0
            for name, (effect, lag) in effects.items():
                if i - lag >= 0 and eaten[name][i - lag]:
                    rr *= effect
            onset = None
            if i > busy and rng.random() < min(self.p0 * rr, 0.95):
                onset = int(rng.integers(6 * 60, 23 * 60))
                self.events.append(OutcomeEvent(D0 + timedelta(i), onset, D0 + timedelta(i)))
                busy = i + 1
            for name, (_, minute) in foods.items():
                if eaten[name][i]:
                    m = int(np.clip(minute + rng.integers(-40, 40), 0, 1439))
                    # during an attack the evening meal is often skipped
                    if onset is not None and onset < m and rng.random() < 0.5:
                        continue
                    self.exposures.append(Exposure(name, "food", D0 + timedelta(i), m))
            if extra is not None:
                self.exposures.extend(extra(rng, i, -1 if onset is None else onset))
        series = build_day_series(D0, D0 + timedelta(self.days - 1), self.events)
        matrix = build_matrix(self.exposures, D0, self.days)
        return analyse(series, matrix, config=EngineConfig())


NULL_FOODS = {f"null food {k}": (0.1 + 0.02 * k, 8 * 60 + 40 * k) for k in range(15)}
