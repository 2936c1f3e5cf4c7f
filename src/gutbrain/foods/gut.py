"""Gut-health habits per day and per week, and the gut factors handed to the trigger engine.

Pure functions over ``Entry`` records and a ``FoodKnowledge``.  Targets and counting rules
(all documented with their sources in ``docs/foods.md``):

* fiber: grams from USDA FDC per item; target from the diary settings (default 25 g; the
  reference range is 25–29 g/day, Reynolds 2019 Lancet, and 30 g/day, SACN via Evans 2019);
* plants: distinct plants per ISO week (Mon–Sun) against 30 (McDonald 2018 mSystems: >30
  plant types a week went with higher gut-microbiome diversity); one plant counts once in any
  form; herbs, spices, coffee, tea and cocoa count ¼;
* fermented servings, ultra-processed share of items (NOVA 4 among items whose group is known),
  plain water, probiotic days (strain, CFU) and adherence, antibiotic courses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from gutbrain.domain.entries import ANTIBIOTIC_TAG, PROBIOTIC_TAG, DiarySettings, Entry, Kind
from gutbrain.domain.exposure import Exposure
from gutbrain.foods.lookup import FoodKnowledge

#: Plants that count a quarter (our rule; the 30-plants study did not define one).
QUARTER_PLANTS = frozenset({"coffee", "tea", "cocoa"})
#: A day is a "low fiber day" below this share of the target (15 g at the 25 g default).
LOW_FIBER_SHARE = 0.6
#: …but only when at least this share of its food items has a known fiber value.
MIN_FIBER_COVERAGE = 0.8
#: "High ultra-processed share": at least half the items (with ≥ 3 items of known NOVA group).
HIGH_UPF_SHARE = 0.5
MIN_NOVA_ITEMS = 3
#: Days after an antibiotic course counted as "post-antibiotic" (a gutbrain choice).
POST_ANTIBIOTIC_DAYS = 28
#: Gap (days) that still counts as the same antibiotic or probiotic course.
COURSE_GAP_DAYS = 3
#: The one rule for partial weeks, used by the CLI, the web page and the PDF alike: a week
#: counts in weekly averages and trends only with meals logged on at least 5 of its 7 days.
#: Plants and fermented servings are weekly counts, so a week with 2–4 logged days (the
#: current one, a holiday) would look like a poor week and fake a falling trend.
MIN_WEEK_FOOD_DAYS = 5
WATER_CLASS = "water"


@dataclass(frozen=True, slots=True)
class DayGut:
    """One diary day's gut habits; ``fiber_g`` sums the items whose fiber is known."""

    day: date
    items: int
    fiber_g: float
    fiber_known_items: int
    plants: frozenset[str]
    quarter_plants: frozenset[str]
    fermented_servings: int
    upf_items: int
    nova_known_items: int
    water_ml: float
    probiotic_strains: tuple[str, ...]
    probiotic_cfu: float | None
    antibiotic: bool

    @property
    def probiotic(self) -> bool:
        return bool(self.probiotic_strains)

    @property
    def upf_share(self) -> float | None:
        return self.upf_items / self.nova_known_items if self.nova_known_items else None

    @property
    def fiber_coverage(self) -> float:
        return self.fiber_known_items / self.items if self.items else 0.0


@dataclass(frozen=True, slots=True)
class WeekGut:
    """An ISO week (Monday start); means are over days with food logged."""

    week_start: date
    food_days: int
    fiber_mean_g: float | None
    fiber_days_on_target: int
    plant_points: float
    plants: frozenset[str]
    fermented_servings: int
    upf_share: float | None
    water_mean_ml: float | None
    probiotic_days: int
    antibiotic_days: int
    post_antibiotic: bool

    @property
    def complete(self) -> bool:
        """Enough days logged to count (``MIN_WEEK_FOOD_DAYS``); otherwise shown as partial."""
        return self.food_days >= MIN_WEEK_FOOD_DAYS


@dataclass(frozen=True, slots=True)
class GutAverages:
    """Averages over a period: per-day figures over days with meals logged, per-week figures
    over complete weeks only (None when there is none)."""

    fed_days: int
    complete_weeks: int
    partial_weeks: int
    fiber_g_per_day: float | None
    water_ml_per_day: float | None
    upf_share: float | None
    plants_per_week: float | None
    fermented_per_week: float | None


def averages(days: Sequence[DayGut], weeks: Sequence[WeekGut]) -> GutAverages:
    """The period's averages under the one partial-week rule."""
    fed = [d for d in days if d.items]
    full = [w for w in weeks if w.complete]
    nova = sum(d.nova_known_items for d in fed)

    def mean(values: Sequence[float]) -> float | None:
        return sum(values) / len(values) if values else None

    return GutAverages(
        fed_days=len(fed),
        complete_weeks=len(full),
        partial_weeks=sum(1 for w in weeks if w.food_days and not w.complete),
        fiber_g_per_day=mean([d.fiber_g for d in fed]),
        water_ml_per_day=mean([d.water_ml for d in fed]),
        upf_share=sum(d.upf_items for d in fed) / nova if nova else None,
        plants_per_week=mean([w.plant_points for w in full]),
        fermented_per_week=mean([float(w.fermented_servings) for w in full]),
    )


