"""Server mode: sign in (rate-limited), sign out here or everywhere, the session as JSON,
and the health check. Installed by ``web/multiuser.py`` only."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.accounts import AuthenticationError, Role
from gutbrain.services import accounts
from gutbrain.web.jsonlog import log_event
from gutbrain.web.multiuser import SESSION_COOKIE, csrf_token, current_login, set_session_cookie
from gutbrain.web.render import page, redirect

router = APIRouter()
#: Failed sign-ins allowed per window: per account (guessing one password) and per client
#: address (spraying many accounts); OWASP's authentication cheat sheet asks for both.
WINDOW_S = 15 * 60
PER_ACCOUNT = 5
PER_ADDRESS = 30


class LoginLimiter:
    """Failed attempts in the last ``WINDOW_S`` seconds, per key (kept in this process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fails: dict[str, deque[float]] = {}

    def retry_after(self, keys: list[tuple[str, int]]) -> int:
        """Seconds until every key is under its limit again (0: go ahead)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key, limit in keys:
                q = self._fails.get(key)
                while q and q[0] <= now - WINDOW_S:
                    q.popleft()
                if q and len(q) >= limit:
                    wait = max(wait, q[0] + WINDOW_S - now)
        return int(wait) + (1 if wait else 0)

    def failed(self, keys: list[tuple[str, int]]) -> None:
        with self._lock:
            for key, _ in keys:
                self._fails.setdefault(key, deque()).append(time.monotonic())

    def succeeded(self, account_key: str) -> None:
        with self._lock:
            self._fails.pop(account_key, None)


def _limiter(request: Request) -> LoginLimiter:
    state = request.app.state
    if not hasattr(state, "login_limiter"):
        state.login_limiter = LoginLimiter()
    limiter: LoginLimiter = state.login_limiter
    return limiter


def _next_url(value: str) -> str:
    """Only a path on this site (never ``//evil.example`` or ``https://…``)."""
    return value if value.startswith("/") and not value.startswith(("//", "/\\")) else ""


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "") -> HTMLResponse:
    return page(request, None, "login.html", title="Sign in", active="", next=_next_url(next))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    address = request.client.host if request.client else "?"
    keys = [(f"account:{email.strip().lower()}", PER_ACCOUNT), (f"address:{address}", PER_ADDRESS)]
    limiter = _limiter(request)
    wait = limiter.retry_after(keys)
    if wait:
        log_event("login.limited", retry_after=wait)
        response: Response = page(
            request, None, "login.html", title="Sign in", active="", next=_next_url(next),
            status_code=429,
            flashes=[("error", f"Too many failed sign-ins. Try again in {wait // 60 + 1} min.")],
        )  # fmt: skip
        response.headers["Retry-After"] = str(wait)
        return response
    store = request.app.state.holder.store
    try:
        user = accounts.authenticate(store, email, password)
    except AuthenticationError:
        limiter.failed(keys)
        log_event("login.failed")
        return page(
            request, None, "login.html", title="Sign in", active="", next=_next_url(next),
            status_code=401, flashes=[("error", "Wrong email or password.")],
        )  # fmt: skip
    limiter.succeeded(keys[0][0])
    token = accounts.start_session(store, user)
    log_event("login", user=str(user.id))
    home = {Role.ADMIN: "/admin", Role.CLINICIAN: "/account"}.get(user.role, "/")
    return set_session_cookie(redirect(_next_url(next) or home), request, token)


def _logout(request: Request, everywhere: bool) -> Response:
    login = current_login(request)
    if login is not None:
        accounts.end_session(request.app.state.holder.store, login, everywhere=everywhere)
    response = redirect("/login", "Signed out everywhere." if everywhere else "Signed out.")
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    return _logout(request, everywhere=False)


@router.post("/logout/everywhere", include_in_schema=False)
def logout_everywhere(request: Request) -> Response:
    """End every session of this account (every browser and device)."""
    return _logout(request, everywhere=True)


@router.get("/api/v1/session", tags=["session"], response_model=dict[str, Any])
def session_json(request: Request) -> dict[str, Any]:
    """Who is signed in, and the CSRF token a non-browser client sends as ``X-CSRF-Token``."""
    login = current_login(request)
    if login is None:
        raise AuthenticationError("sign in first")
    return {
        "email": login.user.email,
        "role": login.user.role.value,
        "viewing_diary": str(login.viewing) if login.viewing else None,
        "csrf_token": csrf_token(request.app.state.server.secret_key, login),
    }
