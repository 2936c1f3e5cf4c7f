"""Apple Health import on synthetic exports of 50 k, 1 M and 2.5 M records (≈ 1 GB).

For each size: writes an export.xml with ``gen_apple_health`` (seeded, Apple's DTD, deleted
afterwards), then in fresh processes
  - the floor: a bare stdlib ``xml.etree.ElementTree.iterparse`` that only counts ``Record``
    elements (clearing each), and
  - the import service behind ``gutbrain import apple-health`` into a new diary file (timed
    from the call; start-up and creating the diary are reported separately),
and prints wall time, the ratio to the floor (target ≤ 1.5×), peak RSS (target ≤ 300 MiB),
and checks that the record count and the entries made match the generator's manifest exactly.

``--bad N`` appends N (at most 1,680) distinct bad records to the XML before ``</HealthData>`` (a sleep sample ending
before it starts, a headache on 30 February, caffeine in an unknown unit, in turn): the import
must skip and list exactly those, with their lines, and make every other entry.  The import is
then run again on the same diary (``--reimport``): it must add and update nothing.

Run: .tools/bin/uv run --locked python benchmarks/bench_import_apple_health.py [SIZES...] [--zip]
     [--bad N] [--reimport]
     (sizes in records, e.g. 50000 1000000; default 50000 1000000 2500000; --zip: the
     export.zip as the phone shares it, both sides streaming the member out of the zip)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from gen_apple_health import generate

FLOOR = r"""
import resource, sys, time, zipfile
import xml.etree.ElementTree as ET
t0 = time.perf_counter()
n = 0
source = sys.argv[1]
if source.endswith(".zip"):
    source = zipfile.ZipFile(source).open("apple_health_export/export.xml")
for _event, element in ET.iterparse(source, events=("end",)):
    if element.tag == "Record":
        n += 1
    element.clear()
print(f"RESULT {time.perf_counter() - t0:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} {n}")
"""

IMPORT = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from gutbrain.services import diary as svc, imports
from gutbrain.settings import Settings
ctx = svc.open_context(Settings.from_env(db=Path(sys.argv[1]), timezone="Europe/Berlin"))
t1 = time.perf_counter()
result = imports.import_apple_health(ctx, Path(sys.argv[2]))
t2 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
again, t3 = None, t2
if sys.argv[3:] == ["reimport"]:
    again = imports.import_apple_health(ctx, Path(sys.argv[2])).as_json()
    t3 = time.perf_counter()
print(json.dumps({**result.as_json(), "again": again}))
print(f"RESULT {t2 - t1:.3f} {rss:.1f} {t2 - t0:.3f} {t3 - t2:.3f}")
"""

#: Bad records appended by ``--bad`` (in turn), with the reason the import must give.
BAD = [
    ('<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Bench" '
     'startDate="2020-01-{d:02d} 06:{m:02d}:00 +0100" endDate="2020-01-{d:02d} 05:{m:02d}:00 +0100" '
     'value="HKCategoryValueSleepAnalysisAsleepCore"/>', "sleep ends before it starts"),
    ('<Record type="HKCategoryTypeIdentifierHeadache" sourceName="Bench" '
     'startDate="2020-02-30 10:00:00 +0100" endDate="2020-02-30 11:00:00 +0100" '
     'value="HKCategoryValueSeverityModerate"/>', "2020-02-30"),
    ('<Record type="HKQuantityTypeIdentifierDietaryCaffeine" sourceName="Bench" unit="bucket" '
     'startDate="2020-01-{d:02d} 08:{m:02d}:00 +0100" endDate="2020-01-{d:02d} 08:{m:02d}:00 +0100" '
     'value="1"/>', "unit 'bucket'"),
]  # fmt: skip


def inject_bad(xml: Path, n: int) -> dict[int, str]:
    """Append ``n`` bad records before ``</HealthData>``; their lines and expected reasons."""
    closing = b"</HealthData>\n"
    with xml.open("r+b") as f:
        f.seek(-len(closing), 2)
        assert f.read() == closing
        end = f.seek(-len(closing), 2)
        f.seek(0)
        lines = 0
        while f.tell() < end:
            lines += f.read(min(1 << 24, end - f.tell())).count(b"\n")
        f.seek(end)
        f.truncate()
        expected = {}
        for i in range(n):
            record, reason = BAD[i % len(BAD)]
            f.write(f" {record.format(d=1 + i // 60 % 28, m=i % 60)}\n".encode())
            expected[lines + 1 + i] = reason
        f.write(closing)
    return expected


