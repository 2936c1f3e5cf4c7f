"""Results that take longer than a page may (the trigger report: seconds on a 3-year diary),
kept per diary state: the caller's write counter (the web app bumps one on every write it makes)
plus the SQLite file's size and time, which also catches writes made by the CLI in another
process. One cache per app, shared by every face that reads through ``services.reads``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from gutbrain.services.diary import Context

T = TypeVar("T")


def data_version(ctx: Context, generation: int) -> tuple[Any, ...]:
    """Changes whenever the diary may have changed (``generation``: the caller's write count)."""
    stamp: list[Any] = [generation, ctx.diary.settings, ctx.tz]
    path = ctx.settings.db_path
    if path is not None:
        for p in (path, path.with_name(path.name + "-wal")):
            try:
                st = os.stat(p)
            except FileNotFoundError:
                continue
            stamp.append((st.st_size, st.st_mtime_ns))
    return tuple(stamp)


class ResultCache:
    """One value per key and diary state. Requests for the same key wait for one computation;
    other keys are not held up (and a computation may read other keys)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._values: dict[Hashable, tuple[tuple[Any, ...], Any]] = {}

    def get(self, key: Hashable, ctx: Context, generation: int, compute: Callable[[], T]) -> T:
        version = data_version(ctx, generation)
        key = (ctx.diary_id, key)  # a server holds many diaries: never hand one another's
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            hit = self._values.get(key)
            if hit is not None and hit[0] == version:
                value: T = hit[1]
                return value
            value = compute()
            self._values[key] = (version, value)
            return value
