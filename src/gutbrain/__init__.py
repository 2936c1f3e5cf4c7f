"""gutbrain: a local-first migraine, diet and gut-health diary."""

from __future__ import annotations

__version__ = "0.1.0"
