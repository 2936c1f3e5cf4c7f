"""Numbers in words the way a person reads them, shared by every face (pages, PDF, CLI):
"1 day" and "2 days", never "1 days"; "p < 0.001", never "p = 0.000"."""

from __future__ import annotations

import math
from typing import Any

#: Below this a p-value is written as a bound: more digits would claim precision an exact or
#: asymptotic test on a diary does not have.
P_FLOOR = 0.001

_IRREGULAR = {"entry": "entries", "day of": "days of", "is": "are", "was": "were"}


def count(n: object, word: str, plural: str | None = None) -> str:
    """``count(1, "day")`` → "1 day"; ``count(3, "entry")`` → "3 entries".

    ``n`` may be a number or its text (``"2.5"``); anything else is written as is, plural.
    """
    many = plural or _IRREGULAR.get(word) or f"{word}s"
    try:
        one = float(str(n)) == 1
    except ValueError:
        one = False
    shown = f"{n:g}" if isinstance(n, float) else str(n)
    return f"{shown} {word if one else many}"


def pvalue(p: float | None, name: str = "p") -> str:
    """``"p = 0.012"``, ``"p < 0.001"``, ``"p = 0.31"``; "p not computable" for None."""
    if p is None:
        return f"{name} not computable"
    if p < P_FLOOR:
        return f"{name} < {P_FLOOR:g}"
    return f"{name} = {p:.3f}" if p < 0.1 else f"{name} = {p:.2f}"


def clock(minute: int | None) -> str:
    """ "19:30" for a minute of the day ("?" when unknown)."""
    return "?" if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"


def _finite(x: float | None) -> bool:
    return x is not None and not math.isinf(x) and not math.isnan(x)


def ratio_ci(ratio: float | None, low: float | None, high: float | None) -> str:
    """A ratio with its 95 % CI in words, never "∞": "0.75 (0.27–2.19)"; with no attacks on
    the comparison days "not estimable (95% CI from 1.20, no upper limit)"; with no attacks at
    all "not estimable yet: no attacks to compare"."""
    if not _finite(ratio) and (low is None or low == 0) and not _finite(high):
        return "not estimable yet: no attacks to compare"
    lo = "–" if low is None else f"{low:.2f}"
    if not _finite(ratio):
        return f"not estimable (95% CI from {lo}, no upper limit)"
    if not _finite(high):
        return f"{ratio:.2f} (95% CI from {lo}, no upper limit)"
    return f"{ratio:.2f} ({lo}–{high:.2f})"


def ratio_of(row: Any) -> str:
    """:func:`ratio_ci` of a record or a JSON mapping with ``rr`` (or ``ratio``), ``ci_low``
    and ``ci_high``."""
    if row is None:
        return "–"
    get = row.get if isinstance(row, dict) else lambda k, d=None: getattr(row, k, d)
    ratio = get("ratio", get("rr"))
    return ratio_ci(ratio, get("ci_low"), get("ci_high"))


def ratio_number(x: float | None) -> str:
    """A risk ratio for reading, the same in text and plots: two significant figures
    ("2.4", "0.81"); "–" when not estimable."""
    if not _finite(x):
        return "–"
    assert x is not None
    return f"{x:.1f}" if x >= 0.95 else f"{x:.2f}"


def ratio_word(rr: float | None) -> str:
    """A risk ratio as a person says it: "about 2.4 times as often", "about as often"."""
    if not _finite(rr):
        return "more often, by a factor the data cannot pin down,"
    assert rr is not None
    if 0.9 <= rr <= 1.1:
        return "about as often"
    return f"about {ratio_number(rr)} times as often"
