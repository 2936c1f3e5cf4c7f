"""The trigger report as the faces read it: computed once per diary state, kept in the diary.

``gutbrain triggers`` on an unchanged diary reads the stored JSON (contract:
shared/spec/triggers-json.md) instead of recomputing — no SciPy import, no exposure matrix —
so it answers in well under a second.  Any write moves the diary fingerprint
(``store.results``) and the next call recomputes.  The JSON is the contract's, so the rows the
faces render are rebuilt from it with ``rows_from_json``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from gutbrain import __version__
from gutbrain.analysis.triggers.verdicts import (
    ENGINE_VERSION,
    INCONCLUSIVE,
    NO_ASSOCIATION,
    NOT_ENOUGH_DATA,
    PROTECTOR,
    TRIGGER,
    VERDICTS,
    Check,
    TriggerRow,
    one_per_group,
)
from gutbrain.analysis.triggers.wording import format_p, p_text, rr_text
from gutbrain.domain.text import clock
from gutbrain.foods.tables import data_version
from gutbrain.services import diary as svc
from gutbrain.store.results import diary_fingerprint, get_result, put_result

if TYPE_CHECKING:  # the engine (SciPy) loads only when a report is computed
    from gutbrain.analysis.triggers.engine import TriggerReport

__all__ = [
    "INCONCLUSIVE",
    "NOT_ENOUGH_DATA",
    "NO_ASSOCIATION",
    "PROTECTOR",
    "TRIGGER",
    "VERDICTS",
    "TriggerRow",
    "TriggerView",
    "clock",
    "format_p",
    "one_per_group",
    "p_text",
    "rows_from_json",
    "rr_text",
    "trigger_json",
]  # fmt: skip


def result_key(
    ctx: svc.Context, outcome: str = "attack", fdr: float | None = None
) -> tuple[str, str]:
    """(key, stamp) under which the trigger JSON of this diary state is stored."""
    level = svc.get_settings(ctx).fdr if fdr is None else fdr
    # The food knowledge's version too: an upgrade changes what entries mean.
    stamp = (
        f"{diary_fingerprint(ctx.store, ctx.diary_id)}:{ENGINE_VERSION}:{__version__}:"
        f"{data_version()}"
    )
    return f"triggers:{outcome}:{level:g}", stamp


def trigger_json(
    ctx: svc.Context,
    *,
    outcome: str = "attack",
    fdr: float | None = None,
    timings: MutableMapping[str, float] | None = None,
    compute: Callable[[], TriggerReport] | None = None,
) -> dict[str, Any]:
    """The contract JSON for this diary state, from the diary's cache when it is current.

    ``timings`` (optional) receives the seconds spent per stage: "fingerprint", and on a miss
    "load", "exposures", "statistics", "store".  ``compute``: how to get the report on a miss
    when the caller keeps one already (the web app's result cache); by default the engine runs.
    """
    t0 = time.perf_counter()
    level = svc.get_settings(ctx).fdr if fdr is None else fdr
    key, stamp = result_key(ctx, outcome, level)
    hit = get_result(ctx.store, ctx.diary_id, key, stamp)
    if timings is not None:
        timings["fingerprint"] = time.perf_counter() - t0
    if hit is not None:
        cached: dict[str, Any] = json.loads(hit)
        return cached
    from gutbrain.services.triggers import to_json, trigger_report  # the slow path only

    if compute is None:
        data = to_json(trigger_report(ctx, outcome=outcome, fdr=level, timings=timings))
    else:
        data = to_json(compute())
    t1 = time.perf_counter()
    put_result(ctx.store, ctx.diary_id, key, stamp, json.dumps(data, allow_nan=False))
    if timings is not None:
        timings["store"] = time.perf_counter() - t1
    return data


def rows_from_json(factors: Iterable[dict[str, Any]]) -> list[TriggerRow]:
    """The contract's rows back as ``TriggerRow`` objects (for the wording and the tables)."""
    out = []
    for r in factors:
        landmark = r.get("landmark")
        out.append(
            TriggerRow(
                factor=r["factor"],
                kind=r["kind"],
                lag_days=r["lag_days"],
                exposed_days=r["exposed_days"],
                exposed_onsets=r["exposed_onsets"],
                unexposed_days=r["unexposed_days"],
                unexposed_onsets=r["unexposed_onsets"],
                rr=r["rr"],
                ci_low=r["ci_low"],
                ci_high=r["ci_high"],
                p=r["p"],
                q=r["q"],
                verdict=r["verdict"],
                reason=r.get("reason"),
                flags=tuple(r.get("flags", ())),
                tested=bool(r.get("tested", r["p"] is not None)),
                landmark_minute=None
                if not landmark
                else int(landmark[:2]) * 60 + int(landmark[3:5]),
                more_days=r.get("more_days"),
                checks=tuple(
                    Check(c["name"], c["passed"], c["detail"]) for c in r.get("checks", ())
                ),
                group=r.get("group"),
                group_label=r.get("group_label"),
                sentence=r.get("sentence", ""),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class TriggerView:
    """The trigger report as the Triggers page shows it, rebuilt from the contract JSON.

    The JSON is kept in the diary (``trigger_json``; in server mode the worker stores it), so
    a freshly started app shows the page without running the engine, and the page and
    ``/api/v1/triggers`` read the same JSON.  ``current``: False while a newer diary state is
    being analysed (server mode).
    """

    rows: tuple[TriggerRow, ...]
    diary: Any
    config: Any
    n_tests: int
    current: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any], current: bool = True) -> TriggerView:
        method = data.get("method", {})
        return cls(
            rows=tuple(rows_from_json(data.get("factors", []))),
            diary=SimpleNamespace(**data.get("diary", {})),
            config=SimpleNamespace(fdr=method.get("fdr")),
            n_tests=int(method.get("tests", 0)),
            current=current,
        )

    def by_verdict(self, verdict: str) -> list[TriggerRow]:
        return [r for r in self.rows if r.verdict == verdict]
