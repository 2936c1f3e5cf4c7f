"""Server-rendered forest plot of risk ratios with confidence intervals, as inline SVG.

Drawn by hand rather than with matplotlib: a page must load in under 100 ms on a 3-year diary
and a matplotlib figure alone costs more than that. The axis is logarithmic (ratios are
symmetric on a log scale: RR 2 and RR 0.5 are the same distance from 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from gutbrain.domain.text import ratio_number

ROW_HEIGHT = 26
LABEL_WIDTH = 280
PLOT_WIDTH = 300
VALUE_WIDTH = 190  # fits "not estimable (from 1.37)" at 12 px
TOP = 28
BOTTOM = 34
#: Axis limits: ratios beyond these are drawn as arrows at the edge (an unbounded CI end, or a
#: tiny count, would otherwise squash everything else into the middle).
AXIS_MIN = 0.125
AXIS_MAX = 16.0
TICKS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)

VERDICT_CLASS = {
    "trigger": "fp-trigger",
    "protector": "fp-protector",
    "no_association": "fp-none",
    "not_enough_data": "fp-thin",
}


@dataclass(frozen=True, slots=True)
class ForestRow:
    """One line of the plot: a factor at one lag with its RR and 95 % CI (None = unbounded)."""

    label: str
    rr: float | None
    ci_low: float | None
    ci_high: float | None
    verdict: str
    href: str | None = None


def _x(value: float, left: float = LABEL_WIDTH, width: float = PLOT_WIDTH) -> float:
    clamped = min(max(value, AXIS_MIN), AXIS_MAX)
    span = math.log(AXIS_MAX) - math.log(AXIS_MIN)
    return left + width * (math.log(clamped) - math.log(AXIS_MIN)) / span


def _value(row: ForestRow) -> str:
    """The label beside a row, rounded as the text rounds it; an open interval in words."""
    rr, low, high = (ratio_number(v) for v in (row.rr, row.ci_low, row.ci_high))
    if row.rr is None:
        return f"not estimable (from {low})"
    if row.ci_high is None:
        return f"{rr} ({low}, no upper limit)"
    return f"{rr} ({low}–{high})"


def forest_plot_svg(rows: Sequence[ForestRow], *, title: str = "Risk ratio (95% CI)") -> str:
    """Return a self-contained, accessible SVG (``role="figure"`` with a text description: it holds links, which an "img" may not)."""
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    height = TOP + BOTTOM + ROW_HEIGHT * max(len(rows), 1)
    plot_bottom = height - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="forest" viewBox="0 0 {width} {height}" '
        f'width="100%" role="figure" aria-labelledby="fp-title fp-desc">',
        f'<title id="fp-title">{escape(title)}</title>',
        f'<desc id="fp-desc">{len(rows)} factors; a line to the right of 1 means more attacks '
        "after that factor, to the left fewer.</desc>",
        f'<text x="{LABEL_WIDTH}" y="16" class="fp-axis-title">{escape(title)}</text>',
    ]
    for tick in TICKS:
        x = _x(tick)
        cls = "fp-one" if tick == 1.0 else "fp-grid"
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{plot_bottom}" class="{cls}"/>'
        )
        label = f"{tick:g}" if tick >= 1 else f"1/{round(1 / tick)}"
        parts.append(
            f'<text x="{x:.1f}" y="{plot_bottom + 16}" text-anchor="middle" class="fp-tick">'
            f"{label}</text>"
        )
    parts.append(
        f'<text x="{_x(0.25):.1f}" y="{height - 3}" text-anchor="middle" class="fp-tick">'
        "fewer attacks</text>"
        f'<text x="{_x(4.0):.1f}" y="{height - 3}" text-anchor="middle" class="fp-tick">'
        "more attacks</text>"
    )
    for i, row in enumerate(rows):
        parts.append(_row_svg(row, TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2))
    parts.append("</svg>")
    return "".join(parts)


def _row_svg(row: ForestRow, y: float) -> str:
    cls = VERDICT_CLASS.get(row.verdict, "fp-thin")
    label = escape(row.label if len(row.label) <= 32 else row.label[:31] + "…")
    text = f'<text x="{LABEL_WIDTH - 8}" y="{y + 4:.1f}" text-anchor="end" class="fp-label">{label}</text>'
    if row.href:
        text = f'<a href="{escape(row.href)}">{text}</a>'
    out = [f'<g class="fp-row {cls}">', text]
    if row.rr is None:
        out.append(
            f'<text x="{_x(1.0):.1f}" y="{y + 4:.1f}" text-anchor="middle" class="fp-value">'
            "not enough data</text>"
        )
    else:
        lo = row.ci_low if row.ci_low is not None else AXIS_MIN
        hi = row.ci_high if row.ci_high is not None else AXIS_MAX
        x_lo, x_hi, x_rr = _x(lo), _x(hi), _x(row.rr)
        out.append(
            f'<line x1="{x_lo:.1f}" y1="{y:.1f}" x2="{x_hi:.1f}" y2="{y:.1f}" class="fp-ci"/>'
        )
        if row.ci_high is None or row.ci_high > AXIS_MAX:
            out.append(_arrow(x_hi, y, 1))
        if row.ci_low is None or row.ci_low < AXIS_MIN:
            out.append(_arrow(x_lo, y, -1))
        out.append(
            f'<rect x="{x_rr - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" class="fp-point"/>'
        )
        value = _value(row)
        out.append(
            f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 8}" y="{y + 4:.1f}" class="fp-value">{value}</text>'
        )
    out.append("</g>")
    return "".join(out)


def _arrow(x: float, y: float, direction: int) -> str:
    tip = x + 6 * direction
    return f'<path d="M{x:.1f},{y - 4:.1f} L{tip:.1f},{y:.1f} L{x:.1f},{y + 4:.1f} Z" class="fp-arrow"/>'


#: The phone version: 320 units wide, so at a 360 px phone one unit is about one pixel and the
#: 12-unit axis text stays readable (≥ 11 px); names and numbers are HTML text above each bar.
NARROW = 320
NARROW_PAD = 10


def _narrow_x(value: float) -> float:
    return _x(value, NARROW_PAD, NARROW - 2 * NARROW_PAD)


def forest_plot_narrow(rows: Sequence[ForestRow], *, title: str = "Risk ratio (95% CI)") -> str:
    """The forest plot for a phone: per row, the name and the value as text, then the bar on
    the same log axis as the desktop plot (drawn once at the top with its ticks)."""
    axis = [f'<svg xmlns="http://www.w3.org/2000/svg" class="fp-axis" viewBox="0 0 {NARROW} 34" '
            'width="100%" aria-hidden="true">']  # fmt: skip
    for tick in TICKS:
        label = f"{tick:g}" if tick >= 1 else f"1/{round(1 / tick)}"
        axis.append(f'<text x="{_narrow_x(tick):.1f}" y="14" text-anchor="middle" '
                    f'class="fp-tick">{label}</text>')  # fmt: skip
    axis.append(f'<text x="{_narrow_x(0.25):.1f}" y="30" text-anchor="middle" class="fp-tick">'
                f'fewer attacks</text><text x="{_narrow_x(4.0):.1f}" y="30" text-anchor="middle" '
                'class="fp-tick">more attacks</text></svg>')  # fmt: skip
    items = []
    for row in rows:
        cls = VERDICT_CLASS.get(row.verdict, "fp-thin")
        name = escape(row.label)
        if row.href:
            name = f'<a href="{escape(row.href)}">{name}</a>'
        value = "not enough data" if row.rr is None and row.ci_low is None else _value(row)
        bar = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {NARROW} 14" width="100%" '
               'aria-hidden="true" class="fp-bar">',
               f'<line x1="{_narrow_x(1.0):.1f}" y1="0" x2="{_narrow_x(1.0):.1f}" y2="14" class="fp-one"/>']  # fmt: skip
        if row.rr is not None:
            lo = row.ci_low if row.ci_low is not None else AXIS_MIN
            hi = row.ci_high if row.ci_high is not None else AXIS_MAX
            x_lo, x_hi, x_rr = _narrow_x(lo), _narrow_x(hi), _narrow_x(row.rr)
            bar.append(f'<line x1="{x_lo:.1f}" y1="7" x2="{x_hi:.1f}" y2="7" class="fp-ci"/>')
            if row.ci_high is None or row.ci_high > AXIS_MAX:
                bar.append(_arrow(min(x_hi, NARROW - 8), 7, 1))
            if row.ci_low is None or row.ci_low < AXIS_MIN:
                bar.append(_arrow(max(x_lo, 8), 7, -1))
            bar.append(f'<rect x="{x_rr - 5:.1f}" y="2" width="10" height="10" class="fp-point"/>')
        bar.append("</svg>")
        items.append(f'<li class="fp-row {cls}"><span class="fp-name">{name}</span> '
                     f'<span class="fp-value">{escape(value)}</span>{"".join(bar)}</li>')  # fmt: skip
    return (f'<div class="forest-narrow" role="figure" aria-label="{escape(title)}">'
            f'<p class="fp-axis-title">{escape(title)}</p>{"".join(axis)}'
            f'<ul>{"".join(items)}</ul></div>')  # fmt: skip
