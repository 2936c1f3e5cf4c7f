"""The diary facade, in the spirit of fava's ledger: one diary state — its entries, coverage,
settings and ``Understanding`` (food knowledge, stored meanings, weather) — loaded once and
handed to every service, so two faces reading the same state cannot disagree, and a page that
asks three services loads the diary once.

``ledger(ctx)`` checks the diary fingerprint (``store.results``: one aggregate query) and
returns the object already built for it, or builds one.  Any write moves the fingerprint, so a
stale ledger is never served.  The object is read-only apart from the ``Understanding``'s memo
(the same meaning for the same text, by construction).
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from gutbrain.domain.entries import DiarySettings, Entry
from gutbrain.services import diary as svc
from gutbrain.services.meaning import Understanding, understanding
from gutbrain.store.results import diary_fingerprint

#: Diary states kept per process (a server holds a few people's diaries at once).
KEEP = 8


@dataclass(frozen=True, slots=True)
class Ledger:
    """One diary state, loaded once."""

    diary_id: uuid.UUID
    fingerprint: str
    entries: tuple[Entry, ...]
    coverage: svc.Coverage | None
    settings: DiarySettings
    understanding: Understanding

    def between(self, first: date | None, last: date | None) -> list[Entry]:
        """Entries whose day is in [first, last] (either end open)."""
        return [
            e
            for e in self.entries
            if (first is None or e.day >= first) and (last is None or e.day <= last)
        ]


_LEDGERS: OrderedDict[tuple[str, uuid.UUID], Ledger] = OrderedDict()
_LOCK = threading.Lock()


def ledger(ctx: svc.Context) -> Ledger:
    """This diary's ledger for its current state (built once per state and process)."""
    key = (ctx.settings.db_url, ctx.diary_id)
    stamp = diary_fingerprint(ctx.store, ctx.diary_id)
    with _LOCK:
        hit = _LEDGERS.get(key)
        if hit is not None and hit.fingerprint == stamp:
            _LEDGERS.move_to_end(key)
            return hit
    built = Ledger(
        diary_id=ctx.diary_id,
        fingerprint=stamp,
        entries=tuple(svc.list_entries(ctx)),
        coverage=svc.coverage(ctx),
        settings=svc.get_settings(ctx),
        understanding=understanding(ctx),
    )
    with _LOCK:
        _LEDGERS[key] = built
        _LEDGERS.move_to_end(key)
        while len(_LEDGERS) > KEEP:
            _LEDGERS.popitem(last=False)
    return built
