"""Readers for MetaPhlAn profiles, Kraken 2 and Bracken reports, BIOM (JSON and HDF5 via
``biom-format``) and a generic ``taxid,name,abundance`` CSV.  Each returns ``Profile``s in the
one internal model; formats are described in shared/reference/domain.md §3.2."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from gutbrain.microbiome.model import (
    KRAKEN_RANK,
    PREFIX_RANK,
    MicrobiomeFormatError,
    Profile,
    Taxon,
)

FORMATS = ("metaphlan", "kraken2", "bracken", "biom", "csv")


def _number(text: str, where: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise MicrobiomeFormatError(f"{where}: {what} {text!r} is not a number") from None
    if value < 0:
        raise MicrobiomeFormatError(f"{where}: {what} {value:g} is negative")
    return value


def _taxid(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


def read_metaphlan(text: str, name: str = "sample") -> list[Profile]:
    """MetaPhlAn 3/4 profile: ``#clade_name  NCBI_tax_id  relative_abundance  …``."""
    db_version = ""
    taxa: list[Taxon] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if "mpa_" in line and not db_version:
                db_version = line.lstrip("#").strip()
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise MicrobiomeFormatError(
                f"line {number}: expected clade, taxid and abundance separated by tabs"
            )
        clade = cols[0].split("|")
        last = clade[-1]
        prefix, _, taxon = last.partition("__")
        if prefix == "UNCLASSIFIED" or last == "UNCLASSIFIED":
            continue
        if prefix not in PREFIX_RANK or not taxon:
            raise MicrobiomeFormatError(f"line {number}: clade {last!r} has no rank prefix (g__…)")
        value = _number(cols[2], f"line {number}", "relative_abundance")
        taxids = cols[1].split("|")
        lineage = tuple(c.partition("__")[2].replace("_", " ") for c in clade)
        taxa.append(
            Taxon(taxon.replace("_", " "), PREFIX_RANK[prefix], value, _taxid(taxids[-1]), lineage)
        )
    if not taxa:
        raise MicrobiomeFormatError("no taxa found: is this a MetaPhlAn profile?")
    return [Profile(name, "metaphlan", "cell_fraction", tuple(taxa), db_version)]


def read_kraken2(text: str, name: str = "sample", source: str = "kraken2") -> list[Profile]:
    """Kraken 2 report (6 columns, or 8 with minimizers); Bracken ``-w`` reports too.

    Values are clade read counts (column 2) at the standard ranks; ``G2``, ``S1`` and other
    intermediate ranks are kept out of diversity.
    """
    taxa: list[Taxon] = []
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) not in (6, 8):
            raise MicrobiomeFormatError(
                f"line {number}: a Kraken 2 report has 6 (or 8) tab-separated columns, "
                f"found {len(cols)}"
            )
        clade_reads = _number(cols[1], f"line {number}", "clade read count")
        rank_code, taxid = cols[-3].strip(), cols[-2].strip()
        raw_name = cols[-1]
        depth = (len(raw_name) - len(raw_name.lstrip(" "))) // 2
        taxon_name = raw_name.strip()
        while stack and stack[-1][0] >= depth:
            stack.pop()
        stack.append((depth, taxon_name))
        if rank_code in KRAKEN_RANK:
            lineage = tuple(n for _, n in stack)
            taxa.append(
                Taxon(taxon_name, KRAKEN_RANK[rank_code], clade_reads, _taxid(taxid), lineage)
            )
    if not taxa:
        raise MicrobiomeFormatError("no ranked taxa found: is this a Kraken 2 report?")
    return [Profile(name, source, "read_count", tuple(taxa))]


BRACKEN_HEADER = (
    "name",
    "taxonomy_id",
    "taxonomy_lvl",
    "kraken_assigned_reads",
    "added_reads",
    "new_est_reads",
    "fraction_total_reads",
)


def read_bracken(text: str, name: str = "sample") -> list[Profile]:
    """Bracken ``-o`` table (re-estimated reads at one level) or its ``-w`` Kraken-style report."""
    first = text.lstrip().split("\n", 1)[0]
    if not first.lower().startswith("name\t"):
        return read_kraken2(text, name, source="bracken")
    rows = csv.reader(io.StringIO(text), delimiter="\t")
    header = [h.strip().lower() for h in next(rows)]
    missing = [h for h in BRACKEN_HEADER if h not in header]
    if missing:
        raise MicrobiomeFormatError(f"line 1: Bracken header lacks {', '.join(missing)}")
    at = {h: header.index(h) for h in BRACKEN_HEADER}
    taxa = []
    for number, cols in enumerate(rows, start=2):
        if not cols or not "".join(cols).strip():
            continue
        if len(cols) < len(header):
            raise MicrobiomeFormatError(f"line {number}: expected {len(header)} columns")
        level = cols[at["taxonomy_lvl"]].strip()
        rank = KRAKEN_RANK.get(level)
        if rank is None:
            raise MicrobiomeFormatError(
                f"line {number}: taxonomy level {level!r} is not one of DKPCOFGS"
            )
        reads = _number(cols[at["new_est_reads"]], f"line {number}", "new_est_reads")
        taxa.append(Taxon(cols[at["name"]].strip(), rank, reads, _taxid(cols[at["taxonomy_id"]])))
    if not taxa:
        raise MicrobiomeFormatError("the Bracken table has no rows")
    return [Profile(name, "bracken", "read_count", tuple(taxa))]


