"""Import and export of whole diaries (CSV per ``shared/spec/diary-csv.md``, versioned JSON)."""

from __future__ import annotations
