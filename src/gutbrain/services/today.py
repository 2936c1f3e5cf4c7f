"""What the Today page logs: attack taps, medication doses, the daily check-in.

The page, the JSON API and the CLI share these, so a tap means the same thing everywhere.
The rules (what a check-in or a tap becomes in the diary) are pure builders, testable
without a server; the ``ctx`` functions below them store the result.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from gutbrain.domain.entries import AURA_TAG, GI_TAG, NO_AURA_TAG, Entry, Kind
from gutbrain.domain.errors import EntryError, NotFoundError
from gutbrain.domain.rules import make_entry
from gutbrain.services import diary, log
from gutbrain.services.days import onsets
from gutbrain.services.diary import Context

#: Offered as one-tap medication buttons when the diary has no history yet.
DEFAULT_MEDICATIONS = ("ibuprofen", "paracetamol", "sumatriptan")
#: Medications that are never offered as a one-tap attack medication.
NOT_ACUTE = frozenset({"preventive", "antibiotic", "probiotic"})
#: Symptoms offered as chips during an attack: the ICHD-3 migraine criteria features.
QUICK_SYMPTOMS = ("nausea", "vomiting", "photophobia", "phonophobia", "osmophobia", "allodynia")


def dose_text(name: str, amount: float | None, unit: str | None) -> str:
    """``sumatriptan 50 mg`` (what a one-tap button logs; ``log.split_dose`` reads it back)."""
    return name if amount is None else f"{name} {amount:g} {unit or 'mg'}"


def quick_medications(
    entries: Iterable[Entry], usual: Sequence[str] = (), limit: int = 4
) -> list[str]:
    """One-tap doses: the person's usual medications (settings) first, then their most-used
    acute ones with their most-used dose, else a short default list."""
    doses: dict[str, Counter[str]] = {}
    for e in entries:
        if e.kind is not Kind.MEDICATION or NOT_ACUTE & set(e.tags):
            continue
        if e.details.get("drug_class") in NOT_ACUTE:
            continue
        doses.setdefault(e.name, Counter())[dose_text(e.name, e.amount, e.unit)] += 1
    by_use = sorted(doses.items(), key=lambda item: -sum(item[1].values()))
    names = [text.strip() for text in usual if text.strip()]
    taken = {log.split_dose(text)[0].lower() for text in names}
    for name, counts in by_use:
        if name.lower() not in taken:
            names.append(counts.most_common(1)[0][0])
    return names[: max(limit, len(usual))] or list(DEFAULT_MEDICATIONS)


def with_attack_details(
    attack: Entry,
    *,
    aura: bool | None = None,
    symptoms: Sequence[str] | None = None,
) -> tuple[str, ...]:
    """The attack's tags after an aura answer and the ticked symptoms (None: unchanged).

    "No aura" is an answer of its own (tag ``no aura``), so it is told apart from "not asked".
    Symptoms replace the quick-symptom tags only; other tags (typed in elsewhere) stay.
    """
    tags = list(attack.tags)
    if aura is not None:
        tags = [t for t in tags if t not in (AURA_TAG, NO_AURA_TAG)]
        tags.append(AURA_TAG if aura else NO_AURA_TAG)
    if symptoms is not None:
        keep = [t for t in tags if t not in QUICK_SYMPTOMS]
        ticked = [s.strip().lower() for s in symptoms if s.strip()]
        tags = keep + [s for s in dict.fromkeys(ticked) if s not in keep]
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's short form. Every field is optional: only what was filled in is logged.

    Attributes:
        sleep_hours: hours slept the night before the day; sleep_quality 0–10.
        stress: 0–10.  exercise_minutes: minutes of exercise.  water_ml: water drunk.
        gi_symptom/gi_severity: a GI symptom and its severity 0–10.  stool_type: Bristol 1–7.
        period: menstruating that day; flow: spotting | light | medium | heavy.
        factors: tracked custom factors that were present.
    """

    day: date
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    exercise_minutes: float | None = None
    water_ml: float | None = None
    gi_symptom: str | None = None
    gi_severity: int | None = None
    stool_type: int | None = None
    period: bool = False
    flow: str | None = None
    factors: tuple[str, ...] = field(default_factory=tuple)


