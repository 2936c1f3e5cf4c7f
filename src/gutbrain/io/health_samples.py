"""Phone health data (Apple Health, Android Health Connect) as diary entries.

Both importers read their own format into ``HealthSample`` values; this module turns those into
entries the same way for both:

- headache samples → ``attack`` entries (overlapping samples of several apps are one attack,
  the worst severity kept); severity mild/moderate/severe → intensity 2/5/8, the midpoints of
  the usual 0–10 bands mild 1–3, moderate 4–6, severe 7–10 (Jensen MP et al., Pain 2003;
  Serlin RC et al., Pain 1995); "unspecified" keeps no intensity, "not present" is no attack;
- sleep stage samples → one ``sleep`` entry per night (samples less than ``NIGHT_GAP`` apart
  are one night; time asleep is the union of asleep stages, so two sources never double it);
- menstrual flow days → ``menstruation`` entries for runs of consecutive days, a new run at
  every cycle-start flag, the heaviest flow kept;
- dietary caffeine, water and fiber → ``drink caffeine`` (mg), ``drink water`` (ml),
  ``food dietary fiber`` (g) — identical samples (a nutrient inside a food correlation that
  is also written at top level) count once;
- workouts → ``exercise`` entries; exercise-minute samples → one ``exercise minutes`` entry per
  day; mindful sessions → ``factor mindfulness`` with their minutes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from gutbrain.domain.entries import Entry, Kind
from gutbrain.domain.errors import EntryError
from gutbrain.domain.rules import MAX_MENSTRUATION, MAX_SLEEP, make_entry
from gutbrain.io.problems import LineProblem

#: Sleep samples closer than this are one night (a wake-up to the bathroom is not two nights).
NIGHT_GAP = timedelta(hours=1)
#: Headache severity → intensity 0–10 (band midpoints, see the module docstring).
SEVERITY_INTENSITY = {"mild": 2, "moderate": 5, "severe": 8, "unspecified": None}
FLOW_ORDER = ("spotting", "light", "medium", "heavy")
ASLEEP_STAGES = frozenset({"asleep", "core", "deep", "rem"})

#: ``HealthSample.tz`` for a sample whose source gave no offset: it is in the diary's zone.
DIARY_ZONE = "diary"
HEADACHE, SLEEP, MENSTRUATION = "headache", "sleep", "menstruation"
CAFFEINE, WATER, FIBER = "caffeine", "water", "fiber"
WORKOUT, EXERCISE_MINUTES, MINDFUL = "workout", "exercise_minutes", "mindful"
#: A named meal (Health Connect nutrition record): ``label`` its name, ``value`` the meal type,
#: ``nutrients`` what the record measured (energy_kcal, caffeine_mg, fiber_g).
MEAL = "meal"
#: What each dietary sample becomes: (entry kind, name, unit of ``amount``).
DIETARY = {
    CAFFEINE: (Kind.DRINK, "caffeine", "mg"),
    WATER: (Kind.DRINK, "water", "ml"),
    FIBER: (Kind.FOOD, "dietary fiber", "g"),
}


@dataclass(frozen=True, slots=True)
class HealthSample:
    """One measurement from a phone, already in gutbrain's terms.

    ``value`` is a category (severity, sleep stage, flow), ``amount`` a number in the unit of
    ``DIETARY`` or minutes, ``label`` a workout's activity; ``tz`` the IANA zone when the
    source recorded one; ``line`` where it was in the file (for error messages).
    """

    kind: str
    start: datetime
    end: datetime
    source: str
    line: int
    value: str | None = None
    amount: float | None = None
    label: str = ""
    tz: str | None = None
    cycle_start: bool = False
    nutrients: tuple[tuple[str, float], ...] = ()

    def key(self) -> tuple[Any, ...]:
        return (self.kind, self.start, self.end, self.source, self.value, self.amount, self.label)


@dataclass
class Conversion:
    """Entries made from a file's samples, or the problems that stop the import."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    duplicates: int = 0


