"""ICHD-3 clinical endpoints from diary entries: the numbers a headache clinic asks for.

Definitions (``shared/reference/statistics.md`` §4):

* **Headache day**: a local day touched by a headache attack of ≥ 30 min, or on which acute
  headache medication was taken (Leiden e-diary: "headache ≥ 1 h or acute medication used";
  we use the 30-minute floor of the migraine-day definition for both).
* **Migraine day** (van der Arend et al.): a day touched by a migraine attack of ≥ 30 min (an
  attack the person named migraine, with aura, or meeting ICHD-3 1.1 C and D), or on which
  migraine-specific acute medication (triptan, ergot, gepant, ditan) was taken.
* **Attack**: consecutive attack days, and one attack-free day between two attack days, are
  one attack (statistics.md §0; the same rule as the trigger engine).
* **MMD**: migraine days per 28 *documented* days (Di Tanna 2019); days marked "no entry" are
  not documented and are left out of numerator and denominator.
* **Medication overuse** (ICHD-3 8.2): days with intake per class per calendar month; triptans,
  ergots, opioids, combination analgesics and "other" acute drugs ≥ 10 days, simple analgesics
  (NSAIDs + paracetamol pooled) ≥ 15 days, several classes together ≥ 10 days (8.2.6), each for
  *more than* 3 consecutive months.
* **Chronic migraine** (ICHD-3 1.3): ≥ 15 headache days with ≥ 8 migraine days in a month, for
  more than 3 consecutive months.

Everything here is pure: entries and dates in, frozen dataclasses out.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from gutbrain.domain.drugs import drug_class_for
from gutbrain.domain.entries import ACUTE_TAG, ANTIBIOTIC_TAG, PREVENTIVE_TAG, Entry, Kind

MIN_HEADACHE = timedelta(minutes=30)  # van der Arend migraine-day definition (§4.2)
EPISODE_GAP_DAYS = 2  # next attack day ≤ last attack day + 2: one sandwiched free day (§0)
MODERATE_PAIN = 4  # 0–10 numeric rating: 4–6 moderate, 7–10 severe (ICHD-3 1.1 C3)
MORE_THAN_MONTHS = 3  # ICHD-3 1.3 and 8.2: "for > 3 months"
CHRONIC_HEADACHE_DAYS = 15  # ICHD-3 1.3 A
CHRONIC_MIGRAINE_DAYS = 8  # ICHD-3 1.3 C
WINDOW_DAYS = 28  # MMD is reported per 28 days (Di Tanna 2019)

#: Drug classes whose intake makes a migraine day (van der Arend criterion 3).
MIGRAINE_SPECIFIC = frozenset({"triptan", "ergot", "gepant", "ditan"})
#: Classes of acute (symptomatic) headache medication; "other" = tagged acute, class unknown.
ACUTE_CLASSES = frozenset(
    {"triptan", "ergot", "nsaid", "paracetamol", "combination", "opioid", "gepant", "ditan"}
    | {"antiemetic", "other"}
)
_C_FEATURES = ("unilateral", "pulsating", "aggravated by activity")


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive range of local diary days."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"period ends ({self.last}) before it starts ({self.first})")

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def dates(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.days)]

    def previous(self) -> Period:
        """The period of the same length just before this one (for trends)."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Episode:
    """One attack: attack entries merged when < 24 h apart."""

    start: datetime
    day: date
    days: tuple[date, ...]
    duration: timedelta | None
    max_intensity: int | None
    aura: bool
    migraine: bool


@lru_cache(maxsize=8)
def _sorted_days(days: frozenset[date]) -> tuple[date, ...]:
    return tuple(sorted(days))


@dataclass(frozen=True, slots=True)
class DiaryDays:
    """Per-day clinical facts of the whole diary, the input of every count below."""

    documented: frozenset[date]
    headache: frozenset[date]
    migraine: frozenset[date]
    acute: Mapping[str, frozenset[date]]
    episodes: tuple[Episode, ...]

    def documented_in(self, first: date, last: date) -> int:
        """Documented days in [first, last] (binary search: called once per month)."""
        ordered = _sorted_days(self.documented)
        return bisect_right(ordered, last) - bisect_left(ordered, first)

    def onsets_in(self, first: date, last: date) -> int:
        return sum(1 for e in self.episodes if first <= e.day <= last)

    @property
    def acute_any(self) -> frozenset[date]:
        """Days with acute headache medication of any class (antiemetics are not one)."""
        return frozenset().union(*(ds for cls, ds in self.acute.items() if cls != "antiemetic"))


