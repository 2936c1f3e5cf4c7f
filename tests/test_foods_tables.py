"""The shipped data files load, stay consistent, and a broken row is named precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gutbrain.foods.tables import FoodDataError, data_dir, load_tables


def test_shipped_tables_and_attribution() -> None:
    tables = load_tables()
    assert len(tables.fdc) == 7710
    assert tables.fdc[172421].fiber_g == 7.9  # lentils, cooked: 1 cup = 198 g → 15.6 g
    assert any(p.unit == "cup" and p.gram_weight == 198 for p in tables.portions[172421])
    readme = (data_dir() / "fdc" / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme and "FoodData Central" in readme
    assert all(rule.source and rule.grade for rule in tables.rules)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_tag_without_source_is_refused(data_copy: Path) -> None:
    _break(
        data_copy / "components.csv", '"Duelo A et al. Ann Nutr Metab 2018;73(suppl 2) (wine)"', ""
    )
    with pytest.raises(FoodDataError, match=r"components.csv line \d+: every tag needs"):
        load_tables(data_copy)


def test_a_wrong_fdc_id_is_refused(data_copy: Path) -> None:
    _break(data_copy / "everyday.csv", ",173190,", ",999999,")
    with pytest.raises(FoodDataError, match=r"everyday.csv line 4: fdc_id 999999"):
        load_tables(data_copy)


def test_a_composite_with_an_unknown_part_is_refused(data_copy: Path) -> None:
    _break(
        data_copy / "composites.csv", "pepperoni pizza,pepperoni,15", "pepperoni pizza,unicorn,15"
    )
    with pytest.raises(FoodDataError, match=r"composites.csv line 4: .*unicorn"):
        load_tables(data_copy)
