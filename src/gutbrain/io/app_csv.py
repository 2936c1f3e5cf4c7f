"""Other apps' CSV exports, and any CSV through a column mapping (``--map name=Food,…``).

Each format is a function from one CSV record to entry fields; this module does the rest the
same way for all: safe reading (``io.csv_records``), finding columns by their known names,
detecting day-first dates once per file, building validated entries, and collecting every
problem with its line so a bad file is rejected whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.errors import EntryError
from gutbrain.domain.rules import make_entry
from gutbrain.io.csv_records import CsvTable, read_csv_records
from gutbrain.io.loose_time import parse_duration, parse_moment, slashed_order
from gutbrain.io.problems import ImportRejectedError, LineProblem
from gutbrain.io.timefmt import TimeFormatError, parse_number

#: The diary fields a mapping may fill, and the column names recognised for each by default.
MAP_FIELDS = ("start", "end", "kind", "name", "amount", "unit", "intensity", "tags", "notes",
              "date", "time", "duration")  # fmt: skip


class RowContext:
    """What a format's row function may use: the diary zone and the file's date order."""

    def __init__(self, tz: str, day_first: bool | None) -> None:
        self.tz = tz
        self.day_first = day_first

    def moment(self, day: str, clock: str = "") -> tuple[datetime, bool]:
        return parse_moment(day, clock, self.tz, day_first=self.day_first)


#: A format's row function: one record → the fields of zero or more entries.
RowFunction = Callable[[dict[str, str], RowContext], list[dict[str, Any]]]


@dataclass(frozen=True)
class AppFormat:
    """One app's export: its name, where the format comes from, the columns it needs (each a
    tuple of accepted names), the columns holding dates, and its row function."""

    name: str
    origin: str
    required: Mapping[str, Sequence[str]]
    date_columns: Sequence[str]
    row: RowFunction


@dataclass
class AppCsvResult:
    entries: list[Entry] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    rows: int = 0


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


def _date_order(table: CsvTable, columns: Iterable[str], day_first: bool | None) -> bool | None:
    if day_first is not None:
        return day_first
    values = [r[c] for _, r in table.rows for c in columns if c in r]
    try:
        return slashed_order(values)
    except TimeFormatError as exc:
        raise ImportRejectedError([LineProblem(1, str(exc))]) from exc


def read_app_csv(
    data: str | bytes, fmt: AppFormat, *, diary_id: uuid.UUID, tz: str,
    day_first: bool | None = None,
) -> AppCsvResult:  # fmt: skip
    """Entries from one app's CSV export; raises ``ImportRejectedError`` listing every problem."""
    table = read_csv_records(data, delimiter=_delimiter(data))
    missing = [
        f"no {what} column (looked for: {', '.join(names)}); is this a {fmt.name} export?"
        for what, names in fmt.required.items()
        if not any(n in table.header for n in names)
    ]
    if missing:
        raise ImportRejectedError([LineProblem(1, m) for m in missing])
    ctx = RowContext(tz, _date_order(table, fmt.date_columns, day_first))
    out = AppCsvResult(problems=list(table.problems), rows=len(table.rows))
    for line, record in table.rows:
        try:
            drafts = fmt.row(record, ctx)
        except (ValueError, KeyError) as exc:
            out.problems.append(LineProblem(line, str(exc)))
            continue
        for draft in drafts:
            try:
                out.entries.append(make_entry(diary_id=diary_id, tz=tz, **draft))
            except EntryError as exc:
                out.problems.extend(LineProblem(line, p) for p in exc.problems)
    if out.problems:
        raise ImportRejectedError(sorted(out.problems, key=lambda p: p.line))
    return out


def _delimiter(data: str | bytes) -> str:
    """Semicolon-separated files (spreadsheets in comma-decimal locales) are common."""
    first = data[:4096].decode("utf-8", "replace") if isinstance(data, bytes) else data[:4096]
    head = first.split("\n", 1)[0]
    return ";" if head.count(";") > head.count(",") else ","


# -- the generic mapping ---------------------------------------------------------------------
def parse_mapping(specs: Iterable[str]) -> dict[str, str]:
    """``name=Food,start=Date`` (repeatable) → {diary field: column, lower-case}."""
    mapping: dict[str, str] = {}
    for spec in specs:
        for part in filter(None, (p.strip() for p in spec.split(","))):
            target, sep, source = part.partition("=")
            target = target.strip().lower()
            if not sep or not source.strip():
                raise ImportRejectedError([LineProblem(0, f"--map {part!r}: write field=Column",
                                                       "option")])  # fmt: skip
            if target not in MAP_FIELDS:
                raise ImportRejectedError([LineProblem(0, f"--map {part!r}: {target!r} is not one of "
                                                       f"{', '.join(MAP_FIELDS)}", "option")])  # fmt: skip
            mapping[target] = source.strip().lower()
    return mapping


def mapped_format(mapping: Mapping[str, str], defaults: Mapping[str, str]) -> AppFormat:
    """A format from a column mapping: ``start`` (or ``date`` + ``time``), ``name`` and ``kind``
    (a column, or ``--default kind=food``) are needed; other fields are optional."""
    problems = []
    if "start" not in mapping and "date" not in mapping:
        problems.append("map start=COLUMN (or date=COLUMN and time=COLUMN)")
    if "name" not in mapping and "name" not in defaults:
        problems.append("map name=COLUMN (or give --default name=…)")
    if "kind" not in mapping and "kind" not in defaults:
        problems.append("map kind=COLUMN or give --default kind=food (or another kind)")
    kind_default = defaults.get("kind", "").strip().lower()
    if kind_default and kind_default not in {k.value for k in Kind}:
        problems.append(f"--default kind={kind_default!r} is not one of {', '.join(Kind)}")
    if problems:
        raise ImportRejectedError([LineProblem(0, p, "option") for p in problems])
    required = {f: (c,) for f, c in mapping.items()}

    def value(record: dict[str, str], name: str) -> str:
        if name in mapping:
            return record.get(mapping[name], "").strip()
        return defaults.get(name, "").strip()

    def row(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
        start, has_time = ctx.moment(value(record, "start") or value(record, "date"),
                                     value(record, "time"))  # fmt: skip
        fields: dict[str, Any] = {
            "kind": value(record, "kind"), "name": value(record, "name"),
            "start": start, "start_has_time": has_time,
            "amount": number(value(record, "amount"), "amount"),
            "unit": value(record, "unit") or None,
            "tags": split_list(value(record, "tags")), "notes": value(record, "notes"),
        }  # fmt: skip
        intensity = number(value(record, "intensity"), "intensity")
        if intensity is not None:
            if intensity != int(intensity):
                raise ValueError(f"intensity {intensity:g} is not a whole number 0–10")
            fields["intensity"] = int(intensity)
        if value(record, "end"):
            fields["end"], fields["end_has_time"] = ctx.moment(value(record, "end"))
        elif value(record, "duration"):
            fields["end"] = start + parse_duration(value(record, "duration"))
        return [fields]

    dates = [mapping[f] for f in ("start", "date", "end") if f in mapping]
    return AppFormat("mapped", "your --map", required, dates, row)
