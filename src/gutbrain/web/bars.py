"""A small server-rendered bar chart (one bar per week) with a dashed target line."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH, HEIGHT = 620, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 24, 30
MAX_LABELS = 6


def bar_chart_svg(
    title: str, labels: Sequence[str], values: Sequence[float | None], *, target: float | None,
    unit: str, partial: Sequence[bool] = (),
) -> str:  # fmt: skip
    """Bars for ``values`` (None = nothing logged that week) against ``target``; ``partial``
    weeks (too few days logged to count) are drawn as dashed outlines."""
    known = [v for v in values if v is not None]
    top = max([*known, target or 0.0, 1.0]) * 1.15
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values), 1)
    # At most 6 week labels, so they stay apart when a phone scales the chart down.
    label_every = math.ceil(len(values) / MAX_LABELS) or 1

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f'<text x="{LEFT}" y="14" class="fp-axis-title">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" class="fp-grid"/>',
        f'<text x="{LEFT - 6}" y="{y(0) + 4:.1f}" text-anchor="end" class="fp-tick">0</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + i * step
        if value is not None:
            part = i < len(partial) and partial[i]
            note = " (partial week: too few days logged to count)" if part else ""
            parts.append(
                f'<rect x="{x + step * 0.15:.1f}" y="{y(value):.1f}" width="{step * 0.7:.1f}" '
                f'height="{y(0) - y(value):.1f}" class="bar{" partial" if part else ""}">'
                f"<title>{escape(label)}: {value:.1f} {escape(unit)}{note}</title></rect>"
            )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle" '
                f'class="fp-tick">{escape(label)}</text>'
            )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" y2="{y(target):.1f}" '
            f'class="target"/><text x="{LEFT - 6}" y="{y(target) + 4:.1f}" text-anchor="end" '
            f'class="fp-tick">{target:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
