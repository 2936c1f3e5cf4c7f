"""Synthetic Apple Health exports (``export.xml``, optionally zipped) of any size, seeded.

The document follows Apple's HealthKit export DTD (the internal ``<!DOCTYPE HealthData [...]>``
block below, as Apple writes it in export.xml: Record, Correlation, Workout with WorkoutEvent /
WorkoutStatistics / MetadataEntry children, HeartRateVariabilityMetadataList, ActivitySummary).
Most records are filler of the kinds that dominate real exports (heart rate, steps, energy,
distance, with Apple's long ``device`` attribute); the migraine-relevant ones are laid out so
the entries they must become are known exactly (``Manifest``), which the benchmark and the
tests check: one night of sleep stages a day, headaches that never overlap, 5-day periods
every 28 days with a cycle-start flag, caffeine written both inside a food Correlation and at
top level (Apple's DTD note), exercise minutes, workouts and mindful sessions.

Run: .tools/bin/uv run --locked python benchmarks/gen_apple_health.py OUT.xml|OUT.zip RECORDS
"""

from __future__ import annotations

import random
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex                 CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType                     CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse   CDATA #IMPLIED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent (MetadataEntry*)>
<!ATTLIST WorkoutEvent
  type                  CDATA #REQUIRED
  date                  CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type                  CDATA #REQUIRED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
  average               CDATA #IMPLIED
  minimum               CDATA #IMPLIED
  maximum               CDATA #IMPLIED
  sum                   CDATA #IMPLIED
  unit                  CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
]>
"""

ZONE = ZoneInfo("Europe/Berlin")
WATCH = (
    'sourceName="Anna’s Apple Watch" sourceVersion="10.1" device="&lt;&lt;HKDevice: '
    "0x2831a2d00&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    'hardware:Watch6,2, software:10.1, creation date:2023-11-02 09:12:44 +0000&gt;"'
)
PHONE = 'sourceName="Anna’s iPhone" sourceVersion="17.1"'
FILLER = (
    ("HKQuantityTypeIdentifierHeartRate", "count/min", WATCH),
    ("HKQuantityTypeIdentifierStepCount", "count", PHONE),
    ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", WATCH),
    ("HKQuantityTypeIdentifierBasalEnergyBurned", "kcal", WATCH),
    ("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", PHONE),
)
SLEEP_STAGES = ("AsleepCore", "AsleepDeep", "AsleepCore", "AsleepREM", "Awake")
#: relevant records per day, before filler
SLEEP_PER_NIGHT = 12
EXERCISE_MINUTES_PER_DAY = 20


@dataclass
class Manifest:
    """What the file holds and exactly which entries it must become."""

    records: int = 0
    records_in_correlations: int = 0
    workouts: int = 0
    entries: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.entries[kind] = self.entries.get(kind, 0) + n


def _fmt(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m-%d %H:%M:%S %z")


class _Writer:
    def __init__(self, out: TextIO, manifest: Manifest) -> None:
        self.out = out
        self.m = manifest

    def record(self, kind: str, unit: str | None, value: str, start: datetime,
               end: datetime, source: str = WATCH, children: str = "", nested: bool = False) -> None:  # fmt: skip
        self.m.records += 1
        self.m.records_in_correlations += nested
        s, e = _fmt(start), _fmt(end)
        unit_attr = f' unit="{unit}"' if unit else ""
        head = f'<Record type="{kind}" {source}{unit_attr} creationDate="{e}" startDate="{s}" endDate="{e}" value="{value}"'
        indent = "  " if nested else " "
        if children:
            self.out.write(f"{indent}{head}>\n{children}{indent}</Record>\n")
        else:
            self.out.write(f"{indent}{head}/>\n")


def _day(w: _Writer, rng: random.Random, day0: datetime, index: int, filler: int) -> None:
    m = w.m
    day0 = day0.astimezone(UTC)  # arithmetic in UTC: local wall-clock sums break across DST
    # one night: stages back to back from 23:00
    t = day0 - timedelta(hours=1) + timedelta(minutes=rng.randrange(0, 30))
    night_start = t
    for i in range(SLEEP_PER_NIGHT):
        stage = "InBed" if i == 0 else SLEEP_STAGES[i % len(SLEEP_STAGES)]
        length = timedelta(minutes=5 if stage == "InBed" else rng.randrange(20, 45))
        w.record("HKCategoryTypeIdentifierSleepAnalysis", None,
                 f"HKCategoryValueSleepAnalysis{stage}", t, t + length)  # fmt: skip
        t += length
    assert t - night_start < timedelta(hours=12)
    m.add("sleep")
    # caffeine: a food correlation with its records nested, and the same records at top level
    coffee = day0 + timedelta(hours=8, minutes=rng.randrange(0, 30))
    mg = f"{rng.choice((63, 95, 126))}"
    kcal = "2"
    w.out.write(
        f' <Correlation type="HKCorrelationTypeIdentifierFood" {PHONE} creationDate="{_fmt(coffee)}" '
        f'startDate="{_fmt(coffee)}" endDate="{_fmt(coffee)}">\n'
        '  <MetadataEntry key="HKFoodType" value="Coffee"/>\n'
    )
    w.record(
        "HKQuantityTypeIdentifierDietaryCaffeine", "mg", mg, coffee, coffee, PHONE, nested=True
    )
    w.record("HKQuantityTypeIdentifierDietaryEnergyConsumed", "kcal", kcal, coffee, coffee, PHONE,
             nested=True)  # fmt: skip
    w.out.write(" </Correlation>\n")
    w.record("HKQuantityTypeIdentifierDietaryCaffeine", "mg", mg, coffee, coffee, PHONE)
    w.record("HKQuantityTypeIdentifierDietaryEnergyConsumed", "kcal", kcal, coffee, coffee, PHONE)
    m.add("drink:caffeine")
    for k in range(2):
        sip = day0 + timedelta(hours=10 + 4 * k, minutes=rng.randrange(0, 60))
        w.record("HKQuantityTypeIdentifierDietaryWater", "mL", str(rng.choice((250, 330, 500))),
                 sip, sip, PHONE)  # fmt: skip
        m.add("drink:water")
    meal = day0 + timedelta(hours=12, minutes=rng.randrange(0, 60))
    w.record("HKQuantityTypeIdentifierDietaryFiber", "g", f"{rng.uniform(2, 12):.1f}", meal, meal,
             PHONE)  # fmt: skip
    m.add("food:dietary fiber")
    # exercise minutes, one record a minute from 07:00
    for k in range(EXERCISE_MINUTES_PER_DAY):
        s = day0 + timedelta(hours=7, minutes=k)
        w.record(
            "HKQuantityTypeIdentifierAppleExerciseTime", "min", "1", s, s + timedelta(minutes=1)
        )
    m.add("exercise:exercise minutes")
    if index % 2 == 0:
        s = day0 + timedelta(hours=18)
        e = s + timedelta(minutes=31, seconds=12)
        m.workouts += 1
        m.add("exercise:running")
        w.out.write(
            f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="31.2" '
            f'durationUnit="min" {WATCH} creationDate="{_fmt(e)}" startDate="{_fmt(s)}" endDate="{_fmt(e)}">\n'
            '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
            f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{_fmt(s)}" duration="10" durationUnit="min"/>\n'
            f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{_fmt(s)}" '
            f'endDate="{_fmt(e)}" sum="310" unit="kcal"/>\n'
            " </Workout>\n"
        )
    if index % 3 == 0:
        s = day0 + timedelta(hours=21)
        w.record("HKCategoryTypeIdentifierMindfulSession", None, "", s, s + timedelta(minutes=10),
                 PHONE)  # fmt: skip
        m.add("factor:mindfulness")
    if index % 7 == 3:
        s = day0 + timedelta(hours=15)
        severity = ("Mild", "Moderate", "Severe")[index % 3]
        w.record("HKCategoryTypeIdentifierHeadache", None, f"HKCategoryValueSeverity{severity}",
                 s, s + timedelta(hours=5), PHONE)  # fmt: skip
        m.add("attack:headache")
    cycle_day = index % 28
    if cycle_day < 5:
        meta = (
            '  <MetadataEntry key="HKMenstrualCycleStart" value="1"/>\n' if cycle_day == 0 else ""
        )
        flow = ("Heavy", "Heavy", "Medium", "Light", "Light")[cycle_day]
        w.record("HKCategoryTypeIdentifierMenstrualFlow", None, f"HKCategoryValueMenstrualFlow{flow}",
                 day0, day0 + timedelta(seconds=1), PHONE, children=meta)  # fmt: skip
        if cycle_day == 0:
            m.add("menstruation:period")
    for k in range(filler):
        kind, unit, source = FILLER[k % len(FILLER)]
        s = day0 + timedelta(seconds=(k * 86400) // max(filler, 1))
        children = ""
        if kind.endswith("HeartRate") and k % 500 == 0:
            beats = "".join(
                f'   <InstantaneousBeatsPerMinute bpm="{60 + b}" time="{s:%I:%M:%S.00 %p}"/>\n'
                for b in range(3)
            )
            children = f"  <HeartRateVariabilityMetadataList>\n{beats}  </HeartRateVariabilityMetadataList>\n"
        w.record(kind, unit, f"{rng.uniform(50, 120):.0f}", s, s + timedelta(seconds=60), source,
                 children)  # fmt: skip


def relevant_per_day(index: int) -> int:
    """Migraine-relevant records written on day ``index`` (for the exact total)."""
    return (
        SLEEP_PER_NIGHT + 4 + 2 + 1 + EXERCISE_MINUTES_PER_DAY
        + (index % 3 == 0) + (index % 7 == 3) + (index % 28 < 5)
    )  # fmt: skip


def write_export(out: TextIO, records: int, seed: int = 1, days: int | None = None) -> Manifest:
    """Write an export.xml of exactly ``records`` Record elements; return what it holds."""
    rng = random.Random(seed)
    if days is None:
        days = max(28, min(3650, records // 700))
    relevant = [relevant_per_day(i) for i in range(days)]
    spare = records - sum(relevant)
    if spare < 0:
        raise ValueError(f"{records} records are too few for {days} days")
    manifest = Manifest()
    out.write(DTD)
    out.write('<HealthData locale="en_DE">\n <ExportDate value="2026-11-30 09:00:00 +0100"/>\n')
    out.write(
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1990-04-02" '
        'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
        'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
        'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
        'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
    )
    first = datetime(2026, 11, 1, tzinfo=ZONE) - timedelta(days=days)
    writer = _Writer(out, manifest)
    for i in range(days):
        filler = spare // days + (1 if i < spare % days else 0)
        day0 = datetime.combine((first + timedelta(days=i)).date(), datetime.min.time(), ZONE)
        _day(writer, rng, day0, i, filler)
        if i % 30 == 0:
            out.write(
                f' <ActivitySummary dateComponents="{day0:%Y-%m-%d}" activeEnergyBurned="412" '
                'activeEnergyBurnedGoal="400" activeEnergyBurnedUnit="kcal" appleMoveTime="0" '
                'appleMoveTimeGoal="0" appleExerciseTime="20" appleExerciseTimeGoal="30" '
                'appleStandHours="11" appleStandHoursGoal="12"/>\n'
            )
    out.write("</HealthData>\n")
    assert manifest.records == records, (manifest.records, records)
    return manifest


def generate(path: Path, records: int, seed: int = 1, days: int | None = None) -> Manifest:
    """``path`` ending in .zip: an export.zip as the Health app writes it (deflated)."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            with archive.open("apple_health_export/export.xml", "w", force_zip64=True) as raw:
                import io

                text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                manifest = write_export(text, records, seed, days)
                text.flush()
                text.detach()
            archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        return manifest
    with path.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        return write_export(out, records, seed, days)


if __name__ == "__main__":
    made = generate(Path(sys.argv[1]), int(sys.argv[2]))
    print(made)
