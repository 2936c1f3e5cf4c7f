"""Process settings, built explicitly (never at import time) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "gutbrain"
DEFAULT_DB_FILE = "diary.sqlite"


def default_db_path() -> Path:
    """The one file a local diary lives in: the user's data directory (platformdirs)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_DB_FILE


def local_timezone() -> str:
    """The computer's own IANA zone name (the diary CSV contract's default), else UTC."""
    tz = os.environ.get("TZ", "").strip()
    if tz and "/" in tz:
        return tz
    try:
        link = os.readlink("/etc/localtime")
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        return link.split("zoneinfo/", 1)[1]
    timezone_file = Path("/etc/timezone")
    if timezone_file.exists():
        name = timezone_file.read_text().strip()
        if name:
            return name
    return "UTC"


def db_url_for(db: str | Path) -> str:
    """Accept a path or a SQLAlchemy URL (``postgresql+psycopg://…`` for server mode)."""
    text = str(db)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the diary lives and how this process talks to it.

    Attributes:
        db_url: SQLAlchemy URL; SQLite file by default, PostgreSQL for server mode.
        timezone: IANA zone used for new diaries and for entries without an offset.
        diary_name: which diary to open (local mode has one, named "me").
    """

    db_url: str
    timezone: str
    diary_name: str = "me"

    @classmethod
    def from_env(cls, db: str | Path | None = None, timezone: str | None = None) -> Settings:
        """``--db`` wins, then ``GUTBRAIN_DB``, then the platform data directory."""
        chosen = db or os.environ.get("GUTBRAIN_DB") or default_db_path()
        return cls(
            db_url=db_url_for(chosen),
            timezone=timezone or os.environ.get("GUTBRAIN_TZ") or local_timezone(),
        )

    @property
    def db_path(self) -> Path | None:
        """The SQLite file, or None for a server database."""
        if self.db_url.startswith("sqlite:///"):
            return Path(self.db_url.removeprefix("sqlite:///"))
        return None
