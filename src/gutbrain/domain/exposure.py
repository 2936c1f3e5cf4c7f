"""The exchange record between whatever knows *what* a person was exposed to (foods, gut habits,
sleep, cycle, …) and the trigger engine that asks *whether it matters*."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Exposure:
    """A factor present on a diary day.

    Attributes:
        factor: the name the person sees ("red wine", "alcohol", "short sleep").
        kind: food | component | drink | factor | sleep | stress | gut | cycle | weather | …
        day: local diary day.
        minute: local minute of the day (0–1439) when the exposure is timed; None when the
            time is unknown (then it can never count as "before the onset" on the same day).
        value: optional magnitude (grams, mg, hours) for factors derived from amounts.
    """

    factor: str
    kind: str
    day: date
    minute: int | None = None
    value: float | None = None
