"""One internal model for every microbiome format: a sample is a list of taxa at known ranks.

``abundance_kind`` says what the numbers are, because they are not comparable across kinds:
MetaPhlAn reports genome-size-normalised *cell* fractions, Kraken 2/Bracken *read* counts, BIOM
tables counts (or whatever the producing pipeline stored), a generic CSV relative abundances.
gutbrain never sums, averages or trends values of different kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gutbrain.domain.errors import GutbrainError

RANKS = ("domain", "kingdom", "phylum", "class", "order", "family", "genus", "species", "strain")

#: MetaPhlAn/QIIME/Greengenes prefixes and Kraken rank codes → rank names.
PREFIX_RANK = {
    "d": "domain",
    "k": "kingdom",
    "p": "phylum",
    "c": "class",
    "o": "order",
    "f": "family",
    "g": "genus",
    "s": "species",
    "t": "strain",
}
KRAKEN_RANK = {
    "D": "domain",
    "K": "kingdom",
    "P": "phylum",
    "C": "class",
    "O": "order",
    "F": "family",
    "G": "genus",
    "S": "species",
}

ABUNDANCE_KINDS = ("cell_fraction", "read_count", "count", "relative")


class MicrobiomeFormatError(GutbrainError):
    """A microbiome file that cannot be read (names the line and the reason)."""


@dataclass(frozen=True, slots=True)
class Taxon:
    """One taxon of a sample.

    Attributes:
        name: the taxon name without rank prefix ("Bifidobacterium adolescentis").
        rank: one of ``RANKS``.
        value: abundance in the sample's ``abundance_kind``.
        taxid: NCBI taxonomy id when the format gives one.
        lineage: names from the top down, when known (for matching genus of a species).
    """

    name: str
    rank: str
    value: float
    taxid: int | None = None
    lineage: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "rank": self.rank,
            "value": self.value,
            "taxid": self.taxid,
            "lineage": list(self.lineage),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Taxon:
        return cls(
            name=str(data["name"]),
            rank=str(data["rank"]),
            value=float(data["value"]),
            taxid=None if data.get("taxid") is None else int(data["taxid"]),
            lineage=tuple(data.get("lineage") or ()),
        )


@dataclass(frozen=True, slots=True)
class Profile:
    """One sample as read from a file."""

    sample_id: str
    source_format: str
    abundance_kind: str
    taxa: tuple[Taxon, ...]
    db_version: str = ""
    collected_on: date | None = None

    def at_rank(self, rank: str) -> tuple[Taxon, ...]:
        return tuple(t for t in self.taxa if t.rank == rank and t.value > 0)

    @property
    def diversity_rank(self) -> str:
        """The finest rank with data: species, else genus, else the finest rank present."""
        present = {t.rank for t in self.taxa if t.value > 0}
        for rank in ("species", "genus", *reversed(RANKS)):
            if rank in present:
                return rank
        raise MicrobiomeFormatError(f"sample {self.sample_id!r} has no taxa with abundance > 0")
