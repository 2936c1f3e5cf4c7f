"""``--db``, ``--json`` and ``--tz`` work after the subcommand too, for every command."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
from click.testing import CliRunner

from gutbrain.cli import COMMAND_MODULES, main

DATA = Path(__file__).parent / "data"


def all_commands() -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand, by its full path (``log food``)."""
    ctx = click.Context(main)
    stack: list[tuple[str, click.Command]] = []
    for name in main.list_commands(ctx):
        command = main.get_command(ctx, name)
        assert command is not None, name
        stack.append((name, command))
    while stack:
        path, command = stack.pop()
        yield path, command
        if isinstance(command, click.Group):
            stack.extend((f"{path} {n}", c) for n, c in command.commands.items())


def test_every_command_accepts_global_options_after_it() -> None:
    seen = set()
    for path, command in all_commands():
        seen.add(path.split()[0])
        opts = {opt for param in command.params for opt in param.opts}
        assert {"--db", "--json", "--tz"} <= opts, path
    assert seen == set(COMMAND_MODULES)


def invoke(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def test_db_and_json_after_the_subcommand(tmp_path: Path) -> None:
    db = str(tmp_path / "late.sqlite")
    result = invoke("import", "csv", str(DATA / "spec_examples.csv"), "--db", db, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"rows": 16, "added": 16, "skipped": 0}
    result = invoke("list", "--kind", "food", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    foods = json.loads(result.output)
    assert foods and {f["kind"] for f in foods} == {"food"}
    # the group level of a nested command takes them as well
    result = invoke("log", "--db", db, "note", "after the group", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)
    result = invoke("where", "--db", db, "--json")
    assert json.loads(result.output)["db"] == str(Path(db).resolve())
    assert invoke("export", "csv", "--db", db).output.count("\n") == 18


def test_the_value_given_last_wins_and_before_still_works(tmp_path: Path) -> None:
    first, second = str(tmp_path / "a.sqlite"), str(tmp_path / "b.sqlite")
    result = invoke("--db", first, "where", "--db", second)
    assert result.output.strip() == str(Path(second).resolve())
    result = invoke("--db", first, "--json", "where")
    assert json.loads(result.output)["db"] == str(Path(first).resolve())


def test_tz_after_the_subcommand_sets_a_new_diary_zone(tmp_path: Path) -> None:
    db = str(tmp_path / "tz.sqlite")
    result = invoke("settings", "--db", db, "--tz", "Asia/Kolkata", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["timezone"] == "Asia/Kolkata"


def test_commands_with_their_own_json_flag_keep_it(tmp_path: Path) -> None:
    db = str(tmp_path / "own.sqlite")
    result = invoke("food", "pepperoni pizza", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.output), dict | list)
