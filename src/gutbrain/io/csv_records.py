"""Reading any CSV file safely: every record with the line it starts on, hostile input refused.

Shared by the diary CSV and the other apps' CSV importers.  NUL bytes, invalid UTF-8 (named
by line and column), an unbalanced quote that would swallow the rest of the file, and a quote
that would merge rows are all reported with their line instead of being guessed at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from gutbrain.io.problems import ImportRejectedError, LineProblem

#: A line that starts like a diary row (ISO date, then a comma or a time) — inside a quoted
#: field it means a quote was left open and swallowed the rows after it.
_ROW_LIKE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ][0-9:+\-Zz]*)?\s*,")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class CsvTable:
    """A file's header (trimmed, lower-case), its records by starting line, row problems."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


def decode_csv_bytes(raw: bytes) -> str:
    """UTF-8 text of an uploaded file (a BOM is tolerated); invalid bytes are reported with
    their line number, as every other problem is."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        column = exc.start - (body.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ImportRejectedError(
            [
                LineProblem(
                    line,
                    f"not UTF-8 text (byte 0x{body[exc.start]:02x} at column {column}); "
                    "save the file as UTF-8 CSV",
                )
            ]
        ) from exc


def read_csv_records(
    data: str | bytes, *, single_line: Collection[str] = (), delimiter: str = ",",
    first_line: int = 1, ragged: bool = False,
) -> CsvTable:  # fmt: skip
    """Every non-blank record of a CSV file keyed by its (lower-cased) header.

    A file that cannot be read at all raises ``ImportRejectedError``; a bad row is listed in
    ``problems`` (with its line) and left out of ``rows``.  ``single_line`` names columns that
    never hold a line break, so one there is reported as an unbalanced quote.  ``first_line``
    is the line of the file ``data`` starts at (after a preamble).  ``ragged`` rows may be
    wider than the header (mySymptoms' item lists): extra cells are keyed ``field N``, N their
    1-based position, and a space after a delimiter is not part of the field.
    """
    text = decode_csv_bytes(data) if isinstance(data, bytes) else data
    if text.startswith("\ufeff"):
        text = text[1:]
    nul_problems = _nul_problems(text, first_line)
    if nul_problems:
        raise ImportRejectedError(nul_problems)
    # strict: a quote must close right before a delimiter or line end, so a stray quote that
    # pairs with a later one is caught instead of silently merging rows.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter,
                        skipinitialspace=ragged)  # fmt: skip
    shift = first_line - 1
    try:
        header_row = next(reader)
    except StopIteration:
        raise ImportRejectedError(
            [LineProblem(1, "the file is empty (a header row is needed)")]
        ) from None
    except csv.Error as exc:
        raise ImportRejectedError([LineProblem(first_line, f"not a CSV file ({exc})")]) from exc
    table = CsvTable([h.strip().lower() for h in header_row])
    if reader.line_num > 1:
        raise ImportRejectedError(
            [LineProblem(first_line, "the header row has a line break inside a quoted name")]
        )
    width = len(table.header)
    while True:
        line = reader.line_num + 1 + shift
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.problems.append(_quote_problem(line, reader.line_num + shift, str(exc)))
            break
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and ragged:
            names = [*table.header, *(f"field {i}" for i in range(width + 1, len(row) + 1))]
            table.rows.append((line, dict(zip(names, row, strict=True))))
            continue
        if len(row) > width:
            table.problems.append(
                LineProblem(line, f"{len(row)} fields but the header has {width}")
            )
            continue
        record = dict(zip(table.header, row + [""] * (width - len(row)), strict=True))
        if reader.line_num + shift > line:
            swallowed = _swallowed_rows(record, line, reader.line_num + shift, single_line)
            if swallowed:
                table.problems.append(swallowed)
                continue
        table.rows.append((line, record))
    return table


def _nul_problems(text: str, first_line: int) -> list[LineProblem]:
    if "\x00" not in text:
        return []
    lines = [n for n, line in enumerate(text.split("\n"), start=first_line) if "\x00" in line]
    return [LineProblem(n, "contains a NUL byte (\\0): this is not a text CSV file") for n in lines]


def _quote_problem(first: int, last: int, reason: str) -> LineProblem:
    if "field larger than field limit" in reason:
        return LineProblem(
            first,
            f"a field in the row starting here runs past {csv.field_size_limit():,} characters "
            f"(to line {last}): most likely an unbalanced quote",
        )
    if "unexpected end of data" in reason:
        return LineProblem(
            first,
            f"unbalanced quote: a quoted field opened in the row starting here is never closed "
            f"(it would swallow lines {first}–{last}, the rest of the file)",
        )
    return LineProblem(
        first,
        f"malformed quoting in the row starting here (at line {last}: {reason}); "
        'a quote inside a field must be doubled (""), and a field with commas or line '
        "breaks must be quoted as a whole",
    )


def _swallowed_rows(
    record: dict[str, str], first: int, last: int, single_line: Collection[str]
) -> LineProblem | None:
    """A record spanning several lines is fine only when free text holds the line breaks and
    none of the extra lines looks like a row of its own."""
    for column, value in record.items():
        if "\n" not in value and "\r" not in value:
            continue
        inner = _LINE_BREAK.split(value)[1:]
        if column in single_line or any(_ROW_LIKE.match(x) for x in inner):
            return LineProblem(
                first,
                f"unbalanced quote: the {column!r} field runs over lines {first}–{last} and "
                "swallows what look like rows of their own; close or double the quote",
            )
    return None
