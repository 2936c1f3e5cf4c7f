"""Microbiome use cases: import a result file into the diary, list samples with their
diversity over time (never mixing abundance kinds), and the literature context."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gutbrain.microbiome import DISCLAIMER as DISCLAIMER
from gutbrain.microbiome import FORMATS as FORMATS
from gutbrain.microbiome import annotate, diversity, read_profiles
from gutbrain.microbiome.model import Profile, Taxon
from gutbrain.services import diary as svc
from gutbrain.store.repo import MicrobiomeSample


def _metrics(profile: Profile) -> dict[str, Any]:
    result: dict[str, Any] = dict(diversity(profile).to_json())
    result["annotations"] = [
        {
            "taxon": a.literature.taxon,
            "rank": a.literature.rank,
            "value": a.value,
            "share": a.share,
            "direction": a.literature.direction,
            "effect": a.literature.effect,
            "design": a.literature.design,
            "source": a.literature.source,
        }
        for a in annotate(profile)
    ]
    return result


def import_microbiome(
    ctx: svc.Context, path: Path, *, fmt: str | None = None, collected_on: date | None = None
) -> list[MicrobiomeSample]:
    """Read every sample of a file, compute diversity and annotations, store them.

    Everything is read and computed before anything is stored, so a bad file stores nothing.
    """
    profiles = read_profiles(path, fmt)
    computed = [(p, _metrics(p)) for p in profiles]
    return [
        svc.add_microbiome_sample(
            ctx,
            collected_on=collected_on or p.collected_on,
            label=f"{path.name}:{p.sample_id}" if len(profiles) > 1 else path.name,
            source_format=p.source_format,
            abundance_kind=p.abundance_kind,
            db_version=p.db_version,
            taxa=[t.to_json() for t in p.taxa],
            metrics=metrics,
        )
        for p, metrics in computed
    ]


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    sample: MicrobiomeSample
    shannon: float
    change: float | None  # vs the previous sample of the same abundance kind


def diversity_over_time(samples: list[MicrobiomeSample]) -> dict[str, list[SeriesPoint]]:
    """Shannon per sample, grouped by abundance kind (cell fractions and read counts are
    different measurements: their values are never compared)."""
    series: dict[str, list[SeriesPoint]] = {}
    for sample in sorted(samples, key=lambda s: (s.collected_on or date.min, s.label)):
        points = series.setdefault(sample.abundance_kind, [])
        value = float(sample.metrics.get("shannon", 0.0))
        change = None if not points else value - points[-1].shannon
        points.append(SeriesPoint(sample, value, change))
    return series


def list_microbiome(ctx: svc.Context) -> dict[str, list[SeriesPoint]]:
    return diversity_over_time(svc.list_microbiome_samples(ctx))


def sample_profile(sample: MicrobiomeSample) -> Profile:
    """Rebuild the model of a stored sample (e.g. to re-annotate with a newer table)."""
    return Profile(
        sample_id=sample.label,
        source_format=sample.source_format,
        abundance_kind=sample.abundance_kind,
        taxa=tuple(Taxon.from_json(t) for t in sample.taxa),
        db_version=sample.db_version,
        collected_on=sample.collected_on,
    )
