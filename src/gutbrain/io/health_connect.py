"""Android Health Connect's export (Settings → Health Connect → Export): a zip holding one
SQLite database, ``health_connect_export.db``.

The schema is Health Connect's internal one and drifts between versions (``PRAGMA
user_version``; 23 was observed in 2026).  Nothing here is documented by Google: table and
column names follow what public importers and the AOSP HealthConnect sources use
(``<type>_record_table``; interval records ``start_time``/``end_time`` in epoch milliseconds
with ``start_zone_offset``/``end_zone_offset`` in seconds; instant records ``time`` and
``zone_offset``; sleep stages in ``sleep_stages_table`` keyed by ``parent_key``).  To stay
tolerant, each table is found by name and its columns by any of their known spellings; a type
whose table is absent is simply not in that export.  Health Connect has no headache record, so
attacks come from other sources.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from gutbrain.io import health_samples as hs
from gutbrain.io.health_samples import HealthSample
from gutbrain.io.problems import LineProblem, rejected

DB_NAME = "health_connect_export.db"
#: Sleep stage codes (androidx.health.connect SleepSessionRecord.STAGE_TYPE_*).
SLEEP_STAGES = {0: "asleep", 1: "awake", 2: "asleep", 3: "awake", 4: "core", 5: "deep",
                6: "rem", 7: "awake"}  # fmt: skip
#: Menstruation flow codes (MenstruationFlowRecord.FLOW_*); 0 is "unknown" (flow not said).
FLOWS = {0: "unspecified", 1: "light", 2: "medium", 3: "heavy"}
#: Exercise type codes (ExerciseSessionRecord.EXERCISE_TYPE_*), the common ones.
EXERCISE_TYPES = {
    2: "badminton", 4: "baseball", 5: "basketball", 8: "biking", 9: "stationary biking",
    10: "boot camp", 11: "boxing", 13: "calisthenics", 14: "cricket", 16: "dancing",
    25: "elliptical", 26: "exercise class", 27: "fencing", 28: "american football",
    29: "australian football", 31: "frisbee", 32: "golf", 33: "guided breathing",
    34: "gymnastics", 35: "handball", 36: "high intensity interval training", 37: "hiking",
    38: "ice hockey", 39: "ice skating", 44: "martial arts", 46: "paddling", 47: "paragliding",
    48: "pilates", 50: "racquetball", 51: "rock climbing", 52: "roller hockey", 53: "rowing",
    54: "rowing machine", 55: "rugby", 56: "running", 57: "treadmill running", 58: "sailing",
    59: "scuba diving", 60: "skating", 61: "skiing", 62: "snowboarding", 63: "snowshoeing",
    64: "soccer", 65: "softball", 66: "squash", 68: "stair climbing",
    69: "stair climbing machine", 70: "strength training", 71: "stretching", 72: "surfing",
    73: "open water swimming", 74: "pool swimming", 75: "table tennis", 76: "tennis",
    78: "volleyball", 79: "walking", 80: "water polo", 81: "weightlifting", 82: "wheelchair",
    83: "yoga",
}  # fmt: skip

#: Known spellings of each column, newest first.
COLUMNS = {
    "start": ("start_time",), "end": ("end_time",), "time": ("time",),
    "start_offset": ("start_zone_offset", "zone_offset"), "end_offset": ("end_zone_offset",),
    "offset": ("zone_offset",), "app": ("app_info_id", "app_id", "package_name"),
    "stage_start": ("stage_start_time", "start_time"), "stage_end": ("stage_end_time", "end_time"),
    "stage": ("stage_type", "stage"), "parent": ("parent_key", "parent_id"),
    "exercise": ("exercise_type",), "title": ("title",), "flow": ("flow",),
    "volume": ("volume", "volume_liters"), "caffeine": ("caffeine", "caffeine_grams"),
    "fiber": ("dietary_fiber", "fiber", "dietary_fiber_grams"),
    "meal_name": ("meal_name", "name"), "meal_type": ("meal_type",), "energy": ("energy",),
}  # fmt: skip
#: The schema versions (``PRAGMA user_version``) whose tables and columns gutbrain knows: the
#: spellings above were seen from 9 (older names) to 23 (2026).  A newer or unknown version may
#: have changed what a column means, so it is refused rather than read on trust.
KNOWN_VERSIONS = range(9, 24)
#: AOSP ``MealType``: 0 unknown, 1 breakfast, 2 lunch, 3 dinner, 4 snack.
MEAL_TYPES = {1: "breakfast", 2: "lunch", 3: "dinner", 4: "snack"}
#: Energy is stored in calories (AOSP ``Energy.getInCalories()``); the diary shows kcal.
CALORIES_PER_KCAL = 1000.0


@dataclass
class HealthConnectScan:
    """What one export holds: samples to map, rows read per table, problems."""

    user_version: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    samples: list[HealthSample] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


@contextmanager
def open_database(path: Path) -> Iterator[sqlite3.Connection]:
    """The export's database, read-only (copied out of the zip to a private temp file)."""
    with tempfile.TemporaryDirectory(prefix="gutbrain-hc-") as tmp:
        db_path = path
        try:
            if zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    names = [n for n in archive.namelist() if Path(n).name == DB_NAME]
                    if not names:
                        raise rejected(1, f"this zip has no {DB_NAME}: is it Health Connect's "
                                       "export?", "file")  # fmt: skip
                    db_path = Path(tmp) / DB_NAME
                    with archive.open(names[0]) as src, db_path.open("wb") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
            with path.open("rb") as probe:
                head = probe.read(16)
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise rejected(1, f"cannot read {path.name}: {exc}", "file") from exc
        if db_path == path and head != b"SQLite format 3\x00":
            raise rejected(1, f"{path.name} is neither a zip nor a SQLite database", "file")
        connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
            yield connection
        except sqlite3.DatabaseError as exc:
            raise rejected(1, f"the database cannot be read ({exc})", "file") from exc
        finally:
            connection.close()


