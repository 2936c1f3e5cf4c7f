"""Any CSV through a column mapping: ``--map name=Food,start=Date`` says which column holds
each diary field, ``--map kind=Type:Meal=food,Med=medication`` also maps the column's values,
and ``--default kind=food`` fills a field no column holds."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gutbrain.domain.entries import Kind
from gutbrain.io.app_csv import AppFormat, RowContext, number, split_list
from gutbrain.io.loose_time import parse_duration
from gutbrain.io.problems import ImportRejectedError, LineProblem

#: The diary fields a mapping may fill.
MAP_FIELDS = ("start", "end", "kind", "name", "amount", "unit", "intensity", "tags", "notes",
              "date", "time", "duration")  # fmt: skip


@dataclass
class ColumnMap:
    """Which column holds each field (lower-case), and per field a map of its values."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


def _refused(reason: str) -> ImportRejectedError:
    return ImportRejectedError([LineProblem(0, reason, "--map")])


def _field(target: str, part: str) -> str:
    wanted = target.strip().lower()
    if wanted in MAP_FIELDS:
        return wanted
    near = difflib.get_close_matches(wanted, MAP_FIELDS, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise _refused(f"--map {part!r}: {target.strip()!r} is not a diary field (one of "
                   f"{', '.join(MAP_FIELDS)}){hint}")  # fmt: skip


def parse_mapping(specs: Iterable[str]) -> ColumnMap:
    """``name=Food,start=Date`` and ``kind=Type:Meal=food,Med=medication`` (repeatable):
    after ``field=Column:Value=target``, parts whose left side is not a diary field add to
    that field's value map."""
    out = ColumnMap()
    current: str | None = None
    for spec in specs:
        for part in filter(None, (p.strip() for p in spec.split(","))):
            left, sep, right = part.partition("=")
            if not sep or not right.strip() or not left.strip():
                raise _refused(f"--map {part!r}: write field=Column (or "
                               "field=Column:Value=target,Value=target)")  # fmt: skip
            if current is not None and left.strip().lower() not in MAP_FIELDS:
                out.values[current][left.strip().lower()] = right.strip()
                continue
            target = _field(left, part)
            source, colon, first = right.partition(":")
            out.columns[target] = source.strip().lower()
            current = None
            if colon:
                value, eq, to = first.partition("=")
                if not eq or not value.strip() or not to.strip():
                    raise _refused(f"--map {part!r}: a value map is Column:Value=target,…")
                out.values[target] = {value.strip().lower(): to.strip()}
                current = target
    return out


def _check(mapping: ColumnMap, defaults: Mapping[str, str]) -> None:
    columns, problems = mapping.columns, []
    if "start" not in columns and "date" not in columns:
        problems.append("map start=COLUMN (or date=COLUMN and time=COLUMN)")
    if "name" not in columns and "name" not in defaults:
        problems.append("map name=COLUMN (or give --default name=…)")
    if "kind" not in columns and "kind" not in defaults:
        problems.append("map kind=COLUMN or give --default kind=food (or another kind)")
    kinds = {k.value for k in Kind}
    kind_default = defaults.get("kind", "").strip().lower()
    if kind_default and kind_default not in kinds:
        problems.append(f"--default kind={kind_default!r} is not one of {', '.join(Kind)}")
    for value, to in mapping.values.get("kind", {}).items():
        if to.lower() not in kinds:
            problems.append(f"--map kind=…:{value}={to}: {to!r} is not one of {', '.join(Kind)}")
    for name in defaults:
        if name not in MAP_FIELDS:
            problems.append(f"--default {name}=…: {name!r} is not a diary field")
    if problems:
        raise ImportRejectedError([LineProblem(0, p, "--map") for p in problems])


def mapped_format(mapping: ColumnMap, defaults: Mapping[str, str]) -> AppFormat:
    """A format from a column mapping: ``start`` (or ``date`` + ``time``), ``name`` and ``kind``
    (a column, or ``--default kind=food``) are needed; other fields are optional."""
    _check(mapping, defaults)
    columns, kinds = mapping.columns, {k.value for k in Kind}

    def value(record: dict[str, str], name: str) -> str:
        if name not in columns:
            return defaults.get(name, "").strip()
        raw = record.get(columns[name], "").strip()
        return mapping.values.get(name, {}).get(raw.lower(), raw)

    def row(record: dict[str, str], ctx: RowContext) -> list[dict[str, Any]]:
        start, has_time = ctx.moment(value(record, "start") or value(record, "date"),
                                     value(record, "time"))  # fmt: skip
        kind = value(record, "kind")
        if kind.lower() not in kinds:
            raise ValueError(f"kind {kind!r} is not a diary kind; map the value, e.g. --map "
                             f"kind={columns.get('kind', 'COLUMN')}:{kind or '…'}=food")  # fmt: skip
        fields: dict[str, Any] = {
            "kind": kind, "name": value(record, "name"),
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

    required = {f: (c,) for f, c in columns.items()}
    dates = [columns[f] for f in ("start", "date", "end") if f in columns]
    return AppFormat("mapped", "your --map", required, dates, row)
