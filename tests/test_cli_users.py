"""``gutbrain user add/list/disable/enable`` through Click's runner on a real database."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gutbrain.cli import main


def run(db: str, *args: str, stdin: str | None = None, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--db", db, *args], input=stdin)
    assert result.exit_code == code, result.output
    return result.output


def test_add_list_disable_enable(db_path: Path) -> None:
    db = str(db_path)
    assert "Added person ann@example.org" in run(
        db, "user", "add", "Ann@Example.org", stdin="correct horse battery\n"
    )
    run(db, "user", "add", "doc@example.org", "--role", "clinician", stdin="another long one\n")
    out = run(db, "user", "add", "ann@example.org", stdin="correct horse battery\n", code=1)
    assert "already a user" in out
    assert "at least 10" in run(db, "user", "add", "x@example.org", stdin="short\n", code=1)
    users = json.loads(run(db, "--json", "user", "list"))
    assert [(u["email"], u["role"], u["disabled"]) for u in users] == [
        ("ann@example.org", "person", False),
        ("doc@example.org", "clinician", False),
    ]
    assert users[0]["diary_id"] and users[1]["diary_id"] is None
    assert "password" not in json.dumps(users) and "argon" not in json.dumps(users)
    assert "Disabled" in run(db, "user", "disable", "ann@example.org")
    assert json.loads(run(db, "--json", "user", "list"))[0]["disabled"] is True
    assert "Enabled" in run(db, "user", "enable", "ann@example.org")
    assert "no user" in run(db, "user", "disable", "ghost@example.org", code=1)


def test_password_reset_and_delete(db_path: Path) -> None:
    from gutbrain.services import accounts
    from gutbrain.store import open_store

    db = str(db_path)
    run(db, "user", "add", "ann@example.org", stdin="correct horse battery\n")
    assert "all sessions ended" in run(db, "user", "password", "ann@example.org",
                                       stdin="a new long password\n")  # fmt: skip
    store = open_store(f"sqlite:///{db_path}")
    try:
        user = accounts.authenticate(store, "ann@example.org", "a new long password")
        assert user.diary_id is not None and store.get_diary(user.diary_id)
    finally:
        store.close()
    run(db, "user", "delete", "ann@example.org", stdin="n\n", code=1)  # not confirmed
    assert "and their diary" in run(db, "user", "delete", "ann@example.org", "--yes")
    assert json.loads(run(db, "--json", "user", "list")) == []
    store = open_store(f"sqlite:///{db_path}")
    try:
        assert store.list_diaries() == []
    finally:
        store.close()
