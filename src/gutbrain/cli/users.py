"""``gutbrain user add/list/disable/enable/password/delete``: accounts of a server (``--db postgresql+psycopg://…``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.table import Table

from gutbrain.cli.state import AppState, pass_state
from gutbrain.domain.accounts import Role, User
from gutbrain.services import accounts
from gutbrain.services.diary import Store, open_store


@contextmanager
def _store(state: AppState) -> Iterator[Store]:
    store = open_store(state.settings.db_url)
    try:
        yield store
    finally:
        store.close()


def _user_json(user: User) -> dict[str, object]:
    return {
        "id": str(user.id),
        "email": user.email,
        "role": user.role.value,
        "diary_id": str(user.diary_id) if user.diary_id else None,
        "disabled": user.disabled,
        "created_at": user.created_at.isoformat() + "Z",
    }


def _read_password() -> str:
    """From a hidden prompt (asked twice) or, when stdin is not a terminal, its first line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@click.group("user")
def user() -> None:
    """Manage the accounts of a multi-user server (see docs/server.md)."""


@user.command("add")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.PERSON.value,
    show_default=True,
    help="person: owns a diary; clinician: reads shared ones; admin: users.",
)
@pass_state
def add(state: AppState, email: str, role: str) -> None:
    """Create an account. The password is asked for (or read from stdin's first line)."""
    password = _read_password()
    with _store(state) as store:
        created = accounts.add_user(
            store, email, password, Role(role), timezone=state.settings.timezone
        )
    if state.as_json:
        state.emit_json(_user_json(created))
    else:
        state.console.print(f"Added {created.role.value} {created.email}.")


@user.command("list")
@pass_state
def list_users(state: AppState) -> None:
    """Every account with its role and state (never a password)."""
    with _store(state) as store:
        users = accounts.list_users(store)
    if state.as_json:
        state.emit_json([_user_json(u) for u in users])
        return
    if not users:
        state.console.print("No accounts yet. Add one with [bold]gutbrain user add EMAIL[/bold].")
        return
    table = Table("email", "role", "state", "since")
    for u in users:
        table.add_row(
            u.email,
            u.role.value,
            "disabled" if u.disabled else "active",
            u.created_at.date().isoformat(),
        )
    state.console.print(table)


def _toggle(state: AppState, email: str, disabled: bool) -> None:
    with _store(state) as store:
        changed = accounts.set_disabled(store, email, disabled)
    if state.as_json:
        state.emit_json(_user_json(changed))
    else:
        word = "Disabled (all sessions ended)" if disabled else "Enabled"
        state.console.print(f"{word}: {changed.email}.")


@user.command("disable")
@click.argument("email")
@pass_state
def disable(state: AppState, email: str) -> None:
    """Stop an account signing in and end its sessions now; its diary is kept."""
    _toggle(state, email, True)


@user.command("enable")
@click.argument("email")
@pass_state
def enable(state: AppState, email: str) -> None:
    """Let a disabled account sign in again."""
    _toggle(state, email, False)


@user.command("password")
@click.argument("email")
@pass_state
def password(state: AppState, email: str) -> None:
    """Set a new password for an account (asked for, or stdin's first line); signs it out
    everywhere."""
    new = _read_password()
    with _store(state) as store:
        changed = accounts.reset_password(store, email, new)
    if state.as_json:
        state.emit_json(_user_json(changed))
    else:
        state.console.print(f"New password set for {changed.email}; all sessions ended.")


@user.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_state
def delete(state: AppState, email: str, yes: bool) -> None:
    """Delete an account for good; a person's diary and everything in it is erased."""
    if not yes:
        click.confirm(f"Delete {email} and their whole diary for good?", abort=True)
    with _store(state) as store:
        gone = accounts.delete_user(store, email)
    if state.as_json:
        state.emit_json(_user_json(gone))
    else:
        state.console.print(
            f"Deleted {gone.email}" + (" and their diary." if gone.diary_id else ".")
        )


COMMANDS = [user]
