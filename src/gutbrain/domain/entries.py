"""The diary's records: what a person logs, as immutable values.

One ``Entry`` type covers every event kind of the diary CSV contract
(``shared/spec/diary-csv.md``): attack, food, drink, medication, supplement, sleep, stress,
exercise, symptom, menstruation, weather, factor and note.  The columns of that contract are the
fields of ``Entry``; what a kind needs beyond them lives in ``details`` (documented per kind in
``DETAIL_KEYS``) and in ``tags``.  Rules live in ``gutbrain.domain.rules``.

Time: ``start``/``end`` are timezone-aware UTC instants, ``tz`` the IANA zone the entry was
logged in.  The *diary day* of an entry is the local date of its start in that zone.  An entry
logged with a date only (``start_has_time=False``) happened that day at an unknown time: its
``start`` is local midnight and it can never be ordered before another event of the same day.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from gutbrain.domain.names import normalise_name

#: Namespace for deterministic entry ids, so the same row imported twice (or into two copies of
#: a diary that are later merged) gets the same id.
ENTRY_NAMESPACE = uuid.UUID("6f1c2d8e-4b0a-4e0f-9d55-7c1a6a3e2b10")
_NAMESPACE_BYTES = ENTRY_NAMESPACE.bytes

#: A ``note`` entry with this name marks a day the person did not keep the diary (missing,
#: not "nothing happened").
MISSING_DAY_NAME = "no entry"

ACUTE_TAG = "acute"
PREVENTIVE_TAG = "preventive"
ANTIBIOTIC_TAG = "antibiotic"
PROBIOTIC_TAG = "probiotic"
GI_TAG = "gi"
AURA_TAG = "aura"
#: The person answered "no aura" (absent tag means nobody asked).
NO_AURA_TAG = "no aura"


class Kind(StrEnum):
    """Kinds of diary event, exactly the kinds of the diary CSV contract."""

    ATTACK = "attack"
    FOOD = "food"
    DRINK = "drink"
    MEDICATION = "medication"
    SUPPLEMENT = "supplement"
    SLEEP = "sleep"
    STRESS = "stress"
    EXERCISE = "exercise"
    SYMPTOM = "symptom"
    MENSTRUATION = "menstruation"
    WEATHER = "weather"
    FACTOR = "factor"
    NOTE = "note"


#: Attack symptoms recognised as tags (ICHD-3 1.1/1.2 features plus common extras).
ATTACK_SYMPTOMS = frozenset(
    {
        "nausea",
        "vomiting",
        "photophobia",
        "phonophobia",
        "osmophobia",
        "allodynia",
        "neck pain",
        "dizziness",
        "fatigue",
        "aggravated by activity",
        "pulsating",
        "unilateral",
    }
)

#: GI symptom names understood by ``gutbrain log gi`` (severity 0–10 in ``intensity``).
GI_SYMPTOMS = frozenset(
    {"bloating", "abdominal pain", "nausea", "reflux", "diarrhea", "constipation", "gas", "cramps"}
)

#: Known keys of ``Entry.details`` per kind, with their meaning (documentation and validation).
DETAIL_KEYS: Mapping[Kind, Mapping[str, str]] = {
    Kind.ATTACK: {
        "aura_type": "visual | sensory | speech | motor | brainstem | retinal",
        "location": "where the pain is (forehead, temple, behind the eye, back of head, …)",
        "side": "left | right | both | varies",
        "disability": "none | mild | moderate | severe",
    },
    Kind.MEDICATION: {
        "drug_class": "triptan | nsaid | paracetamol | combination | opioid | ergot | gepant | "
        "ditan | antiemetic | preventive | antibiotic | other",
        "effect": "none | some | good | complete",
        "relief_minutes": "minutes from intake to relief",
        "pain_free_2h": "true when pain was gone 2 h after the dose (the standard endpoint)",
    },
    Kind.SUPPLEMENT: {"strain": "probiotic strain(s) as written on the pack"},
    Kind.MENSTRUATION: {"flow": "spotting | light | medium | heavy"},
    Kind.EXERCISE: {"minutes": "duration when no end time was given"},
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One diary event.

    Attributes:
        id: stable UUID (deterministic from the natural key unless given).
        diary_id: the diary (person) the entry belongs to.
        kind: what sort of event it is.
        name: what it was, as the person wrote it ("pepperoni pizza", "sumatriptan").
        start: when it started, UTC, timezone-aware.
        tz: IANA time zone the person was in.
        start_has_time: False for a date-only entry (time of day unknown).
        end: when it ended (UTC) or None (instant, or still ongoing for an attack).
        end_has_time: False when ``end`` is a date only.
        amount: a number (grams, ml, mg, Bristol type, hPa, …).
        unit: unit of ``amount``.
        intensity: 0–10 (pain, stress, symptom severity, sleep quality).
        tags: lower-case words (aura, nausea, acute, preventive, probiotic, gi, …).
        notes: free text.
        details: kind-specific extras, see ``DETAIL_KEYS``.
    """

    id: uuid.UUID
    diary_id: uuid.UUID
    kind: Kind
    name: str
    start: datetime
    tz: str
    start_has_time: bool = True
    end: datetime | None = None
    end_has_time: bool = True
    amount: float | None = None
    unit: str | None = None
    intensity: int | None = None
    tags: tuple[str, ...] = ()
    notes: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    # memo of natural_key(); not an init field, so ``replace``/``evolve`` start afresh
    _key: str | None = field(default=None, init=False, repr=False, compare=False)

    # -- time ---------------------------------------------------------------------------
    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def local_start(self) -> datetime:
        """Start in the entry's own time zone."""
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime | None:
        return None if self.end is None else self.end.astimezone(self.zone)

    @property
    def day(self) -> date:
        """The diary day: local date of the start."""
        return self.local_start.date()

    @property
    def end_day(self) -> date | None:
        """Local date of the end; a date-only end means the whole of that day."""
        local = self.local_end
        return None if local is None else local.date()

    @property
    def duration(self) -> timedelta | None:
        return None if self.end is None else self.end - self.start

    # -- tags ---------------------------------------------------------------------------
    def has_tag(self, tag: str) -> bool:
        return tag in self.tags

    @property
    def aura(self) -> bool:
        return AURA_TAG in self.tags

    @property
    def symptoms(self) -> tuple[str, ...]:
        """Attack symptoms among the tags (for attacks) or the GI symptom name."""
        return tuple(t for t in self.tags if t in ATTACK_SYMPTOMS)

    @property
    def is_missing_day_marker(self) -> bool:
        return self.kind is Kind.NOTE and self.name.strip().lower() == MISSING_DAY_NAME

    @property
    def is_stool(self) -> bool:
        return self.kind is Kind.SYMPTOM and self.name.strip().lower() == "stool"

    # -- identity -----------------------------------------------------------------------
    def natural_key(self) -> str:
        """De-duplication key of the CSV contract: start, kind, name, end, amount, unit."""
        if self._key is None:
            key = natural_key(self.kind, self.name, self.start, self.end, self.amount, self.unit)
            object.__setattr__(self, "_key", key)  # a memo on a frozen record
            return key
        return self._key

    def evolve(self, **changes: Any) -> Entry:
        """A copy with some fields changed (records are immutable)."""
        return replace(self, **changes)


