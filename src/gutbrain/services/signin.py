"""Sign-in and password change that hold a flood.

* **Limits counted before the hash**, in the database (every server process shares them):
  30 failures per client network in 15 minutes, 5 per account from one network, 50 per
  account from everywhere without a trusted device (OWASP authentication cheat sheet;
  argon2id costs ~64 MiB and ~50 ms per try, so an uncounted burst is the attack).
* **A bounded pool for hashing**: ``HASH_SLOTS`` verifications at a time (plus
  ``DEVICE_SLOTS`` kept for trusted devices); a request finding no free slot is refused at
  once (503), never queued, so memory stays bounded and the health check answers.
* **No lockout an attacker can turn against the owner**: a browser that signed in before
  carries a *device cookie* (OWASP "slow down online guessing attacks with device
  cookies"); its attempts are counted on that device only, so failures from elsewhere —
  however many — never lock the owner's own browser out.
"""

from __future__ import annotations

import hashlib
import ipaddress
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from gutbrain.domain.accounts import AuthenticationError, User
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import accounts
from gutbrain.store import Store
from gutbrain.store.rate_limits import RateStore

WINDOW = timedelta(minutes=15)
PER_ADDRESS = 30
PER_ACCOUNT_ADDRESS = 5
PER_ACCOUNT = 50
PER_DEVICE = 5
PER_PASSWORD_CHANGE = 5
HASH_SLOTS = 2
DEVICE_SLOTS = 1


class RateLimitedError(GutbrainError):
    """Too many failures under one of the keys: try again in ``retry_after`` seconds."""

    http_status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; try again in {retry_after // 60 + 1} min")
        self.retry_after = retry_after


class BusyError(GutbrainError):
    """Every hashing slot is taken (a flood): try again in a second."""

    http_status = 503
    retry_after = 1

    def __init__(self) -> None:
        super().__init__("the server is busy checking other sign-ins; try again in a moment")


class HashPool:
    """Non-blocking slots for password hashing: general ones and ones kept for devices."""

    def __init__(self, general: int = HASH_SLOTS, devices: int = DEVICE_SLOTS) -> None:
        self._general = threading.BoundedSemaphore(general)
        self._devices = threading.BoundedSemaphore(devices)

    @contextmanager
    def slot(self, trusted: bool) -> Iterator[None]:
        pools = (self._devices, self._general) if trusted else (self._general,)
        for pool in pools:
            if pool.acquire(blocking=False):
                try:
                    yield
                finally:
                    pool.release()
                return
        raise BusyError()


def network(address: str) -> str:
    """The client's network: the address for IPv4, its /64 for IPv6 (one subscriber)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def account_key(email: str) -> str:
    """A digest of the normalised email (limit keys never hold an email)."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who is trying: the email typed, the client address, and the device id of a valid
    device cookie issued to this same account (None: an unknown browser)."""

    email: str
    address: str
    device: str | None = None

    def keys(self) -> list[tuple[str, int]]:
        if self.device is not None:
            return [(f"device:{self.device}", PER_DEVICE)]
        net, acct = network(self.address), account_key(self.email)
        return [
            (f"addr:{net}", PER_ADDRESS),
            (f"acct:{acct}@{net}", PER_ACCOUNT_ADDRESS),
            (f"acct:{acct}", PER_ACCOUNT),
        ]


def retry_after(store: Store, keys: list[tuple[str, int]]) -> int:
    """Seconds until every key is under its limit again (0: go ahead)."""
    now = accounts.now_utc()
    counts = RateStore(store).counts([k for k, _ in keys], now - WINDOW)
    wait = 0.0
    for key, limit in keys:
        n, oldest = counts.get(key, (0, now))
        if n >= limit:
            wait = max(wait, (oldest + WINDOW - now).total_seconds())
    return int(wait) + 1 if wait > 0 else 0


def _counted(store: Store, keys: list[tuple[str, int]]) -> None:
    """Refuse over a limit, else count this attempt now, before any hash is computed."""
    wait = retry_after(store, keys)
    if wait:
        raise RateLimitedError(wait)
    rates = RateStore(store)
    now = accounts.now_utc()
    rates.add([k for k, _ in keys], now)
    if now.second == 0:  # about once a minute: forget events older than the window
        rates.prune(now - WINDOW)


def sign_in(store: Store, pool: HashPool, attempt: Attempt, password: str) -> User:
    """The user, or ``AuthenticationError`` / ``RateLimitedError`` / ``BusyError``."""
    keys = attempt.keys()
    wait = retry_after(store, keys)  # a limited attempt gets 429 even while the pool is full
    if wait:
        raise RateLimitedError(wait)
    with pool.slot(trusted=attempt.device is not None):
        _counted(store, keys)
        user = accounts.authenticate(store, attempt.email, password)
    # the owner is in: their own network's (or device's) failures are forgiven
    RateStore(store).clear([k for k, _ in keys if not k.startswith(("acct:", "addr:")) or "@" in k])
    return user


def change_password(store: Store, pool: HashPool, user: User, old: str, new: str) -> None:
    """Change a password under the same rules: counted before the hash, 5 tries per 15 min."""
    keys = [(f"password:{user.id}", PER_PASSWORD_CHANGE)]
    with pool.slot(trusted=True):
        _counted(store, keys)
        try:
            accounts.change_password(store, user, old, new)
        except AuthenticationError:
            accounts.accounts(store).audit(
                str(user.id), "password.change.failed", user.diary_id, "", accounts.now_utc()
            )
            raise
    RateStore(store).clear([k for k, _ in keys])


def known_account(store: Store, email: str) -> User | None:
    """The account an email names, if any (for the security log: the id, never the email)."""
    try:
        found = accounts.accounts(store).user_by_email(accounts.normal_email(email))
    except GutbrainError:
        return None
    return found[0] if found else None