def read_csv(text: str, name: str = "sample") -> list[Profile]:
    """Generic consumer export: ``taxid,name,abundance`` (+ optional ``rank``) with a header."""
    rows = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in rows.fieldnames or []]
    if not {"name", "abundance"} <= set(fields):
        raise MicrobiomeFormatError("line 1: the CSV needs the columns taxid,name,abundance[,rank]")
    taxa = []
    for number, raw in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        if not row.get("name"):
            raise MicrobiomeFormatError(f"line {number}: name is empty")
        value = _number(row["abundance"], f"line {number}", "abundance")
        rank = (row.get("rank") or "").lower() or ("species" if " " in row["name"] else "genus")
        taxa.append(Taxon(row["name"], rank, value, _taxid(row.get("taxid", ""))))
    if not taxa:
        raise MicrobiomeFormatError("the CSV has no rows")
    return [Profile(name, "csv", "relative", tuple(taxa))]


def read_biom(path: Path) -> list[Profile]:
    """BIOM 1.0 JSON or 2.1 HDF5 via ``biom-format``; one profile per sample column.

    Observation ids are named by their taxonomy metadata when present (the finest level,
    e.g. ``s__Bifidobacterium adolescentis``), else by the id itself.
    """
    from biom import load_table

    try:
        table = load_table(str(path))
    except Exception as exc:  # biom raises TypeError/ValueError/OSError variants
        raise MicrobiomeFormatError(f"not a readable BIOM table: {exc}") from None
    names: list[tuple[str, str, tuple[str, ...]]] = []
    for obs_id in table.ids(axis="observation"):
        meta = table.metadata(obs_id, axis="observation") or {}
        lineage = meta.get("taxonomy") if isinstance(meta, dict) else None
        names.append(_biom_name(str(obs_id), lineage))
    profiles = []
    for sample in table.ids(axis="sample"):
        values = table.data(sample, axis="sample", dense=True)
        taxa = tuple(
            Taxon(name, rank, float(v), None, lineage)
            for (name, rank, lineage), v in zip(names, values, strict=True)
        )
        profiles.append(Profile(str(sample), "biom", "count", taxa, str(table.generated_by or "")))
    if not profiles:
        raise MicrobiomeFormatError("the BIOM table has no samples")
    return profiles


def _biom_name(obs_id: str, lineage: object) -> tuple[str, str, tuple[str, ...]]:
    if isinstance(lineage, str):
        lineage = [p.strip() for p in re.split(r"[;|]", lineage)]
    if not isinstance(lineage, list | tuple) or not lineage:
        return obs_id, "species", ()
    levels = [str(level).strip() for level in lineage if str(level).strip()]
    named = [lvl for lvl in levels if lvl.partition("__")[2].strip()]
    last = named[-1] if named else levels[-1]
    prefix, _, taxon = last.partition("__")
    rank = PREFIX_RANK.get(prefix.strip().lower(), "species")
    clean = tuple(lvl.partition("__")[2].strip() or lvl for lvl in named)
    return (taxon.strip() or obs_id).replace("_", " "), rank, clean


def detect_format(path: Path, head: str) -> str:
    """Guess the format from the file name and its first lines."""
    suffix = path.name.lower()
    if suffix.endswith((".biom", ".biom.json", ".h5", ".hdf5")) or head.startswith("\x89HDF"):
        return "biom"
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    if '"format": "Biological Observation Matrix' in head or '"format":"Biological' in head:
        return "biom"
    if "clade_name" in head or first.startswith("k__") or "|s__" in head or "|g__" in head:
        return "metaphlan"
    if first.lower().startswith("name\ttaxonomy_id"):
        return "bracken"
    if first.count("\t") in (5, 7) and re.match(r"^\s*\d+(\.\d+)?\t\d+\t\d+\t", first):
        return "kraken2"
    if "," in first and "name" in first.lower():
        return "csv"
    raise MicrobiomeFormatError(
        f"{path.name}: format not recognised; give one of {', '.join(FORMATS)} with --format"
    )


_TEXT_READERS: dict[str, Callable[[str, str], list[Profile]]] = {
    "metaphlan": read_metaphlan,
    "kraken2": read_kraken2,
    "bracken": read_bracken,
    "csv": read_csv,
}


def read_profiles(path: Path, fmt: str | None = None) -> list[Profile]:
    """Read a file in any supported format (detected unless ``fmt`` is given)."""
    if not path.is_file():
        raise MicrobiomeFormatError(f"{path}: no such file")
    raw = path.read_bytes()
    head = raw[:4096].decode("utf-8", errors="replace")
    chosen = fmt or detect_format(path, head)
    if chosen not in FORMATS:
        raise MicrobiomeFormatError(f"unknown format {chosen!r}: use one of {', '.join(FORMATS)}")
    if chosen == "biom":
        return read_biom(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MicrobiomeFormatError(f"{path.name}: not UTF-8 text") from None
    stem = path.name.split(".")[0]
    return _TEXT_READERS[chosen](text, stem)
