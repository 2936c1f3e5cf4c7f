"""The other apps whose CSV exports gutbrain reads, by command name (formats, their origin and
test files: docs/imports.md).  None of these apps documents its export; each format follows
public samples and parsers, finds columns by name (with the common variants) and never needs
an unknown column.  Files that differ are still importable through ``--map``."""

from __future__ import annotations

from gutbrain.io.app_bearable import BEARABLE
from gutbrain.io.app_csv import AppFormat
from gutbrain.io.app_migraine_buddy import MIGRAINE_BUDDY
from gutbrain.io.app_mysymptoms import MYSYMPTOMS

FORMATS: dict[str, AppFormat] = {
    "migraine-buddy": MIGRAINE_BUDDY, "bearable": BEARABLE, "mysymptoms": MYSYMPTOMS,
}  # fmt: skip
