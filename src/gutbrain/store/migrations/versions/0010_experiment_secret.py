"""experiments: a randomisation secret (concealed allocation) and the planned dose

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

``secret`` holds 256 random bits the order of the periods is drawn from (HMAC per block);
existing experiments keep "" and their seed-based order.  ``exposure_days`` is how many days
a week the person has the factor in "have it" periods, the dose the power is computed for;
experiments planned before were told "at least three days", so they get 3.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("experiments") as batch:
        batch.add_column(sa.Column("secret", sa.String(length=64), nullable=False,
                                   server_default=""))  # fmt: skip
        batch.add_column(sa.Column("exposure_days", sa.Integer(), nullable=False,
                                   server_default="7"))  # fmt: skip
    op.execute("UPDATE experiments SET exposure_days = 3")


def downgrade() -> None:
    with op.batch_alter_table("experiments") as batch:
        batch.drop_column("exposure_days")
        batch.drop_column("secret")
