"""The diary CSV contract (``shared/spec/diary-csv.md``): whole-file validation, lossless export.

Import is all-or-nothing: every bad line is reported with its number and reason and nothing
is returned for writing.  Export adds two optional columns the contract allows (``tz`` — the
entry's IANA zone — and ``details`` — kind-specific extras as JSON) so that export → import →
export is byte-identical.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from typing import Any

from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.errors import EntryError
from gutbrain.domain.rules import check_timezone, make_entry
from gutbrain.io.csv_records import read_csv_records
from gutbrain.io.problems import ImportRejectedError, LineProblem
from gutbrain.io.timefmt import (
    TimeFormatError,
    format_instant,
    format_number,
    parse_instant,
    parse_number,
)

CONTRACT_COLUMNS = ("start", "kind", "name", "end", "amount", "unit", "intensity", "tags", "notes")
EXTRA_COLUMNS = ("tz", "details")
EXPORT_COLUMNS = CONTRACT_COLUMNS + EXTRA_COLUMNS
REQUIRED = ("start", "kind", "name")
KIND_VALUES = frozenset(k.value for k in Kind)


class CsvImportError(ImportRejectedError):
    """A diary CSV was rejected whole; ``problems`` lists every bad line."""


#: Columns that never hold a line break: one there means a stray quote swallowed a row end.
SINGLE_LINE_COLUMNS = frozenset((*REQUIRED, "end", "amount", "unit", "intensity", "tags", "tz"))


def read_diary_csv(text: str | bytes, *, diary_id: uuid.UUID, tz: str) -> list[Entry]:
    """Parse and validate a whole diary CSV; raise ``CsvImportError`` listing every bad line.

    Hostile input is refused whole rather than guessed at (``io.csv_records``): NUL bytes,
    invalid UTF-8 and unbalanced quotes are each reported with the line they start on.
    """
    try:
        table = read_csv_records(text, single_line=SINGLE_LINE_COLUMNS)
    except ImportRejectedError as exc:
        raise CsvImportError(exc.problems) from None
    problems = _header_problems(table.header) + table.problems
    if problems and problems[0].line == 1:
        raise CsvImportError(problems)
    unknown = [h for h in table.header if h not in EXPORT_COLUMNS and h]
    entries: list[Entry] = []
    for line, record in table.rows:
        try:
            entries.append(_entry_from_record(record, unknown, diary_id=diary_id, tz=tz))
        except EntryError as exc:
            problems.extend(LineProblem(line, p) for p in exc.problems)
    if problems:
        raise CsvImportError(sorted(problems, key=lambda p: p.line))
    return entries


def _header_problems(header: list[str]) -> list[LineProblem]:
    problems = [
        LineProblem(1, f"the required column {col!r} is missing")
        for col in REQUIRED
        if col not in header
    ]
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    problems.extend(LineProblem(1, f"the column {d!r} appears twice") for d in dupes)
    return problems


def _entry_from_record(
    record: dict[str, str], unknown: list[str], *, diary_id: uuid.UUID, tz: str
) -> Entry:
    problems: list[str] = []
    row_tz = record.get("tz", "").strip() or tz
    tz_problem = check_timezone(row_tz)
    if tz_problem:
        raise EntryError([tz_problem])
    kind_text = record["kind"].strip().lower()
    if kind_text not in KIND_VALUES:
        problems.append(
            f"unknown kind {record['kind'].strip()!r} (one of: {', '.join(k.value for k in Kind)})"
        )
    start = end = None
    start_has_time = end_has_time = True
    try:
        start, start_has_time = parse_instant(record["start"], row_tz)
    except TimeFormatError as exc:
        problems.append(f"start: {exc}")
    if record.get("end", "").strip():
        try:
            end, end_has_time = parse_instant(record["end"], row_tz)
        except TimeFormatError as exc:
            problems.append(f"end: {exc}")
    amount = _number(record.get("amount", ""), "amount", problems)
    intensity_value = _number(record.get("intensity", ""), "intensity", problems)
    intensity = None
    if intensity_value is not None:
        if intensity_value != int(intensity_value):
            problems.append(f"intensity {intensity_value:g} is not a whole number 0–10")
        else:
            intensity = int(intensity_value)
    details: dict[str, Any] = {}
    if record.get("details", "").strip():
        try:
            loaded = json.loads(record["details"])
            if not isinstance(loaded, dict):
                raise ValueError("not an object")
            details = loaded
        except ValueError:
            problems.append("details is not a JSON object")
    if not record["name"].strip():
        problems.append("name is empty")
    if problems:
        raise EntryError(problems)
    assert start is not None
    notes = record.get("notes", "")
    extra = [f"{col}: {record[col].strip()}" for col in unknown if record.get(col, "").strip()]
    if extra:
        notes = "; ".join([notes.strip(), *extra]) if notes.strip() else "; ".join(extra)
    return make_entry(
        diary_id=diary_id,
        kind=kind_text,
        name=record["name"],
        start=start,
        tz=row_tz,
        start_has_time=start_has_time,
        end=end,
        end_has_time=end_has_time,
        amount=amount,
        unit=record.get("unit") or None,
        intensity=intensity,
        tags=record.get("tags", "").split(";"),
        notes=notes,
        details=details,
    )


def _number(text: str, column: str, problems: list[str]) -> float | None:
    try:
        return parse_number(text, column)
    except ValueError as exc:
        problems.append(str(exc))
        return None


def export_sort_key(entry: Entry) -> tuple[Any, ...]:
    return (entry.start, entry.kind.value, entry.name.lower(), entry.natural_key())


def entry_to_record(entry: Entry) -> dict[str, str]:
    """One CSV row for an entry (all strings)."""
    return {
        "start": format_instant(entry.start, entry.tz, entry.start_has_time),
        "kind": entry.kind.value,
        "name": entry.name,
        "end": "" if entry.end is None else format_instant(entry.end, entry.tz, entry.end_has_time),
        "amount": "" if entry.amount is None else format_number(entry.amount),
        "unit": entry.unit or "",
        "intensity": "" if entry.intensity is None else str(entry.intensity),
        "tags": ";".join(entry.tags),
        "notes": entry.notes,
        "tz": entry.tz,
        "details": json.dumps(dict(entry.details), sort_keys=True, separators=(",", ":"))
        if entry.details
        else "",
    }


def write_diary_csv(entries: Iterable[Entry]) -> str:
    """The diary as contract CSV text (sorted by start, so output is deterministic)."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in sorted(entries, key=export_sort_key):
        writer.writerow(entry_to_record(entry))
    return out.getvalue()
