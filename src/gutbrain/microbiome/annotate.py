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


#: Ranks of a full k…s lineage (MetaPhlAn, BIOM taxonomy metadata).
LINEAGE_RANKS = ("kingdom", "phylum", "class", "order", "family", "genus", "species")


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
        values = _values_at(profile, lit.rank)
        total = sum(values.values())
        value = values.get(_norm(lit.taxon))
        if value:
            out.append(Annotation(lit, value, value / total if total else None))
    return out


def _values_at(profile: Profile, rank: str) -> dict[str, float]:
    """Abundance per normalised name at ``rank``; a profile listing only species (BIOM, CSV,
    Bracken) is rolled up through each species' lineage (or its genus word)."""
    direct = profile.at_rank(rank)
    values: dict[str, float] = {}
    if direct:
        for t in direct:
            values[_norm(t.name)] = values.get(_norm(t.name), 0.0) + t.value
        return values
    for t in profile.at_rank("species"):
        lineage = [_norm(n) for n in t.lineage]
        if len(lineage) == len(LINEAGE_RANKS) and rank in LINEAGE_RANKS:
            name = lineage[LINEAGE_RANKS.index(rank)]
        elif rank == "genus":
            name = _norm(t.name).split(" ")[0]
        else:
            continue
        values[name] = values.get(name, 0.0) + t.value
    return values
