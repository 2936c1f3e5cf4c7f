"""Building demo diaries: a fresh, temporary database, never the user's real diary."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from gutbrain.demo import DemoDiary, generate_diary
from gutbrain.services import diary as svc
from gutbrain.settings import Settings


def load_demo(ctx: svc.Context, demo: DemoDiary) -> svc.Context:
    """Write a generated demo diary (entries and conditions) into ``ctx``'s diary."""
    entries = [replace(e, diary_id=ctx.diary_id) for e in demo.entries]
    svc.add_entries(ctx, entries)
    existing = {c.name for c in svc.list_conditions(ctx)}
    for name in demo.conditions:
        if name not in existing:
            svc.add_condition(ctx, name)
    return svc.refreshed(ctx)


def build_demo(
    *,
    seed: int = 7,
    days: int = 365,
    end: date | None = None,
    directory: Path | None = None,
    timezone: str = "Europe/Berlin",
) -> tuple[svc.Context, DemoDiary]:
    """Generate a demo diary ending yesterday into a new SQLite file in a temp folder."""
    folder = directory or Path(tempfile.mkdtemp(prefix="gutbrain-demo-"))
    settings = Settings.from_env(db=folder / "demo-diary.sqlite", timezone=timezone)
    ctx = svc.open_context(settings)
    last = end or (date.today() - timedelta(days=1))
    demo = generate_diary(seed=seed, days=days, end=last, tz=timezone, diary_id=ctx.diary_id)
    return load_demo(ctx, demo), demo
