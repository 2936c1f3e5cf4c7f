"""Errors a person may see: each carries a message written for them, never a traceback."""

from __future__ import annotations


class GutbrainError(Exception):
    """Base class for errors caused by input or state, shown to the user as-is."""


class EntryError(GutbrainError):
    """An entry that breaks a rule (intensity 11, end before start, Bristol 9, …).

    ``problems`` lists every broken rule so a person can fix them all at once.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class NotFoundError(GutbrainError):
    """No entry (or diary) with that id."""
