"""How names are compared everywhere: factor names, food phrases, conditions, mappings."""

from __future__ import annotations


def normalise_name(name: str) -> str:
    """Lower-case, trimmed, single-spaced: how factor names are matched."""
    return " ".join(name.strip().lower().split())
