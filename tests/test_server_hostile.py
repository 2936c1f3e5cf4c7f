"""Server mode under attack: oversized bodies and fields, zip bombs, control characters,
unexpected errors. On SQLite and on a real PostgreSQL (CI sets GUTBRAIN_TEST_DATABASE_URL).

Memory bounds are measured with tracemalloc (every Python allocation, zlib's output included)
around the hostile request, in the test process that runs the app.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import tempfile
import threading
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute, _iter_included_route_candidates
from fastapi.testclient import TestClient

from gutbrain.domain.rules import MAX_DETAILS_BYTES
from gutbrain.services import imports
from gutbrain.services.upload_limits import MAX_RATIO
from gutbrain.settings import Settings
from gutbrain.web.app import create_app
from gutbrain.web.limits import MAX_BODY, MAX_LOGIN_BODY
from server_fixtures import PASSWORD, Server

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