class ZoneGuess:
    """The IANA zone for a sample: the one it recorded, else the diary's zone when its offset
    matches, else a fixed-offset ``Etc/GMT±h`` zone (the instant is exact either way)."""

    def __init__(self, diary_tz: str) -> None:
        self.diary_tz = diary_tz
        self._zone = ZoneInfo(diary_tz)

    def __call__(self, sample: HealthSample) -> str:
        if sample.tz:
            return self.diary_tz if sample.tz == DIARY_ZONE else sample.tz
        offset = sample.start.utcoffset()
        if offset is None or offset == sample.start.astimezone(self._zone).utcoffset():
            return self.diary_tz
        hours, rest = divmod(offset.total_seconds(), 3600)
        if rest:
            return self.diary_tz
        return "UTC" if hours == 0 else f"Etc/GMT{-int(hours):+d}"


def to_entries(
    samples: Iterable[HealthSample], *, diary_id: uuid.UUID, diary_tz: str, source: str
) -> Conversion:
    """Diary entries for a file's samples (see the module docstring for the mapping)."""
    out = Conversion()
    zone = ZoneGuess(diary_tz)
    by_kind: dict[str, list[HealthSample]] = defaultdict(list)
    seen: set[tuple[Any, ...]] = set()
    for sample in samples:
        key = sample.key()
        if key in seen:
            out.duplicates += 1
            continue
        seen.add(key)
        if sample.end < sample.start:
            out.problems.append(LineProblem(sample.line, f"{sample.kind} ends before it starts"))
            continue
        by_kind[sample.kind].append(sample)

    def add(sample: HealthSample, **fields: Any) -> None:
        details = {"source": source, "app": sample.source, **fields.pop("details", {})}
        fields.setdefault("tz", zone(sample))
        try:
            out.entries.append(make_entry(diary_id=diary_id, details=details, **fields))
        except EntryError as exc:
            out.problems.extend(LineProblem(sample.line, p) for p in exc.problems)

    for group in _overlapping(by_kind[HEADACHE]):
        _add_attack(group, add)
    for group in _overlapping(by_kind[SLEEP], NIGHT_GAP):
        _add_night(group, add)
    _add_periods(by_kind[MENSTRUATION], add, zone)
    for kind, (entry_kind, name, unit) in DIETARY.items():
        for s in by_kind[kind]:
            if not s.amount:
                continue  # zero caffeine / water / fiber is no exposure
            add(s, kind=entry_kind, name=name, start=s.start, amount=s.amount, unit=unit)
    for s in by_kind[WORKOUT]:
        add(s, kind=Kind.EXERCISE, name=s.label or "workout", start=s.start, end=s.end,
            details={"minutes": round(_minutes(s), 1)})  # fmt: skip
    _add_exercise_days(by_kind[EXERCISE_MINUTES], add, zone)
    for s in by_kind[MEAL]:
        add(s, kind=Kind.FOOD, name=s.label, start=s.start,
            details={"meal": s.value, **dict(s.nutrients)})  # fmt: skip
    for s in by_kind[MINDFUL]:
        add(s, kind=Kind.FACTOR, name="mindfulness", start=s.start, end=s.end,
            amount=round(_minutes(s), 1), unit="min")  # fmt: skip
    return out


Add = Callable[..., None]


def _minutes(sample: HealthSample) -> float:
    return sample.amount if sample.amount is not None else _span(sample.start, sample.end)


