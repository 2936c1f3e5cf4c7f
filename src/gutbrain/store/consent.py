"""Cohort consent: one row per diary with when consent was given and when it was withdrawn.

Explicit and revocable: no row (or a withdrawn one) means the diary is left out of every cohort
snapshot.  Giving consent again after withdrawing starts a new consent (withdrawn_at cleared).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Uuid, select
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.repo import Store
from gutbrain.store.tables import Base


class CohortConsentRow(Base):
    __tablename__ = "cohort_consent"

    diary_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("diaries.id", ondelete="CASCADE"), primary_key=True
    )
    given_at: Mapped[datetime] = mapped_column(DateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


@dataclass(frozen=True, slots=True)
class Consent:
    """A diary's cohort consent (times in UTC, naive as stored)."""

    diary_id: uuid.UUID
    given_at: datetime | None
    withdrawn_at: datetime | None

    @property
    def active(self) -> bool:
        return self.given_at is not None and self.withdrawn_at is None


def get_consent(store: Store, diary_id: uuid.UUID) -> Consent:
    with store.session() as s:
        row = s.get(CohortConsentRow, diary_id)
        if row is None:
            return Consent(diary_id, None, None)
        return Consent(diary_id, row.given_at, row.withdrawn_at)


def set_consent(store: Store, diary_id: uuid.UUID, *, given: bool, at: datetime) -> Consent:
    """Give (``given``) or withdraw consent at time ``at``; withdrawing without consent is a no-op."""
    with store.session() as s:
        row = s.get(CohortConsentRow, diary_id)
        if given:
            if row is None:
                s.add(CohortConsentRow(diary_id=diary_id, given_at=at, withdrawn_at=None))
            elif row.withdrawn_at is not None:
                row.given_at, row.withdrawn_at = at, None
        elif row is not None and row.withdrawn_at is None:
            row.withdrawn_at = at
    return get_consent(store, diary_id)


def consenting_diaries(store: Store) -> list[uuid.UUID]:
    """Ids of every diary whose consent stands, in a stable order."""
    with store.session() as s:
        q = (
            select(CohortConsentRow.diary_id)
            .where(CohortConsentRow.withdrawn_at.is_(None))
            .order_by(CohortConsentRow.diary_id)
        )
        return list(s.scalars(q))
