"""Server-mode people: users with one role each, shares of a diary with a clinician, read-only
share links, and the audit trail. Local mode uses none of this (one file, no account).

The model, kept deliberately small (cohort mode and backups read it too):

* a **person** owns exactly one diary (``User.diary_id``);
* a **clinician** owns no diary and reads the diaries people have shared with them
  (a ``Share`` row, until it is revoked);
* an **admin** manages users and owns and reads no diary at all;
* a **share link** gives anyone holding it the read-only report of one diary until it expires
  or is revoked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gutbrain.domain.errors import GutbrainError


class Role(StrEnum):
    PERSON = "person"
    CLINICIAN = "clinician"
    ADMIN = "admin"


class AccessDeniedError(GutbrainError):
    """The signed-in user may not do this (shown as 403, or 404 where existence is private)."""


class AuthenticationError(GutbrainError):
    """Wrong email or password, a disabled account, or an expired session."""


@dataclass(frozen=True, slots=True)
class User:
    id: uuid.UUID
    email: str
    role: Role
    diary_id: uuid.UUID | None
    disabled: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Share:
    """A person's diary shared with a clinician (read-only) until ``revoked_at``."""

    id: uuid.UUID
    diary_id: uuid.UUID
    clinician_id: uuid.UUID
    clinician_email: str
    owner_email: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class ShareLink:
    """A read-only link to one diary's report; only a hash of its token is stored."""

    id: uuid.UUID
    diary_id: uuid.UUID
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def usable_at(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: datetime
    actor: str
    action: str
    diary_id: uuid.UUID | None
    detail: str
