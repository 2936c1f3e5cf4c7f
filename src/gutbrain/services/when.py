"""Times as people and programs write them, read one way for every face.

``parse_when`` accepts the strict forms of the diary contract (``2026-03-04``,
``2026-03-04T08:15``, with an offset or ``Z``) and the quick forms of fast logging (``now``,
``14:00``, ``yesterday 19:30``, ``-2h``, ``mon 8:15``); a time it cannot read is an
``EntryError`` naming the field, so the CLI, the pages and the API report it the same way.
"""

from __future__ import annotations

from datetime import datetime

from gutbrain.domain.errors import EntryError, GutbrainError
from gutbrain.domain.when import parse_relaxed
from gutbrain.io.timefmt import format_instant as format_instant
from gutbrain.io.timefmt import format_number as format_number
from gutbrain.io.timefmt import parse_instant


def parse_when(text: str | None, now: datetime, field: str = "time") -> tuple[datetime, bool]:
    """(aware datetime, has_time) for ``text``; ``now`` (aware, in the zone that times without
    an offset belong to) anchors the relative forms."""
    raw = (text or "").strip()
    zone = str(getattr(now.tzinfo, "key", "UTC"))
    try:
        if _looks_iso(raw):
            try:
                return parse_instant(raw, zone)
            except ValueError:
                if ":" not in raw[10:]:
                    raise  # a bad date alone: the strict message says what is wrong
        return parse_relaxed(raw or None, now)
    except (GutbrainError, ValueError) as exc:  # TimeFormatError, WhenError, bad offsets
        raise EntryError([f"{field}: {exc}"]) from exc


def _looks_iso(raw: str) -> bool:
    return len(raw) >= 10 and raw[:4].isdigit() and raw[4] == "-" and raw[7] == "-"
