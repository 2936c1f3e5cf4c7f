"""Weather back-fill (issue 20): a ten-year diary's weather in one request per calendar year.

A diary with one entry a day for ten years (2015-2024, Europe/Berlin) and weather on; the
Open-Meteo answers are generated in the documented response format (hourly mean-sea-level
pressure, temperature, humidity; ``tests/data/open_meteo/write_recorded.py``) and served by an
``httpx.MockTransport``, so the figure is gutbrain's own work — planning, parsing 87,672 hours,
cutting them into local days and the one-transaction write — without the network (the answers
are generated before the clock starts).  It prints the requests sent against one request per
day (what a day-by-day fetcher would send), the days stored, the time, and a second back-fill
(nothing left to fetch: the check alone).

Run: .tools/bin/uv run --locked python benchmarks/bench_weather.py
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from gutbrain.domain.entries import Kind
from gutbrain.io import open_meteo
from gutbrain.services import diary as svc
from gutbrain.services import weather
from gutbrain.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "write_recorded", ROOT / "tests" / "data" / "open_meteo" / "write_recorded.py"
)
assert _spec and _spec.loader
recorded = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(recorded)

FIRST, LAST = date(2015, 1, 1), date(2024, 12, 31)


def main() -> None:
    print(f"load average: {os.getloadavg()[0]:.2f} (machine shared with other engineers)")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = svc.open_context(
            Settings.from_env(db=Path(tmp) / "d.sqlite", timezone="Europe/Berlin")
        )
        day, entries = FIRST, []
        while day <= LAST:
            start = ctx.midnight(day).replace(hour=8)
            entries.append(svc.new_entry(ctx, kind=Kind.FOOD, name="toast", start=start))
            day += timedelta(days=1)
        svc.add_entries(ctx, entries)
        ctx = weather.set_place(ctx, 52.52, 13.41)
        today = date(2025, 6, 1)
        # the answers, generated before the clock starts
        plan = open_meteo.plan_requests(weather.place(ctx), [e.day for e in entries], today)  # type: ignore[arg-type]
        bodies = {
            (r.params["start_date"], r.params["end_date"]): json.dumps(
                recorded.answer(r.params["start_date"], r.params["end_date"], seed=i)
            ).encode()
            for i, r in enumerate(plan)
        }
        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            params = request.url.params
            return httpx.Response(200, content=bodies[params["start_date"], params["end_date"]])

        t0 = time.perf_counter()
        done = weather.backfill(ctx, transport=httpx.MockTransport(handler), today=today)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        again = weather.backfill(ctx, transport=httpx.MockTransport(handler), today=today)
        second = time.perf_counter() - t0
        days = (LAST - FIRST).days + 1
        print(f"diary: {days} days, {FIRST} to {LAST}")
        print(f"back-fill: {done.requests} requests (one per year; per-day fetching: {days}), "
              f"{done.days_stored} days stored, {first:.2f} s")  # fmt: skip
        print(f"again: {again.requests} requests, {second * 1000:.0f} ms")
        ctx.close()


if __name__ == "__main__":
    main()
