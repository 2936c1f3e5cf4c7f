"""``gutbrain backup FILE`` / ``gutbrain restore FILE``: the whole database, every diary and
account, as one JSON-lines file (``.gz`` compresses); restore needs an empty database."""

from __future__ import annotations

from pathlib import Path

import click

from gutbrain.cli.state import AppState, pass_state
from gutbrain.services import backup as svc

FILE = click.Path(dir_okay=False, path_type=Path)


def _report(state: AppState, verb: str, path: Path, counts: dict[str, int]) -> None:
    if state.as_json:
        state.emit_json({"file": str(path), "rows": counts})
        return
    total = sum(counts.values())
    busy = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    state.console.print(f"{verb} {total} rows ({busy or 'empty'}) {path}")


@click.command("backup")
@click.argument("file", type=FILE)
@pass_state
def backup_cmd(state: AppState, file: Path) -> None:
    """Write the whole database (every diary, account, share, experiment) to FILE.

    A consistent snapshot, safe while the server runs. Restore it with `gutbrain restore`.
    """
    _report(state, "Backed up", file, svc.backup(state.settings, file))


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_state
def restore_cmd(state: AppState, file: Path) -> None:
    """Load a backup FILE into an empty database (--db), all or nothing."""
    _report(state, "Restored", file, svc.restore(state.settings, file))


COMMANDS = [backup_cmd, restore_cmd]