@dataclass(frozen=True, slots=True)
class Course:
    """A run of antibiotic (or probiotic) days, gaps up to ``COURSE_GAP_DAYS`` allowed."""

    first: date
    last: date
    names: tuple[str, ...]
    days_taken: int

    @property
    def span_days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def adherence(self) -> float:
        return self.days_taken / self.span_days


@dataclass(frozen=True, slots=True)
class Trend:
    """Least-squares slope per week with its 95 % CI over ``n`` weeks (None when n < 3)."""

    metric: str
    n: int
    slope_per_week: float | None
    ci_low: float | None
    ci_high: float | None


def is_antibiotic(entry: Entry) -> bool:
    return entry.kind is Kind.MEDICATION and (
        entry.has_tag(ANTIBIOTIC_TAG) or entry.details.get("drug_class") == "antibiotic"
    )


def is_probiotic(entry: Entry) -> bool:
    return entry.kind in (Kind.SUPPLEMENT, Kind.MEDICATION) and entry.has_tag(PROBIOTIC_TAG)


def _course_days(entry: Entry) -> list[date]:
    last = entry.end_day or entry.day
    return [entry.day + timedelta(days=i) for i in range((last - entry.day).days + 1)]


class GutFacts(Protocol):
    """What the gut counts of one eaten item (a ``FoodAnalysis``, or a stored meaning)."""

    @property
    def food(self) -> str: ...
    @property
    def grams(self) -> float: ...
    @property
    def fiber_g(self) -> float | None: ...
    @property
    def nova(self) -> int | None: ...
    @property
    def plants(self) -> tuple[str, ...]: ...
    @property
    def classes(self) -> tuple[str, ...]: ...
    @property
    def fermented(self) -> bool: ...


def described(know: FoodKnowledge) -> Callable[[Entry], Sequence[GutFacts]]:
    """Gut facts straight from the food knowledge, one item per entry."""
    return lambda e: (know.describe(e),)


def daily_gut(
    entries: Iterable[Entry], items: Callable[[Entry], Sequence[GutFacts]]
) -> list[DayGut]:
    """Gut habits of every day that has food, drink, probiotic or antibiotic entries;
    ``items`` gives a food/drink entry's eaten items (``gutbrain.meaning`` owns that)."""
    foods: dict[date, list[GutFacts]] = {}
    strains: dict[date, list[str]] = {}
    cfu: dict[date, float] = {}
    antibiotic: set[date] = set()
    for e in entries:
        if e.kind in (Kind.FOOD, Kind.DRINK):
            foods.setdefault(e.day, []).extend(items(e))
        elif is_probiotic(e):
            strain = str(e.details.get("strain") or e.name)
            for d in _course_days(e):
                strains.setdefault(d, []).append(strain)
                if e.amount is not None and (e.unit or "").lower() == "cfu":
                    cfu[d] = cfu.get(d, 0.0) + e.amount
        elif is_antibiotic(e):
            antibiotic.update(_course_days(e))
    days = sorted({*foods, *strains, *antibiotic})
    return [
        _day(d, foods.get(d, []), strains.get(d, []), cfu.get(d), d in antibiotic) for d in days
    ]


def _day(
    day: date, items: list[GutFacts], strains: list[str], cfu: float | None, antibiotic: bool
) -> DayGut:
    plants: set[str] = set()
    quarter: set[str] = set()
    for item in items:
        for plant in item.plants:
            spice = "spice" in item.classes or plant in QUARTER_PLANTS
            (quarter if spice else plants).add(plant)
    return DayGut(
        day=day,
        items=len(items),
        fiber_g=sum(i.fiber_g for i in items if i.fiber_g is not None),
        fiber_known_items=sum(i.fiber_g is not None for i in items),
        plants=frozenset(plants),
        quarter_plants=frozenset(quarter - plants),
        fermented_servings=sum(i.fermented for i in items),
        upf_items=sum(i.nova == 4 for i in items),
        nova_known_items=sum(i.nova is not None for i in items),
        water_ml=sum(i.grams for i in items if WATER_CLASS in i.classes or i.food == "lemon water"),
        probiotic_strains=tuple(dict.fromkeys(strains)),
        probiotic_cfu=cfu,
        antibiotic=antibiotic,
    )


def plant_points(plants: Iterable[str], quarter: Iterable[str]) -> float:
    """Whole plants count 1, herbs/spices/coffee/tea/cocoa ¼ (a plant counted whole wins)."""
    whole = set(plants)
    return len(whole) + 0.25 * len(set(quarter) - whole)


