"""Microbiome results: import, diversity over time, and literature context.

* ``read_profiles(path, fmt=None) -> list[Profile]`` — MetaPhlAn, Kraken 2, Bracken, BIOM
  (JSON/HDF5) and generic ``taxid,name,abundance`` CSV into one model (``model.Profile``).
* ``diversity(profile) -> Diversity`` — Shannon (nats), Simpson (1 − Σp²), observed richness at
  the finest rank with data, cross-checked against scikit-bio in the tests.
* ``annotate(profile)`` — taxa linked to migraine in the literature (direction, effect,
  citation) as context, never a diagnosis.
Abundance kinds (cell fractions, read counts, counts, relative) are never mixed.
"""

from __future__ import annotations

from gutbrain.microbiome.annotate import DISCLAIMER, Annotation, annotate
from gutbrain.microbiome.diversity import Diversity, diversity, shannon, simpson
from gutbrain.microbiome.model import MicrobiomeFormatError, Profile, Taxon
from gutbrain.microbiome.readers import FORMATS, read_profiles

__all__ = [
    "DISCLAIMER",
    "FORMATS",
    "Annotation",
    "Diversity",
    "MicrobiomeFormatError",
    "Profile",
    "Taxon",
    "annotate",
    "diversity",
    "read_profiles",
    "shannon",
    "simpson",
]
