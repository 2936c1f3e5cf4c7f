"""Server mode under attack: oversized bodies and fields, zip bombs, control characters,
unexpected errors. On SQLite and on a real PostgreSQL (CI sets GUTBRAIN_TEST_DATABASE_URL).

Memory bounds are measured with tracemalloc (every Python allocation, zlib's output included)
around the hostile request, in the test process that runs the app.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import shutil
import stat
import tempfile
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute, _iter_included_route_candidates
from fastapi.testclient import TestClient

from gutbrain.domain.rules import MAX_DETAILS_BYTES
from gutbrain.services import access, accounts, imports, refresh, signin
from gutbrain.services import backup as backup_svc
from gutbrain.services import diary as svc
from gutbrain.services.upload_limits import MAX_RATIO
from gutbrain.settings import Settings
from gutbrain.store.refresh_queue import claim_refresh, pending_refreshes
from gutbrain.web.app import create_app
from gutbrain.web.limits import MAX_BODY, MAX_LOGIN_BODY
from gutbrain.web.pages.login import DEVICE_COOKIE
from server_fixtures import ORIGIN, PASSWORD, Server

MiB = 1024 * 1024
#: What one hostile request may add to the Python heap (the 1 MiB body limit, a 1 MiB
#: decompression chunk and the framework's copies of them).
MEMORY_BOUND = 16 * MiB


def _peak(call: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def _bomb(unpacked: int, name: str) -> bytes:
    """A valid zip holding ``unpacked`` bytes of zeros under ``name`` (~1000× smaller)."""
    out = io.BytesIO()
    zeros = bytes(MiB)
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        for _ in range(unpacked // MiB):
            member.write(zeros)
    return out.getvalue()


@pytest.fixture
def watched_tmp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[int]]:
    """Every temporary file goes to one folder whose size is sampled every 5 ms; yields the
    list of samples (bytes)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    samples: list[int] = [0]
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.005):
            total = 0
            for p in folder.rglob("*"):
                try:
                    total += p.stat().st_size if p.is_file() else 0
                except FileNotFoundError:
                    continue
            samples.append(total)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    yield samples
    stop.set()
    thread.join()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    "member", ["export/health_connect_export.db", "apple_health_export/export.xml"]
)
def test_a_zip_bomb_is_refused_before_it_touches_the_disk(
    server: Server, watched_tmp: list[int], monkeypatch: pytest.MonkeyPatch, member: str
) -> None:
    bomb = _bomb(400 * MiB, member)
    assert len(bomb) < 2 * MiB
    reached: list[str] = []
    monkeypatch.setattr(imports, "import_upload", lambda *_a, **_k: reached.append("importer"))
    client = server.client("bob")
    response, peak = _peak(
        lambda: client.post("/api/v1/import", files={"file": ("export.zip", bomb)})
    )
    assert response.status_code == 413, response.text
    assert f"more than {MAX_RATIO} times its size" in response.json()["detail"]
    assert reached == []  # no importer ever saw it
    assert max(watched_tmp) < 50 * MiB  # only the upload itself was spooled
    assert peak < MEMORY_BOUND + 2 * len(bomb), peak


def test_an_honest_zip_is_still_imported(server: Server) -> None:
    """A compressible but real file passes the ratio check (below the 16 MiB floor)."""
    csv = "start,kind,name\n" + "".join(f"2026-09-{d:02d}T08:00,food,oats\n" for d in range(1, 29))
    client = server.client("ann")
    response = client.post("/api/v1/import", files={"file": ("diary.csv", csv.encode())})
    assert response.status_code == 200, response.text


def test_bodies_over_the_limit_are_refused_unread(server: Server) -> None:
    client = server.client("bob")
    big = {"kind": "note", "name": "x", "start": "2026-10-09T10:00+02:00",
           "details": {"blob": "a" * (2 * MAX_BODY)}}  # fmt: skip
    response, peak = _peak(lambda: client.post("/api/v1/entries", json=big))
    assert response.status_code == 413 and "1 MiB" in response.json()["detail"]
    # streamed without a length: counted as it arrives, refused at the limit
    chunks = (b"a" * 65536 for _ in range(64))
    chunked = client.post("/api/v1/entries", content=chunks,
                          headers={"Content-Type": "application/json"})  # fmt: skip
    assert chunked.status_code == 413
    anonymous = server.client(None)
    login = anonymous.post("/login", data={"email": "bob@example.org", "password": "p" * MiB})
    assert login.status_code == 413 and f"{MAX_LOGIN_BODY // 1024} KiB" in login.text
    assert peak < MEMORY_BOUND + 4 * len(big["details"]["blob"])


