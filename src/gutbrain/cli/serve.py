"""``gutbrain serve``: the local web app on 127.0.0.1, or (``--multi-user``) a server for a
clinic or a family with accounts (docs/server.md)."""

from __future__ import annotations

import os

import click

from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.errors import GutbrainError


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the diary in your browser.")
@click.option(
    "--multi-user", is_flag=True,
    help="Server mode: accounts, sharing, CSRF protection; needs GUTBRAIN_SECRET_KEY.",
)  # fmt: skip
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on (--multi-user only; put a TLS proxy in front).",
)  # fmt: skip
@click.option(
    "--allow-sqlite", is_flag=True,
    help="Let several users share one SQLite file (small family servers only).",
)  # fmt: skip
@click.option(
    "--public-url", metavar="URL", envvar="GUTBRAIN_PUBLIC_URL",
    help="The address people open, e.g. https://diary.example.org (checked as Origin).",
)  # fmt: skip
@click.option(
    "--trusted-proxies", default="", metavar="ADDRS", envvar="GUTBRAIN_TRUSTED_PROXIES",
    help="Proxies whose X-Forwarded-Proto/-For headers are believed (comma-separated, e.g. "
    "127.0.0.1 for a proxy on this machine). Default: none (the headers are ignored).",
)  # fmt: skip
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Server processes (--multi-user only); they share sign-in limits and results "
    "through the database.",
)  # fmt: skip
@pass_state
def serve(
    state: AppState, port: int, open_browser: bool, multi_user: bool, host: str,
    allow_sqlite: bool, public_url: str | None, trusted_proxies: str, workers: int,
) -> None:  # fmt: skip
    """Open your diary in the browser (local only: binds 127.0.0.1, nothing leaves the
    computer). Ctrl+C stops it. With --multi-user, serve many people's diaries."""
    if not multi_user:
        if host != "127.0.0.1":
            raise GutbrainError("a personal diary only listens on 127.0.0.1 (see --multi-user)")
        from gutbrain.web import serve as run_server

        run_server(state.settings, port=port, open_browser=open_browser)
        return
    from gutbrain.web.multiuser import ServerOptions
    from gutbrain.web.server import serve_multi_user

    settings = state.settings
    if settings.db_path is not None and not allow_sqlite:
        raise GutbrainError(
            "a server for several people needs PostgreSQL (--db postgresql+psycopg://…); "
            "add --allow-sqlite to share one SQLite file anyway"
        )
    options = ServerOptions(
        secret_key=os.environ.get("GUTBRAIN_SECRET_KEY", ""),
        public_origin=public_url.rstrip("/") if public_url else None,
    )
    serve_multi_user(
        settings, options, host=host, port=port, trusted_proxies=trusted_proxies, workers=workers
    )


COMMANDS = [serve]
