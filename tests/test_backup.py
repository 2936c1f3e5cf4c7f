"""``gutbrain backup`` / ``restore``: every table round-trips, SQLite → PostgreSQL → SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from gutbrain.cli import main
from gutbrain.demo import generate_diary
from gutbrain.services import access, accounts, transfer
from gutbrain.services import diary as svc
from gutbrain.services.demo import load_demo
from gutbrain.settings import Settings
from gutbrain.store import open_store
from gutbrain.store.account_tables import AuditRow


def run(db: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == code, result.output
    return result.output


def _fill(db: str) -> dict[str, str]:
    """Two people (one with 60 demo days), a clinician, a share, a link. Returns their dumps."""
    store = open_store(db)
    ann = accounts.add_user(store, "ann@example.org", "correct horse battery")
    accounts.add_user(store, "bob@example.org", "correct horse battery")
    accounts.add_user(store, "doc@example.org", "correct horse battery", accounts.Role.CLINICIAN)
    session = accounts.resume_session(store, accounts.start_session(store, ann))
    assert session is not None and ann.diary_id is not None
    access.share_with(store, session, "doc@example.org")
    access.create_link(store, session, days=5)
    ctx = svc.Context(Settings(db_url=db, timezone="UTC"), store, store.get_diary(ann.diary_id))
    load_demo(ctx, generate_diary(seed=3, days=60))
    dumps = _dumps(db)
    store.close()
    return dumps


def _dumps(db: str) -> dict[str, str]:
    store = open_store(db)
    try:
        return {
            d.name: transfer.export_json(svc.Context(Settings(db_url=db, timezone="UTC"), store, d))
            for d in store.list_diaries()
        }
    finally:
        store.close()


def test_backup_restores_everything_across_databases(tmp_path: Path, pg_schema_url: str) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    before = _fill(source)
    file = tmp_path / "all.jsonl.gz"
    rows = json.loads(run(source, "--json", "backup", str(file)))["rows"]
    assert rows["users"] == 3 and rows["shares"] == 1 and rows["entries"] > 500
    restored = json.loads(run(pg_schema_url, "--json", "restore", str(file)))["rows"]
    assert restored == rows
    assert _dumps(pg_schema_url) == before
    users = json.loads(run(pg_schema_url, "--json", "user", "list"))
    assert [u["email"] for u in users] == ["ann@example.org", "bob@example.org", "doc@example.org"]
    store = open_store(pg_schema_url)
    try:
        # passwords (hashes) came along, and new audit rows get fresh ids after the restore
        user = accounts.authenticate(store, "ann@example.org", "correct horse battery")
        accounts.start_session(store, user)
        with store.session() as s:
            assert s.scalar(select(func.count()).select_from(AuditRow)) == rows["audit_log"] + 1
    finally:
        store.close()
    # and back again, from PostgreSQL into a new SQLite file
    second = tmp_path / "again.jsonl"
    run(pg_schema_url, "backup", str(second))
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    assert "Restored" in run(target, "restore", str(second))
    assert _dumps(target) == before


def test_restore_refuses_a_database_in_use_and_bad_files(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite'}"
    _fill(source)
    file = tmp_path / "all.jsonl"
    run(source, "backup", str(file))
    assert "empty database" in run(source, "restore", str(file), code=1)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "something else"}\n')
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    assert "not a gutbrain backup" in run(target, "restore", str(bad), code=1)
    lines = file.read_text().splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join([*lines[:40], lines[40][:20]]) + "\n")
    assert "not JSON" in run(target, "restore", str(cut), code=1)
    store = open_store(target)
    try:
        assert store.list_diaries() == []  # nothing half-written
    finally:
        store.close()


@pytest.mark.parametrize("name", ["x.jsonl"])
def test_backup_never_leaves_a_half_file(tmp_path: Path, name: str) -> None:
    db = f"sqlite:///{tmp_path / 'd.sqlite'}"
    _fill(db)
    run(db, "backup", str(tmp_path / name))
    assert not list(tmp_path.glob("*.partial"))
    header = json.loads((tmp_path / name).read_text().splitlines()[0])
    assert header["format"] == "gutbrain-backup" and "users" in header["tables"]
