"""Open-Meteo, the free keyless weather service: which requests a diary needs, and their answers
turned into one ``WeatherDay`` per local diary day.

Two services (https://open-meteo.com/en/docs/historical-weather-api and
https://open-meteo.com/en/docs): the *archive* (reanalysis back to 1940, complete up to about
five days ago) and the *forecast* service, which also serves the last days.  A back-fill asks
the archive once per calendar year and the forecast service once for the recent days.

Answers are asked for in GMT with Unix times (``timezone=GMT&timeformat=unixtime``) and cut
into days here, in the diary's own zone with zoneinfo, so days around a daylight-saving change
have their true 23 or 25 hours.  Only the rounded place and the dates are sent.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from gutbrain import __version__
from gutbrain.domain.errors import GutbrainError
from gutbrain.domain.weather import ARCHIVE, FORECAST, Place, WeatherDay

if TYPE_CHECKING:
    import httpx

ARCHIVE_URL = "https://archive-api.open-meteo.com/v1/archive"
FORECAST_URL = "https://api.open-meteo.com/v1/forecast"
#: Hourly variables asked for (names and units as documented: hPa, °C, %).
HOURLY = ("pressure_msl", "temperature_2m", "relative_humidity_2m")
#: The archive lags real time by about five days (its documentation: "5-day delay").
ARCHIVE_LAG_DAYS = 5
TIMEOUT_S = 20.0


class WeatherUnavailableError(GutbrainError):
    """The weather could not be fetched (offline, refused or an unexpected answer)."""


@dataclass(frozen=True, slots=True)
class WeatherRequest:
    """One HTTP GET and the diary days it is for (``first``..``last``, local dates)."""

    source: str
    url: str
    params: Mapping[str, str]
    first: date
    last: date


def plan_requests(place: Place, days: Sequence[date], today: date) -> list[WeatherRequest]:
    """The requests that cover ``days``: one archive request per calendar year, and one
    forecast request for days too recent for the archive.

    Each asks from two days before its first day (the first 24 h change needs the day before,
    and a local day may start on the previous UTC date) to one day after its last.
    """
    archive_end = today - timedelta(days=ARCHIVE_LAG_DAYS)
    wanted = sorted({d for d in days if d <= today})
    out: list[WeatherRequest] = []
    by_year: dict[int, list[date]] = defaultdict(list)
    recent: list[date] = []
    for d in wanted:
        (by_year[d.year] if d <= archive_end else recent).append(d)
    for year_days in by_year.values():
        first, last = year_days[0], year_days[-1]
        out.append(_request(ARCHIVE, ARCHIVE_URL, place, first, last, min(last, archive_end)))
    if recent:
        out.append(_request(FORECAST, FORECAST_URL, place, recent[0], recent[-1], today))
    return out


def _request(
    source: str, url: str, place: Place, first: date, last: date, limit: date
) -> WeatherRequest:
    params = {
        "latitude": f"{place.latitude:g}",
        "longitude": f"{place.longitude:g}",
        "start_date": (first - timedelta(days=2)).isoformat(),
        "end_date": min(last + timedelta(days=1), limit + timedelta(days=1)).isoformat(),
        "hourly": ",".join(HOURLY),
        "timezone": "GMT",
        "timeformat": "unixtime",
    }
    return WeatherRequest(source, url, params, first, last)


def get(request: WeatherRequest, client: httpx.Client) -> Mapping[str, Any]:
    """Send one request; any failure becomes a ``WeatherUnavailableError`` with a plain reason."""
    import httpx  # only when the person asked for weather: keeps it off every other start-up

    try:
        response = client.get(
            request.url,
            params=dict(request.params),
            headers={"User-Agent": f"gutbrain/{__version__}"},
            timeout=TIMEOUT_S,
        )
    except httpx.TimeoutException as exc:
        raise WeatherUnavailableError("Open-Meteo did not answer in time") from exc
    except httpx.TransportError as exc:
        raise WeatherUnavailableError(
            f"could not reach Open-Meteo ({type(exc).__name__}); are you offline?"
        ) from exc
    try:
        payload = response.json()
    except ValueError:
        payload = None
    if response.status_code != 200:
        reason = payload.get("reason") if isinstance(payload, dict) else None
        raise WeatherUnavailableError(
            f"Open-Meteo answered {response.status_code}" + (f": {reason}" if reason else "")
        )
    if not isinstance(payload, dict):
        raise WeatherUnavailableError("Open-Meteo's answer was not JSON")
    return payload


def weather_days(
    payload: Mapping[str, Any], request: WeatherRequest, zone: ZoneInfo
) -> list[WeatherDay]:
    """The answer's hours cut into local days ``request.first``..``request.last``."""
    hourly = payload.get("hourly")
    if not isinstance(hourly, dict) or not isinstance(hourly.get("time"), list):
        raise WeatherUnavailableError("Open-Meteo's answer has no hourly series")
    times = hourly["time"]
    series = {}
    for name in HOURLY:
        values = hourly.get(name)
        if not isinstance(values, list) or len(values) != len(times):
            raise WeatherUnavailableError(f"Open-Meteo's answer has no {name} series")
        series[name] = [_number(v) for v in values]
    try:
        stamps = [int(t) for t in times]
    except (TypeError, ValueError) as exc:
        raise WeatherUnavailableError("Open-Meteo's times are not Unix times") from exc
    pressure_at = dict(zip(stamps, series["pressure_msl"], strict=True))
    hours: dict[date, list[int]] = defaultdict(list)
    for i, stamp in enumerate(stamps):
        day = datetime.fromtimestamp(stamp, UTC).astimezone(zone).date()
        if request.first <= day <= request.last:
            hours[day].append(i)
    out = []
    for day, index in sorted(hours.items()):
        changes = [
            p - before
            for i in index
            if not math.isnan(p := series["pressure_msl"][i])
            and not math.isnan(before := pressure_at.get(stamps[i] - 86400, math.nan))
        ]
        out.append(
            WeatherDay(
                day=day,
                pressure_hpa=_mean(series["pressure_msl"], index),
                pressure_change_hpa=round(min(changes), 1) if changes else None,
                temperature_c=_mean(series["temperature_2m"], index),
                humidity_pct=_mean(series["relative_humidity_2m"], index),
                source=request.source,
            )
        )
    return out


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else math.nan


def _mean(values: list[float], index: list[int]) -> float | None:
    present = [values[i] for i in index if not math.isnan(values[i])]
    return round(sum(present) / len(present), 1) if present else None
