"""Alembic environment: runs on the engine handed over by ``gutbrain.store.engine.migrate``."""

from __future__ import annotations

from alembic import context

from gutbrain.store import (
    account_tables,  # noqa: F401 - registers the server-mode tables
    cache_tables,  # noqa: F401 - registers the result cache
    consent,  # noqa: F401 - registers the cohort consent table
    experiment_tables,  # noqa: F401 - registers the experiment tables
    meanings,  # noqa: F401 - registers the stored meanings
    weather,  # noqa: F401 - registers the weather cache
)
from gutbrain.store.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite needs "move and copy" ALTERs; PostgreSQL gets native ones
    )
    context.run_migrations()
