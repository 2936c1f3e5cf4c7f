"""The context every use case acts on: an open store and one diary.  Its own module, below
``services.diary``, so the write hook (``services.knowledge``) can name it without a cycle."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from gutbrain.domain.entries import Diary
from gutbrain.settings import Settings
from gutbrain.store import Store


@dataclass(frozen=True, slots=True)
class Context:
    """An open store and the diary (person) every call acts on."""

    settings: Settings
    store: Store
    diary: Diary

    @property
    def diary_id(self) -> uuid.UUID:
        return self.diary.id

    @property
    def tz(self) -> str:
        return self.diary.timezone

    def now(self) -> datetime:
        """Current local time in the diary's zone."""
        return datetime.now(ZoneInfo(self.tz))

    def midnight(self, day: date) -> datetime:
        """Start of a diary day in the diary's zone (for date-only entries)."""
        return datetime.combine(day, datetime.min.time(), tzinfo=ZoneInfo(self.tz))

    def close(self) -> None:
        self.store.close()
