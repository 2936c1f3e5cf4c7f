"""SQLAlchemy 2 tables. Every row carries the diary (person) it belongs to, and every query
filters on it, so the same schema serves one person locally and many on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base; naming convention keeps constraint names stable across backends."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


Base.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class DiaryRow(Base):
    __tablename__ = "diaries"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EntryRow(Base):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("diary_id", "natural_key", name="uq_entries_diary_natural_key"),
        Index("ix_entries_diary_day", "diary_id", "day"),
        Index("ix_entries_diary_kind_day", "diary_id", "kind", "day"),
        # listings are ordered by start (newest first in the web app); coverage asks for
        # the latest end
        Index("ix_entries_diary_start", "diary_id", "start_utc"),
        Index("ix_entries_diary_end", "diary_id", "end_utc"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    start_utc: Mapped[datetime] = mapped_column(DateTime)
    start_has_time: Mapped[bool] = mapped_column(Boolean, default=True)
    end_utc: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    end_has_time: Mapped[bool] = mapped_column(Boolean, default=True)
    tz: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str | None] = mapped_column(String(32), nullable=True)
    intensity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tags: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    natural_key: Mapped[str] = mapped_column(String(512))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ConditionRow(Base):
    __tablename__ = "conditions"
    __table_args__ = (UniqueConstraint("diary_id", "name", name="uq_conditions_diary_name"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    since: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class FoodAliasRow(Base):
    """A person's own mapping of something they type to a food or a recipe of foods."""

    __tablename__ = "food_aliases"

    diary_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("diaries.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(String(200), primary_key=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class MicrobiomeSampleRow(Base):
    """One imported microbiome profile (taxa and computed diversity kept as JSON)."""

    __tablename__ = "microbiome_samples"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    diary_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("diaries.id", ondelete="CASCADE"))
    collected_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    source_format: Mapped[str] = mapped_column(String(32))
    abundance_kind: Mapped[str] = mapped_column(String(32))
    db_version: Mapped[str] = mapped_column(String(100), default="")
    taxa: Mapped[list[Any]] = mapped_column(JSON)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
