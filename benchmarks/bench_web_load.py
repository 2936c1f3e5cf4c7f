"""Load benchmark of the web app: 20 concurrent clients on loopback against a 3-year demo
diary; p50/p95 per page. Target: p95 ≤ 100 ms for every page.

Builds the demo diary in a temp folder, starts ``python -m gutbrain serve`` on 127.0.0.1 and a
free port, warms each page once (the trigger report is computed on first view and cached),
then sends a bounded number of requests and stops the server. The static stylesheet is timed
in the same run as a baseline (the cost of the server and the client themselves).

Run: .tools/bin/uv run --locked python benchmarks/bench_web_load.py [--days 1095] [--rounds 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

CLIENTS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/settings")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1095, help="demo diary length (3 years)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over all pages per client")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between clicks (s)")
    parser.add_argument("--stress", action="store_true", help="also run with no think time")
    args = parser.parse_args()

    from gutbrain.services.demo import build_demo

    folder = Path(tempfile.mkdtemp(prefix="gutbrain-bench-web-"))
    t0 = time.perf_counter()
    ctx, demo = build_demo(seed=7, days=args.days, directory=folder)
    db = ctx.settings.db_path
    last = demo.entries[-1].day
    ctx.close()
    print(f"demo diary: {args.days} days, {len(demo.entries)} entries, built in "
          f"{time.perf_counter() - t0:.1f} s ({db})")  # fmt: skip

    pages = {
        "today": "/",
        "calendar": f"/calendar?year={last.year}&month={last.month}",
        "day": f"/day/{last.isoformat()}",
        "triggers": "/triggers",
        "trigger days": "/triggers/days?factor=red+wine&kind=drink&lag=1",
        "gut": "/gut",
        "diary": "/diary",
        "diary search": "/diary?q=wine",
        "settings": "/settings",
        "api triggers": "/api/v1/triggers",
        "api entries": "/api/v1/entries",
        "baseline: app.css": "/static/app.css",
    }
    port = free_port()
    env = {**os.environ, "GUTBRAIN_TZ": "Europe/Berlin"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutbrain", "--db", str(db), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_ready(port, proc)
        warm: dict[str, float] = {}
        for name, path in pages.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            warm[name] = (time.perf_counter() - start) * 1000
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
        results = [("paced", run(port, pages, args.rounds, args.think))]
        if args.stress:
            results.append(("stress (no think time)", run(port, pages, args.rounds, 0.0)))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    for label, (timings, wall, errors) in results:
        report(label, pages, warm, timings, wall, errors, args)


def fetch(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def run(
    port: int, pages: dict[str, str], rounds: int, think: float
) -> tuple[dict[str, list[float]], float, list[str]]:
    """``CLIENTS`` threads, each with its own keep-alive connection, walking every page
    ``rounds`` times in its own order and pausing a random (exponential, seeded) think time
    between requests, as a person would."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        order = list(pages.items())
        order = order[index % len(order) :] + order[: index % len(order)]
        barrier.wait()
        for _ in range(rounds):
            for name, path in order:
                if think:
                    time.sleep(rng.expovariate(1 / think))
                start = time.perf_counter()
                try:
                    status = fetch(conn, path)
                except (http.client.HTTPException, ConnectionError):
                    # The server closes idle keep-alive connections after 5 s, as browsers
                    # expect; reconnect like a browser would and time the retry only.
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    start = time.perf_counter()
                    status = fetch(conn, path)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    timings[name].append(elapsed)
                    if status != 200:
                        errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, time.perf_counter() - started, errors


def report(
    label: str, pages: dict[str, str], warm: dict[str, float], timings: dict[str, list[float]],
    wall: float, errors: list[str], args: argparse.Namespace,
) -> None:  # fmt: skip
    total = sum(len(v) for v in timings.values())
    think = f"think time mean {args.think:g} s" if label == "paced" else "no think time"
    print(f"\n== {label}: {CLIENTS} concurrent clients ({think}) x {args.rounds} rounds x "
          f"{len(pages)} pages = {total} requests in {wall:.1f} s ({total / wall:.0f} req/s), "
          f"errors: {len(errors)}")  # fmt: skip
    base = statistics.median(timings["baseline: app.css"])
    print(f"{'page':<20}{'first (ms)':>11}{'p50 (ms)':>10}{'p95 (ms)':>10}{'p95/base':>10}  target")
    worst = 0.0
    for name in pages:
        values = timings[name]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        if not name.startswith("baseline"):
            worst = max(worst, p95)
        ok = "ok" if p95 <= 100 else "OVER"
        print(f"{name:<20}{warm[name]:>11.1f}{p50:>10.1f}{p95:>10.1f}{p95 / base:>10.1f}  {ok}")
    print(f"worst page p95: {worst:.1f} ms (target ≤ 100 ms)")
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, first: {errors[0]}")


if __name__ == "__main__":
    main()
