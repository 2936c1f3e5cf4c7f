"""The analysis-result cache: slow results (the trigger report) kept in the diary file itself,
valid only for the diary state they were computed from."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.tables import Base


class ResultRow(Base):
    """One cached result per diary and key (e.g. "triggers:attack:0.1")."""

    __tablename__ = "analysis_results"

    diary_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("diaries.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(200))
    payload: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(DateTime)
