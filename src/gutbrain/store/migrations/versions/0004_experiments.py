"""N-of-1 experiments: plans, their events and the daily adherence checks

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("diary_id", sa.Uuid(), nullable=False),
        sa.Column("factor", sa.String(length=200), nullable=False),
        sa.Column("design", sa.String(length=20), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("blocks", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("exposure_text", sa.Text(), nullable=False),
        sa.Column("avoidance_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diary_id"], ["diaries.id"],
            name=op.f("fk_experiments_diary_id_diaries"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiments")),
    )  # fmt: skip
    op.create_index("ix_experiments_diary", "experiments", ["diary_id"])
    op.create_table(
        "experiment_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("experiment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"], ["experiments.id"],
            name=op.f("fk_experiment_events_experiment_id_experiments"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_events")),
    )  # fmt: skip
    op.create_index("ix_experiment_events_experiment", "experiment_events", ["experiment_id"])
    op.create_table(
        "experiment_checks",
        sa.Column("experiment_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("followed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["experiment_id"], ["experiments.id"],
            name=op.f("fk_experiment_checks_experiment_id_experiments"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("experiment_id", "day", name=op.f("pk_experiment_checks")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("experiment_checks")
    op.drop_index("ix_experiment_events_experiment", table_name="experiment_events")
    op.drop_table("experiment_events")
    op.drop_index("ix_experiments_diary", table_name="experiments")
    op.drop_table("experiments")
