"""The store: atomic bulk writes, per-diary scoping, duplicates, lookups."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from gutbrain.domain.entries import Kind
from gutbrain.domain.errors import NotFoundError
from gutbrain.services import diary as svc
from gutbrain.settings import Settings
from gutbrain.store import DuplicateEntryError


def _foods(ctx: svc.Context, n: int) -> list:  # type: ignore[type-arg]
    start = datetime(2026, 3, 1, 8, 0)
    return [
        svc.new_entry(ctx, kind=Kind.FOOD, name=f"food {i}", start=start + timedelta(hours=i))
        for i in range(n)
    ]


def test_crash_mid_import_leaves_previous_state(
    ctx: svc.Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    svc.add_entries(ctx, _foods(ctx, 3))
    calls = {"n": 0}
    original = Connection.exec_driver_sql

    def failing_execute(self, statement, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(statement).lstrip().upper().startswith("INSERT"):
            calls["n"] += 1
            if calls["n"] == 3:  # the third batch of 500 dies
                raise RuntimeError("power cut")
        return original(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "exec_driver_sql", failing_execute)
    more = _foods(ctx, 1600)
    with pytest.raises(RuntimeError, match="power cut"):
        svc.add_entries(ctx, more)
    monkeypatch.undo()
    assert calls["n"] == 3
    assert ctx.store.count_entries(ctx.diary_id) == 3  # batches 1–2 were rolled back too


def test_diaries_are_scoped(db_path: Path) -> None:
    settings = Settings.from_env(db=db_path, timezone="UTC")
    a = svc.open_context(settings, diary_name="a")
    b = svc.open_context(settings, diary_name="b")
    svc.add_entries(a, _foods(a, 2))
    assert svc.list_entries(b) == []
    entry = svc.list_entries(a)[0]
    with pytest.raises(NotFoundError):
        svc.get_entry(b, entry.id)
    with pytest.raises(NotFoundError):
        svc.delete_entry(b, entry.id)
    assert len(svc.list_entries(a)) == 2
    a.close()
    b.close()


def test_duplicates_and_prefix_lookup(ctx: svc.Context) -> None:
    (entry,) = _foods(ctx, 1)
    svc.add_entry(ctx, entry)
    with pytest.raises(DuplicateEntryError, match="already in the diary"):
        svc.add_entry(ctx, entry)
    assert svc.get_entry(ctx, entry.id.hex[:6]).id == entry.id
    with pytest.raises(NotFoundError, match="at least 4"):
        svc.get_entry(ctx, "ab")
    with pytest.raises(NotFoundError):
        svc.get_entry(ctx, str(uuid.uuid4()))


def test_filters_and_search(ctx: svc.Context) -> None:
    svc.add_entries(ctx, _foods(ctx, 30))
    svc.add_entry(
        ctx, svc.new_entry(ctx, kind=Kind.DRINK, name="Red Wine", start=datetime(2026, 3, 1, 20, 0))
    )
    day = datetime(2026, 3, 2).date()
    assert {e.day for e in svc.list_entries(ctx, since=day, until=day)} == {day}
    assert [e.name for e in svc.list_entries(ctx, kinds=["drink"])] == ["Red Wine"]
    assert [e.name for e in svc.list_entries(ctx, search="red w")] == ["Red Wine"]
    newest = svc.list_entries(ctx, limit=2, newest_first=True)
    assert [e.name for e in newest] == ["food 29", "food 28"]


def test_settings_validation(ctx: svc.Context) -> None:
    from gutbrain.domain.errors import EntryError

    ctx = svc.update_settings(ctx, fdr=0.05, fiber_target_g=30, tracked_factors=["bright light"])
    assert svc.get_settings(ctx).fdr == 0.05
    assert svc.get_settings(ctx).tracked_factors == ("bright light",)
    with pytest.raises(EntryError, match="unknown time zone"):
        svc.update_settings(ctx, timezone="Mars/Olympus")
    with pytest.raises(EntryError, match="false-discovery level"):
        svc.update_settings(ctx, fdr=2)


def test_a_name_or_unit_longer_than_its_column_is_refused(ctx: svc.Context) -> None:
    """PostgreSQL refuses a name over 200 or a unit over 32 characters (SQLite would keep
    them): refused on both, with the reason."""
    from datetime import UTC, datetime

    from gutbrain.domain.errors import EntryError

    with pytest.raises(EntryError, match="unit is longer than 32"):
        svc.new_entry(ctx, kind="food", name="0", start=datetime(2026, 3, 1, tzinfo=UTC),
                      amount=1.0, unit="0" * 39)  # fmt: skip
    with pytest.raises(EntryError, match="name is longer than 200"):
        svc.new_entry(ctx, kind="food", name="x" * 201, start=datetime(2026, 3, 1, tzinfo=UTC))
