"""Pure domain records and rules: no I/O, no database, no web."""

from __future__ import annotations

from gutbrain.domain.entries import (
    ACUTE_TAG,
    ANTIBIOTIC_TAG,
    GI_TAG,
    MISSING_DAY_NAME,
    PREVENTIVE_TAG,
    PROBIOTIC_TAG,
    Condition,
    Diary,
    Entry,
    Kind,
)
from gutbrain.domain.errors import EntryError, GutbrainError, NotFoundError

__all__ = [
    "ACUTE_TAG",
    "ANTIBIOTIC_TAG",
    "GI_TAG",
    "MISSING_DAY_NAME",
    "PREVENTIVE_TAG",
    "PROBIOTIC_TAG",
    "Condition",
    "Diary",
    "Entry",
    "EntryError",
    "GutbrainError",
    "Kind",
    "NotFoundError",
]
