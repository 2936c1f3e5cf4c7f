"""Import and export of whole diaries, shared by the CLI and the web app."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from gutbrain.domain.entries import entry_id_for
from gutbrain.io.diary_csv import read_diary_csv, write_diary_csv
from gutbrain.io.diary_json import dump_diary, load_diary_json
from gutbrain.io.diary_json import entry_to_json as entry_to_json
from gutbrain.io.problems import ImportRejectedError as ImportRejectedError
from gutbrain.services import diary as svc
from gutbrain.store.convert import settings_from_json, settings_to_json


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: rows read, entries added (the rest were already there)."""

    rows: int
    added: int
    #: bad records of another app's export, skipped ("line 7: …"); never for the diary CSV
    bad_records: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return self.rows - self.added


def import_csv(ctx: svc.Context, data: str | bytes) -> ImportResult:
    """Validate the whole file first (``CsvImportError`` lists every bad line, including
    invalid UTF-8 when given bytes), then add its entries in one transaction; rows already in
    the diary are skipped."""
    entries = read_diary_csv(data, diary_id=ctx.diary_id, tz=ctx.tz)
    return ImportResult(rows=len(entries), added=svc.add_entries(ctx, entries))


def export_csv(ctx: svc.Context) -> str:
    return write_diary_csv(svc.list_entries(ctx))


def _samples_json(ctx: svc.Context) -> list[dict[str, Any]]:
    return [
        {
            "collected_on": s.collected_on.isoformat() if s.collected_on else None,
            "label": s.label,
            "source_format": s.source_format,
            "abundance_kind": s.abundance_kind,
            "db_version": s.db_version,
            "taxa": s.taxa,
            "metrics": s.metrics,
        }
        for s in svc.list_microbiome_samples(ctx)
    ]


def export_json(ctx: svc.Context) -> str:
    diary = ctx.store.get_diary(ctx.diary_id)
    return dump_diary(
        diary,
        settings_to_json(diary.settings),
        svc.list_conditions(ctx),
        svc.list_entries(ctx),
        svc.food_aliases(ctx),
        _samples_json(ctx),
    )


def import_json(ctx: svc.Context, text: str) -> ImportResult:
    """Load a complete dump into this diary: entries (skipping ones present), conditions,
    settings, food mappings and microbiome samples — all or nothing."""
    dump = load_diary_json(text, diary_id=ctx.diary_id)
    # Ids from the dump are kept (stable across export/import) unless another diary on the
    # same server already uses them; then the entry gets this diary's deterministic id.
    taken = ctx.store.ids_taken([e.id for e in dump.entries])
    entries = [
        e if e.id not in taken else replace(e, id=entry_id_for(ctx.diary_id, e.natural_key()))
        for e in dump.entries
    ]
    added = svc.add_entries(ctx, entries)
    known = {c.name for c in svc.list_conditions(ctx)}
    for condition in dump.conditions:
        if condition.name not in known:
            svc.add_condition(ctx, condition.name, since=condition.since, notes=condition.notes)
    diary = ctx.store.get_diary(ctx.diary_id)
    # the dump's time zone comes back with its settings (the diary's day boundaries)
    restored = replace(diary, timezone=dump.timezone, settings=settings_from_json(dump.settings))
    ctx.store.save_diary(restored)
    for text_key, mapping in dump.food_aliases.items():
        svc.set_food_alias(ctx, text_key, mapping)
    existing = {(s["label"], s["collected_on"]) for s in _samples_json(ctx)}
    for sample in dump.microbiome_samples:
        if (sample["label"], sample["collected_on"]) in existing:
            continue
        svc.add_microbiome_sample(
            ctx,
            collected_on=date.fromisoformat(sample["collected_on"])
            if sample["collected_on"]
            else None,
            label=sample["label"],
            source_format=sample["source_format"],
            abundance_kind=sample["abundance_kind"],
            db_version=sample.get("db_version", ""),
            taxa=sample["taxa"],
            metrics=sample.get("metrics", {}),
        )
    return ImportResult(rows=len(dump.entries), added=added)


def export_fhir(
    ctx: svc.Context, *, patient_name: str | None = None, birth_date: date | None = None
) -> str:
    """The diary as an HL7 FHIR R5 Bundle (JSON) of every entry kind, coded (``io.fhir``,
    docs/fhir.md).  The Patient carries no identifying data unless a name or birth date is
    given."""
    import json

    from gutbrain.io.fhir import diary_bundle
    from gutbrain.services.understanding import understood_as

    entries = svc.list_entries(ctx)
    bundle = diary_bundle(
        entries, svc.list_conditions(ctx), diary_id=ctx.diary_id, generated=ctx.now(),
        patient_name=patient_name, birth_date=birth_date, foods=understood_as(ctx, entries),
    )  # fmt: skip
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
