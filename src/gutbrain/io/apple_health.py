"""Apple Health's "Export All Health Data" (``export.zip`` or its ``export.xml``), streamed.

The file is commonly hundreds of MB to several GB, so it is never loaded: the XML member is
read from the zip in 1 MiB chunks (no extraction) and fed to expat, whose callbacks look only
at the element name and, for a ``Record``, its ``type``; only the migraine-relevant types build
a ``HealthSample``.  Memory stays flat whatever the file size, and time stays close to the
floor of merely parsing the XML (``benchmarks/bench_import_apple_health.py``).

Format (Apple's HealthKit export DTD, inside ``export.xml``): ``<HealthData>`` holding
``Record`` (attributes ``type, sourceName, unit, value, creationDate, startDate, endDate``;
dates ``2024-03-15 08:00:00 +0100``), ``Correlation`` (food, blood pressure: ``Record``
children that Apple also writes at top level), ``Workout`` (``workoutActivityType``,
``duration``, ``durationUnit``), ``ActivitySummary`` and others; ``MetadataEntry key= value=``
children carry e.g. ``HKMetadataKeyMenstrualCycleStart`` and ``HKTimeZone``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from gutbrain.domain.rules import check_timezone
from gutbrain.io import health_samples as hs
from gutbrain.io.health_samples import HealthSample
from gutbrain.io.problems import LineProblem, rejected

CHUNK = 1 << 20
#: Progress callback: (bytes read so far, total bytes or None, records so far).
Progress = Callable[[int, int | None, int], None]

_CATEGORY = "HKCategoryTypeIdentifier"
_QUANTITY = "HKQuantityTypeIdentifier"
#: Record type → HealthSample kind, for the types gutbrain imports.
RECORD_KINDS = {
    _CATEGORY + "Headache": hs.HEADACHE,
    _CATEGORY + "SleepAnalysis": hs.SLEEP,
    _CATEGORY + "MenstrualFlow": hs.MENSTRUATION,
    _QUANTITY + "DietaryCaffeine": hs.CAFFEINE,
    _QUANTITY + "DietaryWater": hs.WATER,
    _QUANTITY + "DietaryFiber": hs.FIBER,
    _QUANTITY + "AppleExerciseTime": hs.EXERCISE_MINUTES,
    _CATEGORY + "MindfulSession": hs.MINDFUL,
}
#: Category values (enum names, as the export writes them) → gutbrain's words.
CATEGORY_VALUES = {
    "HKCategoryValueSeverityNotPresent": "not present",
    "HKCategoryValueSeverityMild": "mild",
    "HKCategoryValueSeverityModerate": "moderate",
    "HKCategoryValueSeveritySevere": "severe",
    "HKCategoryValueSeverityUnspecified": "unspecified",
    "HKCategoryValueSleepAnalysisInBed": "in bed",
    "HKCategoryValueSleepAnalysisAsleep": "asleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified": "asleep",
    "HKCategoryValueSleepAnalysisAwake": "awake",
    "HKCategoryValueSleepAnalysisAsleepCore": "core",
    "HKCategoryValueSleepAnalysisAsleepDeep": "deep",
    "HKCategoryValueSleepAnalysisAsleepREM": "rem",
    **{
        f"HKCategoryValue{prefix}{name}": name.lower()
        for prefix in ("MenstrualFlow", "VaginalBleeding")
        for name in ("None", "Light", "Medium", "Heavy", "Unspecified")
    },
}
#: Units → factor to gutbrain's unit (mg caffeine, ml water, g fiber, minutes).
UNIT_FACTORS = {
    "mg": 1.0, "g": 1.0, "mcg": 1e-3, "min": 1.0, "s": 1 / 60, "hr": 60.0, "h": 60.0,
    "mL": 1.0, "ml": 1.0, "L": 1000.0, "l": 1000.0, "dL": 100.0, "cL": 10.0,
    "fl_oz_us": 29.5735, "fl_oz_imp": 28.4131, "cup_us": 236.588, "cup_imp": 284.131,
}  # fmt: skip
#: gutbrain's unit per kind, for converting grams of caffeine to mg and so on.
BASE_UNIT = {hs.CAFFEINE: "mg", hs.WATER: "mL", hs.FIBER: "g", hs.EXERCISE_MINUTES: "min"}
_MASS_TO_MG = {"mg": 1.0, "g": 1000.0, "mcg": 1e-3}
_MASS_TO_G = {"g": 1.0, "mg": 1e-3, "mcg": 1e-6}
_WORDS = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass
class AppleScan:
    """Everything read from one export: counts for the report, samples to map, problems."""

    records: int = 0
    records_in_correlations: int = 0
    workouts: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    samples: list[HealthSample] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    bytes_read: int = 0


class _Handler:
    """expat callbacks: counts every record, builds samples for the wanted ones."""

    def __init__(self, parser: Any, scan: AppleScan) -> None:
        self.parser = parser
        self.scan = scan
        self.counts = scan.by_type
        self.correlation_depth = 0
        self.current: tuple[str, dict[str, str], int] | None = None
        self.meta: dict[str, str] = {}
        self.root: str | None = None

    def first(self, name: str, attrs: dict[str, str]) -> None:
        """The root element: remembered, then every later element goes to ``start``."""
        self.root = name
        self.parser.StartElementHandler = self.start
        self.start(name, attrs)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "Record":
            kind = attrs.get("type", "")
            counts = self.counts
            counts[kind] = counts.get(kind, 0) + 1
            if kind in RECORD_KINDS:
                self.current = (RECORD_KINDS[kind], attrs, self.parser.CurrentLineNumber)
                self.meta = {}
        elif name == "MetadataEntry":
            if self.current is not None:
                self.meta[attrs.get("key", "")] = attrs.get("value", "")
        elif name == "Workout":
            self.scan.workouts += 1
            self.current = (hs.WORKOUT, attrs, self.parser.CurrentLineNumber)
            self.meta = {}
        elif name == "Correlation":
            self.correlation_depth += 1

    def end(self, name: str) -> None:
        if name == "Record":
            self.scan.records += 1
            if self.correlation_depth:
                self.scan.records_in_correlations += 1
            if self.current is not None:
                self._emit()
        elif name == "Workout":
            if self.current is not None:
                self._emit()
        elif name == "Correlation":
            self.correlation_depth -= 1

    def _emit(self) -> None:
        assert self.current is not None
        kind, attrs, line = self.current
        self.current = None
        try:
            sample = _sample(kind, attrs, self.meta, line)
        except ValueError as exc:
            if len(self.scan.problems) < 1000:
                self.scan.problems.append(LineProblem(line, str(exc)))
            return
        if sample is not None:
            self.scan.samples.append(sample)


def _when(text: str | None, what: str) -> datetime:
    """``2024-03-15 08:00:00 +0100`` (the export's format) as an aware datetime."""
    if not text:
        raise ValueError(f"{what} is missing")
    try:
        value = datetime.fromisoformat(text.replace(" +", "+").replace(" -", "-"))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a date like 2024-03-15 08:00:00 +0100") from None
    if value.tzinfo is None:
        raise ValueError(f"{what} {text!r} has no UTC offset")
    return value


def _number(attrs: dict[str, str], key: str) -> float:
    raw = attrs.get(key, "")
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{key} {raw!r} is not a number") from None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        raise ValueError(f"{key} {raw!r} is not a number ≥ 0")
    return value


def _sample(
    kind: str, attrs: dict[str, str], meta: dict[str, str], line: int
) -> HealthSample | None:
    start = _when(attrs.get("startDate"), "startDate")
    end = _when(attrs.get("endDate"), "endDate")
    tz = meta.get("HKTimeZone") or None
    if tz is not None and check_timezone(tz) is not None:
        tz = None  # an unknown zone name falls back to the offsets
    common: dict[str, Any] = {
        "kind": kind, "start": start, "end": end, "line": line, "tz": tz,
        "source": attrs.get("sourceName", ""),
    }  # fmt: skip
    if kind == hs.WORKOUT:
        activity = attrs.get("workoutActivityType", "").removeprefix("HKWorkoutActivityType")
        minutes = None
        if attrs.get("duration"):
            minutes = _number(attrs, "duration") * UNIT_FACTORS.get(
                attrs.get("durationUnit", "min"), 1.0
            )
        label = _WORDS.sub(" ", activity).lower() or "workout"
        return HealthSample(**common, label=label, amount=minutes)
    if kind in BASE_UNIT:
        return HealthSample(**common, amount=_amount(kind, attrs))
    if kind == hs.MINDFUL:
        return HealthSample(**common)
    raw = attrs.get("value", "")
    value = CATEGORY_VALUES.get(raw)
    if value is None:
        raise ValueError(f"unknown value {raw!r} for {attrs.get('type')}")
    cycle = meta.get("HKMenstrualCycleStart", meta.get("HKMetadataKeyMenstrualCycleStart"))
    return HealthSample(**common, value=value, cycle_start=cycle in ("1", "true", "YES"))


def _amount(kind: str, attrs: dict[str, str]) -> float:
    value = _number(attrs, "value")
    unit = attrs.get("unit") or BASE_UNIT[kind]
    if kind == hs.CAFFEINE:
        factor = _MASS_TO_MG.get(unit)
    elif kind == hs.FIBER:
        factor = _MASS_TO_G.get(unit)
    else:
        factor = UNIT_FACTORS.get(unit)
    if factor is None:
        raise ValueError(f"unit {unit!r} is not one gutbrain converts for {attrs.get('type')}")
    return round(value * factor, 3)


def export_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The main ``export.xml`` of an export zip (any folder, any case; never the CDA file)."""
    found = [i for i in archive.infolist() if Path(i.filename).name.lower() == "export.xml"]
    if not found:
        raise rejected(1, "this zip has no export.xml: is it Apple Health's export.zip?", "file")
    return min(found, key=lambda i: (i.filename.count("/"), i.filename))


@contextmanager
def open_export(path: Path) -> Iterator[tuple[IO[bytes], int | None]]:
    """The export XML as a byte stream (streamed out of the zip) and its size."""
    try:
        if not zipfile.is_zipfile(path) and _starts_like_a_zip(path):
            raise rejected(1, f"{path.name} is an incomplete zip (its table of contents at the "
                           "end is missing: a truncated download or copy?); export or copy it "
                           "again", "file")  # fmt: skip
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                info = export_member(archive)
                with archive.open(info) as stream:
                    yield stream, info.file_size
        else:
            with path.open("rb") as stream:
                yield stream, path.stat().st_size
    except EOFError as exc:
        raise rejected(1, f"{path.name} ends early (a truncated download or copy?): {exc}",
                       "file") from exc  # fmt: skip
    except (OSError, zipfile.BadZipFile) as exc:
        raise rejected(1, f"cannot read {path.name}: {exc}", "file") from exc


def _starts_like_a_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


def scan_export(path: Path, progress: Progress | None = None) -> AppleScan:
    """Read a whole export; malformed XML rejects it with the line expat stopped at."""
    scan = AppleScan()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    handler = _Handler(parser, scan)
    parser.StartElementHandler = handler.first
    parser.EndElementHandler = handler.end
    with open_export(path) as (stream, total):
        head = True
        while True:
            chunk = stream.read(CHUNK)
            if head and chunk and not chunk.lstrip().startswith(b"<"):
                raise rejected(1, f"{path.name} is not an XML file (nor a zip holding one)")
            head = False
            try:
                parser.Parse(chunk, not chunk)
            except expat.ExpatError as exc:
                raise rejected(
                    exc.lineno, f"not well-formed XML ({expat.ErrorString(exc.code)})"
                ) from None
            scan.bytes_read += len(chunk)
            if progress is not None:
                progress(scan.bytes_read, total, scan.records)
            if not chunk:
                break
    if handler.root != "HealthData":
        raise rejected(1, f"{path.name} is XML but not an Apple Health export (no HealthData)")
    return scan
