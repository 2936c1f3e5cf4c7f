"""The ``gutbrain`` command line: thin Click commands over ``gutbrain.services``."""

from __future__ import annotations

import sys
from typing import Any

import click

from gutbrain import __version__
from gutbrain.cli.state import AppState, GutbrainGroup


@click.group(cls=GutbrainGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH|URL",
    envvar="GUTBRAIN_DB",
    help="Diary file (or postgresql+psycopg:// URL). Default: your data folder; see `gutbrain where`.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of tables."
)
@click.option(
    "--tz", metavar="ZONE", envvar="GUTBRAIN_TZ", help="Time zone for a new diary (IANA name)."
)
@click.version_option(__version__, prog_name="gutbrain")
@click.pass_context
def main(click_ctx: click.Context, db: str | None, as_json: bool, tz: str | None) -> None:
    """gutbrain — a private migraine, food and gut-health diary that finds YOUR triggers.

    Everything stays in one file on this computer. Start with `gutbrain log --help`,
    or try `gutbrain demo` to explore a generated year.
    """
    click_ctx.obj = AppState(db=db, as_json=as_json, tz=tz)
    click_ctx.call_on_close(click_ctx.obj.close)


def _register() -> None:
    from gutbrain.cli import demo, diary, log

    for module in (log, diary, demo):
        for command in module.COMMANDS:
            main.add_command(command)
    # --- other command modules register here (one line each) ---------------------------
    from gutbrain.cli import serve

    main.add_command(serve.serve)
    from gutbrain.cli import triggers

    for command in triggers.COMMANDS:
        main.add_command(command)
    from gutbrain.cli import report

    main.add_command(report.report)


_register()


def run(argv: list[str] | None = None) -> Any:
    """Entry point for ``python -m gutbrain`` and the console script."""
    return main.main(args=argv if argv is not None else sys.argv[1:], prog_name="gutbrain")
