"""indexes on entry start and end times

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index("ix_entries_diary_start", ["diary_id", "start_utc"], unique=False)
        batch_op.create_index("ix_entries_diary_end", ["diary_id", "end_utc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_diary_end")
        batch_op.drop_index("ix_entries_diary_start")
