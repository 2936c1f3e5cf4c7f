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


#: Every command, by name, with the module that defines it. Modules are imported only when
#: their command runs (or for `gutbrain --help`), so `gutbrain log …` starts fast and does not
#: pay for the statistics, web or PDF stacks. Add new commands here (one line each).
COMMAND_MODULES: dict[str, str] = {
    "log": "gutbrain.cli.log",
    "list": "gutbrain.cli.diary",
    "show": "gutbrain.cli.diary",
    "edit": "gutbrain.cli.diary",
    "delete": "gutbrain.cli.diary",
    "where": "gutbrain.cli.diary",
    "import": "gutbrain.cli.transfer",
    "export": "gutbrain.cli.transfer",
    "conditions": "gutbrain.cli.diary",
    "settings": "gutbrain.cli.diary",
    "demo": "gutbrain.cli.demo",
    "serve": "gutbrain.cli.serve",
    "triggers": "gutbrain.cli.triggers",
    "explain": "gutbrain.cli.triggers",
    "report": "gutbrain.cli.report",
    "food": "gutbrain.cli.food",
    "foods": "gutbrain.cli.food",
    "gut": "gutbrain.cli.food",
    "microbiome": "gutbrain.cli.food",
    "user": "gutbrain.cli.users",
    "backup": "gutbrain.cli.backup",
    "restore": "gutbrain.cli.backup",
    "experiment": "gutbrain.cli.experiment",
    "cohort": "gutbrain.cli.cohort",
    "weather": "gutbrain.cli.weather",
}
main.lazy_commands = COMMAND_MODULES


def run(argv: list[str] | None = None) -> Any:
    """Entry point for ``python -m gutbrain`` and the console script."""
    return main.main(args=argv if argv is not None else sys.argv[1:], prog_name="gutbrain")