def test_an_oversized_details_field_is_refused_with_the_limit(server: Server) -> None:
    client = server.client("bob")
    body = {"kind": "attack", "name": "migraine", "start": "2026-10-09T10:00+02:00",
            "details": {"blob": "a" * (MAX_DETAILS_BYTES + 1)}}  # fmt: skip
    response = client.post("/api/v1/entries", json=body)
    assert response.status_code == 422
    assert f"larger than {MAX_DETAILS_BYTES // 1024} KiB" in response.json()["detail"]


def _routes(server: Server) -> list[tuple[str, str]]:
    found = []
    for route in _iter_included_route_candidates(server.app.routes):
        if isinstance(route, APIRoute):
            path = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: server.ids.get(m[1], "1"), route.path)
            found += [(method, path) for method in sorted(route.methods)]
    return found


def test_control_characters_are_refused_on_every_route(server: Server) -> None:
    """NUL and other C0 controls: 422 in the query, the path, a form and JSON, on every
    route, signed in and signed out (sign-in included)."""
    routes = _routes(server)
    assert len(routes) > 50
    for who in ("bob", None):
        client = server.client(who)
        for method, path in routes:
            for bad in ("\x00", "\x1b"):
                response = client.request(method, path, params={"q": f"a{bad}b"})
                assert response.status_code == 422, (who, method, path, response.status_code)
                assert "control character" in response.json()["detail"]
    client = server.client("bob")
    assert client.get("/day/2026-10-01%00").status_code == 422
    form = server.client(None).post("/login", data={"email": "bob@example.org\x00",
                                                    "password": PASSWORD})  # fmt: skip
    assert form.status_code == 422
    entry = {"kind": "note", "name": "tea\u0000", "start": "2026-10-09T10:00+02:00"}
    assert client.post("/api/v1/entries", json=entry).status_code == 422
    entry = {"kind": "note", "name": "tea", "start": "2026-10-09T10:00+02:00",
             "details": {"k": "v\u0007"}}  # fmt: skip
    assert client.post("/api/v1/entries", json=entry).status_code == 422
    fine = {"kind": "note", "name": "tea", "start": "2026-10-09T10:00+02:00",
            "notes": "line one\nline two\ttabbed"}  # fmt: skip
    assert client.post("/api/v1/entries", json=fine).status_code == 201


