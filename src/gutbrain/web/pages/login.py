"""Server mode: sign in (limited, see ``services.signin``), sign out here or everywhere, and
the session as JSON. Installed by ``web/multiuser.py`` only."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from gutbrain.domain.accounts import AuthenticationError, Role, User
from gutbrain.services import accounts, signin
from gutbrain.web.jsonlog import log_event
from gutbrain.web.multiuser import (
    SESSION_COOKIE,
    csrf_token,
    current_login,
    purpose_mac,
    set_session_cookie,
)
from gutbrain.web.render import page, redirect

router = APIRouter()
#: A browser that signed in before: its sign-in attempts are counted on it alone, so a flood
#: from elsewhere never locks the owner out (``services.signin``).
DEVICE_COOKIE = "gb_device"
DEVICE_LIFETIME_S = 365 * 24 * 3600


def _pool(request: Request) -> signin.HashPool:
    pool: signin.HashPool = request.app.state.hash_pool
    return pool


def client_address(request: Request) -> str:
    """The client's address (the proxy's view of it only when ``--trusted-proxies`` says)."""
    return request.client.host if request.client else "?"


def _device_id(request: Request, user: User | None) -> str | None:
    """The device id in a valid device cookie issued to ``user``, else None."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or user is None:
        return None
    value, _, mac = raw.rpartition(".")
    secret = request.app.state.server.secret_key
    if not value or not hmac.compare_digest(mac, purpose_mac(secret, "device", value)):
        return None
    user_id, _, device = value.partition(":")
    return device if user_id == str(user.id) and device else None


def _set_device_cookie(response: Response, request: Request, user: User) -> None:
    value = f"{user.id}:{secrets.token_urlsafe(16)}"
    secret = request.app.state.server.secret_key
    response.set_cookie(
        DEVICE_COOKIE, f"{value}.{purpose_mac(secret, 'device', value)}",
        max_age=DEVICE_LIFETIME_S, httponly=True, samesite="strict",
        secure=request.url.scheme == "https",
    )  # fmt: skip


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
    store = request.app.state.holder.store
    address = client_address(request)
    known = signin.known_account(store, email)
    account = str(known.id) if known else "unknown"
    attempt = signin.Attempt(email, address, _device_id(request, known))
    try:
        user = signin.sign_in(store, _pool(request), attempt, password)
    except (signin.RateLimitedError, signin.BusyError) as exc:
        busy = isinstance(exc, signin.BusyError)
        log_event("login.busy" if busy else "login.limited", client=address, account=account,
                  retry_after=exc.retry_after, device=attempt.device is not None)  # fmt: skip
        message = str(exc)[0].upper() + str(exc)[1:] + "."
        response: Response = page(
            request, None, "login.html", title="Sign in", active="", next=_next_url(next),
            status_code=exc.http_status, flashes=[("error", message)],
        )  # fmt: skip
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except AuthenticationError:
        log_event("login.failed", client=address, account=account,
                  device=attempt.device is not None)  # fmt: skip
        return page(
            request, None, "login.html", title="Sign in", active="", next=_next_url(next),
            status_code=401, flashes=[("error", "Wrong email or password.")],
        )  # fmt: skip
    token = accounts.start_session(store, user)
    log_event("login", client=address, user=str(user.id), device=attempt.device is not None)
    home = {Role.ADMIN: "/admin", Role.CLINICIAN: "/account"}.get(user.role, "/")
    response = set_session_cookie(redirect(_next_url(next) or home), request, token)
    if attempt.device is None:
        _set_device_cookie(response, request, user)
    return response


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