def checkin_entries(diary_id: uuid.UUID, tz: str, form: CheckIn) -> list[Entry]:
    """Turn a check-in into date-only entries of that day (the time of day is unknown).

    Sleep is the exception: it is logged as the night ending on the morning of ``day`` (ending
    07:00 local, starting ``sleep_hours`` earlier) because sleep is a timed span in the diary
    contract and the trigger engine reads short sleep from its duration.

    Raises ``EntryError`` listing every problem at once.
    """
    zone = ZoneInfo(tz)
    midnight = datetime.combine(form.day, time(0, 0), zone)
    entries: list[Entry] = []
    problems: list[str] = []

    def add(**kwargs: object) -> None:
        try:
            entries.append(
                make_entry(diary_id=diary_id, tz=tz, **kwargs)  # type: ignore[arg-type]
            )
        except EntryError as exc:
            problems.extend(exc.problems)

    if form.sleep_hours is not None:
        if not 0 < form.sleep_hours <= 24:
            problems.append(f"sleep {form.sleep_hours:g} h is outside 0–24 hours")
        else:
            wake = datetime.combine(form.day, time(7, 0), zone)
            add(
                kind=Kind.SLEEP,
                name="sleep",
                start=wake - timedelta(hours=form.sleep_hours),
                end=wake,
                intensity=form.sleep_quality,
            )
    common = {"start": midnight, "start_has_time": False}
    if form.stress is not None:
        add(kind=Kind.STRESS, name="stress", intensity=form.stress, **common)
    if form.exercise_minutes:
        add(
            kind=Kind.EXERCISE,
            name="exercise",
            amount=form.exercise_minutes,
            unit="min",
            details={"minutes": form.exercise_minutes},
            **common,
        )
    if form.water_ml:
        add(kind=Kind.DRINK, name="water", amount=form.water_ml, unit="ml", **common)
    if form.gi_symptom:
        add(
            kind=Kind.SYMPTOM,
            name=form.gi_symptom,
            intensity=form.gi_severity,
            tags=[GI_TAG],
            **common,
        )
    if form.stool_type is not None:
        add(
            kind=Kind.SYMPTOM,
            name="stool",
            amount=form.stool_type,
            unit="bristol",
            tags=[GI_TAG],
            **common,
        )
    if form.period:
        add(kind=Kind.MENSTRUATION, name="period", details={"flow": form.flow}, **common)
    for factor in form.factors:
        add(kind=Kind.FACTOR, name=factor, **common)
    if problems:
        raise EntryError(problems)
    return entries


def replaced_by_checkin(existing: Iterable[Entry], new: Iterable[Entry]) -> list[Entry]:
    """Entries of the same day a new check-in supersedes (same kind and name, so re-saving
    the form corrects the day instead of doubling it)."""
    keys = {_checkin_key(e) for e in new}
    return [e for e in existing if _checkin_key(e) in keys]


def _checkin_key(entry: Entry) -> tuple[Kind, str, date]:
    # Sleep belongs to the morning it ends on; everything else to its own day.
    return entry.kind, entry.name.lower(), entry.end_day or entry.day


# -- what the taps do to the diary -----------------------------------------------------
def current_attack(ctx: Context) -> Entry | None:
    return diary.open_attack(ctx)


def start_attack(ctx: Context) -> Entry:
    """Start an attack now, unless one is already going on (then return that one: a second
    tap must not log a second attack)."""
    ongoing = diary.open_attack(ctx)
    if ongoing is not None:
        return ongoing
    return log.log_attack(ctx, start=ctx.now())


def update_attack(
    ctx: Context,
    attack_id: uuid.UUID | str,
    *,
    intensity: int | None = None,
    aura: bool | None = None,
    symptoms: Sequence[str] | None = None,
    ended: bool = False,
    started_at: time | None = None,
    ended_at: time | None = None,
) -> Entry:
    """Set what was tapped (None leaves a detail as it is); ``ended`` ends the attack now, or
    at ``ended_at``; ``started_at`` moves the start earlier (the attack began before the
    person could reach the phone). A clock time means its latest moment not after now, so
    23:30 typed at 01:00 is last night."""
    attack = diary.get_entry(ctx, attack_id)
    if attack.kind is not Kind.ATTACK:
        raise NotFoundError(f"entry {attack.id} is not an attack")
    if intensity is not None and not 0 <= intensity <= 10:
        raise EntryError([f"intensity {intensity} is outside 0–10"])
    changes: dict[str, object] = {
        "tags": list(with_attack_details(attack, aura=aura, symptoms=symptoms))
    }
    if intensity is not None:
        changes["intensity"] = intensity
    now = ctx.now()
    start = attack.start
    if started_at is not None:
        start = _latest(now, started_at)
        if attack.end is not None and start >= attack.end:
            raise EntryError([f"start {started_at:%H:%M} is not before the end"])
        changes["start"] = start
    if ended and attack.end is None:
        end = now if ended_at is None else _latest(now, ended_at)
        if end < start:
            raise EntryError([f"end {end:%H:%M} is before the start {start:%H:%M}"])
        changes["end"] = end
    return diary.update_entry(ctx, attack.id, **changes)


