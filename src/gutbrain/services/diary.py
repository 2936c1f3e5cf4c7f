"""The diary use cases: open a diary, add/list/edit/delete entries, coverage, settings,
conditions, food mappings and microbiome samples.  The CLI and the web app call these."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from gutbrain.domain.entries import (
    MISSING_DAY_NAME,
    Condition,
    DiarySettings,
    Entry,
    Kind,
)
from gutbrain.domain.errors import EntryError, GutbrainError, NotFoundError
from gutbrain.domain.names import normalise_name
from gutbrain.domain.rules import check_timezone, make_entry
from gutbrain.services.context import Context as Context
from gutbrain.services.knowledge import rederive, remember
from gutbrain.settings import Settings
from gutbrain.store import Store as Store
from gutbrain.store import open_store as open_store
from gutbrain.store.repo import MicrobiomeSample


def open_context(settings: Settings, *, diary_name: str | None = None) -> Context:
    """Open the store (creating and migrating it) and the named diary (creating it)."""
    store = open_store(settings.db_url)
    diary = store.get_or_create_diary(diary_name or settings.diary_name, settings.timezone)
    return Context(settings=settings, store=store, diary=diary)


def refreshed(ctx: Context) -> Context:
    """The same context with the diary re-read (after settings changes)."""
    return replace(ctx, diary=ctx.store.get_diary(ctx.diary_id))


# -- entries ---------------------------------------------------------------------------
def new_entry(ctx: Context, **fields: Any) -> Entry:
    """Validate and build an entry for this diary (in its time zone unless told otherwise)."""
    fields.setdefault("tz", ctx.tz)
    return make_entry(diary_id=ctx.diary_id, **fields)


def add_entry(ctx: Context, entry: Entry) -> Entry:
    stored = ctx.store.insert_entry(entry)
    remember(ctx, [stored])
    return stored


def add_entries(ctx: Context, entries: Iterable[Entry]) -> int:
    """Add many entries in one transaction, skipping ones already present. Returns count."""
    rows = list(entries)
    added = ctx.store.add_entries(ctx.diary_id, rows)
    remember(ctx, rows)
    return added


def replace_entry(ctx: Context, entry: Entry) -> Entry:
    """Store a changed entry whole (same id); its meaning is derived again."""
    stored = ctx.store.replace_entry(entry)
    remember(ctx, [stored])
    return stored


def list_entries(
    ctx: Context,
    *,
    since: date | None = None,
    until: date | None = None,
    kinds: Sequence[Kind | str] | None = None,
    search: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
) -> list[Entry]:
    wanted = [Kind(k) for k in kinds] if kinds else None
    return ctx.store.list_entries(
        ctx.diary_id,
        since=since,
        until=until,
        kinds=wanted,
        search=search,
        limit=limit,
        offset=offset,
        newest_first=newest_first,
    )


def get_entry(ctx: Context, ref: str | uuid.UUID) -> Entry:
    """An entry by its id or by the first characters of it (as shown by ``gutbrain list``)."""
    if isinstance(ref, uuid.UUID):
        return ctx.store.get_entry(ctx.diary_id, ref)
    text = ref.strip()
    try:
        return ctx.store.get_entry(ctx.diary_id, uuid.UUID(text))
    except ValueError:
        pass
    if len(text.replace("-", "")) < 4:
        raise NotFoundError("give at least 4 characters of the entry id")
    matches = ctx.store.find_entries_by_prefix(ctx.diary_id, text)
    if not matches:
        raise NotFoundError(f"no entry with an id starting {text!r}")
    if len(matches) > 1:
        raise NotFoundError(
            f"{len(matches)} entries have ids starting {text!r}; give more characters"
        )
    return matches[0]


#: Fields a person may change with ``edit``.
EDITABLE = (
    "kind", "name", "start", "start_has_time", "end", "end_has_time", "amount", "unit",
    "intensity", "tags", "notes", "details", "tz",
)  # fmt: skip


def update_entry(ctx: Context, ref: str | uuid.UUID, **changes: Any) -> Entry:
    """Change fields of an entry; the result is validated like a new one (same id)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise EntryError([f"cannot change {', '.join(sorted(unknown))}"])
    current = get_entry(ctx, ref)
    fields: dict[str, Any] = {name: getattr(current, name) for name in EDITABLE}
    fields["details"] = dict(current.details)
    fields.update(changes)
    updated = make_entry(diary_id=ctx.diary_id, id=current.id, **fields)
    return replace_entry(ctx, updated)


def delete_entry(ctx: Context, ref: str | uuid.UUID) -> Entry:
    entry = get_entry(ctx, ref)
    ctx.store.delete_entry(ctx.diary_id, entry.id)
    return entry


def open_attack(ctx: Context) -> Entry | None:
    """The most recent attack without an end (still going on), if any in the last 31 days."""
    since = ctx.now().date() - timedelta(days=31)
    attacks = list_entries(ctx, since=since, kinds=[Kind.ATTACK], newest_first=True)
    return next((a for a in attacks if a.end is None), None)


