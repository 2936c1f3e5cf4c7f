"""Validation of diary entries: every rule in one place, with messages a person understands."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gutbrain.domain.entries import (
    ACUTE_TAG,
    ANTIBIOTIC_TAG,
    PREVENTIVE_TAG,
    Entry,
    Kind,
    entry_id_for,
    natural_key,
)
from gutbrain.domain.errors import EntryError

#: An attack longer than this is almost certainly a typo (ICHD-3 status migrainosus is > 72 h;
#: 31 days leaves room for it and for medication-overuse periods logged as one episode).
MAX_ATTACK = timedelta(days=31)
MAX_SLEEP = timedelta(hours=24)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
MAX_AHEAD = timedelta(days=366)
MAX_EXERCISE = timedelta(hours=24)
MAX_MENSTRUATION = timedelta(days=14)

_KINDS: dict[object, Kind] = {**{k.value: k for k in Kind}, **{k: k for k in Kind}}

DISABILITY = ("none", "mild", "moderate", "severe")
EFFECT = ("none", "some", "good", "complete")
FLOW = ("spotting", "light", "medium", "heavy")
DRUG_CLASSES = (
    "triptan",
    "nsaid",
    "paracetamol",
    "combination",
    "opioid",
    "ergot",
    "gepant",
    "ditan",
    "antiemetic",
    "preventive",
    "antibiotic",
    "other",
)


@lru_cache(maxsize=256)
def check_timezone(tz: str) -> str | None:
    """Return a problem message when ``tz`` is not an IANA zone name."""
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone {tz!r} (use an IANA name such as Europe/Berlin)"
    return None


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Lower-case, trimmed, de-duplicated tags in their first-seen order."""
    seen: dict[str, None] = {}
    for raw in tags:
        tag = " ".join(raw.strip().lower().split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


#: Longest name and unit the store's columns hold (store/tables.py: String(200), String(32)).
MAX_NAME, MAX_UNIT = 200, 32
#: ``details`` as JSON: the largest real one (an attack with every ICHD-3 field) is < 1 KiB;
#: an unbounded one made every later read of the entry cost seconds (docs/server.md).
MAX_DETAILS_BYTES = 16 * 1024


def problems_of(entry: Entry) -> list[str]:
    """Every rule the entry breaks (empty when it is valid)."""
    problems: list[str] = []
    if not entry.name.strip():
        problems.append("name is empty")
    for label, text in (("name", entry.name), ("notes", entry.notes), ("unit", entry.unit or "")):
        if "\x00" in text:  # not text, and PostgreSQL cannot store it
            problems.append(f"{label} contains a NUL character")
    problems.extend(_details_problems(entry.details))
    for label, size, longest in (("name", len(entry.name), MAX_NAME),
                                 ("unit", len(entry.unit or ""), MAX_UNIT)):  # fmt: skip
        if size > longest:  # PostgreSQL refuses longer values (SQLite would keep them)
            problems.append(f"{label} is longer than {longest} characters")
    if entry.start.tzinfo is None:
        problems.append("start has no time zone")
    tz_problem = check_timezone(entry.tz)
    if tz_problem:
        problems.append(tz_problem)
    if entry.start.tzinfo is not None:
        problems.extend(_date_range_problems(entry))
    if entry.intensity is not None and not 0 <= entry.intensity <= 10:
        problems.append(f"intensity {entry.intensity} is outside 0–10")
    if entry.amount is not None:
        if math.isnan(entry.amount) or math.isinf(entry.amount):
            problems.append("amount is not a number")
        elif entry.amount < 0 and entry.kind is not Kind.WEATHER:
            problems.append(f"amount {entry.amount:g} is negative")
    if entry.end is not None and entry.start.tzinfo is not None:
        if entry.end < entry.start:
            problems.append("end is before start")
        else:
            problems.extend(_duration_problems(entry))
    problems.extend(_kind_problems(entry))
    return problems


def _details_problems(details: Mapping[str, Any]) -> list[str]:
    try:
        text = json.dumps(details, default=str)
    except (TypeError, ValueError):
        return ["details are not JSON"]
    if len(text.encode()) > MAX_DETAILS_BYTES:
        return [f"details are larger than {MAX_DETAILS_BYTES // 1024} KiB as JSON (the limit)"]
    if "\\u0000" in text:  # json.dumps escapes NUL; PostgreSQL's JSON refuses it
        return ["details contain a NUL character"]
    return []


def _date_range_problems(entry: Entry) -> list[str]:
    """A diary holds a life, not history or plans: 1900 to a year ahead (a typo such as 2062
    for 2026 would otherwise stretch every analysis over decades of empty days)."""
    latest = datetime.now(UTC) + MAX_AHEAD
    problems = []
    for label, moment in (("start", entry.start), ("end", entry.end)):
        if moment is None:
            continue
        if moment < EARLIEST:
            problems.append(f"{label} {moment.date()} is before 1900")
        elif moment > latest:
            problems.append(f"{label} {moment.date()} is more than a year in the future")
    return problems


def _duration_problems(entry: Entry) -> list[str]:
    assert entry.end is not None
    limits = {
        Kind.ATTACK: (MAX_ATTACK, "an attack"),
        Kind.SLEEP: (MAX_SLEEP, "a night's sleep"),
        Kind.EXERCISE: (MAX_EXERCISE, "one exercise session"),
        Kind.MENSTRUATION: (MAX_MENSTRUATION, "one period"),
    }
    if entry.kind in limits:
        limit, what = limits[entry.kind]
        # A date-only end covers the whole end day.
        span = entry.end - entry.start
        if not entry.end_has_time:
            span -= timedelta(days=1)
        if span > limit:
            return [
                f"{what} cannot last {_human(entry.end - entry.start)} (at most {_human(limit)})"
            ]
    return []


def _human(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} h" if hours < 72 else f"{hours / 24:.0f} days"


def _kind_problems(entry: Entry) -> list[str]:
    problems: list[str] = []
    d: Mapping[str, Any] = entry.details
    if entry.is_stool:
        if entry.amount is None:
            problems.append("a stool entry needs its Bristol type (1–7)")
        elif entry.amount != int(entry.amount) or not 1 <= entry.amount <= 7:
            problems.append(f"Bristol stool type {entry.amount:g} is not one of 1–7")
    if entry.kind is Kind.ATTACK and d.get("disability") not in (None, *DISABILITY):
        problems.append(f"disability must be one of {', '.join(DISABILITY)}")
    if entry.kind is Kind.MEDICATION:
        if d.get("effect") not in (None, *EFFECT):
            problems.append(f"effect must be one of {', '.join(EFFECT)}")
        if d.get("drug_class") not in (None, *DRUG_CLASSES):
            problems.append(f"drug class must be one of {', '.join(DRUG_CLASSES)}")
        relief = d.get("relief_minutes")
        if relief is not None and (not isinstance(relief, int | float) or relief < 0):
            problems.append("time to relief must be a non-negative number of minutes")
        roles = {ACUTE_TAG, PREVENTIVE_TAG, ANTIBIOTIC_TAG} & set(entry.tags)
        if {ACUTE_TAG, PREVENTIVE_TAG} <= roles:
            problems.append("a medication cannot be both acute and preventive")
    if entry.kind is Kind.MENSTRUATION and d.get("flow") not in (None, *FLOW):
        problems.append(f"flow must be one of {', '.join(FLOW)}")
    return problems


def make_entry(
    *,
    diary_id: uuid.UUID,
    kind: Kind | str,
    name: str,
    start: datetime,
    tz: str,
    start_has_time: bool = True,
    end: datetime | None = None,
    end_has_time: bool = True,
    amount: float | None = None,
    unit: str | None = None,
    intensity: int | None = None,
    tags: Iterable[str] = (),
    notes: str = "",
    details: Mapping[str, Any] | None = None,
    id: uuid.UUID | None = None,
) -> Entry:
    """Build a valid, normalised entry or raise ``EntryError`` listing every problem."""
    found = _KINDS.get(kind) if isinstance(kind, Kind) else _KINDS.get(str(kind).strip().lower())
    if found is None:
        raise EntryError([f"unknown kind {kind!r} (one of: {', '.join(Kind)})"])
    kind = found
    if start.tzinfo is None:
        start = start.replace(tzinfo=ZoneInfo(tz) if check_timezone(tz) is None else UTC)
    if end is not None and end.tzinfo is None:
        end = end.replace(tzinfo=ZoneInfo(tz) if check_timezone(tz) is None else UTC)
    # Diary times are kept to the second: sub-second parts cannot survive a CSV round trip.
    start = start.astimezone(UTC).replace(microsecond=0)
    end = None if end is None else end.astimezone(UTC).replace(microsecond=0)
    name = " ".join(name.split())
    unit = unit.strip() if unit and unit.strip() else None
    clean_details = {k: v for k, v in (details or {}).items() if v not in (None, "", [])}
    key = natural_key(kind, name, start, end, amount, unit)
    entry = Entry(
        id=id or entry_id_for(diary_id, key),
        diary_id=diary_id,
        kind=kind,
        name=name,
        start=start,
        tz=tz,
        start_has_time=start_has_time,
        end=end,
        end_has_time=end_has_time if end is not None else True,
        amount=None if amount is None else float(amount),
        unit=unit,
        intensity=intensity,
        tags=normalise_tags(tags),
        notes=notes,  # kept byte for byte: a diary round trip must be lossless
        details=clean_details,
    )
    problems = problems_of(entry)
    if problems:
        raise EntryError(problems)
    object.__setattr__(entry, "_key", key)  # computed above for the id; saves a second pass
    return entry
