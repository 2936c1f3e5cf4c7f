"""Accounts, shares, links and the access rules, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from gutbrain.domain.accounts import AccessDeniedError, AuthenticationError, Role
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.services import access, accounts
from gutbrain.store import Store, open_store

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'server.sqlite'}")
        yield opened
        opened.close()
        return
    url: str = request.getfixturevalue("pg_schema_url")
    opened = open_store(url)
    yield opened
    opened.close()


def _login(store: Store, email: str) -> accounts.LoginSession:
    user = accounts.authenticate(store, email, PASSWORD)
    found = accounts.resume_session(store, accounts.start_session(store, user))
    assert found is not None
    return found


def test_passwords_are_argon2id_hashes_never_clear_text(store: Store) -> None:
    accounts.add_user(store, "Ann@Example.org", PASSWORD)
    with store.engine.connect() as conn:
        (stored,) = conn.execute(text("SELECT password_hash FROM users")).one()
        dump = "\n".join(
            str(r)
            for t in ("users", "login_sessions", "audit_log")
            for r in conn.execute(text(f"SELECT * FROM {t}"))
        )
    assert stored.startswith("$argon2id$") and PASSWORD not in dump
    assert accounts.authenticate(store, " ann@example.ORG", PASSWORD).email == "ann@example.org"
    for email, password in (("ann@example.org", "wrong password!"), ("nobody@x.org", PASSWORD)):
        with pytest.raises(AuthenticationError, match="wrong email or password"):
            accounts.authenticate(store, email, password)
    with pytest.raises(GutbrainError, match="already"):
        accounts.add_user(store, "ann@example.org", PASSWORD)
    with pytest.raises(GutbrainError, match="at least"):
        accounts.add_user(store, "bob@example.org", "short")


def test_disable_and_logout_everywhere_end_sessions(store: Store) -> None:
    accounts.add_user(store, "ann@example.org", PASSWORD)
    first, second = _login(store, "ann@example.org"), _login(store, "ann@example.org")
    accounts.end_session(store, first)
    assert accounts.resume_session(store, "not a token") is None
    third = _login(store, "ann@example.org")
    accounts.end_session(store, third, everywhere=True)
    assert accounts.accounts(store).session_user(second.token_hash, accounts.now_utc()) is None
    fourth = _login(store, "ann@example.org")
    accounts.set_disabled(store, "ann@example.org")
    assert accounts.accounts(store).session_user(fourth.token_hash, accounts.now_utc()) is None
    with pytest.raises(AuthenticationError):
        accounts.authenticate(store, "ann@example.org", PASSWORD)


def test_roles_shares_and_revocation(store: Store) -> None:
    accounts.add_user(store, "ann@example.org", PASSWORD)
    accounts.add_user(store, "bob@example.org", PASSWORD)
    accounts.add_user(store, "doc@example.org", PASSWORD, Role.CLINICIAN)
    accounts.add_user(store, "root@example.org", PASSWORD, Role.ADMIN)
    ann, bob = _login(store, "ann@example.org"), _login(store, "bob@example.org")
    doc, root = _login(store, "doc@example.org"), _login(store, "root@example.org")
    assert access.diary_for(store, ann, write=True).id == ann.user.diary_id
    assert access.diary_for(store, bob, write=False).id != ann.user.diary_id
    with pytest.raises(AccessDeniedError, match="admin"):
        access.diary_for(store, root, write=False)
    with pytest.raises(AccessDeniedError):
        access.view_shared(store, doc, ann.user.diary_id)
    with pytest.raises(GutbrainError, match="no clinician"):
        access.share_with(store, ann, "bob@example.org")
    share = access.share_with(store, ann, "doc@example.org")
    access.view_shared(store, doc, ann.user.diary_id)
    reloaded = accounts.reload_session(store, doc)  # re-read: viewing is set
    assert reloaded is not None
    doc = reloaded
    assert access.diary_for(store, doc, write=False, what="/calendar").id == ann.user.diary_id
    with pytest.raises(AccessDeniedError, match="read-only"):
        access.diary_for(store, doc, write=True)
    with pytest.raises(NotFoundError):
        access.revoke_share(store, bob, share.id)  # not bob's to revoke
    access.revoke_share(store, ann, share.id)
    with pytest.raises(AccessDeniedError, match="not shared"):
        access.diary_for(store, doc, write=False)
    trail = access.audit_trail(store, ann)
    assert any(
        e.action == "read" and e.detail == "/calendar" and e.actor == "doc@example.org"
        for e in trail
    )
    assert all(e.diary_id == ann.user.diary_id for e in trail)
    with pytest.raises(AccessDeniedError):
        access.require_admin(ann)


def test_share_links_expire_and_revoke(store: Store) -> None:
    accounts.add_user(store, "ann@example.org", PASSWORD)
    accounts.add_user(store, "bob@example.org", PASSWORD)
    ann, bob = _login(store, "ann@example.org"), _login(store, "bob@example.org")
    link, token = access.create_link(store, ann, days=7, label="Dr Who")
    assert access.diary_for_link(store, token).id == ann.user.diary_id
    with pytest.raises(NotFoundError):
        access.diary_for_link(store, token, now=link.expires_at + timedelta(seconds=1))
    with pytest.raises(NotFoundError):
        access.diary_for_link(store, token + "x")
    with pytest.raises(NotFoundError):
        access.revoke_link(store, bob, link.id)
    access.revoke_link(store, ann, link.id)
    with pytest.raises(NotFoundError):
        access.diary_for_link(store, token)
    with pytest.raises(GutbrainError, match="1 to 90"):
        access.create_link(store, ann, days=365)
    assert [x.id for x in access.my_links(store, ann)] == [link.id]
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM share_links")).scalar()
    assert stored != token and token not in str(stored)


def test_unknown_token_and_user_ids_are_not_found(store: Store) -> None:
    assert accounts.resume_session(store, uuid.uuid4().hex) is None
    with pytest.raises(GutbrainError, match="no user"):
        accounts.set_disabled(store, "ghost@example.org")
