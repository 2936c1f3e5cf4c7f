"""The outermost layer of the web app: request size limits, control-character refusal and a
request id on every answer, with every unexpected error logged by type and id.

Sizes are checked *before* anything is spooled: a declared ``Content-Length`` over the limit
is refused unread, and a body streamed without one is counted as it arrives and refused the
moment it passes the limit. Non-upload bodies (at most ``MAX_BODY``) are read here and scanned
for NUL and other C0 control characters (in the path, the query, a form and JSON strings):
they are not text, PostgreSQL cannot store NUL, and they have no business in a diary.
The limits are stated in docs/server.md.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.exceptions import HTTPException

from gutbrain.web.jsonlog import log_event

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Any request body (a form, an entry as JSON): far above any real one (an entry is < 4 KiB).
MAX_BODY = 1024 * 1024
#: Sign-in and sign-out: an email and a password.
MAX_LOGIN_BODY = 16 * 1024
#: The import routes: the 32 MiB upload cap (``services.imports.MAX_UPLOAD_BYTES``) plus the
#: multipart envelope.
MAX_UPLOAD_BODY = 32 * 1024 * 1024 + 64 * 1024
UPLOAD_PATHS = frozenset({"/api/v1/import", "/diary/import"})
LOGIN_PATHS = frozenset({"/login", "/logout", "/logout/everywhere"})
#: C0 controls other than tab, line feed and carriage return, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: In a path nothing below space is allowed.
PATH_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def body_limit(path: str) -> int:
    if path in UPLOAD_PATHS:
        return MAX_UPLOAD_BODY
    if path in LOGIN_PATHS:
        return MAX_LOGIN_BODY
    return MAX_BODY


class BodyTooLarge(HTTPException):
    """413 (an HTTP error, so that a route reading its body passes it on as it is)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {_size(limit)} (the limit)")
        self.limit = limit


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MiB" if n >= 1024 * 1024 else f"{n // 1024} KiB"


def control_problem(scope: Scope, body: bytes) -> str | None:
    """Where a control character is, or None (the body only for forms and JSON)."""
    if PATH_CONTROL.search(scope.get("path", "")):
        return "the address contains a control character"
    query = scope.get("query_string", b"").decode("latin-1")
    if query and any(
        CONTROL.search(k) or CONTROL.search(v) for k, v in parse_qsl(query, keep_blank_values=True)
    ):
        return "the query contains a control character"
    if not body:
        return None
    kind = _header(scope, b"content-type").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        text = body.decode("utf-8", "replace")
        if CONTROL.search(unquote(text.replace("+", " "))):
            return "the form contains a control character"
    elif kind.endswith("json") and (b"\\u00" in body or b"\\u007" in body):
        try:
            data = json.loads(body)
        except ValueError:
            return None  # not JSON: the route says so (422)
        if _has_control(data):
            return "the JSON body contains a control character"
    return None


def _has_control(value: Any) -> bool:
    if isinstance(value, str):
        return CONTROL.search(value) is not None
    if isinstance(value, dict):
        return any(_has_control(k) or _has_control(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_control(v) for v in value)
    return False


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


class RequestLimits:
    """Pure ASGI middleware (outermost): see the module docstring."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        limit = body_limit(scope["path"])
        try:
            declared = _header(scope, b"content-length")
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            if scope["path"] in UPLOAD_PATHS:
                receive = _counted(receive, limit)
                body = b""
            else:
                body = await _read_body(receive, limit)
                receive = _replay(body, receive)
            problem = control_problem(scope, body)
            if problem is not None:
                await _answer(send_with_id, 422, problem)
                return
            await self.app(scope, receive, send_with_id)
        except BodyTooLarge as exc:
            log_event("request.too_large", method=scope["method"], route=scope["path"][:100],
                      limit=exc.limit)  # fmt: skip
            if not started:
                await _answer(send_with_id, 413, exc.detail)
        except Exception as exc:
            route = getattr(scope.get("route"), "path", None) or scope["path"][:100]
            log_event("error", logging.ERROR, method=scope["method"], route=route,
                      error=type(exc).__name__, request_id=request_id)  # fmt: skip
            if not started:
                await _answer(send_with_id, 500, f"internal error (request id {request_id})")
            else:
                raise


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # http.disconnect, when the client goes

    return replay


def _counted(receive: Receive, limit: int) -> Receive:
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge(limit)
        return message

    return counted


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail, "problems": []}).encode()
    await send({
        "type": "http.response.start", "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()), (b"connection", b"close")],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})
