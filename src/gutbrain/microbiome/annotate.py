"""Taxa the literature links to migraine, found in a sample — context, never a diagnosis.

The table (``data/migraine_taxa.csv``) copies direction, effect and citation from the
reference (shared/reference/domain.md §3.1).  Effects are population-level (mostly Mendelian
randomisation odds ratios per genetically predicted unit): they are not thresholds for one
person's test, and names differ between pipelines, so matches are by normalised name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from gutbrain.microbiome.model import Profile

DISCLAIMER = (
    "Population studies, not a diagnosis: these associations come from group comparisons and "
    "genetic studies, and do not say what your own levels mean for your migraine."
)


@dataclass(frozen=True, slots=True)
class LiteratureTaxon:
    taxon: str
    rank: str
    direction: str
    effect: str
    design: str
    source: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """A literature taxon present in the sample, with its share of the sample at that rank."""

    literature: LiteratureTaxon
    value: float
    share: float | None


def _norm(name: str) -> str:
    name = re.sub(r"^[a-z]__", "", name.strip().lower())
    name = name.replace("[", "").replace("]", "").replace("_", " ")
    return " ".join(name.split())


def literature_taxa(path: Path | None = None) -> list[LiteratureTaxon]:
    source = path or Path(
        str(resources.files("gutbrain.microbiome") / "data" / "migraine_taxa.csv")
    )
    with source.open(newline="", encoding="utf-8") as handle:
        return [
            LiteratureTaxon(
                r["taxon"], r["rank"], r["direction"], r["effect"], r["design"], r["source"]
            )
            for r in csv.DictReader(handle)
        ]


def annotate(profile: Profile, table: list[LiteratureTaxon] | None = None) -> list[Annotation]:
    """Literature taxa found in the sample (by name at the same rank)."""
    out = []
    for lit in table or literature_taxa():
        taxa = profile.at_rank(lit.rank)
        total = sum(t.value for t in taxa)
        hits = [t for t in taxa if _norm(t.name) == _norm(lit.taxon)]
        if hits:
            value = sum(t.value for t in hits)
            out.append(Annotation(lit, value, value / total if total else None))
    return out