def medication_class(entry: Entry) -> str | None:
    """Explicit ``details["drug_class"]`` wins over the name table."""
    explicit = entry.details.get("drug_class")
    return str(explicit) if explicit else drug_class_for(entry.name)


def acute_class(entry: Entry) -> str | None:
    """The class of an acute headache medication intake, or None when it is not one."""
    if entry.kind is not Kind.MEDICATION or entry.has_tag(PREVENTIVE_TAG):
        return None
    if entry.has_tag(ANTIBIOTIC_TAG):
        return None
    cls = medication_class(entry)
    if cls in ACUTE_CLASSES:
        return cls
    return "other" if cls is None and entry.has_tag(ACUTE_TAG) else None


def is_migraine_attack(entry: Entry) -> bool:
    """The person called it migraine, it had aura, or it meets ICHD-3 1.1 C and D."""
    if "migraine" in entry.name.lower() or entry.aura:
        return True
    tags = set(entry.tags)
    c = sum(f in tags for f in _C_FEATURES)
    c += int(entry.details.get("side") in ("left", "right") and "unilateral" not in tags)
    c += int(entry.intensity is not None and entry.intensity >= MODERATE_PAIN)
    d = bool(tags & {"nausea", "vomiting"}) or {"photophobia", "phonophobia"} <= tags
    return c >= 2 and d


def attack_days(entry: Entry) -> tuple[date, ...]:
    """Local days an attack touches; an end at exactly local midnight does not touch that day."""
    first = entry.day
    last = entry.end_day or first
    local_end = entry.local_end
    if (
        local_end is not None
        and entry.end_has_time
        and local_end.time() == time(0)
        and last > first
    ):
        last -= timedelta(days=1)
    return tuple(first + timedelta(days=i) for i in range((last - first).days + 1))


def _long_enough(entry: Entry) -> bool:
    duration = entry.duration
    return duration is None or not entry.end_has_time or duration >= MIN_HEADACHE


def build_episodes(attacks: Iterable[Entry]) -> tuple[Episode, ...]:
    """Group attack entries into episodes, in time order.

    The rule is the trigger engine's (``analysis.attacks``, statistics.md §0): consecutive attack
    days, and a single attack-free day between two attack days, are one attack; so the report and
    the trigger analysis count the same onsets.
    """
    episodes: list[Episode] = []
    group: list[Entry] = []
    group_last = date.min
    for entry in sorted(attacks, key=lambda e: e.start):
        days = attack_days(entry)
        if group and (days[0] - group_last).days > EPISODE_GAP_DAYS:
            episodes.append(_episode(group))
            group = []
        group.append(entry)
        group_last = max(group_last, days[-1]) if len(group) > 1 else days[-1]
    if group:
        episodes.append(_episode(group))
    return tuple(episodes)


def _episode(group: Sequence[Entry]) -> Episode:
    days = sorted({d for e in group for d in attack_days(e)})
    intensities = [e.intensity for e in group if e.intensity is not None]
    durations = [d for d in (e.duration for e in group) if d is not None]
    start = group[0].start
    return Episode(
        start=start,
        day=group[0].day,
        days=tuple(days),
        # time in pain: the attacks' own durations, not the free day between two of them
        duration=sum(durations, timedelta()) if len(durations) == len(group) else None,
        max_intensity=max(intensities) if intensities else None,
        aura=any(e.aura for e in group),
        migraine=any(is_migraine_attack(e) for e in group),
    )


