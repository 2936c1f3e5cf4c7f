"""Server mode: Apple Health, Health Connect and app CSV imports on a real PostgreSQL give the
same diary as on SQLite (the golden files), and a re-import adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from gutbrain.services import diary as svc
from gutbrain.services import imports, transfer
from gutbrain.settings import Settings
from imports_helpers import DATA, GOLDEN
from test_import_health_connect import export_zip

pytestmark = pytest.mark.postgres


def test_imports_on_postgres_match_the_goldens(pg_schema_url: str, tmp_path: Path) -> None:
    runs = [
        ("apple", lambda c: imports.import_apple_health(c, DATA / "apple_health" / "export.xml"),
         "apple_health.csv"),
        ("android", lambda c: imports.import_health_connect(c, export_zip(tmp_path)),
         "health_connect.csv"),
        ("buddy", lambda c: imports.import_app_csv(
            c, "migraine-buddy", (DATA / "apps" / "migraine_buddy.csv").read_bytes()),
         "migraine_buddy.csv"),
    ]  # fmt: skip
    for diary_name, run, golden in runs:
        ctx = svc.open_context(
            Settings.from_env(db=pg_schema_url, timezone="Europe/Berlin"), diary_name=diary_name
        )
        try:
            first = run(ctx)
            assert first.added > 0 and run(ctx).added == 0
            assert transfer.export_csv(ctx) == (GOLDEN / golden).read_bytes().decode("utf-8")
        finally:
            ctx.close()