def _span(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def _overlapping(
    samples: list[HealthSample], gap: timedelta = timedelta(0)
) -> list[list[HealthSample]]:
    """Samples grouped into chains that overlap or are less than ``gap`` apart."""
    groups: list[list[HealthSample]] = []
    end: datetime | None = None
    for s in sorted(samples, key=lambda x: (x.start, x.end)):
        if end is None or s.start > end + gap:
            groups.append([])
            end = s.end
        groups[-1].append(s)
        end = max(end, s.end)
    return groups


def _add_attack(group: list[HealthSample], add: Add) -> None:
    present = [s for s in group if s.value != "not present"]
    if not present:
        return
    levels = [SEVERITY_INTENSITY.get(s.value or "unspecified") for s in present]
    known = [x for x in levels if x is not None]
    worst = max(known) if known else None
    severity = next((s.value for s, x in zip(present, levels, strict=True) if x == worst), None)
    first = present[0]
    add(first, kind=Kind.ATTACK, name="headache", start=first.start,
        end=max(s.end for s in present), intensity=worst,
        details={"severity": severity or "unspecified"})  # fmt: skip


def _union_minutes(samples: Iterable[HealthSample]) -> float:
    total, end = 0.0, None
    for s in sorted(samples, key=lambda x: x.start):
        start = s.start if end is None else max(s.start, end)
        if s.end > start:
            total += _span(start, s.end)
        end = s.end if end is None else max(end, s.end)
    return total


def _add_night(group: list[HealthSample], add: Add) -> None:
    start, end = min(s.start for s in group), max(s.end for s in group)
    if end - start > MAX_SLEEP:
        add(group[0], kind=Kind.SLEEP, name="sleep", start=start, end=end)  # reports the rule
        return
    stages = {
        f"{stage}_min": round(_union_minutes(s for s in group if s.value == stage))
        for stage in ("core", "deep", "rem", "awake")
        if any(s.value == stage for s in group)
    }
    asleep = _union_minutes(s for s in group if s.value in ASLEEP_STAGES)
    if asleep:
        stages["asleep_min"] = round(asleep)
    recorded = next((s.tz for s in group if s.tz and s.tz != DIARY_ZONE), None)
    add(group[0], kind=Kind.SLEEP, name="sleep", start=start, end=end,
        amount=round(asleep / 60, 2) if asleep else None, unit="h" if asleep else None,
        details=stages, **({"tz": recorded} if recorded else {}))  # fmt: skip


def _local_day(sample: HealthSample, zone: ZoneGuess) -> tuple[date, str]:
    tz = zone(sample)
    return sample.start.astimezone(ZoneInfo(tz)).date(), tz


def _add_periods(samples: list[HealthSample], add: Add, zone: ZoneGuess) -> None:
    """Runs of consecutive flow days, split at cycle starts and at the longest period."""
    days: dict[date, tuple[HealthSample, str]] = {}
    starts: set[date] = set()
    for s in samples:
        if s.value == "none":
            continue
        day, tz = _local_day(s, zone)
        previous = days.get(day)
        if previous is None or _flow_rank(s.value) > _flow_rank(previous[0].value):
            days[day] = (s, tz)
        if s.cycle_start:
            starts.add(day)
    run: list[date] = []
    for day in sorted(days):
        if run and (
            (day - run[-1]).days > 1
            or day in starts
            or (day - run[0]) > MAX_MENSTRUATION - timedelta(days=1)
        ):
            _add_period(run, days, starts, add)
            run = []
        run.append(day)
    if run:
        _add_period(run, days, starts, add)


def _flow_rank(value: str | None) -> int:
    return FLOW_ORDER.index(value) if value in FLOW_ORDER else -1


def _add_period(
    run: list[date], days: dict[date, tuple[HealthSample, str]], starts: set[date], add: Add
) -> None:
    first, tz = days[run[0]]
    heaviest = max((days[d][0].value for d in run), key=_flow_rank)
    zone = ZoneInfo(tz)
    add(first, kind=Kind.MENSTRUATION, name="period", tz=tz,
        start=datetime.combine(run[0], time(0), tzinfo=zone), start_has_time=False,
        end=None if len(run) == 1 else datetime.combine(run[-1], time(0), tzinfo=zone),
        end_has_time=False,
        details={"flow": heaviest if heaviest in FLOW_ORDER else None,
                 "cycle_start": True if run[0] in starts else None})  # fmt: skip


def _add_exercise_days(samples: list[HealthSample], add: Add, zone: ZoneGuess) -> None:
    minutes: dict[tuple[date, str], float] = defaultdict(float)
    first: dict[tuple[date, str], HealthSample] = {}
    for s in samples:
        key = _local_day(s, zone)
        minutes[key] += _minutes(s)
        first.setdefault(key, s)
    for (day, tz), total in sorted(minutes.items()):
        if total <= 0:
            continue
        add(first[(day, tz)], kind=Kind.EXERCISE, name="exercise minutes", tz=tz,
            start=datetime.combine(day, time(0), tzinfo=ZoneInfo(tz)), start_has_time=False,
            amount=round(total, 1), unit="min")  # fmt: skip
