"""Numbers in words the way a person reads them, shared by every face (pages, PDF, CLI):
"1 day" and "2 days", never "1 days"; "p < 0.001", never "p = 0.000"."""

from __future__ import annotations

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