def weekly_gut(
    days: Sequence[DayGut], settings: DiarySettings, courses: Sequence[Course] = ()
) -> list[WeekGut]:
    """Roll days up into ISO weeks."""
    weeks: dict[date, list[DayGut]] = {}
    for d in days:
        weeks.setdefault(d.day - timedelta(days=d.day.weekday()), []).append(d)
    out = []
    for start, members in sorted(weeks.items()):
        fed = [d for d in members if d.items]
        plants = frozenset().union(*(d.plants for d in members))
        quarter = frozenset().union(*(d.quarter_plants for d in members))
        nova_known = sum(d.nova_known_items for d in members)
        out.append(
            WeekGut(
                week_start=start,
                food_days=len(fed),
                fiber_mean_g=sum(d.fiber_g for d in fed) / len(fed) if fed else None,
                fiber_days_on_target=sum(d.fiber_g >= settings.fiber_target_g for d in fed),
                plant_points=plant_points(plants, quarter),
                plants=plants,
                fermented_servings=sum(d.fermented_servings for d in members),
                upf_share=sum(d.upf_items for d in members) / nova_known if nova_known else None,
                water_mean_ml=sum(d.water_ml for d in fed) / len(fed) if fed else None,
                probiotic_days=sum(d.probiotic for d in members),
                antibiotic_days=sum(d.antibiotic for d in members),
                post_antibiotic=any(
                    c.last < start + timedelta(days=6)
                    and start <= c.last + timedelta(days=POST_ANTIBIOTIC_DAYS)
                    for c in courses
                ),
            )
        )
    return out


def courses(days: Iterable[date], names: dict[date, Sequence[str]] | None = None) -> list[Course]:
    """Group days into courses (gaps up to ``COURSE_GAP_DAYS``)."""
    ordered = sorted(set(days))
    out: list[Course] = []
    group: list[date] = []
    for d in ordered:
        if group and (d - group[-1]).days > COURSE_GAP_DAYS:
            out.append(_course(group, names))
            group = []
        group.append(d)
    if group:
        out.append(_course(group, names))
    return out


def _course(group: list[date], names: dict[date, Sequence[str]] | None) -> Course:
    found = tuple(dict.fromkeys(n for d in group for n in (names or {}).get(d, ())))
    return Course(group[0], group[-1], found, len(group))


def antibiotic_courses(entries: Iterable[Entry]) -> list[Course]:
    names: dict[date, list[str]] = {}
    for e in entries:
        if is_antibiotic(e):
            for d in _course_days(e):
                names.setdefault(d, []).append(e.name)
    return courses(names, {d: tuple(v) for d, v in names.items()})


def trend(metric: str, weeks: Sequence[WeekGut]) -> Trend:
    """Weekly slope of fiber mean g or plant points (descriptive, with its 95 % CI), over
    complete weeks only (partial weeks keep their place on the time axis but add no point)."""
    points = [
        ((w.week_start - weeks[0].week_start).days // 7, _metric(w, metric))
        for w in weeks
        if _metric(w, metric) is not None and w.complete
    ]
    n = len(points)
    if n < 3:
        return Trend(metric, n, None, None, None)
    xs = [float(p[0]) for p in points]
    ys = [float(p[1] or 0.0) for p in points]
    if len(set(ys)) == 1:
        return Trend(metric, n, 0.0, 0.0, 0.0)
    from scipy import stats  # SciPy on use: page imports stay light

    fit = stats.linregress(xs, ys)
    half = float(stats.t.ppf(0.975, n - 2)) * float(fit.stderr)
    return Trend(metric, n, float(fit.slope), float(fit.slope) - half, float(fit.slope) + half)


def _metric(week: WeekGut, metric: str) -> float | None:
    return week.fiber_mean_g if metric == "fiber" else week.plant_points


def gut_exposures(
    days: Sequence[DayGut], entries: Sequence[Entry], settings: DiarySettings
) -> list[Exposure]:
    """Day-level gut factors for the trigger engine (kind ``gut``, time of day unknown):

    low fiber day (below the share of the person's own fiber target), high ultra-processed
    share, post-antibiotic weeks, probiotic period.
    """
    out: list[Exposure] = []
    low = settings.fiber_target_g * LOW_FIBER_SHARE
    for d in days:
        if d.items and d.fiber_coverage >= MIN_FIBER_COVERAGE and d.fiber_g < low:
            out.append(Exposure("low fiber day", "gut", d.day, None, d.fiber_g))
        share = d.upf_share
        if d.nova_known_items >= MIN_NOVA_ITEMS and share is not None and share >= HIGH_UPF_SHARE:
            out.append(Exposure("high ultra-processed share", "gut", d.day, None, share))
    for course in antibiotic_courses(entries):
        for i in range(1, POST_ANTIBIOTIC_DAYS + 1):
            out.append(Exposure("post-antibiotic weeks", "gut", course.last + timedelta(days=i)))
    probiotic_days = [d.day for d in days if d.probiotic]
    for course in courses(probiotic_days):
        for i in range(course.span_days):
            out.append(Exposure("probiotic period", "gut", course.first + timedelta(days=i)))
    return out
