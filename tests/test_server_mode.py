"""Multi-user server mode over HTTP: sign-in, sessions, CSRF, headers, share links, logs.
On SQLite and on a real PostgreSQL (CI sets GUTBRAIN_TEST_DATABASE_URL)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from gutbrain.cli import main
from gutbrain.services import access
from gutbrain.settings import Settings
from gutbrain.web.app import create_app
from gutbrain.web.multiuser import SESSION_COOKIE
from server_fixtures import MARKER, ORIGIN, PASSWORD, Server


def _sign_in(server: Server, email: str, password: str = PASSWORD) -> TestClient:
    client = server.client(None)
    response = client.post("/login", data={"email": email, "password": password, "next": "/diary"})
    assert response.status_code == 303, response.text[:300]
    return client


def test_sign_in_sets_a_hardened_cookie_and_sign_out_ends_it(server: Server) -> None:
    client = server.client(None)
    assert client.get("/diary").headers["location"] == "/login?next=%2Fdiary"
    response = client.post("/login", data={"email": "bob@example.org", "password": PASSWORD,
                                           "next": "//evil.example/x"})  # fmt: skip
    assert response.headers["location"] == "/"  # never an off-site redirect
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" not in cookie
    assert MARKER in client.get("/diary").text
    assert client.post("/logout").status_code == 303
    assert client.get("/diary").status_code == 303
    tls = TestClient(server.app, base_url="https://testserver", follow_redirects=False)
    response = tls.post("/login", data={"email": "bob@example.org", "password": PASSWORD},
                        headers={"Origin": "https://testserver"})  # fmt: skip
    assert "Secure" in response.headers["set-cookie"]
    assert "max-age=31536000" in tls.get("/login").headers["strict-transport-security"]


def test_a_forged_or_stale_cookie_is_not_a_session(server: Server) -> None:
    client = _sign_in(server, "bob@example.org")
    value = client.cookies[SESSION_COOKIE]
    token, _, mac = value.rpartition(".")
    for forged in (token + ".AAAA", token[:-2] + "xx." + mac, "garbage"):
        other = server.client(None)
        other.cookies.set(SESSION_COOKIE, forged)
        assert other.get("/api/v1/entries").status_code == 401


def test_sign_out_everywhere_ends_every_session(server: Server) -> None:
    laptop, phone = _sign_in(server, "bob@example.org"), _sign_in(server, "bob@example.org")
    assert phone.get("/api/v1/entries").status_code == 200
    laptop.post("/logout/everywhere")
    assert phone.get("/api/v1/entries").status_code == 401
    assert laptop.get("/api/v1/entries").status_code == 401


def test_cross_site_writes_are_refused(server: Server) -> None:
    client = _sign_in(server, "bob@example.org")
    body = {"kind": "attack", "name": "migraine", "start": "2026-10-09T10:00+02:00"}
    for headers in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site", "Origin": ORIGIN},
        {"Sec-Fetch-Site": "same-site"},
    ):
        response = client.post("/api/v1/entries", json=body, headers=headers)
        assert response.status_code == 403, headers
        assert client.post("/settings", data={"fdr": "0.2"}, headers=headers).status_code == 403
    del client.headers["Origin"]
    # no Origin and no Sec-Fetch-Site: not a browser, so the session's CSRF token is needed
    assert client.post("/api/v1/entries", json=body).status_code == 403
    token = client.get("/api/v1/session").json()["csrf_token"]
    bad = client.post("/api/v1/entries", json=body, headers={"X-CSRF-Token": token[:-1] + "x"})
    assert bad.status_code == 403
    ok = client.post("/api/v1/entries", json=body, headers={"X-CSRF-Token": token})
    assert ok.status_code == 201
    same = client.post("/api/v1/entries", json={**body, "start": "2026-10-10T10:00+02:00"},
                       headers={"Sec-Fetch-Site": "same-origin"})  # fmt: skip
    assert same.status_code == 201


def test_security_headers_and_no_inline_script(server: Server) -> None:
    client = _sign_in(server, "bob@example.org")
    for path in ("/", "/diary", "/account", "/login", "/api/v1/entries"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"
        if response.headers["content-type"].startswith("text/html"):
            assert "<script>" not in response.text and " on" + "click=" not in response.text


def test_sign_in_is_rate_limited(server: Server) -> None:
    client = server.client(None)
    for _ in range(5):
        wrong = client.post(
            "/login", data={"email": "bob@example.org", "password": "nope nope nope"}
        )
        assert wrong.status_code == 401
    limited = client.post("/login", data={"email": "bob@example.org", "password": PASSWORD})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    # another account from the same address is still let in
    assert (
        client.post("/login", data={"email": "ann@example.org", "password": PASSWORD}).status_code
        == 303
    )


def test_share_links_open_the_report_until_expired_or_revoked(server: Server) -> None:
    bob = server.session("bob")
    link, token = access.create_link(server.store, bob, days=3)
    anonymous = server.client(None)
    page = anonymous.get(f"/s/{token}")
    assert page.status_code == 200 and "migraine" in page.text.lower()
    assert page.headers["referrer-policy"] == "no-referrer"
    assert anonymous.post(f"/s/{token}").status_code == 405  # read-only
    assert anonymous.get(f"/s/{token}x").status_code == 404
    with server.store.session() as s:
        from gutbrain.store.account_tables import ShareLinkRow

        row = s.get(ShareLinkRow, link.id)
        assert row is not None
        row.expires_at = row.created_at - timedelta(seconds=1)
    assert anonymous.get(f"/s/{token}").status_code == 404
    live, fresh = access.create_link(server.store, bob, days=3)
    client = server.client("bob")
    assert anonymous.get(f"/s/{fresh}").status_code == 200
    assert client.post(f"/account/links/{live.id}/revoke").status_code == 303
    assert anonymous.get(f"/s/{fresh}").status_code == 404
    trail = access.audit_trail(server.store, bob)
    assert any(e.actor == "report link without a name" and e.action == "read" for e in trail)


def test_passwords_and_tokens_never_reach_the_logs(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = server.client(None)
    client.post("/login", data={"email": "bob@example.org", "password": "wrong password x"})
    client.post("/login", data={"email": "bob@example.org", "password": PASSWORD})
    _, token = access.create_link(server.store, server.session("bob"), days=2)
    client.get(f"/s/{token}")
    client.post("/account/password", data={"old": PASSWORD, "new": "a brand new password"})
    ours = [r for r in caplog.records if not r.name.startswith(("httpx", "asyncio"))]
    assert ours, "the server logs something"
    logged = "".join(f"{r.getMessage()} {getattr(r, 'fields', '')}" for r in ours)
    for secret in (PASSWORD, "wrong password x", "a brand new password", token,
                   client.cookies[SESSION_COOKIE].split(".")[0], "bob@example.org"):  # fmt: skip
        assert secret not in logged
    assert '"route": "/s/{token}"' in logged or "/s/{token}" in logged


def test_health_needs_no_login(server: Server) -> None:
    response = server.client(None).get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_admin_manages_users_but_reads_no_diary(server: Server) -> None:
    root = server.client("root")
    assert root.get("/").headers["location"] == "/admin"
    assert root.get("/api/v1/entries").status_code == 403
    assert "bob@example.org" in root.get("/admin").text
    bob_id = server.users["bob"].id
    bob = _sign_in(server, "bob@example.org")
    assert root.post(f"/admin/users/{bob_id}/disable").status_code == 303
    assert bob.get("/api/v1/entries").status_code == 401
    assert root.post(f"/admin/users/{bob_id}/enable").status_code == 303
    added = root.post("/admin/users", data={"email": "eve@example.org", "password": PASSWORD,
                                            "role": "clinician"})  # fmt: skip
    assert added.status_code == 303
    _sign_in(server, "eve@example.org")


def test_person_shares_with_a_clinician_who_then_reads_read_only(server: Server) -> None:
    bob = server.client("bob")
    assert bob.post("/account/shares", data={"email": "doc@example.org"}).status_code == 303
    doc = server.client("doc")
    page = doc.get("/account").text
    assert "bob@example.org" in page
    doc.post("/account/view", data={"diary_id": str(server.users["bob"].diary_id)})
    assert MARKER in doc.get("/diary").text
    token = doc.get("/api/v1/session").json()["csrf_token"]
    denied = doc.post("/api/v1/checkin", json={"day": "2026-10-05", "stress": 5},
                      headers={"X-CSRF-Token": token, "Origin": ORIGIN})  # fmt: skip
    assert denied.status_code == 403
    form = doc.post("/today/checkin", data={"day": "2026-10-05"}, headers={"Referer": f"{ORIGIN}/"})
    assert form.status_code == 303 and form.headers["location"] == "/"
    assert "read-only" in doc.get("/").text  # the reason, shown on the page it came from
    assert "read" in {e.action for e in access.audit_trail(server.store, server.session("bob"))}


def test_serve_refuses_without_secret_key_or_with_a_shared_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "x.sqlite")
    monkeypatch.delenv("GUTBRAIN_SECRET_KEY", raising=False)
    runner = CliRunner()
    out = runner.invoke(main, ["--db", db, "serve", "--multi-user"]).output
    assert "needs PostgreSQL" in out and "--allow-sqlite" in out
    out = runner.invoke(main, ["--db", db, "serve", "--multi-user", "--allow-sqlite"]).output
    assert "secret key" in out
    monkeypatch.setenv("GUTBRAIN_SECRET_KEY", "short")
    out = runner.invoke(main, ["--db", db, "serve", "--multi-user", "--allow-sqlite"]).output
    assert "at least 32" in out
    out = runner.invoke(main, ["--db", db, "serve", "--host", "0.0.0.0"]).output
    assert "127.0.0.1" in out


def test_local_mode_is_unchanged(tmp_path: Path) -> None:
    app = create_app(Settings.from_env(db=tmp_path / "d.sqlite", timezone="UTC"))
    with TestClient(app) as client:
        response = client.get("/")
        assert response.status_code == 200 and "content-security-policy" not in response.headers
        assert "nothing leaves this computer" in response.text
        assert client.get("/login").status_code == 404
        assert client.post("/api/v1/checkin", json={"day": "2026-10-05"}).status_code == 201
