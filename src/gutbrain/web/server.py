"""Run the app on loopback with uvicorn (``gutbrain serve`` and ``gutbrain demo`` call this)."""

from __future__ import annotations

import dataclasses
import os
import threading
import webbrowser
from typing import TYPE_CHECKING, Any

from gutbrain.domain.errors import GutbrainError
from gutbrain.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from gutbrain.web.multiuser import ServerOptions

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def url_for_port(port: int) -> str:
    return f"http://{HOST}:{port}/"


def warm_up(app: FastAPI) -> None:
    """Fill the cache of the views that take seconds on a long diary; errors (an empty
    diary) are left for the page to explain.

    The trigger JSON comes first: kept in the diary it answers at once, and when it must be
    computed, storing it is the one write here (a write changes the diary file, which the
    cache sees as a new state).  Then the cheap reads, the food tables, the gut weeks, the
    report (engine run and charts) and last the full trigger report behind the drill-down.
    """
    from gutbrain.services.reads import DiaryReads

    holder = app.state.holder
    reader = DiaryReads(ctx=holder.get(), generation=holder.generation, cache=app.state.cache)
    today = reader.ctx.now().date()
    for fill in (
        reader.trigger_view, reader.coverage, reader.quick_medications, reader.food_knowledge,
        lambda: reader.gut(12), lambda: reader.report_charts(None, None, today), reader.triggers,
    ):  # fmt: skip
        try:
            fill()
        except GutbrainError:
            continue


def serve(settings: Settings, port: int = DEFAULT_PORT, open_browser: bool = False) -> None:
    """Serve the diary on 127.0.0.1 only (a personal diary is never exposed to the network).

    Blocks until interrupted. Prints the URL so a person can click it.
    """
    import uvicorn

    from gutbrain.web.app import create_app

    app = create_app(settings)
    # Compute the slow views (trigger report, gut weeks) while the person opens the browser.
    threading.Thread(target=warm_up, args=(app,), daemon=True).start()
    url = url_for_port(port)
    print(f"gutbrain is serving your diary at {url}  (Ctrl+C to stop)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False)


def serve_multi_user(
    settings: Settings, options: ServerOptions, *, host: str, port: int, trusted_proxies: str,
    workers: int = 1,
) -> None:  # fmt: skip
    """Serve many people's diaries (``gutbrain serve --multi-user``); see docs/server.md.

    ``trusted_proxies``: addresses whose X-Forwarded-Proto/-For are believed (the TLS proxy),
    so cookies get ``Secure`` and the log the real client; empty: none is. ``workers`` > 1
    starts that many processes (each builds its app from the environment set here).
    """
    import uvicorn

    from gutbrain.web import jsonlog
    from gutbrain.web.app import create_app

    log_config = jsonlog.configure()
    options = dataclasses.replace(options, background=True)
    app = create_app(settings, server=options)
    app.state.holder.store  # noqa: B018 - open and migrate now: fail before listening
    worker = start_worker(settings)
    proxies = ",".join(p.strip() for p in trusted_proxies.split(",") if p.strip())
    jsonlog.log_event("start", host=host, port=port, database=settings.db_url.split(":", 1)[0],
                      workers=workers, trusted_proxies=proxies or None)  # fmt: skip
    target: Any = app
    if workers > 1:
        app.state.holder.close()
        os.environ |= {"GUTBRAIN_DB": settings.db_url, "GUTBRAIN_TZ": settings.timezone,
                       "GUTBRAIN_SECRET_KEY": options.secret_key,
                       "GUTBRAIN_PUBLIC_URL": options.public_origin or ""}  # fmt: skip
        target = "gutbrain.web.server:multi_user_app"
    try:
        uvicorn.run(
            target, host=host, port=port, log_level="warning", access_log=False,
            proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
            server_header=False, log_config=log_config, workers=workers, factory=workers > 1,
        )  # fmt: skip
    finally:
        worker.terminate()


def start_worker(settings: Settings) -> Any:
    """The background worker process that computes the heavy pages (``services.refresh``)."""
    import multiprocessing

    from gutbrain.services.refresh import worker_main

    process = multiprocessing.get_context("spawn").Process(
        target=worker_main, args=(settings.db_url, settings.timezone), daemon=True,
        name="gutbrain-worker",
    )  # fmt: skip
    process.start()
    return process


def multi_user_app() -> FastAPI:
    """The app of one worker process (``--workers`` > 1), from the environment."""
    from gutbrain.web import jsonlog
    from gutbrain.web.app import create_app
    from gutbrain.web.multiuser import ServerOptions

    jsonlog.configure()
    public = os.environ.get("GUTBRAIN_PUBLIC_URL") or None
    options = ServerOptions(os.environ.get("GUTBRAIN_SECRET_KEY", ""), public, background=True)
    return create_app(Settings.from_env(), server=options)
