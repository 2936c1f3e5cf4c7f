"""Per-invocation CLI state and the error boundary: no traceback reaches a person for bad input."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import Any

import click
from rich.console import Console

from gutbrain.domain.errors import EntryError, GutbrainError
from gutbrain.services import diary as svc
from gutbrain.settings import Settings


class AppState:
    """Global options plus a lazily opened diary context."""

    def __init__(self, *, db: str | None, as_json: bool, tz: str | None) -> None:
        self.db = db
        self.as_json = as_json
        self.tz = tz
        self._ctx: svc.Context | None = None
        self.started = datetime.now(UTC)  # what this command wrote is newer (imports, weather)
        # Pipes and test runners get a wide console so tables are not squeezed to 80 columns.
        self.console = Console(highlight=False, width=None if sys.stdout.isatty() else 140)

    @property
    def settings(self) -> Settings:
        return Settings.from_env(db=self.db, timezone=self.tz)

    @property
    def ctx(self) -> svc.Context:
        if self._ctx is None:
            self._ctx = svc.open_context(self.settings)
        return self._ctx

    @property
    def opened(self) -> bool:
        """Whether this command opened the diary (a dry run may not)."""
        return self._ctx is not None

    def emit_json(self, data: Any) -> None:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


def _global_setter(attr: str) -> Any:
    """A callback storing a global option given after the subcommand on the shared state."""

    def store(click_ctx: click.Context, _param: click.Parameter, value: Any) -> None:
        state = click_ctx.find_object(AppState)
        if state is not None and value not in (None, False):
            setattr(state, attr, value)

    return store


def _global_options() -> list[click.Option]:
    """Fresh copies of the root group's options, for placing after a subcommand."""
    return [
        click.Option(["--db"], metavar="PATH|URL", expose_value=False,
                     callback=_global_setter("db"), help="Diary file or URL (as gutbrain --db)."),
        click.Option(["--json"], is_flag=True, expose_value=False,
                     callback=_global_setter("as_json"), help="Print JSON (as gutbrain --json)."),
        click.Option(["--tz"], metavar="ZONE", expose_value=False,
                     callback=_global_setter("tz"), help="Time zone for a new diary."),
    ]  # fmt: skip


def accept_global_options(command: click.Command) -> click.Command:
    """Let ``--db``, ``--json`` and ``--tz`` follow ``command`` (and its subcommands) too, as
    people type them: ``gutbrain list --kind food --json``.  The value given last wins; a
    command's own option of the same name is left alone."""
    taken = {opt for param in command.params for opt in param.opts}
    command.params.extend(o for o in _global_options() if not set(o.opts) & taken)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            accept_global_options(sub)
    return command


class GutbrainGroup(click.Group):
    """Loads command modules lazily, lets global options follow any subcommand, and turns
    ``GutbrainError`` into a clear message and exit status 1 (Click's usage errors exit 2)."""

    lazy_commands: dict[str, str] = {}  # noqa: RUF012 - set once on the root group

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(accept_global_options(cmd), name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            import importlib

            module = importlib.import_module(self.lazy_commands[cmd_name])
            for command in module.COMMANDS:
                if command.name not in self.commands:
                    self.add_command(command)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except EntryError as exc:
            _fail(
                "; ".join(exc.problems)
                if len(exc.problems) < 2
                else "\n  " + "\n  ".join(exc.problems)
            )
        except GutbrainError as exc:
            _fail(str(exc))


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(1)


pass_state = click.make_pass_decorator(AppState)
