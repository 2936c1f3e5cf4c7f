"""A small, hand-made half-year diary for the report tests: every section has something to show.

January–May: migraine with a triptan on days 1–10 and a tension-type headache on days 11–16 of
each month (16 headache days, 10 migraine days: triptan overuse 8.2.2 and chronic migraine 1.3
both met for 5 months); June is calm.  Plus periods, missing days, a preventive, a probiotic
month, an antibiotic course and three trigger rows.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from gutbrain.analysis.clinical.endpoints import Period
from gutbrain.analysis.triggers.engine import TriggerRow
from gutbrain.domain.entries import Entry
from gutbrain.domain.rules import make_entry
from gutbrain.reports.build import build_report
from gutbrain.reports.model import GutSummary, Patient, ReportData, Span, TriggerSummary

DIARY = uuid.UUID(int=7)
TZ = "Europe/Berlin"
PERIOD = Period(date(2025, 1, 1), date(2025, 6, 30))
GOLDEN = Path(__file__).parent / "golden" / "report"
MISSING = [date(2025, 3, 25) + timedelta(days=i) for i in range(4)]


def _entry(kind: str, name: str, day: date, hour: int = 9, **kw: Any) -> Entry:
    start = datetime(day.year, day.month, day.day, hour)
    if "hours" in kw:
        kw["end"] = start + timedelta(hours=kw.pop("hours"))
    return make_entry(diary_id=DIARY, kind=kind, name=name, start=start, tz=TZ, **kw)


def sample_entries() -> list[Entry]:
    entries: list[Entry] = []
    for month in range(1, 6):
        for d in range(1, 11):
            day = date(2025, month, d)
            aura = ("aura",) if d == 1 else ()
            entries.append(_entry("attack", "migraine", day, hours=5, intensity=4 + d % 5,
                                  tags=(*aura, "nausea")))  # fmt: skip
            entries.append(_entry("medication", "sumatriptan 50 mg", day, hour=10, tags=("acute",)))
        for d in range(11, 17):
            entries.append(_entry("attack", "headache", date(2025, month, d), hours=3, intensity=3))
    entries += [
        _entry("attack", "migraine", date(2025, 6, d), hours=8, intensity=7) for d in (5, 20)
    ]
    entries += [
        _entry("medication", "ibuprofen 400 mg", date(2025, 2, d), tags=("acute",))
        for d in (20, 21, 22)
    ]
    for day1 in (date(2025, 1, 20), date(2025, 2, 17), date(2025, 3, 17), date(2025, 4, 14),
                 date(2025, 5, 12), date(2025, 6, 9)):  # fmt: skip
        end = datetime.combine(day1 + timedelta(days=4), datetime.min.time())
        entries.append(_entry("menstruation", "period", day1, end=end, end_has_time=False))
    entries.append(_entry("medication", "topiramate 25 mg", date(2025, 5, 1), tags=("preventive",)))
    entries += [
        _entry("supplement", "L. rhamnosus GG", date(2025, 4, 1) + timedelta(days=i), hour=8,
               tags=("probiotic",))
        for i in range(30)
    ]  # fmt: skip
    entries.append(
        _entry("medication", "amoxicillin", date(2025, 2, 20), tags=("antibiotic",),
               end=datetime(2025, 2, 26, 20))
    )  # fmt: skip
    entries += [_entry("note", "no entry", d) for d in MISSING]
    entries.append(_entry("note", "a quiet day", PERIOD.last))
    return entries


def _row(factor: str, lag: int, counts: tuple[int, int, int, int], **kw: Any) -> TriggerRow:
    a, n1, c, n0 = counts
    return TriggerRow(factor=factor, kind=kw.pop("kind", "food"), lag_days=lag, exposed_days=n1,
                      exposed_onsets=a, unexposed_days=n0, unexposed_onsets=c, tested=True, **kw)  # fmt: skip


SAMPLE_TRIGGERS = TriggerSummary(
    available=True,
    rows=(
        _row("red wine", 1, (9, 30, 6, 120), kind="drink", rr=6.0, ci_low=2.4, ci_high=15.2,
             p=0.0004, q=0.004, verdict="trigger"),
        _row("coffee", 0, (10, 140, 5, 40), kind="drink", rr=0.57, ci_low=0.21, ci_high=1.49,
             p=0.3, q=0.62, verdict="no_association"),
        _row("chocolate", 0, (4, 8, 11, 142), rr=6.45, ci_low=2.6, ci_high=None, p=0.002,
             q=0.02, verdict="inconclusive", flags=("possible_prodrome",),
             reason="possible early symptom of the attack rather than a cause"),
    ),
    tested=24,
    fdr=0.10,
    attack_onsets=15,
    at_risk_days=150,
)  # fmt: skip


SAMPLE_GUT = GutSummary(
    available=True,
    fiber_g_per_day=18.4,
    plants_per_week=22.5,
    fermented_per_week=3.0,
    upf_share=0.31,
    antibiotics=(Span("amoxicillin", date(2025, 2, 20), date(2025, 2, 26)),),
    note="Means over 170 days with meals logged.",
)


def sample_report() -> ReportData:
    return build_report(
        sample_entries(),
        coverage=PERIOD,
        missing=MISSING,
        period=PERIOD,
        generated_on=date(2025, 7, 1),
        version="0.0-test",
        timezone=TZ,
        patient=Patient(name="Alex Example", id="A-17", birth_date=date(1990, 4, 2)),
        triggers=SAMPLE_TRIGGERS,
        gut=SAMPLE_GUT,
    )


def check_golden(name: str, text: str, update: bool) -> None:
    """Compare with tests/golden/report/NAME; ``--snapshot-update`` rewrites it."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run pytest --snapshot-update"
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} changed; if intended, regenerate with `pytest --snapshot-update`"
    )
