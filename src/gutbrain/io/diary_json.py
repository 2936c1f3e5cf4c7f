"""Versioned, complete JSON dump of a diary (settings, conditions, entries, food mappings,
microbiome samples).  ``FORMAT_VERSION`` changes whenever the shape does."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gutbrain import __version__
from gutbrain.domain.entries import Condition, Diary, Entry
from gutbrain.domain.errors import EntryError, GutbrainError
from gutbrain.domain.rules import make_entry
from gutbrain.io.diary_csv import export_sort_key
from gutbrain.io.timefmt import TimeFormatError, format_instant, parse_instant

FORMAT = "gutbrain-diary"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class DiaryDump:
    """Everything a diary holds, as read back from a JSON dump."""

    timezone: str
    settings: dict[str, Any]
    conditions: list[Condition]
    entries: list[Entry]
    food_aliases: dict[str, dict[str, Any]] = field(default_factory=dict)
    microbiome_samples: list[dict[str, Any]] = field(default_factory=list)


def entry_to_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": str(entry.id),
        "kind": entry.kind.value,
        "name": entry.name,
        "start": format_instant(entry.start, entry.tz, entry.start_has_time),
        "end": None
        if entry.end is None
        else format_instant(entry.end, entry.tz, entry.end_has_time),
        "tz": entry.tz,
        "amount": entry.amount,
        "unit": entry.unit,
        "intensity": entry.intensity,
        "tags": list(entry.tags),
        "notes": entry.notes,
        "details": dict(entry.details),
    }


def dump_diary(
    diary: Diary,
    settings: dict[str, Any],
    conditions: list[Condition],
    entries: list[Entry],
    food_aliases: dict[str, dict[str, Any]],
    microbiome_samples: list[dict[str, Any]],
) -> str:
    """The JSON text of a complete dump (deterministic: sorted entries and keys)."""
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "generator": f"gutbrain {__version__}",
        "diary": {"name": diary.name, "timezone": diary.timezone, "settings": settings},
        "conditions": [
            {"name": c.name, "since": c.since.isoformat() if c.since else None, "notes": c.notes}
            for c in conditions
        ],
        "entries": [entry_to_json(e) for e in sorted(entries, key=export_sort_key)],
        "food_aliases": food_aliases,
        "microbiome_samples": microbiome_samples,
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def load_diary_json(text: str, *, diary_id: uuid.UUID) -> DiaryDump:
    """Read a dump written by ``dump_diary``; refuse other formats and newer versions whole."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        raise GutbrainError(f"not a JSON file ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise GutbrainError('not a gutbrain diary dump (missing "format": "gutbrain-diary")')
    if doc.get("version") != FORMAT_VERSION:
        raise GutbrainError(
            f"dump version {doc.get('version')!r} is not supported (this gutbrain reads {FORMAT_VERSION})"
        )
    tz = doc["diary"]["timezone"]
    problems: list[str] = []
    entries: list[Entry] = []
    for i, item in enumerate(doc.get("entries", []), start=1):
        try:
            start, start_has_time = parse_instant(item["start"], item["tz"])
            end, end_has_time = (None, True)
            if item.get("end"):
                end, end_has_time = parse_instant(item["end"], item["tz"])
            entries.append(
                make_entry(
                    diary_id=diary_id,
                    kind=item["kind"],
                    name=item["name"],
                    start=start,
                    tz=item["tz"],
                    start_has_time=start_has_time,
                    end=end,
                    end_has_time=end_has_time,
                    amount=item.get("amount"),
                    unit=item.get("unit"),
                    intensity=item.get("intensity"),
                    tags=item.get("tags", []),
                    notes=item.get("notes", ""),
                    details=item.get("details") or {},
                    id=uuid.UUID(item["id"]) if item.get("id") else None,
                )
            )
        except (EntryError, TimeFormatError, KeyError, TypeError, ValueError) as exc:
            problems.append(f"entry {i}: {exc}")
    if problems:
        raise GutbrainError(
            "the dump was not imported; nothing was written:\n  " + "\n  ".join(problems)
        )
    conditions = [
        Condition(
            id=uuid.uuid4(),
            diary_id=diary_id,
            name=c["name"],
            since=date.fromisoformat(c["since"]) if c.get("since") else None,
            notes=c.get("notes", ""),
        )
        for c in doc.get("conditions", [])
    ]
    return DiaryDump(
        timezone=tz,
        settings=doc["diary"].get("settings", {}),
        conditions=conditions,
        entries=entries,
        food_aliases=doc.get("food_aliases", {}),
        microbiome_samples=doc.get("microbiome_samples", []),
    )
