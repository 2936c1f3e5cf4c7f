"""Values as other apps write them (severity words, doses, helpfulness, Bristol types, UTC
offsets), shared by the Migraine Buddy, Bearable and mySymptoms formats."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from gutbrain.io.app_csv import number, split_list

#: Severity words → 0–10 (band midpoints mild 1–3, moderate 4–6, severe 7–10; as
#: io.health_samples); "extreme"/"unbearable" is the top of the scale.
SEVERITY_WORDS = {"none": 0, "mild": 2, "low": 2, "moderate": 5, "medium": 5, "severe": 8,
                  "high": 8, "extreme": 10, "unbearable": 10, "very severe": 10}  # fmt: skip
#: Bearable rates symptoms 0–4 (none, mild, moderate, severe, unbearable).
BEARABLE_SEVERITY = {0: 0, 1: 2, 2: 5, 3: 8, 4: 10}
SYMPTOM_TAGS = {
    "sensitivity to light": "photophobia", "light sensitivity": "photophobia",
    "sensitivity to sound": "phonophobia", "sound sensitivity": "phonophobia",
    "noise sensitivity": "phonophobia", "sensitivity to smell": "osmophobia",
    "smell sensitivity": "osmophobia", "throbbing": "pulsating", "pulsating pain": "pulsating",
    "tiredness": "fatigue", "one side": "unilateral", "stiff neck": "neck pain",
}  # fmt: skip
EFFECTS = (("not helpful", "none"), ("unhelpful", "none"), ("didn't help", "none"),
           ("no effect", "none"), ("no relief", "none"), ("somewhat", "some"),
           ("a little", "some"), ("partly", "some"), ("complete", "complete"),
           ("very helpful", "good"), ("helpful", "good"), ("helped", "good"))  # fmt: skip
DOSE = re.compile(r"^(.*?)\s*(\d+(?:[.,]\d+)?)\s*(mg|g|mcg|µg|ml|iu|units?|tablets?|pills?)$", re.I)
QUANTITY = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([^\d\s].*)?$")
BRISTOL = re.compile(r"(?:type|bristol)\s*(\d)", re.I)


def is_headache(name: str) -> bool:
    lowered = name.lower()
    return "migraine" in lowered or "headache" in lowered


def severity(text: str, what: str = "intensity") -> int | None:
    """A 0–10 intensity from a word (mild, severe, …) or a number 0–10."""
    raw = text.strip().lower()
    if not raw:
        return None
    if raw in SEVERITY_WORDS:
        return SEVERITY_WORDS[raw]
    value = number(raw, what)
    if value is None or value != int(value) or not 0 <= value <= 10:
        raise ValueError(f"{what} {text.strip()!r} is not a word like mild/severe or 0–10")
    return int(value)


def symptom_tags(text: str) -> list[str]:
    return [SYMPTOM_TAGS.get(s.lower(), s.lower()) for s in split_list(text)]


def dose(text: str) -> tuple[str, float | None, str | None]:
    """``Sumatriptan 50mg`` → ("Sumatriptan", 50, "mg")."""
    match = DOSE.match(text.strip())
    if not match:
        return text.strip(), None, None
    return (
        match.group(1).strip() or text.strip(),
        float(match.group(2).replace(",", ".")),
        match.group(3).lower(),
    )


def medication_effect(text: str) -> tuple[str, str | None]:
    """``Sumatriptan 50mg (helpful)`` → ("Sumatriptan 50mg", "good")."""
    match = re.match(r"^(.*?)\s*\(([^)]*)\)\s*$", text)
    if not match:
        return text.strip(), None
    said = match.group(2).lower()
    return match.group(1).strip(), next((e for word, e in EFFECTS if word in said), None)


def yes(text: str) -> bool:
    return text.strip().lower() not in ("", "no", "none", "false", "0", "n")


_SUFFIX = re.compile(r"^(.*?)\s*\((none|mild|moderate|severe|extreme|unbearable|very severe)\)\s*$",
                     re.I)  # fmt: skip


def severity_suffix(text: str) -> tuple[str, str | None]:
    """``Bloating (Mild)`` → ("Bloating", "mild"); a name without one is returned as is."""
    match = _SUFFIX.match(text.strip())
    if not match:
        return text.strip(), None
    return match.group(1).strip(), match.group(2).lower()


def offset_zone(local: datetime, minutes_east: str, diary_tz: str) -> tuple[datetime, str]:
    """A wall-clock time written with its UTC offset in minutes (Migraine Buddy): the exact
    instant, and the zone to show it in — the diary's when its offset matches, else a
    fixed-offset ``Etc/GMT±h`` zone, so an attack abroad keeps its local day and hour."""
    offset = number(minutes_east, "UTC offset")
    if offset is None:
        return local, diary_tz
    if offset != int(offset) or abs(offset) > 18 * 60:
        raise ValueError(f"UTC offset {minutes_east.strip()!r} is not a whole number of minutes")
    instant = (local.replace(tzinfo=None) - timedelta(minutes=offset)).replace(
        tzinfo=ZoneInfo("UTC")
    )
    diary_offset = instant.astimezone(ZoneInfo(diary_tz)).utcoffset()
    if diary_offset == timedelta(minutes=offset) or offset % 60:
        return instant, diary_tz
    hours = int(offset // 60)
    return instant, "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
