"""Per-invocation CLI state and the error boundary: no traceback reaches a person for bad input."""

from __future__ import annotations

import json
import sys
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

    def emit_json(self, data: Any) -> None:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()
            self._ctx = None


class GutbrainGroup(click.Group):
    """Loads command modules lazily and turns ``GutbrainError`` into a clear message and exit
    status 1 (Click's own usage errors exit 2)."""

    lazy_commands: dict[str, str] = {}  # noqa: RUF012 - set once on the root group

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