def classify_days(
    entries: Iterable[Entry], coverage: Period, missing: Iterable[date] = ()
) -> DiaryDays:
    """Headache, migraine and acute-medication days of every documented day of the diary."""
    documented = frozenset(coverage.dates()) - frozenset(missing)
    headache: set[date] = set()
    migraine: set[date] = set()
    acute: dict[str, set[date]] = {}
    attacks: list[Entry] = []
    for entry in entries:
        if entry.kind is Kind.ATTACK and _long_enough(entry):
            attacks.append(entry)
            days = attack_days(entry)
            headache.update(days)
            if is_migraine_attack(entry):
                migraine.update(days)
        cls = acute_class(entry)
        if cls is not None:
            acute.setdefault(cls, set()).add(entry.day)
            if cls != "antiemetic":
                headache.add(entry.day)
            if cls in MIGRAINE_SPECIFIC:
                migraine.add(entry.day)
    episodes = tuple(e for e in build_episodes(attacks) if e.day in documented)
    return DiaryDays(
        documented=documented,
        headache=frozenset(headache & documented),
        migraine=frozenset(migraine & documented),
        acute={k: frozenset(v & documented) for k, v in sorted(acute.items())},
        episodes=episodes,
    )


@dataclass(frozen=True, slots=True)
class Frequency:
    """Attack frequency and features over one period (rates per 28 documented days)."""

    period: Period
    documented_days: int
    attacks: int
    migraine_attacks: int
    migraine_days: int
    headache_days: int
    acute_days: int
    mmd: float | None
    headache_days_28: float | None
    attacks_28: float | None
    mean_intensity: float | None
    intensity_n: int
    mean_duration_h: float | None
    duration_n: int
    aura_share: float | None

    @property
    def completeness(self) -> float:
        return self.documented_days / self.period.days


def _per_28(count: int, documented: int) -> float | None:
    return None if documented == 0 else count * WINDOW_DAYS / documented


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def frequency(days: DiaryDays, period: Period) -> Frequency:
    """Summary counts for ``period``; rates are None when no day of it is documented."""
    documented = days.documented_in(period.first, period.last)
    episodes = [e for e in days.episodes if e.day in period]
    migraine_days = sum(1 for d in days.migraine if d in period)
    headache_days = sum(1 for d in days.headache if d in period)
    intensities = [float(e.max_intensity) for e in episodes if e.max_intensity is not None]
    durations = [e.duration.total_seconds() / 3600 for e in episodes if e.duration is not None]
    return Frequency(
        period=period,
        documented_days=documented,
        attacks=len(episodes),
        migraine_attacks=sum(e.migraine for e in episodes),
        migraine_days=migraine_days,
        headache_days=headache_days,
        acute_days=sum(1 for d in days.acute_any if d in period),
        mmd=_per_28(migraine_days, documented),
        headache_days_28=_per_28(headache_days, documented),
        attacks_28=_per_28(len(episodes), documented),
        mean_intensity=_mean(intensities),
        intensity_n=len(intensities),
        mean_duration_h=_mean(durations),
        duration_n=len(durations),
        aura_share=sum(e.aura for e in episodes) / len(episodes) if episodes else None,
    )


@dataclass(frozen=True, slots=True)
class Stretch:
    """Counts over a run of days (a 28-day window, the time before or during a course).

    Rates per 28 documented days are None when less than half of its days are documented.
    """

    first: date
    last: date
    documented_days: int
    attacks: int
    migraine_days: int
    headache_days: int

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def _rate(self, count: int) -> float | None:
        return (
            None if self.documented_days * 2 < self.days else _per_28(count, self.documented_days)
        )

    @property
    def mmd(self) -> float | None:
        return self._rate(self.migraine_days)

    @property
    def attacks_28(self) -> float | None:
        return self._rate(self.attacks)


def stretch(days: DiaryDays, first: date, last: date) -> Stretch:
    return Stretch(
        first=first,
        last=last,
        documented_days=days.documented_in(first, last),
        attacks=days.onsets_in(first, last),
        migraine_days=sum(1 for d in days.migraine if first <= d <= last),
        headache_days=sum(1 for d in days.headache if first <= d <= last),
    )


def mmd_windows(days: DiaryDays, period: Period) -> tuple[Stretch, ...]:
    """Consecutive 28-day windows ending on the period's last day, oldest first.

    Counting back from the end keeps the most recent window complete; a leftover window at the
    start is kept only when it spans at least half of 28 days.
    """
    windows: list[Stretch] = []
    last = period.last
    while (last - period.first).days + 1 >= WINDOW_DAYS / 2:
        first = max(last - timedelta(days=WINDOW_DAYS - 1), period.first)
        windows.append(stretch(days, first, last))
        last = first - timedelta(days=1)
    return tuple(reversed(windows))
