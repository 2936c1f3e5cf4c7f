"""Bringing history in from other places (Apple Health, Health Connect, other apps' CSVs).

Every importer follows the diary CSV's rules: the whole file is read and validated first, a bad
file is rejected whole with every problem located (``ImportRejectedError``), then its entries are
added in one transaction; entries already in the diary are skipped, so a re-import adds
nothing.  ``dry_run`` does everything except the writing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gutbrain.domain.entries import Entry
from gutbrain.io.health_samples import HealthSample, to_entries
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
    """What an import from another app did (or, for a dry run, would do)."""

    source: str
    entries: tuple[Entry, ...]
    added: int
    dry_run: bool = False
    read: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return len(self.entries)

    @property
    def skipped(self) -> int:
        return self.rows - self.added

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(e.kind.value for e in self.entries).items()))

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "dry_run": self.dry_run, "entries": self.rows,
            "added": self.added, "skipped": self.skipped, "by_kind": self.by_kind,
            "read": self.read,
        }  # fmt: skip


def already_there(ctx: svc.Context, entries: Sequence[Entry]) -> int:
    """How many of these entries the diary holds already (ids follow the natural key)."""
    return len(ctx.store.ids_taken(list({e.id: None for e in entries})))


def store(
    ctx: svc.Context, source: str, entries: list[Entry], *, dry_run: bool, read: dict[str, int]
) -> SourceImport:
    """Add validated entries in one transaction (or count what a dry run would add)."""
    unique = list({e.natural_key(): e for e in entries}.values())
    if dry_run:
        added = len(unique) - already_there(ctx, unique)
    else:
        added = svc.add_entries(ctx, unique)
        names = {e.name for e in unique}
        aliases = svc.food_aliases(ctx)
        for name, mapping in NUTRIENT_FOODS.items():
            if name in names and name not in aliases:
                svc.set_food_alias(ctx, name, mapping)
    return SourceImport(source, tuple(unique), added, dry_run, read)


def import_samples(
    ctx: svc.Context,
    source: str,
    samples: list[HealthSample],
    *,
    dry_run: bool,
    read: dict[str, int],
) -> SourceImport:
    """Map phone samples to entries (``io.health_samples``) and store them."""
    conversion = to_entries(samples, diary_id=ctx.diary_id, diary_tz=ctx.tz, source=source)
    if conversion.problems:
        raise ImportRejectedError(conversion.problems)
    read = {**read, "duplicate samples": conversion.duplicates}
    return store(ctx, source, conversion.entries, dry_run=dry_run, read=read)


def import_apple_health(
    ctx: svc.Context, path: Path, *, dry_run: bool = False, progress: Any = None
) -> SourceImport:
    """Apple Health's export.zip (or its export.xml), streamed."""
    from gutbrain.io.apple_health import scan_export

    scan = scan_export(path, progress)
    if scan.problems:
        raise ImportRejectedError(scan.problems)
    read = {
        "records": scan.records,
        "records in correlations": scan.records_in_correlations,
        "workouts": scan.workouts,
        "samples used": len(scan.samples),
    }
    return import_samples(ctx, "Apple Health", scan.samples, dry_run=dry_run, read=read)


def import_health_connect(ctx: svc.Context, path: Path, *, dry_run: bool = False) -> SourceImport:
    """Android Health Connect's export zip (or the database inside it)."""
    from gutbrain.io.health_connect import scan_database

    scan = scan_database(path)
    if scan.problems:
        raise ImportRejectedError(scan.problems)
    read = {f"{table.removesuffix('_table')} rows": n for table, n in sorted(scan.rows.items())}
    read["samples used"] = len(scan.samples)
    return import_samples(ctx, "Health Connect", scan.samples, dry_run=dry_run, read=read)


def import_app_csv(
    ctx: svc.Context, app: str, data: bytes | str, *, dry_run: bool = False,
    day_first: bool | None = None,
) -> SourceImport:  # fmt: skip
    """Another app's CSV export: ``app`` is a key of ``io.app_formats.FORMATS``."""
    from gutbrain.io.app_csv import read_app_csv
    from gutbrain.io.app_formats import FORMATS

    fmt = FORMATS[app]
    result = read_app_csv(data, fmt, diary_id=ctx.diary_id, tz=ctx.tz, day_first=day_first)
    return store(ctx, fmt.name, result.entries, dry_run=dry_run, read={"rows": result.rows})


def import_mapped_csv(
    ctx: svc.Context, data: bytes | str, mapping: Sequence[str], defaults: Sequence[str] = (),
    *, dry_run: bool = False, day_first: bool | None = None,
) -> SourceImport:  # fmt: skip
    """Any CSV through a column mapping (``name=Food,start=Date``) and fixed values
    (``kind=food``)."""
    from gutbrain.io.app_csv import mapped_format, parse_mapping, read_app_csv

    fmt = mapped_format(parse_mapping(mapping), _defaults(defaults))
    result = read_app_csv(data, fmt, diary_id=ctx.diary_id, tz=ctx.tz, day_first=day_first)
    return store(ctx, "CSV", result.entries, dry_run=dry_run, read={"rows": result.rows})


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
    from gutbrain.io.app_formats import FORMATS

    text = data[:65536].decode("utf-8", "replace") if isinstance(data, bytes) else data
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    header = {h.strip().strip('"').strip().lower() for h in first.split(separator)}
    if {"start", "kind", "name"} <= header:
        return "diary"
    # the format needing the most columns first: mySymptoms' Date + Intensity alone would
    # also pass for a Migraine Buddy file
    for key, fmt in sorted(FORMATS.items(), key=lambda kv: -len(kv[1].required)):
        if all(any(n in header for n in names) for names in fmt.required.values()):
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
