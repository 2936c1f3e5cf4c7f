"""The verdict of one factor × lag row: signal, robustness checks, correction (docs/triggers.md §4–5)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from gutbrain.analysis.attacks import DaySeries
from gutbrain.analysis.exposures import ExposureMatrix
from gutbrain.analysis.triggers.checks import CandidateInput, run_checks
from gutbrain.analysis.triggers.tables import DayDesign
from gutbrain.analysis.triggers.verdicts import (
    INCONCLUSIVE,
    NO_ASSOCIATION,
    PROTECTOR,
    TRIGGER,
    Check,
    DiarySummary,
    EngineConfig,
    TriggerRow,
)
from gutbrain.analysis.triggers.wording import (
    check_reason,
    format_p,
    unclear_reason,
    untested_reason,
)


class Judge:
    """The verdict of one row (docs/triggers.md §4–5, contract v2).

    * not tested, or the diary below the minimum → ``not_enough_data`` with the reason;
    * a signal (q ≤ FDR with the CI off 1, or a nominal p ≤ 0.05) → the robustness checks run;
      significant and every check passed → ``trigger`` / ``protector``; otherwise
      ``inconclusive`` with the reason of the first failed check, or "not significant after
      the correction";
    * no signal: ``no_association`` when the CI rules out 1.5× either way, else
      ``not_enough_data``.
    """

    def __init__(
        self,
        series: DaySeries,
        matrix: ExposureMatrix,
        perimenstrual: NDArray[np.bool_] | None,
        diary: DiarySummary,
        config: EngineConfig,
        n_tests: int,
        signals: dict[tuple[int, bool], set[int]],
    ) -> None:
        self.series, self.matrix, self.perimenstrual = series, matrix, perimenstrual
        self.diary, self.config, self.n_tests, self.signals = diary, config, n_tests, signals

    def __call__(self, row: TriggerRow, f: int, design: DayDesign) -> TriggerRow:
        cfg = self.config
        if not self.diary.enough:
            return replace(
                row,
                reason="the diary does not meet the minimum yet: " + "; ".join(self.diary.problems),
            )
        if not row.tested:
            return replace(row, reason=untested_reason(row, cfg))
        assert row.p is not None and row.q is not None and row.ci_low is not None
        hi = row.ci_high if row.ci_high is not None else math.inf
        higher = row.exposed_onsets * row.unexposed_days > row.unexposed_onsets * row.exposed_days
        off_one = row.ci_low > 1 or hi < 1
        significant = row.q <= cfg.fdr and off_one
        if significant or (row.p <= SIGNAL_P and off_one):
            return self._signal(row, f, design, higher, significant)
        if (
            self.diary.attack_onsets >= cfg.min_onsets_no_association
            and hi < cfg.relevant_rr
            and row.ci_low > 1 / cfg.relevant_rr
        ):
            return replace(row, verdict=NO_ASSOCIATION)
        return replace(row, reason=unclear_reason(row))

    def _signal(
        self, row: TriggerRow, f: int, design: DayDesign, higher: bool, significant: bool
    ) -> TriggerRow:
        premonitory = row.prodrome_note is not None
        others = self.signals.get((design.lag, higher), set()) - {f}
        checks, flags = run_checks(
            CandidateInput(
                f, design, higher, premonitory, self.series, self.matrix, self.perimenstrual,
                frozenset(others),
            )
        )  # fmt: skip
        failed = [c for c in checks if not c.passed]
        if significant and not failed:
            verdict = TRIGGER if higher else PROTECTOR
            return replace(row, verdict=verdict, flags=tuple(flags), checks=tuple(checks))
        # A weak signal is expected to fade within strata; only a named explanation (another
        # factor, the prodrome) is worth saying about it.
        telling = failed if significant else [c for c in failed if _explains(c, flags)]
        flagged = replace(row, flags=tuple(flags))
        reasons = [check_reason(c, flagged) for c in telling][:MAX_REASONS]
        if not significant:
            reasons.append(
                f"not significant after correcting for {self.n_tests} tests "
                f"(q {format_p(row.q)}, needs ≤ {self.config.fdr:g})"
            )
        return replace(
            row,
            verdict=INCONCLUSIVE,
            reason="; ".join(dict.fromkeys(reasons)),
            flags=tuple(flags),
            checks=tuple(checks),
        )


#: A nominal two-sided p at or below this is a "signal": checked, and never hidden as
#: "not enough data" (contract v2) even when the correction takes it away.
SIGNAL_P = 0.05
#: Checks whose failure names an explanation even for a row the correction already took away.
_EXPLAINING = frozenset({"prodrome window", "time of day"})
#: A reading names at most this many failed checks (the rest are in ``checks``).
MAX_REASONS = 2


def _explains(check: Check, flags: list[str]) -> bool:
    """The failed check names an explanation: the prodrome, or another factor that explains it."""
    if check.name in _EXPLAINING:
        return True
    other = check.name.removeprefix("co-occurring ")
    return other != check.name and f"confounded_by:{other}" in flags
