"""Persistence: SQLAlchemy store over one SQLite file (default) or PostgreSQL (server mode)."""

from __future__ import annotations

from gutbrain.store.repo import DuplicateEntryError, Store, open_store

__all__ = ["DuplicateEntryError", "Store", "open_store"]
