"""Factors that are also known premonitory (prodromal) symptoms of a migraine attack.

Karsan 2021 (J Neurol 268:1885) found patient-perceived triggers agreeing with premonitory
symptoms: food cravings ↔ food triggers, photophobia ↔ light, phonophobia ↔ sound, mood change
↔ stress; Marmura 2018: "neck pain, fatigue, and sensitivity to lights, sounds, or odors may
mimic triggers"; Nowaczewska 2020: chocolate craving may be premonitory (statistics.md §1.6).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from gutbrain.domain.names import normalise_name

_CRAVING = (
    "food cravings (sweets, chocolate) are a known early symptom of an attack "
    "(Karsan 2021; Nowaczewska 2020)"
)
_FATIGUE = "tiredness and yawning are known early symptoms of an attack (Marmura 2018)"
_NECK = "neck pain or stiffness is a known early symptom of an attack (Marmura 2018)"
_SENSES = (
    "sensitivity to light, sound or smells is a known early symptom of an attack "
    "(Karsan 2021; Marmura 2018)"
)
_MOOD = "mood change is a known early symptom of an attack (Karsan 2021)"

#: Name fragments → why the factor may be an early symptom rather than a trigger.
PREMONITORY: Mapping[str, str] = {
    "chocolate": _CRAVING, "cocoa": _CRAVING, "sweets": _CRAVING,
    "candy": _CRAVING, "sugar": _CRAVING, "dessert": _CRAVING, "cake": _CRAVING,
    "cookie": _CRAVING, "biscuit": _CRAVING, "ice cream": _CRAVING, "craving": _CRAVING,
    "pastry": _CRAVING, "pastries": _CRAVING, "donut": _CRAVING, "doughnut": _CRAVING,
    "brownie": _CRAVING, "muffin": _CRAVING, "nutella": _CRAVING, "pudding": _CRAVING,
    "candies": _CRAVING, "candy bar": _CRAVING, "snickers": _CRAVING, "twix": _CRAVING,
    "kitkat": _CRAVING, "kit kat": _CRAVING, "m&m": _CRAVING, "praline": _CRAVING,
    "truffle": _CRAVING, "fudge": _CRAVING, "lollipop": _CRAVING, "gummy": _CRAVING,
    "gummies": _CRAVING, "marshmallow": _CRAVING, "sweet snack": _CRAVING,
    "fatigue": _FATIGUE, "tired": _FATIGUE, "yawn": _FATIGUE, "sleepy": _FATIGUE,
    "exhaust": _FATIGUE,
    "neck": _NECK,
    "light": _SENSES, "photophobia": _SENSES, "noise": _SENSES, "loud": _SENSES,
    "sound": _SENSES, "phonophobia": _SENSES, "smell": _SENSES, "odour": _SENSES,
    "odor": _SENSES, "perfume": _SENSES, "osmophobia": _SENSES,
    "mood": _MOOD, "irritab": _MOOD, "depress": _MOOD, "euphori": _MOOD,
}  # fmt: skip


#: Factor kinds that are eaten or drunk: for them only cravings count ("light beer" is not
#: light sensitivity).
EATEN = frozenset({"food", "drink", "component"})


@lru_cache(maxsize=4096)
def premonitory_reason(factor: str, kind: str = "food") -> str | None:
    """Why ``factor`` may be an early symptom, or None when it is not a known one."""
    name = normalise_name(factor)
    for fragment, why in PREMONITORY.items():
        if kind in EATEN and why is not _CRAVING:
            continue
        if re.search(rf"\b{re.escape(fragment)}", name):
            return why
    return None
