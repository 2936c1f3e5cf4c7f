"""cohort mode: explicit, revocable consent per diary

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort_consent",
        sa.Column("diary_id", sa.Uuid(), nullable=False),
        sa.Column("given_at", sa.DateTime(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["diary_id"],
            ["diaries.id"],
            name=op.f("fk_cohort_consent_diary_id_diaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("diary_id", name=op.f("pk_cohort_consent")),
    )


def downgrade() -> None:
    op.drop_table("cohort_consent")
