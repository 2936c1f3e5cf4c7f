"""Weather factors from the fetched days (``domain.weather.WeatherDay``): pure, no network."""

from __future__ import annotations

from collections.abc import Iterable

from gutbrain.domain.exposure import Exposure
from gutbrain.domain.weather import WeatherDay

PRESSURE_DROP = "pressure drop"


def weather_day_exposures(days: Iterable[WeatherDay]) -> list[Exposure]:
    """A "pressure drop" on each day whose steepest 24 h fall reached ``PRESSURE_DROP_HPA``
    (Kimoto 2011, see ``domain.weather``); the value is that change in hPa.  The time of day
    is left unknown, so a drop counts for attacks from the next day on, never as "before" a
    same-day onset."""
    return [
        Exposure(PRESSURE_DROP, "weather", d.day, None, d.pressure_change_hpa)
        for d in days
        if d.pressure_drop
    ]
