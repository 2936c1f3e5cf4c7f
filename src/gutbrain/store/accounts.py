"""Reads and writes of the server-mode tables (users, sessions, shares, links, audit).

Plain data access: *who may* call what is decided in ``gutbrain.services.access``.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from gutbrain.domain.accounts import AuditEvent, Role, Share, ShareLink, User
from gutbrain.domain.errors import GutbrainError, NotFoundError
from gutbrain.store.account_tables import (
    AuditRow,
    SessionRow,
    ShareLinkRow,
    ShareRow,
    UserRow,
)
from gutbrain.store.repo import Store
from gutbrain.store.tables import DiaryRow


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        role=Role(row.role),
        diary_id=row.diary_id,
        disabled=row.disabled,
        created_at=row.created_at,
    )


def _link(row: ShareLinkRow) -> ShareLink:
    return ShareLink(
        id=row.id,
        diary_id=row.diary_id,
        label=row.label,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
    )


class AccountStore:
    """The account tables of one database (wraps the diary ``Store``'s engine)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- users -------------------------------------------------------------------------
    def add_user(
        self, email: str, password_hash: str, role: Role, diary_id: uuid.UUID | None, now: datetime
    ) -> User:
        row = UserRow(
            id=uuid.uuid4(),
            email=email,
            password_hash=password_hash,
            role=role.value,
            diary_id=diary_id,
            disabled=False,
            created_at=now,
        )
        try:
            with self.store.session() as s:
                s.add(row)
        except IntegrityError as exc:
            raise GutbrainError(f"there is already a user {email}") from exc
        return _user(row)

    def get_user(self, user_id: uuid.UUID) -> User:
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise NotFoundError("no such user")
            return _user(row)

    def user_by_email(self, email: str) -> tuple[User, str] | None:
        """The user and their password hash."""
        with self.store.session() as s:
            row = s.scalar(select(UserRow).where(UserRow.email == email))
            return None if row is None else (_user(row), row.password_hash)

    def list_users(self) -> list[User]:
        with self.store.session() as s:
            return [_user(r) for r in s.scalars(select(UserRow).order_by(UserRow.email))]

    def set_disabled(self, user_id: uuid.UUID, disabled: bool, now: datetime | None = None) -> None:
        """Disabling also ends every session and revokes every report link of the user's
        diary, in one transaction (enabling again brings neither back)."""
        with self.store.session() as s:
            s.execute(update(UserRow).where(UserRow.id == user_id).values(disabled=disabled))
            if disabled:
                s.execute(delete(SessionRow).where(SessionRow.user_id == user_id))
                diary_id = s.scalar(select(UserRow.diary_id).where(UserRow.id == user_id))
                s.execute(
                    update(ShareLinkRow)
                    .where(ShareLinkRow.diary_id == diary_id, ShareLinkRow.revoked_at.is_(None))
                    .values(revoked_at=now or datetime.now(UTC).replace(tzinfo=None))
                )

    def set_password_hash(self, user_id: uuid.UUID, password_hash: str) -> None:
        with self.store.session() as s:
            s.execute(
                update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
            )

    def delete_user(self, user_id: uuid.UUID) -> None:
        """Remove a user and, for a person, their diary with everything in it (the database
        cascades to entries, shares, links, experiments, consent)."""
        with self.store.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                raise NotFoundError("no such user")
            diary_id = row.diary_id
            s.delete(row)
            s.flush()
            if diary_id is not None:
                s.execute(delete(DiaryRow).where(DiaryRow.id == diary_id))

    # -- login sessions ----------------------------------------------------------------
    def add_session(
        self, token_hash: str, user_id: uuid.UUID, now: datetime, until: datetime
    ) -> None:
        with self.store.session() as s:
            s.add(
                SessionRow(
                    token_hash=token_hash,
                    user_id=user_id,
                    viewing_diary_id=None,
                    created_at=now,
                    expires_at=until,
                )
            )

    def session_user(self, token_hash: str, now: datetime) -> tuple[User, uuid.UUID | None] | None:
        """The enabled user of a live session and the shared diary they are viewing."""
        with self.store.session() as s:
            found = s.execute(
                select(UserRow, SessionRow.viewing_diary_id)
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(
                    SessionRow.token_hash == token_hash,
                    SessionRow.expires_at > now,
                    UserRow.disabled.is_(False),
                )
            ).first()
            return None if found is None else (_user(found[0]), found[1])

    def set_viewing(self, token_hash: str, diary_id: uuid.UUID | None) -> None:
        with self.store.session() as s:
            s.execute(
                update(SessionRow)
                .where(SessionRow.token_hash == token_hash)
                .values(viewing_diary_id=diary_id)
            )

    def delete_session(self, token_hash: str) -> None:
        with self.store.session() as s:
            s.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash))

    def delete_sessions(self, user_id: uuid.UUID, now: datetime | None = None) -> int:
        """End every session of a user (or, with ``now``, only the expired ones of anyone)."""
        with self.store.session() as s:
            cond = SessionRow.user_id == user_id if now is None else SessionRow.expires_at <= now
            return int(s.execute(delete(SessionRow).where(cond)).rowcount or 0)  # type: ignore[attr-defined]

    # -- shares ------------------------------------------------------------------------
    def add_share(self, diary_id: uuid.UUID, clinician_id: uuid.UUID, now: datetime) -> uuid.UUID:
        share_id = uuid.uuid4()
        with self.store.session() as s:
            s.add(
                ShareRow(
                    id=share_id,
                    diary_id=diary_id,
                    clinician_id=clinician_id,
                    created_at=now,
                    revoked_at=None,
                )
            )
        return share_id

    def shares(
        self,
        *,
        diary_id: uuid.UUID | None = None,
        clinician_id: uuid.UUID | None = None,
        active_only: bool = False,
    ) -> list[Share]:
        clinician = aliased(UserRow)
        owner = aliased(UserRow)
        query = (
            select(ShareRow, clinician.email, owner.email)
            .join(clinician, clinician.id == ShareRow.clinician_id)
            .join(owner, owner.diary_id == ShareRow.diary_id)
            .order_by(ShareRow.created_at)
        )
        if diary_id is not None:
            query = query.where(ShareRow.diary_id == diary_id)
        if clinician_id is not None:
            query = query.where(ShareRow.clinician_id == clinician_id)
        if active_only:
            query = query.where(ShareRow.revoked_at.is_(None), owner.disabled.is_(False))
        with self.store.session() as s:
            return [
                Share(
                    id=r.id,
                    diary_id=r.diary_id,
                    clinician_id=r.clinician_id,
                    clinician_email=c,
                    owner_email=o,
                    created_at=r.created_at,
                    revoked_at=r.revoked_at,
                )
                for r, c, o in s.execute(query)
            ]

    def revoke_share(self, share_id: uuid.UUID, diary_id: uuid.UUID, now: datetime) -> bool:
        with self.store.session() as s:
            result = s.execute(
                update(ShareRow)
                .where(
                    ShareRow.id == share_id,
                    ShareRow.diary_id == diary_id,
                    ShareRow.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- share links -------------------------------------------------------------------
    def add_link(
        self, diary_id: uuid.UUID, token_hash: str, label: str, now: datetime, until: datetime
    ) -> ShareLink:
        row = ShareLinkRow(
            id=uuid.uuid4(),
            diary_id=diary_id,
            token_hash=token_hash,
            label=label,
            created_at=now,
            expires_at=until,
            revoked_at=None,
        )
        with self.store.session() as s:
            s.add(row)
        return _link(row)

    def link_by_hash(self, token_hash: str) -> ShareLink | None:
        with self.store.session() as s:
            row = s.scalar(select(ShareLinkRow).where(ShareLinkRow.token_hash == token_hash))
            return None if row is None else _link(row)

    def links(self, diary_id: uuid.UUID) -> list[ShareLink]:
        with self.store.session() as s:
            rows = s.scalars(
                select(ShareLinkRow)
                .where(ShareLinkRow.diary_id == diary_id)
                .order_by(ShareLinkRow.created_at)
            )
            return [_link(r) for r in rows]

    def revoke_link(self, link_id: uuid.UUID, diary_id: uuid.UUID, now: datetime) -> bool:
        with self.store.session() as s:
            result = s.execute(
                update(ShareLinkRow)
                .where(
                    ShareLinkRow.id == link_id,
                    ShareLinkRow.diary_id == diary_id,
                    ShareLinkRow.revoked_at.is_(None),
                )
                .values(revoked_at=now)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    # -- audit -------------------------------------------------------------------------
    def audit(
        self, actor: str, action: str, diary_id: uuid.UUID | None, detail: str, now: datetime
    ) -> None:
        with self.store.session() as s:
            s.add(
                AuditRow(
                    at=now,
                    actor=actor[:300],
                    action=action[:40],
                    diary_id=diary_id,
                    detail=detail[:500],
                )
            )

    def audit_events(self, diary_id: uuid.UUID | None = None, limit: int = 200) -> list[AuditEvent]:
        query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if diary_id is not None:
            query = query.where(AuditRow.diary_id == diary_id)
        with self.store.session() as s:
            return [
                AuditEvent(
                    at=r.at, actor=r.actor, action=r.action, diary_id=r.diary_id, detail=r.detail
                )
                for r in s.scalars(query)
            ]

    def count_audit(self) -> int:
        with self.store.session() as s:
            return int(s.scalar(select(func.count()).select_from(AuditRow)) or 0)
