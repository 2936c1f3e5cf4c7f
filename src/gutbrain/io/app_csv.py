"""Other apps' CSV exports, and any CSV through a column mapping (``--map name=Food,…``).

Each format is a function from one CSV record to entry fields; this module does the rest the
same way for all: safe reading (``io.csv_records``), finding columns by their known names,
detecting day-first dates once per file, building validated entries, and collecting every
problem with its line so a bad file is rejected whole.
"""

from __future__ import annotations

import csv
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.domain.errors import EntryError
from gutbrain.domain.rules import make_entry
from gutbrain.io.csv_records import CsvTable, decode_csv_bytes, read_csv_records
from gutbrain.io.loose_time import parse_moment, slashed_order
from gutbrain.io.problems import ImportRejectedError, LineProblem
from gutbrain.io.timefmt import TimeFormatError, parse_number


class RowContext:
    """What a format's row function may use: the diary zone, the file's date order, and a tally
    of how values were mapped (``mapped("pain 0 → note")``) for the import report."""

    def __init__(self, tz: str, day_first: bool | None) -> None:
        self.tz = tz
        self.day_first = day_first
        self.tally: Counter[str] = Counter()

    def moment(self, day: str, clock: str = "") -> tuple[datetime, bool]:
        return parse_moment(day, clock, self.tz, day_first=self.day_first)

    def mapped(self, what: str, n: int = 1) -> None:
        self.tally[what] += n


#: A format's row function: one record → the fields of zero or more entries.
RowFunction = Callable[[dict[str, str], RowContext], list[dict[str, Any]]]


@dataclass(frozen=True)
class AppFormat:
    """One app's export: its name, where the format comes from, the columns it needs (each a
    tuple of accepted names), the columns holding dates, and its row function.  ``ragged``
    formats have rows of any width (extra cells are ``field N``); ``header_optional`` ones may
    start with data and no header (``positions`` then name the first cells)."""

    name: str
    origin: str
    required: Mapping[str, Sequence[str]]
    date_columns: Sequence[str]
    row: RowFunction
    ragged: bool = False
    positions: Sequence[str] = ()


class Tracked(dict[str, str]):
    """A record that remembers which of its columns the format read (for the field report)."""

    def __init__(self, data: Mapping[str, str]) -> None:
        super().__init__(data)
        self.seen: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.seen.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.seen.add(key)
        return super().get(key, default)


@dataclass
class FieldReport:
    """Per file: which columns were kept (read into entries), how values were mapped, and
    which columns held values no entry took (left out), each with how many values."""

    kept: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)
    mapped: Counter[str] = field(default_factory=Counter)
    preamble: int = 0

    def add(self, record: Tracked) -> None:
        for name, value in record.items():
            if value.strip():
                (self.kept if name in record.seen else self.left_out)[name] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "kept": dict(self.kept), "left out": dict(self.left_out),
            "mapped": dict(self.mapped), "preamble lines": self.preamble,
        }  # fmt: skip


@dataclass
class AppCsvResult:
    """Entries read, bad records skipped (with line and reason), rows, and the field report."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    rows: int = 0
    fields: FieldReport = field(default_factory=FieldReport)


def column(record: Mapping[str, str], *names: str) -> str:
    """The first of these columns the record has (names are lower-case), stripped."""
    for name in names:
        if name in record:
            return record[name].strip()
    return ""


def number(text: str, what: str) -> float | None:
    return parse_number(text, what, decimal_comma=True)


def split_list(text: str) -> list[str]:
    """``a; b, c`` or ``a | b`` → items (apps use all three)."""
    for sep in (";", "|"):
        text = text.replace(sep, ",")
    return [item.strip() for item in text.split(",") if item.strip()]


def _date_order(table: CsvTable, columns: Iterable[str], day_first: bool | None,
                line: int) -> bool | None:  # fmt: skip
    if day_first is not None:
        return day_first
    values = [r[c] for _, r in table.rows for c in columns if c in r]
    try:
        return slashed_order(values)
    except TimeFormatError as exc:
        raise ImportRejectedError([LineProblem(line, str(exc))]) from exc


def _has_columns(fmt: AppFormat, header: Iterable[str]) -> bool:
    names = {h.strip().strip('"').strip().lower() for h in header}
    return all(any(n in names for n in options) for options in fmt.required.values())


#: How far into a file a header row is looked for (Migraine Buddy puts a section before it).
HEADER_SEARCH_LINES = 200


def header_line(text: str, fmt: AppFormat) -> int | None:
    """0-based index of the header row: the first line with every required column (a preamble
    such as Migraine Buddy's "ongoing events" section may come before it), or None."""
    delimiter = _delimiter(text)
    lines = text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]
    for index, line in enumerate(lines):
        cells = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])
        if _has_columns(fmt, cells):
            return index
    return None


