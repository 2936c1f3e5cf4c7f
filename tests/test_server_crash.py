"""``kill -9`` of a multi-user server during concurrent writes loses nothing it acknowledged
(a 201 is sent only after the transaction committed). Real server process, real PostgreSQL."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select

from gutbrain.services import accounts
from gutbrain.store import open_store
from gutbrain.store.tables import EntryRow
from gutbrain.web.multiuser import SESSION_COOKIE, sign

pytestmark = pytest.mark.postgres
SECRET = "c" * 40
WRITERS = 8


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited"
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("the server did not start")


def test_kill_9_during_writes_loses_nothing_acknowledged(pg_schema_url: str) -> None:
    store = open_store(pg_schema_url)
    user = accounts.add_user(store, "ann@example.org", "correct horse battery")
    cookie = f"{SESSION_COOKIE}={sign(SECRET, accounts.start_session(store, user))}"
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gutbrain", "--db", pg_schema_url, "serve", "--multi-user",
         "--port", str(port)],
        env={**os.environ, "GUTBRAIN_SECRET_KEY": SECRET},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    acknowledged: list[uuid.UUID] = []
    lock = threading.Lock()
    enough = threading.Event()
    try:
        _wait_healthy(port, proc)

        def writer(index: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for n in range(100_000):
                body = {"kind": "drink", "name": f"tea {index}-{n}", "amount": 250, "unit": "ml",
                        "start": f"2026-11-{1 + n % 28:02d}T{index:02d}:{n % 60:02d}:00+01:00"}  # fmt: skip
                headers = {"Cookie": cookie, "Content-Type": "application/json",
                           "Origin": f"http://127.0.0.1:{port}"}  # fmt: skip
                try:
                    conn.request("POST", "/api/v1/entries", json.dumps(body), headers)
                    response = conn.getresponse()
                    data = response.read()
                except (OSError, http.client.HTTPException):
                    return  # the server is gone; this write was never acknowledged
                assert response.status == 201, data[:200]
                with lock:
                    acknowledged.append(uuid.UUID(json.loads(data)["id"]))
                    if len(acknowledged) >= 150:
                        enough.set()

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        for t in threads:
            t.start()
        assert enough.wait(timeout=120), "the server acknowledged too few writes"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        for t in threads:
            t.join(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    with store.session() as s:
        found = s.scalar(
            select(func.count()).select_from(EntryRow).where(EntryRow.id.in_(acknowledged))
        )
    store.close()
    assert len(acknowledged) >= 150
    assert found == len(set(acknowledged)) == len(acknowledged)
