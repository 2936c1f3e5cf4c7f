"""Writes the recorded Open-Meteo answers the weather tests replay (no network in tests).

The answers follow the documented response format of the archive and forecast services
(https://open-meteo.com/en/docs/historical-weather-api, https://open-meteo.com/en/docs) as
asked for by gutbrain (``hourly=pressure_msl,temperature_2m,relative_humidity_2m``,
``timezone=GMT``, ``timeformat=unixtime``): ``latitude``, ``longitude``,
``generationtime_ms``, ``utc_offset_seconds``, ``timezone``, ``timezone_abbreviation``,
``elevation``, ``hourly_units`` and ``hourly`` with one array per variable.  The values are a
seeded synthetic series (synoptic waves plus noise, a few hours missing as ``null``), not
observations.  Run ``python tests/data/open_meteo/write_recorded.py`` to rewrite them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def answer(start: str, end: str, seed: int) -> dict[str, object]:
    t0 = int(datetime.fromisoformat(start).replace(tzinfo=UTC).timestamp())
    t1 = int(datetime.fromisoformat(end).replace(tzinfo=UTC).timestamp()) + 23 * 3600
    times = np.arange(t0, t1 + 1, 3600)
    rng = np.random.default_rng(seed)
    hours = (times - t0) / 3600
    pressure = 1013 + 5 * np.sin(hours / 24 / 6.1 * 2 * np.pi + 0.4)
    pressure += 1.5 * np.sin(hours / 24 / 3.3 * 2 * np.pi + 1.1)
    pressure += np.cumsum(rng.normal(0, 0.15, times.size))
    day_of_year = hours / 24 % 365.25
    temperature = 10 - 9 * np.cos(2 * np.pi * day_of_year / 365.25)
    temperature += 4 * np.sin(2 * np.pi * (hours % 24 - 9) / 24) + rng.normal(0, 1, times.size)
    humidity = np.clip(75 - 1.2 * (pressure - 1013) + rng.normal(0, 6, times.size), 15, 100)
    series = {
        "pressure_msl": [round(float(v), 1) for v in pressure],
        "temperature_2m": [round(float(v), 1) for v in temperature],
        "relative_humidity_2m": [int(v) for v in humidity],
    }
    for name in series:  # a few missing hours, as the services send them
        for i in rng.choice(times.size, size=3, replace=False):
            series[name][int(i)] = None  # type: ignore[call-overload]
    return {
        "latitude": 52.5,
        "longitude": 13.4,
        "generationtime_ms": 1.2,
        "utc_offset_seconds": 0,
        "timezone": "GMT",
        "timezone_abbreviation": "GMT",
        "elevation": 38.0,
        "hourly_units": {
            "time": "unixtime",
            "pressure_msl": "hPa",
            "temperature_2m": "°C",
            "relative_humidity_2m": "%",
        },
        "hourly": {"time": [int(t) for t in times], **series},
    }


if __name__ == "__main__":
    for name, start, end, seed in (
        ("archive_2025.json", "2024-12-30", "2026-01-01", 2025),
        ("forecast_2026-01.json", "2026-01-01", "2026-01-16", 2026),
    ):
        (HERE / name).write_text(json.dumps(answer(start, end, seed), separators=(",", ":")))
