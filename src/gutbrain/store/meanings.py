"""Stored meanings: what each distinct food/drink entry text of a diary means
(``gutbrain.meaning.EntryMeaning`` as JSON), kept so an analysis reads meanings instead of
loading the food tables.

A row is keyed by a digest of the entry's content (name, kind, amount, unit, size), so entries
typed the same way share it, an edit simply points to another row, and a stale row can never be
read for the wrong text.  ``version`` is the food-knowledge version the row was derived with;
a reader ignores a row whose version is not the current one.  Writes replace rows in one
transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from sqlalchemy import ForeignKey, String, Text, Uuid, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.repo import Store
from gutbrain.store.tables import Base


class MeaningRow(Base):
    """One diary's meaning of one entry content."""

    __tablename__ = "entry_meanings"

    diary_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("diaries.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    payload: Mapped[str] = mapped_column(Text)


def stored_meanings(store: Store, diary_id: uuid.UUID) -> dict[str, tuple[str, str, str]]:
    """Every stored row as key → (entry text, version, JSON payload)."""
    with store.session() as s:
        rows = s.execute(
            select(MeaningRow.key, MeaningRow.text, MeaningRow.version, MeaningRow.payload).where(
                MeaningRow.diary_id == diary_id
            )
        )
        return {key: (text, version, payload) for key, text, version, payload in rows}


def put_meanings(
    store: Store, diary_id: uuid.UUID, rows: Mapping[str, tuple[str, str, str]]
) -> None:
    """Replace these rows (key → (text, version, payload)) in one transaction."""
    if not rows:
        return
    keys = list(rows)
    with store.session() as s:
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            s.execute(
                delete(MeaningRow).where(MeaningRow.diary_id == diary_id, MeaningRow.key.in_(chunk))
            )
        s.add_all(
            MeaningRow(diary_id=diary_id, key=k, text=t[:200], version=v, payload=p)
            for k, (t, v, p) in rows.items()
        )


def forget_meanings(store: Store, diary_id: uuid.UUID, keys: Iterable[str]) -> None:
    """Drop rows (their entries will be derived again when next read)."""
    wanted = list(keys)
    with store.session() as s:
        for i in range(0, len(wanted), 500):
            s.execute(
                delete(MeaningRow).where(
                    MeaningRow.diary_id == diary_id, MeaningRow.key.in_(wanted[i : i + 500])
                )
            )
