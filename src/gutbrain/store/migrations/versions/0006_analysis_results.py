"""cached analysis results (the trigger report), valid for one diary state

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysis_results",
        sa.Column("diary_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diary_id"],
            ["diaries.id"],
            name="fk_analysis_results_diary_id_diaries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("diary_id", "key", name="pk_analysis_results"),
    )


def downgrade() -> None:
    op.drop_table("analysis_results")
