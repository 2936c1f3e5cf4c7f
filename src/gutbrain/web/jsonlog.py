"""Structured logs for server mode: one JSON object per line on stderr.

Callers pass ids, routes and numbers only: never an email, a password, a cookie, a token or
diary text (the request log uses the route template, not the path or the query string).
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

LOGGER = logging.getLogger("gutbrain.server")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
        }
        data.update(getattr(record, "fields", {}))
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info).splitlines()[-1][:300]
        return json.dumps(data, default=str)


def configure(level: int = logging.INFO) -> dict[str, Any]:
    """Send ``gutbrain.server`` records to stderr as JSON (``gutbrain serve --multi-user``);
    returns the same set-up for uvicorn's own loggers (its ``log_config``), so that start-up
    messages and unhandled errors are JSON lines too (an error: its last line, no locals)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(level)
    LOGGER.propagate = False
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
                    "uvicorn.access": {"handlers": [], "propagate": False}},
    }  # fmt: skip


def log_event(event: str, level: int = logging.INFO, **fields: Any) -> None:
    LOGGER.log(level, event, extra={"fields": fields})
