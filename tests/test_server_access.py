"""For EVERY route of the multi-user app (read from its route table): nobody reaches data that
is not theirs. A route added later is covered without editing this file; a route that neither
resolves the diary through ``services.access`` nor requires a login fails here.

Runs on SQLite and on a real PostgreSQL (CI sets GUTBRAIN_TEST_DATABASE_URL)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, _iter_included_route_candidates
from fastapi.testclient import TestClient
from starlette.datastructures import UploadFile

from server_fixtures import BOB_CSV, MARKER, PASSWORD, Server

#: Routes that need no diary: who may use them is stated here, and checked below.
NO_DIARY = {
    "/login": "anyone (rate-limited)",
    "/logout": "ends the caller's own session",
    "/logout/everywhere": "ends the caller's own sessions",
    "/healthz": "anyone: says only whether the database answers",
    "/api/v1/session": "the caller's own account",
    "/theme": "a cookie of the caller's own browser",
    "/s/{token}": "whoever holds a live link token (tested in test_server_mode.py)",
}
#: Dependencies through which a route reaches a diary or an account (all ask services.access).
GATES = {"get_ctx", "get_holder", "get_reader", "require_login"}
PUBLIC = {"/login", "/healthz", "/s/{token}"}
FORM = {
    "kind": "attack", "name": "hijack", "start": "2026-10-05 10:00", "intensity": "9",
    "notes": "hijacked", "text": "toast", "day": "2026-10-05", "email": "doc@example.org",
    "days": "3", "label": "x", "old": PASSWORD, "new": "another long password",
    "password": "another long password", "role": "person", "theme": "normal", "next": "/",
    "timezone": "UTC", "fdr": "0.2", "ended": "true",
}  # fmt: skip
JSON_BODIES: dict[str, dict[str, Any]] = {
    "EntryCreate": {"kind": "attack", "name": "hijack", "start": "2026-10-05T10:00+02:00"},
    "EntryUpdate": {"notes": "hijacked"},
    "AttackUpdate": {"intensity": 9, "ended": True},
    "MedicationTaken": {"name": "ibuprofen"},
    "CheckInCreate": {"day": "2026-10-05", "stress": 5},
    "MealText": {"text": "toast"},
    "SettingsUpdate": {"fdr": 0.2},
    "ConditionCreate": {"name": "asthma"},
}


def _routes(server: Server) -> list[APIRoute]:
    return [
        r for r in _iter_included_route_candidates(server.app.routes) if isinstance(r, APIRoute)
    ]


def _calls(dependant: Dependant) -> set[str]:
    names = {getattr(dependant.call, "__name__", "")}
    for sub in dependant.dependencies:
        names |= _calls(sub)
    return names


def _request(server: Server, client: TestClient, route: APIRoute, method: str) -> Any:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        # An id this test does not know yet: one of Bob's entries (add it to Seed.ids).
        return server.ids.get(name, server.ids["entry_id"] if name.endswith("_id") else "1")

    url = re.sub(r"{([^}]+)}", fill, route.path)
    kwargs: dict[str, Any] = {}
    body = route.body_field
    if body is not None and method != "GET":
        annotation = getattr(body.field_info, "annotation", None)
        model = getattr(annotation, "__name__", "")
        if any(p.field_info.annotation is UploadFile for p in route.dependant.body_params):
            kwargs["files"] = {"file": ("x.csv", BOB_CSV.replace(MARKER, "hijack"), "text/csv")}
        elif model in JSON_BODIES:
            kwargs["json"] = JSON_BODIES[model]
        elif route.dependant.body_params and all(
            type(p.field_info).__name__ == "Form" for p in route.dependant.body_params
        ):
            kwargs["data"] = {**FORM, "diary_id": server.ids["diary_id"]}
        else:
            kwargs["data"] = {**FORM, "diary_id": server.ids["diary_id"]}
    return client.request(method, url, **kwargs)


def test_every_route_reaches_data_only_through_access_checks(server: Server) -> None:
    routes = _routes(server)
    assert len(routes) > 40
    for route in routes:
        gated = _calls(route.dependant) & GATES
        assert gated or route.path in NO_DIARY, (
            f"{sorted(route.methods)} {route.path} reaches no diary through services.access "
            "(depend on Ctx/Holder/Reads or require_login) and is not listed in NO_DIARY"
        )


def test_anonymous_requests_are_refused_everywhere_but_public_routes(server: Server) -> None:
    anonymous = server.client(None)
    for route in _routes(server):
        if route.path in PUBLIC:
            continue
        for method in route.methods:
            response = _request(server, anonymous, route, method)
            assert response.status_code in (401, 303), (method, route.path, response.text[:200])
            if response.status_code == 303:
                assert response.headers["location"].startswith("/login?next=")
    assert server.client(None).get("/openapi.json").status_code in (401, 303, 404)
    assert server.client(None).get("/api/v1/openapi.json").status_code == 401


@pytest.mark.parametrize(
    "who", ["ann", "doc", "doc2-revoked", "root"],
    ids=["another person", "clinician without share", "clinician after revocation", "admin"],
)  # fmt: skip
def test_nobody_else_reads_or_changes_bobs_diary(server: Server, who: str) -> None:
    """Every route, every method, with Bob's ids in the path: Bob's data stays unseen and
    unchanged (an admin may disable Bob's account, never read his diary)."""
    before = server.bob_snapshot()
    name = who.split("-")[0]
    if who == "doc2-revoked":
        bob = server.session("bob")
        from gutbrain.services import access

        access.revoke_share(server.store, bob, access.my_shares(server.store, bob)[0].id)
        before = server.bob_snapshot()
    for route in _routes(server):
        if route.path in ("/logout", "/logout/everywhere"):
            continue  # end only the caller's session; covered in test_server_mode.py
        for method in sorted(route.methods):
            clinician = name.startswith("doc")
            client = server.client(name, viewing=server.users["bob"].diary_id if clinician else None,
                                   force=True)  # fmt: skip
            response = _request(server, client, route, method)
            assert response.status_code < 500, (method, route.path, response.text[:300])
            shown = response.text.lower() + response.headers.get("location", "").lower()
            assert MARKER not in shown, (who, method, route.path)
            if name != "root":
                assert server.bob_snapshot() == before, (who, method, route.path)
            else:
                after = server.bob_snapshot()
                ignored = ("user", "sessions")
                if route.path.endswith("/disable"):  # disabling Bob revokes his links too
                    assert all("None" not in link for link in after["links"])
                    before["links"] = after["links"]
                assert {k: v for k, v in after.items() if k not in ignored} == {
                    k: v for k, v in before.items() if k not in ignored
                }, (method, route.path)


def test_a_clinician_reads_a_shared_diary_but_cannot_change_it(server: Server) -> None:
    bob_diary = server.users["bob"].diary_id
    client = server.client("doc2", viewing=bob_diary)
    assert MARKER in client.get("/api/v1/entries").text
    assert MARKER in client.get("/diary").text
    before = server.bob_snapshot()
    token = server.csrf(client)
    for route in _routes(server):
        if route.path in ("/logout", "/logout/everywhere"):
            continue
        for method in sorted(route.methods - {"GET", "HEAD"}):
            client.headers["X-CSRF-Token"] = token
            response = _request(server, client, route, method)
            assert response.status_code < 500, (method, route.path, response.text[:300])
            assert server.bob_snapshot() == before, (method, route.path)
