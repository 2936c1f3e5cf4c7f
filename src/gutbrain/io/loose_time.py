"""Dates, times and durations as other apps write them in their CSV exports.

ISO 8601 (``2026-03-04``, ``2026-03-04T14:05+01:00``), slashed and dotted dates (``04/03/2026``,
``4.3.2026``), month names (``Mar 4, 2026``, ``4 March 2026``, ``8th Dec 2021``), 12- and 24-hour times, and
durations like ``3h 20m``, ``1:30`` or ``45 min``.  A slashed date is ambiguous (4 March or
3 April?): the order is detected from the whole column (a first part above 12 means day
first) or given by the person; it is never guessed row by row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gutbrain.io.timefmt import TimeFormatError, parse_instant

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}  # fmt: skip
_TIME = re.compile(
    r"(?:^|[\sT,])(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp]\.?[Mm]\.?)?\s*$"
)
#: ``7pm``, ``7 p.m.``: an hour with a meridiem and no minutes.
_HOUR = re.compile(r"(?:^|[\sT,])(\d{1,2})()()\s*([AaPp]\.?[Mm]\.?)\s*$")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_NAMED = re.compile(
    r"^(?:[A-Za-z]+,?\s+)?(?:(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?"
    r"|([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?),?\s+(\d{4})$"
)
_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)(?![a-z])"
)


def slashed_order(values: Iterable[str]) -> bool | None:
    """True when slashed dates in ``values`` are day-first, False month-first, None unknown."""
    day_first = month_first = False
    for value in values:
        match = _NUMERIC.match(value.strip().split(" ")[0].split("T")[0])
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        day_first |= first > 12
        month_first |= second > 12
    if day_first and month_first:
        raise TimeFormatError("the dates mix day-first and month-first order")
    return True if day_first else False if month_first else None


def parse_date(text: str, day_first: bool | None) -> date:
    raw = text.strip()
    match = _NUMERIC.match(raw)
    try:
        if match:
            a, b, c = (int(g) for g in match.groups())
            if len(match.group(1)) == 4:
                return date(a, b, c)
            if "." in raw:
                day_first = True
            if day_first is None and a <= 12 and b <= 12 and a != b:
                raise TimeFormatError(
                    f"{raw!r} could be day-first or month-first: say which with "
                    "--day-first or --month-first"
                )
            year = c + 2000 if c < 100 else c
            return date(year, b, a) if day_first or day_first is None else date(year, a, b)
        named = _NAMED.match(raw)
        if named:
            day = int(named.group(1) or named.group(4))
            month = MONTHS.get((named.group(2) or named.group(3))[:3].lower())
            if month is None:
                raise TimeFormatError(f"{raw!r} has no month name I know")
            return date(int(named.group(5)), month, day)
    except TimeFormatError:
        raise
    except ValueError as exc:
        raise TimeFormatError(f"{raw!r} is not a real date ({exc})") from exc
    raise TimeFormatError(f"{raw!r} is not a date (e.g. 2026-03-04, 04/03/2026, Mar 4, 2026)")


def parse_clock(text: str) -> time:
    match = _TIME.search(" " + text.strip()) or _HOUR.search(" " + text.strip())
    if not match:
        raise TimeFormatError(f"{text.strip()!r} is not a time of day (e.g. 14:05, 2:05 PM or 7pm)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    second = int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise TimeFormatError(f"{text.strip()!r} is not a 12-hour time")
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError as exc:
        raise TimeFormatError(f"{text.strip()!r} is not a real time of day") from exc


def parse_moment(
    day_text: str, time_text: str, tz: str, *, day_first: bool | None = None
) -> tuple[datetime, bool]:
    """A local moment from a date (which may carry its own time) and an optional time column.

    Returns the aware instant and whether a time of day was known.
    """
    raw = day_text.strip()
    try:
        return parse_instant(raw, tz) if not time_text.strip() else parse_instant(
            f"{raw}T{parse_clock(time_text).isoformat()}", tz)  # fmt: skip
    except TimeFormatError:
        pass
    clock = None
    found = _TIME.search(" " + raw) or _HOUR.search(" " + raw)
    if found:
        clock = parse_clock(found.group(0))
        raw = (" " + raw)[: found.start()].strip().rstrip(",")
    if time_text.strip():
        clock = parse_clock(time_text)
    day = parse_date(raw, day_first)
    zone = ZoneInfo(tz)
    if clock is None:
        return datetime.combine(day, time(0), tzinfo=zone), False
    return datetime.combine(day, clock, tzinfo=zone), True


def parse_duration(text: str) -> timedelta:
    """``3h 20m``, ``3 h``, ``45 min``, ``1:30`` (h:mm), ``2.5 hours``, or plain minutes."""
    raw = text.strip().lower()
    if not raw:
        raise TimeFormatError("empty duration")
    if re.fullmatch(r"\d+:\d{2}(:\d{2})?", raw):
        parts = [int(p) for p in raw.split(":")]
        return timedelta(
            hours=parts[0], minutes=parts[1], seconds=parts[2] if len(parts) > 2 else 0
        )
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return timedelta(minutes=float(raw))
    total = timedelta()
    matched = _DURATION_PART.findall(raw)
    if not matched or _DURATION_PART.sub("", raw).strip(" ,and"):
        raise TimeFormatError(f"{text.strip()!r} is not a duration (e.g. 3h 20m, 1:30, 45 min)")
    for number, unit in matched:
        value = float(number.replace(",", "."))
        scale = {"d": 1440.0, "h": 60.0, "m": 1.0, "s": 1 / 60}[unit[0]]
        total += timedelta(minutes=value * scale)
    return total
