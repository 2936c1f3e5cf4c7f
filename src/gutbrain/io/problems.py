"""How every importer reports a rejected file: each problem with where it is and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gutbrain.domain.errors import GutbrainError

#: At most this many problems are printed (all are kept on the exception).
SHOWN = 50


@dataclass(frozen=True, slots=True)
class LineProblem:
    """One reason a file was rejected: line 1 is a CSV's header; ``where`` names other places
    (``row`` of a database table, ``record`` of an export)."""

    line: int
    reason: str
    where: str = "line"

    def __str__(self) -> str:
        if self.line <= 0:  # not a place in the file (a command-line option)
            return self.reason
        return f"{self.where} {self.line}: {self.reason}"


class ImportRejectedError(GutbrainError):
    """The file was rejected whole and nothing was written; ``problems`` lists every one."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems[:SHOWN])
        more = len(self.problems) - SHOWN
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"the file was not imported ({len(self.problems)} problem"
            f"{'s' if len(self.problems) != 1 else ''}; nothing was written):\n{shown}{tail}"
        )


def rejected(line: int, reason: str, where: str = "line") -> ImportRejectedError:
    """A one-problem rejection (a file that cannot be read at all)."""
    return ImportRejectedError([LineProblem(line, reason, where)])
