"""Server-mode load benchmark on PostgreSQL: N people × 3 years of diary, 50 concurrent
signed-in clients mixing page reads (the trigger report and the doctor report included) and
writes; p50/p95 per page (target p95 ≤ 150 ms), errors, the server's CPU seconds per request
and the load average, every acknowledged write counted in the database afterwards; then
``kill -9`` of the server once concurrent writers have had writes acknowledged, and a count of
the acknowledged writes that survived (target: all).

The heavy results are computed by the server's background worker once per diary state; the
run starts when the worker has computed every diary's (the time that took is printed), and
pages served while a result is being updated say so (counted as "stale").

Needs a PostgreSQL URL (``--db`` or GUTBRAIN_TEST_DATABASE_URL; a fresh database is created
on that server and dropped afterwards). Building: ``--seeds`` distinct demo diaries are
generated and inserted through the store; the other people get server-side copies of them
(new ids, own diary), which is what makes 200 × 3 years buildable in about a minute.

Run: .tools/bin/uv run --locked python benchmarks/bench_server_load.py [--people 200]
     [--days 1095] [--clients 50] [--requests 40] [--think 1.0] [--workers 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).parent))
from bench_web_load import free_port, percentile

from gutbrain.demo import generate_diary
from gutbrain.domain.accounts import Role
from gutbrain.services import accounts
from gutbrain.store import Store, open_store
from gutbrain.store.accounts import AccountStore
from gutbrain.store.engine import make_engine
from gutbrain.store.refresh_queue import pending_refreshes
from gutbrain.store.tables import EntryRow
from gutbrain.web.multiuser import SESSION_COOKIE, sign

SECRET = "bench-" + "k" * 40
END = date(2026, 11, 22)
TARGET_MS = 150
COLUMNS = (
    "kind, name, start_utc, start_has_time, end_utc, end_has_time, tz, day, amount, unit, "
    "intensity, tags, notes, details, natural_key, updated_at"
)


def build(url: str, people: int, days: int, seeds: int) -> list[tuple[uuid.UUID, str]]:
    """People (email, diary) with ``days`` days each; returns (user id, session token)."""
    store = open_store(url)
    acc = AccountStore(store)
    hashed = accounts.hash_password("bench password 123")  # one hash for all: building only
    now = accounts.now_utc()
    templates: list[uuid.UUID] = []
    sessions: list[tuple[uuid.UUID, str]] = []
    for i in range(people):
        diary = store.get_or_create_diary(f"user-bench-{i}", "Europe/Berlin")
        user = acc.add_user(f"p{i}@bench.example", hashed, Role.PERSON, diary.id, now)
        if i < seeds:
            demo = generate_diary(seed=100 + i, days=days, end=END, diary_id=diary.id)
            store.add_entries(diary.id, demo.entries)
            templates.append(diary.id)
        else:
            with store.engine.begin() as conn:
                conn.execute(
                    text(
                        f"INSERT INTO entries (id, diary_id, {COLUMNS}) "
                        f"SELECT md5(CAST(:d AS text) || id::text)::uuid, CAST(:d AS uuid), {COLUMNS} "
                        "FROM entries WHERE diary_id = :t"
                    ),
                    {"d": str(diary.id), "t": templates[i % seeds]},
                )
        sessions.append((user.id, accounts.start_session(store, acc.get_user(user.id))))
    with store.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    store.close()
    return sessions


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {**os.environ, "GUTBRAIN_SECRET_KEY": SECRET, "GUTBRAIN_TZ": "Europe/Berlin"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutbrain", "--db", url, "serve", "--multi-user",
         "--port", str(port), "--workers", str(workers)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def request(
    conn: http.client.HTTPConnection, method: str, path: str, cookie: str,
    body: dict[str, object] | None = None,
) -> tuple[int, bytes]:  # fmt: skip
    headers = {"Cookie": cookie}
    data = None
    if body is not None:
        data = json.dumps(body)
        headers |= {"Content-Type": "application/json", "Origin": conn_origin(conn)}
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def conn_origin(conn: http.client.HTTPConnection) -> str:
    return f"http://{conn.host}:{conn.port}"


def pages(rng: random.Random) -> tuple[str, str]:
    day = END - timedelta(days=rng.randrange(0, 30))
    return rng.choice([
        ("today", "/"),
        ("calendar", f"/calendar?year={END.year}&month={END.month}"),
        ("day", f"/day/{day.isoformat()}"),
        ("diary", "/diary"),
        ("settings", "/settings"),
        ("api today", "/api/v1/today"),
        ("api entries", "/api/v1/entries?limit=50"),
        ("triggers", "/triggers"),
        ("report", "/report"),
    ])  # fmt: skip


def new_entry(rng: random.Random, n: int) -> dict[str, object]:
    minute = rng.randrange(0, 24 * 60)
    return {
        "kind": "drink", "name": f"bench tea {n}",
        "start": f"{END.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00+01:00",
        "amount": 250, "unit": "ml",
    }  # fmt: skip


def load(
    port: int, sessions: list[tuple[uuid.UUID, str]], clients: int, requests: int,
    think: float, write_share: float,
) -> tuple[dict[str, list[float]], dict[str, int], list[str], list[str], float]:  # fmt: skip
    """Each client is one person (clients rotate over all people), with its own keep-alive
    connection, pausing an exponential think time between clicks."""
    timings: dict[str, list[float]] = defaultdict(list)
    stale: dict[str, int] = defaultdict(int)
    acknowledged: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        for n in range(requests):
            _, token = sessions[(index + n * clients) % len(sessions)]
            cookie = f"{SESSION_COOKIE}={sign(SECRET, token)}"
            if think:
                time.sleep(rng.expovariate(1 / think))
            write = rng.random() < write_share
            name, path = ("write entry", "/api/v1/entries") if write else pages(rng)
            start = time.perf_counter()
            for attempt in (1, 2):
                try:
                    status, body = request(
                        conn, "POST" if write else "GET", path, cookie,
                        new_entry(rng, index * 100_000 + n) if write else None,
                    )  # fmt: skip
                    break
                except (http.client.HTTPException, ConnectionError):
                    conn.close()  # idle keep-alive closed by the server: reconnect
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    start = time.perf_counter()
                    if attempt == 2:
                        raise
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[name].append(elapsed)
                if b"Being updated" in body or b"Being computed" in body:
                    stale[name] += 1
                if status not in (200, 201):
                    errors.append(f"{path}: {status}")
                elif write:
                    acknowledged.append(json.loads(body)["id"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings, stale, acknowledged, errors, time.perf_counter() - started


def count_present(store: Store, ids: list[str]) -> int:
    found = 0
    with store.engine.connect() as conn:
        for i in range(0, len(ids), 1000):
            chunk = [uuid.UUID(x) for x in ids[i : i + 1000]]
            found += (
                conn.scalar(
                    select(func.count()).select_from(EntryRow).where(EntryRow.id.in_(chunk))
                )
                or 0
            )
    return found


def kill_during_writes(
    url: str, sessions: list[tuple[uuid.UUID, str]], writers: int, workers: int = 1
) -> None:
    port = free_port()
    proc = start_server(url, port, workers)
    acknowledged: list[str] = []
    sent = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def writer(index: int) -> None:
        rng = random.Random(1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        _, token = sessions[index % len(sessions)]
        cookie = f"{SESSION_COOKIE}={sign(SECRET, token)}"
        n = 0
        while not stop.is_set():
            n += 1
            with lock:
                sent[0] += 1
            try:
                status, body = request(conn, "POST", "/api/v1/entries", cookie,
                                       new_entry(rng, 9_000_000 + index * 100_000 + n))  # fmt: skip
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this write was not acknowledged
            if status == 201:
                with lock:
                    acknowledged.append(json.loads(body)["id"])

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(acknowledged) < 200:
        time.sleep(0.1)  # kill only once writes have been acknowledged (else it proves nothing)
    os.killpg(proc.pid, signal.SIGKILL)  # the server and its worker processes
    proc.wait()
    stop.set()
    for t in threads:
        t.join()
    store = open_store(url)
    present = count_present(store, acknowledged)
    store.close()
    lost = len(acknowledged) - present
    print(f"\n== kill -9 during {writers} concurrent writers: {sent[0]} writes sent, "
          f"{len(acknowledged)} acknowledged (201), {present} of them in the database, "
          f"lost: {lost}")  # fmt: skip
    if lost:
        raise SystemExit("acknowledged writes were lost")
    if not acknowledged:
        raise SystemExit("no write was acknowledged before the kill: the step proved nothing")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("GUTBRAIN_TEST_DATABASE_URL"))
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--seeds", type=int, default=8, help="distinct generated diaries")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between clicks (s)")
    parser.add_argument("--writes", type=float, default=0.25, help="share of requests that write")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    if not args.db:
        print("skipped: needs PostgreSQL (--db postgresql+psycopg://… or "
              "GUTBRAIN_TEST_DATABASE_URL)")  # fmt: skip
        return
    name = f"gutbrain_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(args.db).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = args.db.rsplit("/", 1)[0] + "/" + name
    try:
        run(url, args)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def wait_for_worker(store: Store, limit: float = 3600) -> float:
    """Seconds until the background worker has no pending diary (every result computed)."""
    t0 = time.perf_counter()
    time.sleep(3)  # the worker first asks for every diary without a current result
    while time.perf_counter() - t0 < limit:
        if pending_refreshes(store) == 0:
            return time.perf_counter() - t0
        time.sleep(1)
    raise SystemExit("the worker did not finish")


def server_cpu(pid: int) -> float:
    """CPU seconds of the server and every process under it (web workers, the background
    worker), from /proc (Linux)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])))
    tree, total = {pid}, 0.0
    changed = True
    while changed:
        changed = False
        for child, (parent, _) in stats.items():
            if parent in tree and child not in tree:
                tree.add(child)
                changed = True
    for p in tree:
        total += stats.get(p, (0, 0))[1]
    return total / os.sysconf("SC_CLK_TCK")


