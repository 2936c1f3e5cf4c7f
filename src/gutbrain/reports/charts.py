"""The report's charts as deterministic SVG text (same input → same bytes).

matplotlib's object API (no pyplot state, safe in a web worker), a fixed font, a fixed
``svg.hashsalt`` and no date in the metadata make the output byte-stable, so charts are
golden-tested (architecture.md §2, "Charts").  Text stays text (``svg.fonttype: none``): the PDF
is searchable and small.  Every chart reads in greyscale: intensity is a light-to-dark ramp,
classes differ by hatch as well as by colour, lines by dash pattern.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path

from gutbrain.analysis.clinical.criteria import OveruseCheck
from gutbrain.analysis.clinical.endpoints import Stretch
from gutbrain.reports.model import CalendarDay

WIDTH_IN = 7.0  # A4/Letter text width at 15 mm margins
STYLE: Mapping[str, Any] = {
    "svg.hashsalt": "gutbrain-report",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "hatch.linewidth": 0.6,
}
INK = "#222222"
GRID = "#bbbbbb"
PERIOD_COLOUR = "#6a3d9a"
#: Attack pain 1–10: light to dark (monotonic luminance, so it survives greyscale printing).
PAIN = mpl.colormaps["OrRd"]
HATCHES = ("", "////", "....", "xxxx", "\\\\\\\\", "----", "++++")
FILLS = ("#4d4d4d", "#9e9e9e", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _style() -> AbstractContextManager[None]:
    return mpl.rc_context(dict(STYLE))  # type: ignore[arg-type]  # rcParams keys are literals


def _svg(fig: Figure) -> str:
    """Serialise without the XML prolog, so the SVG can be inlined in HTML."""
    buf = io.StringIO()
    FigureCanvasSVG(fig)
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = re.sub(r"<\?xml[^>]*\?>\s*", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text)
    return text.strip() + "\n"


def _figure(height: float) -> Figure:
    return Figure(figsize=(WIDTH_IN, height), dpi=72)


def _pain_colour(intensity: int) -> Any:
    # 0.25–1.0 of the ramp: even the mildest attack is visibly tinted
    return PAIN(0.25 + 0.75 * max(0, min(intensity, 10)) / 10)


def _boxes(corners: Sequence[tuple[float, float]], w: float, h: float, **style: Any) -> PathPatch:
    """Many axis-aligned boxes as one compound path."""
    verts: list[tuple[float, float]] = []
    for x, y in corners:
        verts += [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]
    box = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    return PathPatch(Path(verts, box * len(corners)), **style)


def calendar_strip(days: Sequence[CalendarDay]) -> str:
    """One row per month, one cell per day: pain shade, medication dot, period bar, gaps."""
    months = sorted({(d.day.year, d.day.month) for d in days})
    row_of = {m: i for i, m in enumerate(months)}
    with _style():
        height = 0.22 * max(len(months), 1) + 0.62
        fig = _figure(height)
        ax = fig.add_axes((0.07, 0.46 / height, 0.92, 1 - 0.5 / height))
        dots_x: list[float] = []
        dots_y: list[float] = []
        # cells of one look go into one compound path: a few SVG elements instead of ~400,
        # which keeps the PDF fast to render
        groups: dict[tuple[Any, str, str], list[tuple[float, float]]] = {}
        bars: list[tuple[float, float]] = []
        for d in days:
            x, y = d.day.day - 1, row_of[(d.day.year, d.day.month)]
            if d.missing:
                look: tuple[Any, str, str] = ("white", "/////", GRID)
            elif d.intensity is not None:
                look = (_pain_colour(d.intensity), "", INK)
            else:
                look = ("white", "", GRID)
            groups.setdefault(look, []).append((x, y))
            if d.menstruation:
                bars.append((x, y + 0.68))
            if d.acute:
                dots_x.append(x + 0.43)
                dots_y.append(y + 0.31)
        for (face, hatch, edge), corners in groups.items():
            ax.add_patch(_boxes(corners, 0.86, 0.62, fc=face, ec=edge, lw=0.4, hatch=hatch))
        if bars:
            ax.add_patch(_boxes(bars, 0.86, 0.14, fc=PERIOD_COLOUR, lw=0))
        ax.scatter(dots_x, dots_y, s=7, c="white", edgecolors=INK, linewidths=0.6, zorder=3)
        ax.set_xlim(-0.2, 31)
        ax.set_ylim(max(len(months), 1) - 0.1, -0.1)
        ax.set_xticks([i + 0.43 for i in range(0, 31, 5)], [str(i + 1) for i in range(0, 31, 5)])
        ax.set_yticks(
            [i + 0.31 for i in range(len(months))],
            [f"{_MONTHS[m - 1]} {y % 100:02d}" for y, m in months],
        )
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(facecolor=_pain_colour(2), edgecolor=INK, lw=0.4, label="attack, pain 1–3"),
            Patch(facecolor=_pain_colour(5), edgecolor=INK, lw=0.4, label="pain 4–6"),
            Patch(facecolor=_pain_colour(9), edgecolor=INK, lw=0.4, label="pain 7–10"),
            Line2D([], [], ls="", marker="o", mfc="white", mec=INK, mew=0.6, ms=3.2,
                   label="acute medication"),
            Patch(facecolor=PERIOD_COLOUR, label="period"),
            Patch(facecolor="white", edgecolor=GRID, hatch="/////", lw=0.4, label="no entry"),
        ]  # fmt: skip
        legend = fig.legend(handles=handles, loc="lower left", ncol=6, frameon=False,
                            bbox_to_anchor=(0.06, 0.0), handlelength=1.2, columnspacing=1.4)  # fmt: skip
        legend.set_in_layout(False)
        return _svg(fig)


def _date_label(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]}"


def mmd_chart(windows: Sequence[Stretch], *, line_at: float = 8.0) -> str:
    """Migraine days per 28-day window; windows under half documented are marked n/a."""
    with _style():
        fig = _figure(2.1)
        ax = fig.add_axes((0.07, 0.2, 0.91, 0.72))
        values = [w.mmd for w in windows]
        top = max([v for v in values if v is not None] + [line_at]) * 1.18
        for i, (w, v) in enumerate(zip(windows, values, strict=True)):
            if v is None:
                ax.bar(i, top * 0.12, color="white", edgecolor=GRID, hatch="////", lw=0.4)
                ax.text(i, top * 0.14, "n/a", ha="center", va="bottom", fontsize=6.5, color=INK)
            else:
                ax.bar(i, v, color="#8c8c8c", edgecolor=INK, lw=0.4, width=0.75)
                ax.text(i, v + top * 0.015, f"{v:.1f}", ha="center", va="bottom", fontsize=6.5)
            _ = w
        ax.axhline(line_at, color=INK, lw=0.8, ls=(0, (4, 2)))
        ax.text(len(windows) - 0.5, line_at + top * 0.02, f"{line_at:g} migraine days",
                ha="right", va="bottom", fontsize=6.5)  # fmt: skip
        ax.set_xticks(range(len(windows)), [_date_label(w.first) for w in windows], fontsize=6.5)
        ax.set_xlim(-0.6, max(len(windows), 1) - 0.4)
        ax.set_ylim(0, top)
        ax.set_ylabel("migraine days / 28 d")
        ax.set_xlabel("28-day window starting")
        return _svg(fig)


def medication_chart(check: OveruseCheck) -> str:
    """Acute-medication days per month and class, with the ICHD-3 8.2 threshold lines."""
    rows = [r for r in check.used if r.rule.key != "multiple"]
    months = [m.month for m in check.months]
    with _style():
        fig = _figure(2.2)
        ax = fig.add_axes((0.07, 0.27, 0.91, 0.66))
        width = 0.8 / max(len(rows), 1)
        for k, r in enumerate(rows):
            xs = [i - 0.4 + width * (k + 0.5) for i in range(len(months))]
            ax.bar(xs, r.days, width=width, color=FILLS[k % len(FILLS)], edgecolor=INK, lw=0.4,
                   hatch=HATCHES[k % len(HATCHES)], label=f"{r.rule.label} (≥ {r.rule.threshold} d)")  # fmt: skip
        thresholds = sorted({r.rule.threshold for r in rows} | {10})
        dashes = {10: (0, (4, 2)), 15: (0, (1, 1.5))}
        for t in thresholds:
            ax.axhline(t, color=INK, lw=0.8, ls=dashes.get(t, "-"))
            ax.text(len(months) - 0.45, t + 0.3, f"{t} days", ha="right", va="bottom", fontsize=6.5)
        most = max([max(r.days) for r in rows] + thresholds)
        ax.set_ylim(0, most * 1.25 + 1)
        ax.set_xlim(-0.6, max(len(months), 1) - 0.4)
        ax.set_xticks(
            range(len(months)), [f"{_MONTHS[m.month - 1]} {m.year % 100:02d}" for m in months]
        )
        ax.set_ylabel("days with intake")
        if rows:
            legend = fig.legend(loc="lower left", ncol=3, frameon=False, bbox_to_anchor=(0.06, 0.0))
            legend.set_in_layout(False)
        else:
            ax.text(len(months) / 2 - 0.5, most * 0.6, "no acute medication logged",
                    ha="center", fontsize=8)  # fmt: skip
        return _svg(fig)


def _field(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)


AXIS_MIN, AXIS_MAX = 0.125, 16.0
_MARKERS = {
    "trigger": ("s", INK, INK),
    "protector": ("D", INK, INK),
    "inconclusive": ("s", "white", INK),
    "no_association": ("o", "white", INK),
    "not_enough_data": ("o", "white", "#888888"),
}


def trigger_forest_plot(rows: Sequence[Any]) -> str:
    """Risk ratios with 95 % CIs on a log axis, one line per factor × lag.

    ``rows`` are trigger rows as records or mappings with ``factor``, ``lag_days``, ``rr``,
    ``ci_low``, ``ci_high`` and ``verdict`` (shared/spec/triggers-json.md); an unbounded or
    off-scale CI end is drawn as an arrow at the edge.
    """
    n = len(rows)
    with _style():
        height = 0.2 * max(n, 1) + 0.62
        fig = _figure(height)
        ax = fig.add_axes((0.30, 0.48 / height, 0.48, 1 - 0.58 / height))
        ax.set_xscale("log")
        ax.set_xlim(AXIS_MIN, AXIS_MAX)
        ax.set_ylim(n - 0.5, -0.6)
        ax.axvline(1.0, color=INK, lw=0.7)
        ticks = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("risk ratio (95% CI), log scale")
        for i, row in enumerate(rows):
            name = _field(row, "group_label") or _field(row, "factor")
            label = f"{name} (lag {_field(row, 'lag_days')} d)"
            ax.text(AXIS_MIN / 1.15, i, label, ha="right", va="center")
            rr, lo, hi = (_field(row, k) for k in ("rr", "ci_low", "ci_high"))
            verdict = str(_field(row, "verdict") or "not_enough_data")
            marker, face, edge = _MARKERS.get(verdict, _MARKERS["not_enough_data"])
            if lo is not None or hi is not None:
                a = max(lo if lo is not None else AXIS_MIN, AXIS_MIN)
                b = min(hi if hi is not None and math.isfinite(hi) else AXIS_MAX, AXIS_MAX)
                ax.plot([a, b], [i, i], color=edge, lw=1.0)
                if b >= AXIS_MAX:
                    ax.plot([AXIS_MAX], [i], marker=">", color=edge, ms=4, clip_on=False)
                if a <= AXIS_MIN:
                    ax.plot([AXIS_MIN], [i], marker="<", color=edge, ms=4, clip_on=False)
            if rr is not None and rr > 0:
                x = min(max(rr, AXIS_MIN), AXIS_MAX)
                ax.plot([x], [i], marker=marker, mfc=face, mec=edge, ms=4.5, mew=0.9, ls="")
            ax.text(AXIS_MAX * 1.15, i, _estimate(rr, lo, hi), ha="left", va="center")
        if n == 0:
            ax.text(1.0, 0, "no factor could be tested", ha="center", va="center")
        return _svg(fig)


def _estimate(rr: float | None, lo: float | None, hi: float | None) -> str:
    if rr is None:
        return "not tested"
    lo_text = "–" if lo is None else f"{lo:.2f}"
    if hi is None or not math.isfinite(hi):
        return f"{rr:.2f} ({lo_text} upwards)"
    return f"{rr:.2f} ({lo_text}–{hi:.2f})"
