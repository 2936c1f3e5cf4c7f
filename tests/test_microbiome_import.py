"""Microbiome import: every format → one model, diversity equal to scikit-bio's."""

from __future__ import annotations

from pathlib import Path

import pytest
from skbio.diversity import alpha

from gutbrain.microbiome import MicrobiomeFormatError, annotate, diversity, read_profiles
from gutbrain.microbiome.diversity import observed, shannon, simpson

DATA = Path(__file__).parent / "data" / "microbiome"
COUNTS = [3000, 1500, 600, 1200, 800, 200, 400, 100]  # the species written into every file
FILES = {
    "sample.metaphlan.tsv": ("metaphlan", "cell_fraction"),
    "sample.kreport": ("kraken2", "read_count"),
    "sample.bracken.tsv": ("bracken", "read_count"),
    "sample.biom.json": ("biom", "count"),
    "sample.biom": ("biom", "count"),
    "sample.csv": ("csv", "relative"),
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_format_imports_with_its_kind_and_skbio_diversity(name: str) -> None:
    fmt, kind = FILES[name]
    profile = read_profiles(DATA / name)[0]
    assert (profile.source_format, profile.abundance_kind) == (fmt, kind)
    species = [t.value for t in profile.at_rank("species")]
    assert len(species) == len(COUNTS)
    result = diversity(profile)
    assert result.rank == "species"
    assert result.shannon == pytest.approx(alpha.shannon(species), abs=1e-9)
    assert result.simpson == pytest.approx(alpha.simpson(species), abs=1e-9)
    assert result.observed == alpha.observed_features(species) == 8
    # …and every file holds the same community.
    assert result.shannon == pytest.approx(alpha.shannon(COUNTS), abs=1e-4)


def test_metaphlan_keeps_database_version() -> None:
    assert read_profiles(DATA / "sample.metaphlan.tsv")[0].db_version.startswith("mpa_vJun23")


def test_kraken_strain_rows_stay_out_of_species_diversity() -> None:
    profile = read_profiles(DATA / "sample.kreport")[0]
    names = [t.name for t in profile.at_rank("species")]
    assert "Faecalibacterium prausnitzii A2-165" not in names


def test_biom_gives_one_profile_per_sample() -> None:
    visits = read_profiles(DATA / "sample.biom")
    assert [p.sample_id for p in visits] == ["visit1", "visit2"]
    assert diversity(visits[1]).observed == 7


@pytest.mark.parametrize(
    "values", [[10, 20, 30, 40], [1, 1, 1, 1, 1], [5], [0.5, 0.25, 0.25], [100, 0, 3, 0, 7]]
)
def test_metrics_match_skbio_on_plain_vectors(values: list[float]) -> None:
    assert shannon(values) == pytest.approx(alpha.shannon(values), abs=1e-12)
    assert shannon(values, base=2) == pytest.approx(alpha.shannon(values, base=2), abs=1e-12)
    assert simpson(values) == pytest.approx(alpha.simpson(values), abs=1e-12)
    assert observed(values) == alpha.observed_features([int(v > 0) for v in values])


def test_literature_taxa_are_annotated_with_citations() -> None:
    profile = read_profiles(DATA / "sample.metaphlan.tsv")[0]
    found = {a.literature.taxon: a for a in annotate(profile)}
    assert {"Bifidobacterium", "Agathobacter", "Faecalibacterium", "Blautia"} <= set(found)
    bifido = found["Bifidobacterium"]
    assert bifido.literature.direction == "protective" and "Yang" in bifido.literature.source
    assert bifido.share == pytest.approx(1200 / 7800, rel=1e-4)


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("k__Bacteria\t2\tlots\n", "metaphlan", "line 1: relative_abundance 'lots'"),
        ("k__Bacteria\t2\n", "metaphlan", "line 1: expected clade"),
        ("1.0\t10\t0\tS\t853\n", "kraken2", r"line 1: .* 6 \(or 8\)"),
        ("name,abundance\nFoo,-3\n", "csv", "line 2: abundance -3 is negative"),
        ("taxid,abundance\n1,2\n", "csv", "needs the columns"),
    ],
)
def test_bad_files_name_the_line(tmp_path: Path, text: str, fmt: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text)
    with pytest.raises(MicrobiomeFormatError, match=message):
        read_profiles(path, fmt)


def test_unrecognised_and_missing_files(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(MicrobiomeFormatError, match="format not recognised"):
        read_profiles(path)
    with pytest.raises(MicrobiomeFormatError, match="no such file"):
        read_profiles(tmp_path / "absent.tsv")
    broken = tmp_path / "x.biom"
    broken.write_text("{not json")
    with pytest.raises(MicrobiomeFormatError, match="BIOM"):
        read_profiles(broken)


@pytest.mark.parametrize("name", sorted(FILES))
def test_genus_context_is_found_in_every_format(name: str) -> None:
    """Species-only formats (BIOM, CSV, Bracken) are rolled up to genus for the context."""
    profile = read_profiles(DATA / name)[0]
    found = {a.literature.taxon: a for a in annotate(profile)}
    assert found["Bifidobacterium"].share == pytest.approx(1200 / 7800, rel=1e-3)
    assert "Agathobacter" in found and "Faecalibacterium" in found
