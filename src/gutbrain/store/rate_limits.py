"""Counted events for rate limits (failed sign-ins, password changes), in the database so
that every server process sees the same counts (a limit kept in one process's memory is
divided by the number of processes and forgotten on restart)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.repo import Store
from gutbrain.store.tables import Base


class RateEventRow(Base):
    """One counted attempt under a key such as ``addr:203.0.113.0`` (never an email: account
    keys are digests)."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime)


class RateStore:
    """Count, add and clear events per key (wraps the diary ``Store``'s engine)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def counts(self, keys: Iterable[str], since: datetime) -> dict[str, tuple[int, datetime]]:
        """Per key with events after ``since``: how many and the oldest of them."""
        wanted = list(keys)
        query = (
            select(RateEventRow.key, func.count(), func.min(RateEventRow.at))
            .where(RateEventRow.key.in_(wanted), RateEventRow.at > since)
            .group_by(RateEventRow.key)
        )
        with self.store.engine.connect() as conn:
            return {key: (n, oldest) for key, n, oldest in conn.execute(query)}

    def add(self, keys: Iterable[str], now: datetime) -> None:
        rows = [{"key": key, "at": now} for key in keys]
        if rows:
            with self.store.engine.begin() as conn:
                conn.execute(insert(RateEventRow), rows)

    def clear(self, keys: Iterable[str]) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(RateEventRow).where(RateEventRow.key.in_(list(keys))))

    def prune(self, before: datetime) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(delete(RateEventRow).where(RateEventRow.at < before))
