"""The doctor report: data model, deterministic charts, HTML and PDF rendering."""

from __future__ import annotations
