"""A multi-user server with four accounts, for the server-mode tests (imported by them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from gutbrain.domain.accounts import Role, User
from gutbrain.services import access, accounts, transfer
from gutbrain.services import diary as svc
from gutbrain.services.accounts import LoginSession
from gutbrain.settings import Settings
from gutbrain.store import Store, open_store
from gutbrain.store.account_tables import SessionRow, ShareLinkRow, ShareRow, UserRow
from gutbrain.web.app import create_app
from gutbrain.web.multiuser import SESSION_COOKIE, ServerOptions, sign

PASSWORD = "correct horse battery"
SECRET = "s" * 48
ORIGIN = "http://testserver"
#: Appears only in Bob's diary: no response to anyone else may contain it.
MARKER = "bobsecret"
BOB_CSV = f"""start,kind,name,end,amount,unit,intensity,tags,notes
2026-10-01T08:00,food,{MARKER} stew,,200,g,,,{MARKER} notes
2026-10-01T14:00,attack,migraine,2026-10-01T18:00,,,6,aura,{MARKER} attack
2026-10-02T09:00,medication,ibuprofen,,400,mg,,acute,
2026-10-03T12:00,food,{MARKER} stew,,150,g,,,
"""


@dataclass
class Server:
    app: FastAPI
    store: Store
    users: dict[str, User]
    ids: dict[str, str]

    def session(self, who: str) -> LoginSession:
        token = accounts.start_session(self.store, self.users[who])
        found = accounts.resume_session(self.store, token)
        assert found is not None
        return found

    def client(
        self, who: str | None, *, viewing: uuid.UUID | None = None, force: bool = False
    ) -> TestClient:
        """A client signed in as ``who`` (a fresh session), sending same-origin headers;
        ``viewing`` a shared diary (``force``: written straight into the session row, as if
        the share had been revoked since)."""
        client = TestClient(self.app, base_url=ORIGIN, follow_redirects=False)
        client.headers["Origin"] = ORIGIN
        if who is None:
            return client
        token = accounts.start_session(self.store, self.users[who])
        if viewing is not None and force:
            accounts.accounts(self.store).set_viewing(accounts.token_hash(token), viewing)
        elif viewing is not None:
            found = accounts.resume_session(self.store, token)
            assert found is not None
            access.view_shared(self.store, found, viewing)
        client.cookies.set(SESSION_COOKIE, sign(SECRET, token))
        return client

    def csrf(self, client: TestClient) -> str:
        token: str = client.get("/api/v1/session").json()["csrf_token"]
        return token

    def bob_snapshot(self) -> dict[str, Any]:
        """Everything of Bob's that nobody else may change."""
        bob = self.users["bob"]
        assert bob.diary_id is not None
        ctx = svc.Context(
            settings=Settings(db_url="", timezone="UTC"), store=self.store,
            diary=self.store.get_diary(bob.diary_id),
        )  # fmt: skip
        queries = {
            "user": select(UserRow.email, UserRow.password_hash, UserRow.role, UserRow.disabled,
                           UserRow.diary_id).where(UserRow.id == bob.id),
            "shares": select(ShareRow.id, ShareRow.clinician_id, ShareRow.revoked_at).where(
                ShareRow.diary_id == bob.diary_id),
            "links": select(ShareLinkRow.id, ShareLinkRow.revoked_at, ShareLinkRow.expires_at)
            .where(ShareLinkRow.diary_id == bob.diary_id),
            "sessions": select(func.count()).select_from(SessionRow).where(
                SessionRow.user_id == bob.id),
        }  # fmt: skip
        with self.store.engine.connect() as conn:
            rows = {k: sorted(str(r) for r in conn.execute(q)) for k, q in queries.items()}
        return {"diary": transfer.export_json(ctx).split('"exported_at"')[0], **rows}


@dataclass(frozen=True)
class Seed:
    """A database with the five accounts and Bob's diary, built once per test session and
    copied for each test (argon2 hashing and migrations take seconds)."""

    url: str
    users: dict[str, User]
    ids: dict[str, str]


def seed_database(db_url: str) -> Seed:
    store = open_store(db_url)
    users = {
        "ann": accounts.add_user(store, "ann@example.org", PASSWORD, timezone="Europe/Berlin"),
        "bob": accounts.add_user(store, "bob@example.org", PASSWORD, timezone="Europe/Berlin"),
        "doc": accounts.add_user(store, "doc@example.org", PASSWORD, Role.CLINICIAN),
        "doc2": accounts.add_user(store, "doc2@example.org", PASSWORD, Role.CLINICIAN),
        "root": accounts.add_user(store, "root@example.org", PASSWORD, Role.ADMIN),
    }
    bob_diary = users["bob"].diary_id
    assert bob_diary is not None
    bob_ctx = svc.Context(
        settings=Settings(db_url=db_url, timezone="Europe/Berlin"), store=store,
        diary=store.get_diary(bob_diary),
    )  # fmt: skip
    transfer.import_csv(bob_ctx, BOB_CSV)
    svc.add_condition(bob_ctx, "hayfever")
    token = accounts.start_session(store, users["bob"])
    bob = accounts.resume_session(store, token)
    assert bob is not None
    share = access.share_with(store, bob, "doc2@example.org")
    link, _ = access.create_link(store, bob, days=7, label="Dr Two")
    accounts.end_session(store, bob)
    attack = svc.list_entries(bob_ctx, kinds=["attack"])[0]
    dose = svc.list_entries(bob_ctx, kinds=["medication"])[0]
    store.close()
    ids = {
        "entry_id": str(attack.id), "attack_id": str(attack.id), "dose_id": str(dose.id), "share_id": str(share.id),
        "link_id": str(link.id), "user_id": str(users["bob"].id), "diary_id": str(bob_diary),
        "token": "not-a-real-link-token", "year": "2026", "month": "10", "day": "2026-10-01",
        "name": "hayfever",
    }  # fmt: skip
    return Seed(db_url, users, ids)


def open_server(seed: Seed, db_url: str) -> Iterator[Server]:
    """The app on a copy (``db_url``) of the seeded database."""
    store = open_store(db_url)
    app = create_app(
        Settings(db_url=db_url, timezone="Europe/Berlin"), server=ServerOptions(SECRET)
    )
    server = Server(app=app, store=store, users=seed.users, ids=seed.ids)
    with TestClient(server.app):  # runs the app's start-up and shut-down
        yield server
    store.close()
