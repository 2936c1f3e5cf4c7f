"""Tables of N-of-1 experiments: the plan, what happened to it, and the daily checks."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from gutbrain.store.tables import Base


class ExperimentRow(Base):
    """One planned experiment; the schedule is rebuilt from the design and its secret."""

    __tablename__ = "experiments"
    __table_args__ = (Index("ix_experiments_diary", "diary_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    factor: Mapped[str] = mapped_column(String(200))
    design: Mapped[str] = mapped_column(String(20))
    period_days: Mapped[int] = mapped_column(Integer)
    blocks: Mapped[int] = mapped_column(Integer)
    washout_days: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    start_day: Mapped[date] = mapped_column(Date)
    exposure_text: Mapped[str] = mapped_column(Text, default="")
    avoidance_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    stopped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: What the person was told at planning time (baseline rate, power, warnings).
    plan: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret: Mapped[str] = mapped_column(String(64), default="", server_default="")
    exposure_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ExperimentEventRow(Base):
    """Planned, paused, resumed, extended, stopped: every change, with when and why."""

    __tablename__ = "experiment_events"
    __table_args__ = (Index("ix_experiment_events_experiment", "experiment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    experiment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ExperimentCheckRow(Base):
    """The daily adherence check: did the person follow the day's plan (one per day)."""

    __tablename__ = "experiment_checks"

    experiment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    followed: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
