"""ISO 8601 parsing and formatting for diary files (date-only vs date-time, offsets, zones)."""

from __future__ import annotations

import math
from datetime import date, datetime, time
from zoneinfo import ZoneInfo


class TimeFormatError(ValueError):
    """A date or time the person wrote that cannot be a real instant."""


def parse_instant(text: str, tz: str) -> tuple[datetime, bool]:
    """Parse ``2026-03-04``, ``2026-03-04T08:15``, ``…+01:00`` or ``…Z``.

    Returns the aware instant and whether a time of day was given.  A time without offset is
    local time in ``tz``; a date alone is local midnight of that day (time unknown).
    """
    raw = text.strip()
    if not raw:
        raise TimeFormatError("empty date")
    zone = ZoneInfo(tz)
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
        try:
            day = date.fromisoformat(raw)
        except ValueError as exc:
            raise TimeFormatError(f"{raw!r} is not a real date ({exc})") from exc
        return datetime.combine(day, time(0, 0), tzinfo=zone), False
    candidate = raw.replace(" ", "T", 1) if "T" not in raw and " " in raw else raw
    if candidate.endswith(("Z", "z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(candidate)
    except ValueError as exc:
        if len(candidate) >= 16 and candidate[4] == "-" and candidate[10] == "T":
            try:
                date.fromisoformat(candidate[:10])
            except ValueError:
                raise TimeFormatError(f"{raw!r} is not a real date") from exc
            raise TimeFormatError(f"{raw!r} does not have a real time of day") from exc
        raise TimeFormatError(
            f"{raw!r} is not an ISO 8601 date or date-time (e.g. 2026-03-04 or 2026-03-04T08:15)"
        ) from exc
    if "T" not in candidate:
        raise TimeFormatError(f"{raw!r} is not an ISO 8601 date or date-time")
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value, True


def format_instant(value: datetime, tz: str, has_time: bool) -> str:
    """Inverse of ``parse_instant``: local date, or local date-time with its offset."""
    local = value.astimezone(ZoneInfo(tz))
    if not has_time:
        return local.date().isoformat()
    return local.isoformat(timespec="minutes" if local.second == 0 else "seconds")


def format_number(value: float) -> str:
    """Shortest faithful text for an amount (``2``, ``0.5``, ``10000000000``)."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return repr(value)


def parse_number(text: str, what: str, *, decimal_comma: bool = False) -> float | None:
    """A finite number, or None for an empty cell; ``ValueError`` naming ``what`` otherwise.
    ``decimal_comma`` reads ``2,5`` as 2.5 (spreadsheets in comma-decimal locales)."""
    raw = text.strip()
    if decimal_comma and raw.count(",") == 1 and "." not in raw:
        raw = raw.replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{what} {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {text.strip()!r} is not a number")
    return value