def _latest(now: datetime, clock: time) -> datetime:
    """The latest moment at ``clock`` (local) that is not after ``now``."""
    moment = now.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)
    return moment if moment <= now else moment - timedelta(days=1)


def take_medication(
    ctx: Context, name: str, amount: float | None = None, unit: str | None = None
) -> Entry:
    """An acute dose taken now (drug class inferred as in ``gutbrain log med``)."""
    dose = name if amount is None else f"{name} {amount:g}{unit or ''}"
    return log.log_medication(ctx, dose, when=ctx.now())


def check_in(ctx: Context, form: CheckIn) -> list[Entry]:
    """Log the day's check-in, replacing what an earlier check-in of that day logged."""
    new = checkin_entries(ctx.diary_id, ctx.tz, form)
    around = diary.list_entries(
        ctx,
        since=form.day - timedelta(days=1),
        until=form.day,
        kinds=sorted({e.kind for e in new}, key=str),
    )
    for old in replaced_by_checkin(around, new):
        diary.delete_entry(ctx, old.id)
    diary.add_entries(ctx, new)
    return new


# -- did it help? ------------------------------------------------------------------------
#: The standard acute-treatment endpoint: pain-free at 2 h (IHS guidelines for controlled
#: trials of acute treatment, Diener 2019 Cephalalgia), asked once 2 h have passed.
RESPONSE_AFTER = timedelta(hours=2)
#: How long a dose stays on Today waiting for its answer.
RESPONSE_WINDOW = timedelta(hours=24)
#: Answer → (``effect`` detail of the diary contract, pain-free at 2 h).
RESPONSES = {
    "pain-free": ("complete", True),
    "better": ("some", False),
    "no-better": ("none", False),
}


def doses_since(ctx: Context, since: datetime) -> list[Entry]:
    """Acute doses taken since ``since`` (the current attack's doses), oldest first."""
    meds = diary.list_entries(ctx, since=since.date(), kinds=[Kind.MEDICATION])
    return [m for m in meds if m.start >= since and not NOT_ACUTE & set(m.tags)]


def doses_to_rate(ctx: Context) -> list[Entry]:
    """Acute doses taken 2–24 h ago whose effect at 2 h has not been told yet."""
    now = ctx.now()
    return [
        m
        for m in doses_since(ctx, now - RESPONSE_WINDOW)
        if m.start <= now - RESPONSE_AFTER and not m.details.get("effect")
    ]


def rate_dose(ctx: Context, dose_id: uuid.UUID | str, response: str) -> Entry:
    """Record how a dose worked at 2 h: ``pain-free``, ``better`` or ``no-better``."""
    if response not in RESPONSES:
        raise EntryError([f"response must be one of {', '.join(RESPONSES)}, not {response!r}"])
    dose = diary.get_entry(ctx, dose_id)
    if dose.kind is not Kind.MEDICATION:
        raise NotFoundError(f"entry {dose.id} is not a medication")
    effect, pain_free = RESPONSES[response]
    details = {**dose.details, "effect": effect, "pain_free_2h": pain_free}
    return diary.update_entry(ctx, dose.id, details=details)


# -- first run ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Progress:
    """How far the diary is from its first trigger results (the engine's minimum data,
    shared/reference/statistics.md §0: ≥ 90 diary days with ≥ 80 % kept, and enough onsets)."""

    days_kept: int
    attacks: int
    min_days: int
    min_attacks: int

    @property
    def days_to_go(self) -> int:
        return max(self.min_days - self.days_kept, 0)

    @property
    def ready(self) -> bool:
        return self.days_to_go == 0 and self.attacks >= self.min_attacks


def progress(ctx: Context, cov: diary.Coverage | None) -> Progress:
    """Days kept and attacks logged so far against what the first results need; ``cov`` is
    ``diary.coverage(ctx)`` (pages pass their cached copy: it is the slow part)."""
    from gutbrain.analysis.triggers.verdicts import EngineConfig

    config = EngineConfig()
    # Attacks as the engine counts onsets (one counting of days, ``services.days``).
    attacks = onsets(diary.list_entries(ctx, kinds=[Kind.ATTACK]))
    return Progress(
        days_kept=0 if cov is None else cov.days_covered,
        attacks=attacks,
        min_days=config.min_diary_days,
        min_attacks=config.min_onsets,
    )
