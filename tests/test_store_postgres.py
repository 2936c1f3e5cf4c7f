"""Server mode: the same store code on a real PostgreSQL (CI starts one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gutbrain.services import diary as svc
from gutbrain.services import transfer
from gutbrain.settings import Settings

pytestmark = pytest.mark.postgres
DATA = Path(__file__).parent / "data"


def test_two_diaries_on_one_server_stay_apart(pg_schema_url: str) -> None:
    alice = svc.open_context(
        Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"), diary_name="alice"
    )
    bob = svc.open_context(
        Settings.from_env(db=pg_schema_url, timezone="America/New_York"), diary_name="bob"
    )
    try:
        csv_text = (DATA / "spec_examples.csv").read_text()
        assert transfer.import_csv(alice, csv_text).added == 16
        assert transfer.import_csv(bob, csv_text).added == 16
        assert transfer.import_csv(alice, csv_text).added == 0
        assert len(svc.list_entries(alice)) == len(svc.list_entries(bob)) == 16
        # same file, different zones: the same wall-clock times are different instants
        a = svc.list_entries(alice, kinds=["attack"])[0]
        b = svc.list_entries(bob, kinds=["attack"])[0]
        assert a.start != b.start and a.local_start.hour == b.local_start.hour == 14
        svc.delete_entry(alice, a.id)
        assert len(svc.list_entries(alice)) == 15 and len(svc.list_entries(bob)) == 16
        cov = svc.coverage(bob)
        assert cov is not None and cov.days_missing == 1
    finally:
        alice.close()
        bob.close()


def test_round_trip_matches_sqlite(pg_schema_url: str, ctx: svc.Context, demo_diary) -> None:  # type: ignore[no-untyped-def]
    from gutbrain.io.diary_csv import write_diary_csv

    text_csv = write_diary_csv(demo_diary.entries[:1500])
    pg = svc.open_context(Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"))
    try:
        transfer.import_csv(pg, text_csv)
        transfer.import_csv(ctx, text_csv)
        assert transfer.export_csv(pg) == transfer.export_csv(ctx) == text_csv
    finally:
        pg.close()


def test_too_long_names_are_refused_with_a_reason_not_a_database_error(pg_schema_url: str) -> None:
    from datetime import UTC, datetime

    import pytest

    from gutbrain.domain.errors import EntryError

    ctx = svc.open_context(Settings.from_env(db=pg_schema_url, timezone="UTC"))
    try:
        start = datetime(2026, 10, 1, 8, tzinfo=UTC)
        for fields, message in (
            ({"name": "x" * 201}, "name is longer than 200"),
            ({"name": "tea", "amount": 1.0, "unit": "u" * 33}, "unit is longer than 32"),
        ):
            with pytest.raises(EntryError, match=message):
                svc.add_entry(ctx, svc.new_entry(ctx, kind="drink", start=start, **fields))
        svc.add_entry(ctx, svc.new_entry(ctx, kind="drink", name="x" * 200, start=start))
        with pytest.raises(EntryError, match="longer than 100"):
            svc.add_condition(ctx, "c" * 101)
    finally:
        ctx.close()
