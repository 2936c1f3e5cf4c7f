"""stored meanings of food and drink entries, versioned by the food knowledge

Revision ID: 0007
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entry_meanings",
        sa.Column("diary_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("version", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diary_id"],
            ["diaries.id"],
            name="fk_entry_meanings_diary_id_diaries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("diary_id", "key", name="pk_entry_meanings"),
    )


def downgrade() -> None:
    op.drop_table("entry_meanings")