def mark_missing(ctx: Context, day: date) -> Entry:
    """Record that the diary was not kept on ``day`` (excluded from analysis)."""
    entry = new_entry(
        ctx,
        kind=Kind.NOTE,
        name=MISSING_DAY_NAME,
        start=ctx.midnight(day),
        start_has_time=False,
    )
    ctx.store.add_entries(ctx.diary_id, [entry])
    return entry


# -- coverage --------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Coverage:
    """Which days the diary covers (earliest start to latest start or end) and which of
    them are marked missing — "no entry" days are missing, not "nothing happened"."""

    first_day: date
    last_day: date
    missing: frozenset[date]

    @property
    def days_total(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def days_missing(self) -> int:
        return sum(1 for d in self.missing if self.first_day <= d <= self.last_day)

    @property
    def days_covered(self) -> int:
        return self.days_total - self.days_missing

    def days(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days_total)]


def coverage(ctx: Context) -> Coverage | None:
    span = ctx.store.day_span(ctx.diary_id)
    if span is None:
        return None
    return Coverage(span[0], span[1], frozenset(ctx.store.missing_days(ctx.diary_id)))


# -- settings and conditions -----------------------------------------------------------
def get_settings(ctx: Context) -> DiarySettings:
    return ctx.store.get_diary(ctx.diary_id).settings


def update_settings(ctx: Context, *, timezone: str | None = None, **changes: Any) -> Context:
    """Change diary settings (validated); returns a refreshed context."""
    diary = ctx.store.get_diary(ctx.diary_id)
    problems: list[str] = []
    if timezone is not None and (problem := check_timezone(timezone)):
        problems.append(problem)
    unknown = set(changes) - set(DiarySettings.__slots__)
    if unknown:
        problems.append(f"unknown setting(s): {', '.join(sorted(unknown))}")
    if "fdr" in changes and not 0 < float(changes["fdr"]) <= 0.5:
        problems.append("the false-discovery level must be above 0 and at most 0.5")
    if "fiber_target_g" in changes and not 5 <= float(changes["fiber_target_g"]) <= 100:
        problems.append("the fiber target must be between 5 and 100 g a day")
    if "plants_target" in changes and not 1 <= int(changes["plants_target"]) <= 100:
        problems.append("the plants-a-week target must be between 1 and 100")
    if problems:
        raise EntryError(problems)
    for name in ("tracked_factors", "usual_medications"):
        if name in changes:
            changes[name] = tuple(changes[name])
    new = replace(
        diary,
        timezone=timezone or diary.timezone,
        settings=replace(diary.settings, **changes),
    )
    ctx.store.save_diary(new)
    return replace(ctx, diary=new)


def list_conditions(ctx: Context) -> list[Condition]:
    return ctx.store.list_conditions(ctx.diary_id)


def add_condition(
    ctx: Context, name: str, *, since: date | None = None, notes: str = ""
) -> Condition:
    clean = normalise_name(name)
    if not clean:
        raise EntryError(["condition name is empty"])
    if len(clean) > 100:  # the column's width (PostgreSQL enforces it)
        raise EntryError(["condition name is longer than 100 characters"])
    return ctx.store.add_condition(
        Condition(id=uuid.uuid4(), diary_id=ctx.diary_id, name=clean, since=since, notes=notes)
    )


def remove_condition(ctx: Context, name: str) -> None:
    ctx.store.remove_condition(ctx.diary_id, normalise_name(name))


# -- food mappings and microbiome samples ----------------------------------------------
def food_aliases(ctx: Context) -> dict[str, dict[str, Any]]:
    return ctx.store.food_aliases(ctx.diary_id)


def set_food_alias(ctx: Context, text: str, mapping: dict[str, Any]) -> None:
    ctx.store.set_food_alias(ctx.diary_id, normalise_name(text), mapping)
    rederive(ctx, text)


def delete_food_alias(ctx: Context, text: str) -> None:
    ctx.store.delete_food_alias(ctx.diary_id, normalise_name(text))
    rederive(ctx, text)


def add_microbiome_sample(
    ctx: Context,
    *,
    collected_on: date | None,
    label: str,
    source_format: str,
    abundance_kind: str,
    db_version: str,
    taxa: list[Any],
    metrics: dict[str, Any],
) -> MicrobiomeSample:
    sample = MicrobiomeSample(
        id=uuid.uuid4(),
        diary_id=ctx.diary_id,
        collected_on=collected_on,
        label=label,
        source_format=source_format,
        abundance_kind=abundance_kind,
        db_version=db_version,
        taxa=taxa,
        metrics=metrics,
    )
    return ctx.store.add_microbiome_sample(sample)


def list_microbiome_samples(ctx: Context) -> list[MicrobiomeSample]:
    return ctx.store.list_microbiome_samples(ctx.diary_id)


__all__ = [
    "Context",
    "Coverage",
    "GutbrainError",
    "add_condition",
    "add_entries",
    "add_entry",
    "add_microbiome_sample",
    "coverage",
    "delete_entry",
    "delete_food_alias",
    "food_aliases",
    "get_entry",
    "get_settings",
    "list_conditions",
    "list_entries",
    "list_microbiome_samples",
    "mark_missing",
    "new_entry",
    "open_attack",
    "open_context",
    "refreshed",
    "remember",
    "remove_condition",
    "replace_entry",
    "set_food_alias",
    "update_entry",
    "update_settings",
]
