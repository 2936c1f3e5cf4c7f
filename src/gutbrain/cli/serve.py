"""``gutbrain serve``: the local web app on 127.0.0.1."""

from __future__ import annotations

import click

from gutbrain.cli.state import AppState, pass_state


@click.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the diary in your browser.")
@pass_state
def serve(state: AppState, port: int, open_browser: bool) -> None:
    """Open your diary in the browser (local only: binds 127.0.0.1, nothing leaves the
    computer). Ctrl+C stops it."""
    from gutbrain.web import serve as run_server

    run_server(state.settings, port=port, open_browser=open_browser)


COMMANDS = [serve]