class _Table:
    """One record table, its columns resolved by their known spellings."""

    def __init__(self, db: sqlite3.Connection, name: str, apps: dict[Any, str]) -> None:
        self.name = name
        self.columns = {row[1] for row in db.execute(f"PRAGMA table_info('{name}')")}
        self.db = db
        self.apps = apps

    def col(self, key: str) -> str | None:
        return next((c for c in COLUMNS[key] if c in self.columns), None)

    def rows(self, scan: HealthConnectScan, *keys: str) -> Iterator[dict[str, Any]]:
        """Rows as {key: value}; a missing required column rejects the table."""
        wanted = {k.rstrip("?"): self.col(k.rstrip("?")) for k in keys}
        missing = [k for k in keys if not k.endswith("?") and wanted[k] is None]
        if missing:
            scan.problems.append(LineProblem(0, f"{self.name} has no column for "
                                 f"{', '.join(missing)} (schema version {scan.user_version} "
                                 "is not one gutbrain understands)", "table"))  # fmt: skip
            return
        chosen = {k: c for k, c in wanted.items() if c is not None}
        rowid = "row_id" if "row_id" in self.columns else "rowid"
        sql = f"SELECT {rowid}, {', '.join(chosen.values())} FROM {self.name} ORDER BY {rowid}"
        count = 0
        for row in self.db.execute(sql):
            count += 1
            values = dict(zip(chosen, row[1:], strict=True))
            if "app" in values:
                values["app"] = self.apps.get(values["app"], values["app"])
            yield {"row": row[0], **values}
        scan.rows[self.name] = count


def _instant(millis: Any, offset: Any) -> datetime:
    """Epoch milliseconds at their UTC offset (UTC when the row has none)."""
    if not isinstance(millis, int):
        raise ValueError(f"time {millis!r} is not epoch milliseconds")
    seconds = offset if isinstance(offset, int) else 0
    if abs(seconds) > 18 * 3600:
        raise ValueError(f"zone offset {seconds} s is not a UTC offset")
    zone = timezone(timedelta(seconds=seconds))
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=millis)).astimezone(zone)


