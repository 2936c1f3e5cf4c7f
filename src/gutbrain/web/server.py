"""Run the app on loopback with uvicorn (``gutbrain serve`` and ``gutbrain demo`` call this)."""

from __future__ import annotations

import threading
import webbrowser

from gutbrain.settings import Settings

HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def url_for_port(port: int) -> str:
    return f"http://{HOST}:{port}/"


def serve(settings: Settings, port: int = DEFAULT_PORT, open_browser: bool = False) -> None:
    """Serve the diary on 127.0.0.1 only (a personal diary is never exposed to the network).

    Blocks until interrupted. Prints the URL so a person can click it.
    """
    import uvicorn

    from gutbrain.web.app import create_app

    app = create_app(settings)
    url = url_for_port(port)
    print(f"gutbrain is serving your diary at {url}  (Ctrl+C to stop)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False)
