"""Human-friendly times for fast logging: ``now``, ``14:00``, ``yesterday 19:30``, ``-2h``,
``mon 8:15``, ``2026-03-04``, ``2026-03-04 08:15``.  Pure: "now" is passed in."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from gutbrain.domain.errors import GutbrainError

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME = re.compile(r"^(\d{1,2})(?::|h|\.)?(\d{2})?\s*(am|pm)?$")
_AGO = re.compile(r"^-?\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)(\s+ago)?$")


class WhenError(GutbrainError):
    """A time the person typed that we cannot read."""


def parse_clock(text: str) -> time:
    """``14:00``, ``7``, ``7pm``, ``19h30``, ``7.30``."""
    match = _TIME.match(text.strip().lower())
    if not match:
        raise WhenError(f"{text!r} is not a time of day (try 14:00 or 7pm)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise WhenError(f"{text!r}: hour must be 1–12 with am/pm")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise WhenError(f"{text!r} is not a time of day")
    return time(hour, minute)


def _day_word(word: str, today: date) -> date | None:
    if word in ("today", "tonight"):
        return today
    if word == "yesterday":
        return today - timedelta(days=1)
    if word[:3] in _WEEKDAYS and word.isalpha():
        target = _WEEKDAYS.index(word[:3])
        back = (today.weekday() - target) % 7 or 7
        return today - timedelta(days=back)
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


def parse_relaxed(text: str | None, now: datetime) -> tuple[datetime, bool]:
    """Return (local aware datetime, has_time). ``now`` must be timezone-aware local time.

    A bare date means "that day, time unknown"; a bare time means today (or yesterday when
    that time is still ahead, since people log what already happened).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    raw = " ".join((text or "now").strip().lower().split())
    if raw in ("", "now"):
        return now.replace(second=0, microsecond=0), True
    ago = _AGO.match(raw)
    if ago and (raw.startswith("-") or ago.group(3)):
        amount, unit = float(ago.group(1)), ago.group(2)[0]
        delta = {
            "m": timedelta(minutes=amount),
            "h": timedelta(hours=amount),
            "d": timedelta(days=amount),
        }[unit]
        return (now - delta).replace(second=0, microsecond=0), True
    parts = (
        raw.replace("t", " ", 1).split(" ")
        if re.match(r"^\d{4}-\d{2}-\d{2}t", raw)
        else raw.split(" ")
    )
    today = now.date()
    day = _day_word(parts[0], today)
    if day is not None:
        if len(parts) == 1:
            if parts[0] == "today":
                return now.replace(second=0, microsecond=0), True
            return datetime.combine(day, time(0, 0), tzinfo=now.tzinfo), False
        clock = parse_clock(" ".join(parts[1:]))
        return datetime.combine(day, clock, tzinfo=now.tzinfo), True
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", parts[0]):
        raise WhenError(f"{parts[0]!r} is not a real date")
    clock = parse_clock(raw)
    moment = datetime.combine(today, clock, tzinfo=now.tzinfo)
    if moment > now + timedelta(minutes=5):
        moment -= timedelta(days=1)
    return moment, True
