"""Apple Health import on synthetic exports of 50 k, 1 M and 2.5 M records (≈ 1 GB).

For each size: writes an export.xml with ``gen_apple_health`` (seeded, Apple's DTD, deleted
afterwards), then in fresh processes
  - the floor: a bare stdlib ``xml.etree.ElementTree.iterparse`` that only counts ``Record``
    elements (clearing each), and
  - the import service behind ``gutbrain import apple-health`` into a new diary file (timed
    from the call; start-up and creating the diary are reported separately),
and prints wall time, the ratio to the floor (target ≤ 1.5×), peak RSS (target ≤ 300 MiB),
and checks that the record count and the entries made match the generator's manifest exactly.

Run: .tools/bin/uv run --locked python benchmarks/bench_import_apple_health.py [SIZES...] [--zip]
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
print(json.dumps(result.as_json()))
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT {t2 - t1:.3f} {rss:.1f} {t2 - t0:.3f}")
"""


def _run(code: str, *args: str) -> tuple[list[float], str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    return [float(v) for v in line.split()[1:]], done.stdout


def bench(records: int, folder: Path, zipped: bool = False) -> dict[str, float]:
    xml = folder / f"export_{records}.{'zip' if zipped else 'xml'}"
    began = time.perf_counter()
    manifest = generate(xml, records)
    made_in = time.perf_counter() - began
    size_mb = xml.stat().st_size / 2**20
    (floor_s, floor_rss, floor_n), _ = _run(FLOOR, str(xml))
    (ours_s, ours_rss, whole_s), out = _run(IMPORT, str(folder / f"d{records}.sqlite"), str(xml))
    report = json.loads(out[: out.index("RESULT")])
    made: dict[str, int] = {}
    for kind, n in report["by_kind"].items():
        made[kind] = n
    expected: dict[str, int] = {}
    for key, n in manifest.entries.items():
        kind = key.split(":")[0]
        expected[kind] = expected.get(kind, 0) + n
    exact = (
        int(floor_n) == manifest.records == report["read"]["records"]
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
        f"ratio {whole_s / floor_s:4.2f}×",
        flush=True,
    )
    if not exact:
        print(f"    expected {expected} / {manifest}\n    got {report}", flush=True)
    return {"ratio": ours_s / floor_s, "whole": whole_s / floor_s, "rss": ours_rss,
            "exact": float(exact)}  # fmt: skip


def main() -> None:
    zipped = "--zip" in sys.argv
    sizes = [int(a) for a in sys.argv[1:] if a != "--zip"] or [50_000, 1_000_000, 2_500_000]
    with tempfile.TemporaryDirectory(prefix="gutbrain-bench-ah-") as tmp:
        results = [bench(n, Path(tmp), zipped) for n in sizes]
    worst = max(r["ratio"] for r in results)
    peak = max(r["rss"] for r in results)
    whole = max(r["whole"] for r in results)
    print(
        f"worst ratio {worst:.2f}× (target ≤ 1.5×; {whole:.2f}× counting start-up), peak RSS {peak:.0f} MiB (target ≤ 300 MiB), "
        f"counts {'all exact' if all(r['exact'] for r in results) else 'NOT exact'}"
    )


if __name__ == "__main__":
    main()
