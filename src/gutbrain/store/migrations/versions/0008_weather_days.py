"""weather cache: one row per diary day (pressure, its 24 h change, temperature, humidity)

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "weather_days",
        sa.Column("diary_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("pressure_hpa", sa.Float(), nullable=True),
        sa.Column("pressure_change_hpa", sa.Float(), nullable=True),
        sa.Column("temperature_c", sa.Float(), nullable=True),
        sa.Column("humidity_pct", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diary_id"],
            ["diaries.id"],
            name="fk_weather_days_diary_id_diaries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("diary_id", "day", name="pk_weather_days"),
    )


def downgrade() -> None:
    op.drop_table("weather_days")
