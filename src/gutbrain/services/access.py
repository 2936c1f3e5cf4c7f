"""Who may read or change which diary: the one place server mode decides access.

* a person reads and changes their own diary, and only it;
* a clinician reads (never changes) a diary while its owner shares it with them;
* an admin manages users and reads no diary content;
* a share link shows the read-only report of one diary until it expires or is revoked.

Every read by someone other than the owner is written to the audit log.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

from gutbrain.domain.accounts import AccessDeniedError, AuditEvent, Role, Share, ShareLink, User
from gutbrain.domain.entries import Diary
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.services.accounts import LoginSession, accounts, find_user, now_utc, token_hash
from gutbrain.services.diary import Context
from gutbrain.store import Store

#: Longest a share link may live; a clinician's next appointment is rarely further away.
MAX_LINK_DAYS = 90


def diary_for(store: Store, session: LoginSession, *, write: bool, what: str = "") -> Diary:
    """The diary this login acts on, if it may (``write``: it is about to change it).

    Raises ``AccessDeniedError`` otherwise. ``what`` (the route) goes into the audit log for a
    clinician's reads.
    """
    user = session.user
    if user.role is Role.ADMIN:
        raise AccessDeniedError("an admin account manages users and sees no diary")
    if user.role is Role.PERSON:
        if user.diary_id is None:
            raise AccessDeniedError("this account has no diary")
        return store.get_diary(user.diary_id)
    if session.viewing is None:
        raise AccessDeniedError("choose a diary shared with you first (Account page)")
    if write:
        raise AccessDeniedError("a shared diary is read-only")
    if not _is_shared(store, session.viewing, user):
        raise AccessDeniedError("this diary is not shared with you (any more)")
    accounts(store).audit(str(user.id), "read", session.viewing, what, now_utc())
    return store.get_diary(session.viewing)


def _is_shared(store: Store, diary_id: uuid.UUID, clinician: User) -> bool:
    return any(
        s.diary_id == diary_id
        for s in accounts(store).shares(clinician_id=clinician.id, active_only=True)
    )


def context_for(base: Context, diary: Diary) -> Context:
    """A service context on ``diary`` sharing the server's one store."""
    return replace(base, diary=diary)


def _own_diary(session: LoginSession) -> uuid.UUID:
    if session.user.role is not Role.PERSON or session.user.diary_id is None:
        raise AccessDeniedError("only a person with a diary can share it")
    return session.user.diary_id


# -- clinician view ----------------------------------------------------------------------
def view_shared(store: Store, session: LoginSession, diary_id: uuid.UUID | None) -> None:
    """A clinician switches to reading a diary shared with them (None: stop)."""
    if session.user.role is not Role.CLINICIAN:
        raise AccessDeniedError("only a clinician reads diaries shared with them")
    if diary_id is not None and not _is_shared(store, diary_id, session.user):
        raise AccessDeniedError("this diary is not shared with you")
    accounts(store).set_viewing(session.token_hash, diary_id)


def shared_with_me(store: Store, session: LoginSession) -> list[Share]:
    if session.user.role is not Role.CLINICIAN:
        return []
    return accounts(store).shares(clinician_id=session.user.id, active_only=True)


# -- shares ------------------------------------------------------------------------------
def share_with(store: Store, session: LoginSession, clinician_email: str) -> Share:
    diary_id = _own_diary(session)
    try:
        clinician = find_user(store, clinician_email)
    except GutbrainError:
        clinician = None
    if clinician is None or clinician.role is not Role.CLINICIAN or clinician.disabled:
        raise GutbrainError(f"no clinician account {clinician_email.strip()}")
    acc = accounts(store)
    current = [
        s for s in acc.shares(diary_id=diary_id, active_only=True) if s.clinician_id == clinician.id
    ]
    if not current:
        acc.add_share(diary_id, clinician.id, now_utc())
        acc.audit(str(session.user.id), "share.add", diary_id, str(clinician.id), now_utc())
    return next(
        s for s in acc.shares(diary_id=diary_id, active_only=True) if s.clinician_id == clinician.id
    )


def my_shares(store: Store, session: LoginSession) -> list[Share]:
    return accounts(store).shares(diary_id=_own_diary(session), active_only=True)