def _run(code: str, *args: str) -> tuple[list[float], str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    return [float(v) for v in line.split()[1:]], done.stdout


def bench(records: int, folder: Path, zipped: bool = False, bad: int = 0,
          reimport: bool = False) -> dict[str, float]:  # fmt: skip
    xml = folder / f"export_{records}.{'zip' if zipped else 'xml'}"
    began = time.perf_counter()
    manifest = generate(xml, records)
    wanted_bad = inject_bad(xml, bad) if bad else {}
    made_in = time.perf_counter() - began
    size_mb = xml.stat().st_size / 2**20
    (floor_s, floor_rss, floor_n), _ = _run(FLOOR, str(xml))
    (ours_s, ours_rss, whole_s, again_s), out = _run(
        IMPORT, str(folder / f"d{records}.sqlite"), str(xml), *(["reimport"] if reimport else [])
    )
    report = json.loads(out[: out.index("RESULT")])
    listed = {b["position"]: b["reason"] for b in report["bad_records"]}
    bad_ok = listed.keys() == wanted_bad.keys() and all(
        why in listed[line] for line, why in wanted_bad.items()
    )
    again = report["again"]
    again_ok = again is None or (again["added"], again["updated"]) == (0, 0)
    made: dict[str, int] = {}
    for kind, n in report["by_kind"].items():
        made[kind] = n
    expected: dict[str, int] = {}
    for key, n in manifest.entries.items():
        kind = key.split(":")[0]
        expected[kind] = expected.get(kind, 0) + n
    exact = (
        int(floor_n) == manifest.records + bad == report["read"]["records"]
        and report["read"]["workouts"] == manifest.workouts
        and made == dict(sorted(expected.items()))
        and report["added"] == sum(expected.values())
    )
    xml.unlink()
    print(
        f"{records:>9,} records  {size_mb:7.1f} MiB{' zip' if zipped else ''}  "
        f"(generated in {made_in:5.1f} s)\n"
        f"    floor: iterparse count   {floor_s:7.2f} s   peak RSS {floor_rss:7.1f} MiB\n"
        f"    gutbrain import          {ours_s:7.2f} s   peak RSS {ours_rss:7.1f} MiB   "
        f"ratio {ours_s / floor_s:4.2f}×   entries {report['added']:,}   "
        f"counts {'exact' if exact else 'WRONG'}\n"
        f"    … with start-up and a new diary (imports, migrations) {whole_s:7.2f} s   "
        f"ratio {whole_s / floor_s:4.2f}×"
        + (
            f"\n    bad records injected {bad:,}: listed {len(listed):,} with their lines, "
            f"{'exactly those' if bad_ok else 'WRONG'}"
            if bad
            else ""
        )
        + (
            f"\n    re-import {again_s:7.2f} s: added {again['added']}, updated "
            f"{again['updated']} ({'nothing' if again_ok else 'WRONG'})"
            if again
            else ""
        ),
        flush=True,
    )
    if not exact:
        print(f"    expected {expected} / {manifest}\n    got {report}", flush=True)
    return {"ratio": ours_s / floor_s, "whole": whole_s / floor_s, "rss": ours_rss,
            "exact": float(exact and bad_ok and again_ok)}  # fmt: skip


def main() -> None:
    args = sys.argv[1:]
    zipped, reimport = "--zip" in args, "--reimport" in args
    bad = int(args[args.index("--bad") + 1]) if "--bad" in args else 0
    if bad and zipped:
        raise SystemExit("--bad injects into the XML: leave out --zip")
    numbers = [a for i, a in enumerate(args) if a.isdigit() and (i == 0 or args[i - 1] != "--bad")]
    sizes = [int(a) for a in numbers] or [50_000, 1_000_000, 2_500_000]
    with tempfile.TemporaryDirectory(prefix="gutbrain-bench-ah-") as tmp:
        results = [bench(n, Path(tmp), zipped, bad, reimport) for n in sizes]
    worst = max(r["ratio"] for r in results)
    peak = max(r["rss"] for r in results)
    whole = max(r["whole"] for r in results)
    print(
        f"worst ratio {worst:.2f}× (target ≤ 1.5×; {whole:.2f}× counting start-up), peak RSS {peak:.0f} MiB (target ≤ 300 MiB), "
        f"counts {'all exact' if all(r['exact'] for r in results) else 'NOT exact'}"
    )


if __name__ == "__main__":
    main()