def _positive(value: Any, what: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or value != value or value < 0:
        raise ValueError(f"{what} {value!r} is not a number ≥ 0")
    return float(value)


def scan_database(path: Path) -> HealthConnectScan:
    """Read every table gutbrain maps; bad rows are problems with table and row id."""
    scan = HealthConnectScan()
    with open_database(path) as db:
        scan.user_version = db.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not any(n.endswith("_record_table") for n in names):
            raise rejected(1, "this database has no Health Connect record tables", "file")
        if scan.user_version not in KNOWN_VERSIONS:
            raise rejected(1, f"Health Connect schema version {scan.user_version} is not one "
                           f"gutbrain knows ({KNOWN_VERSIONS.start}–{KNOWN_VERSIONS.stop - 1}): "
                           "its tables may mean something else, so nothing was imported; "
                           "please report the version so the importer can be checked",
                           "file")  # fmt: skip
        apps = _apps(db, names)
        for name, reader in READERS.items():
            if name in names:
                table = _Table(db, name, apps)
                try:
                    reader(table, scan, names, db)
                except sqlite3.DatabaseError as exc:
                    scan.problems.append(LineProblem(0, f"{name}: {exc}", "table"))
    return scan


def _apps(db: sqlite3.Connection, names: set[str]) -> dict[Any, str]:
    """App ids → names (``application_info_table``), when the export has that table."""
    if "application_info_table" not in names:
        return {}
    columns = {row[1] for row in db.execute("PRAGMA table_info('application_info_table')")}
    label = next((c for c in ("app_name", "package_name") if c in columns), None)
    key = "row_id" if "row_id" in columns else "rowid"
    if label is None:
        return {}
    return {k: str(v) for k, v in db.execute(f"SELECT {key}, {label} FROM application_info_table")}


def _guard(table: _Table, scan: HealthConnectScan, row: dict[str, Any], make: Any) -> None:
    try:
        sample = make(row)
    except (ValueError, KeyError) as exc:
        scan.problems.append(LineProblem(row["row"], f"{table.name}: {exc}", "row"))
        return
    if sample is not None:
        scan.samples.append(sample)


def _interval(row: dict[str, Any], kind: str, **extra: Any) -> HealthSample:
    start = _instant(row["start"], row.get("start_offset"))
    end = _instant(row["end"], row.get("end_offset", row.get("start_offset")))
    tz = None if isinstance(row.get("start_offset"), int) else hs.DIARY_ZONE
    return HealthSample(kind=kind, start=start, end=end, source=str(row.get("app") or ""),
                        line=row["row"], tz=tz, **extra)  # fmt: skip


def _read_sleep(
    table: _Table, scan: HealthConnectScan, names: set[str], db: sqlite3.Connection
) -> None:
    """Sessions with stages: the session is time in bed, the stages say when asleep; a session
    without stages is time asleep."""
    staged: dict[Any, list[dict[str, Any]]] = {}
    stages = _Table(db, "sleep_stages_table", table.apps)
    if "sleep_stages_table" in names:
        for row in stages.rows(scan, "stage_start", "stage_end", "stage", "parent"):
            staged.setdefault(row["parent"], []).append(row)
    for session in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?"):
        rows = staged.get(session["row"], [])
        value = "in bed" if rows else "asleep"
        _guard(table, scan, session, lambda r, v=value: _interval(r, hs.SLEEP, value=v))
        for row in rows:

            def stage(r: dict[str, Any], parent: dict[str, Any] = session) -> HealthSample:
                if r["stage"] not in SLEEP_STAGES:
                    raise ValueError(f"unknown sleep stage {r['stage']!r}")
                span = {**parent, "start": r["stage_start"], "end": r["stage_end"], "row": r["row"]}
                return _interval(span, hs.SLEEP, value=SLEEP_STAGES[r["stage"]])

            _guard(stages, scan, row, stage)


def _read_exercise(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    def make(r: dict[str, Any]) -> HealthSample:
        label = EXERCISE_TYPES.get(r["exercise"]) or (r.get("title") or "").strip() or "workout"
        return _interval(r, hs.WORKOUT, label=label)

    for row in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?",
                          "exercise", "title?"):  # fmt: skip
        _guard(table, scan, row, make)


def _read_flow(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    def make(r: dict[str, Any]) -> HealthSample:
        if r["flow"] not in FLOWS:
            raise ValueError(f"unknown flow {r['flow']!r}")
        moment = _instant(r["time"], r.get("offset"))
        return HealthSample(kind=hs.MENSTRUATION, start=moment, end=moment,
                            source=str(r.get("app") or ""), line=r["row"], value=FLOWS[r["flow"]])  # fmt: skip

    for row in table.rows(scan, "time", "offset?", "app?", "flow"):
        _guard(table, scan, row, make)


def _read_periods(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    """Period records (intervals) become one flow day each, the first marked as cycle start."""
    for row in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?"):

        def make(r: dict[str, Any]) -> None:
            span = _interval(r, hs.MENSTRUATION, value="unspecified")
            if span.end < span.start or span.end - span.start > timedelta(days=14):
                raise ValueError("a period must end within 14 days of its start")
            day = span.start
            while day.date() <= span.end.date():
                scan.samples.append(HealthSample(
                    kind=hs.MENSTRUATION, start=day, end=day, source=span.source, line=span.line,
                    value="unspecified", cycle_start=day == span.start))  # fmt: skip
                day += timedelta(days=1)

        _guard(table, scan, row, make)


def _read_hydration(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    def make(r: dict[str, Any]) -> HealthSample:
        litres = _positive(r["volume"], "volume")
        return _interval(r, hs.WATER, amount=None if litres is None else litres * 1000)

    for row in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?", "volume"):
        _guard(table, scan, row, make)


def _read_nutrition(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    """A named meal becomes one food sample carrying its energy, caffeine and fiber; an
    unnamed record gives caffeine and fiber samples (stored in grams)."""
    for row in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?",
                          "caffeine?", "fiber?", "meal_name?", "meal_type?", "energy?"):  # fmt: skip
        if isinstance(row.get("meal_name"), str) and row["meal_name"].strip():
            _guard(table, scan, row, _meal)
            continue
        for key, kind, factor in (("caffeine", hs.CAFFEINE, 1000.0), ("fiber", hs.FIBER, 1.0)):
            if row.get(key) is None:
                continue

            def make(r: dict[str, Any], key: str = key, kind: str = kind,
                     factor: float = factor) -> HealthSample:  # fmt: skip
                grams = _positive(r[key], key)
                return _interval(r, kind, amount=None if grams is None else grams * factor)

            _guard(table, scan, row, make)


def _meal(row: dict[str, Any]) -> HealthSample:
    energy = _positive(row.get("energy"), "energy")
    nutrients = {
        "energy_kcal": None if energy is None else round(energy / CALORIES_PER_KCAL, 1),
        "caffeine_mg": _scaled(row.get("caffeine"), "caffeine", 1000.0),
        "fiber_g": _scaled(row.get("fiber"), "fiber", 1.0),
    }
    meal_type = row.get("meal_type")
    return _interval(row, hs.MEAL, label=row["meal_name"].strip(),
                     value=MEAL_TYPES.get(meal_type) if isinstance(meal_type, int) else None,
                     nutrients=tuple((k, v) for k, v in nutrients.items() if v is not None))  # fmt: skip


def _scaled(value: Any, what: str, factor: float) -> float | None:
    grams = _positive(value, what)
    return None if grams is None else round(grams * factor, 3)


def _read_mindful(table: _Table, scan: HealthConnectScan, *_: Any) -> None:
    for row in table.rows(scan, "start", "end", "start_offset?", "end_offset?", "app?"):
        _guard(table, scan, row, lambda r: _interval(r, hs.MINDFUL))


READERS = {
    "sleep_session_record_table": _read_sleep,
    "exercise_session_record_table": _read_exercise,
    "menstruation_flow_record_table": _read_flow,
    "menstruation_period_record_table": _read_periods,
    "hydration_record_table": _read_hydration,
    "nutrition_record_table": _read_nutrition,
    "mindfulness_session_record_table": _read_mindful,
}
