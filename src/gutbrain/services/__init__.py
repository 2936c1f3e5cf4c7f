"""Use cases shared by the CLI and the web app (keyword-only arguments, domain records out)."""

from __future__ import annotations