#: A positional row: a date, a clock time, then a word (mySymptoms' ``12/26/2017, 10:00, Symptom``).
_POSITIONAL_ROW = re.compile(r"^\s*\"?\d{1,2}/\d{1,2}/\d{2,4}\"?\s*[,;]\s*\"?\d{1,2}:\d{2}"
                             r"(?:\s*[AaPp][Mm])?\"?\s*[,;]\s*\"?[A-Za-z]")  # fmt: skip


def looks_like(text: str, fmt: AppFormat) -> bool:
    """Whether ``text`` (the start of a file) is this format's export: its header columns, or
    for a positional format, rows shaped like its rows among the first lines."""
    if fmt.positions:
        return any(_POSITIONAL_ROW.match(line) for line in text.split("\n", 3)[:3])
    return header_line(text, fmt) is not None


def read_app_csv(
    data: str | bytes, fmt: AppFormat, *, diary_id: uuid.UUID, tz: str,
    day_first: bool | None = None, strict: bool = False,
) -> AppCsvResult:  # fmt: skip
    """Entries from one app's CSV export, record by record: a record that cannot be read is
    skipped and listed in ``problems`` with its line and reason.  A file that cannot be read
    as a whole (wrong format, broken quoting, not text), one with no good record, or any bad
    record when ``strict``, raises ``ImportRejectedError`` listing every problem."""
    text = decode_csv_bytes(data) if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    delimiter = _delimiter(text)
    start = header_line(text, fmt) or 0
    if fmt.positions and starts_with_data(text):
        body = ",".join(fmt.positions) + "\n" + text  # a headerless file: name the cells
        table = read_csv_records(body, delimiter=delimiter, first_line=0, ragged=fmt.ragged)
    else:
        body = text.split("\n", start)[start] if start else text
        table = read_csv_records(body, delimiter=delimiter, first_line=start + 1,
                                 ragged=fmt.ragged)  # fmt: skip
    if fmt.positions:  # cells are read by position whatever the header calls them
        table.rows = [(n, _by_position(r, fmt.positions)) for n, r in table.rows]
        table.header = list(fmt.positions)
    missing = [
        f"no {what} column (looked for: {', '.join(names)}); is this a {fmt.name} export?"
        for what, names in fmt.required.items()
        if not any(n in table.header for n in names)
    ]
    if missing:
        raise ImportRejectedError([LineProblem(start + 1, m) for m in missing])
    if table.problems:  # the file's structure is broken: nothing after it can be trusted
        raise ImportRejectedError(table.problems)
    ctx = RowContext(tz, _date_order(table, fmt.date_columns, day_first, start + 1))
    out = AppCsvResult(rows=len(table.rows))
    out.fields.preamble = start
    for line, raw in table.rows:
        record = Tracked(raw)
        try:
            drafts = fmt.row(record, ctx)
            made = [make_entry(**{"diary_id": diary_id, "tz": tz, **draft}) for draft in drafts]
        except (ValueError, KeyError) as exc:
            out.problems.append(LineProblem(line, str(exc)))
            continue
        except EntryError as exc:
            out.problems.extend(LineProblem(line, p) for p in exc.problems)
            continue
        out.entries.extend(made)
        out.fields.add(record)
    out.fields.mapped = ctx.tally
    if out.problems and (strict or not out.entries):
        raise ImportRejectedError(sorted(out.problems, key=lambda p: p.line))
    return out


_DATA_START = re.compile(r"^\s*\"?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")


def starts_with_data(text: str) -> bool:
    return bool(_DATA_START.match(text.lstrip("\r\n").split("\n", 1)[0]))


def _by_position(record: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    cells = list(record.values())
    out = dict(zip(names, cells, strict=False))
    out.update({f"field {i}": v for i, v in enumerate(cells[len(names) :], len(names) + 1)})
    return out


def _delimiter(data: str | bytes) -> str:
    """Semicolon-separated files (spreadsheets in comma-decimal locales) are common."""
    first = data[:4096].decode("utf-8", "replace") if isinstance(data, bytes) else data[:4096]
    head = first.split("\n", 1)[0]
    return ";" if head.count(";") > head.count(",") else ","
