"""What the experiment report shows (the standalone CENT report and the doctor report's
section), as one plain record built by ``gutbrain.services.experiment_report``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gutbrain.analysis.experiments.outcome import ExperimentResult
from gutbrain.analysis.experiments.trend import TrendAdjusted


@dataclass(frozen=True, slots=True)
class ArmHarms:
    """Harms per arm (CENT item 19): severe attacks and days with acute medication."""

    arm: str
    severe_attacks: int
    acute_medication_days: int
    mean_peak_intensity: float | None


@dataclass(frozen=True, slots=True)
class ExperimentReport:
    factor: str
    state: str
    design: str
    #: the randomisation secret once the experiment is over (None while periods are hidden)
    secret: str | None
    #: the seed of an experiment planned before secrets (its order could be worked out)
    legacy_seed: int | None
    start: date
    last_day: date | None
    stopped_on: date | None
    period_days: int
    washout_days: int
    blocks: int
    exposure: str
    avoidance: str
    schedule: tuple[tuple[int, str, date, date], ...]  # (period 1.., arm A/B, first, last)
    baseline_onsets: int
    baseline_days: int
    baseline_rate: float | None
    planned_scenarios: tuple[tuple[str, float], ...]  # (label, power)
    plan_warnings: tuple[str, ...]
    events: tuple[tuple[date, str, str], ...]  # (day, event, note)
    deviations: tuple[tuple[date, str], ...]
    followed_days: int
    unchecked_days: int
    result: ExperimentResult | None
    harms: tuple[ArmHarms, ...]
    problem: str = ""
    #: Before/during designs: the comparison (``result`` is None) and its two windows.
    trend: TrendAdjusted | None = None
    trend_windows: tuple[date, date, date | None, date] | None = None

    @property
    def design_words(self) -> str:
        if self.design == "before-during":
            return (
                "before/during comparison, NOT randomised (weaker): the same number of days "
                "before the start against the days on it, adjusted for a linear time trend"
            )
        if self.design == "abab":
            return "alternating periods (ABAB…), the first period chosen at random"
        return "pairs of periods, the order within each pair (AB or BA) chosen at random"
