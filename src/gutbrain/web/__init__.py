"""Local web app: FastAPI + Jinja2 + vendored htmx over the same services as the CLI.

``serve(settings, port, open_browser)`` lives in ``gutbrain.web.server`` and is re-exported
here; ``create_app`` is imported lazily so importing this package stays cheap.
"""

from __future__ import annotations

from gutbrain.web.server import serve

__all__ = ["serve"]
