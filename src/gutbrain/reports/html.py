"""Render the doctor report to one self-contained HTML document (inline CSS and SVG).

The same HTML is the web page, the ``--html`` file and, through WeasyPrint, the PDF; its print
CSS sets the paper size, page numbers and the footer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from gutbrain.domain import text
from gutbrain.domain.text import count, pvalue
from gutbrain.reports.model import ReportData

PAPER_SIZES = {"a4": "A4", "letter": "letter"}

VERDICT_TEXT = {
    "trigger": "trigger",
    "protector": "protector",
    "inconclusive": "inconclusive",
    "no_association": "no association",
    "not_enough_data": "not enough data",
}
MENSTRUAL_TEXT = {
    "no_periods": "No periods logged in this period.",
    "not_enough_cycles": "Fewer than 3 fully documented cycles: the ICHD-3 criteria cannot be "
    "checked yet.",
    "not_menstrual": "Criteria not met (attacks on days −2..+3 in fewer than 2 of 3 cycles).",
    "pure": "Meets A1.1.1 pure menstrual migraine: attacks on days −2..+3 in ≥ 2 of 3 cycles and "
    "at no other time.",
    "menstrually_related": "Meets A1.1.2 menstrually related migraine: attacks on days −2..+3 in "
    "≥ 2 of 3 cycles, and also at other times.",
}


def num(value: float | None, digits: int = 1, unit: str = "") -> str:
    """A number for the page; "–" when there is none."""
    if value is None:
        return "–"
    return f"{value:.{digits}f}{unit}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def day(value: date | None) -> str:
    return "–" if value is None else f"{value.day} {value:%b %Y}"


def change(now: float | None, before: float | None, share: bool = False) -> str:
    """Signed change with an arrow word (readable in greyscale and by screen readers);
    ``share=True`` for proportions, whose change is in percentage points."""
    if now is None or before is None:
        return "–"
    delta = (now - before) * (100 if share else 1)
    if abs(delta) < (0.5 if share else 0.05):
        return "no change"
    word = "up" if delta > 0 else "down"
    if share:
        return f"{word} {abs(delta):.0f} points"
    relative = f", {delta / before:+.0%}" if before else ""
    return f"{word} {abs(delta):.1f}{relative}"


def ratio_ci(rr: Any) -> str:
    """ "0.75 (0.27–2.19)" from a RateRatio or a trigger row; "–" when absent; an unbounded
    interval in words (``gutbrain.domain.text.ratio_ci``)."""
    return text.ratio_of(rr)


def qval(q: float | None) -> str:
    """A q-value never reads "0.000": below 0.001 it is "< 0.001"."""
    if q is None:
        return "–"
    return "< 0.001" if q < 0.001 else f"{q:.3f}" if q < 0.1 else f"{q:.2f}"


#: Drug classes as the page says them (the diary stores short codes such as "nsaid").
DRUG_CLASS_WORDS = {
    "nsaid": "NSAID (anti-inflammatory painkiller)",
    "paracetamol": "paracetamol (simple analgesic)",
    "triptan": "triptan",
    "combination": "combination analgesic",
    "opioid": "opioid",
    "ergot": "ergot",
    "gepant": "gepant",
    "ditan": "ditan",
    "antiemetic": "anti-sickness drug",
    "preventive": "preventive",
}


def drug_class(code: str | None) -> str:
    if not code:
        return "not known"
    return DRUG_CLASS_WORDS.get(code, code.replace("_", " "))


def lag_words(lag: int) -> str:
    return "same day" if lag == 0 else "day before" if lag == 1 else f"{lag} days before"


def environment() -> Environment:
    """A fresh Jinja environment (a factory, not a module global)."""
    env = Environment(
        loader=PackageLoader("gutbrain.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=num,
        pct=pct,
        day=day,
        ratio_ci=ratio_ci,
        count=count,
        pval=pvalue,
        qval=qval,
        drug_class=drug_class,
        lag_words=lag_words,
    )
    env.globals.update(change=change, VERDICT_TEXT=VERDICT_TEXT, MENSTRUAL_TEXT=MENSTRUAL_TEXT)
    return env


@cache
def template(name: str) -> Template:
    """A compiled template, kept for the process: compiling ``report.html`` costs more than
    rendering it (rendering from one environment is thread-safe)."""
    return environment().get_template(name)


def render_charts(data: ReportData) -> dict[str, Markup]:
    """The four charts as inline SVG (produced by our own code, hence marked safe)."""
    from gutbrain.reports import charts  # matplotlib: loaded when a report is drawn, not before

    return {
        "calendar": Markup(charts.calendar_strip(data.calendar)),
        "mmd": Markup(charts.mmd_chart(data.windows)),
        "medication": Markup(charts.medication_chart(data.overuse)),
        "forest": Markup(charts.trigger_forest_plot(data.triggers.rows)),
    }


def render_html(
    data: ReportData, *, paper: str = "a4", standalone: bool = True,
    charts: Mapping[str, Markup] | None = None,
) -> str:  # fmt: skip
    """The report as HTML; ``standalone=False`` gives the body only (for the web page).
    ``charts``: ``render_charts(data)`` drawn before (matplotlib takes most of the time)."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    return template("report.html").render(
        r=data,
        charts=render_charts(data) if charts is None else charts,
        paper=PAPER_SIZES[paper],
        standalone=standalone,
    )
