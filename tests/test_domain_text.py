"""Numbers in words: no "1 days", no "p = 0.000"."""

from __future__ import annotations

import pytest

from gutbrain.domain.text import count, pvalue


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [(1, "day", "1 day"), (0, "day", "0 days"), (2, "day", "2 days"), ("1", "week", "1 week"),
     (1.0, "month", "1 month"), (2.5, "day", "2.5 days"), (3, "entry", "3 entries"),
     ("–", "day", "– days")],
)  # fmt: skip
def test_count(n: object, word: str, expected: str) -> None:
    assert count(n, word) == expected


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.0, "p < 0.001"), (0.00004, "p < 0.001"), (0.001, "p = 0.001"), (0.0123, "p = 0.012"),
     (0.31, "p = 0.31"), (None, "p not computable")],
)  # fmt: skip
def test_pvalue(p: float | None, expected: str) -> None:
    assert pvalue(p) == expected


def test_pages_say_one_day_not_one_days() -> None:
    from gutbrain.web.render import make_templates

    env = make_templates().env
    out = env.from_string('{{ 1|count("day") }} kept · {{ 0.00001|pval }}').render()
    assert out == "1 day kept · p &lt; 0.001"  # escaped as HTML, as it must be


def test_ratio_ci_never_prints_infinity() -> None:
    import math

    from gutbrain.domain.text import ratio_ci, ratio_number

    assert ratio_ci(0.75, 0.27, 2.19) == "0.75 (0.27–2.19)"
    assert ratio_ci(None, 1.2, None) == "not estimable (95% CI from 1.20, no upper limit)"
    assert ratio_ci(math.inf, 1.2, math.inf) == "not estimable (95% CI from 1.20, no upper limit)"
    assert ratio_ci(3.0, 1.2, None) == "3.00 (95% CI from 1.20, no upper limit)"
    assert ratio_ci(None, 0.0, None) == "not estimable yet: no attacks to compare"
    assert ratio_number(0.951) == ratio_number(1.0) == "1.0"
    assert ratio_number(0.08) == "0.08" and ratio_number(None) == "–"
