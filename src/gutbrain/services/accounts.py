"""Server-mode accounts: create, list and disable users, check passwords, log in and out.

Passwords are hashed with argon2id (argon2-cffi's defaults follow RFC 9106's recommended
profile); only the hash is stored and nothing here logs a password or a token.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from gutbrain.domain.accounts import AuthenticationError, Role, User
from gutbrain.domain.errors import GutbrainError
from gutbrain.store import Store
from gutbrain.store.accounts import AccountStore

#: How long a login lasts before the person signs in again.
SESSION_LIFETIME = timedelta(days=7)
MIN_PASSWORD_LENGTH = 10
_HASHER = PasswordHasher()
#: Verified against when the email is unknown, so a wrong email costs as long as a wrong
#: password (no user enumeration by timing).
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


def now_utc() -> datetime:
    """Naive UTC, as every table stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def token_hash(token: str) -> str:
    """What is stored for a session or link token (SHA-256: the token itself has 256 bits)."""
    return hashlib.sha256(token.encode()).hexdigest()


def normal_email(email: str) -> str:
    text = email.strip().lower()
    local, _, domain = text.partition("@")
    if not local or "." not in domain or len(text) > 254 or any(c.isspace() for c in text):
        raise GutbrainError(f"{email!r} is not an email address")
    return text


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise GutbrainError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1024:
        raise GutbrainError("a password may have at most 1024 characters")


def hash_password(password: str) -> str:
    check_password_strength(password)
    return _HASHER.hash(password)


def accounts(store: Store) -> AccountStore:
    return AccountStore(store)


def add_user(
    store: Store,
    email: str,
    password: str,
    role: Role = Role.PERSON,
    *,
    timezone: str = "UTC",
    actor: str = "cli",
) -> User:
    """Create a user; a person gets their own, new diary."""
    address = normal_email(email)
    hashed = hash_password(password)
    acc = accounts(store)
    if acc.user_by_email(address) is not None:
        raise GutbrainError(f"there is already a user {address}")
    diary_id = None
    if role is Role.PERSON:
        diary_id = store.get_or_create_diary(f"user-{uuid.uuid4()}", timezone).id
    user = acc.add_user(address, hashed, role, diary_id, now_utc())
    acc.audit(actor, "user.add", None, f"{user.id} {role.value}", now_utc())
    return user


def list_users(store: Store) -> list[User]:
    return accounts(store).list_users()


def find_user(store: Store, email: str) -> User:
    found = accounts(store).user_by_email(normal_email(email))
    if found is None:
        raise GutbrainError(f"no user {email.strip()}")
    return found[0]


def set_disabled(store: Store, email: str, disabled: bool = True, *, actor: str = "cli") -> User:
    """Disable (ending every session and revoking every report link at once) or enable a
    user; their diary is kept."""
    user = find_user(store, email)
    acc = accounts(store)
    acc.set_disabled(user.id, disabled, now_utc())
    acc.audit(actor, "user.disable" if disabled else "user.enable", None, str(user.id), now_utc())
    return acc.get_user(user.id)


def reset_password(store: Store, email: str, password: str, *, actor: str = "cli") -> User:
    """Set a new password (a forgotten one) and end every session of the account."""
    user = find_user(store, email)
    acc = accounts(store)
    acc.set_password_hash(user.id, hash_password(password))
    acc.delete_sessions(user.id)
    acc.audit(actor, "password.reset", None, str(user.id), now_utc())
    return user


def delete_user(store: Store, email: str, *, actor: str = "cli") -> User:
    """Delete an account for good; a person's diary and everything in it goes too."""
    user = find_user(store, email)
    acc = accounts(store)
    acc.delete_user(user.id)
    acc.audit(actor, "user.delete", user.diary_id, str(user.id), now_utc())
    return user


def authenticate(store: Store, email: str, password: str) -> User:
    """The user with this email and password, else ``AuthenticationError`` (same message
    whether the email is unknown, the password wrong or the account disabled)."""
    try:
        address = normal_email(email)
    except GutbrainError:
        address = ""
    found = accounts(store).user_by_email(address) if address else None
    stored = found[1] if found else _DUMMY_HASH
    ok: bool
    try:
        ok = _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or found is None or found[0].disabled:
        raise AuthenticationError("wrong email or password")
    user = found[0]
    if _HASHER.check_needs_rehash(stored):
        accounts(store).set_password_hash(user.id, _HASHER.hash(password))
    return user


def change_password(store: Store, user: User, old: str, new: str) -> None:
    """Change a password and end every other session (the caller starts a new one)."""
    authenticate(store, user.email, old)
    acc = accounts(store)
    acc.set_password_hash(user.id, hash_password(new))
    acc.delete_sessions(user.id)
    acc.audit(str(user.id), "password.change", None, "", now_utc())


@dataclass(frozen=True, slots=True)
class LoginSession:
    """A live login: the user and, for a clinician, the shared diary they are reading."""

    token_hash: str
    user: User
    viewing: uuid.UUID | None


def start_session(store: Store, user: User) -> str:
    """A new session token (returned once; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    now = now_utc()
    acc = accounts(store)
    acc.delete_sessions(user.id, now=now)  # tidy up expired ones while here
    acc.add_session(token_hash(token), user.id, now, now + SESSION_LIFETIME)
    acc.audit(str(user.id), "login", None, "", now)
    return token


def resume_session(store: Store, token: str) -> LoginSession | None:
    hashed = token_hash(token)
    found = accounts(store).session_user(hashed, now_utc())
    return None if found is None else LoginSession(hashed, found[0], found[1])


def reload_session(store: Store, session: LoginSession) -> LoginSession | None:
    """The same login read again (after the clinician chose another diary), if still live."""
    found = accounts(store).session_user(session.token_hash, now_utc())
    return None if found is None else LoginSession(session.token_hash, found[0], found[1])


def end_session(store: Store, session: LoginSession, *, everywhere: bool = False) -> None:
    """Log out here, or on every device (every session of the user ends)."""
    acc = accounts(store)
    if everywhere:
        acc.delete_sessions(session.user.id)
    else:
        acc.delete_session(session.token_hash)
    acc.audit(str(session.user.id), "logout.all" if everywhere else "logout", None, "", now_utc())
