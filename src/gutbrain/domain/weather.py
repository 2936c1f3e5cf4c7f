"""Weather per diary day, fetched for the coarse place the person chose (opt-in).

One ``WeatherDay`` per local diary day: the day's mean sea-level pressure, its steepest
24-hour change, the mean temperature and relative humidity.  ``source`` says which Open-Meteo
service gave it: ``archive`` (reanalysis, final) or ``forecast`` (the last days, replaced by the
archive once that has them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gutbrain.domain.errors import EntryError

#: A fall of at least this much within 24 hours is a "pressure drop" (Kimoto K et al.,
#: "Influence of barometric pressure in patients with migraine headache", Intern Med
#: 2011;50(18):1923-8, doi 10.2169/internalmedicine.50.5640: attacks were more frequent when
#: the daily mean pressure fell by more than 5 hPa from the attack day to the next day).
PRESSURE_DROP_HPA = 5.0

#: Coordinates are rounded to this many decimals before they are stored or sent: 0.1° is
#: about 11 km, a town rather than a street (the weather does not differ within it).
COARSE_DECIMALS = 1

ARCHIVE = "archive"
FORECAST = "forecast"


@dataclass(frozen=True, slots=True)
class WeatherDay:
    """One diary day's weather.

    Attributes:
        day: the local date (in the diary's time zone).
        pressure_hpa: mean of the hourly mean-sea-level pressure.
        pressure_change_hpa: the steepest 24 h change ending within the day: the most
            negative of ``p(t) - p(t - 24 h)`` over its hours (negative = falling); None on
            the first fetched day.
        temperature_c: mean air temperature at 2 m.
        humidity_pct: mean relative humidity at 2 m.
        source: ``archive`` or ``forecast``.
    """

    day: date
    pressure_hpa: float | None
    pressure_change_hpa: float | None
    temperature_c: float | None
    humidity_pct: float | None
    source: str

    @property
    def pressure_drop(self) -> bool:
        """A fall of ≥ ``PRESSURE_DROP_HPA`` within 24 hours, reached during the day."""
        return self.pressure_change_hpa is not None and -self.pressure_change_hpa >= (
            PRESSURE_DROP_HPA
        )


@dataclass(frozen=True, slots=True)
class Place:
    """The coarse place the weather is fetched for (``COARSE_DECIMALS`` decimals)."""

    latitude: float
    longitude: float

    @classmethod
    def coarse(cls, latitude: float, longitude: float) -> Place:
        if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
            raise EntryError(["latitude must be within ±90 and longitude within ±180 degrees"])
        return cls(round(latitude, COARSE_DECIMALS), round(longitude, COARSE_DECIMALS))

    def __str__(self) -> str:
        return f"{self.latitude:.{COARSE_DECIMALS}f}, {self.longitude:.{COARSE_DECIMALS}f}"
