"""The web app factory: JSON API under ``/api/v1`` and server-rendered pages over the same
services the CLI uses. Nothing is built at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from gutbrain import __version__
from gutbrain.domain.errors import EntryError, GutbrainError, NotFoundError
from gutbrain.services.result_cache import ResultCache
from gutbrain.settings import Settings
from gutbrain.web import health
from gutbrain.web.api import API_ROUTERS
from gutbrain.web.deps import ContextHolder
from gutbrain.web.limits import RequestLimits
from gutbrain.web.pages import PAGE_ROUTERS
from gutbrain.web.render import make_templates, redirect, same_site_referer

if TYPE_CHECKING:
    from gutbrain.web.multiuser import ServerOptions

STATIC = Path(__file__).parent / "static"


def _operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation ids (``entries-list``) for generated clients."""
    tag = route.tags[0] if route.tags else "page"
    return f"{tag}-{route.name}"


def create_app(
    settings: Settings,
    *,
    extra_routers: Iterable[APIRouter] = (),
    server: ServerOptions | None = None,
) -> FastAPI:
    """Build the app for one diary database.

    Args:
        settings: where the diary lives (``Settings.from_env``).
        extra_routers: more routers to include (tests, plugins); feature pages belong in
            ``gutbrain.web.pages.PAGE_ROUTERS``.
        server: multi-user server mode (accounts, sessions, CSRF; ``web/multiuser.py``);
            None is the local, one-person app.
    """
    holder = ContextHolder(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        _app.state.holder.close()

    app = FastAPI(
        title="gutbrain",
        version=__version__,
        description="Local migraine, diet and gut-health diary. Every page has a JSON twin here.",
        docs_url=None,  # FastAPI's Swagger page loads its script from a CDN: no CDN, ever
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        generate_unique_id_function=_operation_id,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.holder = holder
    app.state.templates = make_templates()
    app.state.cache = ResultCache()
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (health.router, *API_ROUTERS, *PAGE_ROUTERS, *extra_routers):
        app.include_router(router)
    _install_error_handlers(app)
    if server is not None:
        from gutbrain.web.multiuser import install
        from gutbrain.web.pages import account

        install(app, server)
        app.include_router(account.router)
    app.add_middleware(RequestLimits)  # outermost: sizes, control characters, request ids
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_error_handlers(app: FastAPI) -> None:
    """User mistakes become 4xx with a message a person can act on, never a 500."""

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, str(exc) or "not found", [])

    @app.exception_handler(GutbrainError)
    async def bad_input(request: Request, exc: GutbrainError) -> Response:
        # EntryError and CsvImportError both list every problem (CSV ones with line numbers).
        problems = [str(p) for p in getattr(exc, "problems", [])]
        message = "; ".join(problems) if isinstance(exc, EntryError) else str(exc)
        status = getattr(exc, "http_status", 422)  # 413 / 429 for upload limits
        return _error(request, status, message.split("\n", 1)[0], problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _error(request, exc.status_code, str(exc.detail), [])
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in err.get('loc', ()) if p != 'body')}: {err.get('msg')}"
            for err in exc.errors()
        ]
        return _error(request, 422, "the request is not valid", problems)


def _error(request: Request, status: int, message: str, problems: list[str]) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, "problems": problems}, status_code=status)
    back = same_site_referer(request)
    if request.method == "POST" and back is not None and status == 422:
        # A form mistake: go back to the form and say what was wrong, in place.
        text = "; ".join(problems) if problems else message
        return redirect(back, f"Not saved: {text[:600]}", kind="error")
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="stylesheet" href="/static/app.css"><title>Problem · gutbrain</title></head>'
        f'<body><main><div class="errors" role="alert"><h1>{status}: {escape(message)}</h1>'
        f'<ul>{items}</ul></div><p><a href="/">Back to Today</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status)
