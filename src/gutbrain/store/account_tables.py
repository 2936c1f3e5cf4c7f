"""Tables of server mode: users, login sessions, shares, share links, audit log.

Secrets are never stored: passwords as argon2id hashes, session and link tokens as SHA-256.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.tables import Base


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    #: The diary a person owns (clinicians and admins own none).
    diary_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("diaries.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SessionRow(Base):
    __tablename__ = "login_sessions"
    __table_args__ = (Index("ix_login_sessions_user", "user_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: The shared diary a clinician is reading (None: the user's own, if any).
    viewing_diary_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class ShareRow(Base):
    __tablename__ = "shares"
    __table_args__ = (
        Index("ix_shares_clinician", "clinician_id"),
        Index("ix_shares_diary", "diary_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    clinician_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ShareLinkRow(Base):
    __tablename__ = "share_links"
    __table_args__ = (Index("ix_share_links_diary", "diary_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AuditRow(Base):
    """Who did or read what, when. Kept when a diary or user goes (no foreign keys)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_diary_at", "diary_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(40))
    diary_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    detail: Mapped[str] = mapped_column(String(500), default="")