def test_every_500_is_logged_with_its_type_and_a_request_id(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = APIRouter()

    @broken.get("/broken")
    def fail() -> None:
        raise KeyError("boom")

    app = create_app(
        Settings(db_url=f"sqlite:///{tmp_path / 'd.sqlite'}", timezone="UTC"),
        extra_routers=[broken],
    )
    caplog.set_level(logging.INFO, logger="gutbrain.server")
    response = TestClient(app, raise_server_exceptions=False).get("/broken")
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert request_id in response.json()["detail"]
    errors = [r for r in caplog.records if r.getMessage() == "error"]
    assert errors and errors[0].fields["error"] == "KeyError"  # type: ignore[attr-defined]
    assert errors[0].fields["request_id"] == request_id  # type: ignore[attr-defined]


# -- sign-in under a flood ---------------------------------------------------------------
def _from(server: Server, address: str) -> TestClient:
    client = TestClient(server.app, base_url=ORIGIN, follow_redirects=False, client=(address, 1))
    client.headers["Origin"] = ORIGIN
    return client


def _counting_hashes(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Wrap the password check: how many ran, and the most at once."""
    seen = {"calls": 0, "now": 0, "most": 0}
    lock = threading.Lock()
    real = accounts.authenticate

    def counted(*args: Any) -> Any:
        with lock:
            seen["calls"] += 1
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            return real(*args)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(signin.accounts, "authenticate", counted)
    return seen


def test_the_owner_signs_in_during_a_flood(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """60 concurrent wrong sign-ins from 20 addresses: at most HASH_SLOTS + DEVICE_SLOTS
    hashes at once (argon2id: 64 MiB each, so the bound is 3 × 64 MiB), the excess refused
    fast (503/429), the health check answers, and the owner's own browser gets in."""
    owner = _from(server, "198.51.100.7")
    assert (
        owner.post("/login", data={"email": "bob@example.org", "password": PASSWORD}).status_code
        == 303
    )
    assert DEVICE_COOKIE in owner.cookies
    owner.post("/logout")
    seen = _counting_hashes(monkeypatch)
    answers: list[int] = []
    health: list[float] = []

    def attacker(i: int) -> None:
        client = _from(server, f"203.0.113.{i % 20}")
        r = client.post("/login", data={"email": "bob@example.org", "password": f"guess {i} xx"})
        answers.append(r.status_code)

    def probe() -> None:
        client = _from(server, "192.0.2.1")
        for _ in range(5):
            t0 = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            health.append(time.perf_counter() - t0)

    threads = [threading.Thread(target=attacker, args=(i,)) for i in range(60)]
    threads.append(threading.Thread(target=probe))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(answers) <= {401, 429, 503} and len(answers) == 60
    assert seen["most"] <= signin.HASH_SLOTS + signin.DEVICE_SLOTS
    assert max(health) < 2.0, health
    # keep guessing from everywhere until the account itself is over its limit
    for i in range(signin.PER_ACCOUNT + 5):
        _from(server, f"203.0.113.{100 + i % 50}").post(
            "/login", data={"email": "bob@example.org", "password": "still guessing"}
        )
    stranger = _from(server, "192.0.2.99")
    assert (
        stranger.post("/login", data={"email": "bob@example.org", "password": PASSWORD}).status_code
        == 429
    )
    # the owner's browser (device cookie) is not locked out, from any address
    response = owner.post("/login", data={"email": "bob@example.org", "password": PASSWORD})
    assert response.status_code == 303, response.text[:300]


def test_a_burst_is_counted_before_it_is_hashed(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _counting_hashes(monkeypatch)
    answers: list[int] = []

    def guess(i: int) -> None:
        client = _from(server, "203.0.113.50")
        answers.append(client.post("/login", data={"email": "ann@example.org",
                                                   "password": f"wrong {i} xxxx"}).status_code)  # fmt: skip

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # counted before the hash: the 5-per-account-and-network limit holds within the burst
    # (give or take the slots that were checking at the same moment)
    assert seen["calls"] <= signin.PER_ACCOUNT_ADDRESS + signin.HASH_SLOTS
    assert answers.count(401) == seen["calls"] and set(answers) <= {401, 429, 503}
    for i in range(10):  # what the burst left of the limit, one at a time
        _from(server, "203.0.113.50").post(
            "/login", data={"email": "ann@example.org", "password": f"wrong again {i}"}
        )
    assert seen["calls"] <= signin.PER_ACCOUNT_ADDRESS + signin.HASH_SLOTS
    later = _from(server, "203.0.113.50").post(
        "/login", data={"email": "ann@example.org", "password": PASSWORD}
    )
    assert later.status_code == 429 and int(later.headers["retry-after"]) > 0


def test_password_change_is_limited_audited_and_logged(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gutbrain.server")
    client = server.client("bob")
    statuses = [
        client.post(
            "/account/password", data={"old": "not my password", "new": "whatever 12345"}
        ).status_code
        for _ in range(signin.PER_PASSWORD_CHANGE + 1)
    ]
    assert statuses[:-1] == [401] * signin.PER_PASSWORD_CHANGE and statuses[-1] == 429
    trail = access.audit_trail(server.store, server.session("bob"))
    assert sum(e.action == "password.change.failed" for e in trail) == signin.PER_PASSWORD_CHANGE
    lines = [r for r in caplog.records if r.getMessage() == "password.change.failed"]
    assert lines and all(r.fields["client"] == "testclient" for r in lines)  # type: ignore[attr-defined]
    assert all(r.fields["user"] == str(server.users["bob"].id) for r in lines)  # type: ignore[attr-defined]


def test_security_log_lines_name_the_client_and_the_account(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="gutbrain.server")
    client = _from(server, "198.51.100.20")
    client.post("/login", data={"email": "bob@example.org", "password": "wrong wrong wrong"})
    client.post("/login", data={"email": "nobody@example.org", "password": "wrong wrong wrong"})
    client.post("/login", data={"email": "bob@example.org", "password": PASSWORD})
    client.post("/api/v1/entries", json={}, headers={"Origin": "https://evil.example"})
    events = {r.getMessage(): r.fields for r in caplog.records if r.getMessage() != "request"}  # type: ignore[attr-defined]
    failed = [r.fields for r in caplog.records if r.getMessage() == "login.failed"]  # type: ignore[attr-defined]
    assert [f["account"] for f in failed] == [str(server.users["bob"].id), "unknown"]
    for name in ("login.failed", "login", "csrf.refused"):
        assert events[name]["client"] == "198.51.100.20", name
    assert events["login"]["user"] == events["csrf.refused"]["user"] == str(server.users["bob"].id)


# -- lifecycle ---------------------------------------------------------------------------
def test_disabling_an_account_ends_its_sessions_and_its_links(server: Server) -> None:
    bob = server.session("bob")
    _, token = access.create_link(server.store, bob, days=7, label="Dr Who")
    anonymous = server.client(None)
    assert anonymous.get(f"/s/{token}").status_code == 200
    client = server.client("bob")
    accounts.set_disabled(server.store, "bob@example.org", True)
    assert anonymous.get(f"/s/{token}").status_code == 404
    assert client.get("/api/v1/entries").status_code == 401
    accounts.set_disabled(server.store, "bob@example.org", False)
    assert anonymous.get(f"/s/{token}").status_code == 404  # revoked for good


def test_a_new_link_never_rides_in_a_cookie_and_flashes_are_httponly(server: Server) -> None:
    client = server.client("bob")
    response = client.post("/account/links", data={"days": "3", "label": "for Dr Lee"})
    assert response.status_code == 200 and "/s/" in response.text
    token = response.text.split("/s/", 1)[1].split("<", 1)[0].split('"', 1)[0].strip()
    assert len(token) > 20 and token not in response.headers.get("set-cookie", "")
    revoked = client.post("/account/shares", data={"email": "doc@example.org"})
    assert "httponly" in revoked.headers["set-cookie"].lower()


def test_the_admin_sees_ids_never_a_link_label(server: Server) -> None:
    client = server.client("bob")
    client.post("/account/links", data={"days": "3", "label": "my neurologist Dr Secret"})
    _from(server, "192.0.2.5").get("/s/not-a-token")
    admin = server.client("root").get("/admin")
    assert admin.status_code == 200 and "Dr Secret" not in admin.text and "Dr Two" not in admin.text
    assert "my neurologist" in server.client("bob").get("/account").text  # the owner does


def test_backups_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'd.sqlite'}", timezone="UTC")
    target = tmp_path / "backup.jsonl.gz"
    backup_svc.backup(settings, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# -- heavy pages: computed by the background worker, served from the store ---------------
def test_heavy_pages_come_from_the_store_and_say_when_they_are_being_updated(
    server: Server,
) -> None:
    """With a background worker, /triggers and /report never compute in the request: they
    show what is stored for the diary's state, "being updated" after a write (and ask the
    worker), and the worker's result once it ran."""
    server.app.state.server = dataclasses.replace(server.app.state.server, background=True)
    settings = server.app.state.settings
    store = server.store
    client = server.client("bob")
    first = client.get("/triggers")
    assert first.status_code == 200 and "Being computed" in first.text
    assert pending_refreshes(store) == 1
    # the worker takes the request (no settling wait in the test) and stores both results
    diary_id = claim_refresh(store, accounts.now_utc() + timedelta(seconds=1))
    assert diary_id == server.users["bob"].diary_id
    refresh.refresh(svc.Context(settings=settings, store=store, diary=store.get_diary(diary_id)))
    page = client.get("/triggers")
    assert "Being computed" not in page.text and "Being updated" not in page.text
    report = client.get("/report")
    assert report.status_code == 200 and "migraine" in report.text.lower()
    assert "Being updated" not in report.text
    assert pending_refreshes(store) == 0
    entry = {"kind": "attack", "name": "migraine", "start": "2026-10-05T10:00+02:00"}
    assert client.post("/api/v1/entries", json=entry).status_code == 201
    assert pending_refreshes(store) == 1  # the write asked for a refresh
    stale = client.get("/report")
    assert "Being updated" in stale.text and "migraine" in stale.text.lower()
    assert pending_refreshes(store) == 1  # one request per diary, however many reads


def test_the_worker_computes_each_pending_diary_once(server: Server) -> None:
    settings = server.app.state.settings
    bob = svc.Context(settings=settings, store=server.store,
                      diary=server.store.get_diary(server.users["bob"].diary_id))  # fmt: skip
    for _ in range(3):
        refresh.want(bob)
    assert pending_refreshes(server.store) == 1
    calls: list[int] = []
    rounds = iter(range(3))

    def stop() -> bool:
        calls.append(1)
        return next(rounds, None) is None

    refresh.run_worker(settings, idle=0.01, stop=stop, settle=timedelta(0))
    assert pending_refreshes(server.store) == 0
    assert refresh.stored_report(bob).current and refresh.stored_triggers(bob).current
