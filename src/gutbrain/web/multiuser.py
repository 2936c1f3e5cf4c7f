"""Server mode (``gutbrain serve --multi-user``): who is signed in, which diary each request
acts on, CSRF refusal, security headers and one JSON log line per request.

``create_app(settings, server=ServerOptions(...))`` installs it; local mode never runs any of
this. Access itself is decided by ``gutbrain.services.access``; this module only asks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from anyio import to_thread
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from gutbrain.domain.accounts import AccessDeniedError, AuthenticationError, Role
from gutbrain.domain.entries import Diary
from gutbrain.domain.errors import GutbrainError
from gutbrain.services import access, accounts, refresh, signin
from gutbrain.services.accounts import LoginSession
from gutbrain.services.diary import Context, Store, open_store
from gutbrain.settings import Settings
from gutbrain.web.deps import ContextHolder
from gutbrain.web.jsonlog import log_event

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SESSION_COOKIE = "gb_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Reachable without signing in (a share link carries its own secret).
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
PUBLIC_PREFIXES = ("/static/", "/s/")
#: No inline script anywhere; inline *style* stays allowed for the report's SVG charts.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True, slots=True)
class ServerOptions:
    """How a multi-user server signs cookies and knows its own address.

    Attributes:
        secret_key: at least 32 characters (``GUTBRAIN_SECRET_KEY``); signs session cookies
            and CSRF tokens.
        public_origin: ``https://diary.example.org`` behind a proxy; else taken per request.
        background: heavy pages come from the background worker (``gutbrain serve``).
    """

    secret_key: str
    public_origin: str | None = None
    #: A background worker computes the heavy pages (``services.refresh``); pages read them
    #: from the store. False (tests, a worker-less server): computed in the request.
    background: bool = False

    def __post_init__(self) -> None:
        if len(self.secret_key) < MIN_SECRET_LENGTH:
            raise GutbrainError(
                f"server mode needs a secret key of at least {MIN_SECRET_LENGTH} characters "
                "(set GUTBRAIN_SECRET_KEY, e.g. from `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )


def _mac(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def purpose_mac(secret: str, purpose: str, value: str) -> str:
    """A MAC of ``value`` for one purpose (a device cookie's MAC is no session's)."""
    return _mac(secret, f"{purpose}:{value}")


def sign(secret: str, token: str) -> str:
    return f"{token}.{_mac(secret, 'session:' + token)}"


def unsign(secret: str, value: str) -> str | None:
    token, _, mac = value.rpartition(".")
    if token and hmac.compare_digest(mac, _mac(secret, "session:" + token)):
        return token
    return None


def csrf_token(secret: str, session: LoginSession) -> str:
    """The token a client without Origin/Sec-Fetch-Site headers sends as ``X-CSRF-Token``."""
    return _mac(secret, "csrf:" + session.token_hash)


def set_session_cookie(response: Response, request: Request, token: str) -> Response:
    """The signed session cookie: HttpOnly, SameSite=Lax, Secure when the request came over
    TLS (directly or through a trusted proxy), as long as the session lasts."""
    options: ServerOptions = request.app.state.server
    response.set_cookie(
        SESSION_COOKIE, sign(options.secret_key, token),
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()), httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip
    return response


def current_login(request: Request) -> LoginSession | None:
    login: LoginSession | None = request.scope.get("state", {}).get("login")
    return login


class DiaryHolders:
    """The server's one store and a ``ContextHolder`` per diary, handed to each request after
    ``services.access`` has said which diary it may act on (``deps.get_holder`` calls this)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._holders: dict[uuid.UUID, ContextHolder] = {}
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = open_store(self.settings.db_url)
        return self._store

    def holder_for(self, diary: Diary) -> ContextHolder:
        with self._lock:
            holder = self._holders.get(diary.id)
            if holder is None:
                holder = self._holders[diary.id] = ContextHolder(self.settings)
        if holder.current is None or holder.current.diary != diary:
            holder.replace(Context(settings=self.settings, store=self.store, diary=diary))
        return holder

    def for_request(self, request: Request) -> ContextHolder:
        chosen: ContextHolder | None = getattr(request.state, "diary_holder", None)
        if chosen is not None:
            return chosen
        login = current_login(request)
        if login is None:
            raise HTTPException(401, "sign in first")
        route = request.scope.get("route")
        diary = access.diary_for(
            self.store, login, write=request.method not in SAFE_METHODS,
            what=getattr(route, "path", request.url.path),
        )  # fmt: skip
        chosen = self.holder_for(diary)
        request.state.diary_holder = chosen
        return chosen

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class ServerGate:
    """Pure ASGI middleware: resolves the session, refuses cross-site writes and anonymous
    requests, adds security headers and logs each request as one JSON line (route template,
    never the query string, a cookie or a token)."""

    def __init__(self, app: Any, options: ServerOptions, holders: DiaryHolders) -> None:
        self.app = app
        self.options = options
        self.holders = holders

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request = Request(scope)
        login = await self._login(request)
        scope.setdefault("state", {})["login"] = login
        status = 500
        secure = request.url.scheme == "https"
        path = scope["path"]

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] += _security_headers(path, secure)
            await send(message)

        try:
            refusal = self._refuse(request, login)
            if refusal is not None:
                await refusal(scope, receive, send_with_headers)
            else:
                await self.app(scope, receive, send_with_headers)
            holder = scope.get("state", {}).get("diary_holder")
            if (
                request.app.state.server.background and holder is not None and status < 400
                and scope["method"] not in SAFE_METHODS
            ):  # fmt: skip
                try:  # the answer is sent: a failure here only delays the refresh
                    await to_thread.run_sync(refresh.want, holder.get())
                except Exception as exc:  # logged; the page asks again when it finds it stale
                    log_event("refresh.request_failed", logging.WARNING,
                              error=type(exc).__name__)  # fmt: skip
        finally:
            route = scope.get("route")
            log_event(
                "request", method=scope["method"],
                route=getattr(route, "path", None) or ("/s/{token}" if path.startswith("/s/") else path[:100]),
                status=status, ms=round(1000 * (time.perf_counter() - started), 1),
                user=str(login.user.id) if login else None,
                request_id=scope.get("state", {}).get("request_id"),
            )  # fmt: skip

    async def _login(self, request: Request) -> LoginSession | None:
        if request.url.path.startswith("/static/"):
            return None  # public files: no database round trip for the session
        raw = request.cookies.get(SESSION_COOKIE)
        token = unsign(self.options.secret_key, raw) if raw else None
        if token is None:
            return None
        return await to_thread.run_sync(accounts.resume_session, self.holders.store, token)

    def _refuse(self, request: Request, login: LoginSession | None) -> Response | None:
        path = request.url.path
        if request.method not in SAFE_METHODS and not self._same_origin(request, login):
            log_event("csrf.refused", method=request.method, route=path[:100],
                      client=request.client.host if request.client else "?",
                      user=str(login.user.id) if login else None)  # fmt: skip
            return _problem(request, 403, "cross-site request refused")
        if login is not None or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            return None
        if request.method == "GET" and not path.startswith("/api/"):
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _problem(request, 401, "sign in first")

    def _same_origin(self, request: Request, login: LoginSession | None) -> bool:
        """Browsers say where a request comes from (Sec-Fetch-Site, Origin); a client that
        says neither is not a browser and must show the session's CSRF token instead."""
        site = request.headers.get("sec-fetch-site")
        if site is not None:
            return site in ("same-origin", "none")
        origin = request.headers.get("origin")
        if origin is not None:
            expected = self.options.public_origin or f"{request.url.scheme}://{request.url.netloc}"
            return origin.rstrip("/") == expected.rstrip("/")
        if login is None:
            return True  # nothing to forge: no session cookie rides along
        sent = request.headers.get("x-csrf-token", "")
        return hmac.compare_digest(sent, csrf_token(self.options.secret_key, login))


