"""Bringing history in from other places (Apple Health, Health Connect, other apps' CSVs).

Every importer follows the diary CSV's rules: the whole file is read and validated first, a bad
file is rejected whole with every problem located (``ImportRejectedError``), then its entries are
added in one transaction; entries already in the diary are skipped, so a re-import adds
nothing.  ``dry_run`` does everything except the writing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.io.health_samples import HealthSample, to_entries
from gutbrain.io.problems import SHOWN as SHOWN
from gutbrain.io.problems import ImportRejectedError, LineProblem
from gutbrain.services import diary as svc

#: Personal food definitions that make imported nutrient entries count as what they are
#: (added only when the diary has no mapping of its own for the name).
NUTRIENT_FOODS: dict[str, dict[str, Any]] = {
    "dietary fiber": {"define": {"fiber_g_per_100g": 100.0, "serving_g": 1.0}},
    "caffeine": {
        "define": {"components": ["caffeine"], "caffeine_mg_per_100g": 100_000.0, "serving_g": 0.1}
    },
}


@dataclass(frozen=True, slots=True)
class SourceImport:
    """What an import from another app did (or, for a dry run, would do): entries read, added
    and updated (a newer export's fuller version of an entry the same source gave before),
    the bad records skipped with their position and reason, and per file which fields were
    kept, mapped and left out."""

    source: str
    entries: tuple[Entry, ...]
    added: int
    dry_run: bool = False
    read: dict[str, int] = field(default_factory=dict)
    updated: int = 0
    problems: tuple[LineProblem, ...] = ()
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.entries)

    @property
    def skipped(self) -> int:
        """Entries already in the diary."""
        return self.rows - self.added - self.updated

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(e.kind.value for e in self.entries).items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "dry_run": self.dry_run, "entries": self.rows,
            "added": self.added, "updated": self.updated, "skipped": self.skipped,
            "by_kind": self.by_kind, "read": self.read,
            "bad_records": [{"where": p.where, "position": p.line, "reason": p.reason}
                            for p in self.problems],
            "fields": self.fields,
        }  # fmt: skip


def already_there(ctx: svc.Context, entries: Sequence[Entry]) -> int:
    """How many of these entries the diary holds already (ids follow the natural key)."""
    return len(ctx.store.ids_taken(list({e.id: None for e in entries})))


def _fuller(new: Entry, old: Entry) -> bool:
    """A newer export's version of a record goes further (an attack that has ended since, a
    period with more days, a day's exercise total with more minutes)."""
    if (new.end is None) != (old.end is None):
        return new.end is not None
    if new.end is not None and old.end is not None and new.end != old.end:
        return new.end > old.end
    return (new.amount or 0) > (old.amount or 0)


def _sort_out(
    ctx: svc.Context, source: str, entries: list[Entry]
) -> tuple[list[Entry], list[Entry], int]:
    """New entries, fuller versions of ones this source gave before (to replace them, keeping
    their ids), and how many are already there.  An entry's source identity is its source,
    kind, name and start: overlapping exports deduplicate by it."""
    if not entries:
        return [], [], 0
    days = [e.day for e in entries]
    kinds = sorted({e.kind for e in entries})
    earlier = svc.list_entries(ctx, since=min(days) - timedelta(days=1),
                               until=max(days) + timedelta(days=1), kinds=kinds)  # fmt: skip
    keys = {e.natural_key() for e in earlier}
    mine = {(e.kind, e.name, e.start): e for e in earlier if e.details.get("source") == source}
    fresh, fuller, there = [], [], 0
    for entry in entries:
        old = mine.get((entry.kind, entry.name, entry.start))
        if entry.natural_key() in keys:
            there += 1
        elif old is not None:
            if _fuller(entry, old):
                fuller.append(replace(entry, id=old.id))
            else:
                there += 1
        else:
            fresh.append(entry)
    return fresh, fuller, there


def store(
    ctx: svc.Context, source: str, entries: list[Entry], *, dry_run: bool,
    read: dict[str, int], problems: Sequence[LineProblem] = (),
    fields: dict[str, Any] | None = None,
) -> SourceImport:  # fmt: skip
    """Add validated entries in one transaction (or count what a dry run would add); each
    carries its ``source`` in ``details``, so a newer, overlapping export adds nothing twice
    and updates what it extends."""
    unique = [
        e if e.details.get("source") else replace(e, details={**e.details, "source": source})
        for e in {e.natural_key(): e for e in entries}.values()
    ]
    fresh, fuller, _there = _sort_out(ctx, source, unique)
    if dry_run:
        added = len(fresh) - already_there(ctx, fresh)
    else:
        added = svc.add_entries(ctx, fresh)
        for entry in fuller:
            svc.replace_entry(ctx, entry)
        names = {e.name for e in unique}
        aliases = svc.food_aliases(ctx)
        for name, mapping in NUTRIENT_FOODS.items():
            if name in names and name not in aliases:
                svc.set_food_alias(ctx, name, mapping)
    return SourceImport(source, tuple(unique), added, dry_run, read, len(fuller),
                        tuple(problems), fields or {})  # fmt: skip


def import_samples(
    ctx: svc.Context,
    source: str,
    samples: list[HealthSample],
    *,
    dry_run: bool,
    read: dict[str, int],
    problems: Sequence[LineProblem] = (),
    strict: bool = False,
) -> SourceImport:
    """Map phone samples to entries (``io.health_samples``) and store them, record by record:
    a bad record (``problems`` from the scan, or one the mapping refuses, such as a sleep
    sample ending before it starts) is skipped and listed; ``strict`` rejects the file."""
    conversion = to_entries(samples, diary_id=ctx.diary_id, diary_tz=ctx.tz, source=source)
    bad = sorted([*problems, *conversion.problems], key=lambda p: p.line)
    if bad and (strict or not conversion.entries):
        raise ImportRejectedError(bad)
    read = {**read, "duplicate samples": conversion.duplicates, "bad records": len(bad)}
    return store(ctx, source, conversion.entries, dry_run=dry_run, read=read, problems=bad)


def _whole_file(problems: Sequence[LineProblem]) -> None:
    """Problems with the file itself (a table without a needed column) refuse it whole."""
    fatal = [p for p in problems if p.line <= 0 or p.where in ("file", "table")]
    if fatal:
        raise ImportRejectedError(fatal)


def import_apple_health(
    ctx: svc.Context, path: Path, *, dry_run: bool = False, progress: Any = None,
    strict: bool = False,
) -> SourceImport:  # fmt: skip
    """Apple Health's export.zip (or its export.xml), streamed."""
    from gutbrain.io.apple_health import scan_export

    scan = scan_export(path, progress)
    _whole_file(scan.problems)
    read = {
        "records": scan.records,
        "records in correlations": scan.records_in_correlations,
        "workouts": scan.workouts,
        "samples used": len(scan.samples),
    }
    return import_samples(ctx, "Apple Health", scan.samples, dry_run=dry_run, read=read,
                          problems=scan.problems, strict=strict)  # fmt: skip


def import_health_connect(
    ctx: svc.Context, path: Path, *, dry_run: bool = False, strict: bool = False
) -> SourceImport:
    """Android Health Connect's export zip (or the database inside it)."""
    from gutbrain.io.health_connect import scan_database

    scan = scan_database(path)
    _whole_file(scan.problems)
    read = {f"{table.removesuffix('_table')} rows": n for table, n in sorted(scan.rows.items())}
    read["samples used"] = len(scan.samples)
    return import_samples(ctx, "Health Connect", scan.samples, dry_run=dry_run, read=read,
                          problems=scan.problems, strict=strict)  # fmt: skip


def import_app_csv(
    ctx: svc.Context, app: str, data: bytes | str, *, dry_run: bool = False,
    day_first: bool | None = None, strict: bool = False,
) -> SourceImport:  # fmt: skip
    """Another app's CSV export (``app`` is a key of ``io.app_formats.FORMATS``), record by
    record: bad records are skipped and listed; ``strict`` rejects the file for any."""
    from gutbrain.io.app_csv import read_app_csv
    from gutbrain.io.app_formats import FORMATS

    fmt = FORMATS[app]
    result = read_app_csv(data, fmt, diary_id=ctx.diary_id, tz=ctx.tz, day_first=day_first,
                          strict=strict)  # fmt: skip
    return _stored_csv(ctx, fmt.name, result, dry_run)


def _stored_csv(ctx: svc.Context, source: str, result: Any, dry_run: bool) -> SourceImport:
    read = {"rows": result.rows, "bad records": len(result.problems)}
    return store(ctx, source, result.entries, dry_run=dry_run, read=read,
                 problems=result.problems, fields=result.fields.as_json())  # fmt: skip


def import_mapped_csv(
    ctx: svc.Context, data: bytes | str, mapping: Sequence[str], defaults: Sequence[str] = (),
    *, dry_run: bool = False, day_first: bool | None = None, strict: bool = False,
) -> SourceImport:  # fmt: skip
    """Any CSV through a column mapping (``name=Food,start=Date``, with value maps
    ``kind=Type:Meal=food,Med=medication``) and fixed values (``kind=food``)."""
    from gutbrain.io.app_csv import read_app_csv
    from gutbrain.io.app_mapping import mapped_format, parse_mapping

    fmt = mapped_format(parse_mapping(mapping), _defaults(defaults))
    result = read_app_csv(data, fmt, diary_id=ctx.diary_id, tz=ctx.tz, day_first=day_first,
                          strict=strict)  # fmt: skip
    return _stored_csv(ctx, "CSV", result, dry_run)


def _defaults(specs: Sequence[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        for part in filter(None, (p.strip() for p in spec.split(","))):
            key, _, value = part.partition("=")
            out[key.strip().lower()] = value.strip()
    return out


def preview_diary_csv(ctx: svc.Context, data: bytes | str) -> SourceImport:
    """What ``import csv`` would add, writing nothing."""
    from gutbrain.io.diary_csv import read_diary_csv

    entries = read_diary_csv(data, diary_id=ctx.diary_id, tz=ctx.tz)
    return store(ctx, "diary CSV", entries, dry_run=True, read={"rows": len(entries)})


def detect_csv_format(data: bytes | str) -> str | None:
    """``diary`` for the diary CSV, an app key of ``io.app_formats.FORMATS`` for another app's
    export (recognised by its columns), or None."""
    from gutbrain.io.app_csv import looks_like
    from gutbrain.io.app_formats import FORMATS

    text = data[:65536].decode("utf-8", "replace") if isinstance(data, bytes) else data
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    header = {h.strip().strip('"').strip().lower() for h in first.split(separator)}
    if {"start", "kind", "name"} <= header:
        return "diary"
    # the format needing the most columns first
    for key, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[1].required)):
        if looks_like(text, fmt):
            return key
    return None


def import_upload(ctx: svc.Context, data: bytes, filename: str = "upload") -> SourceImport:
    """One uploaded file of any supported kind (the web app's import): a diary CSV, another
    app's CSV export, Apple Health's export.zip / export.xml, or Health Connect's export zip."""
    import tempfile
    import zipfile
    from io import BytesIO

    if data[:4] == b"PK\x03\x04" or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        is_hc = data[:4] == b"PK\x03\x04" and any(
            n.endswith("health_connect_export.db")
            for n in zipfile.ZipFile(BytesIO(data)).namelist()
        )
        with tempfile.TemporaryDirectory(prefix="gutbrain-upload-") as tmp:
            path = Path(tmp) / Path(filename).name
            path.write_bytes(data)
            if is_hc:
                return import_health_connect(ctx, path)
            return import_apple_health(ctx, path)
    from gutbrain.io.csv_records import decode_csv_bytes

    text = decode_csv_bytes(data)  # invalid UTF-8 is refused here, with its line
    kind = detect_csv_format(text)
    if kind == "diary":
        from gutbrain.io.diary_csv import read_diary_csv

        entries = read_diary_csv(text, diary_id=ctx.diary_id, tz=ctx.tz)
        return SourceImport("diary CSV", tuple(entries), svc.add_entries(ctx, entries))
    if kind is None:
        raise ImportRejectedError([LineProblem(1, (
            "not a diary CSV (start, kind, name columns) nor a Migraine Buddy, Bearable or "
            "mySymptoms export; import it with `gutbrain import csv FILE --map "
            "name=COLUMN,start=COLUMN --default kind=…`"))])  # fmt: skip
    return import_app_csv(ctx, kind, text)