def revoke_share(store: Store, session: LoginSession, share_id: uuid.UUID) -> None:
    diary_id = _own_diary(session)
    acc = accounts(store)
    if not acc.revoke_share(share_id, diary_id, now_utc()):
        raise NotFoundError("no such share")
    acc.audit(str(session.user.id), "share.revoke", diary_id, str(share_id), now_utc())


# -- share links -------------------------------------------------------------------------
def create_link(
    store: Store, session: LoginSession, *, days: int, label: str = ""
) -> tuple[ShareLink, str]:
    """A new read-only report link; the token is returned once and only its hash kept."""
    diary_id = _own_diary(session)
    if not 1 <= days <= MAX_LINK_DAYS:
        raise GutbrainError(f"a link lasts 1 to {MAX_LINK_DAYS} days")
    token = secrets.token_urlsafe(32)
    now = now_utc()
    acc = accounts(store)
    link = acc.add_link(
        diary_id, token_hash(token), label.strip()[:200], now, now + timedelta(days=days)
    )
    acc.audit(str(session.user.id), "link.add", diary_id, str(link.id), now)
    return link, token


def my_links(store: Store, session: LoginSession) -> list[ShareLink]:
    return accounts(store).links(_own_diary(session))


def revoke_link(store: Store, session: LoginSession, link_id: uuid.UUID) -> None:
    diary_id = _own_diary(session)
    acc = accounts(store)
    if not acc.revoke_link(link_id, diary_id, now_utc()):
        raise NotFoundError("no such link")
    acc.audit(str(session.user.id), "link.revoke", diary_id, str(link_id), now_utc())


def diary_for_link(store: Store, token: str, *, now: datetime | None = None) -> Diary:
    """The diary behind a share link, if the link is live (same answer for unknown, expired
    and revoked links, so a guess learns nothing)."""
    link = accounts(store).link_by_hash(token_hash(token))
    if link is None or not link.usable_at(now or now_utc()):
        raise NotFoundError("this link does not exist, has expired or was revoked")
    accounts(store).audit(f"link:{link.id}", "read", link.diary_id, "report", now_utc())
    return store.get_diary(link.diary_id)


# -- audit -------------------------------------------------------------------------------
def audit_trail(store: Store, session: LoginSession, limit: int = 200) -> list[AuditEvent]:
    """A person sees who read their diary; an admin sees every event (ids, no content)."""
    acc = accounts(store)
    admin = session.user.role is Role.ADMIN
    events = (
        acc.audit_events(limit=limit)
        if admin
        else acc.audit_events(diary_id=_own_diary(session), limit=limit)
    )
    return _named(store, events, labels=not admin)


def _named(store: Store, events: list[AuditEvent], *, labels: bool) -> list[AuditEvent]:
    """Actors by email (a user) instead of ids, for people to read; a share link by the label
    its owner gave it only for the owner (``labels``): an admin sees ``link:<id>``, never
    what a person wrote."""
    acc = accounts(store)
    names = {str(u.id): u.email for u in acc.list_users()}
    diaries = {e.diary_id for e in events if e.diary_id is not None} if labels else set()
    for diary_id in diaries:
        names |= {f"link:{x.id}": f"report link {x.label or 'without a name'}"
                  for x in acc.links(diary_id)}  # fmt: skip
    return [replace(e, actor=names.get(e.actor, e.actor)) for e in events]


def require_admin(session: LoginSession) -> None:
    if session.user.role is not Role.ADMIN:
        raise AccessDeniedError("only an admin manages users")


# -- admin -------------------------------------------------------------------------------
def admin_users(store: Store, session: LoginSession) -> list[User]:
    require_admin(session)
    return accounts(store).list_users()


def admin_add_user(
    store: Store, session: LoginSession, email: str, password: str, role: Role, timezone: str
) -> User:
    from gutbrain.services.accounts import add_user

    require_admin(session)
    return add_user(store, email, password, role, timezone=timezone, actor=str(session.user.id))


def admin_set_disabled(
    store: Store, session: LoginSession, user_id: uuid.UUID, disabled: bool
) -> User:
    """Disable (ending its sessions) or enable an account; never one's own."""
    require_admin(session)
    if user_id == session.user.id:
        raise GutbrainError("you cannot disable your own account")
    acc = accounts(store)
    user = acc.get_user(user_id)
    acc.set_disabled(user.id, disabled, now_utc())
    action = "user.disable" if disabled else "user.enable"
    acc.audit(str(session.user.id), action, None, str(user.id), now_utc())
    return acc.get_user(user.id)
