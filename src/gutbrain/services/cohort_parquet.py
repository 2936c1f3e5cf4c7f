"""Cohort snapshot files: one pair of Parquet files per partition of diaries.

Layout of a snapshot folder::

    manifest.json                 format, creation time, diaries and partitions
    days/part-00000.parquet       one row per diary: first_day and its day arrays
    exposures/part-00000.parquet  one row per diary × factor: the day indices it was logged

Diaries are identified by their opaque id only (no names, no entry text): the per-day arrays
and factor names are what cohort analysis needs and all that leaves the store.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from gutbrain.analysis.cohort.tables import DiaryArrays
from gutbrain.analysis.exposures import Factor
from gutbrain.domain.errors import GutbrainError

FORMAT = "gutbrain-cohort-snapshot/1"
DAY_FIELDS = ("covered", "event_day", "onset", "at_risk")


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


def _list_array(parts: Sequence[np.ndarray[Any, Any]], value_type: pa.DataType) -> pa.ListArray:
    sizes = np.fromiter((p.size for p in parts), dtype=np.int32, count=len(parts))
    offsets = np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))).astype(np.int32)
    values = np.concatenate(parts) if parts else np.zeros(0)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values, type=value_type))


def write_partition(folder: Path, index: int, diaries: Sequence[DiaryArrays]) -> int:
    """Write one partition (both files, each atomically); returns the number of diaries."""
    days = pa.table(
        {
            "diary": pa.array([d.diary for d in diaries], pa.string()),
            "first_day": pa.array([d.first_day for d in diaries], pa.date32()),
            **{f: _list_array([getattr(d, f) for d in diaries], pa.bool_()) for f in DAY_FIELDS},
        }
    )
    rows = [(d.diary, f, d.present[j]) for d in diaries for j, f in enumerate(d.factors)]
    exposures = pa.table(
        {
            "diary": pa.array([r[0] for r in rows], pa.string()),
            "factor": pa.array([r[1].name for r in rows], pa.string()),
            "kind": pa.array([r[1].kind for r in rows], pa.string()),
            "days": _list_array([np.flatnonzero(r[2]).astype(np.int32) for r in rows], pa.int32()),
        }
    )
    for sub, table in (("days", days), ("exposures", exposures)):
        target = folder / sub / part_name(index)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        pq.write_table(table, tmp)
        tmp.replace(target)
    return len(diaries)


def _lists(column: pa.ChunkedArray) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    arr = column.combine_chunks()
    return np.asarray(arr.offsets), arr.values.to_numpy(zero_copy_only=False)


def read_partition(folder: Path, index: int) -> list[DiaryArrays]:
    """Every diary of one partition, as the arrays ``person_tables`` takes."""
    days = pq.read_table(folder / "days" / part_name(index))
    exp = pq.read_table(folder / "exposures" / part_name(index))
    day_lists = {f: _lists(days[f]) for f in DAY_FIELDS}
    e_off, e_days = _lists(exp["days"])
    e_diary = exp["diary"].to_pylist()
    e_factor = exp["factor"].to_pylist()
    e_kind = exp["kind"].to_pylist()
    by_diary: dict[str, list[int]] = {}
    for i, d in enumerate(e_diary):
        by_diary.setdefault(d, []).append(i)
    out = []
    for i, (diary, first) in enumerate(
        zip(days["diary"].to_pylist(), days["first_day"].to_pylist(), strict=True)
    ):
        arrays = {f: v[o[i] : o[i + 1]].astype(bool) for f, (o, v) in day_lists.items()}
        n = arrays["covered"].size
        rows = by_diary.get(diary, [])
        present = np.zeros((len(rows), n), dtype=bool)
        for j, r in enumerate(rows):
            present[j, e_days[e_off[r] : e_off[r + 1]]] = True
        factors = tuple(Factor(e_factor[r], e_kind[r]) for r in rows)
        out.append(DiaryArrays(diary, first, **arrays, factors=factors, present=present))
    return out


def write_manifest(folder: Path, partitions: int, diaries: int, source: str) -> None:
    data = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "partitions": partitions,
        "diaries": diaries,
    }
    (folder / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not path.is_file():
        raise GutbrainError(f"{folder} is not a cohort snapshot (no manifest.json)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise GutbrainError(f"{path}: unknown snapshot format {data.get('format')!r}")
    return data


def arrays_to_json(arrays: DiaryArrays | None) -> str:
    """One diary's snapshot arrays as compact JSON for the result cache (bits packed)."""
    if arrays is None:
        return "null"

    def bits(a: np.ndarray[Any, Any]) -> str:
        return base64.b64encode(np.packbits(a).tobytes()).decode()

    return json.dumps({
        "first_day": arrays.first_day.isoformat(), "n": int(arrays.covered.size),
        **{f: bits(getattr(arrays, f)) for f in DAY_FIELDS},
        "factors": [[f.name, f.kind, bits(arrays.present[j])]
                    for j, f in enumerate(arrays.factors)],
    })  # fmt: skip


def arrays_from_json(diary: str, text: str) -> DiaryArrays | None:
    """The inverse of ``arrays_to_json``, under the diary's opaque id."""
    data = json.loads(text)
    if data is None:
        return None
    n = int(data["n"])

    def unbits(b: str) -> np.ndarray[Any, Any]:
        raw = np.frombuffer(base64.b64decode(b), dtype=np.uint8)
        return np.unpackbits(raw, count=n).astype(bool)

    factors = tuple(Factor(name, kind) for name, kind, _ in data["factors"])
    present = np.array([unbits(b) for _, _, b in data["factors"]], dtype=bool).reshape(-1, n)
    return DiaryArrays(diary, date.fromisoformat(data["first_day"]),
                       **{f: unbits(data[f]) for f in DAY_FIELDS},
                       factors=factors, present=present)  # fmt: skip