def run(url: str, args: argparse.Namespace) -> None:
    t0 = time.perf_counter()
    sessions = build(url, args.people, args.days, args.seeds)
    store = open_store(url)
    with store.engine.connect() as conn:
        rows = conn.scalar(select(func.count()).select_from(EntryRow)) or 0
    print(f"built {args.people} people × {args.days} days ({args.seeds} generated diaries, "
          f"the rest server-side copies): {rows:,} entries in {time.perf_counter() - t0:.0f} s")  # fmt: skip
    port = free_port()
    proc = start_server(url, port, args.workers)
    try:
        warm = wait_for_worker(store)
        print(f"background worker computed every diary's trigger and report results in "
              f"{warm:.0f} s (load average {os.getloadavg()[0]:.1f})")  # fmt: skip
        cpu0 = server_cpu(proc.pid)
        timings, stale, acknowledged, errors, wall = load(
            port, sessions, args.clients, args.requests, args.think, args.writes
        )
        cpu = server_cpu(proc.pid) - cpu0
        load1, load5, _ = os.getloadavg()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    total = sum(len(v) for v in timings.values())
    print(f"\n== {args.workers} server process(es), {args.clients} concurrent clients, think "
          f"time mean {args.think:g} s, {args.writes:.0%} writes: {total} requests in "
          f"{wall:.1f} s ({total / wall:.1f} req/s), errors: {len(errors)}")  # fmt: skip
    print(f"server CPU (web processes + background worker): {cpu:.1f} s, "
          f"{1000 * cpu / max(total, 1):.1f} ms per request; load average at the end "
          f"{load1:.1f} (1 min), {load5:.1f} (5 min)")  # fmt: skip
    print(
        f"{'page':<14}{'n':>6}{'p50 (ms)':>10}{'p95 (ms)':>10}{'stale':>7}  target p95 ≤ {TARGET_MS} ms"
    )
    for name in sorted(timings):
        values = timings[name]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        ok = "ok" if p95 <= TARGET_MS else "OVER"
        print(f"{name:<14}{len(values):>6}{p50:>10.1f}{p95:>10.1f}{stale[name]:>7}  {ok}")
    present = count_present(store, acknowledged)
    store.close()
    print(f"writes acknowledged: {len(acknowledged)}, found in the database afterwards: "
          f"{present} (lost: {len(acknowledged) - present})")  # fmt: skip
    if errors:
        print(f"first error: {errors[0]}")
    kill_during_writes(url, sessions, writers=min(20, args.clients), workers=args.workers)


if __name__ == "__main__":
    main()
