"""Dates, times and durations as other apps write them (io.loose_time)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gutbrain.io.loose_time import parse_duration, parse_moment, slashed_order
from gutbrain.io.timefmt import TimeFormatError

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("day", "clock", "day_first", "expected", "has_time"),
    [
        ("2026-03-04", "", None, datetime(2026, 3, 4), False),
        ("2026-03-04", "14:05", None, datetime(2026, 3, 4, 14, 5), True),
        ("04/03/2026", "2:05 PM", True, datetime(2026, 3, 4, 14, 5), True),
        ("03/04/2026", "12:30 am", False, datetime(2026, 3, 4, 0, 30), True),
        ("4.3.2026 14:05", "", None, datetime(2026, 3, 4, 14, 5), True),
        ("Mar 4, 2026", "", None, datetime(2026, 3, 4), False),
        ("Wed, 4 March 2026 09:00", "", None, datetime(2026, 3, 4, 9), True),
        ("2026/03/04 07:15:30", "", None, datetime(2026, 3, 4, 7, 15, 30), True),
        ("04/03/26", "", True, datetime(2026, 3, 4), False),
    ],
)
def test_moments(day: str, clock: str, day_first: bool | None, expected: datetime,
                 has_time: bool) -> None:  # fmt: skip
    moment, known = parse_moment(day, clock, "Europe/Berlin", day_first=day_first)
    assert moment == expected.replace(tzinfo=BERLIN) and known is has_time


def test_offsets_are_kept() -> None:
    moment, _ = parse_moment("2026-03-04T14:05:00+09:00", "", "Europe/Berlin")
    assert moment.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("03/04/2026", "could be day-first or month-first"),
        ("31/02/2026", "not a real date"),
        ("soon", "is not a date"),
        ("2026-03-04 25:00", "not a real time of day"),
        ("Smarch 4, 2026", "no month name"),
    ],
)
def test_bad_moments_say_why(text: str, reason: str) -> None:
    with pytest.raises(TimeFormatError, match=reason):
        parse_moment(text, "", "UTC", day_first=True if text.startswith("31") else None)


def test_slashed_order_is_decided_by_the_whole_column() -> None:
    assert slashed_order(["03/04/2026", "13/04/2026"]) is True
    assert slashed_order(["03/04/2026", "04/13/2026"]) is False
    assert slashed_order(["03/04/2026", "2026-03-04"]) is None
    with pytest.raises(TimeFormatError, match="mix"):
        slashed_order(["13/04/2026", "04/13/2026"])


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("3h 20m", 200), ("1:30", 90), ("45 min", 45), ("2.5 hours", 150), ("200", 200),
     ("1 day 2 h", 1560), ("7h40m", 460)],
)  # fmt: skip
def test_durations(text: str, minutes: float) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


def test_bad_duration() -> None:
    with pytest.raises(TimeFormatError, match="not a duration"):
        parse_duration("a while")


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2030, 12, 31)))
def test_day_first_and_month_first_round_trip(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    for text, day_first in (
        (f"{moment:%d/%m/%Y %H:%M}", True),
        (f"{moment:%m/%d/%Y %I:%M %p}", False),
    ):
        parsed, known = parse_moment(text, "", "UTC", day_first=day_first)
        assert known and parsed.replace(tzinfo=None) == moment