def _security_headers(path: str, secure: bool) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        # a share link's token is in its path: never send it on as a Referer
        (b"referrer-policy", b"no-referrer" if path.startswith("/s/") else b"same-origin"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if not path.startswith("/static/"):
        headers.append((b"cache-control", b"no-store"))
    if secure:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def _problem(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.method not in SAFE_METHODS:
        return JSONResponse({"detail": message, "problems": []}, status_code=status)
    return Response(message, status_code=status, media_type="text/plain")


def install(app: FastAPI, options: ServerOptions) -> None:
    """Turn ``app`` into a multi-user server (called by ``create_app``, which also adds the
    account pages: this module serves them, it does not import them)."""
    holders = DiaryHolders(app.state.settings)
    app.state.holder = holders
    app.state.server = options
    app.state.hash_pool = signin.HashPool()
    app.state.templates.env.globals["server_mode"] = True
    app.add_middleware(ServerGate, options=options, holders=holders)

    @app.exception_handler(AccessDeniedError)
    async def denied(request: Request, exc: AccessDeniedError) -> Response:
        """A page goes to where the user can act (a form back to its page, with the reason);
        the API answers 403."""
        from gutbrain.web.render import redirect, same_site_referer

        login = current_login(request)
        if not request.url.path.startswith("/api/") and login is not None:
            home = "/admin" if login.user.role is Role.ADMIN else "/account"
            back = same_site_referer(request) if request.method != "GET" else None
            target = back or home
            if target != request.url.path:
                return redirect(target, str(exc), kind="error")
        return JSONResponse({"detail": str(exc), "problems": []}, status_code=403)

    @app.exception_handler(AuthenticationError)
    async def unauthenticated(_request: Request, exc: AuthenticationError) -> Response:
        return JSONResponse({"detail": str(exc), "problems": []}, status_code=401)
