"""Is the diary's database answering? For the health check a proxy or orchestrator polls."""

from __future__ import annotations

from gutbrain.store import Store


def database_answers(store: Store) -> str | None:
    """None when the database answers a trivial query, else the exception's type name (for
    the log line; never the message, which may carry a connection string)."""
    try:
        store.ping()
    except Exception as exc:
        return type(exc).__name__
    return None
