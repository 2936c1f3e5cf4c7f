"""How entries look in a terminal: one-line summaries and Rich tables."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from gutbrain.domain.entries import Entry
from gutbrain.services.when import format_number


def when_text(entry: Entry) -> str:
    local = entry.local_start
    return local.strftime("%Y-%m-%d %H:%M") if entry.start_has_time else local.strftime("%Y-%m-%d")


def end_text(entry: Entry) -> str:
    local = entry.local_end
    if local is None:
        return ""
    if not entry.end_has_time:
        return local.strftime("%Y-%m-%d")
    same_day = local.date() == entry.local_start.date()
    return local.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M")


def amount_text(entry: Entry) -> str:
    if entry.amount is None:
        return ""
    unit = entry.unit or ""
    if unit == "CFU":
        return f"{entry.amount:.1e} CFU"
    return f"{format_number(entry.amount)} {unit}".strip()


def summary(entry: Entry) -> str:
    """``attack 1a2b3c4d 2026-11-23 14:00–22:30 · intensity 7 · aura, nausea``."""
    span = when_text(entry) + (f"–{end_text(entry)}" if entry.end is not None else "")
    bits = [f"{entry.kind.value} {entry.id.hex[:8]}", entry.name, span]
    if entry.amount is not None:
        bits.append(amount_text(entry))
    if entry.intensity is not None:
        bits.append(f"intensity {entry.intensity}")
    if entry.tags:
        bits.append(", ".join(entry.tags))
    return " · ".join(bits)


def entries_table(entries: Sequence[Entry], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in ("id", "when", "end", "kind", "name", "amount", "int.", "tags"):
        table.add_column(column, no_wrap=column in ("id", "when"))
    for e in entries:
        table.add_row(
            e.id.hex[:8],
            when_text(e),
            end_text(e) or ("ongoing" if e.kind.value == "attack" else ""),
            e.kind.value,
            e.name,
            amount_text(e),
            "" if e.intensity is None else str(e.intensity),
            ";".join(e.tags),
        )
    return table
