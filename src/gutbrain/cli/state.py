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
    """Turns ``GutbrainError`` into a clear message and exit status 1 (2 for usage)."""

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
