"""Recorded Open-Meteo answers served through an httpx transport: the weather tests run with
no network.  Each request gets the recorded hours between its start and end dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

RECORDED = Path(__file__).parent / "data" / "open_meteo"
FILES = {
    "archive-api.open-meteo.com": "archive_2025.json",
    "api.open-meteo.com": "forecast_2026-01.json",
}


class Replay:
    """An ``httpx.MockTransport`` handler that remembers every request it answered."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        recorded: dict[str, Any] = json.loads((RECORDED / FILES[request.url.host]).read_text())
        params = request.url.params
        start = _stamp(date.fromisoformat(params["start_date"]))
        end = _stamp(date.fromisoformat(params["end_date"]) + timedelta(days=1))
        hourly = recorded["hourly"]
        keep = [i for i, t in enumerate(hourly["time"]) if start <= t < end]
        recorded["hourly"] = {k: [v[i] for i in keep] for k, v in hourly.items()}
        return httpx.Response(200, json=recorded)


def _stamp(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())
