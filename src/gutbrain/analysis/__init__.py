"""Pure analysis: arrays and records in, dataclasses out (no store, no web, no CLI)."""

from __future__ import annotations
