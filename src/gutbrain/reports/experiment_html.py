"""The standalone experiment report (CENT 2015 items) as HTML or PDF."""

from __future__ import annotations

from datetime import date

from gutbrain.reports.experiment_model import ExperimentReport
from gutbrain.reports.html import PAPER_SIZES, template


def render_experiment_html(
    rep: ExperimentReport,
    *,
    generated_on: date,
    version: str,
    standalone: bool = True,
    paper: str = "a4",
) -> str:
    return template("experiment_report.html").render(rep=rep, generated_on=generated_on, version=version,
                           standalone=standalone, paper=PAPER_SIZES[paper],
                           r={"version": version, "generated_on": generated_on})  # fmt: skip
