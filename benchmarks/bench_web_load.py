"""Load benchmark of the local web app (issue 18's target): 20 paced clients against a
demo-year diary from a cold start; p95 ≤ 100 ms on every page.

Builds the demo diary in a temp folder (as ``gutbrain demo`` leaves it), starts a fresh
``python -m gutbrain serve`` on 127.0.0.1 (empty result cache; it warms in the background as
``serve`` does) and, as soon as ``/healthz`` answers, lets 20 clients walk every page and its
JSON twin, each pausing 0.3–0.7 s (uniform, seeded) between clicks, as people would.  Then
the same walk again on the now warm server, and once more on a restarted server (a fresh
process whose diary now keeps the trigger JSON the first one stored).  Per page: p50/p95/max; per run: errors, the
server's CPU seconds per request (from /proc, so the figure does not depend on how busy the
shared machine is) and the load average.  The static stylesheet is timed in the same run as
a baseline (the cost of the server, the client and the machine's load themselves).

Run: .tools/bin/uv run --locked python benchmarks/bench_web_load.py [--days 365] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = 20
THINK = (0.3, 0.7)
TARGET_MS = 100.0
TIMEOUT = 60.0  # seconds a client waits for one page before counting it failed
BASELINE = "baseline: app.css"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen[bytes]) -> float:
    """Seconds until the server answers ``/healthz`` (the diary is open and migrated)."""
    start = time.perf_counter()
    while time.perf_counter() - start < 120:
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("server did not start")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, all its threads (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Run:
    label: str
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    cpu: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)


def fetch(conn: http.client.HTTPConnection, path: str) -> int | str:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def walk(label: str, port: int, pid: int, pages: dict[str, str], rounds: int) -> Run:
    """``CLIENTS`` threads, each on its own keep-alive connection, walking every page
    ``rounds`` times starting at a different page, with a think time before each click."""
    run = Run(label)
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS + 1)

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        order = list(pages.items())
        order = order[index % len(order) :] + order[: index % len(order)]
        barrier.wait()
        for _ in range(rounds):
            for name, path in order:
                time.sleep(rng.uniform(*THINK))
                start = time.perf_counter()
                try:
                    status = fetch(conn, path)
                except (http.client.HTTPException, ConnectionError):
                    # The server closes idle keep-alive connections after 5 s, as browsers
                    # expect; reconnect like a browser would and time the retry only.
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                    start = time.perf_counter()
                    try:
                        status = fetch(conn, path)
                    except OSError as exc:
                        status = repr(exc)
                except OSError as exc:  # a timeout: counted as an error, timed as waited
                    status = repr(exc)
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    run.timings[name].append(elapsed)
                    if status != 200:
                        run.errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    cpu0 = cpu_seconds(pid)
    barrier.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    run.wall = time.perf_counter() - started
    run.cpu = cpu_seconds(pid) - cpu0
    run.load = os.getloadavg()
    return run


def report(run: Run, pages: dict[str, str], rounds: int) -> float:
    """Print the run's table; returns the worst page p95 (baseline excluded)."""
    total = sum(len(v) for v in run.timings.values())
    load = ", ".join(f"{x:.1f}" for x in run.load)
    print(f"\n== {run.label}: {CLIENTS} clients, think {THINK[0]}–{THINK[1]} s, {rounds} rounds "
          f"x {len(pages)} pages = {total} requests in {run.wall:.1f} s; errors: "
          f"{len(run.errors)}; server CPU {run.cpu:.1f} s = {1000 * run.cpu / total:.1f} ms per "
          f"request; load average {load} on {os.cpu_count()} cores")  # fmt: skip
    print(f"{'page':<22}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  ≤ {TARGET_MS:g} ms")
    worst = 0.0
    for name in pages:
        values = run.timings[name]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        if name != BASELINE:
            worst = max(worst, p95)
        ok = "ok" if p95 <= TARGET_MS else "OVER"
        print(f"{name:<22}{len(values):>5}{p50:>9.1f}{p95:>9.1f}{max(values):>9.1f}  {ok}")
    print(f"worst page p95: {worst:.1f} ms (target ≤ {TARGET_MS:g} ms)")
    for error in run.errors[:5]:
        print(f"  error: {error}")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="demo diary length (a year)")
    parser.add_argument("--rounds", type=int, default=3, help="walks over all pages per client")
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

    y, m, d = last.year, last.month, last.isoformat()
    pages = {
        "today": "/",
        "api today": "/api/v1/today",
        "calendar": f"/calendar?year={y}&month={m}",
        "api calendar": f"/api/v1/calendar/{y}/{m}",
        "day": f"/day/{d}",
        "api day": f"/api/v1/days/{d}",
        "diary": "/diary",
        "diary search": "/diary?q=wine",
        "api entries": "/api/v1/entries",
        "triggers": "/triggers",
        "trigger days": "/triggers/days?factor=red+wine&kind=drink&lag=1",
        "api triggers": "/api/v1/triggers",
        "gut": "/gut",
        "api gut": "/api/v1/gut",
        "report": "/report",
        "api report": "/api/v1/report",
        "experiments": "/experiments",
        "api experiments": "/api/v1/experiments",
        "settings": "/settings",
        "api settings": "/api/v1/settings",
        BASELINE: "/static/app.css",
    }
    runs = serve_and_walk(db, pages, args.rounds, ["cold start (first ever)", "warm"])
    # A restart: the first server kept the trigger JSON in the diary file.
    runs += serve_and_walk(db, pages, args.rounds, ["cold start (restart)"])
    worst = [report(run, pages, args.rounds) for run in runs]
    pairs = zip(runs, worst, strict=True)
    print("\nworst page p95: " + ", ".join(f"{r.label} {w:.1f} ms" for r, w in pairs))
    if any(run.errors for run in runs):
        raise SystemExit("some requests failed")


def sequential_cpu(port: int, pid: int, pages: dict[str, str], repeat: int = 20) -> None:
    """Each page ``repeat`` times, one request at a time on the warm server: the server's CPU
    per request (what a page costs whatever the machine's load) beside the wall time."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    print(f"\n== warm, one request at a time ({repeat} per page); load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    print(f"{'page':<22}{'CPU ms':>9}{'wall ms':>9}")
    for name, path in pages.items():
        cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
        for _ in range(repeat):
            fetch(conn, path)
        cpu = (cpu_seconds(pid) - cpu0) / repeat * 1000
        print(f"{name:<22}{cpu:>9.1f}{(time.perf_counter() - wall0) / repeat * 1000:>9.1f}")


def serve_and_walk(db: Path, pages: dict[str, str], rounds: int, labels: list[str]) -> list[Run]:
    """Start a fresh server on ``db``, walk once per label, stop it."""
    port = free_port()
    env = {**os.environ, "GUTBRAIN_TZ": "Europe/Berlin"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutbrain", "--db", str(db), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        ready = wait_ready(port, proc)
        print(f"server answered /healthz {ready:.1f} s after launch "
              f"(process CPU so far {cpu_seconds(proc.pid):.1f} s)")  # fmt: skip
        runs = [walk(label, port, proc.pid, pages, rounds) for label in labels]
        if "warm" in labels:
            sequential_cpu(port, proc.pid, pages)
        return runs
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