def natural_key(
    kind: Kind,
    name: str,
    start: datetime,
    end: datetime | None,
    amount: float | None,
    unit: str | None,
) -> str:
    """Join the de-duplication fields into one normalised string."""
    parts = [
        _utc_text(start),
        kind.value,
        normalise_name(name),
        "" if end is None else _utc_text(end),
        "" if amount is None else repr(float(amount)),
        (unit or "").strip().lower(),
    ]
    return "|".join(parts)


def _utc_text(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` in UTC (isoformat: much faster than strftime on bulk imports)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def entry_id_for(diary_id: uuid.UUID, key: str) -> uuid.UUID:
    """Deterministic id of an entry: the same row in the same diary always gets the same id."""
    # uuid.uuid5 by hand (same bytes): the stdlib version re-encodes the namespace each call,
    # which shows on 100,000-row imports.
    digest = hashlib.sha1(_NAMESPACE_BYTES + f"{diary_id}|{key}".encode(), usedforsecurity=False)
    return uuid.UUID(bytes=digest.digest()[:16], version=5)


@dataclass(frozen=True, slots=True)
class DiarySettings:
    """Per-diary preferences (all have defaults grounded in the reference notes).

    Attributes:
        fiber_target_g: daily fiber goal; 25–30 g/day (Reynolds 2019 Lancet; SACN 30 g).
        plants_target: distinct plants per week (McDonald 2018 mSystems, ">30 plants").
        fdr: Benjamini–Hochberg level for trigger verdicts (statistics.md §0: q ≤ 0.10).
        tracked_factors: custom factors the person wants offered in the daily check-in.
        elimination_diet: "low-tyramine", "low-histamine" or "" when none is followed.
        usual_medications: the person's own acute medications with their dose
            ("rizatriptan 10 mg"), offered first as one-tap buttons during an attack.
        weather_latitude, weather_longitude: the coarse place (0.1°) the weather is fetched
            for; None (the default) means weather fetching is off and nothing is sent.
    """

    fiber_target_g: float = 25.0
    plants_target: int = 30
    fdr: float = 0.10
    tracked_factors: tuple[str, ...] = ()
    elimination_diet: str = ""
    analyse_gluten: bool = False
    usual_medications: tuple[str, ...] = ()
    weather_latitude: float | None = None
    weather_longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Diary:
    """One person's diary. Local mode has exactly one; server mode has many."""

    id: uuid.UUID
    name: str
    timezone: str
    settings: DiarySettings = DiarySettings()


#: Conditions a person may record (free text is accepted too).
KNOWN_CONDITIONS = frozenset(
    {
        "ibs",
        "celiac disease",
        "gluten sensitivity",
        "h. pylori",
        "cyclic vomiting syndrome",
        "ibd",
        "histamine intolerance",
        "lactose intolerance",
        "migraine with aura",
        "migraine without aura",
        "chronic migraine",
    }
)


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition the person has (IBS, celiac disease, H. pylori, …)."""

    id: uuid.UUID
    diary_id: uuid.UUID
    name: str
    since: date | None = None
    notes: str = ""
